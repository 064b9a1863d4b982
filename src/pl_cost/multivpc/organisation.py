"""One plan for an organisation's VPCs: each VPC's own plan from `pl_cost.recommend`, then which
interface endpoints go in a hub VPC per region, which stay local, and which VPCs join the hub.

The hub is decided per region, where the Transit Gateway is: an endpoint goes in the hub when the
VPCs that would use it save more (their own endpoint hours, or NAT processing for services that stay
on the NAT in their own plan) than it costs (the hub's endpoint hours, Transit Gateway processing, its
DNS); a VPC not yet attached joins when what it saves exceeds its attachment; the hub's shared costs
(its attachment when new, a Profile or Resolver endpoints) must be covered too, or there is no hub.
The profile format is in `organisation_profile`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pl_cost.api import PricesUsed
from pl_cost.catalog import Catalog, load_catalog
from pl_cost.errors import MissingRateError, UnknownRegionError, UsageError
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, format_money
from pl_cost.multivpc import components as b
from pl_cost.multivpc.charges import Charge, MultiVpcResult, price_parts, prices_for
from pl_cost.multivpc.components import Part, quantity_text
from pl_cost.multivpc.hub_cost import DNS_OPTIONS, DnsOption, HubDemand, attachment_parts, dns_parts
from pl_cost.multivpc.organisation_profile import (
    HubSettings,
    OrganisationProfile,
    VpcEntry,
    is_organisation_file,
    is_organisation_profile,
    load_organisation,
)
from pl_cost.pricing import ZERO
from pl_cost.recommend import Plan, recommend
from pl_cost.recommend.load import read_profile, validate_profile

__all__ = [
    "OrganisationPlan",
    "is_organisation_file",
    "is_organisation_profile",
    "load_organisation",
    "plan_organisation",
]

ORGANISATION_SCHEMA_VERSION = 1
_FROZEN = ConfigDict(frozen=True)


class EndpointPlacement(BaseModel):
    """Where one interface endpoint lives in one region, and which VPCs use it from there."""

    model_config = _FROZEN
    region: str
    endpoint: str
    placement: Literal["hub", "local"]
    via_hub: list[str]
    local: list[str]
    savings_monthly: Decimal
    reason: str


class VpcPlan(BaseModel):
    """One VPC in the organisation plan: its own plan, and what joining the hub changes."""

    model_config = _FROZEN
    name: str
    region: str
    azs: int
    attached_today: bool
    joins_hub: bool
    nat_action: str
    keeps_nat: bool
    endpoints_local: list[str]
    endpoints_via_hub: list[str]
    services_via_hub: list[str]
    baseline_monthly: Decimal
    own_plan_monthly: Decimal
    added: list[Charge]
    removed: list[Charge]
    plan_monthly: Decimal
    savings_monthly: Decimal
    plan: Plan


class HubPlan(BaseModel):
    """The hub VPC of one region: its endpoints, its DNS, and what it costs."""

    model_config = _FROZEN
    region: str
    used: bool
    azs: int
    dns: DnsOption
    attached_today: bool
    endpoints: list[str]
    spokes: list[str]
    line_items: list[Charge]
    fixed_monthly: Decimal
    usage_monthly: Decimal
    monthly: Decimal
    savings_monthly: Decimal
    reason: str


class OrganisationPlan(MultiVpcResult):
    """The organisation's plan: per-VPC totals, the hubs, where each endpoint goes, and the whole."""

    model_config = _FROZEN
    schema_name: str = "pl-cost/organisation"
    schema_version: int = ORGANISATION_SCHEMA_VERSION
    name: str
    hours_per_month: Decimal
    prices: PricesUsed
    vpcs: list[VpcPlan]
    hubs: list[HubPlan]
    endpoints: list[EndpointPlacement]
    baseline_monthly: Decimal
    own_plans_monthly: Decimal
    plan_monthly: Decimal
    savings_monthly: Decimal
    hub_savings_monthly: Decimal = Field(description="What the hubs save against every VPC on its own plan.")
    assumptions: list[str]


