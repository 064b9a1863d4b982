"""What each way of connecting N consumer VPCs to one provider service buys, and where its cost bends.

The builders take per-consumer figures (`Demand`), so the consumer count scales every quantity and
the break-even solver can vary it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from pl_cost.catalog import Catalog
from pl_cost.multivpc import components as b
from pl_cost.multivpc.charges import total
from pl_cost.multivpc.components import MILLION, NLCU_DIMENSIONS, Part, Protocol, quantity_text

OptionName = Literal["privatelink", "transit_gateway", "peering", "lattice"]
OPTIONS: tuple[OptionName, ...] = ("privatelink", "transit_gateway", "peering", "lattice")
OPTION_LABELS: dict[OptionName, str] = {
    "privatelink": "PrivateLink endpoint service",
    "transit_gateway": "Transit Gateway",
    "peering": "VPC peering",
    "lattice": "VPC Lattice",
}
#: Consumers priced at most: far beyond any endpoint service, small enough to keep the output readable.
MAX_CONSUMERS = 10_000
#: Active VPC peering connections per VPC, the quota's ceiling
#: (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-connection-quotas.html).
MAX_PEERINGS = 125


@dataclass(frozen=True)
class Demand:
    """The traffic to price: per-consumer figures, so the consumer count scales everything."""

    region: str
    remote_region: str | None
    local: Decimal
    remote: Decimal
    gb: Decimal
    new_per_second: Decimal
    active: Decimal
    requests_per_hour: Decimal
    services: Decimal
    provider_azs: int
    consumer_azs: int
    cross_az_share: Decimal
    provider_share: Decimal
    protocol: Protocol
    hours: Decimal
    lattice_free: Decimal

    @property
    def consumers(self) -> Decimal:
        """All consumers, in this region or another."""
        return self.local + self.remote

    def with_consumers(self, count: Decimal) -> Demand:
        """The same mix of local and remote consumers, `count` of them."""
        scale = count / self.consumers
        return replace(self, local=self.local * scale, remote=self.remote * scale)

    def with_gb(self, gb: Decimal) -> Demand:
        """The same consumers sending `gb` GB a month each."""
        return replace(self, gb=gb)


def _q(value: Decimal) -> str:
    return quantity_text(value, 4)


def privatelink_parts(d: Demand) -> list[Part]:
    """Provider: an NLB and its NLCUs. Consumers: an interface endpoint in each of their AZs, and its GB.

    Data between AZs over PrivateLink is free since 2022-04-01; cross-Region access adds inter-Region
    transfer (https://aws.amazon.com/privatelink/pricing/).
    """
    n, gb, h = d.consumers, d.gb, d.hours
    nlcu = b.nlcu_hours(d.protocol, n * gb, n * d.new_per_second, n * d.active, h)
    parts = [Part("provider", d.region, b.nlb_hours(h)), Part("provider", d.region, nlcu)]
    note = f"{_q(d.local)} consumer VPCs × {d.consumer_azs} AZ × {_q(h)} h"
    parts += [
        Part(
            "consumers",
            d.region,
            b.endpoint_hours("Interface endpoints (consumers)", d.local * d.consumer_azs, h, note),
        ),
        Part(
            "consumers",
            d.region,
            b.endpoint_data(
                "Interface endpoint data processed", d.local * gb, f"{_q(d.local)} × {_q(gb)} GB, both directions"
            ),
        ),
    ]
    if d.remote_region is not None:
        r = d.remote_region
        note = f"{_q(d.remote)} consumer VPCs in {r} × {d.consumer_azs} AZ × {_q(h)} h"
        parts += [
            Part(
                "consumers",
                r,
                b.endpoint_hours(f"Interface endpoints (consumers in {r})", d.remote * d.consumer_azs, h, note),
            ),
            Part("consumers", r, b.endpoint_data(f"Interface endpoint data processed ({r})", d.remote * gb)),
            *_inter_region(d),
        ]
    return parts


def _inter_region(d: Demand) -> list[Part]:
    """Remote consumers' bytes cross regions: requests billed in their region, responses in the provider's."""
    assert d.remote_region is not None
    sent = d.remote * d.gb
    return [
        Part(
            "consumers",
            d.remote_region,
            b.inter_region(
                f"Inter-Region transfer, {d.remote_region} to {d.region}",
                sent * (1 - d.provider_share),
                "requests",
                d.region,
            ),
        ),
        Part(
            "provider",
            d.region,
            b.inter_region(
                f"Inter-Region transfer, {d.region} to {d.remote_region}",
                sent * d.provider_share,
                "responses",
                d.remote_region,
            ),
        ),
    ]


def transit_gateway_parts(d: Demand) -> list[Part]:
    """Every VPC's attachment, billed to its owner, and processing on bytes sent into the Transit Gateway.

    Bytes are processed once, by the attachment they enter from (the sender's account by default);
    nothing is charged for bytes arriving from a peering attachment, and inter-AZ is free since 2022-04-01
    (https://aws.amazon.com/transit-gateway/pricing/).
    """
    h, gb, share = d.hours, d.gb, d.provider_share
    parts = [
        Part("provider", d.region, b.tgw_attachments("Transit Gateway attachment (provider VPC)", Decimal(1), h)),
        Part("consumers", d.region, b.tgw_attachments("Transit Gateway attachments (consumer VPCs)", d.local, h)),
        Part(
            "consumers",
            d.region,
            b.tgw_processing(
                "Transit Gateway data processed, sent by consumers", d.local * gb * (1 - share), "requests into the TGW"
            ),
        ),
        Part(
            "provider",
            d.region,
            b.tgw_processing(
                "Transit Gateway data processed, sent by the provider",
                d.consumers * gb * share,
                "responses into the TGW",
            ),
        ),
    ]
    if d.remote_region is not None:
        r = d.remote_region
        parts += [
            Part("consumers", r, b.tgw_attachments(f"Transit Gateway attachments (consumer VPCs in {r})", d.remote, h)),
            Part(
                "consumers",
                r,
                b.tgw_processing(
                    f"Transit Gateway data processed in {r}, sent by consumers",
                    d.remote * gb * (1 - share),
                    "requests into their region's TGW",
                ),
            ),
            Part(
                "provider",
                d.region,
                b.tgw_attachments("Transit Gateway peering attachment (provider side)", Decimal(1), h),
            ),
            Part("consumers", r, b.tgw_attachments(f"Transit Gateway peering attachment ({r} side)", Decimal(1), h)),
            *_inter_region(d),
        ]
    return parts


def peering_parts(d: Demand) -> list[Part]:
    """No hourly charge; bytes that cross AZs (by AZ ID) bill out of the sender and into the receiver.

    So each side pays the crossing share of all bytes, whatever their direction; across regions the
    inter-Region rate applies instead
    (https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/vpc-peering.html).
    """
    crossing = d.cross_az_share * d.local * d.gb
    note = f"{_q(d.cross_az_share * 100)}% of {_q(d.local)} × {_q(d.gb)} GB cross AZs; out and in"
    parts = [
        Part("provider", d.region, b.peering_cross_az("VPC peering cross-AZ (provider side)", crossing, note)),
        Part("consumers", d.region, b.peering_cross_az("VPC peering cross-AZ (consumer side)", crossing, note)),
    ]
    if d.remote_region is not None:
        parts += _inter_region(d)
    return parts


def lattice_parts(d: Demand) -> list[Part]:
    """The service owner pays service-hours, GB processed and requests above the free allowance
    (https://aws.amazon.com/vpc/lattice/pricing/); VPC associations and inter-AZ add nothing."""
    n = d.consumers
    return [
        Part("provider", d.region, b.lattice_service_hours(d.services, d.hours)),
        Part("provider", d.region, b.lattice_data(n * d.gb)),
        Part("provider", d.region, b.lattice_requests(d.services, n * d.requests_per_hour, d.lattice_free, d.hours)),
    ]


BUILDERS: dict[OptionName, Callable[[Demand], list[Part]]] = {
    "privatelink": privatelink_parts,
    "transit_gateway": transit_gateway_parts,
    "peering": peering_parts,
    "lattice": lattice_parts,
}


def kinks(option: OptionName, d: Demand, variable: Literal["consumers", "gb"]) -> list[Decimal]:
    """Where an option's cost changes slope apart from tier edges: the NLCU's busiest dimension, Lattice's
    free requests."""
    points: list[Decimal] = []
    if option == "privatelink" and variable == "gb":
        new_unit, active_unit, gb_unit = NLCU_DIMENSIONS[d.protocol]
        other = max(d.consumers * d.new_per_second / new_unit, d.consumers * d.active / active_unit)
        points.append(other * d.hours * gb_unit / d.consumers)
    if option == "lattice" and variable == "consumers" and d.requests_per_hour > 0:
        points.append(d.services * d.lattice_free * MILLION / d.requests_per_hour)
    return points


def option_cost(option: OptionName, demand: Demand, catalog: Catalog) -> Decimal:
    """An option's monthly total for some demand."""
    return total(BUILDERS[option](demand), catalog)
