"""From a tally to a profile: extrapolate bytes to GB/month over the span the logs cover, and say how."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pl_cost.errors import DomainError
from pl_cost.evidence.dns import DnsMap
from pl_cost.evidence.hostnames import AWS_GLOBAL, SERVICE_PREFIX
from pl_cost.evidence.ipranges import IpRanges
from pl_cost.evidence.model import BYTES_PER_GB, GB_UNIT, EvidenceProfile, Tally
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, plain

#: GB/month figures keep six decimals (about 1 KB a month): enough for tiny STS traffic, still readable.
GB_PLACES = Decimal("0.000001")
MAX_AZS = 6


def build_profile(
    tally: Tally,
    *,
    region: str,
    ranges: IpRanges,
    dns: DnsMap | None,
    engine: str,
    source: dict[str, Any],
    caveats: list[str],
    azs: int | None = None,
    nat_mode: str | None = None,
    hours_per_month: Decimal = DEFAULT_HOURS_PER_MONTH,
) -> EvidenceProfile:
    """The profile (recommender's format) and its evidence section."""
    if not tally.nat_enis:
        raise DomainError(
            "no NAT gateway interface found in the flow logs (none is requester-managed with translated"
            " pkt-srcaddr/pkt-dstaddr); pass --nat-eni eni-... if the NAT's interface is logged"
        )
    if tally.first_start is None or tally.last_end is None or tally.last_end <= tally.first_start:
        raise DomainError("the flow logs cover no time span (no record with start and end); nothing to extrapolate")
    span = tally.last_end - tally.first_start
    factor = hours_per_month * 3600 / Decimal(span)
    caveats = list(caveats)

    def gb_per_month(size: int) -> Decimal:
        return (Decimal(size) / BYTES_PER_GB * factor).quantize(GB_PLACES, rounding=ROUND_HALF_UP)

    services: dict[str, Decimal] = {}
    nat_path: dict[str, Decimal] = {}
    by_class: dict[str, Any] = {}
    counted = sum(entry.total for entry in tally.classes.values())
    attributed = 0
    for name in sorted(tally.classes):
        entry = tally.classes[name]
        monthly = gb_per_month(entry.total)
        by_class[name] = {
            "bytes_out": entry.out_bytes,
            "bytes_in": entry.in_bytes,
            "bytes": entry.total,
            "records": entry.records,
            "gb_per_month": monthly,
        }
        if name.startswith(SERVICE_PREFIX):
            services[name.removeprefix(SERVICE_PREFIX)] = monthly
            attributed += entry.total
        else:
            nat_path[name] = monthly
    internet = sum(nat_path.values(), Decimal(0))

    nat_count = len(tally.nat_enis)
    layout = nat_mode or ("per-az" if nat_count > 1 else "single")
    zones = azs if azs is not None else min(max(nat_count, 1), MAX_AZS)
    if azs is None:
        caveats.append(
            f"azs: {zones} inferred from {nat_count} NAT interface(s); set --azs to the AZs your workloads use"
        )
    if nat_mode is None:
        caveats.append(f"nat.mode: {layout} inferred from {nat_count} NAT interface(s); set --nat-mode if it differs")
    caveats.extend(_traffic_caveats(tally, dns, nat_path, span, counted))

    profile: dict[str, Any] = {
        "region": region,
        "azs": zones,
        "hours_per_month": hours_per_month,
        "nat": {"mode": layout, "allow_fewer": False},
        "internet_gb_per_month": internet,
        "services": dict(sorted(services.items(), key=lambda item: (-item[1], item[0]))),
    }
    if "ecr" in services:
        # Measured ECR bytes are the API/manifest calls; layer bytes already count under s3.
        profile["splits"] = {"ecr": {}}
    share = (Decimal(attributed) / Decimal(counted)).quantize(Decimal("0.0001")) if counted else Decimal(0)
    evidence: dict[str, Any] = {
        "generated_by": f"pl-cost {source.get('command', 'profile flow-logs')}",
        "engine": engine,
        "gb_unit": GB_UNIT,
        "span": {
            "first_start": _iso(tally.first_start),
            "last_end": _iso(tally.last_end),
            "seconds": span,
            "hours": (Decimal(span) / 3600).quantize(Decimal("0.01")),
        },
        "extrapolation": f"bytes / 2^30 x {plain(hours_per_month)} h x 3600 / {span} s",
        "records": {
            "total": tally.records,
            "nodata": tally.nodata,
            "skipdata": tally.skipdata,
            "malformed_skipped": tally.malformed,
            "on_nat_interfaces": tally.nat_records,
            "nat_legs_counted": tally.counted_records,
            "nat_legs_rejected": tally.rejected_records,
        },
        "nat_interfaces": list(tally.nat_enis),
        "nat_interfaces_recognised": tally.nat_detected,
        "bytes_counted": counted,
        "bytes_by_destination": by_class,
        "nat_path_gb_per_month": nat_path,
        "share_attributed": share,
        "ip_ranges": {"create_date": ranges.create_date, "sync_token": ranges.sync_token, "source": ranges.source},
        "dns": _dns_summary(dns, tally),
        "sources": source,
        "caveats": caveats,
    }
    return EvidenceProfile(profile=profile, evidence=evidence)


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dns_summary(dns: DnsMap | None, tally: Tally) -> dict[str, Any]:
    if dns is None:
        return {"used": False}
    return {
        "used": True,
        "files": dns.files,
        "queries": dns.queries,
        "answers": dns.answers,
        "malformed_lines": dns.malformed,
        "bytes_matched_by_answer_address_only": tally.answer_only_bytes,
        "aws_names_without_a_catalog_service": [name for name, _ in dns.unmapped_aws_names.most_common(10)],
    }


def _traffic_caveats(
    tally: Tally, dns: DnsMap | None, nat_path: dict[str, Decimal], span: int, counted: int
) -> list[str]:
    notes = []
    if tally.nat_detected:
        notes.append(
            f"NAT interface(s) recognised from the records: {', '.join(tally.nat_enis)}; pass --nat-eni to choose"
        )
    if tally.skipdata:
        notes.append(
            f"{tally.skipdata} SKIPDATA record(s): AWS dropped flow records in those windows, so bytes are undercounted"
        )
    if tally.malformed:
        notes.append(f"{tally.malformed} malformed line(s) skipped")
    if tally.rejected_records:
        notes.append(f"{tally.rejected_records} rejected NAT leg record(s) not counted")
    if dns is None:
        notes.append(
            "no Resolver query logs (--dns-logs): only S3 and DynamoDB are attributed; other AWS traffic counts"
            " as aws-unattributed and stays on the NAT path"
        )
    elif tally.answer_only_bytes:
        share = Decimal(tally.answer_only_bytes) / Decimal(max(counted, 1))
        notes.append(
            f"{share:.1%} of bytes were named by a Resolver answer for another client (matched on the address only)"
        )
    if dns is not None:
        notes.append("Resolver answers are joined on (client, address) without a time window; addresses may be reused")
    if nat_path.get(AWS_GLOBAL):
        notes.append(
            "traffic to global AWS names (e.g. sts.amazonaws.com) stays on the NAT: no VPC endpoint serves them;"
            " use regional endpoints (AWS_STS_REGIONAL_ENDPOINTS=regional)"
        )
    if nat_path.get("s3-other-region") or nat_path.get("dynamodb-other-region"):
        notes.append("S3/DynamoDB in other regions stays on the NAT: gateway endpoints serve the VPC's region only")
    if span < 7 * 24 * 3600:
        notes.append(f"the logs cover {Decimal(span) / 3600:.1f} hours; a week or more captures weekly cycles")
    notes.append(
        "internet_gb_per_month holds every byte that must stay on the NAT path (see nat_path_gb_per_month);"
        " aws-unattributed is AWS traffic no name or range attributes"
    )
    return notes