@dataclass
class _Vpc:
    """A VPC as the hub search sees it: what each hub endpoint or service would save it a month."""

    name: str
    attached: bool
    plan: Plan
    #: endpoint -> (own endpoint hours a month, GB a month through it)
    local: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    #: service on the NAT -> (its interface endpoints, GB a month)
    on_nat: dict[str, tuple[tuple[str, ...], Decimal]] = field(default_factory=dict)


@dataclass
class _Region:
    """One region's prices and VPCs for the hub search."""

    name: str
    vpcs: list[_Vpc]
    hub: HubDemand
    hub_attached: bool
    endpoint_hour: Decimal
    endpoint_gb: Decimal
    tgw_gb: Decimal
    attachment: Decimal
    zone: Decimal
    nat_gb: dict[str, Decimal]


def plan_organisation(
    source: str | PathLike[str] | Mapping[str, Any], catalog: Catalog | None = None
) -> OrganisationPlan:
    """One plan for the organisation's VPCs (an organisation profile file or mapping; see the module doc)."""
    catalog = catalog or load_catalog()
    org, base, origin = load_organisation(source)
    names = [v.name for v in org.vpcs]
    if len(set(names)) != len(names):
        raise UsageError(f"{origin}: vpcs: each VPC name once")
    vpcs = [_vpc_of(entry, index, org, base, origin, catalog) for index, entry in enumerate(org.vpcs)]
    hours = vpcs[0].plan.hours_per_month
    if any(v.plan.hours_per_month != hours for v in vpcs):
        raise UsageError(f"{origin}: every VPC's hours_per_month must be the same (set hours_per_month once)")
    by_region: dict[str, list[_Vpc]] = {}
    for vpc in vpcs:
        by_region.setdefault(vpc.plan.region, []).append(vpc)
    hubs: list[HubPlan] = []
    placements: list[EndpointPlacement] = []
    plans: dict[str, VpcPlan] = {}
    for region, members in by_region.items():
        try:
            state = _region(region, members, org.hub, hours, catalog)
        except MissingRateError as exc:
            raise MissingRateError(f"{origin}: {exc}") from None
        hub_plan, region_placements, vpc_plans = _decide(state, catalog)
        hubs.append(hub_plan)
        placements += region_placements
        plans.update({p.name: p for p in vpc_plans})
    ordered = [plans[v.name] for v in vpcs]
    hub_total = sum((h.monthly for h in hubs), ZERO)
    plan_total = sum((p.plan_monthly for p in ordered), ZERO) + hub_total
    baseline = sum((p.baseline_monthly for p in ordered), ZERO)
    items = [i for h in hubs for i in h.line_items] + [i for p in ordered for i in p.added]
    first = vpcs[0].plan.region
    own_total = sum((p.own_plan_monthly for p in ordered), ZERO)
    return OrganisationPlan(
        name=org.name if org.name != "organisation" else origin,
        hours_per_month=hours,
        prices=_prices(catalog, first, items, [v.plan for v in vpcs]),
        vpcs=ordered,
        hubs=hubs,
        endpoints=placements,
        baseline_monthly=baseline,
        own_plans_monthly=own_total,
        plan_monthly=plan_total,
        savings_monthly=baseline - plan_total,
        hub_savings_monthly=own_total - plan_total,
        assumptions=_assumptions(hours, org),
    )


def _prices(catalog: Catalog, region: str, items: list[Charge], plans: list[Plan]) -> PricesUsed:
    """The catalog, and the oldest and newest rate dates of the hub's charges and every VPC's plan."""
    used = prices_for(catalog, region, items)
    dates = [d for d in (used.oldest_rate_date, used.newest_rate_date) if d is not None]
    dates += [d for p in plans for d in (p.prices.oldest_rate_date, p.prices.newest_rate_date) if d is not None]
    return used.model_copy(
        update={"oldest_rate_date": min(dates, default=None), "newest_rate_date": max(dates, default=None)}
    )


