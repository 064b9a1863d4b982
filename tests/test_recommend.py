"""The recommender's Done-when cases, each expectation computed from the catalog's unit prices."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pl_cost.catalog import Catalog
from pl_cost.recommend import Plan, recommend

PROFILES = Path(__file__).parent / "profiles"
HOURS = Decimal(730)


def price(catalog: Catalog, rate: str) -> Decimal:
    """The flat price, or the first tier's, of a us-east-1 rate."""
    return catalog.rate("us-east-1", rate).tier_list()[0].price


def endpoints(plan: Plan) -> set[tuple[str, str]]:
    return {(e.service, e.type) for e in plan.endpoints}


def decision(plan: Plan, service: str) -> Any:
    return next(d for d in plan.decisions if d.service == service)


def logs_break_even(catalog: Catalog, azs: int) -> Decimal:
    """GB/month where one interface endpoint pays with the NAT kept: its hours over the per-GB saving."""
    hours_cost = azs * HOURS * price(catalog, "interface_endpoint_hour")
    per_gb = price(catalog, "nat_gateway_gb") - price(catalog, "interface_endpoint_gb")
    return hours_cost / per_gb


def test_only_s3_and_dynamodb_get_two_gateway_endpoints(catalog: Catalog) -> None:
    plan = recommend(PROFILES / "s3-dynamodb.yaml", catalog)
    assert endpoints(plan) == {("s3", "gateway"), ("dynamodb", "gateway")}
    assert plan.nat.action == "keep"
    assert plan.savings_monthly == (1000 + 200) * price(catalog, "nat_gateway_gb")
    assert {d.path for d in plan.decisions} == {"gateway"}


@pytest.mark.parametrize("azs", [1, 2, 3])
def test_logs_endpoint_exactly_above_its_break_even(catalog: Catalog, azs: int) -> None:
    even = logs_break_even(catalog, azs)
    base = {"region": "us-east-1", "azs": azs, "internet_gb_per_month": 100}
    below = recommend({**base, "services": {"logs": even - Decimal("0.01")}}, catalog)
    above = recommend({**base, "services": {"logs": even + Decimal("0.01")}}, catalog)
    assert ("logs", "interface") not in endpoints(below)
    assert decision(below, "logs").path == "nat"
    assert ("logs", "interface") in endpoints(above)
    assert decision(above, "logs").path == "interface"
    assert decision(above, "logs").break_even_gb == pytest.approx(even)
    assert below.savings_monthly == 0
    assert above.savings_monthly > 0


def test_cross_az_share_costs_nothing_since_privatelink_inter_az_is_free(catalog: Catalog) -> None:
    """Inter-AZ data over PrivateLink is free since 2022-04-01: a cross-AZ share moves no break-even."""
    even = logs_break_even(catalog, 2)
    base = {"region": "us-east-1", "azs": 2, "internet_gb_per_month": 1, "cross_az_share": Decimal("0.5")}
    below = recommend({**base, "services": {"logs": even - 1}}, catalog)
    above = recommend({**base, "services": {"logs": even + 1}}, catalog)
    assert decision(below, "logs").path == "nat"
    assert decision(above, "logs").path == "interface"
    assert decision(above, "logs").break_even_gb == pytest.approx(even)
    assert not any(i.rate == "inter_az_gb" for i in above.line_items)
    assert any("cross_az_share is ignored" in a for a in above.assumptions)


def test_break_even_headroom_says_how_far_traffic_can_move(catalog: Catalog) -> None:
    even = logs_break_even(catalog, 3)
    plan = recommend({"region": "us-east-1", "azs": 3, "internet_gb_per_month": 1, "services": {"logs": 100}}, catalog)
    logs = decision(plan, "logs")
    assert logs.headroom_gb == pytest.approx(even - 100)
    assert logs.flips_if is not None and logs.flips_if.startswith("grows above")


