"""Cost builders for connecting VPCs: what a Network Load Balancer, a Transit Gateway, a peering
connection, VPC Lattice or Route 53 buys, in billable quantities, and which account pays.

Each builder names a quantity and the canonical rate that prices it; `charges.py` fills the price from
the catalog of the region the part is billed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from pl_cost.components import Component, Kind, nat_components
from pl_cost.money import format_quantity

#: Who is billed: the service's provider or its consumers (connect); the hub account, the spokes, or both
#: (Transit Gateway processing: requests bill the spokes' attachments, responses the hub's).
Payer = Literal["provider", "consumers", "hub", "spokes", "shared"]
#: NLB listener protocols; each has its own NLCU dimensions.
Protocol = Literal["tcp", "udp", "tls"]
PROTOCOLS: tuple[Protocol, ...] = ("tcp", "udp", "tls")

#: One NLCU per hour covers this much of each dimension; the largest dimension bills
#: (https://aws.amazon.com/elasticloadbalancing/pricing/, Network Load Balancer: "an NLCU contains").
#: (new connections or flows per second, active connections or flows, GB processed per hour)
NLCU_DIMENSIONS: dict[Protocol, tuple[Decimal, Decimal, Decimal]] = {
    "tcp": (Decimal(800), Decimal(100_000), Decimal(1)),
    "udp": (Decimal(400), Decimal(50_000), Decimal(1)),
    "tls": (Decimal(50), Decimal(3_000), Decimal(1)),
}
#: Profile-VPC associations covered by the hourly Route 53 Profile charge
#: (https://aws.amazon.com/route53/pricing/, Route 53 Profiles).
PROFILE_INCLUDED_ASSOCIATIONS = Decimal(100)
#: A Resolver endpoint has at least two IP addresses (ENIs)
#: (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html).
RESOLVER_MIN_ENIS = 2
MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class Part:
    """A component, the account that pays it, and the region whose price applies."""

    payer: Payer
    region: str
    component: Component


def _c(name: str, kind: Kind, rate: str, quantity: Decimal, unit: str, note: str | None = None) -> Component:
    # The engine's Component has a NAT/endpoint `path` for the single-VPC question; it is unused here.
    return Component("endpoint", name, kind, rate, quantity, unit, note)


#: From here a quantity is shown in scientific notation: rounding it to a few places would need more
#: digits than decimal arithmetic keeps (the break-even solver can visit such values).
LARGE = Decimal(10) ** 15


def quantity_text(value: Decimal, places: int = 2) -> str:
    """A quantity for display: 1,460 or 417.14, or 1.2346E+20 when it is too large to round exactly."""
    if abs(value) >= LARGE:
        return f"{value:.4E}"
    return format_quantity(value, places)


def _n(value: Decimal) -> str:
    return quantity_text(value, 4)


def nlb_hours(hours: Decimal) -> Component:
    """The provider's Network Load Balancer, the front of its endpoint service (no PrivateLink line of its own)."""
    return _c("Network Load Balancer hours", "fixed", "nlb_hour", hours, "NLB-hour", f"1 NLB × {_n(hours)} h")


def nlcu_hours(protocol: Protocol, gb: Decimal, new_per_second: Decimal, active: Decimal, hours: Decimal) -> Component:
    """NLCU-hours a month: each hour bills its busiest dimension; traffic is spread evenly over the month."""
    new_unit, active_unit, gb_unit = NLCU_DIMENSIONS[protocol]
    flows = "flows" if protocol == "udp" else "connections"
    dims = [
        (gb / gb_unit, "GB processed"),
        (hours * new_per_second / new_unit, f"new {flows}"),
        (hours * active / active_unit, f"active {flows}"),
    ]
    value, dimension = max(dims, key=lambda d: d[0])
    note = f"{_n(value / hours)} NLCU/h ({protocol.upper()}; largest dimension: {dimension}) × {_n(hours)} h"
    return _c("NLB capacity units (NLCU)", "usage", "nlcu_hour", value, "NLCU-hour", note)


def endpoint_hours(name: str, endpoint_azs: Decimal, hours: Decimal, note: str) -> Component:
    """Interface endpoint ENI-hours: endpoints × AZs × hours."""
    return _c(name, "fixed", "interface_endpoint_hour", endpoint_azs * hours, "endpoint-AZ-hour", note)


def endpoint_data(name: str, gb: Decimal, note: str | None = None) -> Component:
    """Interface endpoint data processed; tiers apply to the account's regional total."""
    return _c(name, "usage", "interface_endpoint_gb", gb, "GB", note)


