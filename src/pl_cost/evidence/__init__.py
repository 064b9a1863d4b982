"""Workload profiles from evidence: VPC Flow Logs, Route 53 Resolver query logs and AWS ip-ranges.

`profile_from_flow_logs` scans the logs (pure Python, or DuckDB when installed), counts one leg per
direction of each NAT flow, attributes destinations, and extrapolates to GB/month;
`profile_from_athena_result` does the same from the result of the Athena query `athena_sql` prints.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pl_cost.errors import UsageError
from pl_cost.evidence.dns import DnsMap, read_dns_logs
from pl_cost.evidence.fields import Header, check_fields
from pl_cost.evidence.files import LogFile, discover, read_header
from pl_cost.evidence.ipranges import IpRanges, load_ip_ranges
from pl_cost.evidence.model import EvidenceProfile, Tally
from pl_cost.evidence.progress import Progress
from pl_cost.money import DEFAULT_HOURS_PER_MONTH

__all__ = ["EvidenceProfile", "athena_sql", "profile_from_athena_result", "profile_from_flow_logs"]

Engine = Literal["auto", "python", "duckdb"]
ENGINES = ("auto", "python", "duckdb")
NAT_MODES = ("per-az", "single", "regional")
_ENI = re.compile(r"^eni-[0-9a-f]{8,17}$")


def profile_from_flow_logs(
    paths: list[str],
    region: str,
    *,
    ip_ranges: str | None = None,
    dns_logs: list[str] | None = None,
    nat_enis: list[str] | None = None,
    engine: Engine = "auto",
    azs: int | None = None,
    nat_mode: str | None = None,
    hours_per_month: Decimal = DEFAULT_HOURS_PER_MONTH,
    progress: bool | None = None,
) -> EvidenceProfile:
    """A profile from flow-log files or directories (text, gzip or plain; Parquet with DuckDB)."""
    from pl_cost.evidence import duck
    from pl_cost.evidence.attribute import detect_nat, tally
    from pl_cost.evidence.build import build_profile
    from pl_cost.evidence.scan import reduce_files

    enis = _check_options(nat_enis, engine, azs, nat_mode)
    ranges = load_ip_ranges(ip_ranges)
    _check_region(region, ranges)
    logs = discover(paths)
    headers, caveats = _headers(logs, bool(enis))
    caveats.extend(_key_caveats(logs, region))
    chosen = _engine(engine, logs)
    dns = read_dns_logs(dns_logs, region) if dns_logs else None
    bar = Progress(float(sum(log.size for log in logs)), "scanning flow logs", enabled=progress)
    try:
        if chosen == "duckdb":
            result = duck.scan(logs, headers, enis, ranges, dns or DnsMap(), region, bar)
        else:
            reduced = reduce_files(logs, headers, bar)
            result = tally(reduced, enis or detect_nat(reduced), ranges, dns or DnsMap(), region)
            result.nat_detected = not enis
    finally:
        bar.close()
    _check_enis_seen(enis, result)
    source = {
        "command": "profile flow-logs",
        "files": len(logs),
        "file_bytes": sum(log.size for log in logs),
        "accounts": sorted({log.account for log in logs if log.account}),
        "regions_in_keys": sorted({log.region for log in logs if log.region}),
    }
    return build_profile(
        result,
        region=region,
        ranges=ranges,
        dns=dns,
        engine=chosen,
        source=source,
        caveats=caveats,
        azs=azs,
        nat_mode=nat_mode,
        hours_per_month=hours_per_month,
    )


def profile_from_athena_result(
    path: str,
    region: str,
    *,
    ip_ranges: str | None = None,
    dns_logs: list[str] | None = None,
    nat_enis: list[str] | None = None,
    engine: Engine = "python",
    azs: int | None = None,
    nat_mode: str | None = None,
    hours_per_month: Decimal = DEFAULT_HOURS_PER_MONTH,
) -> EvidenceProfile:
    """The same profile from the CSV result of the query `athena_sql` prints."""
    from pl_cost.evidence import duck
    from pl_cost.evidence.athena import read_result
    from pl_cost.evidence.attribute import detect_nat, tally
    from pl_cost.evidence.build import build_profile

    enis = _check_options(nat_enis, engine, azs, nat_mode)
    ranges = load_ip_ranges(ip_ranges)
    _check_region(region, ranges)
    dns = read_dns_logs(dns_logs, region) if dns_logs else None
    target = Path(path)
    reduced = read_result(target)  # validates the CSV even when DuckDB does the work
    result: Tally
    if engine == "duckdb":
        if not duck.available():
            raise UsageError("--engine duckdb: DuckDB is not installed (install the 'evidence' extra)")
        result = duck.scan_reduced_csv(target, enis, ranges, dns or DnsMap(), region)
    else:
        result = tally(reduced, enis or detect_nat(reduced), ranges, dns or DnsMap(), region)
        result.nat_detected = not enis
    _check_enis_seen(enis, result)
    return build_profile(
        result,
        region=region,
        ranges=ranges,
        dns=dns,
        engine=f"athena+{'duckdb' if engine == 'duckdb' else 'python'}",
        source={"command": "profile from-athena-result", "result_csv": target.name},
        caveats=[],
        azs=azs,
        nat_mode=nat_mode,
        hours_per_month=hours_per_month,
    )


def athena_sql(
    paths: list[str], region: str, *, location: str | None = None, days: int = 14, nat_enis: list[str] | None = None
) -> str:
    """Athena DDL for the flow-log table (field order from the first file's header) and the reduction query."""
    from pl_cost.evidence.athena import athena_text

    enis = _check_options(nat_enis, "auto", None, None)
    _check_region(region, load_ip_ranges(None))
    if days < 1:
        raise UsageError("--athena-days: give a whole number of days, 1 or more")
    logs = [log for log in discover(paths) if log.kind == "text"]
    if not logs:
        raise UsageError("--athena: needs a text flow-log file to read the field order from its header")
    headers, _ = _headers(logs[:1], bool(enis))
    return athena_text(headers[logs[0]], logs[0], region, location, days)


def _check_options(nat_enis: list[str] | None, engine: str, azs: int | None, nat_mode: str | None) -> list[str]:
    if engine not in ENGINES:
        raise UsageError(f"--engine: unknown engine {engine!r}; allowed: {', '.join(ENGINES)}")
    if azs is not None and not 1 <= azs <= 6:
        raise UsageError(f"--azs: expected 1 to 6, got {azs}")
    if nat_mode is not None and nat_mode not in NAT_MODES:
        raise UsageError(f"--nat-mode: unknown layout {nat_mode!r}; allowed: {', '.join(NAT_MODES)}")
    enis = sorted(set(nat_enis or []))
    for eni in enis:
        if not _ENI.match(eni):
            raise UsageError(f"--nat-eni: {eni!r} is not an interface id (eni-0123456789abcdef0)")
    return enis


def _check_region(region: str, ranges: IpRanges) -> None:
    known = {item.region for item in ranges.ranges} - {"GLOBAL"}
    if region not in known:
        from pl_cost.services import suggest

        raise UsageError(f"--region: unknown region {region!r}; {suggest(region, sorted(known))}(per ip-ranges.json)")


def _headers(logs: list[LogFile], enis_given: bool) -> tuple[dict[LogFile, Header], list[str]]:
    """Every text file's header, checked before any scanning so bad input fails fast."""
    headers: dict[LogFile, Header] = {}
    caveats: list[str] = []
    for log in logs:
        if log.kind != "text":
            continue
        header = read_header(log)
        for note in check_fields(header, str(log.path), enis_given):
            if note not in caveats:
                caveats.append(note)
        headers[log] = header
    return headers, caveats


def _key_caveats(logs: list[LogFile], region: str) -> list[str]:
    others = sorted({log.region for log in logs if log.region and log.region != region})
    if not others:
        return []
    return [f"some files sit under S3 keys for region(s) {', '.join(others)}, not {region}: check --region"]


def _engine(engine: str, logs: list[LogFile]) -> str:
    from pl_cost.evidence import duck

    if engine == "python":
        if any(log.kind == "parquet" for log in logs):
            raise UsageError("--engine python: Parquet flow logs need the duckdb engine")
        return "python"
    if duck.available():
        return "duckdb"
    if engine == "duckdb" or any(log.kind == "parquet" for log in logs):
        raise UsageError("DuckDB is not installed: install the 'evidence' extra, or use --engine python for text logs")
    return "python"


def _check_enis_seen(enis: list[str], result: Tally) -> None:
    if not enis:
        return
    if result.nat_records == 0:
        raise UsageError(f"--nat-eni: no records for {', '.join(enis)} in the flow logs")
