"""The plan `pl_cost.recommend` makes for each NAT (or VPC) at the organisation's effective rates, and the ranking.

A plan needs the share of the NAT's GB that goes to AWS services, which the bill cannot tell: it comes
from `--aws-share` (with `--aws-mix` naming the services) or from a flow-log profile of that NAT or VPC.
The catalog is the shipped one with the NAT rates replaced by the bill's effective ones (`apply_overrides`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pl_cost.bill.aggregate import ids_named
from pl_cost.bill.model import NatGatewayBill, Opportunity, PlanSummary, VpcGroup
from pl_cost.bill.savings import measure_step
from pl_cost.bill.vpcs import plan_layout
from pl_cost.catalog import Catalog, apply_overrides
from pl_cost.errors import PlCostError
from pl_cost.money import format_quantity

if TYPE_CHECKING:
    from pl_cost.recommend.profile import Profile

#: Without --aws-mix the AWS share is priced as one interface-endpoint service: conservative against S3 and
#: DynamoDB (free gateway endpoints), optimistic against several services (more endpoint-hours).
DEFAULT_MIX: dict[str, Decimal] = {"logs": Decimal(1)}
GB_PLACES = Decimal("0.000001")
NAT_HOUR_RATES = ("nat_gateway_hour", "regional_nat_gateway_hour")
#: NAT-hours a month within which the plan and the bill agree (the bill's hours are scaled, so not exact).
HOURS_TOLERANCE = Decimal("0.5")
Basis = Literal["idle", "plan", "upper_bound"]


@dataclass
class Unit:
    """What one plan covers: a NAT gateway, or (with an inventory) the non-idle NAT gateways of a VPC."""

    target: str
    nats: list[NatGatewayBill]
    vpc: VpcGroup | None = None
    azs: int = 1
    nat_mode: str = "single"
    active_azs: int | None = None
    profile: Profile | None = None
    profile_name: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def region(self) -> str:
        """The region of its NAT gateways."""
        return self.nats[0].region

    @property
    def gb_monthly(self) -> Decimal:
        """GB a month through its NAT gateways, scaled to hours_per_month."""
        return sum((n.nat_gb * n.monthly_factor for n in self.nats), Decimal(0))


def units(latest: Sequence[NatGatewayBill], vpcs: Sequence[VpcGroup]) -> list[Unit]:
    """Non-idle NAT gateways grouped into plan units: by VPC when the inventory says, else one per NAT.

    A unit's layout comes from its own NAT gateways (vpcs.plan_layout), so a plan never prices a NAT the bill
    does not have: not one per subnet AZ, not the idle NAT that is ranked on its own.
    """
    by_vpc = {v.vpc_id: v for v in vpcs}
    found: dict[str, Unit] = {}
    for nat in latest:
        if nat.idle:
            continue
        vpc = by_vpc.get(nat.vpc_id or "")
        if vpc is not None:
            unit = found.setdefault(vpc.vpc_id, Unit(vpc.vpc_id, [], vpc))
        else:
            name = nat.nat_gateway_id or nat.resource_id
            unit = found.setdefault(name, Unit(name, []))
            unit.notes.append("no inventory: planned as a VPC with this one NAT gateway in 1 AZ (give --inventory)")
        unit.nats.append(nat)
    for unit in found.values():
        layout = plan_layout(unit.nats, unit.vpc)
        unit.azs, unit.nat_mode, unit.active_azs = layout.azs, layout.nat_mode, layout.active_azs
        unit.notes.extend(layout.notes)
    return list(found.values())


def attach_profiles(found: Sequence[Unit], profiles: Mapping[str, Profile]) -> None:
    """Give each unit the flow-log profile named after its NAT or VPC id, or listing one of its NAT interfaces."""
    for unit in found:
        names = {unit.target, *(n.nat_gateway_id for n in unit.nats if n.nat_gateway_id)}
        enis = {e for n in unit.nats for e in n.eni_ids}
        for name, profile in profiles.items():
            listed = set((profile.evidence or {}).get("nat_interfaces") or [])
            if names & ids_named(name) or (enis and listed & enis):
                unit.profile, unit.profile_name = profile, name
                break


def plan_unit(
    unit: Unit,
    catalog: Catalog,
    hours_per_month: Decimal,
    aws_share: Decimal | None,
    mix: Mapping[str, Decimal] | None,
) -> PlanSummary | None:
    """The plan for one unit at its effective rates, or None when nothing says which share goes to AWS services."""
    from pl_cost.recommend import recommend

    if unit.profile is None and aws_share is None:
        return None
    gb = unit.gb_monthly
    basis, data, note = _profile_data(unit, gb, hours_per_month, aws_share, mix)
    rates = _effective_rates(unit)
    try:
        priced = apply_overrides(catalog, dict(rates))
        plan = recommend(data, priced)
    except PlCostError as exc:
        return PlanSummary(
            unit=unit.target,
            basis=basis,
            profile=data,
            baseline_monthly=None,
            plan_monthly=None,
            savings_monthly=None,
            nat_action="unknown",
            interface_endpoints=[],
            gateway_endpoints=[],
            rates=rates,
            error=f"no plan: {exc}",
        )
    notes = [*unit.notes, *([note] if note else [])]
    planned, billed = nat_hours(unit, plan.baseline_line_items)
    if abs(planned - billed) > HOURS_TOLERANCE:
        notes.append(
            f"the plan prices {format_quantity(planned, 1)} NAT-hours a month today, the bill shows"
            f" {format_quantity(billed, 1)} (its NAT gateways did not run all month, or the layout differs)"
        )
    return PlanSummary(
        unit=unit.target,
        basis=basis,
        profile=data,
        baseline_monthly=plan.baseline_monthly,
        plan_monthly=plan.plan_monthly,
        savings_monthly=plan.savings_monthly,
        nat_action=plan.nat.action,
        interface_endpoints=[e.service for e in plan.endpoints if e.type == "interface"],
        gateway_endpoints=[e.service for e in plan.endpoints if e.type == "gateway"],
        rates=rates,
        nat_hours_planned_monthly=planned,
        nat_hours_billed_monthly=billed,
        note="; ".join(dict.fromkeys(notes)) or None,
    )


def _profile_data(
    unit: Unit, gb: Decimal, hours_per_month: Decimal, aws_share: Decimal | None, mix: Mapping[str, Decimal] | None
) -> tuple[str, dict[str, Any], str | None]:
    """The profile to plan: the flow-log profile's shares scaled to the bill's GB, or --aws-share split by --aws-mix."""
    base: dict[str, Any] = {
        "region": unit.region,
        "azs": unit.azs,
        "hours_per_month": hours_per_month,
        "nat": {"mode": unit.nat_mode, "allow_fewer": False},
    }
    if unit.active_azs is not None:
        base["nat"]["active_azs"] = unit.active_azs
    if unit.profile is not None:
        measured = unit.profile
        counted = measured.internet_gb_per_month + sum((_total(v) for v in measured.services.values()), Decimal(0))
        scale = gb / counted if counted else Decimal(0)
        data = measured.model_dump(exclude={"evidence"}, exclude_none=True)
        data.update(base)
        if unit.vpc is None:  # without an inventory the profile knows the VPC's AZs and layout better
            data["azs"], data["nat"] = measured.azs, {"mode": measured.nat.mode, "allow_fewer": False}
        data["internet_gb_per_month"] = _gb(measured.internet_gb_per_month * scale)
        data["services"] = {name: _scaled(value, scale) for name, value in measured.services.items()}
        note = f"shares from {unit.profile_name}, scaled to the bill's {_gb(gb)} GB/month"
        return f"flow-log profile {unit.profile_name}", data, note
    assert aws_share is not None
    shares = dict(mix or DEFAULT_MIX)
    aws_gb = gb * aws_share
    data = {
        **base,
        "internet_gb_per_month": _gb(gb - aws_gb),
        "services": {name: _gb(aws_gb * share) for name, share in shares.items()},
    }
    default = "--aws-mix not given: the AWS share is priced as one interface-endpoint service (logs)"
    return f"--aws-share {aws_share}", data, None if mix else default


def nat_hours(unit: Unit, baseline: Sequence[Any]) -> tuple[Decimal, Decimal]:
    """NAT-hours a month: what the plan's baseline prices, and what the bill shows for the unit's NATs (scaled)."""
    planned = sum((i.quantity for i in baseline if i.rate in NAT_HOUR_RATES), Decimal(0))
    billed = sum((n.nat_hours * n.monthly_factor for n in unit.nats), Decimal(0))
    return planned, billed


def _gb(value: Decimal) -> Decimal:
    return value.quantize(GB_PLACES)


def _total(value: Decimal | Mapping[str, Decimal]) -> Decimal:
    """A service's GB/month: one figure, or the sum of its kinds of traffic."""
    return value if isinstance(value, Decimal) else sum(value.values(), Decimal(0))


