"""Putting the report together: grouped rows, the periods they cover, savings, plans, totals, caveats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from pl_cost.bill import aggregate
from pl_cost.bill.charges import NAT_CHARGES, Group
from pl_cost.bill.model import BillReport, NatGatewayBill, PlanSummary, Prices, Savings, Source, Total
from pl_cost.bill.periods import coverage
from pl_cost.bill.plans import HOURS_TOLERANCE, attach_profiles, plan_unit, rank, units
from pl_cost.bill.savings import UPPER_BOUND_RULE, address_cost, with_savings
from pl_cost.bill.vpcs import vpc_groups
from pl_cost.catalog import Catalog
from pl_cost.errors import UsageError
from pl_cost.inventory import Inventory
from pl_cost.money import format_quantity, plain

if TYPE_CHECKING:
    from pl_cost.recommend.profile import Profile


@dataclass
class Options:
    """Checked inputs of `pl_cost.bill()` besides the files."""

    catalog: Catalog
    hours_per_month: Decimal
    inventory: Inventory | None = None
    aws_share: Decimal | None = None
    aws_mix: dict[str, Decimal] | None = None
    profiles: dict[str, Profile] = field(default_factory=dict)
    periods: list[str] | None = None
    now: datetime | None = None


@dataclass
class Meta:
    """What was read, for the report's source section."""

    label: str
    layout_key: str
    files: int
    file_bytes: int
    engine: str
    has_resource_column: bool
    providers: dict[str, int] = field(default_factory=dict)


def build(groups: Sequence[Group], meta: Meta, options: Options) -> BillReport:
    """The report from the aggregation's groups."""
    caveats: list[str] = []
    unreadable = sum(g.bad_numbers for g in groups)
    if unreadable:
        raise UsageError(
            f"the bill: {unreadable} row(s) of NAT, endpoint or Transit Gateway charges hold a usage amount or cost"
            " that is not a number; is every file a complete, unedited export?"
        )
    groups = _aws_only(groups, meta, caveats)
    groups = _periods_wanted(groups, options.periods)
    periods = coverage(groups, options.hours_per_month, options.now)
    allocations = _allocations(options.inventory)
    nats = [
        with_savings(n, options.catalog, allocations.get(n.nat_gateway_id or "", ()))
        for n in aggregate.nat_entries(groups, periods, options.inventory)
    ]
    extra = aggregate.unattributed(groups)
    has_ids = meta.has_resource_column and bool(nats)
    latest_period = max((n.billing_period for n in nats), default=None)
    latest = [n for n in nats if n.billing_period == latest_period]
    vpcs = vpc_groups(latest, options.inventory)
    plan_units = units(latest, vpcs)
    attach_profiles(plan_units, options.profiles)
    plans = {}
    for unit in plan_units:
        summary = plan_unit(unit, options.catalog, options.hours_per_month, options.aws_share, options.aws_mix)
        if summary is not None:
            plans[unit.target] = summary
    opportunities = rank(latest, plan_units, plans)
    caveats += _caveats(groups, meta, periods, nats, extra, has_ids, options)
    caveats += _hours_caveats(list(plans.values()))
    return BillReport(
        source=Source(
            format=meta.label,
            files=meta.files,
            file_bytes=meta.file_bytes,
            engine=meta.engine,
            resource_ids=has_ids,
            providers=meta.providers,
            inventory_files=list(options.inventory.files) if options.inventory else [],
            inventory_skipped=list(options.inventory.skipped) if options.inventory else [],
        ),
        hours_per_month=options.hours_per_month,
        periods=periods,
        nat_gateways=sorted(nats, key=lambda n: (n.billing_period, -(n.nat_cost or Decimal(0)), n.resource_id)),
        totals_by_region=aggregate.totals(nats, extra, lambda a, r, p: (f"{r} {p}", None, r)),
        totals_by_account=aggregate.totals(nats, extra, lambda a, r, p: (f"{a} {p}", a, None)),
        total=_total(nats, extra),
        unattributed=extra,
        interface_endpoints=aggregate.resources(groups, "interface_endpoint"),
        transit_gateways=aggregate.resources(groups, "transit_gateway"),
        vpcs=vpcs,
        plans=list(plans.values()),
        opportunities=opportunities,
        savings=_savings(latest_period, latest, list(plans.values()), unknown=bool(extra) and not nats),
        row_kinds=aggregate.row_kinds(groups),
        taxes=aggregate.taxes(groups),
        prices=Prices(
            catalog=options.catalog.origin,
            snapshot_date=options.catalog.snapshot_date,
            currency=options.catalog.currency,
            overrides=list(options.catalog.overrides),
        ),
        assumptions=_assumptions(options),
        caveats=caveats,
    )


