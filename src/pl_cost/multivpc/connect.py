"""`pl_cost.connect`: one provider service reached from N consumer VPCs, priced four ways.

Your own PrivateLink endpoint service (an NLB the provider pays for, an interface endpoint in every
consumer), Transit Gateway, VPC peering and VPC Lattice, each with line items and who pays, the options
that cannot work ruled out with the reason, and exact break-evens in consumers and in GB against the
cheapest.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pl_cost.api import PricesUsed, check_azs, check_gb, check_hours
from pl_cost.assumptions import CROSS_AZ_FREE_SINCE, CROSS_AZ_FREE_SOURCE
from pl_cost.catalog import Catalog, load_catalog
from pl_cost.errors import MissingRateError, UnknownRegionError, UsageError
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
)
from pl_cost.multivpc.checks import count, rate_input, share
from pl_cost.multivpc.components import MILLION, NLCU_DIMENSIONS, PROTOCOLS, Part, Protocol, quantity_text
from pl_cost.multivpc.connect_cost import (
    BUILDERS,
    MAX_CONSUMERS,
    MAX_PEERINGS,
    OPTION_LABELS,
    OPTIONS,
    Demand,
    OptionName,
    kinks,
    option_cost,
)

CONNECT_SCHEMA_VERSION = 1
AZ_ID = re.compile(r"[a-z]{2,6}[0-9]+-az[0-9]+")
_FROZEN = ConfigDict(frozen=True)


class ConnectInputs(BaseModel):
    """What was asked, after validation and defaults."""

    model_config = _FROZEN
    region: str
    consumers: int
    remote_consumers: int
    remote_region: str | None
    gb_per_consumer: Decimal
    provider_azs: int
    consumer_azs: int
    protocol: Protocol
    new_connections_per_second: Decimal
    active_connections: Decimal
    requests_per_hour: Decimal
    services: int
    provider_sends_share: Decimal
    cross_az_share: Decimal
    cross_az_share_from: Literal["input", "az_ids", "assumed"]
    provider_az_ids: list[str] | None
    consumer_az_ids: list[str] | None
    overlapping_cidrs: bool
    transitive: bool
    two_way: bool
    options: list[OptionName]
    hours_per_month: Decimal


class OptionResult(BaseModel):
    """One way to connect: its charges and who pays them, or why it cannot work."""

    model_config = _FROZEN
    option: OptionName
    label: str
    ruled_out: list[str]
    cost: Costed | None
    missing_price: str | None = None
    provider_monthly: Decimal | None
    consumers_monthly: Decimal | None
    per_consumer_monthly: Decimal | None

    @property
    def viable(self) -> bool:
        """Not ruled out and priced."""
        return not self.ruled_out and self.cost is not None


class PairBreakEven(BaseModel):
    """Where an option and the cheapest one trade places, in consumers and in GB per consumer."""

    model_config = _FROZEN
    option: OptionName
    against: OptionName
    consumers: BreakEvenAnswer
    gb: BreakEvenAnswer
    note: str | None = None


class ConnectReport(MultiVpcResult):
    """Every option priced with who pays, the ones ruled out and why, the cheapest and the break-evens."""

    model_config = _FROZEN
    schema_name: str = "pl-cost/connect"
    schema_version: int = CONNECT_SCHEMA_VERSION
    inputs: ConnectInputs
    prices: PricesUsed
    assumptions: list[str]
    options: list[OptionResult]
    cheapest: OptionName | None
    verdict: str
    break_evens: list[PairBreakEven]


def _az_ids(values: Sequence[str] | None, field: str) -> list[str] | None:
    if values is None:
        return None
    ids = [str(v).strip() for v in values if str(v).strip()]
    if not ids:
        raise UsageError(f"{field}: give at least one AZ ID such as use1-az1")
    for az in ids:
        if not AZ_ID.fullmatch(az):
            raise UsageError(
                f"{field}: {az!r} is not an AZ ID (like use1-az1; AZ names such as us-east-1a differ between accounts)"
            )
    if len(set(ids)) != len(ids):
        raise UsageError(f"{field}: give each AZ ID once")
    return ids


def _overlap(provider_cidr: str | None, consumer_cidrs: Sequence[str] | None) -> bool:
    nets = []
    for field, text in [("provider_cidr", provider_cidr), *(("consumer_cidrs", c) for c in consumer_cidrs or ())]:
        if text is None:
            continue
        try:
            nets.append(ipaddress.ip_network(str(text).strip(), strict=False))
        except ValueError:
            raise UsageError(f"{field}: {text!r} is not a CIDR block like 10.0.0.0/16") from None
    return any(a.overlaps(c) for i, a in enumerate(nets) for c in nets[i + 1 :] if a.version == c.version)


def _options(options: Sequence[str] | None) -> list[OptionName]:
    if options is None:
        return list(OPTIONS)
    names = [str(o).strip() for o in options if str(o).strip()]
    for name in names:
        if name not in OPTIONS:
            raise UsageError(f"options: unknown option {name!r}; allowed: {', '.join(OPTIONS)}")
    if not names or len(set(names)) != len(names):
        raise UsageError(f"options: give each of {', '.join(OPTIONS)} at most once, at least one")
    return [n for n in OPTIONS if n in names]


def _cross_az(
    given: object | None, provider: list[str] | None, consumer: list[str] | None, pa: int, ca: int
) -> tuple[Decimal, Literal["input", "az_ids", "assumed"]]:
    """The share of peered bytes that cross AZs: given, from AZ IDs, or assumed from the AZ counts.

    Clients pick one of the provider's AZs at random; a pick in their own AZ ID stays in the AZ.
    """
    if given is not None:
        return share(given, "cross_az_share"), "input"
    if provider is not None and consumer is not None:
        common = len(set(provider) & set(consumer))
        return 1 - Decimal(common) / (len(provider) * len(consumer)), "az_ids"
    return 1 - Decimal(min(pa, ca)) / (pa * ca), "assumed"


def _ruled_out(inputs: ConnectInputs) -> dict[OptionName, list[str]]:
    out: dict[OptionName, list[str]] = {name: [] for name in OPTIONS}
    if inputs.overlapping_cidrs:
        why = "overlapping CIDRs: VPC peering and Transit Gateway route by destination address"
        out["peering"].append(why)
        out["transit_gateway"].append(why)
    if inputs.consumers > MAX_PEERINGS:
        out["peering"].append(
            f"{inputs.consumers:,} consumers: a VPC takes at most {MAX_PEERINGS} active peering connections"
        )
    if inputs.transitive:
        out["peering"].append("transitive routing needed: peering connections are not transitive")
    if inputs.two_way:
        why = "the provider must open connections to consumers: this option carries consumer-to-service requests only"
        out["privatelink"].append(why)
        out["lattice"].append(why)
    if inputs.protocol == "udp":
        out["lattice"].append("UDP: VPC Lattice services listen on HTTP, HTTPS or TLS")
    if inputs.remote_consumers:
        out["lattice"].append("consumers in another region: a VPC Lattice service network is regional")
    return out


def connect(
    consumers: object,
    gb: object,
    azs: object = 2,
    region: str = "us-east-1",
    *,
    provider_azs: object | None = None,
    consumer_azs: object | None = None,
    remote_consumers: object = 0,
    remote_region: str | None = None,
    protocol: str = "tcp",
    new_connections_per_second: object = 0,
    active_connections: object = 0,
    requests_per_hour: object = 0,
    services: object = 1,
    provider_sends_share: object = "0.5",
    cross_az_share: object | None = None,
    provider_az_ids: Sequence[str] | None = None,
    consumer_az_ids: Sequence[str] | None = None,
    provider_cidr: str | None = None,
    consumer_cidrs: Sequence[str] | None = None,
    overlapping_cidrs: bool = False,
    transitive: bool = False,
    two_way: bool = False,
    options: Sequence[str] | None = None,
    hours: object = DEFAULT_HOURS_PER_MONTH,
    catalog: Catalog | None = None,
) -> ConnectReport:
    """Price one provider service reached from `consumers` VPCs sending `gb` GB/month each, four ways."""
    catalog = catalog or load_catalog()
    n = count(consumers, "consumers", 1, MAX_CONSUMERS, "consumer VPCs")
    gb_each = check_gb(gb, "gb")
    hours_checked = check_hours(hours)
    both = check_azs(azs)
    p_ids = _az_ids(provider_az_ids, "provider_az_ids")
    c_ids = _az_ids(consumer_az_ids, "consumer_az_ids")
    pa = check_azs(provider_azs) if provider_azs is not None else len(p_ids) if p_ids else both
    ca = check_azs(consumer_azs) if consumer_azs is not None else len(c_ids) if c_ids else both
    for ids, azs_of, field in ((p_ids, pa, "provider_az_ids"), (c_ids, ca, "consumer_az_ids")):
        if ids is not None and len(ids) != azs_of:
            raise UsageError(f"{field}: {len(ids)} AZ IDs given for {azs_of} AZs")
    if protocol not in PROTOCOLS:
        raise UsageError(f"protocol: unknown protocol {protocol!r}; allowed: {', '.join(PROTOCOLS)}")
    remote = count(remote_consumers, "remote_consumers", 0, n, "consumer VPCs in another region")
    if remote and remote_region is None:
        raise UsageError("remote_region: give the region of the remote consumers")
    if remote_region is not None and not remote:
        raise UsageError("remote_consumers: give how many consumers are in the remote region")
    catalog.region(region)
    if remote_region is not None:
        if remote_region == region:
            raise UsageError(f"remote_region: must differ from the provider's region {region}")
        try:
            catalog.region(remote_region)
        except UnknownRegionError as exc:
            raise UnknownRegionError("remote_" + str(exc)) from None
    share_value, share_from = _cross_az(cross_az_share, p_ids, c_ids, pa, ca)
    inputs = ConnectInputs(
        region=region,
        consumers=n,
        remote_consumers=remote,
        remote_region=remote_region,
        gb_per_consumer=gb_each,
        provider_azs=pa,
        consumer_azs=ca,
        protocol=protocol,
        new_connections_per_second=rate_input(
            new_connections_per_second,
            "new_connections_per_second",
            "new connections or flows per second, per consumer",
        ),
        active_connections=rate_input(
            active_connections, "active_connections", "active connections or flows, per consumer"
        ),
        requests_per_hour=rate_input(requests_per_hour, "requests_per_hour", "requests per hour, per consumer"),
        services=count(services, "services", 1, 500, "VPC Lattice services"),
        provider_sends_share=share(provider_sends_share, "provider_sends_share"),
        cross_az_share=share_value,
        cross_az_share_from=share_from,
        provider_az_ids=p_ids,
        consumer_az_ids=c_ids,
        overlapping_cidrs=overlapping_cidrs or _overlap(provider_cidr, consumer_cidrs),
        transitive=transitive,
        two_way=two_way,
        options=_options(options),
        hours_per_month=hours_checked,
    )
    demand = _demand(inputs, catalog)
    results = _price(inputs, demand, catalog)
    unpriced = [r for r in results if not r.ruled_out and r.cost is None]
    if unpriced and not any(r.viable for r in results):
        raise MissingRateError(unpriced[0].missing_price or "no option could be priced")
    viable = [r for r in results if r.viable]
    cheapest = min(viable, key=lambda r: _total(r)) if viable else None
    evens = [_pair(r.option, cheapest.option, demand, catalog) for r in viable if cheapest and r is not cheapest]
    items = [i for r in results if r.cost is not None for i in r.cost.line_items]
    return ConnectReport(
        inputs=inputs,
        prices=prices_for(catalog, region, items),
        assumptions=_assumptions(inputs, demand),
        options=results,
        cheapest=cheapest.option if cheapest else None,
        verdict=_verdict(results, cheapest),
        break_evens=evens,
    )


def _demand(inputs: ConnectInputs, catalog: Catalog) -> Demand:
    free = Decimal(0)
    if "lattice" in inputs.options:
        try:
            free = catalog.rate(inputs.region, "lattice_requests_per_million").free_per_hour or Decimal(0)
        except MissingRateError:
            free = Decimal(0)
    return Demand(
        region=inputs.region,
        remote_region=inputs.remote_region,
        local=Decimal(inputs.consumers - inputs.remote_consumers),
        remote=Decimal(inputs.remote_consumers),
        gb=inputs.gb_per_consumer,
        new_per_second=inputs.new_connections_per_second,
        active=inputs.active_connections,
        requests_per_hour=inputs.requests_per_hour,
        services=Decimal(inputs.services),
        provider_azs=inputs.provider_azs,
        consumer_azs=inputs.consumer_azs,
        cross_az_share=inputs.cross_az_share,
        provider_share=inputs.provider_sends_share,
        protocol=inputs.protocol,
        hours=inputs.hours_per_month,
        lattice_free=free,
    )


def _price(inputs: ConnectInputs, demand: Demand, catalog: Catalog) -> list[OptionResult]:
    ruled = _ruled_out(inputs)
    out: list[OptionResult] = []
    for name in inputs.options:
        missing = None
        try:
            cost: Costed | None = costed(BUILDERS[name](demand), catalog)
        except MissingRateError as exc:
            # An option the catalog cannot price is shown as "no price" and left out of the cheapest, as
            # hub does with a DNS option; only when no option can be priced is it an error.
            cost, missing = None, str(exc)
        payers = cost.by_payer if cost else {}
        consumers = payers.get("consumers", Decimal(0)) if cost else None
        out.append(
            OptionResult(
                option=name,
                label=OPTION_LABELS[name],
                ruled_out=ruled[name],
                cost=cost,
                missing_price=missing,
                provider_monthly=payers.get("provider", Decimal(0)) if cost else None,
                consumers_monthly=consumers,
                per_consumer_monthly=consumers / inputs.consumers if consumers is not None else None,
            )
        )
    return out


def _total(result: OptionResult) -> Decimal:
    assert result.cost is not None
    return result.cost.total_monthly


def _pair(option: OptionName, against: OptionName, d: Demand, catalog: Catalog) -> PairBreakEven:
    who, other = OPTION_LABELS[option], OPTION_LABELS[against]

    def by_consumers(n: Decimal) -> Decimal:
        at = d.with_consumers(n)
        return option_cost(option, at, catalog) - option_cost(against, at, catalog)

    def by_gb(x: Decimal) -> Decimal:
        at = d.with_gb(x)
        return option_cost(option, at, catalog) - option_cost(against, at, catalog)

    consumer_points = [
        *tier_points(lambda n: BUILDERS[option](d.with_consumers(n)), catalog),
        *tier_points(lambda n: BUILDERS[against](d.with_consumers(n)), catalog),
        *kinks(option, d, "consumers"),
        *kinks(against, d, "consumers"),
    ]
    gb_points = [
        *tier_points(lambda x: BUILDERS[option](d.with_gb(x)), catalog),
        *tier_points(lambda x: BUILDERS[against](d.with_gb(x)), catalog),
        *kinks(option, d, "gb"),
        *kinks(against, d, "gb"),
    ]
    by_n = solve("consumers", by_consumers, consumer_points, who, other)
    note = None
    if "peering" in (option, against) and any(c > MAX_PEERINGS for c in by_n.crossings):
        note = f"VPC peering stops at {MAX_PEERINGS} consumers (peering connections per VPC)"
    return PairBreakEven(
        option=option,
        against=against,
        consumers=by_n,
        gb=solve("gb", by_gb, gb_points, who, other),
        note=note,
    )


def _verdict(results: list[OptionResult], cheapest: OptionResult | None) -> str:
    if cheapest is None:
        return "No option works with these constraints: see the reasons each is ruled out."
    assert cheapest.cost is not None
    text = (
        f"Cheapest: {cheapest.label} at {format_money(cheapest.cost.total_monthly)}/month "
        f"(provider {format_money(cheapest.provider_monthly or Decimal(0))}, consumers "
        f"{format_money(cheapest.consumers_monthly or Decimal(0))}, "
        f"{format_money(cheapest.per_consumer_monthly or Decimal(0))} each)"
    )
    others = sorted((r for r in results if r.viable and r is not cheapest), key=_total)
    if others:
        runner = others[0]
        text += f"; next: {runner.label} at {format_money(_total(runner))}/month"
    unpriced = [r.label for r in results if not r.ruled_out and r.cost is None]
    if unpriced:
        text += f"; not priced (no price in this catalog): {', '.join(unpriced)}"
    return text + "."


def _assumptions(inputs: ConnectInputs, d: Demand) -> list[str]:
    hours = quantity_text(inputs.hours_per_month)
    notes = [
        f"{hours} hours a month"
        + (" (the AWS Pricing Calculator's convention)" if inputs.hours_per_month == DEFAULT_HOURS_PER_MONTH else ""),
        f"Each consumer VPC sends and receives {quantity_text(inputs.gb_per_consumer)} GB/month in all (requests "
        f"and responses); {quantity_text(inputs.provider_sends_share * 100)}% of the bytes are responses sent by the "
        "provider. The split decides who pays Transit Gateway processing and inter-Region transfer, not the totals.",
        "Traffic is spread evenly over the month: NLCUs bill each hour's busiest dimension, so peaks cost more.",
        f"Data between AZs is free over PrivateLink and Transit Gateway since {CROSS_AZ_FREE_SINCE} "
        f"({CROSS_AZ_FREE_SOURCE}) and adds nothing on VPC Lattice; "
        "over VPC peering bytes that cross AZs (by AZ ID) bill out of the sender and into the receiver.",
        "The NLB has cross-zone load balancing off (its default), so it adds no inter-AZ transfer.",
        "Consumers' interface endpoint GB are priced as one account's regional total (tiers start at 1 PB/month).",
        "Each consumer connects to the provider only: no consumer-to-consumer paths, no full mesh.",
    ]
    crossing = quantity_text(inputs.cross_az_share * 100)
    if inputs.cross_az_share_from == "input":
        notes.append(f"VPC peering: {crossing}% of the bytes cross AZs (given).")
    elif inputs.cross_az_share_from == "az_ids":
        notes.append(
            f"VPC peering: {crossing}% of the bytes cross AZs, from the AZ IDs given (clients pick one of "
            "the provider's AZs at random)."
        )
    else:
        notes.append(
            f"VPC peering: {crossing}% of the bytes assumed to cross AZs: clients pick one of the provider's "
            f"{inputs.provider_azs} AZs at random and the sides share {min(inputs.provider_azs, inputs.consumer_azs)} "
            "AZ IDs. Give the AZ IDs (AZ names differ between accounts) or the share to replace this."
        )
    new_unit, active_unit, _ = NLCU_DIMENSIONS[inputs.protocol]
    if not inputs.new_connections_per_second and not inputs.active_connections:
        notes.append(
            f"No connection figures given: NLCUs are counted on GB processed only ({inputs.protocol.upper()}:"
            f" {new_unit:,} new/s, {active_unit:,} active, 1 GB an hour per NLCU)."
        )
    if "lattice" in inputs.options:
        notes.append(
            f"VPC Lattice: {inputs.services} service(s), {quantity_text(inputs.requests_per_hour)} requests an hour "
            f"per consumer spread evenly over them; {quantity_text(d.lattice_free * MILLION)} requests per "
            "service-hour are free; the service speaks HTTP(S) or TLS."
        )
        if not d.lattice_free:
            notes.append("VPC Lattice: the catalog gives no free request allowance here, so none is applied.")
    notes.append(
        "Transit Gateway: each VPC's attachment bills its owner; processing bills the account whose attachment "
        "the bytes enter from (AWS's default; metering policies can move it)."
    )
    if inputs.remote_region is not None:
        notes.append(
            f"{inputs.remote_consumers} consumer(s) in {inputs.remote_region}: inter-Region transfer bills where the "
            "bytes leave; Transit Gateway adds a gateway there and a peering attachment on each side."
        )
    return notes


def connect_curves(report: ConnectReport, catalog: Catalog | None = None, up_to: object | None = None) -> Curves:
    """Each option's monthly cost against the number of consumers (GB per consumer held), with the crossings."""
    catalog = catalog or load_catalog()
    d = _demand(report.inputs, catalog)
    viable = [o.option for o in report.options if o.viable]
    crossings = [c for p in report.break_evens for c in p.consumers.crossings]
    if up_to is None:
        top = max([Decimal(2 * report.inputs.consumers), Decimal(10), *(2 * c for c in crossings)])
    else:
        top = Decimal(count(up_to, "up_to", 1, MAX_CONSUMERS, "consumer VPCs"))
    points = [*crossings, Decimal(report.inputs.consumers)]
    series: dict[str, Callable[[Decimal], Decimal]] = {}
    for option in viable:
        points += tier_points(_scaled(option, d), catalog) + kinks(option, d, "consumers")
        series[OPTION_LABELS[option]] = _cost_at(option, d, catalog)
    marks = [
        CurveMark(x=c, label=f"{OPTION_LABELS[p.option]} = {OPTION_LABELS[p.against]}")
        for p in report.break_evens
        for c in p.consumers.crossings
    ]
    i = report.inputs
    title = (
        f"{i.region}: one service, {quantity_text(i.gb_per_consumer)} GB/month per consumer, "
        f"{i.provider_azs}/{i.consumer_azs} AZs, {quantity_text(i.hours_per_month)} h/month"
    )
    return Curves(
        variable="consumers",
        title=title,
        current=Decimal(i.consumers),
        points=curve_points(series, points, top),
        marks=marks,
    )


def _scaled(option: OptionName, d: Demand) -> Callable[[Decimal], list[Part]]:
    return lambda n: BUILDERS[option](d.with_consumers(n))


def _cost_at(option: OptionName, d: Demand, catalog: Catalog) -> Callable[[Decimal], Decimal]:
    return lambda n: option_cost(option, d.with_consumers(n), catalog)
