"""The planner's plan is the cheapest: on small random profiles it equals a brute-force search."""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pl_cost.catalog import Catalog, Tier, apply_overrides, load_catalog
from pl_cost.recommend import Profile, recommend
from pl_cost.recommend.cost import Choice, NatAction, evaluate, flows
from pl_cost.services import service_table

CATALOG = load_catalog()
SERVICES = ["s3", "dynamodb", "ecr", "logs", "sts", "kms", "ssm", "sqs", "codeartifact"]
WORKLOADS = [
    "ssm-session-manager",
    "ecr-image-pull",
    "cloudwatch-agent",
    "secrets-manager-rotation",
    "eks-private-cluster",
]
GB = st.one_of(st.just(Decimal(0)), st.decimals(min_value=0, max_value=4000, places=1))


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(SERVICES), max_size=5, unique=True))
    services: dict[str, Any] = {n: draw(GB) for n in names}
    if "ecr" in services and draw(st.booleans()):
        services["ecr"] = {"pull": draw(GB), "push": draw(GB)}
    azs = draw(st.integers(1, 3))
    workloads = draw(st.lists(st.sampled_from(WORKLOADS), max_size=2, unique=True))
    features = []
    if "eks-private-cluster" in workloads:
        features = draw(st.lists(st.sampled_from(["eks-irsa", "eks-cloudwatch-logs"]), max_size=2, unique=True))
    data = {
        "region": "us-east-1",
        "azs": azs,
        "nat": {"mode": draw(st.sampled_from(["per-az", "single", "regional"])), "allow_fewer": draw(st.booleans())},
        "internet_gb_per_month": draw(st.one_of(st.just(Decimal(0)), GB)),
        "services": services,
        "workloads": workloads,
        "features": features,
        "cross_az_share": draw(st.sampled_from([Decimal(0), Decimal("0.5")])),
        "splits": draw(st.sampled_from([{}, {"ecr": {"s3": Decimal("0.9")}}])),
    }
    if draw(st.booleans()):
        data["endpoint_azs"] = draw(st.integers(1, azs))
    return data


def brute_force(profile: Profile, catalog: Catalog) -> Decimal:
    """Try every NAT action the rules allow with every set of services on interface endpoints."""
    traffic = flows(profile)
    table = service_table()
    choosable = [n for n in traffic.services if not table[n].is_gateway]
    actions: list[NatAction] = ["keep"]
    if profile.nat.allow_fewer and profile.nat.mode != "single":
        actions.append("consolidate")
    # Endpoints in fewer AZs than the workloads only when the profile says so or allows fewer.
    if profile.endpoint_azs is not None:
        counts = [profile.endpoint_azs]
    elif profile.nat.allow_fewer:
        counts = list(range(1, profile.azs + 1))
    else:
        counts = [profile.azs]
    totals = []
    for azs in counts:
        for action in actions:
            for size in range(len(choosable) + 1):
                for subset in combinations(choosable, size):
                    totals.append(evaluate(profile, traffic, Choice(action, frozenset(subset), azs), catalog).total)
        if profile.internet_gb_per_month == 0:
            # Without a NAT every service the workload uses must be reached privately.
            totals.append(evaluate(profile, traffic, Choice("remove", frozenset(choosable), azs), catalog).total)
    return min(totals)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_plan_equals_brute_force(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(data)
    plan = recommend(profile, CATALOG)
    assert plan.exact
    assert plan.plan_monthly == brute_force(profile, CATALOG)


@settings(max_examples=30, deadline=None)
@given(profiles())
def test_plan_never_costs_more_than_today_without_required_bundles(data: dict[str, Any]) -> None:
    plan = recommend({**data, "workloads": [], "features": []}, CATALOG)
    assert plan.savings_monthly >= 0


@settings(max_examples=30, deadline=None)
@given(profiles())
def test_plan_survives_a_json_round_trip(data: dict[str, Any]) -> None:
    from pl_cost.recommend import Plan

    plan = recommend(data, CATALOG)
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


# A NAT GB price in tiers (a private rate card, or --price nat_gateway_gb=P@UP_TO,P) makes services share the
# NAT's tiers: the plan must still be the cheapest, and each break-even must be where both choices cost the same.
TIERED_NAT = apply_overrides(
    CATALOG,
    {"nat_gateway_gb": (Tier(up_to=Decimal(500), price=Decimal("0.045")), Tier(up_to=None, price=Decimal("0.004")))},
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_plan_equals_brute_force_with_a_tiered_nat_price(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(data)
    plan = recommend(profile, TIERED_NAT)
    assert plan.exact
    assert plan.plan_monthly == brute_force(profile, TIERED_NAT)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_break_evens_with_a_tiered_nat_price_are_where_both_choices_cost_the_same(data: dict[str, Any]) -> None:
    data = {**data, "nat": {**data["nat"], "mode": "per-az"}}
    plan = recommend(data, TIERED_NAT)
    if plan.nat.action == "remove":
        return  # the removal break-even compares against the best kept plan; covered by test_recommend
    chosen = {d.service for d in plan.decisions if d.path == "interface"}
    for decision in plan.decisions:
        if decision.break_even_outcome not in ("above", "below") or decision.break_even_gb is None:
            continue
        point = decision.break_even_gb
        services = {**data["services"], decision.service: point}
        if isinstance(data["services"].get(decision.service), dict):
            continue  # a mix of kinds varies in proportion; the plain case is enough here
        varied = Profile.model_validate({**data, "services": services})
        traffic = flows(varied)
        on = Choice(plan_action(plan), frozenset(chosen | {decision.service}), plan.endpoint_azs.count)
        off = Choice(plan_action(plan), frozenset(chosen - {decision.service}), plan.endpoint_azs.count)
        gap = evaluate(varied, traffic, on, TIERED_NAT).total - evaluate(varied, traffic, off, TIERED_NAT).total
        assert abs(gap) < Decimal("1e-6"), (decision.service, point, gap)


def plan_action(plan: Any) -> NatAction:
    return plan.nat.action  # type: ignore[no-any-return]