def _aws_only(groups: Sequence[Group], meta: Meta, caveats: list[str]) -> list[Group]:
    """FOCUS files can hold several providers' rows: keep AWS's, and refuse a file with none."""
    if not meta.providers:
        return list(groups)
    others = {name: count for name, count in meta.providers.items() if name != "AWS"}
    if not meta.providers.get("AWS"):
        listed = ", ".join(f"{name or '(empty)'} ({count:,} rows)" for name, count in sorted(others.items()))
        raise UsageError(
            f"the bill: FOCUS data from {listed or 'no provider'}, no AWS rows (ProviderName AWS):"
            " pl-cost bill reads AWS bills"
        )
    if others:
        listed = ", ".join(f"{name or '(empty)'} ({count:,})" for name, count in sorted(others.items()))
        caveats.append(f"rows of other providers left out: {listed}")
    return [g for g in groups if g.provider == "AWS"]


def _periods_wanted(groups: list[Group], periods: list[str] | None) -> list[Group]:
    if not periods:
        return groups
    present = sorted({g.billing_period for g in groups})
    absent = [p for p in periods if p not in present]
    if absent:
        raise UsageError(
            f"--period: {', '.join(absent)} not in this bill; it has {', '.join(present) or 'no billing period'}"
        )
    return [g for g in groups if g.billing_period in periods]


def _total(nats: Sequence[NatGatewayBill], extra: Sequence[Total]) -> Total:
    """The latest billing period's total: monthly bounds and NAT counts of several periods do not add up."""
    latest = max([*(n.billing_period for n in nats), *(e.billing_period or "" for e in extra)], default=None)
    return aggregate.summed(
        f"all NAT gateways, {latest}" if latest else "all NAT gateways",
        [n for n in nats if n.billing_period == latest],
        [e for e in extra if e.billing_period == latest],
        period=latest,
    )


def _allocations(inventory: Inventory | None) -> dict[str, tuple[str, ...]]:
    """Each NAT gateway's Elastic IP allocations, from the inventory."""
    if inventory is None:
        return {}
    return {n.id: tuple(a.allocation_id for a in n.addresses if a.allocation_id) for n in inventory.nat_gateways}


def _savings(
    period: str | None, latest: Sequence[NatGatewayBill], plans: Sequence[object], unknown: bool = False
) -> Savings:
    """Savings over the latest period's NAT gateways; all unknown (None) when NAT rows carry no resource ID."""
    if unknown:
        return Savings(
            billing_period=None,
            idle_nat_gateways=None,
            idle_monthly=None,
            upper_bound_monthly=None,
            upper_bound_unknown=0,
        )
    idle = [n for n in latest if n.idle]
    idle_known = [n.idle_savings_monthly for n in idle if n.idle_savings_monthly is not None]
    bounds = [n.savings_upper_bound_monthly for n in latest]
    made = [p for p in plans if isinstance(p, PlanSummary) and p.error is None]
    return Savings(
        billing_period=period,
        idle_nat_gateways=len(idle),
        idle_monthly=sum(idle_known, Decimal(0)) if len(idle_known) == len(idle) else None,
        idle_unknown=len(idle) - len(idle_known),
        upper_bound_monthly=sum((b for b in bounds if b is not None), Decimal(0)),
        upper_bound_unknown=sum(1 for b in bounds if b is None),
        plan_monthly=sum((p.savings_monthly or Decimal(0) for p in made), Decimal(0)) if made else None,
    )


def _assumptions(options: Options) -> list[str]:
    hours = format_quantity(options.hours_per_month)
    notes = [
        f"{hours} hours a month: each period's figures are scaled by {hours} h / the hours the period covers"
        " to give monthly savings; the per-period figures are as billed.",
        "Effective rates are the net cost (after discounts, before credits and refunds) divided by the quantity.",
        UPPER_BOUND_RULE,
        "Idle: NAT-hours with no GB processed in the period; deleting it saves its hours, and releasing its Elastic"
        " IP saves the address's hours where the bill shows them (a deleted NAT's address stays billed until"
        " released).",
        "Rows carrying a NAT's ARN besides its hours and GB are shown apart: internet out and inter-region transfer"
        " stay whatever endpoints are added; inter-AZ transfer to the NAT goes with the traffic endpoints take.",
    ]
    if options.aws_share is not None:
        notes.append(
            f"Plans use --aws-share {plain(options.aws_share)}: that share of each NAT's GB goes to AWS services"
            + (
                f" split {', '.join(f'{k}={plain(v)}' for k, v in options.aws_mix.items())}"
                if options.aws_mix
                else " priced as one interface-endpoint service (logs) since --aws-mix was not given"
            )
            + "; the rest stays on the NAT."
        )
    return notes


