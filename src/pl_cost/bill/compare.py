"""Did it work? Two bills (or two periods of one) side by side per NAT gateway, next to what a plan predicted.

Figures are monthly (each period scaled to hours_per_month) so a 30-day month compares with a 31-day one.
A plan (`pl-cost recommend --format json`, one plan or several) predicts the NAT's GB and NAT cost after;
it is matched to NAT gateways by the NAT or VPC id in its profile's name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pl_cost.bill.aggregate import ids_named
from pl_cost.bill.model import BillReport, NatGatewayBill, Number
from pl_cost.errors import UsageError, brief
from pl_cost.inputs import regular_file
from pl_cost.money import parse_decimal

COMPARE_SCHEMA_VERSION = 1
NAT_RATES = ("nat_gateway_hour", "nat_gateway_gb", "regional_nat_gateway_hour", "regional_nat_gateway_gb")
NAT_GB_RATES = ("nat_gateway_gb", "regional_nat_gateway_gb")
_FROZEN = ConfigDict(frozen=True)
#: A plan is a few kilobytes; a set of plans for an organisation a few megabytes.
MAX_PLAN_BYTES = 64 << 20
#: Dollars or GB a month beyond any organisation (a plan's figures are checked against it).
MAX_FIGURE = Decimal(10) ** 15


class NatChange(BaseModel):
    """One NAT gateway before and after: hours, GB and net cost in each period, and per month."""

    model_config = _FROZEN
    resource_id: str
    nat_gateway_id: str | None
    account_id: str
    region: str
    status: Literal["both", "gone", "new"]
    hours_before: Number
    hours_after: Number
    gb_before: Number
    gb_after: Number
    cost_before: Number | None
    cost_after: Number | None
    gb_before_monthly: Number
    gb_after_monthly: Number
    cost_before_monthly: Number | None
    cost_after_monthly: Number | None
    cost_change_monthly: Number | None = Field(description="after - before, per month (negative: it fell).")
    plan: str | None = None


class PlanCheck(BaseModel):
    """A plan's prediction for its NAT gateways against what the bill shows after."""

    model_config = _FROZEN
    plan: str
    nat_gateway_ids: list[str]
    predicted_savings_monthly: Number = Field(description="The plan's saving, endpoint charges included.")
    predicted_nat_gb_after_monthly: Number
    predicted_nat_cost_before_monthly: Number
    predicted_nat_cost_after_monthly: Number
    nat_gb_before_monthly: Number
    nat_gb_after_monthly: Number
    nat_cost_before_monthly: Number | None
    nat_cost_after_monthly: Number | None


class BillComparison(BaseModel):
    """Per NAT gateway: what changed between two bills, and plans' predictions beside it."""

    model_config = _FROZEN
    schema_name: str = "pl-cost/bill-compare"
    schema_version: int = COMPARE_SCHEMA_VERSION
    before: str
    after: str
    hours_per_month: Number
    nat_gateways: list[NatChange]
    plans: list[PlanCheck] = Field(default_factory=list)
    cost_before_monthly: Number | None
    cost_after_monthly: Number | None
    cost_change_monthly: Number | None
    assumptions: list[str] = Field(default_factory=list)

    def _repr_html_(self) -> str:
        from pl_cost.bill.render import render_comparison

        return render_comparison(self, "html")


def compare(
    before: BillReport,
    after: BillReport,
    plan: str | PathLike[str] | Mapping[str, Any] | None = None,
    periods: tuple[str, str] | None = None,
) -> BillComparison:
    """Compare `before` with `after`: the given (before, after) periods, else each report's latest period."""
    first, first_period = _latest(before, "before", periods[0] if periods else None)
    second, second_period = _latest(after, "after", periods[1] if periods else None)
    if first_period == second_period and before is after:
        raise UsageError("--compare: BEFORE and AFTER are the same billing period")
    plans = _plans(plan)
    named = _plans_by_id(plans)
    keys = sorted(set(first) | set(second))
    rows = []
    for key in keys:
        old, new = first.get(key), second.get(key)
        rows.append(_row(old, new, _plan_for(old or new, named)))
    checks = [_check(name, data, rows) for name, data in plans.items()]
    costs_before = [r.cost_before_monthly for r in rows]
    costs_after = [r.cost_after_monthly for r in rows]
    total_before = _sum(costs_before)
    total_after = _sum(costs_after)
    return BillComparison(
        before=first_period,
        after=second_period,
        hours_per_month=after.hours_per_month,
        nat_gateways=rows,
        plans=[c for c in checks if c is not None],
        cost_before_monthly=total_before,
        cost_after_monthly=total_after,
        cost_change_monthly=total_after - total_before
        if total_before is not None and total_after is not None
        else None,
        assumptions=[
            f"Each period scaled to {after.hours_per_month} h a month;"
            " costs are net (after discounts, before credits).",
            "A plan's savings include the endpoints it adds; the bill's NAT cost change does not, so compare the"
            " plan's predicted NAT cost with the NAT cost after.",
        ],
    )