def _vpc_of(entry: VpcEntry, index: int, org: OrganisationProfile, base: Path, origin: str, catalog: Catalog) -> _Vpc:
    where = f"{origin}: vpcs[{index}] ({entry.name})"
    if isinstance(entry.profile, str):
        located = read_profile(base / entry.profile)
        profile = located.profile
    else:
        data = dict(entry.profile)
        for key, value in (("region", entry.region), ("azs", entry.azs), ("hours_per_month", org.hours_per_month)):
            if value is not None:
                data.setdefault(key, value)
        profile = validate_profile(data, f"{where}.profile").profile
    for key, value in (("region", entry.region), ("azs", entry.azs)):
        if value is not None and getattr(profile, key) != value:
            raise UsageError(f"{where}: {key} {value} differs from its profile's {getattr(profile, key)}")
    if org.hours_per_month is not None and profile.hours_per_month != org.hours_per_month:
        raise UsageError(f"{where}: hours_per_month differs from the organisation's {org.hours_per_month}")
    try:
        plan = recommend(profile, catalog)
    except (UnknownRegionError, MissingRateError) as exc:
        raise type(exc)(f"{where}: {exc}") from None
    plan = plan.model_copy(update={"profile": entry.name})
    vpc = _Vpc(entry.name, entry.attached, plan)
    hours = {e.service: e.hours_monthly for e in plan.endpoints if e.type == "interface"}
    gb: dict[str, Decimal] = dict.fromkeys(hours, ZERO)
    for d in plan.decisions:
        if d.path == "interface" and d.endpoints:
            for endpoint in d.endpoints:
                gb[endpoint] = gb.get(endpoint, ZERO) + d.gb_on_path / len(d.endpoints)
        elif d.path == "nat" and d.endpoints and d.gb_on_path > 0 and plan.nat.layout_plan is not None:
            vpc.on_nat[d.service] = (tuple(d.endpoints), d.gb_on_path)
    vpc.local = {e: (hours[e], gb.get(e, ZERO)) for e in hours}
    return vpc


def _rate(catalog: Catalog, region: str, name: str) -> Decimal:
    return catalog.rate(region, name).tier_list()[0].price


def _region(region: str, vpcs: list[_Vpc], settings: HubSettings, hours: Decimal, catalog: Catalog) -> _Region:
    from pl_cost.endpoint_services import unavailable_in

    missing = set(unavailable_in(region))
    for vpc in vpcs:
        vpc.on_nat = {s: v for s, v in vpc.on_nat.items() if not set(v[0]) & missing}
    azs = settings.azs or max(v.plan.azs for v in vpcs)
    demand = HubDemand(
        region, Decimal(0), (), Decimal(0), (), (), azs, settings.dns, settings.dns_queries_million_per_vpc, None, hours
    )
    nat_gb = {}
    for vpc in vpcs:
        layout = vpc.plan.nat.layout_plan
        if layout is not None:
            nat_gb[vpc.name] = _rate(
                catalog, region, "regional_nat_gateway_gb" if layout == "regional" else "nat_gateway_gb"
            )
    return _Region(
        name=region,
        vpcs=vpcs,
        hub=demand,
        hub_attached=bool(settings.attached),
        endpoint_hour=_rate(catalog, region, "interface_endpoint_hour") * azs * hours,
        endpoint_gb=_rate(catalog, region, "interface_endpoint_gb"),
        tgw_gb=_rate(catalog, region, "tgw_gb"),
        attachment=_rate(catalog, region, "tgw_attachment_hour") * hours,
        zone=_rate(catalog, region, "route53_private_zone_month") if settings.dns == "phz" else ZERO,
        nat_gb=nat_gb,
    )