def _caveats(
    groups: Sequence[Group],
    meta: Meta,
    periods: Sequence[object],
    nats: Sequence[NatGatewayBill],
    extra: Sequence[object],
    has_ids: bool,
    options: Options,
) -> list[str]:
    from pl_cost.bill.model import Period

    notes = []
    if not any(g.charge in NAT_CHARGES for g in groups):
        notes.append("no NAT gateway rows on this bill (usage types NatGateway-Hours / -Bytes)")
    elif not meta.has_resource_column:
        notes.append(
            "this report has no resource IDs (exported without INCLUDE_RESOURCES / 'Include resource IDs'):"
            " totals per account and region only; per-NAT figures and savings need a report with resource IDs"
        )
    elif extra:
        rows = sum(1 for g in groups if g.charge in NAT_CHARGES and not g.resource_id)
        notes.append(f"{rows} group(s) of NAT rows have no resource ID: shown as unattributed totals")
    for period in periods:
        if isinstance(period, Period) and not period.complete:
            notes.append(
                f"{period.billing_period} is still running (it ends {period.period_end}): the bill covers"
                f" {format_quantity(period.hours)} h of it so far (to {period.end}, the latest usage on its NAT,"
                f" endpoint and public IPv4 rows); monthly figures scale that up by"
                f" {format_quantity(options.hours_per_month)} h / {format_quantity(period.hours)} h"
            )
    if meta.layout_key == "focus":
        notes.append("FOCUS has no before-discount billed cost: net cost is BilledCost, unblended cost is unknown")
    elif groups and all(g.net_line_items == 0 for g in groups):
        notes.append("no net unblended cost on this bill: net = unblended + discount rows (and discount columns)")
    unmatched = sorted({n.nat_gateway_id or n.resource_id for n in nats if not address_cost(n)[1]})
    if unmatched:
        shown = ", ".join(unmatched[:5]) + (" ..." if len(unmatched) > 5 else "")
        how = "give --inventory to match them" if options.inventory is None else "no row names their addresses"
        notes.append(
            f"public IPv4 hours unknown for {len(unmatched)} NAT gateway(s) ({shown}): the rows name the address,"
            f" not the NAT, so {how}; their upper bound and idle saving leave the address out"
        )
    unknown_idle = sorted(
        {n.nat_gateway_id or n.resource_id for n in nats if n.idle and n.idle_savings_monthly is None}
    )
    if unknown_idle:
        notes.append(f"idle saving unknown for {', '.join(unknown_idle)}: the bill has no net cost for its hours")
    if options.inventory is not None and options.inventory.skipped:
        shown = ", ".join(options.inventory.skipped)
        notes.append(f"inventory: {len(options.inventory.skipped)} file(s) skipped: {shown}")
    if options.inventory is not None:
        unknown = sorted({n.nat_gateway_id or n.resource_id for n in nats if n.vpc_id is None})
        if unknown:
            shown = ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")
            notes.append(f"{len(unknown)} NAT gateway(s) on the bill are not in the inventory: {shown}")
    return notes


def _hours_caveats(plans: Sequence[PlanSummary]) -> list[str]:
    """Plans whose NAT-hours today differ from the bill's: their baseline is not what the bill shows."""
    notes = []
    for plan in plans:
        planned, billed = plan.nat_hours_planned_monthly, plan.nat_hours_billed_monthly
        if planned is not None and billed is not None and abs(planned - billed) > HOURS_TOLERANCE:
            notes.append(
                f"plan for {plan.unit}: it prices {format_quantity(planned, 1)} NAT-hours a month today, the bill"
                f" shows {format_quantity(billed, 1)}; its baseline and savings are for the layout it plans"
            )
    return notes


def share_of(mix: Mapping[str, Decimal]) -> Decimal:
    """The total of an --aws-mix (must be 1)."""
    return sum(mix.values(), Decimal(0))
