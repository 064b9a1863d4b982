"""Properties that must hold for any prices, volumes and layouts (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pl_cost
from pl_cost.catalog import Catalog, Tier, catalog_from_data
from pl_cost.engine import Scenario, situation_costs
from pl_cost.pricing import tier_buckets

CENT = Decimal("0.01")
prices = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.2"), places=4)
volumes = st.decimals(min_value=0, max_value=Decimal(10_000_000), places=3)
layouts = st.sampled_from(["per-az", "single", "regional"])
FLAT = ["nat_gateway_hour", "nat_gateway_gb", "regional_nat_gateway_hour", "regional_nat_gateway_gb",
        "interface_endpoint_hour", "public_ipv4_hour", "inter_az_gb"]  # fmt: skip
UNITS = {"nat_gateway_hour": "NAT-hour", "regional_nat_gateway_hour": "NAT-AZ-hour",
         "interface_endpoint_hour": "endpoint-AZ-hour", "public_ipv4_hour": "IP-hour"}  # fmt: skip


@st.composite
def catalogs(draw: Any) -> Catalog:
    """A one-region catalog with random flat prices and 1-3 falling interface-endpoint tiers."""
    rates: dict[str, Any] = {}
    for name in FLAT:
        rates[name] = {"unit": UNITS.get(name, "GB"), "usage_type": name, "price": str(draw(prices)),
                       "source": "test", "source_date": "2026-01-01"}  # fmt: skip
    count = draw(st.integers(1, 3))
    edges = sorted(draw(st.sets(st.integers(1, 5_000_000), min_size=count - 1, max_size=count - 1)))
    tier_prices = sorted((draw(prices) for _ in range(count)), reverse=True)
    tiers = [{"up_to": str(e), "price": str(p)} for e, p in zip([*edges, None], tier_prices, strict=True)]
    tiers[-1]["up_to"] = None
    rates["interface_endpoint_gb"] = {"unit": "GB", "usage_type": "t", "tiers": tiers, "source": "test",
                                      "source_date": "2026-01-01"}  # fmt: skip
    data = {"schema_version": 1, "snapshot_date": "2026-01-01", "regions": {"xx-test-1": {"name": "Test",
            "rates": rates}}}  # fmt: skip
    return catalog_from_data(data, "hypothesis")


def scenario(azs: int, endpoints: int, layout: str, offset: Decimal = Decimal(0)) -> Scenario:
    return Scenario("xx-test-1", azs, endpoints, (), layout, Decimal(730), offset)  # type: ignore[arg-type]


@given(catalogs(), volumes, volumes, st.integers(1, 6), st.integers(1, 8), layouts)
def test_cost_never_falls_as_gb_grows(cat: Catalog, a: Decimal, b: Decimal, azs: int, n: int, layout: str) -> None:
    low, high = sorted((a, b))
    s = scenario(azs, n, layout)
    for situation in ("nat_stays", "nat_goes"):
        lo_nat, lo_ep = situation_costs(s, cat, low, situation)  # type: ignore[arg-type]
        hi_nat, hi_ep = situation_costs(s, cat, high, situation)  # type: ignore[arg-type]
        assert hi_nat >= lo_nat and hi_ep >= lo_ep


@given(catalogs(), volumes, st.integers(1, 6), st.integers(1, 8), st.sampled_from(["per-az", "regional"]))
def test_fixed_cost_is_proportional_to_azs(cat: Catalog, gb: Decimal, azs: int, n: int, layout: str) -> None:
    one = pl_cost.compare(gb, 1, "xx-test-1", endpoints=n, nat=layout, catalog=cat)
    many = pl_cost.compare(gb, azs, "xx-test-1", endpoints=n, nat=layout, catalog=cat)
    assert many.nat_path.fixed_monthly == azs * one.nat_path.fixed_monthly
    assert many.endpoint_path.fixed_monthly == azs * one.endpoint_path.fixed_monthly


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(catalogs(), st.integers(1, 6), st.integers(1, 12), layouts, volumes)
def test_break_even_is_exact_and_the_order_flips(cat: Catalog, azs: int, n: int, layout: str, offset: Decimal) -> None:
    report = pl_cost.break_even(azs, "xx-test-1", endpoints=n, nat=layout, region_endpoint_gb=offset, catalog=cat)
    s = scenario(azs, n, layout, offset)
    for even in (report.rows[0].nat_stays, report.rows[0].nat_goes):

        def diff(gb: Decimal, situation: str = even.situation) -> Decimal:
            nat, ep = situation_costs(s, cat, gb, situation)  # type: ignore[arg-type]
            return ep - nat

        for point in even.crossings:
            assert abs(diff(point)) < CENT
            step = max(point / 1000, Decimal("0.5"))
            before, after = diff(max(point - step, Decimal(0))), diff(point + step)
            assert (before < 0) != (after < 0)
        if even.outcome == "always":
            assert all(diff(g) < 0 for g in (Decimal(1), Decimal(1000), Decimal(10_000_000)))
        if even.outcome == "never":
            assert all(diff(g) >= 0 for g in (Decimal(0), Decimal(1000), Decimal(10_000_000)))
        if even.outcome == "above":
            assert even.break_even_gb is not None
            assert diff(even.break_even_gb + max(even.break_even_gb, Decimal(1))) < 0


@given(st.lists(st.integers(1, 10_000_000), min_size=0, max_size=3, unique=True), volumes, volumes)
def test_tier_buckets_sum_to_the_input(edges: list[int], gb: Decimal, already: Decimal) -> None:
    tiers = [Tier(up_to=Decimal(e), price=Decimal("0.01")) for e in sorted(edges)]
    tiers.append(Tier(up_to=None, price=Decimal("0.004")))
    buckets = tier_buckets(tiers, gb, already)
    assert sum(buckets) == gb
    assert all(b >= 0 for b in buckets)


@given(catalogs(), volumes, st.integers(1, 6), layouts)
def test_comparison_survives_json(cat: Catalog, gb: Decimal, azs: int, layout: str) -> None:
    result = pl_cost.compare(gb, azs, "xx-test-1", nat=layout, catalog=cat)
    assert type(result).model_validate_json(result.model_dump_json()) == result


@given(catalogs(), st.integers(1, 6), st.integers(1, 4))
def test_below_outcome_when_endpoint_data_costs_more_than_nat(cat: Catalog, azs: int, n: int) -> None:
    """If endpoint GB cost more than NAT GB and the NAT goes, endpoints win only below a volume.

    Only when the NAT's fixed cost exceeds the endpoints' hours: with equal or smaller NAT hours the
    endpoints never win (the model promises no "below" then, and the first version of this test did).
    """
    data = cat.model_dump(mode="json")
    rates = data["regions"]["xx-test-1"]["rates"]
    rates["nat_gateway_gb"]["price"] = "0.001"
    rates["interface_endpoint_gb"]["tiers"] = [{"up_to": None, "price": "0.05"}]
    rates["interface_endpoint_hour"]["price"] = "0.0001"
    flipped = catalog_from_data(data, "hypothesis")
    even = pl_cost.break_even(azs, "xx-test-1", endpoints=n, catalog=flipped).rows[0].nat_goes
    hour = {name: Decimal(rates[name]["price"]) for name in ("nat_gateway_hour", "public_ipv4_hour")}
    nat_fixed = azs * 730 * (hour["nat_gateway_hour"] + hour["public_ipv4_hour"])
    if nat_fixed <= n * azs * 730 * Decimal("0.0001"):
        assert even.outcome == "never"
        return
    assert even.outcome == "below" and even.break_even_gb is not None
    s = scenario(azs, n, "per-az")
    nat, ep = situation_costs(s, flipped, even.break_even_gb, "nat_goes")
    assert abs(ep - nat) < CENT
    below = situation_costs(s, flipped, even.break_even_gb / 2, "nat_goes")
    above = situation_costs(s, flipped, even.break_even_gb * 2, "nat_goes")
    assert below[1] < below[0] and above[1] > above[0]


def test_between_outcome_when_tier_prices_rise(catalog: Catalog) -> None:
    """Rising tiers (only a user override can give them) make endpoints cheaper in a band, not 'never'."""
    from pl_cost.catalog import apply_overrides

    rising = (Tier(up_to=Decimal(1000), price=Decimal("0.001")), Tier(up_to=None, price=Decimal("0.1")))
    custom = apply_overrides(catalog, {"interface_endpoint_gb": rising})
    result = pl_cost.compare(500, 1, "us-east-1", catalog=custom)
    stays = result.situations["nat_stays"]
    assert stays.break_even_outcome == "between" and len(stays.crossings) == 2
    low, high = stays.crossings
    s = Scenario("us-east-1", 1, 1, (), "per-az", Decimal(730))

    def diff(gb: Decimal) -> Decimal:
        nat, ep = situation_costs(s, custom, gb, "nat_stays")
        return ep - nat

    assert abs(diff(low)) < CENT and abs(diff(high)) < CENT
    assert diff(low / 2) > 0 and diff((low + high) / 2) < 0 and diff(high * 2) > 0
    assert stays.savings_monthly > 0  # 500 GB sits inside the band


@st.composite
def tiers(draw: Any) -> tuple[Tier, ...]:
    """1-3 tiers with any prices (rising ones too, as a --price override can give)."""
    count = draw(st.integers(1, 3))
    edges = sorted(draw(st.sets(st.integers(1, 5_000_000), min_size=count - 1, max_size=count - 1)))
    bands = [Tier(up_to=Decimal(e), price=draw(prices)) for e in edges]
    return (*bands, Tier(up_to=None, price=draw(prices)))


@given(catalogs(), tiers(), st.lists(volumes, min_size=1, max_size=6), volumes)
def test_splitting_a_flow_never_changes_a_total(
    cat: Catalog, nat_tiers: tuple[Tier, ...], parts: list[Decimal], already: Decimal
) -> None:
    """Tiers belong to the rate: a flow priced whole or in parts costs exactly the same, to the last digit."""
    from pl_cost.catalog import apply_overrides
    from pl_cost.components import Component, per_flow
    from pl_cost.pricing import price_components, subtotal

    tiered = apply_overrides(cat, {"nat_gateway_gb": nat_tiers})
    whole_gb = sum(parts, Decimal(0))
    for rate in ("nat_gateway_gb", "interface_endpoint_gb"):
        whole = [Component("nat", "data", "usage", rate, whole_gb, "GB")]
        split = per_flow(whole, [rate], {f"flow {i}": p for i, p in enumerate(parts)})
        offset = {rate: already}
        one = subtotal(price_components(whole, tiered, "xx-test-1", offset))
        many = subtotal(price_components(split, tiered, "xx-test-1", offset))
        assert one == many


@settings(deadline=None)
@given(st.decimals(min_value=0, max_value=Decimal(100_000), places=4), st.integers(1, 6), layouts,
       st.decimals(min_value=Decimal(1), max_value=Decimal(744), places=2))  # fmt: skip
def test_line_items_shown_add_up_to_the_total_shown(gb: Decimal, azs: int, layout: str, hours: Decimal) -> None:
    """Every line is rounded to the cent for display; each subtotal adds its lines as shown, and a rounding row
    makes the column add up to the total."""
    from pl_cost.formats import render

    result = pl_cost.compare(gb, azs, "us-east-1", nat=layout, hours=hours)
    text = render(result, "table")
    for path, title in ((result.nat_path, "NAT path"), (result.endpoint_path, "Endpoint path")):
        block = text.split("\n" + title, 1)[1].split("\n\n", 1)[0].splitlines()[2:]
        _check_column(block, path.line_items)


@settings(deadline=None, max_examples=40)
@given(st.dictionaries(st.sampled_from(["sts", "kms", "logs", "s3", "sqs"]),
                       st.decimals(min_value=0, max_value=Decimal(50_000), places=4), min_size=1),
       st.integers(1, 3), layouts, st.decimals(min_value=0, max_value=Decimal(5_000), places=4))  # fmt: skip
def test_plan_line_items_shown_add_up_too(
    services: dict[str, Decimal], azs: int, layout: str, internet: Decimal
) -> None:
    from pl_cost.formats import render

    profile = {"region": "us-east-1", "azs": azs, "nat": {"mode": layout}, "internet_gb_per_month": internet}
    plan = pl_cost.recommend({**profile, "services": services})
    block = render(plan, "table").split("\nPlan line item", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    _check_column(block, plan.line_items)


def _check_column(block: list[str], items: Any) -> None:
    rows = [line for line in block if "$" in line.rsplit(None, 1)[-1]]
    shown = [(line.split("  ")[0], _dollars(line.rsplit(None, 1)[1])) for line in rows]
    lines, totals = shown[: len(items)], dict(shown[len(items) :])
    assert [name for name, _ in lines] == [i.name for i in items]
    fixed = sum((v for (_, v), i in zip(lines, items, strict=True) if i.kind == "fixed"), Decimal(0))
    usage = sum((v for (_, v), i in zip(lines, items, strict=True) if i.kind == "usage"), Decimal(0))
    assert totals["Subtotal, fixed"] == fixed and totals["Subtotal, usage"] == usage
    assert fixed + usage + totals.get("Rounding to the cent", Decimal(0)) == totals["Total"]


def _dollars(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", ""))
