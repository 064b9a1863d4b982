"""From the aggregation's grouped rows to charges: quantity, list, unblended, net and credits, by row kind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pl_cost.bill.kinds import role
from pl_cost.bill.model import Charge
from pl_cost.money import plain

#: The unit each charge is billed in.
UNITS = {
    "nat_hours": "NAT-hour",
    "regional_nat_hours": "NAT-AZ-hour",
    "nat_gb": "GB",
    "regional_nat_gb": "GB",
    "endpoint_hours": "endpoint-AZ-hour",
    "endpoint_gb": "GB",
    "tgw_hours": "attachment-hour",
    "tgw_gb": "GB",
    "public_ipv4": "IP-hour",
    "public_ipv4_idle": "IP-hour",
    "internet_out": "GB",
    "internet_in": "GB",
    "inter_az": "GB",
    "inter_region": "GB",
}
NAT_HOURS = ("nat_hours", "regional_nat_hours")
NAT_GB = ("nat_gb", "regional_nat_gb")
NAT_CHARGES = (*NAT_HOURS, *NAT_GB, "nat_other")
_ONE = Decimal(1)
_ZERO = Decimal(0)
PUBLIC_IPV4 = ("public_ipv4", "public_ipv4_idle", "public_ipv4_other")


@dataclass(frozen=True)
class Group:
    """One row of the aggregation: a (period, account, region, resource, charge, usage type, row kind) and its sums."""

    billing_period: str
    account_id: str
    region: str
    resource_id: str | None
    charge: str
    usage_type: str | None
    line_item_type: str | None
    provider: str
    line_items: int
    usage_amount: Decimal | None
    unblended_cost: Decimal | None
    net_unblended_cost: Decimal | None
    net_line_items: int
    public_on_demand_cost: Decimal | None
    total_discount: Decimal | None
    first_usage: str | None
    last_usage: str | None
    bad_numbers: int = 0
    billing_period_end: str | None = None

    @property
    def mode(self) -> str:
        """A NAT charge's availability mode: regional NAT usage types say so."""
        regional = self.charge.startswith("regional_") or "RegionalNatGateway" in (self.usage_type or "")
        return "regional" if regional else "zonal"


def groups_from_rows(rows: Iterable[Sequence[Any]]) -> list[Group]:
    """Rows in RESULT_COLUMNS order (DuckDB's tuples or the Athena CSV's parsed values) as groups."""
    found = []
    for row in rows:
        (period, account, region, resource, charge, usage_type, line_item_type, provider, line_items, amount,
         unblended, net, net_items, listed, discount, first, last, bad, period_end) = row  # fmt: skip
        found.append(
            Group(
                str(period or ""),
                str(account or ""),
                str(region or ""),
                _text(resource),
                str(charge),
                _text(usage_type),
                _text(line_item_type),
                str(provider or ""),
                int(line_items or 0),
                tidy(amount),
                tidy(unblended),
                tidy(net),
                int(net_items or 0),
                tidy(listed),
                tidy(discount),
                _text(first),
                _text(last),
                int(bad or 0),
                _text(period_end),
            )
        )
    return found


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text or None


def tidy(value: Any) -> Decimal | None:
    """An exact decimal without trailing zeros or exponent (0.0450000000 becomes 0.045), None for NULL."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):  # DuckDB's DECIMAL(38, 10): exact, only the trailing zeros go
        return value.quantize(_ONE) if value == value.to_integral_value() else value.normalize()
    return Decimal(plain(Decimal(str(value))))


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the known values; None when none is known."""
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    """A running sum of the known values (None while none is known)."""
    if value is None:
        return total
    return value if total is None else total + value


def charge_of(name: str, groups: Sequence[Group]) -> Charge:
    """One charge from its groups: usage rows give quantity and cost; discounts, credits and negations adjust cost."""
    quantity = _ZERO
    line_items = 0
    unblended = net = list_cost = column_discount = discount_rows = None
    costed = 0
    net_complete = True
    credits = _ZERO
    usage_types: set[str] = set()
    for g in groups:  # one pass: this runs for every charge of every NAT gateway
        line_items += g.line_items
        if g.usage_type:
            usage_types.add(g.usage_type)
        kind = role(g.line_item_type)
        if kind == "usage" or kind == "negation":
            costed += 1
            unblended = _add(unblended, g.unblended_cost)
            net = _add(net, g.net_unblended_cost)
            net_complete = net_complete and g.net_line_items == g.line_items
            if kind == "usage":
                quantity += g.usage_amount or _ZERO
                list_cost = _add(list_cost, g.public_on_demand_cost)
                column_discount = _add(column_discount, g.total_discount)
        elif kind == "discount":
            discount_rows = _add(discount_rows, g.unblended_cost)
        elif kind == "credit":
            credits += g.unblended_cost if g.unblended_cost is not None else g.net_unblended_cost or _ZERO
    if not (costed and net_complete):
        if column_discount is not None and unblended is not None:
            net = unblended + column_discount
        elif unblended is not None:
            net = unblended + (discount_rows or _ZERO)
        else:
            net = None
    return Charge(
        charge=name,
        unit=UNITS.get(name, "(various)"),
        quantity=quantity,
        line_items=line_items,
        list_cost=list_cost,
        unblended_cost=unblended,
        discounts=net - unblended if net is not None and unblended is not None else None,
        net_cost=net,
        credits=credits,
        list_rate=list_cost / quantity if list_cost is not None and quantity else None,
        effective_rate=net / quantity if net is not None and quantity else None,
        usage_types=sorted(usage_types),
    )