def _scaled(value: Decimal | Mapping[str, Decimal], scale: Decimal) -> Decimal | dict[str, Decimal]:
    if isinstance(value, Decimal):
        return _gb(value * scale)
    return {kind: _gb(gb * scale) for kind, gb in value.items()}


def _effective_rates(unit: Unit) -> dict[str, Decimal]:
    """The unit's NAT $/hour and $/GB as billed (net of discounts), for the rates a plan would replace."""
    regional = any(n.availability_mode == "regional" for n in unit.nats)
    hour_name, gb_name = (
        ("regional_nat_gateway_hour", "regional_nat_gateway_gb") if regional else ("nat_gateway_hour", "nat_gateway_gb")
    )
    rates: dict[str, Decimal] = {}
    hours = sum((n.hours.quantity for n in unit.nats if n.hours), Decimal(0))
    hour_cost = [n.hours.net_cost for n in unit.nats if n.hours]
    if hours and hour_cost and all(c is not None for c in hour_cost):
        rates[hour_name] = sum((c for c in hour_cost if c is not None), Decimal(0)) / hours
    gb = sum((n.data.quantity for n in unit.nats if n.data), Decimal(0))
    gb_cost = [n.data.net_cost for n in unit.nats if n.data]
    if gb and gb_cost and all(c is not None for c in gb_cost):
        rates[gb_name] = sum((c for c in gb_cost if c is not None), Decimal(0)) / gb
    return rates