def test_no_internet_and_few_services_removes_the_nat(catalog: Catalog) -> None:
    plan = recommend(PROFILES / "no-internet.yaml", catalog)
    azs = 2
    assert plan.nat.action == "remove"
    assert plan.nat.layout_plan is None
    assert endpoints(plan) == {("s3", "gateway"), ("logs", "interface"), ("sts", "interface")}
    baseline = azs * HOURS * (price(catalog, "nat_gateway_hour") + price(catalog, "public_ipv4_hour")) + (
        500 + 10 + 1
    ) * price(catalog, "nat_gateway_gb")
    planned = 2 * azs * HOURS * price(catalog, "interface_endpoint_hour") + (10 + 1) * price(
        catalog, "interface_endpoint_gb"
    )
    assert plan.baseline_monthly == baseline
    assert plan.plan_monthly == planned
    assert plan.savings_monthly == baseline - planned
    assert {d.path for d in plan.decisions if d.service != "s3"} == {"interface"}


def test_internet_traffic_keeps_the_nat(catalog: Catalog) -> None:
    profile = {"region": "us-east-1", "azs": 2, "internet_gb_per_month": 1, "services": {"logs": 10}}
    plan = recommend(profile, catalog)
    assert plan.nat.action == "keep"
    assert "internet" in plan.nat.reason


def test_ecr_pulls_use_the_s3_gateway_and_no_ecr_endpoints(catalog: Catalog) -> None:
    plan = recommend(PROFILES / "ecr-pulls.yaml", catalog)
    assert endpoints(plan) == {("s3", "gateway")}
    assert plan.nat.action == "keep"
    assert plan.savings_monthly == 2000 * price(catalog, "nat_gateway_gb")
    assert decision(plan, "ecr").path == "nat"
    assert any("ecr" in a and "s3" in a for a in plan.assumptions)


def test_ecr_endpoints_come_when_their_own_traffic_pays(catalog: Catalog) -> None:
    azs, share = 3, Decimal("0.5")
    # Two endpoints (ecr.api, ecr.dkr) must pay for their hours out of the ECR bytes that do not ride S3.
    even = 2 * logs_break_even(catalog, azs) / (1 - share)
    base: dict[str, Any] = {
        "region": "us-east-1",
        "azs": azs,
        "internet_gb_per_month": 5,
        "splits": {"ecr": {"s3": share}},
    }
    below = recommend({**base, "services": {"ecr": even - 1}}, catalog)
    above = recommend({**base, "services": {"ecr": even + 1}}, catalog)
    assert ("ecr.api", "interface") not in endpoints(below)
    assert {("ecr.api", "interface"), ("ecr.dkr", "interface"), ("s3", "gateway")} <= endpoints(above)
    assert decision(above, "ecr").break_even_gb == pytest.approx(even)


def test_required_bundle_is_present_and_costs_show_as_negative_savings(catalog: Catalog) -> None:
    plan = recommend(PROFILES / "ssm-required.yaml", catalog)
    azs = 2
    # SSM Agent 3.3.40.0 and later need no ec2messages endpoint.
    assert endpoints(plan) == {("ssm", "interface"), ("ssmmessages", "interface")}
    assert plan.savings_monthly == -2 * azs * HOURS * price(catalog, "interface_endpoint_hour")
    assert plan.savings_monthly < 0
    assert [b.name for b in plan.bundles] == ["ssm-session-manager"]


def test_endpoints_shared_by_bundles_are_counted_once(catalog: Catalog) -> None:
    profile = {
        "region": "us-east-1",
        "azs": 2,
        "internet_gb_per_month": 1,
        "workloads": ["ecs-fargate", "ecr-image-pull", "eks-private-cluster"],
    }
    plan = recommend(profile, catalog)
    names = [e.service for e in plan.endpoints]
    assert len(names) == len(set(names))
    hours = [i for i in plan.line_items if i.rate == "interface_endpoint_hour"]
    assert len(hours) == sum(1 for e in plan.endpoints if e.type == "interface")