def _latest(report: BillReport, which: str, wanted: str | None) -> tuple[dict[str, NatGatewayBill], str]:
    periods = sorted({n.billing_period for n in report.nat_gateways})
    if not periods:
        raise UsageError(f"--compare: {which}: no NAT gateways with resource IDs on this bill")
    if wanted is not None and wanted not in periods:
        raise UsageError(f"--compare: {which}: {wanted} not on this bill; it has {', '.join(periods)}")
    latest = wanted or periods[-1]
    return {n.resource_id: n for n in report.nat_gateways if n.billing_period == latest}, latest


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def _monthly(nat: NatGatewayBill | None, value: Decimal | None) -> Decimal | None:
    if nat is None:
        return Decimal(0)
    return None if value is None else value * nat.monthly_factor


def _row(old: NatGatewayBill | None, new: NatGatewayBill | None, plan: str | None) -> NatChange:
    some = old or new
    assert some is not None
    cost_before = _monthly(old, old.nat_cost if old else Decimal(0))
    cost_after = _monthly(new, new.nat_cost if new else Decimal(0))
    return NatChange(
        resource_id=some.resource_id,
        nat_gateway_id=some.nat_gateway_id,
        account_id=some.account_id,
        region=some.region,
        status="both" if old and new else "gone" if old else "new",
        hours_before=old.nat_hours if old else Decimal(0),
        hours_after=new.nat_hours if new else Decimal(0),
        gb_before=old.nat_gb if old else Decimal(0),
        gb_after=new.nat_gb if new else Decimal(0),
        cost_before=old.nat_cost if old else Decimal(0),
        cost_after=new.nat_cost if new else Decimal(0),
        gb_before_monthly=old.nat_gb * old.monthly_factor if old else Decimal(0),
        gb_after_monthly=new.nat_gb * new.monthly_factor if new else Decimal(0),
        cost_before_monthly=cost_before,
        cost_after_monthly=cost_after,
        cost_change_monthly=cost_after - cost_before if cost_before is not None and cost_after is not None else None,
        plan=plan,
    )


@dataclass(frozen=True)
class _Predicted:
    """What a plan predicts for its NAT gateways, read and checked from its JSON."""

    savings_monthly: Decimal
    nat_gb_after_monthly: Decimal
    nat_cost_before_monthly: Decimal
    nat_cost_after_monthly: Decimal


def _plans(plan: str | PathLike[str] | Mapping[str, Any] | None) -> dict[str, _Predicted]:
    """Plans by profile name, from `pl-cost recommend --format json` output (one plan or a set), checked."""
    if plan is None:
        return {}
    if isinstance(plan, Mapping):
        data: Any = plan
        where = "--plan"
    else:
        where = f"--plan: {plan}"
        data = _read_json(Path(plan), where)
    several = isinstance(data, Mapping) and "plans" in data
    items = data["plans"] if several else [data]
    if not isinstance(items, list):
        raise UsageError(f"{where}: plans: a list of plans, got {brief(items)}")
    found: dict[str, _Predicted] = {}
    for index, item in enumerate(items):
        at = f"plans[{index}]." if several else ""
        if not isinstance(item, Mapping) or not {"profile", "line_items", "savings_monthly"} <= set(item):
            raise UsageError(
                f"{where}: {at.rstrip('.') or 'the file'}: not a plan from pl-cost recommend --format json"
                " (it needs profile, line_items and savings_monthly)"
            )
        name = item["profile"]
        if not isinstance(name, str) or not name:
            raise UsageError(f"{where}: {at}profile: the profile's file name, got {brief(name)}")
        found[name] = _Predicted(
            savings_monthly=_number(item["savings_monthly"], f"{where}: {at}savings_monthly"),
            nat_gb_after_monthly=_items(item, "line_items", NAT_GB_RATES, "quantity", f"{where}: {at}"),
            nat_cost_before_monthly=_items(item, "baseline_line_items", NAT_RATES, "monthly", f"{where}: {at}"),
            nat_cost_after_monthly=_items(item, "line_items", NAT_RATES, "monthly", f"{where}: {at}"),
        )
    return found


