"""Workload profiles from evidence: VPC Flow Logs, Route 53 Resolver query logs, AWS ip-ranges and an inventory.

`profile_from_flow_logs` scans the logs (pure Python, or DuckDB when installed), counts one leg per
direction of each NAT flow, attributes destinations, and extrapolates to GB/month;
`profile_from_athena_result` does the same from the result of the Athena query `athena_sql` prints.
Every record read is accounted for (used, or skipped with its reason), and every error is a
`PlCostError`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pl_cost.errors import UsageError
from pl_cost.evidence.dns import DnsMap
from pl_cost.evidence.fields import Header, check_fields, default_header, parse_fields
from pl_cost.evidence.files import FORMATS, Discovery, LogFile, discover, read_header
from pl_cost.evidence.ipranges import IpRanges, load_ip_ranges
from pl_cost.money import DEFAULT_HOURS_PER_MONTH

if TYPE_CHECKING:  # the models load pydantic: imported when a profile is built, while DuckDB scans
    from pl_cost.evidence.model import EvidenceProfile, Sources, Tally
    from pl_cost.evidence.nat import Plan, Seen, Selection

__all__ = [
    "ENGINES",
    "NAT_MODES",
    "EvidenceProfile",
    "athena_sql",
    "evidence_schema",
    "profile_from_athena_result",
    "profile_from_flow_logs",
]


def __getattr__(name: str) -> Any:
    """`EvidenceProfile` and `evidence_schema` load on first use (pydantic is slow to import)."""
    if name in ("EvidenceProfile", "evidence_schema"):
        from pl_cost.evidence import model

        return getattr(model, name)
    raise AttributeError(name)


Engine = Literal["auto", "python", "duckdb"]
ENGINES = ("auto", "python", "duckdb")
NAT_MODES = ("per-az", "single", "regional")
_ENI = re.compile(r"^eni-[0-9a-f]{8,17}$")
_VPC = re.compile(r"^vpc-[0-9a-f]{8,17}$")


class _Scan(Protocol):
    def nat_pattern(self) -> set[str]: ...
    def interfaces(self) -> dict[str, Seen]: ...
    def tally(self, selection: Selection, ranges: IpRanges, dns: DnsMap, region: str) -> Tally: ...


def profile_from_flow_logs(
    paths: list[str],
    region: str,
    *,
    inventory: list[str] | None = None,
    fields: str | None = None,
    ip_ranges: str | None = None,
    dns_logs: list[str] | None = None,
    nat_enis: list[str] | None = None,
    vpc: str | None = None,
    engine: Engine = "auto",
    azs: object = None,
    nat_mode: str | None = None,
    hours_per_month: object = DEFAULT_HOURS_PER_MONTH,
    allow_empty: bool = False,
    progress: bool | None = None,
) -> EvidenceProfile:
    """A profile from flow-log files or directories: S3 text (gzip or plain), headerless or CloudWatch Logs
    records (`fields`: the log format, else the default), subscription payloads, or Parquet (DuckDB).

    `vpc` picks one VPC's NAT gateways from an inventory that holds several (a profile is one VPC's).
    """
    from pl_cost.duckdb_runner import ProgressBar
    from pl_cost.evidence import duck, nat
    from pl_cost.evidence.scan import first_malformed, reduce_files

    enis = _check_light(nat_enis, engine, nat_mode)
    vpc_id = _check_vpc(vpc)
    stock = _inventory(inventory)
    found = discover(paths)
    chosen = _engine(engine, found.files)
    headers, caveats = _headers(found, fields)
    has_pkt = [h.has_packet_addresses for h in headers.values()]
    planned = nat.plan(stock, enis, needs_addresses=not all(has_pkt), vpc=vpc_id)
    if planned.nat_enis is None:
        _need_instance_id(headers)
    caveats.extend(_key_caveats(found.files, region))
    size = float(sum(log.size for log in found.files))
    bar = ProgressBar("scanning flow logs", total=size, enabled=progress)

    def meanwhile(cursor: Any) -> tuple[dict[str, Any], IpRanges, DnsMap | None]:
        """What needs no record: the region and numbers checked, ip-ranges and Resolver logs read."""
        checked = _check_options(region, enis, engine, azs, nat_mode, hours_per_month)
        from pl_cost.evidence import build  # noqa: F401  (pydantic and the models load here, beside the scan)

        loaded = load_ip_ranges(ip_ranges)
        if cursor is not None:
            duck.load_ip_ranges_table(cursor, loaded)
        return checked, loaded, _dns(dns_logs, region)

    scanner: _Scan
    try:
        if chosen == "duckdb":
            duck_scan, (options, ranges, dns) = duck.scan(found.files, headers, planned.nat_enis, bar, meanwhile)
            scanner = duck_scan
        else:
            from pl_cost.evidence.attribute import PythonScan

            options, ranges, dns = meanwhile(None)
            scanner = PythonScan(reduce_files(found.files, headers, bar, _frozen(planned.nat_enis)))
    finally:
        bar.close()
    selection = nat.select(planned, scanner.nat_pattern(), scanner.interfaces(), any(has_pkt))
    result = scanner.tally(selection, ranges, dns or DnsMap(), region)
    if chosen == "duckdb" and result.malformed and result.first_malformed is None:
        result.first_malformed = _first_malformed(found.files, headers, duck_scan, first_malformed)
    sources = _sources("profile flow-logs", found, headers, stock, inventory)
    return _finish(
        result, planned, selection, options, region, ranges, dns, chosen, sources, caveats, has_pkt, allow_empty
    )


def profile_from_athena_result(
    path: str,
    region: str,
    *,
    inventory: list[str] | None = None,
    ip_ranges: str | None = None,
    dns_logs: list[str] | None = None,
    nat_enis: list[str] | None = None,
    vpc: str | None = None,
    engine: Engine = "python",
    azs: object = None,
    nat_mode: str | None = None,
    hours_per_month: object = DEFAULT_HOURS_PER_MONTH,
    allow_empty: bool = False,
) -> EvidenceProfile:
    """The same profile from the CSV result of the query `athena_sql` prints."""
    from pathlib import Path

    from pl_cost.evidence import duck, nat
    from pl_cost.evidence.athena import read_result
    from pl_cost.evidence.attribute import PythonScan

    options = _check_options(region, nat_enis, engine, azs, nat_mode, hours_per_month)
    vpc_id = _check_vpc(vpc)
    if engine == "auto":
        engine = "python"
    ranges = load_ip_ranges(ip_ranges)
    stock = _inventory(inventory)
    target = Path(path)
    reduced = read_result(target)  # validates the CSV even when DuckDB does the work
    has_pkt = sorted({key[7] for key in reduced.groups if key[1] != "MALFORMED"}) or [True]
    planned = nat.plan(stock, options["enis"], needs_addresses=not all(has_pkt), vpc=vpc_id)
    dns = _dns(dns_logs, region)
    scanner: _Scan
    if engine == "duckdb":
        if not duck.available():
            raise UsageError("--engine duckdb: DuckDB is not installed (install the 'evidence' extra)")
        scanner = duck.scan_reduced_csv(target)
    else:
        scanner = PythonScan(reduced)
    selection = nat.select(planned, scanner.nat_pattern(), scanner.interfaces(), any(has_pkt))
    result = scanner.tally(selection, ranges, dns or DnsMap(), region)
    from pl_cost.evidence.model import Sources

    sources = Sources(
        command="profile from-athena-result",
        result_csv=target.name,
        inventory=list(stock.files) if stock else [],
    )
    caveats = [
        "Athena reads a number it cannot parse as NULL (0 bytes) and drops the fields of a short line: such lines"
        " count as records, not as malformed"
    ]
    engine_name = f"athena+{engine}"
    return _finish(
        result, planned, selection, options, region, ranges, dns, engine_name, sources, caveats, has_pkt, allow_empty
    )


def athena_sql(
    paths: list[str],
    region: str,
    *,
    location: str | None = None,
    days: int = 14,
    nat_enis: list[str] | None = None,
    vpc: str | None = None,
    inventory: list[str] | None = None,
    fields: str | None = None,
    hourly: bool | None = None,
    parquet: bool | None = None,
) -> str:
    """Athena DDL (a table in AWS's documented shape for the logs' layout, and a view) and the reduction query.

    The layout (plain or Hive-compatible keys, hourly partitions, text or Parquet) and the field order
    come from local sample files when `paths` name some; `s3://` locations use `fields` (default: the
    default format) and the options.
    """
    from pl_cost.evidence import nat
    from pl_cost.evidence.athena import AthenaLayout, athena_text

    options = _check_options(region, nat_enis, "auto", None, None, DEFAULT_HOURS_PER_MONTH)
    vpc_id = _check_vpc(vpc)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3660:
        raise UsageError(f"--athena-days: give a whole number of days from 1 to 3660, got {days!r}")
    stock = _inventory(inventory)
    local = [p for p in paths if not p.startswith("s3://")]
    remote = [p for p in paths if p.startswith("s3://")]
    if local:
        found = discover(local)
        headers, _ = _headers(found, fields)
        sample = found.files[0]
        header = headers[sample]
        layout = AthenaLayout.of(sample, location or (remote[0] if remote else None))
    else:
        if not remote:
            raise UsageError("--athena: give a sample flow-log file, or the logs' s3:// location")
        header = parse_fields(fields) if fields else default_header()
        check_fields(header, "--fields", need_instance_id=False)
        layout = AthenaLayout.from_location(location or remote[0])
    if hourly is not None or parquet is not None:
        layout = layout.with_options(hourly=hourly, parquet=parquet)
    # The NAT's addresses are needed when the result is read (from-athena-result --inventory), not here.
    planned = nat.plan(stock, options["enis"], needs_addresses=False, vpc=vpc_id)
    if planned.nat_enis is None:
        if not header.has_packet_addresses:
            raise UsageError(
                "--athena: logs without pkt-srcaddr/pkt-dstaddr (the default format) need the NAT's interfaces:"
                " give --inventory (aws ec2 describe-nat-gateways output) or --nat-eni"
            )
        check_fields(header, "the logs", need_instance_id=True)
    return athena_text(header, layout, region, days, planned.nat_enis)


def _check_light(nat_enis: list[str] | None, engine: str, nat_mode: str | None) -> list[str]:
    """The checks that need no catalog: engine, layout and interface ids."""
    if engine not in ENGINES:
        raise UsageError(f"--engine: unknown engine {engine!r}; allowed: {', '.join(ENGINES)}")
    if nat_mode is not None and nat_mode not in NAT_MODES:
        raise UsageError(f"--nat: unknown layout {nat_mode!r}; allowed: {', '.join(NAT_MODES)}")
    enis = sorted(set(nat_enis or []))
    for eni in enis:
        if not isinstance(eni, str) or not _ENI.match(eni):
            raise UsageError(f"--nat-eni: {eni!r} is not an interface id (eni-0123456789abcdef0)")
    return enis


def _check_options(
    region: str, nat_enis: list[str] | None, engine: str, azs: object, nat_mode: str | None, hours: object
) -> dict[str, Any]:
    """Every option checked: the region against the price catalog, AZs and hours as every command parses them."""
    from pl_cost.api import check_azs, check_hours
    from pl_cost.catalog import load_catalog

    enis = _check_light(nat_enis, engine, nat_mode)
    load_catalog().region(region)
    return {
        "enis": enis,
        "azs": None if azs is None else check_azs(azs),
        "nat_mode": nat_mode,
        "hours": check_hours(hours),
    }


def _check_vpc(vpc: str | None) -> str | None:
    if vpc is None:
        return None
    if not isinstance(vpc, str) or not _VPC.match(vpc):
        raise UsageError(f"--vpc: {vpc!r} is not a VPC id (vpc-0123456789abcdef0)")
    return vpc


def _inventory(paths: list[str] | None) -> Any:
    """The inventory from files and folders (pl_cost.inventory expands folders)."""
    if not paths:
        return None
    from pl_cost.inventory import load_inventory

    return load_inventory(paths)


def _frozen(enis: list[str] | None) -> frozenset[str] | None:
    return None if enis is None else frozenset(enis)


def _dns(paths: list[str] | None, region: str) -> DnsMap | None:
    if not paths:
        return None
    from pl_cost.evidence.dns import read_dns_logs

    return read_dns_logs(paths, region)


def _headers(found: Discovery, fields: str | None) -> tuple[dict[LogFile, Header], list[str]]:
    """Every file's field order, checked before any scanning so bad input fails fast.

    A file without a header whose first record does not have the format's fields is an error when named
    on the command line; found in a directory it is skipped and listed, unless no file is left.
    """
    from pl_cost.evidence.scan import width_error, width_mismatch, width_reason

    given = parse_fields(fields) if fields else None
    headers: dict[LogFile, Header] = {}
    caveats: list[str] = []
    parquet = [log for log in found.files if log.fmt == "parquet"]
    if parquet:
        from pl_cost.evidence import duck

        headers.update(duck.parquet_headers(parquet))
    first_error: UsageError | None = None
    for log in list(found.files):
        if log.fmt == "s3-text":
            header = read_header(log)
            if given is not None and given.fields != header.fields:
                note = "--fields differs from the header line of S3 text files: their header lines are used"
                if note not in caveats:
                    caveats.append(note)
        elif log.fmt == "parquet":
            header = headers[log]
        else:
            header = given or default_header()
            count = width_mismatch(log, header)
            if count is not None:
                error = width_error(log, header, count)
                if log.named:
                    raise error
                first_error = first_error or error
                found.files.remove(log)
                found.skipped.append(f"{log.path} (not a flow log of this format: {width_reason(header, count)})")
                continue
        for note in check_fields(header, str(log.path), need_instance_id=False):
            if note not in caveats:
                caveats.append(note)
        headers[log] = header
    if not found.files and first_error is not None:
        raise first_error
    return headers, caveats


def _need_instance_id(headers: dict[LogFile, Header]) -> None:
    for log, header in headers.items():
        check_fields(header, str(log.path), need_instance_id=True)


def _key_caveats(logs: list[LogFile], region: str) -> list[str]:
    others = sorted({log.region for log in logs if log.region and log.region != region})
    if not others:
        return []
    return [f"some files sit under S3 keys for region(s) {', '.join(others)}, not {region}: check --region"]


def _engine(engine: str, logs: list[LogFile]) -> str:
    from pl_cost.evidence import duck

    parquet = any(log.kind == "parquet" for log in logs)
    if engine == "python":
        if parquet:
            raise UsageError("--engine python: Parquet flow logs need the duckdb engine (the 'evidence' extra)")
        return "python"
    if duck.available():
        return "duckdb"
    if engine == "duckdb" or parquet:
        raise UsageError("DuckDB is not installed: install the 'evidence' extra, or use --engine python for text logs")
    return "python"


def _first_malformed(logs: list[LogFile], headers: dict[LogFile, Header], scan: Any, finder: Any) -> str | None:
    for log in logs:
        parquet = log.kind == "parquet"
        location = scan.first_parquet_malformed(log, headers[log]) if parquet else finder([log], headers)
        if location is not None:
            return str(location)
    return None


def _sources(command: str, found: Discovery, headers: dict[LogFile, Header], stock: Any, given: Any) -> Sources:
    from pl_cost.evidence.model import Sources

    formats: dict[str, int] = {}
    orders: dict[str, int] = {}
    for log in found.files:
        formats[FORMATS[log.fmt]] = formats.get(FORMATS[log.fmt], 0) + 1
        origin = headers[log].origin
        orders[origin] = orders.get(origin, 0) + 1
    return Sources(
        command=command,
        files=len(found.files),
        file_bytes=sum(log.size for log in found.files),
        formats=formats,
        field_order=[f"{origin}: {count} file(s)" for origin, count in sorted(orders.items())],
        accounts=sorted({log.account for log in found.files if log.account}),
        regions_in_keys=sorted({log.region for log in found.files if log.region}),
        skipped=list(found.skipped),
        notes=list(found.notes),
        inventory=list(stock.files) if stock else [],
        inventory_skipped=list(stock.skipped) if stock else [],
    )


def _finish(
    result: Tally,
    planned: Plan,
    selection: Selection,
    options: dict[str, Any],
    region: str,
    ranges: IpRanges,
    dns: DnsMap | None,
    engine: str,
    sources: Sources,
    caveats: list[str],
    has_pkt: list[bool],
    allow_empty: bool,
) -> EvidenceProfile:
    from pl_cost.evidence import nat
    from pl_cost.evidence.build import Context, build_profile

    layout = nat.layout(selection, planned.inventory, options["azs"], options["nat_mode"])
    methods = [m for m, on in (("packet", any(has_pkt)), ("address", not all(has_pkt))) if on]
    notes = list(caveats)
    notes.extend(f"read once: {note}" for note in sources.notes)
    if sources.skipped:
        notes.append(f"{len(sources.skipped)} file(s) skipped: {', '.join(sources.skipped)}")
    if sources.inventory_skipped:
        shown = ", ".join(sources.inventory_skipped)
        notes.append(f"inventory: {len(sources.inventory_skipped)} file(s) skipped: {shown}")
    if "address" in methods and not selection.vpc_cidrs:
        notes.append(
            "no VPC CIDRs in the inventory (aws ec2 describe-vpcs): private addresses were taken as the VPC's clients"
        )
    context = Context(
        region=region,
        ranges=ranges,
        dns=dns,
        engine=engine,
        sources=sources,
        selection=selection,
        layout=layout,
        methods=methods,
        caveats=notes,
        hours_per_month=options["hours"],
        allow_empty=allow_empty,
    )
    return build_profile(result, context)
