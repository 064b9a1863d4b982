"""What endpoints in every VPC and endpoints in a hub VPC buy, per-VPC figures scaled by the VPC count,
and the exact break-evens between the two layouts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from pl_cost.catalog import Catalog
from pl_cost.components import gateway_endpoint_components
from pl_cost.multivpc import components as b
from pl_cost.multivpc.charges import BreakEvenAnswer, solve, tier_points, total
from pl_cost.multivpc.components import PROFILE_INCLUDED_ASSOCIATIONS, RESOLVER_MIN_ENIS, Part, quantity_text

DnsOption = Literal["phz", "profile", "resolver"]
DNS_OPTIONS: tuple[DnsOption, ...] = ("phz", "profile", "resolver")
DNS_LABELS: dict[DnsOption, str] = {
    "phz": "Route 53 private hosted zones",
    "profile": "Route 53 Profile",
    "resolver": "Route 53 Resolver endpoints",
}
Situation = Literal["tgw_exists", "tgw_added"]
SITUATIONS: tuple[Situation, ...] = ("tgw_exists", "tgw_added")
SITUATION_LABELS: dict[Situation, str] = {
    "tgw_exists": "Transit Gateway exists anyway (its attachments are sunk)",
    "tgw_added": "Transit Gateway added for this",
}
SHORT_SITUATION: dict[Situation, str] = {"tgw_exists": "TGW exists", "tgw_added": "TGW added"}
#: Gateway endpoints: free, and reachable only from their own VPC, so they stay in every VPC
#: (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html).
GATEWAY_SERVICES = ("s3", "dynamodb")
#: A transit gateway takes 5,000 attachments, one of them the hub's
#: (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html).
MAX_VPCS = 4_999


@dataclass(frozen=True)
class HubDemand:
    """What the VPCs need: per-VPC figures, so the VPC count scales everything."""

    region: str
    vpcs: Decimal
    endpoints: tuple[str, ...]
    #: GB a month per VPC to all the interface endpoints, and each endpoint's share of it.
    gb: Decimal
    shares: tuple[Decimal, ...]
    gateways: tuple[str, ...]
    azs: int
    dns: DnsOption
    queries: Decimal
    nat_gb: Decimal | None
    hours: Decimal

    def service_gb(self, index: int) -> Decimal:
        """GB a month per VPC to one endpoint."""
        return self.gb * self.shares[index]

    def with_vpcs(self, vpcs: Decimal) -> HubDemand:
        """`vpcs` spokes with the same traffic each."""
        return replace(self, vpcs=vpcs)

    def with_gb(self, gb: Decimal) -> HubDemand:
        """Each VPC sending `gb` GB a month, in the same proportions across services."""
        return replace(self, gb=gb)

    def with_dns(self, dns: DnsOption) -> HubDemand:
        """The same VPCs with another DNS option."""
        return replace(self, dns=dns)


def _q(value: Decimal) -> str:
    return quantity_text(value, 4)


def every_vpc_parts(d: HubDemand) -> list[Part]:
    """Each VPC with its own interface endpoints in its AZs (private DNS on, free), its gateway endpoints,
    and optionally its own NAT gateways."""
    n, h = d.vpcs, d.hours
    parts = [
        Part(
            "spokes",
            d.region,
            b.endpoint_hours(f"Endpoint hours: {e}", n * d.azs, h, f"{_q(n)} VPCs × {d.azs} AZ × {_q(h)} h"),
        )
        for e in d.endpoints
    ]
    parts.append(
        Part("spokes", d.region, b.endpoint_data("Endpoint data processed", n * d.gb, f"{_q(n)} VPCs × {_q(d.gb)} GB"))
    )
    parts += _gateways(d)
    if d.nat_gb is not None:
        parts += [Part("spokes", d.region, c) for c in b.nat_egress(d.azs, n * d.nat_gb, h, n, "every VPC")]
    return parts


def _gateways(d: HubDemand) -> list[Part]:
    notes = tuple((g, f"in each of the {_q(d.vpcs)} VPCs on both layouts") for g in d.gateways)
    return [Part("spokes", d.region, c) for c in gateway_endpoint_components(notes)]


def attachment_parts(d: HubDemand) -> list[Part]:
    """Every spoke's attachment and the hub's, billed to each VPC's owner."""
    return [
        Part("spokes", d.region, b.tgw_attachments("Transit Gateway attachments (spoke VPCs)", d.vpcs, d.hours)),
        Part("hub", d.region, b.tgw_attachments("Transit Gateway attachment (hub VPC)", Decimal(1), d.hours)),
    ]


