"""From a tally to a profile: extrapolate bytes to GB/month over the span the logs cover, and say how."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from pl_cost.errors import DomainError
from pl_cost.evidence.dns import DnsMap
from pl_cost.evidence.hostnames import AWS_GLOBAL, SERVICE_PREFIX
from pl_cost.evidence.ipranges import IpRanges
from pl_cost.evidence.model import (
    BYTES_PER_GB,
    GB_UNIT,
    ClassTotal,
    DnsSummary,
    Evidence,
    EvidenceProfile,
    InterfaceNote,
    IpRangesInfo,
    MeasuredProfile,
    NatEvidence,
    NatSetting,
    RecordCounts,
    Sources,
    Span,
    Tally,
)
from pl_cost.evidence.nat import Layout, Selection
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, plain

#: GB/month figures keep six decimals (about 1 KB a month): enough for tiny STS traffic, still readable.
GB_PLACES = Decimal("0.000001")

METHODS = {
    "packet": "packet addresses: the legs between client and NAT, far end from pkt-srcaddr/pkt-dstaddr",
    "address": "NAT address: the legs between the NAT's private address and the far end (no pkt-* fields)",
}


@dataclass
class Context:
    """Everything the profile states besides the tally."""

    region: str
    ranges: IpRanges
    dns: DnsMap | None
    engine: str
    sources: Sources
    selection: Selection
    layout: Layout
    methods: list[str]
    caveats: list[str] = field(default_factory=list)
    hours_per_month: Decimal = DEFAULT_HOURS_PER_MONTH
    allow_empty: bool = False


def build_profile(tally: Tally, context: Context) -> EvidenceProfile:
    """The profile (recommender's format) and its evidence section; refuses an empty one unless allowed."""
    counted = sum(entry.total for entry in tally.classes.values())
    empty = tally.used == 0 or counted == 0
    if empty and not context.allow_empty:
        raise DomainError(_empty_message(tally, context))
    span = 0
    if tally.first_start is not None and tally.last_end is not None:
        span = max(tally.last_end - tally.first_start, 0)
    if span == 0 and not empty:
        raise DomainError("the flow logs cover no time span (no record with start and end); nothing to extrapolate")
    factor = context.hours_per_month * 3600 / Decimal(span) if span else Decimal(0)

    def gb_per_month(size: int) -> Decimal:
        return (Decimal(size) / BYTES_PER_GB * factor).quantize(GB_PLACES, rounding=ROUND_HALF_UP)

    services: dict[str, Decimal] = {}
    nat_path: dict[str, Decimal] = {}
    by_class: dict[str, ClassTotal] = {}
    attributed = 0
    for name in sorted(tally.classes):
        entry = tally.classes[name]
        monthly = gb_per_month(entry.total)
        by_class[name] = ClassTotal(
            bytes_out=entry.out_bytes,
            bytes_in=entry.in_bytes,
            bytes=entry.total,
            records=entry.records,
            gb_per_month=monthly,
        )
        if name.startswith(SERVICE_PREFIX):
            services[name.removeprefix(SERVICE_PREFIX)] = monthly
            attributed += entry.total
        else:
            nat_path[name] = monthly
    internet = sum(nat_path.values(), Decimal(0))
    layout = context.layout
    profile = MeasuredProfile(
        region=context.region,
        azs=layout.azs,
        hours_per_month=context.hours_per_month,
        nat=NatSetting(mode=layout.mode, allow_fewer=False, active_azs=layout.active_azs),
        internet_gb_per_month=internet,
        services=dict(sorted(services.items(), key=lambda item: (-item[1], item[0]))),
        # Measured ECR bytes are the API/manifest calls; layer bytes already count under s3.
        splits={"ecr": {}} if "ecr" in services else {},
    )
    caveats = [*context.caveats, *_caveats(tally, context, nat_path, span, counted, empty)]
    share = (Decimal(attributed) / Decimal(counted)).quantize(Decimal("0.0001")) if counted else Decimal(0)
    selection = context.selection
    evidence = Evidence(
        generated_by=f"pl-cost {context.sources.command}",
        engine=context.engine,
        method="; ".join(METHODS[m] for m in context.methods) or "none",
        gb_unit=GB_UNIT,
        span=Span(
            first_start=_iso(tally.first_start),
            last_end=_iso(tally.last_end),
            seconds=span,
            hours=(Decimal(span) / 3600).quantize(Decimal("0.01")),
        ),
        extrapolation=f"bytes / 2^30 x {plain(context.hours_per_month)} h x 3600 / {span} s",
        records=RecordCounts(
            read=tally.read,
            used=tally.used,
            nodata=tally.nodata,
            skipdata=tally.skipdata,
            rejected=tally.rejected,
            other_interfaces=tally.other_interfaces,
            nat_other_legs=tally.nat_other_legs,
            malformed=tally.malformed,
            first_malformed=tally.first_malformed,
        ),
        nat_interfaces=list(tally.nat_enis),
        nat=NatEvidence(
            source=selection.source if selection.enis or selection.source != "inferred" else "none",
            inferred=selection.inferred,
            not_nat=[InterfaceNote(interface_id=e, seen=text) for e, text in selection.not_nat.items()],
            nat_gateways=layout.nat_gateways,
            without_records=selection.without_records,
            azs_from=layout.azs_from,
            layout_from=layout.layout_from,
            vpc=selection.vpc,
        ),
        bytes_counted=counted,
        bytes_by_destination=by_class,
        nat_path_gb_per_month=nat_path,
        share_attributed=share,
        ip_ranges=IpRangesInfo(
            create_date=context.ranges.create_date,
            sync_token=context.ranges.sync_token,
            source=context.ranges.source,
        ),
        dns=_dns_summary(context.dns, tally),
        sources=context.sources,
        empty=empty,
        caveats=caveats,
    )
    return EvidenceProfile(profile=profile, evidence=evidence)


def _empty_message(tally: Tally, context: Context) -> str:
    enis = ", ".join(tally.nat_enis)
    where = f"on {enis}" if enis else "(no NAT gateway interface found)"
    seen = (
        f"{tally.read:,} record(s) read: {tally.nat_records:,} on NAT interfaces ({tally.rejected:,} rejected),"
        f" {tally.other_interfaces:,} on other interfaces, {tally.nodata:,} NODATA, {tally.skipdata:,} SKIPDATA,"
        f" {tally.malformed:,} malformed"
    )
    hint = "; --allow-empty writes a profile with 0 GB anyway"
    if not enis:
        hint = (
            "; give --inventory (aws ec2 describe-nat-gateways output) or --nat-eni if the NAT's interface is"
            " logged, or --allow-empty for a profile with 0 GB"
        )
    return f"no NAT gateway traffic found {where}: {seen}{hint}"


def _iso(epoch: int | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dns_summary(dns: DnsMap | None, tally: Tally) -> DnsSummary:
    if dns is None:
        return DnsSummary(used=False)
    return DnsSummary(
        used=True,
        files=dns.files,
        skipped=list(dns.skipped),
        queries=dns.queries,
        answers=dns.answers,
        malformed_lines=dns.malformed,
        first_malformed=dns.first_malformed,
        bytes_matched_by_answer_address_only=tally.answer_only_bytes,
        aws_names_without_a_catalog_service=[name for name, _ in dns.unmapped_aws_names.most_common(10)],
    )


def _caveats(
    tally: Tally, context: Context, nat_path: dict[str, Decimal], span: int, counted: int, empty: bool
) -> list[str]:
    notes = []
    selection = context.selection
    if empty:
        notes.append("no NAT gateway traffic was found; this profile (0 GB) was written because --allow-empty asked")
    if selection.inferred:
        notes.append(
            f"NAT interface(s) recognised from the records, not from an inventory: {', '.join(selection.inferred)};"
            " give --inventory (aws ec2 describe-nat-gateways output) to be sure"
            + (
                "; a profile is one VPC's, and without an inventory interfaces of several VPCs cannot be told apart"
                if len(selection.inferred) > 1 and selection.vpc is None
                else ""
            )
        )
    for eni, seen in selection.not_nat.items():
        notes.append(f"{eni} translates addresses but is not taken as a NAT gateway: {seen}")
    if selection.without_records:
        notes.append(f"NAT interface(s) of the inventory with no records: {', '.join(selection.without_records)}")
    if context.layout.azs_from.startswith("inferred"):
        notes.append(f"azs: {context.layout.azs} {context.layout.azs_from}; set --azs or give --inventory")
    if context.layout.layout_from.startswith("inferred"):
        notes.append(f"nat.mode: {context.layout.mode} {context.layout.layout_from}; set --nat or give --inventory")
    if tally.skipdata:
        notes.append(
            f"{tally.skipdata} SKIPDATA record(s): AWS dropped flow records in those windows, so bytes are undercounted"
        )
    if tally.malformed:
        notes.append(f"{tally.malformed} malformed record(s) not used (first: {tally.first_malformed or 'unknown'})")
    if tally.rejected:
        notes.append(f"{tally.rejected} rejected record(s) on NAT interfaces not counted")
    if context.dns is None:
        notes.append(
            "no Resolver query logs (--dns-logs): only S3 and DynamoDB are attributed; other AWS traffic counts"
            " as aws-unattributed and stays on the NAT path"
        )
    else:
        if tally.answer_only_bytes:
            share = Decimal(tally.answer_only_bytes) / Decimal(max(counted, 1))
            notes.append(
                f"{share:.1%} of bytes were named by a Resolver answer for another client (matched on the address)"
            )
        notes.append("Resolver answers are joined on (client, address) without a time window; addresses may be reused")
        if context.dns.malformed:
            notes.append(f"{context.dns.malformed} Resolver log line(s) skipped (first: {context.dns.first_malformed})")
        if context.dns.skipped:
            notes.append(f"--dns-logs: {len(context.dns.skipped)} file(s) skipped: {', '.join(context.dns.skipped)}")
    if nat_path.get(AWS_GLOBAL):
        notes.append(
            "traffic to global AWS names and ranges (e.g. sts.amazonaws.com) stays on the NAT: no VPC endpoint serves"
            " them; use regional endpoints (AWS_STS_REGIONAL_ENDPOINTS=regional)"
        )
    if nat_path.get("s3-other-region") or nat_path.get("dynamodb-other-region"):
        notes.append("S3/DynamoDB in other regions stays on the NAT: gateway endpoints serve the VPC's region only")
    if nat_path.get("private"):
        notes.append(
            "private destinations (RFC 1918, 100.64.0.0/10, the VPC's CIDRs) are peering, Transit Gateway or"
            " on-premises traffic through the NAT, not internet"
        )
    if span and span < 7 * 24 * 3600:
        notes.append(f"the logs cover {Decimal(span) / 3600:.1f} hours; a week or more captures weekly cycles")
    notes.append(
        "internet_gb_per_month holds every byte that must stay on the NAT path (see nat_path_gb_per_month);"
        " aws-unattributed is AWS traffic no name or range attributes"
    )
    return notes
