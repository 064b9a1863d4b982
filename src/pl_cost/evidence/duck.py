"""The DuckDB engine: the reduction and the attribution run as SQL from `sql.py` on DuckDB's parallel CSV scan.

DuckDB is optional (the `evidence` extra). IP containment is an integer range join, so no extension
(inet) is needed, and extension autoloading is switched off so nothing is downloaded at run time.
"""

from __future__ import annotations

import csv
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pl_cost.errors import UsageError
from pl_cost.evidence import sql
from pl_cost.evidence.dns import DnsMap
from pl_cost.evidence.fields import INTEGER_FIELDS, OPTIONAL, REQUIRED, Header, column
from pl_cost.evidence.files import LogFile
from pl_cost.evidence.ipranges import IpRanges, rows
from pl_cost.evidence.model import Tally
from pl_cost.evidence.progress import Progress


def available() -> bool:
    """Whether the duckdb module can be imported."""
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


def connect() -> Any:
    """A fresh in-memory database that will not fetch extensions."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET preserve_insertion_order = false")  # the reduction's row order does not matter
    return con


def scan(
    logs: Sequence[LogFile],
    headers: dict[LogFile, Header],
    nat_enis: list[str],
    ranges: IpRanges,
    dns: DnsMap,
    region: str,
    progress: Progress,
) -> Tally:
    """Reduce the files with REDUCE_SQL, then attribute with the shared SQL."""
    con = connect()
    con.execute(f"CREATE TEMP VIEW flow_logs AS {_source(con, logs, headers)}")
    _run(con, f"CREATE TEMP TABLE reduced AS {sql.reduce_sql('flow_logs')}", progress)
    return attribute(con, nat_enis, ranges, dns, region)


def scan_reduced_csv(path: Path, nat_enis: list[str], ranges: IpRanges, dns: DnsMap, region: str) -> Tally:
    """Attribute an Athena result (the REDUCE_SQL rows as CSV) with the same SQL."""
    con = connect()
    types = {name: "VARCHAR" for name in sql.REDUCED_COLUMNS}
    types.update(records="BIGINT", bytes="BIGINT", first_start="BIGINT", last_end="BIGINT", requester_managed="BOOLEAN")
    select = ", ".join(
        f"coalesce({name}, '-') AS {name}" if name in ("log_status", "action") else name for name in sql.REDUCED_COLUMNS
    )
    con.execute(
        f"CREATE TEMP TABLE reduced AS SELECT {select} FROM read_csv(?, header = true, delim = ',', quote = '\"',"
        f" columns = {_struct(types)}, auto_detect = false)",
        [str(path)],
    )
    con.execute("UPDATE reduced SET direction = NULL WHERE direction = ''")
    return attribute(con, nat_enis, ranges, dns, region)


def attribute(con: Any, nat_enis: list[str], ranges: IpRanges, dns: DnsMap, region: str) -> Tally:
    """Stats and bytes per destination class from the `reduced` table."""
    if nat_enis:
        _load(con, "nat_enis", {"interface_id": "VARCHAR"}, ((e,) for e in nat_enis))
        detected = False
    else:
        con.execute(f"CREATE TEMP TABLE nat_enis AS {sql.DETECT_NAT_SQL}")
        detected = True
    enis = [row[0] for row in con.execute("SELECT interface_id FROM nat_enis ORDER BY 1").fetchall()]
    _load(
        con,
        "ip_ranges",
        {"first_ip": "BIGINT", "last_ip": "BIGINT", "prefix_len": "INTEGER", "service": "VARCHAR", "region": "VARCHAR"},
        rows(ranges),
    )
    pair_types = {"local_addr": "VARCHAR", "answer_addr": "VARCHAR", "label": "VARCHAR"}
    _load(con, "dns_pairs", pair_types, ((k[0], k[1], v) for k, v in dns.by_pair.items()))
    _load(con, "dns_answers", {"answer_addr": "VARCHAR", "label": "VARCHAR"}, dns.by_answer.items())
    stats = con.execute(sql.STATS_SQL).fetchone()
    result = Tally(nat_enis=enis, nat_detected=detected)
    (records, nodata, skipdata, first, last, nat_records, counted, rejected) = stats
    result.records, result.nodata, result.skipdata = int(records), int(nodata), int(skipdata)
    result.first_start, result.last_end = _int(first), _int(last)
    result.nat_records, result.counted_records, result.rejected_records = int(nat_records), int(counted), int(rejected)
    for destination, direction, size, count, loose in con.execute(sql.ATTRIBUTE_SQL, {"region": region}).fetchall():
        result.add(destination, direction, int(size), int(count), int(loose))
    return result


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _source(con: Any, logs: Sequence[LogFile], headers: dict[LogFile, Header]) -> str:
    """One SELECT per (format, header, compression) group, unioned, with the canonical SOURCE_COLUMNS."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[str]] = {}
    for log in logs:
        fields = headers[log].fields if log.kind == "text" else _parquet_fields(con, log)
        groups.setdefault((log.kind, fields, log.gzipped), []).append(str(log.path))
    parts = []
    for (kind, fields, gzipped), paths in groups.items():
        listing = "[" + ", ".join(_quote(p) for p in paths) + "]"
        select = ", ".join(_column_expr(field, fields) for field in (*REQUIRED, *OPTIONAL))
        if kind == "parquet":
            parts.append(f"SELECT {select} FROM read_parquet({listing})")
            continue
        types = {column(f): ("BIGINT" if f in INTEGER_FIELDS else "VARCHAR") for f in fields}
        compression = "gzip" if gzipped else "none"
        parts.append(
            f"SELECT {select} FROM read_csv({listing}, delim = ' ', header = true, nullstr = '-',"
            f" columns = {_struct(types)}, auto_detect = false, compression = '{compression}',"
            " ignore_errors = true, parallel = true)"
        )
    return "\nUNION ALL\n".join(parts)


