"""`pl-cost recommend` takes an organisation profile as well as workload profiles."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import hcl2
import pytest

from pl_cost.catalog import Catalog
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
ORG = Path(__file__).parent / "profiles" / "organisation.yaml"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_recommend_plans_an_organisation(cli: Cli, fmt: str) -> None:
    result = cli("recommend", str(ORG), "--format", fmt)
    assert result.code == 0, result.stderr
    assert "batch" in result.stdout


def test_organisation_plan_totals_are_the_sum_of_its_parts(cli: Cli) -> None:
    data = json.loads(cli("recommend", str(ORG), "--format", "json").stdout)
    hubs = sum(Decimal(h["monthly"]) for h in data["hubs"] if h["used"])
    assert Decimal(data["plan_monthly"]) == sum(Decimal(v["plan_monthly"]) for v in data["vpcs"]) + hubs


def test_organisation_emits_hub_terraform_that_parses(cli: Cli) -> None:
    result = cli("recommend", str(ORG), "--emit", "terraform")
    assert result.code == 0, result.stderr
    hcl2.load(io.StringIO(result.stdout))


def test_organisation_with_other_profiles_or_other_code_is_a_usage_error(cli: Cli) -> None:
    other = Path(__file__).parent / "profiles" / "no-internet.yaml"
    assert cli("recommend", str(ORG), str(other)).code == 2
    assert cli("recommend", str(ORG), "--emit", "cloudformation").code == 2


def test_a_vpc_with_endpoints_in_fewer_azs_gives_back_only_the_hours_it_paid(catalog: Catalog) -> None:
    from pl_cost.multivpc.organisation import plan_organisation

    spoke = {"region": "us-east-1", "azs": 3, "endpoint_azs": 1, "internet_gb_per_month": 50,
             "workloads": ["ssm-session-manager"]}  # fmt: skip
    org = {"name": "few-azs", "vpcs": [{"name": f"v{i}", "attached": True, "profile": spoke} for i in range(6)]}
    plan = plan_organisation(org, catalog)
    hour = catalog.rate("us-east-1", "interface_endpoint_hour").tier_list()[0].price
    for vpc in plan.vpcs:
        own = [i for i in vpc.removed if i.name.startswith("Own endpoint hours")]
        assert own, "the hub should take the Session Manager endpoints"
        assert all(i.monthly == 1 * 730 * hour for i in own)  # one AZ each, as the VPC's own plan paid
        assert vpc.own_plan_monthly == vpc.plan.plan_monthly