def _read_json(path: Path, where: str) -> Any:
    """A plan file's JSON: a regular file of sane size, parsed with exact decimals."""
    info = regular_file(path, "--plan")
    if info.st_size > MAX_PLAN_BYTES:
        raise UsageError(f"{where}: {info.st_size:,} bytes is more than a plan ({MAX_PLAN_BYTES:,} at most)")
    try:
        return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)
    except RecursionError:
        raise UsageError(f"{where}: nested too deeply to be a plan JSON") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) else str(exc).splitlines()[0]
        raise UsageError(f"{where}: not a plan JSON from pl-cost recommend --format json ({detail})") from None


def _number(value: object, field: str) -> Decimal:
    """A plan figure: a finite number within MAX_FIGURE, as a JSON number or an exact decimal string."""
    number = parse_decimal(value, field)
    if abs(number) > MAX_FIGURE:
        raise UsageError(f"{field}: {brief(value)} is out of range for a monthly figure")
    return number


def check_plan(plan: str | PathLike[str] | Mapping[str, Any]) -> None:
    """Read and check a plan before any bill is read, so a bad --plan fails first."""
    _plans(plan)


def _plans_by_id(plans: Mapping[str, _Predicted]) -> dict[str, str]:
    """NAT gateway or VPC id -> the first plan whose profile is named after it."""
    found: dict[str, str] = {}
    for name in plans:
        for named in sorted(ids_named(name)):
            found.setdefault(named, name)
    return found


def _plan_for(nat: NatGatewayBill | None, named: Mapping[str, str]) -> str | None:
    """The plan named after the NAT gateway, else after its VPC."""
    if nat is None:
        return None
    for wanted in (nat.nat_gateway_id, nat.vpc_id):
        if wanted and wanted in named:
            return named[wanted]
    return None


def _items(data: Mapping[str, Any], key: str, rates: Sequence[str], field: str, where: str) -> Decimal:
    """The sum of `field` over a plan's line items priced at one of `rates`; each item checked on the way."""
    items = data.get(key, [])
    if not isinstance(items, list):
        raise UsageError(f"{where}{key}: a list of line items, got {brief(items)}")
    total = Decimal(0)
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise UsageError(f"{where}{key}[{index}]: a line item (an object), got {brief(item)}")
        rate = item.get("rate")
        if rate is not None and not isinstance(rate, str):
            raise UsageError(f"{where}{key}[{index}].rate: a rate name, got {brief(rate)}")
        if rate in rates:
            total += _number(item.get(field), f"{where}{key}[{index}].{field}")
    return total


def _check(name: str, data: _Predicted, rows: Sequence[NatChange]) -> PlanCheck | None:
    covered = [r for r in rows if r.plan == name]
    if not covered:
        return None
    return PlanCheck(
        plan=name,
        nat_gateway_ids=[r.nat_gateway_id or r.resource_id for r in covered],
        predicted_savings_monthly=data.savings_monthly,
        predicted_nat_gb_after_monthly=data.nat_gb_after_monthly,
        predicted_nat_cost_before_monthly=data.nat_cost_before_monthly,
        predicted_nat_cost_after_monthly=data.nat_cost_after_monthly,
        nat_gb_before_monthly=sum((r.gb_before_monthly for r in covered), Decimal(0)),
        nat_gb_after_monthly=sum((r.gb_after_monthly for r in covered), Decimal(0)),
        nat_cost_before_monthly=_sum([r.cost_before_monthly for r in covered]),
        nat_cost_after_monthly=_sum([r.cost_after_monthly for r in covered]),
    )