def _gain(r: _Region, vpc: _Vpc, hub: set[str]) -> tuple[Decimal, list[str], list[str]]:
    """What one member VPC saves a month with `hub`'s endpoints, and which endpoints and services it uses there."""
    gain, endpoints, services = ZERO, [], []
    for endpoint, (hours, gb) in vpc.local.items():
        saved = hours - gb * r.tgw_gb
        if endpoint in hub and saved > 0:
            gain += saved
            endpoints.append(endpoint)
    rate = r.nat_gb.get(vpc.name)
    for service, (needs, gb) in vpc.on_nat.items():
        saved = gb * (rate - r.endpoint_gb - r.tgw_gb) if rate is not None else ZERO
        if set(needs) <= hub and saved > 0:
            gain += saved
            services.append(service)
    return gain, endpoints, services


def _shared(r: _Region, members: list[_Vpc], catalog: Catalog) -> Decimal:
    demand = HubDemand(
        r.name, Decimal(len(members)), (), ZERO, (), (), r.hub.azs, r.hub.dns, r.hub.queries, None, r.hub.hours
    )
    dns = sum((c.monthly for c in price_parts(dns_parts(demand), catalog)), ZERO) if r.hub.dns != "phz" else ZERO
    return dns + (ZERO if r.hub_attached else r.attachment)


def _value(r: _Region, hub: set[str], members: list[_Vpc], catalog: Catalog) -> Decimal:
    """Monthly saving of a hub with these endpoints and members, against every VPC on its own plan."""
    if not hub or not members:
        return ZERO
    gains = sum((_gain(r, v, hub)[0] for v in members), ZERO)
    joining = sum((r.attachment for v in members if not v.attached), ZERO)
    return gains - len(hub) * (r.endpoint_hour + r.zone) - joining - _shared(r, members, catalog)


def _search(r: _Region, catalog: Catalog) -> tuple[set[str], list[_Vpc]]:
    """Add the endpoint group, then the VPC, that saves the most, while one saves anything; then check the
    whole hub pays for its shared costs."""
    members = [v for v in r.vpcs if v.attached]
    hub: set[str] = set()
    groups = {frozenset([e]) for v in r.vpcs for e in v.local}
    groups |= {frozenset(needs) for v in r.vpcs for needs, _ in v.on_nat.values()}
    while True:
        base = _value_open(r, hub, members)
        best, best_gain = None, ZERO
        for group in sorted(groups, key=sorted):
            if group <= hub:
                continue
            gain = _value_open(r, hub | group, members) - base
            if gain > best_gain:
                best, best_gain = group, gain
        if best is not None:
            hub |= best
            continue
        joined = False
        for vpc in r.vpcs:
            if vpc in members:
                continue
            if _value_open(r, hub, [*members, vpc]) - base > 0:
                members.append(vpc)
                joined = True
        if not joined:
            break
    if _value(r, hub, members, catalog) <= 0:
        return set(), []
    return hub, members


def _value_open(r: _Region, hub: set[str], members: list[_Vpc]) -> Decimal:
    """The saving before the hub's shared costs: what the search compares."""
    if not members and hub:
        return -len(hub) * (r.endpoint_hour + r.zone)
    gains = sum((_gain(r, v, hub)[0] for v in members), ZERO)
    joining = sum((r.attachment for v in members if not v.attached), ZERO)
    return gains - len(hub) * (r.endpoint_hour + r.zone) - joining


