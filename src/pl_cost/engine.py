"""The comparison: a NAT path against an endpoint path, in both situations, with exact break-evens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pl_cost.catalog import Catalog
from pl_cost.components import (
    Component,
    NatLayout,
    gateway_endpoint_components,
    interface_endpoint_components,
    nat_components,
)
from pl_cost.money import format_quantity
from pl_cost.pricing import ZERO, LineItem, price_components, subtotal

SituationName = Literal["nat_stays", "nat_goes"]
#: Where endpoints are cheaper: above or below `break_even_gb`, between two crossings (only with tier
#: prices that rise, as a user override can give), never, or always.
Outcome = Literal["above", "below", "between", "never", "always"]
SITUATION_LABELS: dict[SituationName, str] = {
    "nat_stays": "NAT stays (kept for other traffic)",
    "nat_goes": "NAT goes (endpoints replace it)",
}
COMPARE_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Scenario:
    """One VPC's question: how `gb` GB/month of AWS-service traffic reaches the services.

    On the endpoint path `gateway_share` of the GB ride free gateway endpoints (ECR pulls download from
    S3, say) and the rest goes through the interface endpoints, which have an ENI in `endpoint_azs` AZs.
    """

    region: str
    azs: int
    interface_endpoints: tuple[str, ...] | int
    gateway_endpoints: tuple[tuple[str, str | None], ...]
    nat_layout: NatLayout
    hours: Decimal
    region_endpoint_gb: Decimal = ZERO
    gateway_share: Decimal = ZERO
    endpoint_azs: int | None = None
    nat_active_azs: int | None = None

    def nat_path(self, gb: Decimal) -> list[Component]:
        """Today's path: the traffic goes through the NAT layout."""
        return nat_components(self.nat_layout, self.azs, gb, self.hours, self.nat_active_azs)

    def endpoint_path(self, gb: Decimal) -> list[Component]:
        """The alternative: the traffic goes through the endpoints (gateway share first, free)."""
        on_gateways = gb * self.gateway_share
        carries = f"Carries {format_quantity(on_gateways)} GB/month here, at no charge." if on_gateways else None
        gateways = tuple(
            (name, " ".join(text for text in (note, carries) if text) or None) for name, note in self.gateway_endpoints
        )
        return gateway_endpoint_components(gateways) + interface_endpoint_components(
            self.interface_endpoints, self.endpoint_azs or self.azs, gb - on_gateways, self.hours
        )

    def already(self) -> dict[str, Decimal]:
        """GB of each tiered rate in use in the region before this VPC's (the interface-endpoint data tiers)."""
        return {"interface_endpoint_gb": self.region_endpoint_gb} if self.region_endpoint_gb else {}


class PathCost(BaseModel):
    """One path's line items, with fixed and usage subtotals kept apart."""

    model_config = ConfigDict(frozen=True)
    path: Literal["nat", "endpoint"]
    line_items: list[LineItem]
    fixed_monthly: Decimal
    usage_monthly: Decimal
    total_monthly: Decimal


class BreakEven(BaseModel):
    """Where the cheaper side flips, solved exactly from the piecewise-linear costs."""

    model_config = ConfigDict(frozen=True)
    situation: SituationName
    label: str
    outcome: Outcome
    break_even_gb: Decimal | None
    crossings: list[Decimal]
    summary: str


class SituationResult(BaseModel):
    """Monthly totals of both paths in one situation at the given volume, and its break-even."""

    model_config = ConfigDict(frozen=True)
    situation: SituationName
    label: str
    nat_path_monthly: Decimal
    endpoint_path_monthly: Decimal
    savings_monthly: Decimal
    cheaper: Literal["nat", "endpoints", "equal"]
    break_even_gb: Decimal | None
    break_even_outcome: Outcome
    crossings: list[Decimal]
    summary: str


def price_path(scenario: Scenario, catalog: Catalog, gb: Decimal, path: Literal["nat", "endpoint"]) -> PathCost:
    """Price one path at `gb` GB/month."""
    components = scenario.nat_path(gb) if path == "nat" else scenario.endpoint_path(gb)
    items = price_components(components, catalog, scenario.region, scenario.already())
    fixed, usage = subtotal(items, "fixed"), subtotal(items, "usage")
    return PathCost(path=path, line_items=items, fixed_monthly=fixed, usage_monthly=usage, total_monthly=fixed + usage)


def situation_costs(
    scenario: Scenario, catalog: Catalog, gb: Decimal, situation: SituationName
) -> tuple[Decimal, Decimal]:
    """(NAT side, endpoint side) monthly totals at `gb`; when the NAT stays, its fixed cost is on both sides."""
    nat = price_path(scenario, catalog, gb, "nat")
    endpoint = price_path(scenario, catalog, gb, "endpoint")
    kept = nat.fixed_monthly if situation == "nat_stays" else ZERO
    return nat.total_monthly, endpoint.total_monthly + kept


def breakpoints(scenario: Scenario, catalog: Catalog) -> list[Decimal]:
    """Volumes where a path's cost changes slope: the tier edges seen from this VPC's offset."""
    points = {ZERO}
    already = scenario.already()
    for comp in scenario.endpoint_path(Decimal(1)) + scenario.nat_path(Decimal(1)):
        if comp.rate is None or comp.kind != "usage" or not comp.quantity:
            continue
        rate = catalog.rate(scenario.region, comp.rate)
        offset = already.get(comp.rate, ZERO)
        for tier in rate.tier_list():
            if tier.up_to is not None and tier.up_to > offset:
                # A component's GB scale with the volume; its quantity at 1 GB is that scale.
                points.add((tier.up_to - offset) / comp.quantity)
    return sorted(points)