def tgw_attachments(name: str, count: Decimal, hours: Decimal) -> Component:
    """Transit Gateway attachment-hours, billed to each attachment's owner."""
    return _c(name, "fixed", "tgw_attachment_hour", count * hours, "attachment-hour", f"{_n(count)} × {_n(hours)} h")


def tgw_processing(name: str, gb: Decimal, note: str) -> Component:
    """Transit Gateway data processing on bytes sent into it from a VPC attachment."""
    return _c(name, "usage", "tgw_gb", gb, "GB", note)


def peering_cross_az(name: str, gb: Decimal, note: str) -> Component:
    """VPC peering bytes that cross AZs, each billed once out of the sender and once into the receiver."""
    return _c(name, "usage", "vpc_peering_cross_az_gb", gb, "GB", note)


def inter_region(name: str, gb: Decimal, note: str, to_region: str) -> Component:
    """Data transfer out of a region to `to_region`, billed where the bytes leave at that destination's price."""
    return replace(_c(name, "usage", "inter_region_gb", gb, "GB", note), to_region=to_region)


def lattice_service_hours(services: Decimal, hours: Decimal) -> Component:
    """VPC Lattice service-hours."""
    note = f"{_n(services)} service{'s' if services != 1 else ''} × {_n(hours)} h"
    return _c("VPC Lattice service hours", "fixed", "lattice_service_hour", services * hours, "service-hour", note)


def lattice_data(gb: Decimal) -> Component:
    """VPC Lattice data processed: request and response bytes."""
    return _c("VPC Lattice data processed", "usage", "lattice_gb", gb, "GB", "request and response bytes")


def lattice_requests(
    services: Decimal, requests_per_hour: Decimal, free_million_per_hour: Decimal, hours: Decimal
) -> Component:
    """VPC Lattice requests above the free allowance, spread evenly over the services and the month."""
    free = services * free_million_per_hour
    billed = max(requests_per_hour / MILLION - free, Decimal(0))
    note = f"{_n(requests_per_hour / MILLION)} M/h, {_n(free)} M/h free × {_n(hours)} h"
    return _c("VPC Lattice requests", "usage", "lattice_requests_per_million", billed * hours, "million requests", note)


def private_zones(zones: Decimal) -> Component:
    """Route 53 private hosted zones, one per endpoint service; associating them with VPCs is free."""
    note = f"{_n(zones)} zone{'s' if zones != 1 else ''}, each associated with every spoke VPC"
    return _c("Route 53 private hosted zones", "fixed", "route53_private_zone_month", zones, "hosted-zone-month", note)


def profile_hours(hours: Decimal) -> Component:
    """One Route 53 Profile in the hub account, covering the first 100 VPC associations."""
    return _c(
        "Route 53 Profile (first 100 VPC associations)",
        "fixed",
        "route53_profile_account_hour",
        hours,
        "account-hour",
        f"1 × {_n(hours)} h",
    )


def profile_associations(vpcs: Decimal, hours: Decimal) -> Component:
    """Profile-VPC associations above the first 100."""
    extra = max(vpcs - PROFILE_INCLUDED_ASSOCIATIONS, Decimal(0))
    note = f"{_n(extra)} above the first {PROFILE_INCLUDED_ASSOCIATIONS} × {_n(hours)} h"
    return _c(
        "Route 53 Profile associations above 100",
        "fixed",
        "route53_profile_association_hour",
        extra * hours,
        "association-hour",
        note,
    )


def resolver_enis(enis: int, hours: Decimal, note: str) -> Component:
    """Route 53 Resolver endpoint ENI-hours."""
    return _c("Route 53 Resolver endpoint ENIs", "fixed", "resolver_endpoint_eni_hour", enis * hours, "ENI-hour", note)


def resolver_queries(million: Decimal, note: str) -> Component:
    """DNS queries through Resolver endpoints (tiered by the month's count)."""
    return _c("Route 53 Resolver queries", "usage", "resolver_queries_per_million", million, "million queries", note)


def nat_data(name: str, rate: str, gb: Decimal) -> Component:
    """NAT gateway data processed (zonal or regional rate)."""
    return _c(name, "usage", rate, gb, "GB")


def nat_egress(nat_azs: int, gb: Decimal, hours: Decimal, nat_layouts: Decimal, label: str) -> list[Component]:
    """`nat_layouts` VPCs each with one NAT gateway per AZ, sharing `gb` GB of egress between them."""
    out: list[Component] = []
    for comp in nat_components("per-az", nat_azs, gb, hours):
        if comp.kind == "fixed":
            note = f"{_n(nat_layouts)} VPC × {nat_azs} AZ × {_n(hours)} h"
            comp = replace(comp, quantity=comp.quantity * nat_layouts, note=note)
        out.append(replace(comp, name=f"{comp.name} ({label})"))
    return out
