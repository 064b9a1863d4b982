"""The organisation planner and the hub's Terraform: plans checked against the catalog's unit prices,
and the emitted HCL parsed with python-hcl2."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import hcl2
import pytest
import yaml

import pl_cost
from pl_cost.catalog import Catalog
from pl_cost.errors import UsageError
from pl_cost.multivpc.organisation import OrganisationPlan, is_organisation_profile, plan_organisation
from pl_cost.multivpc.terraform import terraform_for_hub, terraform_for_organisation

R = "us-east-1"
H = Decimal(730)
PROFILES = Path(__file__).parent / "profiles"
WORKLOAD = {
    "region": R,
    "azs": 2,
    "internet_gb_per_month": 100,
    "services": {"logs": 300},
    "workloads": ["ssm-session-manager"],
}


def price(catalog: Catalog, rate: str, region: str = R) -> Decimal:
    return catalog.rate(region, rate).tier_list()[0].price


def org(members: int, others: int, workload: dict[str, Any] | None = None, **hub: Any) -> dict[str, Any]:
    vpcs = [
        {"name": f"app-{i}", "attached": i < members, "profile": dict(workload or WORKLOAD)}
        for i in range(members + others)
    ]
    return {"name": "acme", "hub": hub, "vpcs": vpcs}


def test_an_organisation_profile_has_a_top_level_vpcs_list() -> None:
    assert is_organisation_profile({"vpcs": []})
    assert not is_organisation_profile(WORKLOAD)
    assert not is_organisation_profile([{"vpcs": []}])


def test_attached_vpcs_share_the_hub_and_the_others_keep_their_endpoints(catalog: Catalog) -> None:
    plan = plan_organisation(org(8, 4), catalog)
    (hub,) = plan.hubs
    assert hub.used and set(hub.endpoints) == {"ssm", "ssmmessages", "logs"}
    endpoint_month = 2 * H * price(catalog, "interface_endpoint_hour")
    zone = price(catalog, "route53_private_zone_month")
    logs_saving = 300 * (
        price(catalog, "nat_gateway_gb") - price(catalog, "interface_endpoint_gb") - price(catalog, "tgw_gb")
    )
    # What an unattached VPC would save is less than its attachment, so it keeps its own endpoints.
    assert 2 * endpoint_month + logs_saving < H * price(catalog, "tgw_attachment_hour")
    assert hub.spokes == [f"app-{i}" for i in range(8)]
    # The hub VPC is new: its own attachment is a cost of the hub (hub.attached says otherwise).
    assert hub.monthly == 3 * (endpoint_month + zone) + H * price(catalog, "tgw_attachment_hour")
    assert not hub.attached_today
    for vpc in plan.vpcs:
        if vpc.joins_hub:
            assert vpc.endpoints_via_hub == ["ssm", "ssmmessages"] and vpc.services_via_hub == ["logs"]
            assert vpc.plan_monthly == vpc.own_plan_monthly - 2 * endpoint_month - logs_saving
            assert vpc.endpoints_local == []
        else:
            assert vpc.plan_monthly == vpc.own_plan_monthly
            assert set(vpc.endpoints_local) == {"ssm", "ssmmessages"}
        assert vpc.keeps_nat
    assert plan.plan_monthly == sum(v.plan_monthly for v in plan.vpcs) + hub.monthly
    assert plan.own_plans_monthly == sum(v.own_plan_monthly for v in plan.vpcs)
    assert plan.savings_monthly == plan.baseline_monthly - plan.plan_monthly
    placements = {e.endpoint: e for e in plan.endpoints}
    assert placements["ssm"].placement == "hub" and len(placements["ssm"].via_hub) == 8
    assert len(placements["ssm"].local) == 4


def test_a_vpc_joins_when_it_saves_more_than_its_attachment(catalog: Catalog) -> None:
    heavy = {**WORKLOAD, "workloads": ["ssm-session-manager", "ecs-ec2"]}
    plan = plan_organisation(org(6, 2, heavy), catalog)
    joined = [v for v in plan.vpcs if v.joins_hub and not v.attached_today]
    attachment = H * price(catalog, "tgw_attachment_hour")
    assert [v.name for v in joined] == ["app-6", "app-7"]
    for vpc in joined:
        assert any(i.name == "Transit Gateway attachment" and i.monthly == attachment for i in vpc.added)
        assert vpc.plan_monthly < vpc.own_plan_monthly


def test_no_hub_when_it_cannot_pay_for_itself(catalog: Catalog) -> None:
    plan = plan_organisation(org(1, 3), catalog)
    assert not plan.hubs[0].used and plan.hubs[0].monthly == 0
    assert plan.plan_monthly == plan.own_plans_monthly
    assert all(e.placement == "local" for e in plan.endpoints)


def test_a_new_hub_vpc_pays_its_attachment_and_the_profile(catalog: Catalog) -> None:
    plan = plan_organisation(org(20, 0, dns="profile", attached=False), catalog)
    (hub,) = plan.hubs
    got = {i.name: i.monthly for i in hub.line_items}
    assert got["Transit Gateway attachment (hub VPC)"] == H * price(catalog, "tgw_attachment_hour")
    assert got["Route 53 Profile (first 100 VPC associations)"] == H * price(catalog, "route53_profile_account_hour")


def test_one_hub_per_region(catalog: Catalog) -> None:
    east = org(6, 0)["vpcs"]
    west = [{"name": f"west-{i}", "attached": True, "profile": {**WORKLOAD, "region": "us-west-2"}} for i in range(6)]
    plan = plan_organisation({"vpcs": east + west}, catalog)
    assert [h.region for h in plan.hubs] == [R, "us-west-2"]
    with pytest.raises(UsageError, match="hubs in us-east-1, us-west-2"):
        terraform_for_organisation(plan)
    hcl2.loads(terraform_for_organisation(plan, "us-west-2"))


def test_profiles_by_path_relative_to_the_organisation_file(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "ssm.yaml").write_text((PROFILES / "ssm-required.yaml").read_text())
    data = {"vpcs": [{"name": f"v{i}", "attached": True, "profile": "profiles/ssm.yaml"} for i in range(5)]}
    path = tmp_path / "org.yaml"
    path.write_text(yaml.safe_dump(data))
    plan = plan_organisation(path, catalog)
    assert plan.name == str(path) and len(plan.vpcs) == 5
    assert plan.vpcs[0].plan.profile == "v0"
    assert OrganisationPlan.model_validate_json(plan.model_dump_json()) == plan


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hub": {}}, "an organisation profile needs a top-level 'vpcs' list"),
        ({"vpcs": []}, "vpcs: List should have at least 1 item"),
        (
            {"vpcs": [{"name": "a", "profile": WORKLOAD}, {"name": "a", "profile": WORKLOAD}]},
            "vpcs: each VPC name once",
        ),
        ({"hub": {"dns": "hosts"}, "vpcs": [{"name": "a", "profile": WORKLOAD}]}, "hub.dns: Input should be"),
        ({"vpcs": [{"name": "a", "profile": WORKLOAD, "colour": 1}]}, "vpcs[0].colour: unknown key"),
        ({"vpcs": [{"name": "a", "region": "eu-west-1", "profile": WORKLOAD}]}, "region eu-west-1 differs"),
        ({"vpcs": [{"name": "a", "profile": {**WORKLOAD, "azs": 9}}]}, "vpcs[0] (a).profile"),
        ({"vpcs": [{"name": "a", "profile": "missing.yaml"}]}, "no such profile file"),
    ],
)
def test_bad_organisation_profiles_are_one_usage_error(data: dict[str, Any], message: str, catalog: Catalog) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        plan_organisation(data, catalog)


def test_inline_profiles_take_region_and_azs_from_the_vpc_entry(catalog: Catalog) -> None:
    bare = {"internet_gb_per_month": 10, "services": {"logs": 5}}
    plan = plan_organisation({"vpcs": [{"name": "a", "region": "eu-west-1", "azs": 3, "profile": bare}]}, catalog)
    assert (plan.vpcs[0].region, plan.vpcs[0].azs) == ("eu-west-1", 3)


def _resources(parsed: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for block in parsed.get("resource", []):
        for kind, named in block.items():
            for name, body in named.items():
                found[f"{kind.strip(chr(34))}.{name.strip(chr(34))}"] = body
    return found


@pytest.mark.parametrize("dns", ["phz", "profile", "resolver"])
@pytest.mark.parametrize("azs", [1, 2, 3])
def test_hub_terraform_parses_and_has_every_endpoint_and_its_dns(catalog: Catalog, dns: str, azs: int) -> None:
    names = ["ssm", "ecr.dkr", "logs"]
    report = pl_cost.hub(12, names, azs, R, gb=100, dns=dns, catalog=catalog)
    parsed = hcl2.loads(terraform_for_hub(report))
    resources = _resources(parsed)
    endpoints = {k: v for k, v in resources.items() if k.startswith("aws_vpc_endpoint.")}
    assert len(endpoints) == len(names)
    assert all(v["private_dns_enabled"] is (dns != "phz") for v in endpoints.values())
    variables = {name.strip('"') for block in parsed["variable"] for name in block}
    assert {"hub_vpc_id", "hub_subnet_ids", "spoke_vpc_ids", "spoke_cidrs"} <= variables
    kinds = [k.split(".")[0] for k in resources]
    if dns == "phz":
        assert kinds.count("aws_route53_zone") == kinds.count("aws_route53_record") == len(names)
        assert kinds.count("aws_route53_zone_association") == len(names)
        record = resources["aws_route53_record.ecr_dkr"]
        assert "dns_entry[0].dns_name" in str(record["alias"])
    elif dns == "profile":
        assert kinds.count("aws_route53profiles_resource_association") == len(names)
        assert "aws_route53profiles_association.spokes" in resources
    else:
        assert kinds.count("aws_route53_resolver_endpoint") == 2
        assert kinds.count("aws_route53_resolver_rule") == kinds.count("aws_route53_resolver_rule_association") == 3
    group = resources["aws_security_group.hub_endpoints"]
    assert group["ingress"][0]["from_port"] == 443


def test_terraform_needs_endpoint_names(catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="name the endpoints"):
        terraform_for_hub(pl_cost.hub(12, 3, 2, R, catalog=catalog))


def test_organisation_terraform_is_the_plans_hub(catalog: Catalog) -> None:
    plan = plan_organisation(org(8, 0), catalog)
    resources = _resources(hcl2.loads(terraform_for_organisation(plan)))
    endpoints = sorted(k.split(".")[1] for k in resources if k.startswith("aws_vpc_endpoint."))
    assert endpoints == sorted(e.replace(".", "_") for e in plan.hubs[0].endpoints)
    with pytest.raises(UsageError, match="no endpoint in a hub"):
        terraform_for_organisation(plan_organisation(org(1, 0), catalog))


def test_is_organisation_file(tmp_path: Path) -> None:
    from pl_cost.multivpc.organisation import is_organisation_file

    path = tmp_path / "org.yaml"
    path.write_text(yaml.safe_dump({"vpcs": [{"name": "a", "profile": WORKLOAD}]}))
    assert is_organisation_file(path)
    assert not is_organisation_file(PROFILES / "ssm-required.yaml")
    assert not is_organisation_file(tmp_path / "missing.yaml")
    (tmp_path / "bad.yaml").write_text("vpcs: [")
    assert not is_organisation_file(tmp_path / "bad.yaml")


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_the_plan_renders_in_every_format(catalog: Catalog, fmt: str) -> None:
    from pl_cost.formats import render

    plan = plan_organisation(org(8, 4), catalog)
    text = render(plan, fmt)
    if fmt == "json":
        assert OrganisationPlan.model_validate_json(text) == plan
    elif fmt == "csv":
        assert text.startswith("section,option,payer,item") and "\nendpoint,ssm,,hub," in text
    else:
        joined = text.replace("\n  ", " ")
        assert "app-11" in text and "Hub VPC, us-east-1" in text and "against the VPCs' own plans" in joined
