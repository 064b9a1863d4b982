"""`pl-cost connect` and `pl-cost hub`: the many-VPC questions."""

from __future__ import annotations

from typing import Annotated

import typer

from pl_cost.cli.app import (
    CatalogOpt,
    DiscountOpt,
    FormatOpt,
    HoursOpt,
    OutputOpt,
    PlotOpt,
    PriceOpt,
    RegionOpt,
    answer_text,
    app,
    catalog_from_options,
    no_format_with_emit,
    output_format,
    output_target,
    plot_target,
    write_text,
)
from pl_cost.errors import UsageError, brief

AzsOpt = Annotated[str, typer.Option("--azs", metavar="N", help="AZs per VPC (1-6), both sides.")]
ConsumersOpt = Annotated[
    str, typer.Option("--consumers", metavar="N", help="Consumer VPCs reaching the service (1-10,000).")
]
GbOpt = Annotated[str, typer.Option("--gb", metavar="GB", help="GB/month each consumer sends and receives, in all.")]
ProviderAzsOpt = Annotated[
    str | None, typer.Option("--provider-azs", metavar="N", help="AZs of the provider (default --azs).")
]
ConsumerAzsOpt = Annotated[
    str | None, typer.Option("--consumer-azs", metavar="N", help="AZs of each consumer (default --azs).")
]
RemoteConsumersOpt = Annotated[
    str, typer.Option("--remote-consumers", metavar="N", help="How many consumers are in another region.")
]
RemoteRegionOpt = Annotated[str | None, typer.Option("--remote-region", metavar="REGION", help="Their region.")]
ProtocolOpt = Annotated[
    str, typer.Option("--protocol", metavar="[tcp|udp|tls]", help="tcp, udp or tls (NLCU dimensions).")
]
NewConnectionsOpt = Annotated[
    str,
    typer.Option(
        "--new-connections", metavar="PER-SECOND", help="New connections (or UDP flows) per second, per consumer."
    ),
]
ActiveConnectionsOpt = Annotated[
    str, typer.Option("--active-connections", metavar="N", help="Active connections (or flows), per consumer.")
]
RequestsPerHourOpt = Annotated[
    str, typer.Option("--requests-per-hour", metavar="N", help="Requests an hour per consumer (VPC Lattice).")
]
ServicesOpt = Annotated[
    str, typer.Option("--services", metavar="N", help="VPC Lattice services behind the service network.")
]
ProviderSendsShareOpt = Annotated[
    str,
    typer.Option(
        "--provider-sends-share", metavar="SHARE", help="Share of the GB the provider sends (responses), 0-1."
    ),
]
CrossAzShareOpt = Annotated[
    str | None,
    typer.Option(
        "--cross-az-share",
        metavar="SHARE",
        help="Share of peered bytes crossing AZs, 0-1 (default: from AZ IDs, else assumed).",
    ),
]
ProviderAzIdsOpt = Annotated[
    str | None, typer.Option("--provider-az-ids", metavar="AZ-ID,...", help="Provider AZ IDs, e.g. use1-az1,use1-az2.")
]
ConsumerAzIdsOpt = Annotated[
    str | None, typer.Option("--consumer-az-ids", metavar="AZ-ID,...", help="Consumer AZ IDs.")
]
ProviderCidrOpt = Annotated[
    str | None, typer.Option("--provider-cidr", metavar="CIDR", help="Provider VPC CIDR, to check overlaps.")
]
ConsumerCidrsOpt = Annotated[
    str | None, typer.Option("--consumer-cidrs", metavar="CIDR,...", help="Consumer VPC CIDRs, comma-separated.")
]
OverlappingCidrsOpt = Annotated[bool, typer.Option("--overlapping-cidrs", help="The VPCs' CIDRs overlap.")]
TransitiveOpt = Annotated[bool, typer.Option("--transitive", help="Consumers must reach networks behind the provider.")]
TwoWayOpt = Annotated[bool, typer.Option("--two-way", help="The provider must open connections to consumers too.")]
OptionsOpt = Annotated[
    str | None,
    typer.Option(
        "--options",
        metavar="OPTION,...",
        help="Options to price: privatelink,transit_gateway,peering,lattice (default all).",
    ),
]
VpcsOpt = Annotated[str, typer.Option("--vpcs", metavar="N", help="Spoke VPCs (1-4,999).")]
EndpointsOpt = Annotated[
    str, typer.Option("--endpoints", help="Interface endpoints: names like ssm,logs,ecr.api, or a count.")
]
HubGbOpt = Annotated[
    str,
    typer.Option(
        "--gb", metavar="GB|NAME=GB,...", help="GB/month per VPC to the endpoints: a total, or logs=300,sts=1."
    ),
]
DnsOpt = Annotated[
    str,
    typer.Option(
        "--dns", metavar="[phz|profile|resolver]", help="How spokes resolve the hub: phz, profile or resolver."
    ),
]
DnsQueriesOpt = Annotated[
    str, typer.Option("--dns-queries", metavar="MILLIONS", help="Million DNS queries a month per VPC (Resolver).")
]
NatGbOpt = Annotated[
    str | None, typer.Option("--nat-gb", metavar="GB", help="Also price NAT egress: GB/month per VPC through a NAT.")
]
EmitOpt = Annotated[
    str | None,
    typer.Option("--emit", metavar="[terraform]", help="terraform: the hub's endpoints and DNS instead of the answer."),
]