def dns_parts(d: HubDemand) -> list[Part]:
    """How the spokes resolve the hub's endpoints.

    phz: the hub's endpoints have private DNS off; one private hosted zone per service with an alias
    record, associated with every spoke (associations are free). profile: private DNS stays on and the
    endpoints are associated with a Route 53 Profile shared with the spokes (since 2025). resolver:
    private DNS stays on; spokes forward the service names through an outbound and an inbound Resolver
    endpoint in the hub, each query passing both.
    """
    h = d.hours
    if d.dns == "phz":
        return [Part("hub", d.region, b.private_zones(Decimal(len(d.endpoints))))]
    if d.dns == "profile":
        return [
            Part("hub", d.region, b.profile_hours(h)),
            Part("hub", d.region, b.profile_associations(d.vpcs, h)),
        ]
    enis = 2 * max(RESOLVER_MIN_ENIS, d.azs)
    note = f"inbound and outbound endpoints, {enis // 2} ENIs each × {_q(h)} h"
    queries = 2 * d.vpcs * d.queries
    qnote = f"{_q(d.vpcs)} VPCs × {_q(d.queries)} M queries, counted by both endpoints"
    return [
        Part("hub", d.region, b.resolver_enis(enis, h, note)),
        Part("hub", d.region, b.resolver_queries(queries, qnote)),
    ]


def hub_parts(d: HubDemand, with_attachments: bool = True) -> list[Part]:
    """The endpoints once in the hub, the spokes reaching them over Transit Gateway, and their DNS."""
    n, h = d.vpcs, d.hours
    parts = [
        Part(
            "hub",
            d.region,
            b.endpoint_hours(f"Hub endpoint hours: {e}", Decimal(d.azs), h, f"1 hub VPC × {d.azs} AZ × {_q(h)} h"),
        )
        for e in d.endpoints
    ]
    parts.append(
        Part("hub", d.region, b.endpoint_data("Endpoint data processed", n * d.gb, f"{_q(n)} VPCs × {_q(d.gb)} GB"))
    )
    if with_attachments:
        parts += attachment_parts(d)
    parts.append(
        Part(
            "shared",
            d.region,
            b.tgw_processing("Transit Gateway data processed", n * d.gb, "spokes' requests and the hub's responses"),
        )
    )
    parts += dns_parts(d)
    parts += _gateways(d)
    if d.nat_gb is not None:
        parts += [Part("hub", d.region, c) for c in b.nat_egress(d.azs, n * d.nat_gb, h, Decimal(1), "hub")]
        parts.append(
            Part(
                "shared",
                d.region,
                b.tgw_processing(
                    "Transit Gateway data processed, NAT egress", n * d.nat_gb, "egress to and from the hub's NAT"
                ),
            )
        )
    return parts


def difference(d: HubDemand, situation: Situation, catalog: Catalog) -> Decimal:
    """Hub minus every-VPC monthly cost: the hub is cheaper where it is below 0.

    When the Transit Gateway exists anyway its attachments are on both sides, so they cancel.
    """
    hub = total(hub_parts(d, with_attachments=situation == "tgw_added"), catalog)
    return hub - total(every_vpc_parts(d), catalog)


def _points(d: HubDemand, catalog: Catalog, variable: Literal["vpcs", "gb"]) -> list[Decimal]:
    vary = d.with_vpcs if variable == "vpcs" else d.with_gb
    points = [
        *tier_points(lambda v: hub_parts(vary(v)), catalog),
        *tier_points(lambda v: every_vpc_parts(vary(v)), catalog),
    ]
    if variable == "vpcs" and d.dns == "profile":
        points.append(PROFILE_INCLUDED_ASSOCIATIONS)
    return points


def break_evens(d: HubDemand, situation: Situation, catalog: Catalog) -> tuple[BreakEvenAnswer, BreakEvenAnswer]:
    """The break-even in VPCs (GB per VPC held) and in GB per VPC (VPCs held), solved exactly."""
    by_vpcs = solve(
        "vpcs",
        lambda n: difference(d.with_vpcs(n), situation, catalog),
        _points(d, catalog, "vpcs"),
        "the hub",
        "endpoints in every VPC",
    )
    by_gb = solve(
        "gb",
        lambda x: difference(d.with_gb(x), situation, catalog),
        _points(d, catalog, "gb"),
        "the hub",
        "endpoints in every VPC",
    )
    return by_vpcs, by_gb


def service_parts(d: HubDemand, index: int) -> tuple[list[Part], list[Part]]:
    """(every VPC, hub) parts of one endpoint service alone, the Transit Gateway and shared DNS being there.

    Its data processing is the same on both sides and left out; with private hosted zones it carries
    its own zone.
    """
    name, gb = d.endpoints[index], d.service_gb(index)
    every = [Part("spokes", d.region, b.endpoint_hours(f"Endpoint hours: {name}", d.vpcs * d.azs, d.hours, ""))]
    central = [
        Part("hub", d.region, b.endpoint_hours(f"Hub endpoint hours: {name}", Decimal(d.azs), d.hours, "")),
        Part("shared", d.region, b.tgw_processing(f"Transit Gateway data processed: {name}", d.vpcs * gb, "")),
    ]
    if d.dns == "phz":
        central.append(Part("hub", d.region, b.private_zones(Decimal(1))))
    return every, central
