"""Properties of the many-VPC answers that are obviously true: at a break-even both sides are equal, and
no cost falls as GB or VPC (or consumer) counts grow."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pl_cost
from pl_cost.catalog import Catalog, load_catalog
from pl_cost.multivpc.charges import total
from pl_cost.multivpc.connect import ConnectReport, _demand
from pl_cost.multivpc.connect_cost import OPTIONS, option_cost
from pl_cost.multivpc.hub import HubReport, demand_of
from pl_cost.multivpc.hub_cost import difference, every_vpc_parts, hub_parts

R = "us-east-1"
CLOSE = Decimal("1e-15")
NAMES = ["ssm", "ssmmessages", "logs", "sts", "ecr.api", "ecr.dkr", "kms", "secretsmanager"]
CATALOG: Catalog = load_catalog()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

gbs = st.decimals(min_value=0, max_value=20_000, places=2)
hub_inputs = st.fixed_dictionaries(
    {
        "vpcs": st.integers(1, 150),
        "e": st.integers(1, len(NAMES)),
        "azs": st.integers(1, 3),
        "gb": gbs,
        "dns": st.sampled_from(["phz", "profile", "resolver"]),
        "queries": st.sampled_from([0, 5, 300]),
        "nat_gb": st.sampled_from([None, Decimal(0), Decimal(250)]),
    }
)


def _hub(i: dict[str, Any]) -> HubReport:
    return pl_cost.hub(
        i["vpcs"],
        NAMES[: i["e"]],
        i["azs"],
        R,
        gb=i["gb"],
        dns=i["dns"],
        dns_queries=i["queries"],
        nat_gb=i["nat_gb"],
        catalog=CATALOG,
    )


@SETTINGS
@given(hub_inputs)
def test_at_the_hub_break_even_both_sides_are_equal(i: dict[str, Any]) -> None:
    report = _hub(i)
    d = demand_of(report.inputs)
    for name, s in report.situations.items():
        for n in s.vpcs.crossings:
            assert abs(difference(d.with_vpcs(n), name, CATALOG)) < CLOSE
        for x in s.gb.crossings:
            assert abs(difference(d.with_gb(x), name, CATALOG)) < CLOSE


@SETTINGS
@given(hub_inputs, st.integers(0, 300), gbs)
def test_hub_costs_never_fall_as_vpcs_or_gb_grow(i: dict[str, Any], more_vpcs: int, more_gb: Decimal) -> None:
    d = demand_of(_hub(i).inputs)
    for layout in (every_vpc_parts, hub_parts):
        base = total(layout(d), CATALOG)
        assert total(layout(d.with_vpcs(d.vpcs + more_vpcs)), CATALOG) >= base
        assert total(layout(d.with_gb(d.gb + more_gb)), CATALOG) >= base


connect_inputs = st.fixed_dictionaries(
    {
        "consumers": st.integers(1, 200),
        "gb": gbs,
        "azs": st.integers(1, 3),
        "share": st.sampled_from([None, Decimal(0), Decimal("0.5"), Decimal(1)]),
        "new": st.sampled_from([0, 50, 5000]),
        "requests": st.sampled_from([0, 100_000, 5_000_000]),
        "services": st.integers(1, 4),
    }
)


def _connect(i: dict[str, Any]) -> ConnectReport:
    return pl_cost.connect(
        i["consumers"],
        i["gb"],
        i["azs"],
        R,
        cross_az_share=i["share"],
        new_connections_per_second=i["new"],
        requests_per_hour=i["requests"],
        services=i["services"],
        catalog=CATALOG,
    )


@SETTINGS
@given(connect_inputs)
def test_at_a_connect_break_even_both_options_are_equal(i: dict[str, Any]) -> None:
    report = _connect(i)
    d = _demand(report.inputs, CATALOG)
    for pair in report.break_evens:
        for n in pair.consumers.crossings:
            at = d.with_consumers(n)
            assert abs(option_cost(pair.option, at, CATALOG) - option_cost(pair.against, at, CATALOG)) < CLOSE
        for x in pair.gb.crossings:
            at = d.with_gb(x)
            assert abs(option_cost(pair.option, at, CATALOG) - option_cost(pair.against, at, CATALOG)) < CLOSE


@SETTINGS
@given(connect_inputs, st.integers(0, 300), gbs)
def test_connect_costs_never_fall_as_consumers_or_gb_grow(i: dict[str, Any], more: int, more_gb: Decimal) -> None:
    report = _connect(i)
    d = _demand(report.inputs, CATALOG)
    for option in OPTIONS:
        base = option_cost(option, d, CATALOG)
        assert option_cost(option, d.with_consumers(d.consumers + more), CATALOG) >= base
        assert option_cost(option, d.with_gb(d.gb + more_gb), CATALOG) >= base


@SETTINGS
@given(connect_inputs)
def test_connect_models_survive_a_json_round_trip(i: dict[str, Any]) -> None:
    report = _connect(i)
    assert type(report).model_validate_json(report.model_dump_json()) == report