def _column_expr(field: str, fields: tuple[str, ...]) -> str:
    name = column(field)
    quoted = f'"{name}"'
    if field in fields:
        return quoted
    kind = "BIGINT" if field in INTEGER_FIELDS else "VARCHAR"
    return f"CAST(NULL AS {kind}) AS {quoted}"


def _parquet_fields(con: Any, log: LogFile) -> tuple[str, ...]:
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(log.path)]).fetchall()
    except Exception as exc:  # duckdb raises its own exception types; any failure means an unreadable file
        raise UsageError(f"{log.path}: unreadable Parquet: {str(exc).splitlines()[0]}") from None
    fields = tuple(str(row[0]).replace("_", "-") for row in described)
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise UsageError(f"{log.path}: flow log lacks field(s) {', '.join(missing)}")
    return fields


def _struct(types: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in types.items()) + "}"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _load(con: Any, table: str, types: dict[str, str], data: Iterable[Sequence[Any]]) -> None:
    """Bulk-load rows through a temporary CSV: far faster than row-by-row inserts."""
    with tempfile.TemporaryDirectory(prefix="pl-cost-") as folder:
        target = Path(folder) / f"{table}.csv"
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(types)
            writer.writerows(data)
        con.execute(
            f"CREATE TEMP TABLE {table} AS SELECT * FROM read_csv(?, header = true, delim = ',', quote = '\"',"
            f" columns = {_struct(types)}, auto_detect = false)",
            [str(target)],
        )


def _run(con: Any, statement: str, progress: Progress) -> None:
    """Run a long statement in a worker thread while the bar follows DuckDB's own progress figure."""
    import duckdb

    failure: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(statement)
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    if not progress.enabled:
        work()
    else:
        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
            try:
                share = float(con.query_progress())
            except (duckdb.Error, RuntimeError):
                share = -1.0
            if share >= 0:
                progress.update(progress.total * share / 100)
        time.sleep(0)
    if failure:
        exc = failure[0]
        if isinstance(exc, duckdb.Error):
            raise UsageError(f"flow logs: DuckDB could not read them: {str(exc).splitlines()[0]}") from None
        raise exc