def test_per_az_nat_stays_per_az_unless_allow_fewer(catalog: Catalog) -> None:
    base = {"region": "us-east-1", "azs": 3, "internet_gb_per_month": 10, "services": {"logs": 10}}
    kept = recommend(base, catalog)
    fewer = recommend({**base, "nat": {"mode": "per-az", "allow_fewer": True}}, catalog)
    assert kept.nat.layout_plan == "per-az"
    assert fewer.nat.action == "consolidate"
    assert fewer.nat.layout_plan == "single"
    saved_hours = 2 * HOURS * (price(catalog, "nat_gateway_hour") + price(catalog, "public_ipv4_hour"))
    crossing = (10 + 10) * 2 * Decimal(2) / 3 * price(catalog, "inter_az_gb")
    assert kept.plan_monthly - fewer.plan_monthly == saved_hours - crossing


def test_interface_tiers_apply_to_the_regional_total(catalog: Catalog) -> None:
    tiers = catalog.rate("us-east-1", "interface_endpoint_gb").tier_list()
    edge = tiers[0].up_to
    assert edge is not None
    profile = {
        "region": "us-east-1",
        "azs": 1,
        "internet_gb_per_month": 1,
        "services": {"logs": edge, "kinesis-streams": edge},
    }
    plan = recommend(profile, catalog)
    data = [i for i in plan.line_items if i.rate == "interface_endpoint_gb"]
    assert sum(i.quantity for i in data) == 2 * edge
    assert sum(i.monthly for i in data) == edge * tiers[0].price + edge * tiers[1].price


def test_toml_and_json_profiles_load(catalog: Catalog) -> None:
    toml_plan = recommend(PROFILES / "example.toml", catalog)
    json_plan = recommend(PROFILES / "example.json", catalog)
    assert toml_plan.nat.layout_today == "single"
    assert json_plan.azs == 3


def test_plan_json_keys_and_round_trip(catalog: Catalog) -> None:
    plan = recommend(PROFILES / "example.json", catalog)
    data = json.loads(plan.model_dump_json())
    assert {"baseline_monthly", "plan_monthly", "savings_monthly", "nat", "endpoints", "decisions"} <= set(data)
    assert data["nat"]["action"] in {"keep", "remove", "consolidate"}
    assert all(set(e) >= {"service", "type"} and e["type"] in {"gateway", "interface"} for e in data["endpoints"])
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


def test_advice_covers_the_careful_engineers_checks(catalog: Catalog) -> None:
    plan = recommend(
        {
            "region": "us-east-1",
            "azs": 2,
            "internet_gb_per_month": 0,
            "services": {"s3": 10, "ecr": 10, "sts": 1},
            "workloads": ["ssm-session-manager"],
        },
        catalog,
    )
    checks = {a.check for a in plan.advice}
    assert {
        "vpc-dns-attributes",
        "endpoint-security-group",
        "endpoint-policy",
        "gateway-same-region",
        "s3-interface-dns-option",
        "regional-sts",
        "ecr-pull-through-cache",
    } <= checks
    assert all(a.source.startswith("https://") for a in plan.advice)


def test_every_line_item_carries_its_source(catalog: Catalog) -> None:
    plan = recommend(PROFILES / "example.json", catalog)
    assert all(i.source for i in plan.line_items + plan.baseline_line_items)
    assert plan.plan_monthly == plan.plan_fixed_monthly + plan.plan_usage_monthly


def test_endpoint_hours_add_up_when_the_hour_price_is_tiered() -> None:
    from pl_cost.catalog import Tier, apply_overrides, load_catalog

    low, high, edge = Decimal("0.01"), Decimal("0.005"), Decimal(1000)
    tiered = apply_overrides(
        load_catalog(), {"interface_endpoint_hour": (Tier(up_to=edge, price=low), Tier(up_to=None, price=high))}
    )
    profile = {"region": "us-east-1", "azs": 2, "internet_gb_per_month": 0, "services": {"sts": 100, "kms": 50}}
    plan = recommend(profile, tiered)
    hours = 2 * 2 * Decimal(730)  # two endpoints in two AZs
    expected = edge * low + (hours - edge) * high  # the tiers apply to the region's endpoint-hours together
    per_endpoint = {e.service: e.hours_monthly for e in plan.endpoints if e.type == "interface"}
    assert set(per_endpoint) == {"sts", "kms"}
    assert sum(per_endpoint.values()) == expected
