"""Prices components from a catalog: quantity × unit price, with tiers on the region's total."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    components: Sequence[Component], catalog: Catalog, region: str, already: Mapping[str, Decimal] | None = None
) -> list[LineItem]:
    """Price components; every rate is priced on the pooled total of its lines, then allocated back to them.

    A rate's tiers count the pooled total (AWS tiers interface-endpoint data on the region's total across
    endpoints), with `already` GB of the rate in use before it. Money is allocated after pricing, with the
    remainder on the last line, so splitting a flow into parts never changes a total by even a fraction.
    """
    already = already or {}
    members: dict[tuple[str, str | None], list[int]] = {}
    for index, comp in enumerate(components):
        if comp.rate is not None:
            members.setdefault((comp.rate, comp.to_region), []).append(index)
    priced: dict[int, list[LineItem]] = {}
    for (rate_name, destination), indexes in members.items():
        rate = catalog.rate(region, rate_name).to(destination, region, rate_name)
        tiers = rate.tier_list()
        quantities = [components[i].quantity for i in indexes]
        total = sum(quantities, ZERO)
        offset = already.get(rate_name, ZERO)
        buckets = tier_buckets(tiers, total, offset)
        used = [(i, b) for i, b in enumerate(buckets) if b > 0] or [(_first_open_tier(tiers, offset), ZERO)]
        for tier_index, bucket in used:
            price = tiers[tier_index].price
            amounts = allocate(bucket, quantities)
            money = allocate(bucket * price, quantities)
            tier = tier_index + 1 if len(tiers) > 1 else None
            for index, quantity, monthly in zip(indexes, amounts, money, strict=True):
                comp = components[index]
                name = f"{comp.name}, tier {tier_index + 1}" if len(used) > 1 or tier_index else comp.name
                priced.setdefault(index, []).append(_item(comp, rate, name, quantity, price, monthly, tier))
    items: list[LineItem] = []
    for index, comp in enumerate(components):
        items += priced[index] if comp.rate is not None else [_free_item(comp)]
    return items


#: Shares of an allocated amount are cut to this many places (far below a cent), so their sums stay exact.
ALLOCATION_QUANTUM = Decimal("1e-12")


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`amount` shared in proportion to `weights`, the last weighted share taking the remainder, so the parts
    add up to `amount` exactly."""
    total = sum(weights, ZERO)
    if not total:
        return [ZERO for _ in weights]
    last = max(i for i, w in enumerate(weights) if w)
    if last == 0:
        return [amount, *(ZERO for _ in weights[1:])]
    parts = [_cut(amount * w / total) if i != last else ZERO for i, w in enumerate(weights)]
    parts[last] = amount - sum(parts, ZERO)
    return parts


def _cut(share: Decimal) -> Decimal:
    """An exact share as it is (14.6 stays 14.6); a long one cut to ALLOCATION_QUANTUM so sums stay exact."""
    exponent = share.as_tuple().exponent
    return share.quantize(ALLOCATION_QUANTUM) if isinstance(exponent, int) and exponent < -12 else share


def _item(
    comp: Component, rate: Rate, name: str, quantity: Decimal, price: Decimal, monthly: Decimal, tier: int | None
) -> LineItem:
    return LineItem(
        path=comp.path, name=name, kind=comp.kind, quantity=quantity, unit=comp.unit, unit_price=price,
        monthly=monthly, rate=comp.rate, source=rate.source, tier=tier, usage_type=rate.usage_type,
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
