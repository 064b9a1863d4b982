"""`pl_cost.hub`: the interface endpoints (and optionally the NAT egress) of N VPCs in one hub VPC,
reached over Transit Gateway, against the same endpoints in every VPC.

AWS's pattern: https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-access-to-vpc-private-endpoints.html
The hub's endpoints need DNS the spokes can resolve: private hosted zones, a Route 53 Profile, or
Resolver endpoints, each priced. Two situations, as with the NAT: the Transit Gateway exists anyway
(its attachments are sunk) or it is added for this. Exact break-evens in VPCs and in GB, and a
per-service answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pl_cost.api import MAX_ENDPOINTS, PricesUsed, check_azs, check_gb, check_hours
from pl_cost.api import endpoint_names as parse_endpoint_names
from pl_cost.assumptions import CROSS_AZ_FREE_SINCE, CROSS_AZ_FREE_SOURCE
from pl_cost.catalog import Catalog, load_catalog
from pl_cost.errors import MissingRateError, UsageError
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, format_money
from pl_cost.multivpc.charges import (
    BreakEvenAnswer,
    Costed,
    CurveMark,
    Curves,
    MultiVpcResult,
    costed,
    curve_points,
    prices_for,
    solve,
    tier_points,
    total,
    where_text,
)
from pl_cost.multivpc.checks import count, rate_input
from pl_cost.multivpc.components import PROFILE_INCLUDED_ASSOCIATIONS, RESOLVER_MIN_ENIS, quantity_text
from pl_cost.multivpc.hub_cost import (
    DNS_LABELS,
    DNS_OPTIONS,
    GATEWAY_SERVICES,
    MAX_VPCS,
    SHORT_SITUATION,
    SITUATION_LABELS,
    SITUATIONS,
    DnsOption,
    HubDemand,
    Situation,
    attachment_parts,
    break_evens,
    dns_parts,
    every_vpc_parts,
    hub_parts,
    service_parts,
)

HUB_SCHEMA_VERSION = 1
_FROZEN = ConfigDict(frozen=True)


class HubInputs(BaseModel):
    """What was asked, after validation and defaults."""

    model_config = _FROZEN
    region: str
    vpcs: int
    azs: int
    interface_endpoints: list[str]
    endpoints_named: bool
    gateway_endpoints: list[str]
    gb_per_vpc: dict[str, Decimal]
    gb_per_vpc_total: Decimal
    gb_split: Literal["given", "even"]
    dns: DnsOption
    dns_queries_million_per_vpc: Decimal
    nat_gb_per_vpc: Decimal | None
    hours_per_month: Decimal


class HubSituation(BaseModel):
    """Both layouts' totals in one situation, and where the cheaper one flips."""

    model_config = _FROZEN
    situation: Situation
    label: str
    every_vpc_monthly: Decimal
    hub_monthly: Decimal
    savings_monthly: Decimal
    cheaper: Literal["hub", "every_vpc", "equal"]
    vpcs: BreakEvenAnswer
    gb: BreakEvenAnswer


class DnsSituation(BaseModel):
    """One DNS option's answer in one situation."""

    model_config = _FROZEN
    hub_monthly: Decimal
    savings_monthly: Decimal
    vpcs: BreakEvenAnswer
    gb: BreakEvenAnswer


class DnsChoice(BaseModel):
    """A DNS option for the hub priced: its own monthly cost and the break-evens it gives."""

    model_config = _FROZEN
    dns: DnsOption
    label: str
    chosen: bool
    dns_monthly: Decimal | None
    situations: dict[Situation, DnsSituation] | None
    missing_price: str | None = None


class ServiceAnswer(BaseModel):
    """Whether one endpoint service pays to centralise, the Transit Gateway being there."""

    model_config = _FROZEN
    endpoint: str
    gb_per_vpc: Decimal
    every_vpc_monthly: Decimal
    hub_monthly: Decimal
    savings_monthly: Decimal
    verdict: Literal["hub", "every_vpc"]
    vpcs: BreakEvenAnswer
    gb: BreakEvenAnswer
    reason: str