def rank(
    latest: Sequence[NatGatewayBill], found: Sequence[Unit], plans: Mapping[str, PlanSummary]
) -> list[Opportunity]:
    """Idle NATs, plans and upper bounds, largest monthly saving first (unknown last)."""
    items: list[Opportunity] = []
    for nat in latest:
        if nat.idle:
            items.append(
                _opportunity(
                    nat.nat_gateway_id or nat.resource_id, [nat], "idle", nat.idle_savings_monthly, nat.next_step
                )
            )
    for unit in found:
        plan = plans.get(unit.target)
        ids = [n.nat_gateway_id or n.resource_id for n in unit.nats]
        if plan is not None and plan.error is not None:
            plan = None
        if plan is not None:
            step = (
                f"plan ({plan.basis}): {plan.nat_action} the NAT, interface endpoints"
                f" {', '.join(plan.interface_endpoints) or 'none'}, gateway endpoints"
                f" {', '.join(plan.gateway_endpoints) or 'none'}; "
                + (
                    "confirm the AWS share with flow logs first: "
                    + measure_step(unit.target, unit.region, _enis(unit), _vpc(unit))
                    if plan.basis.startswith("--aws-share")
                    else f"then pl-cost recommend {plan.basis.removeprefix('flow-log profile ')} --emit terraform"
                )
            )
            items.append(_opportunity(unit.target, unit.nats, "plan", plan.savings_monthly, step))
            continue
        bounds = [n.savings_upper_bound_monthly for n in unit.nats]
        bound = sum((b for b in bounds if b is not None), Decimal(0)) if all(b is not None for b in bounds) else None
        step = measure_step(unit.target if unit.vpc else ids[0], unit.region, _enis(unit), _vpc(unit))
        items.append(_opportunity(unit.target, unit.nats, "upper_bound", bound, step))
    items.sort(key=lambda o: (o.savings_monthly is None, -(o.savings_monthly or Decimal(0)), o.target))
    return [o.model_copy(update={"rank": index}) for index, o in enumerate(items, start=1)]


def _enis(unit: Unit) -> list[str]:
    return [e for n in unit.nats for e in n.eni_ids]


def _vpc(unit: Unit) -> str | None:
    return unit.vpc.vpc_id if unit.vpc else unit.nats[0].vpc_id


def _opportunity(
    target: str, nats: Sequence[NatGatewayBill], basis: Basis, savings: Decimal | None, step: str
) -> Opportunity:
    return Opportunity(
        rank=0,
        target=target,
        nat_gateway_ids=[n.nat_gateway_id or n.resource_id for n in nats],
        account_id=nats[0].account_id,
        region=nats[0].region,
        vpc_id=nats[0].vpc_id,
        basis=basis,
        savings_monthly=savings,
        next_step=step,
    )
