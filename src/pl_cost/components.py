"""Cost builders: what a NAT gateway or an endpoint layout buys, in billable quantities.

A component names a quantity and the rate it needs; it has no price. Pricing (`pricing.py`) fills
unit prices from a catalog, so the same components can be priced for any region or override.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

CostPath = Literal["nat", "endpoint"]
Kind = Literal["fixed", "usage"]
NatLayout = Literal["per-az", "single", "regional"]
NAT_LAYOUTS: tuple[NatLayout, ...] = ("per-az", "single", "regional")
#: AZ counts pl-cost prices; no commercial region has more than six AZs.
MAX_AZS = 6

GATEWAY_ENDPOINT_SOURCE = (
    "https://docs.aws.amazon.com/prescriptive-guidance/latest/aws-startup-security-baseline/wkld-12.html"
    " (gateway endpoints come at no additional charge)"
)


@dataclass(frozen=True)
class Component:
    """A billable quantity on one path, and the canonical rate that prices it (None: free)."""

    path: CostPath
    name: str
    kind: Kind
    rate: str | None
    quantity: Decimal
    unit: str
    note: str | None = None
    #: Inter-region transfer: the region the bytes go to, whose price may differ (`Rate.to`).
    to_region: str | None = None


def nat_components(
    layout: NatLayout, azs: int, gb: Decimal, hours: Decimal, active_azs: int | None = None
) -> list[Component]:
    """A NAT layout serving `azs` AZs that processes `gb` GB a month.

    per-az: one zonal NAT per AZ. single: one zonal NAT; traffic from the other AZs crosses AZs
    both ways (request and response), assumed spread evenly. regional: one regional NAT billed per
    active AZ (`active_azs`, default `azs`), each holding a public IPv4 address
    (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html).
    """
    if layout == "regional":
        nats, hour_rate, gb_rate = active_azs or azs, "regional_nat_gateway_hour", "regional_nat_gateway_gb"
        hour_name, hour_unit = "Regional NAT gateway, AZ-hours", "NAT-AZ-hour"
    else:
        nats = azs if layout == "per-az" else 1
        hour_rate, gb_rate = "nat_gateway_hour", "nat_gateway_gb"
        hour_name, hour_unit = "NAT gateway hours", "NAT-hour"
    items = [
        Component("nat", hour_name, "fixed", hour_rate, nats * hours, hour_unit, f"{nats} × {hours} h"),
        Component(
            "nat",
            "NAT public IPv4 address",
            "fixed",
            "public_ipv4_hour",
            nats * hours,
            "IP-hour",
            f"{nats} address{'es' if nats != 1 else ''} × {hours} h",
        ),
        Component("nat", "NAT data processed", "usage", gb_rate, gb, "GB"),
    ]
    if layout == "single" and azs > 1:
        crossing = gb * 2 * (azs - 1) / azs
        items.append(
            Component(
                "nat",
                "Inter-AZ to the shared NAT",
                "usage",
                "inter_az_gb",
                crossing,
                "GB",
                f"{azs - 1} of {azs} AZs' traffic crosses AZs, both directions",
            )
        )
    return items


def interface_endpoint_components(
    endpoints: tuple[str, ...] | int, azs: int, gb: Decimal, hours: Decimal
) -> list[Component]:
    """Interface endpoints with an ENI in each of `azs` AZs, carrying `gb` GB a month between them.

    `endpoints` is either named endpoints (one hours line each) or a count (one line for all). Clients in
    other AZs reach them at no inter-AZ charge: data between AZs over PrivateLink is free since 2022-04-01
    (https://aws.amazon.com/about-aws/whats-new/2022/04/aws-data-transfer-price-reduction-privatelink-transit-gateway-client-vpn-services/).
    """
    items: list[Component] = []
    if isinstance(endpoints, int):
        if endpoints:
            items.append(
                Component(
                    "endpoint",
                    "Endpoint hours",
                    "fixed",
                    "interface_endpoint_hour",
                    endpoints * azs * hours,
                    "endpoint-AZ-hour",
                    f"{endpoints} endpoint(s) × {azs} AZ × {hours} h",
                )
            )
        count = endpoints
    else:
        for name in endpoints:
            items.append(
                Component(
                    "endpoint",
                    f"Endpoint hours: {name}",
                    "fixed",
                    "interface_endpoint_hour",
                    azs * hours,
                    "endpoint-AZ-hour",
                    f"{azs} AZ × {hours} h",
                )
            )
        count = len(endpoints)
    if count:
        items.append(
            Component(
                "endpoint",
                "Endpoint data processed",
                "usage",
                "interface_endpoint_gb",
                gb,
                "GB",
                "tiers apply to the region's total across interface endpoints",
            )
        )
    return items


def gateway_endpoint_components(gateways: tuple[tuple[str, str | None], ...]) -> list[Component]:
    """Gateway endpoints (S3, DynamoDB): free, shown so the plan is complete."""
    return [
        Component("endpoint", f"Gateway endpoint: {name}", "fixed", None, Decimal(1), "endpoint", note)
        for name, note in gateways
    ]


def per_flow(components: Sequence[Component], rates: Sequence[str], flows_gb: Mapping[str, Decimal]) -> list[Component]:
    """Split each one-line data charge of `rates` into a line per flow, so each service shows its own cost.

    Pricing pools a rate's lines again before applying tiers, so splitting never changes a total.
    """
    out: list[Component] = []
    for comp in components:
        parts = [(name, gb) for name, gb in flows_gb.items() if gb > 0]
        if comp.rate not in rates or not parts:
            out.append(comp)
            continue
        out += [replace(comp, name=f"{comp.name}: {name}", quantity=gb) for name, gb in parts]
    return out