class HubReport(MultiVpcResult):
    """Endpoints in a hub against endpoints in every VPC: both layouts, both situations, the DNS options,
    and each service on its own."""

    model_config = _FROZEN
    schema_name: str = "pl-cost/hub"
    schema_version: int = HUB_SCHEMA_VERSION
    inputs: HubInputs
    prices: PricesUsed
    assumptions: list[str]
    every_vpc: Costed
    hub: Costed
    attachments_monthly: Decimal
    situations: dict[Situation, HubSituation]
    dns_options: list[DnsChoice]
    services: list[ServiceAnswer]
    verdict: list[str]


def check_dns(dns: str) -> DnsOption:
    """A DNS option name, or the one-line error listing the allowed ones."""
    if dns not in DNS_OPTIONS:
        raise UsageError(f"dns: unknown DNS option {dns!r}; allowed: {', '.join(DNS_OPTIONS)}")
    return dns


def check_vpcs(vpcs: object) -> int:
    """Spoke VPCs: from 1 to MAX_VPCS."""
    return count(vpcs, "vpcs", 1, MAX_VPCS, "spoke VPCs")


def endpoint_names(endpoints: int | str | Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(interface endpoints, gateway endpoints, named): from a count or endpoint names (`api.endpoint_names`)."""
    if isinstance(endpoints, str):
        text = endpoints.strip()
        numeric = re.fullmatch(r"[0-9]{1,6}", text) is not None
        endpoints = int(text) if numeric else [p for p in (s.strip() for s in text.split(",")) if p]
    parsed = parse_endpoint_names(endpoints)
    if isinstance(parsed, int):
        return tuple(f"endpoint-{i + 1}" for i in range(parsed)), (), False
    names = parsed
    interface = tuple(n for n in names if n not in GATEWAY_SERVICES)
    if not interface:
        raise UsageError(
            "endpoints: give at least one interface endpoint (s3 and dynamodb are gateway endpoints, free in every VPC)"
        )
    if len(interface) > MAX_ENDPOINTS:
        raise UsageError(f"endpoints: at most {MAX_ENDPOINTS} interface endpoints, got {len(interface)}")
    return interface, tuple(n for n in names if n in GATEWAY_SERVICES), True


def _gb_split(
    gb: object, interface: tuple[str, ...]
) -> tuple[Decimal, tuple[Decimal, ...], dict[str, Decimal], Literal["given", "even"]]:
    """(GB per VPC, each endpoint's share, GB per endpoint, how): a total spread evenly, or per endpoint."""
    if isinstance(gb, Mapping):
        given = {str(k).strip(): check_gb(v, f"gb.{k}") for k, v in gb.items()}
        for name in given:
            if name not in interface:
                allowed = ", ".join(interface)
                raise UsageError(f"gb: {name!r} is not one of the interface endpoints ({allowed})")
        per = {e: given.get(e, Decimal(0)) for e in interface}
        whole = sum(per.values(), Decimal(0))
        if whole:
            return whole, tuple(per[e] / whole for e in interface), per, "given"
        return whole, tuple(Decimal(1) / len(interface) for _ in interface), per, "given"
    whole = check_gb(gb, "gb")
    share = Decimal(1) / len(interface)
    return whole, tuple(share for _ in interface), {e: whole / len(interface) for e in interface}, "even"


def hub(
    vpcs: object,
    endpoints: int | str | Sequence[str],
    azs: object = 2,
    region: str = "us-east-1",
    *,
    gb: object = 0,
    dns: str = "phz",
    dns_queries: object = 0,
    nat_gb: object | None = None,
    hours: object = DEFAULT_HOURS_PER_MONTH,
    catalog: Catalog | None = None,
) -> HubReport:
    """Interface endpoints for `vpcs` VPCs in a hub VPC against in every VPC.

    `gb` is each VPC's interface-endpoint traffic a month: a number (spread evenly over the endpoints)
    or a mapping of endpoint to GB. `dns_queries` is millions of DNS queries a month per VPC to the
    services (Resolver endpoints bill them). `nat_gb` adds each VPC's internet egress, through its own
    NAT gateways or the hub's.
    """
    catalog = catalog or load_catalog()
    n = check_vpcs(vpcs)
    azs_checked = check_azs(azs)
    hours_checked = check_hours(hours)
    dns_option = check_dns(dns)
    interface, gateways, named = endpoint_names(endpoints)
    whole, shares, per_endpoint, how = _gb_split(gb, interface)
    queries = rate_input(dns_queries, "dns_queries", "million queries a month per VPC")
    nat = check_gb(nat_gb, "nat_gb") if nat_gb is not None else None
    catalog.region(region)
    if named:
        from pl_cost.endpoint_services import require_available

        require_available(region, (*interface, *gateways))
    demand = HubDemand(  # the same as demand_of(inputs), built before the inputs model
        region, Decimal(n), interface, whole, shares, gateways, azs_checked, dns_option, queries, nat, hours_checked
    )
    inputs = HubInputs(
        region=region,
        vpcs=n,
        azs=azs_checked,
        interface_endpoints=list(interface),
        endpoints_named=named,
        gateway_endpoints=list(gateways),
        gb_per_vpc=per_endpoint,
        gb_per_vpc_total=whole,
        gb_split=how,
        dns=dns_option,
        dns_queries_million_per_vpc=queries,
        nat_gb_per_vpc=nat,
        hours_per_month=hours_checked,
    )
    every = costed(every_vpc_parts(demand), catalog)
    central = costed(hub_parts(demand), catalog)
    attachments = total(attachment_parts(demand), catalog)
    situations = {s: _situation(demand, s, every, central, attachments, catalog) for s in SITUATIONS}
    services = [_service(demand, i, catalog) for i in range(len(interface))]
    return HubReport(
        inputs=inputs,
        prices=prices_for(catalog, region, [*every.line_items, *central.line_items]),
        assumptions=_assumptions(inputs),
        every_vpc=every,
        hub=central,
        attachments_monthly=attachments,
        situations=situations,
        dns_options=[_dns_choice(demand, option, catalog) for option in DNS_OPTIONS],
        services=services,
        verdict=_verdict(situations, services),
    )


def _situation(
    d: HubDemand, situation: Situation, every: Costed, central: Costed, attachments: Decimal, catalog: Catalog
) -> HubSituation:
    kept = attachments if situation == "tgw_exists" else Decimal(0)
    every_side = every.total_monthly + kept
    savings = every_side - central.total_monthly
    by_vpcs, by_gb = break_evens(d, situation, catalog)
    return HubSituation(
        situation=situation,
        label=SITUATION_LABELS[situation],
        every_vpc_monthly=every_side,
        hub_monthly=central.total_monthly,
        savings_monthly=savings,
        cheaper="hub" if savings > 0 else "every_vpc" if savings < 0 else "equal",
        vpcs=by_vpcs,
        gb=by_gb,
    )


def _dns_choice(d: HubDemand, option: DnsOption, catalog: Catalog) -> DnsChoice:
    at = d.with_dns(option)
    try:
        dns_monthly = total(dns_parts(at), catalog)
        hub_total = total(hub_parts(at), catalog)
        every_total = total(every_vpc_parts(at), catalog)
        attachments = total(attachment_parts(at), catalog)
        situations: dict[Situation, DnsSituation] = {}
        for s in SITUATIONS:
            kept = attachments if s == "tgw_exists" else Decimal(0)
            by_vpcs, by_gb = break_evens(at, s, catalog)
            situations[s] = DnsSituation(
                hub_monthly=hub_total, savings_monthly=every_total + kept - hub_total, vpcs=by_vpcs, gb=by_gb
            )
    except MissingRateError as exc:
        if option == d.dns:
            raise
        return DnsChoice(
            dns=option,
            label=DNS_LABELS[option],
            chosen=False,
            dns_monthly=None,
            situations=None,
            missing_price=str(exc),
        )
    return DnsChoice(
        dns=option, label=DNS_LABELS[option], chosen=option == d.dns, dns_monthly=dns_monthly, situations=situations
    )


def _service(d: HubDemand, index: int, catalog: Catalog) -> ServiceAnswer:
    name = d.endpoints[index]

    def diff(at: HubDemand) -> Decimal:
        every, central = service_parts(at, index)
        return total(central, catalog) - total(every, catalog)

    def with_gb(x: Decimal) -> HubDemand:
        # Only this service's GB vary: give it share 1 of x, the others 0 (only its parts are priced).
        return replace(d, gb=x, shares=tuple(Decimal(i == index) for i in range(len(d.shares))))

    every, central = service_parts(d, index)
    every_monthly, hub_monthly = total(every, catalog), total(central, catalog)
    savings = every_monthly - hub_monthly
    by_vpcs = solve("vpcs", lambda n: diff(d.with_vpcs(n)), [], f"{name} in the hub", "in every VPC")
    by_gb = solve("gb", lambda x: diff(with_gb(x)), [], f"{name} in the hub", "in every VPC")
    verdict: Literal["hub", "every_vpc"] = "hub" if savings > 0 else "every_vpc"
    gb_text = quantity_text(d.service_gb(index))
    if verdict == "hub":
        reason = (
            f"saves {format_money(savings)}/month: {quantity_text(d.vpcs - 1)} fewer endpoints in {d.azs} AZs "
            f"outweigh Transit Gateway processing of {gb_text} GB per VPC"
        )
    else:
        reason = (
            f"costs {format_money(-savings)}/month more in the hub: processing {gb_text} GB per VPC through the "
            "Transit Gateway outweighs the endpoints saved"
        )
    return ServiceAnswer(
        endpoint=name,
        gb_per_vpc=d.service_gb(index),
        every_vpc_monthly=every_monthly,
        hub_monthly=hub_monthly,
        savings_monthly=savings,
        verdict=verdict,
        vpcs=by_vpcs,
        gb=by_gb,
        reason=reason,
    )


def _verdict(situations: dict[Situation, HubSituation], services: list[ServiceAnswer]) -> list[str]:
    lines = []
    for s in situations.values():
        if s.cheaper == "hub":
            head = f"the hub saves {format_money(s.savings_monthly)}/month"
        elif s.cheaper == "every_vpc":
            head = f"endpoints in every VPC are cheaper by {format_money(-s.savings_monthly)}/month"
        else:
            head = "both cost the same"
        lines.append(
            f"Verdict, {SHORT_SITUATION[s.situation]}: {head}; the hub is cheaper in VPCs: {_where(s.vpcs)}; "
            f"in GB per VPC: {_where(s.gb)}."
        )
    central = [a.endpoint for a in services if a.verdict == "hub"]
    local = [a.endpoint for a in services if a.verdict == "every_vpc"]
    if central and local:
        lines.append(f"Per service: centralise {', '.join(central)}; keep {', '.join(local)} in every VPC.")
    elif central:
        lines.append("Per service: every endpoint pays to centralise once the Transit Gateway is there.")
    else:
        lines.append("Per service: no endpoint pays to centralise, even with the Transit Gateway there.")
    return lines


def _where(answer: BreakEvenAnswer) -> str:
    return where_text(answer)


def _assumptions(inputs: HubInputs) -> list[str]:
    hours = inputs.hours_per_month
    notes = [
        f"{quantity_text(hours)} hours a month"
        + (" (the AWS Pricing Calculator's convention)" if hours == DEFAULT_HOURS_PER_MONTH else ""),
        f"{inputs.vpcs} spoke VPCs and one hub VPC, each using {inputs.azs} AZ(s); every interface endpoint has an "
        "ENI in each.",
        "Each VPC's interface-endpoint GB are the same on both layouts, so endpoint data processing cancels; "
        "in the hub every byte also passes the Transit Gateway once (requests from the spoke, responses from "
        "the hub).",
        f"Data between AZs is free over PrivateLink and Transit Gateway since {CROSS_AZ_FREE_SINCE} "
        f"({CROSS_AZ_FREE_SOURCE}).",
        "Transit Gateway exists anyway: every attachment, the hub's too, is there for other traffic and cancels. "
        "Transit Gateway added: the spokes' and the hub's attachments are costs of centralising.",
    ]
    if inputs.gb_split == "even":
        notes.append(
            f"{quantity_text(inputs.gb_per_vpc_total)} GB per VPC spread evenly over the "
            f"{len(inputs.interface_endpoints)} interface endpoints."
        )
    if inputs.dns == "phz":
        notes.append(
            "DNS: the hub's endpoints have private DNS off; one private hosted zone per service with an "
            "alias record, associated with every spoke (associations and alias queries are free); the "
            "account's first 25 zones bill at the first-tier price."
        )
    elif inputs.dns == "profile":
        notes.append(
            "DNS: private DNS stays on and the endpoints are associated with one Route 53 Profile shared "
            "with the spokes; the hourly charge covers 100 VPC associations."
        )
    else:
        queries = quantity_text(inputs.dns_queries_million_per_vpc)
        notes.append(
            f"DNS: spokes forward the service names to an outbound and an inbound Resolver endpoint in the "
            f"hub ({RESOLVER_MIN_ENIS} ENIs or one per AZ each); {queries} million queries a month per VPC, "
            "each billed by both endpoints."
        )
    if not inputs.dns_queries_million_per_vpc:
        # The DNS-options table prices Resolver endpoints whichever option was chosen.
        notes.append(
            "DNS queries not given: the Resolver option's queries are priced at 0 (unknown, not free); pass "
            "dns_queries (millions a month per VPC) to include them."
        )
    if inputs.gateway_endpoints:
        notes.append(
            f"{', '.join(inputs.gateway_endpoints)}: gateway endpoints stay in every VPC, free, on both layouts."
        )
    if inputs.nat_gb_per_vpc is not None:
        notes.append(
            f"NAT egress: {quantity_text(inputs.nat_gb_per_vpc)} GB per VPC through one NAT per AZ in "
            "every VPC, or through the hub's NAT per AZ over the Transit Gateway; internet transfer out is "
            "the same on both and left out."
        )
    notes.append(
        "Per service: what one endpoint saves with the Transit Gateway and the DNS option already there; "
        "the shared costs (attachments when added, a Profile or Resolver endpoints) are in the totals."
    )
    return notes


def demand_of(inputs: HubInputs) -> HubDemand:
    """The per-VPC demand a report's inputs describe, to price it again at other VPC counts or volumes."""
    whole = inputs.gb_per_vpc_total
    names = tuple(inputs.interface_endpoints)
    if whole:
        shares = tuple(inputs.gb_per_vpc[e] / whole for e in names)
    else:
        shares = tuple(Decimal(1) / len(names) for _ in names)
    return HubDemand(
        inputs.region,
        Decimal(inputs.vpcs),
        names,
        whole,
        shares,
        tuple(inputs.gateway_endpoints),
        inputs.azs,
        inputs.dns,
        inputs.dns_queries_million_per_vpc,
        inputs.nat_gb_per_vpc,
        inputs.hours_per_month,
    )


def hub_curves(report: HubReport, catalog: Catalog | None = None, up_to: object | None = None) -> Curves:
    """Monthly cost against the number of VPCs (GB per VPC held): every VPC, the hub with the Transit Gateway
    added, and the hub when it exists anyway (its attachments left out of both)."""
    catalog = catalog or load_catalog()
    d = demand_of(report.inputs)
    crossings = [c for s in report.situations.values() for c in s.vpcs.crossings]
    if up_to is None:
        top = max([Decimal(2 * report.inputs.vpcs), Decimal(10), *(2 * c for c in crossings)])
    else:
        top = Decimal(count(up_to, "up_to", 1, MAX_VPCS, "VPCs"))
    points = [*crossings, d.vpcs, *tier_points(lambda n: hub_parts(d.with_vpcs(n)), catalog)]
    points += tier_points(lambda n: every_vpc_parts(d.with_vpcs(n)), catalog)
    if d.dns == "profile":
        points.append(PROFILE_INCLUDED_ASSOCIATIONS)
    series = {
        "Endpoints in every VPC": lambda n: total(every_vpc_parts(d.with_vpcs(n)), catalog),
        "Hub, Transit Gateway added": lambda n: total(hub_parts(d.with_vpcs(n)), catalog),
        "Hub, Transit Gateway exists (attachments sunk)": lambda n: total(
            hub_parts(d.with_vpcs(n), with_attachments=False), catalog
        ),
    }
    marks = [
        CurveMark(x=c, label=f"break-even, {SHORT_SITUATION[s.situation]}")
        for s in report.situations.values()
        for c in s.vpcs.crossings
    ]
    i = report.inputs
    title = (
        f"{i.region}: {len(i.interface_endpoints)} interface endpoints, {i.azs} AZs, "
        f"{quantity_text(i.gb_per_vpc_total)} GB/month per VPC, DNS {i.dns}, {quantity_text(i.hours_per_month)} h"
    )
    return Curves(variable="vpcs", title=title, current=d.vpcs, points=curve_points(series, points, top), marks=marks)
