"""Prices components from a catalog: quantity × unit price, with tiers on the region's total."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from pl_cost.catalog import Catalog, Rate, Tier
from pl_cost.components import GATEWAY_ENDPOINT_SOURCE, Component, CostPath, Kind

ZERO = Decimal(0)


class LineItem(BaseModel):
    """One priced charge: what, how much, at what unit price, from which rate and source."""

    model_config = ConfigDict(frozen=True)
    path: CostPath
    name: str
    kind: Kind
    quantity: Decimal
    unit: str
    unit_price: Decimal
    monthly: Decimal
    rate: str | None
    source: str
    tier: int | None = None
    usage_type: str | None = None
    source_date: date | None = None
    verified: bool = False
    note: str | None = None


def tier_buckets(tiers: Sequence[Tier], gb: Decimal, already_gb: Decimal = ZERO) -> list[Decimal]:
    """How many of `gb` fall in each tier when `already_gb` of the total is in use before them."""
    buckets: list[Decimal] = []
    start, end, lower = already_gb, already_gb + gb, ZERO
    for tier in tiers:
        upper = tier.up_to
        low = max(start, lower)
        high = end if upper is None else min(end, upper)
        buckets.append(max(high - low, ZERO))
        if upper is not None:
            lower = upper
    return buckets


def price_components(
    components: Sequence[Component], catalog: Catalog, region: str, region_endpoint_gb: Decimal = ZERO
) -> list[LineItem]:
    """Price each component; tiered GB rates are split on the pooled regional total and allocated back."""
    pooled: dict[str, Decimal] = {}
    for comp in components:
        if comp.tiered and comp.rate is not None:
            pooled[comp.rate] = pooled.get(comp.rate, ZERO) + comp.quantity
    items: list[LineItem] = []
    for comp in components:
        if comp.rate is None:
            items.append(_free_item(comp))
            continue
        rate = catalog.rate(region, comp.rate)
        tiers = rate.tier_list()
        if len(tiers) == 1:
            items.append(_item(comp, rate, comp.name, comp.quantity, tiers[0].price, None))
            continue
        total = pooled.get(comp.rate, comp.quantity)
        offset = region_endpoint_gb if comp.tiered else ZERO
        buckets = tier_buckets(tiers, total, offset)
        used = [(i, b) for i, b in enumerate(buckets) if b > 0] or [(_first_open_tier(tiers, offset), ZERO)]
        for index, bucket in used:
            # Allocate the pooled bucket back to this component by its share of the pooled GB.
            quantity = bucket * comp.quantity / total if total else ZERO
            name = f"{comp.name}, tier {index + 1}" if len(used) > 1 or index else comp.name
            items.append(_item(comp, rate, name, quantity, tiers[index].price, index + 1))
    return items


def _item(comp: Component, rate: Rate, name: str, quantity: Decimal, price: Decimal, tier: int | None) -> LineItem:
    return LineItem(
        path=comp.path, name=name, kind=comp.kind, quantity=quantity, unit=comp.unit, unit_price=price,
        monthly=quantity * price, rate=comp.rate, source=rate.source, tier=tier, usage_type=rate.usage_type,
        source_date=rate.source_date, verified=rate.verified, note=comp.note,
    )  # fmt: skip


def _free_item(comp: Component) -> LineItem:
    return LineItem(
        path=comp.path, name=comp.name, kind=comp.kind, quantity=comp.quantity, unit=comp.unit, unit_price=ZERO,
        monthly=ZERO, rate=None, source=GATEWAY_ENDPOINT_SOURCE, note=comp.note,
    )  # fmt: skip


def _first_open_tier(tiers: Sequence[Tier], offset: Decimal) -> int:
    for index, tier in enumerate(tiers):
        if tier.up_to is None or offset < tier.up_to:
            return index
    return len(tiers) - 1


def subtotal(items: Sequence[LineItem], kind: Kind | None = None) -> Decimal:
    """Sum of monthly cost, optionally of fixed or usage items only."""
    return sum((i.monthly for i in items if kind is None or i.kind == kind), ZERO)