def _decide(r: _Region, catalog: Catalog) -> tuple[HubPlan, list[EndpointPlacement], list[VpcPlan]]:
    hub, members = _search(r, catalog)
    endpoints = sorted(hub)
    demand = HubDemand(
        r.name,
        Decimal(len(members)),
        tuple(endpoints),
        ZERO,
        (),
        (),
        r.hub.azs,
        r.hub.dns,
        r.hub.queries,
        None,
        r.hub.hours,
    )
    parts: list[Part] = []
    if hub:
        parts += [
            Part(
                "hub",
                r.name,
                b.endpoint_hours(
                    f"Hub endpoint hours: {e}", Decimal(r.hub.azs), r.hub.hours, f"1 hub VPC × {r.hub.azs} AZ"
                ),
            )
            for e in endpoints
        ]
        if not r.hub_attached:
            parts += [p for p in attachment_parts(demand) if p.payer == "hub"]
        parts += dns_parts(demand)
    hub_items = price_parts(parts, catalog)
    vpc_plans = [_vpc_plan(r, v, hub, v in members, catalog) for v in r.vpcs]
    hub_monthly = sum((i.monthly for i in hub_items), ZERO)
    own = sum((p.own_plan_monthly for p in vpc_plans), ZERO)
    after = sum((p.plan_monthly for p in vpc_plans), ZERO) + hub_monthly
    if hub:
        reason = (
            f"{len(members)} VPC(s) use {len(endpoints)} endpoint(s) in the hub: saves "
            f"{format_money(own - after)}/month against every VPC on its own plan"
        )
    else:
        reason = "no hub: no endpoint saves more in a hub than it costs there, with the hub's shared costs"
    hub_plan = HubPlan(
        region=r.name,
        used=bool(hub),
        azs=r.hub.azs,
        dns=r.hub.dns,
        attached_today=r.hub_attached,
        endpoints=endpoints,
        spokes=[v.name for v in members],
        line_items=hub_items,
        fixed_monthly=sum((i.monthly for i in hub_items if i.kind == "fixed"), ZERO),
        usage_monthly=sum((i.monthly for i in hub_items if i.kind == "usage"), ZERO),
        monthly=hub_monthly,
        savings_monthly=own - after,
        reason=reason,
    )
    placements = []
    for endpoint in sorted({e for v in r.vpcs for e in v.local} | hub):
        via = [p.name for p in vpc_plans if endpoint in p.endpoints_via_hub or _needs_via(r, p, endpoint)]
        local = [p.name for p in vpc_plans if endpoint in p.endpoints_local]
        gains = sum((_endpoint_gain(r, v, endpoint) for v in members if v.name in via), ZERO)
        saving = gains - (r.endpoint_hour + r.zone) if endpoint in hub else ZERO
        if endpoint in hub:
            why = (
                f"{len(via)} VPC(s) use it from the hub; they save {format_money(gains)}/month against its "
                f"{format_money(r.endpoint_hour + r.zone)} there"
            )
        else:
            why = "stays in the VPCs that need it: a hub copy would cost more than the VPCs using it would save"
        placements.append(
            EndpointPlacement(
                region=r.name,
                endpoint=endpoint,
                placement="hub" if endpoint in hub else "local",
                via_hub=via,
                local=local,
                savings_monthly=saving,
                reason=why,
            )
        )
    return hub_plan, placements, vpc_plans


def _needs_via(r: _Region, plan: VpcPlan, endpoint: str) -> bool:
    vpc = next(v for v in r.vpcs if v.name == plan.name)
    return any(endpoint in vpc.on_nat[s][0] for s in plan.services_via_hub)


def _endpoint_gain(r: _Region, vpc: _Vpc, endpoint: str) -> Decimal:
    hours, gb = vpc.local.get(endpoint, (ZERO, ZERO))
    gain = max(hours - gb * r.tgw_gb, ZERO) if endpoint in vpc.local else ZERO
    rate = r.nat_gb.get(vpc.name)
    for needs, gb_nat in vpc.on_nat.values():
        if endpoint in needs and rate is not None:
            gain += max(gb_nat * (rate - r.endpoint_gb - r.tgw_gb), ZERO) / len(needs)
    return gain