def solve_break_even(diff: Callable[[Decimal], Decimal], points: list[Decimal]) -> tuple[Outcome, list[Decimal]]:
    """Find where `diff` (endpoint side − NAT side), linear between `points`, changes sign.

    Endpoints are cheaper where diff < 0. Returns the outcome and the exact crossing volumes.
    """
    values = [diff(p) for p in points]
    crossings: list[Decimal] = []
    for a, b, da, db in zip(points, points[1:], values, values[1:], strict=False):
        if (da < 0) != (db < 0):
            crossings.append(a + (b - a) * (-da) / (db - da))
    last, at_last = points[-1], values[-1]
    slope = diff(last + 1) - at_last
    cheaper_at_end = slope < 0 or (slope == 0 and at_last < 0)
    if (at_last < 0) != cheaper_at_end:
        crossings.append(last - at_last / slope)
    # A tie at zero volume that turns cheaper at once is "any volume", not a break-even of 0 GB.
    # diff is linear up to the next point, so just after a tie at 0 it has the sign of that point's value.
    after_start = values[1] if len(values) > 1 else slope
    cheaper_at_start = values[0] < 0 or (values[0] == 0 and after_start < 0)
    crossings = [c for c in crossings if c > 0 or not cheaper_at_start]
    if not crossings:
        return ("always" if cheaper_at_start else "never"), []
    if cheaper_at_end:
        return "above", crossings
    # Not cheaper at either end yet cheaper somewhere: a band between two crossings.
    return ("below" if cheaper_at_start else "between"), crossings


def reported_point(outcome: Outcome, crossings: list[Decimal]) -> Decimal | None:
    """The one volume an answer quotes: the last flip for "above", the first for "below" and "between"."""
    if outcome == "above":
        return crossings[-1]
    if outcome in ("below", "between"):
        return crossings[0]
    return None


def break_even_for(scenario: Scenario, catalog: Catalog, situation: SituationName) -> BreakEven:
    """The break-even volume of one situation."""

    def diff(gb: Decimal) -> Decimal:
        nat_side, endpoint_side = situation_costs(scenario, catalog, gb, situation)
        return endpoint_side - nat_side

    outcome, crossings = solve_break_even(diff, breakpoints(scenario, catalog))
    point = reported_point(outcome, crossings)
    return BreakEven(
        situation=situation,
        label=SITUATION_LABELS[situation],
        outcome=outcome,
        break_even_gb=point,
        crossings=crossings,
        summary=_summary(outcome, point, crossings),
    )


#: A volume this close to a crossing is the break-even itself (both choices cost the same there).
AT_CROSSING = Decimal("1e-9")


def at_crossing(gb: Decimal, crossings: Sequence[Decimal]) -> bool:
    """Whether `gb` is one of the break-even volumes, so the answer says "at", not "above" or "below"."""
    return any(abs(gb - c) <= AT_CROSSING for c in crossings)


def cheaper_bands(outcome: Outcome, crossings: Sequence[Decimal]) -> list[tuple[Decimal, Decimal | None]]:
    """The volumes where endpoints are cheaper, as (from, to) bands (to None: no upper end).

    The side is known at the top end from the outcome, and every crossing flips it, so the side at 0 GB
    follows from how many crossings there are.
    """
    if outcome == "always":
        return [(ZERO, None)]
    if outcome == "never":
        return []
    cheaper = (outcome == "above") != (len(crossings) % 2 == 1)  # the side at 0 GB
    bands: list[tuple[Decimal, Decimal | None]] = []
    start = ZERO
    for point in crossings:
        if cheaper:
            bands.append((start, point))
        cheaper, start = not cheaper, point
    if cheaper:
        bands.append((start, None))
    return bands


def bands_text(bands: Sequence[tuple[Decimal, Decimal | None]], unit: str = " GB") -> str:
    """Bands in words: below 10 GB, between 20 and 30 GB, above 40 GB (joined with 'or')."""
    words = []
    for low, high in bands:
        if high is None:
            words.append(f"above {format_quantity(low)}{unit}" if low else "at any volume")
        elif low == 0:
            words.append(f"below {format_quantity(high)}{unit}")
        else:
            words.append(f"between {format_quantity(low)} and {format_quantity(high)}{unit}")
    return " or ".join(words)


def _summary(outcome: Outcome, point: Decimal | None, crossings: list[Decimal]) -> str:
    if outcome == "always":
        return "endpoints are cheaper at any volume"
    if outcome == "never":
        return "endpoints are never cheaper"
    bands = cheaper_bands(outcome, crossings)
    only = "only " if outcome == "between" else ""
    return f"endpoints are cheaper {only}{bands_text(bands, ' GB/month')}"


def situation_result(scenario: Scenario, catalog: Catalog, gb: Decimal, situation: SituationName) -> SituationResult:
    """Both sides' totals at `gb` in one situation, with that situation's break-even."""
    nat_side, endpoint_side = situation_costs(scenario, catalog, gb, situation)
    savings = nat_side - endpoint_side
    even = break_even_for(scenario, catalog, situation)
    return SituationResult(
        situation=situation,
        label=SITUATION_LABELS[situation],
        nat_path_monthly=nat_side,
        endpoint_path_monthly=endpoint_side,
        savings_monthly=savings,
        cheaper="endpoints" if savings > 0 else "nat" if savings < 0 else "equal",
        break_even_gb=even.break_even_gb,
        break_even_outcome=even.outcome,
        crossings=even.crossings,
        summary=even.summary,
    )
