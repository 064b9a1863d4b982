"""Pricing parts into charges with a payer, and exact break-evens between two layouts.

Parts are priced with the engine's `price_components`, one part at a time in the catalog of the
region it is billed in: a builder emits one line per tiered rate and payer, so a line's tiers are its
account's regional total. Break-evens reuse the engine's piecewise-linear solver.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from importlib import import_module
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from pl_cost.api import PricesUsed, prices_used
from pl_cost.catalog import Catalog
from pl_cost.components import Kind
from pl_cost.display import Displayable
from pl_cost.engine import Outcome, solve_break_even
from pl_cost.multivpc.components import LARGE, Part, Payer, quantity_text
from pl_cost.pricing import ZERO, price_components

Variable = Literal["consumers", "vpcs", "gb"]
VARIABLE_UNITS: dict[Variable, str] = {"consumers": "consumers", "vpcs": "VPCs", "gb": "GB/month"}
_FROZEN = ConfigDict(frozen=True)


class Charge(BaseModel):
    """One priced charge, who pays it, and where its price comes from."""

    model_config = _FROZEN
    payer: Payer
    region: str
    name: str
    kind: Kind
    quantity: Decimal
    unit: str
    unit_price: Decimal
    monthly: Decimal
    rate: str | None
    tier: int | None = None
    usage_type: str | None = None
    source: str
    source_date: date | None = None
    verified: bool = False
    note: str | None = None


class Costed(BaseModel):
    """A layout's charges with fixed and usage subtotals apart, and what each payer's accounts pay."""

    model_config = _FROZEN
    line_items: list[Charge]
    fixed_monthly: Decimal
    usage_monthly: Decimal
    total_monthly: Decimal
    by_payer: dict[str, Decimal]


class BreakEvenAnswer(BaseModel):
    """Where the cheaper layout flips as one input varies, the others held; solved exactly."""

    model_config = _FROZEN
    variable: Variable
    outcome: Outcome
    break_even: Decimal | None
    crossings: list[Decimal]
    #: For counts: the first whole number at which the layout is strictly cheaper (outcome "above").
    from_count: int | None = None
    summary: str


def price_parts(parts: Iterable[Part], catalog: Catalog) -> list[Charge]:
    """Each part priced in its own region's catalog entry (a missing rate raises MissingRateError)."""
    out: list[Charge] = []
    for part in parts:
        for item in price_components([part.component], catalog, part.region):
            data = item.model_dump(exclude={"path"})
            out.append(Charge(payer=part.payer, region=part.region, **data))
    return out


def costed(parts: Iterable[Part], catalog: Catalog) -> Costed:
    """Priced parts with their subtotals."""
    items = price_parts(parts, catalog)
    fixed = sum((i.monthly for i in items if i.kind == "fixed"), ZERO)
    usage = sum((i.monthly for i in items if i.kind == "usage"), ZERO)
    payers: dict[str, Decimal] = {}
    for item in items:
        payers[item.payer] = payers.get(item.payer, ZERO) + item.monthly
    return Costed(
        line_items=items, fixed_monthly=fixed, usage_monthly=usage, total_monthly=fixed + usage, by_payer=payers
    )


def total(parts: Iterable[Part], catalog: Catalog) -> Decimal:
    """The monthly total of some parts."""
    return sum((i.monthly for i in price_parts(parts, catalog)), ZERO)


def tier_points(build: Callable[[Decimal], Sequence[Part]], catalog: Catalog) -> list[Decimal]:
    """Values of the varied input where a tiered line crosses a tier edge.

    A builder's structure does not depend on the varied input and its tiered quantities are linear in
    it, so two evaluations give each line's slope and intercept.
    """
    at0, at1 = build(Decimal(0)), build(Decimal(1))
    points: list[Decimal] = []
    for p0, p1 in zip(at0, at1, strict=True):
        comp = p0.component
        if comp.rate is None:
            continue
        rate = catalog.rate(p0.region, comp.rate)
        if rate.tiers is None:
            continue
        slope = p1.component.quantity - comp.quantity
        if slope <= 0:
            continue
        for tier in rate.tiers:
            if tier.up_to is not None and tier.up_to > comp.quantity:
                points.append((tier.up_to - comp.quantity) / slope)
    return points


