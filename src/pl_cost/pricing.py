"""Prices components from a catalog: quantity × unit price, with tiers on the region's total."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from pl_cost.catalog import Catalog, Tier
from pl_cost.components import GATEWAY_ENDPOINT_SOURCE, Component, Kind, Path

ZERO = Decimal(0)


class LineItem(BaseModel):
    """One priced charge: what, how much, at what unit price, from which rate and source."""

    model_config = ConfigDict(frozen=True)
    path: Path
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


def tier_buckets(tiers: Sequence[Tier], gb: Decimal, already_gb: Decimal = ZERO) -> list[Decimal]:
    """How many of `gb` fall in each tier when `already_gb` of the total is in use before them."""
    buckets: list[Decimal] = []
    start = already_gb
    end = already_gb + gb
    lower = ZERO
    for tier in tiers:
        upper = tier.up_to_gb
        lo = max(start, lower)
        hi = end if upper is None else min(end, upper)
        buckets.append(max(hi - lo, ZERO))
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
            items.append(
                LineItem(
                    path=comp.path,
                    name=comp.name,
                    kind=comp.kind,
                    quantity=comp.quantity,
                    unit=comp.unit,
                    unit_price=ZERO,
                    monthly=ZERO,
                    rate=None,
                    source=GATEWAY_ENDPOINT_SOURCE,
                    note=comp.note,
                )
            )
            continue
        rate = catalog.rate(region, comp.rate)
        common = dict(
            path=comp.path,
            kind=comp.kind,
            unit=comp.unit,
            rate=comp.rate,
            usage_type=rate.usage_type,
            source=rate.source,
            source_date=rate.source_date,
            verified=rate.verified,
        )
        tiers = rate.tier_list()
        if len(tiers) == 1:
            price = tiers[0].price
            items.append(
                LineItem(
                    name=comp.name,
                    quantity=comp.quantity,
                    unit_price=price,
                    monthly=comp.quantity * price,
                    note=comp.note,
                    **common,
                )
            )
            continue
        total = pooled.get(comp.rate, comp.quantity)
        offset = region_endpoint_gb if comp.tiered else ZERO
        buckets = tier_buckets(tiers, total, offset)
        share = comp.quantity / total if total else ZERO
        used = [(i, b) for i, b in enumerate(buckets) if b > 0] or [(_first_open_tier(tiers, offset), ZERO)]
        for index, bucket in used:
            quantity = bucket * share if total else ZERO
            price = tiers[index].price
            items.append(
                LineItem(
                    name=f"{comp.name} (tier {index + 1})" if len(used) > 1 or index else comp.name,
                    quantity=quantity,
                    unit_price=price,
                    monthly=quantity * price,
                    tier=index + 1,
                    note=comp.note,
                    **common,
                )
            )
    return items


def _first_open_tier(tiers: Sequence[Tier], offset: Decimal) -> int:
    for index, tier in enumerate(tiers):
        if tier.up_to_gb is None or offset < tier.up_to_gb:
            return index
    return len(tiers) - 1


def subtotal(items: Sequence[LineItem], kind: Kind | None = None) -> Decimal:
    """Sum of monthly cost, optionally of fixed or usage items only."""
    return sum((i.monthly for i in items if kind is None or i.kind == kind), ZERO)