def _vpc_plan(r: _Region, vpc: _Vpc, hub: set[str], member: bool, catalog: Catalog) -> VpcPlan:
    plan = vpc.plan
    _, via, services = _gain(r, vpc, hub) if member else (ZERO, [], [])
    added: list[Part] = []
    removed: list[Part] = []
    h = plan.hours_per_month
    for endpoint in via:
        _, gb = vpc.local[endpoint]
        removed.append(
            Part(
                "spokes",
                r.name,
                b.endpoint_hours(
                    f"Own endpoint hours: {endpoint}",
                    Decimal(plan.endpoint_azs.count),
                    h,
                    f"{plan.endpoint_azs.count} AZ × {quantity_text(h)} h",
                ),
            )
        )
        added.append(
            Part(
                "spokes",
                r.name,
                b.tgw_processing(f"Transit Gateway data processed: {endpoint}", gb, "to and from the hub's endpoint"),
            )
        )
    layout = plan.nat.layout_plan
    for service in services:
        _, gb = vpc.on_nat[service]
        rate = "regional_nat_gateway_gb" if layout == "regional" else "nat_gateway_gb"
        removed.append(Part("spokes", r.name, b.nat_data(f"NAT data processed: {service}", rate, gb)))
        added.append(Part("spokes", r.name, b.endpoint_data(f"Hub endpoint data processed: {service}", gb)))
        added.append(
            Part(
                "spokes",
                r.name,
                b.tgw_processing(f"Transit Gateway data processed: {service}", gb, "to and from the hub's endpoints"),
            )
        )
    if member and not vpc.attached:
        added.append(Part("spokes", r.name, b.tgw_attachments("Transit Gateway attachment", Decimal(1), h)))
    added_items, removed_items = price_parts(added, catalog), price_parts(removed, catalog)
    delta = sum((i.monthly for i in added_items), ZERO) - sum((i.monthly for i in removed_items), ZERO)
    local = [e.service for e in plan.endpoints if e.type == "interface" and e.service not in via]
    return VpcPlan(
        name=vpc.name,
        region=r.name,
        azs=plan.azs,
        attached_today=vpc.attached,
        joins_hub=member,
        nat_action=plan.nat.action,
        keeps_nat=plan.nat.layout_plan is not None,
        endpoints_local=local,
        endpoints_via_hub=sorted(via),
        services_via_hub=sorted(services),
        baseline_monthly=plan.baseline_monthly,
        own_plan_monthly=plan.plan_monthly,
        added=added_items,
        removed=removed_items,
        plan_monthly=plan.plan_monthly + delta,
        savings_monthly=plan.baseline_monthly - plan.plan_monthly - delta,
        plan=plan,
    )


def _assumptions(hours: Decimal, org: OrganisationProfile) -> list[str]:
    return [
        f"{quantity_text(hours)} hours a month"
        + (" (the AWS Pricing Calculator's convention)" if hours == DEFAULT_HOURS_PER_MONTH else ""),
        "Each VPC's own plan is pl-cost recommend's for its workload profile; the organisation plan starts there.",
        "One hub VPC per region with VPCs, on a Transit Gateway in that region; a VPC attached today pays its "
        "attachment anyway, so only new attachments are costs of the hub. The hub VPC is new, so its own "
        "attachment is a cost of the hub"
        + (" (hub.attached says it is attached already)." if org.hub.attached else " (set hub.attached if it exists)."),
        f"DNS for the hub: {org.hub.dns} ({', '.join(DNS_OPTIONS)} are the options).",
        "A VPC uses a hub endpoint when its own endpoint hours exceed Transit Gateway processing on its bytes to it; "
        "a service on the NAT in its own plan moves to the hub when NAT processing exceeds endpoint plus Transit "
        "Gateway processing (first-tier prices).",
        "A service's GB are split evenly over its interface endpoints.",
        "Which VPCs keep a NAT comes from each VPC's own plan; the hub is not used to remove a NAT.",
        "The search adds the endpoint group, then the VPC, that saves the most, while one saves anything, and "
        "keeps the hub only if it pays its shared costs (its attachment when new, a Profile or Resolver endpoints).",
    ]