def solve(
    variable: Variable, diff: Callable[[Decimal], Decimal], points: Iterable[Decimal], who: str, against: str
) -> BreakEvenAnswer:
    """Where `diff` (cost of `who` minus cost of `against`) changes sign; `who` is cheaper where it is below 0."""
    grid = sorted({ZERO, *(p for p in points if p > 0)})
    outcome, crossings = solve_break_even(diff, grid)
    point = crossings[-1] if outcome == "above" else crossings[0] if outcome in ("below", "between") else None
    from_count = None
    if point is not None and outcome == "above" and variable != "gb" and point < LARGE:
        from_count = int(point.to_integral_value(rounding=ROUND_FLOOR)) + 1
    return BreakEvenAnswer(
        variable=variable,
        outcome=outcome,
        break_even=point,
        crossings=crossings,
        from_count=from_count,
        summary=_summary(variable, outcome, point, crossings, from_count, who, against),
    )


def where_text(answer: BreakEvenAnswer) -> str:
    """The break-even alone: 'above 37.5 consumers (from 38)', 'at any volume', 'never'."""
    unit = VARIABLE_UNITS[answer.variable]
    if answer.outcome == "always":
        return "at any number" if answer.variable != "gb" else "at any volume"
    if answer.outcome == "never":
        return "never"
    assert answer.break_even is not None
    if answer.outcome == "between":
        low, high = answer.crossings[0], answer.crossings[-1]
        return f"between {quantity_text(low)} and {quantity_text(high)} {unit}"
    text = f"{answer.outcome} {quantity_text(answer.break_even)} {unit}"
    if answer.from_count is not None:
        text += f" (from {answer.from_count:,})"
    return text


def _summary(
    variable: Variable,
    outcome: Outcome,
    point: Decimal | None,
    crossings: list[Decimal],
    from_count: int | None,
    who: str,
    against: str,
) -> str:
    answer = BreakEvenAnswer(
        variable=variable, outcome=outcome, break_even=point, crossings=crossings, from_count=from_count, summary=""
    )
    where = where_text(answer)
    if outcome == "never":
        return f"{who} is never cheaper than {against}"
    return f"{who} is cheaper than {against} {where}"


def prices_for(catalog: Catalog, region: str, items: Iterable[Charge]) -> PricesUsed:
    """Which catalog priced an answer and how old the rates it used are (`api.prices_used`)."""
    return prices_used(catalog, region, items)


class MultiVpcResult(Displayable):
    """A many-VPC answer: shown in Jupyter like every result (`pl_cost.render`); its records come from this
    package's renderer."""

    def to_records(self) -> list[dict[str, Any]]:
        """The result's main table as a list of dicts (one per row), values exact."""
        return list(import_module("pl_cost.multivpc.render").records(self))


class CurvePoint(BaseModel):
    """Each series' monthly cost at one value of the varied input."""

    model_config = _FROZEN
    x: Decimal
    monthly: dict[str, Decimal]


class CurveMark(BaseModel):
    """A break-even to mark on a chart."""

    model_config = _FROZEN
    x: Decimal
    label: str


class Curves(BaseModel):
    """Cost against consumers or VPCs: exact, since every series is linear between the points given."""

    model_config = _FROZEN
    schema_name: str = "pl-cost/curves-many-vpcs"
    schema_version: int = 1
    variable: Variable
    title: str
    current: Decimal
    points: list[CurvePoint]
    marks: list[CurveMark]


def curve_points(
    series: dict[str, Callable[[Decimal], Decimal]], xs: Iterable[Decimal], top: Decimal
) -> list[CurvePoint]:
    """Every series evaluated at the sorted distinct values of `xs` from 0 to `top`."""
    grid = sorted({ZERO, top, *(x for x in xs if 0 <= x <= top)})
    return [CurvePoint(x=x, monthly={name: cost(x) for name, cost in series.items()}) for x in grid]