def _list(value: str | None) -> list[str] | None:
    return None if value is None else [part.strip() for part in value.split(",") if part.strip()]


def _gb_option(value: str) -> str | dict[str, str]:
    """A number, or per endpoint as logs=300,sts=1."""
    if "=" not in value:
        return value
    out: dict[str, str] = {}
    for part in _list(value) or []:
        name, sep, gb = part.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--gb: expected GB or ENDPOINT=GB,..., got {brief(value)}")
        if name.strip() in out:
            raise UsageError(f"--gb: {brief(name.strip())} given twice; give each endpoint's GB once")
        out[name.strip()] = gb.strip()
    return out


@app.command("connect")
def connect_command(
    consumers: ConsumersOpt,
    gb: GbOpt,
    azs: AzsOpt = "2",
    region: RegionOpt = "us-east-1",
    provider_azs: ProviderAzsOpt = None,
    consumer_azs: ConsumerAzsOpt = None,
    remote_consumers: RemoteConsumersOpt = "0",
    remote_region: RemoteRegionOpt = None,
    protocol: ProtocolOpt = "tcp",
    new_connections: NewConnectionsOpt = "0",
    active_connections: ActiveConnectionsOpt = "0",
    requests_per_hour: RequestsPerHourOpt = "0",
    services: ServicesOpt = "1",
    provider_sends_share: ProviderSendsShareOpt = "0.5",
    cross_az_share: CrossAzShareOpt = None,
    provider_az_ids: ProviderAzIdsOpt = None,
    consumer_az_ids: ConsumerAzIdsOpt = None,
    provider_cidr: ProviderCidrOpt = None,
    consumer_cidrs: ConsumerCidrsOpt = None,
    overlapping_cidrs: OverlappingCidrsOpt = False,
    transitive: TransitiveOpt = False,
    two_way: TwoWayOpt = False,
    options: OptionsOpt = None,
    hours: HoursOpt = "730",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    plot: PlotOpt = None,
) -> None:
    """One provider service, N consumer VPCs: PrivateLink, Transit Gateway, peering, VPC Lattice (pl_cost.connect).

    Line items, who pays, what is ruled out and why, the cheapest, and break-evens in consumers and GB.
    Example: pl-cost connect --consumers 10 --gb 1000 --azs 2
    """
    from pl_cost.multivpc.connect import connect, connect_curves

    fmt = output_format(fmt)
    target = plot_target(plot)
    output = output_target(output)
    prices = catalog_from_options(catalog, price, discount)
    result = connect(
        consumers, gb, azs, region, provider_azs=provider_azs, consumer_azs=consumer_azs,
        remote_consumers=remote_consumers, remote_region=remote_region, protocol=protocol,
        new_connections_per_second=new_connections, active_connections=active_connections,
        requests_per_hour=requests_per_hour, services=services, provider_sends_share=provider_sends_share,
        cross_az_share=cross_az_share, provider_az_ids=_list(provider_az_ids), consumer_az_ids=_list(consumer_az_ids),
        provider_cidr=provider_cidr, consumer_cidrs=_list(consumer_cidrs), overlapping_cidrs=overlapping_cidrs,
        transitive=transitive, two_way=two_way, options=_list(options), hours=hours, catalog=prices,
    )  # fmt: skip
    text = answer_text(result, fmt)
    if target is not None:
        from pl_cost.multivpc.plot import plot_curves

        plot_curves(connect_curves(result, prices), target)
    write_text(text, output)


@app.command("hub")
def hub_command(
    ctx: typer.Context,
    vpcs: VpcsOpt,
    endpoints: EndpointsOpt,
    gb: HubGbOpt,
    azs: AzsOpt = "2",
    region: RegionOpt = "us-east-1",
    dns: DnsOpt = "phz",
    dns_queries: DnsQueriesOpt = "0",
    nat_gb: NatGbOpt = None,
    emit: EmitOpt = None,
    hours: HoursOpt = "730",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    plot: PlotOpt = None,
) -> None:
    """Interface endpoints (and NAT) of N VPCs in a hub VPC or in every VPC (pl_cost.hub).

    Both situations (Transit Gateway exists anyway or added), the three DNS options, break-evens in VPCs and
    GB, and each service on its own. Gateway endpoints (s3, dynamodb) stay in every VPC, free.
    Example: pl-cost hub --vpcs 12 --endpoints ssm,ssmmessages,logs,sts,ecr.api,ecr.dkr --azs 2 --gb 500
    """
    from pl_cost.multivpc.hub import hub, hub_curves

    fmt = output_format(fmt)
    if emit is not None and emit != "terraform":
        raise UsageError(f"--emit: unknown output {emit!r}; allowed: terraform")
    no_format_with_emit(ctx, emit)
    target = plot_target(plot)
    output = output_target(output)
    prices = catalog_from_options(catalog, price, discount)
    result = hub(vpcs, endpoints, azs, region, gb=_gb_option(gb), dns=dns, dns_queries=dns_queries, nat_gb=nat_gb,
                 hours=hours, catalog=prices)  # fmt: skip
    if emit is not None:
        from pl_cost.multivpc.terraform import terraform_for_hub

        text = terraform_for_hub(result)
    else:
        text = answer_text(result, fmt)
    if target is not None:
        from pl_cost.multivpc.plot import plot_curves

        plot_curves(hub_curves(result, prices), target)
    write_text(text, output)
