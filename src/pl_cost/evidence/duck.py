"""The DuckDB engine: the reduction and the attribution run as SQL from `sql.py` on DuckDB's parallel scans.

DuckDB is optional (the `evidence` extra). IP containment is an integer range join, so no extension
(inet) is needed, and extension autoloading is switched off so nothing is downloaded at run time.
Lines DuckDB's CSV reader cannot split into the format's fields are kept in its rejects table and
counted as malformed, so nothing is dropped silently.
"""

from __future__ import annotations

import csv
import functools
import itertools
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from pl_cost import duckdb_runner
from pl_cost.duckdb_runner import ProgressBar
from pl_cost.errors import DomainError, UsageError
from pl_cost.evidence import sql
from pl_cost.evidence.dns import DnsMap
from pl_cost.evidence.fields import INTEGER_FIELDS, OPTIONAL, PACKET_FIELDS, REQUIRED, Header, column
from pl_cost.evidence.files import MAX_LINE_BYTES, OVERLONG_PLACEHOLDER, LogFile, messages
from pl_cost.evidence.ipranges import IpRanges, rows
from pl_cost.evidence.nat import Seen, Selection
from pl_cost.evidence.rules import MAX_DIGITS, well_formed_sql

if TYPE_CHECKING:
    from pl_cost.evidence.model import Tally

_TEXT_FIELDS = (*REQUIRED, *PACKET_FIELDS, *OPTIONAL)
INSTALL_HINT = "DuckDB is not installed: install the 'evidence' extra, or use --engine python for text logs"
T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


def _plain_errors(function: Callable[P, R]) -> Callable[P, R]:
    """DuckDB's own errors and failed temporary files become one-line pl-cost errors; Ctrl-C stays Ctrl-C."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        import duckdb

        try:
            return function(*args, **kwargs)
        except KeyboardInterrupt:
            raise
        except (duckdb.Error, RuntimeError) as exc:
            if duckdb_runner.is_interrupt(exc):
                raise KeyboardInterrupt from None
            if not isinstance(exc, duckdb.Error):
                raise
            raise DomainError(f"DuckDB: {duckdb_runner.first_line(exc)}") from None
        except OSError as exc:
            raise DomainError(f"cannot use a temporary file: {exc.strerror or exc}") from None

    return wrapper


def available() -> bool:
    """Whether the duckdb module can be imported."""
    return duckdb_runner.available()


def connect() -> Any:
    """A fresh in-memory database that will not fetch extensions, with Trino's `to_unixtime`."""
    con = duckdb_runner.connect(INSTALL_HINT)
    con.execute("CREATE MACRO to_unixtime(ts) AS epoch(ts)")
    return con


class DuckScan:
    """A reduced table in DuckDB, and the steps that read it."""

    def __init__(self, con: Any, rejected_lines: int) -> None:
        self.con = con
        self.rejected_lines = rejected_lines

    @_plain_errors
    def has_ip_ranges(self) -> bool:
        """Whether the ip-ranges table was loaded during the scan."""
        found = self.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ip_ranges'").fetchone()
        return bool(found and found[0])

    @_plain_errors
    def nat_pattern(self) -> set[str]:
        """Interfaces showing the NAT gateway pattern (sql.DETECT_NAT_SQL)."""
        return {str(row[0]) for row in self.con.execute(sql.DETECT_NAT_SQL).fetchall()}

    @_plain_errors
    def interfaces(self) -> dict[str, Seen]:
        """What each interface's records show (sql.INTERFACE_SQL)."""
        found = {}
        for eni, records, translated, instance, via, status_only in self.con.execute(sql.INTERFACE_SQL).fetchall():
            found[str(eni)] = Seen(int(records), int(translated), instance, via, int(status_only))
        return found

    @_plain_errors
    def tally(self, selection: Selection, ranges: IpRanges, dns: DnsMap, region: str) -> Tally:
        """Counts, span and bytes per destination class (sql.STATS_SQL, sql.ATTRIBUTE_SQL)."""
        from pl_cost.evidence.model import Tally

        con = self.con
        _load(con, "nat_enis", {"interface_id": "VARCHAR"}, ((e,) for e in selection.enis))
        _load(
            con,
            "nat_addresses",
            {"interface_id": "VARCHAR", "address": "VARCHAR"},
            ((eni, ip) for eni, ips in selection.addresses.items() for ip in ips),
        )
        spans = {"first_ip": "BIGINT", "last_ip": "BIGINT"}
        _load(con, "client_ranges", spans, selection.client_ranges)
        _load(con, "private_ranges", spans, selection.private_ranges)
        if not self.has_ip_ranges():
            _load(con, "ip_ranges", _IP_RANGE_TYPES, rows(ranges), temporary=False)
        pair_types = {"local_addr": "VARCHAR", "answer_addr": "VARCHAR", "label": "VARCHAR"}
        _load(con, "dns_pairs", pair_types, ((k[0], k[1], v) for k, v in dns.by_pair.items()))
        _load(con, "dns_answers", {"answer_addr": "VARCHAR", "label": "VARCHAR"}, dns.by_answer.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE legs AS {sql.LEGS_SQL}")
        stats = con.execute(sql.STATS_SQL).fetchone()
        read, malformed, nodata, skipdata, other, nat_records, rejected, first, last, used = stats
        result = Tally(nat_enis=list(selection.enis))
        result.malformed = int(malformed) + self.rejected_lines
        result.read = int(read) + result.malformed
        result.nodata, result.skipdata, result.other_interfaces = int(nodata), int(skipdata), int(other)
        result.nat_records, result.rejected, result.used = int(nat_records), int(rejected), int(used)
        result.first_start, result.last_end = _int(first), _int(last)
        for destination, direction, size, count, loose in con.execute(sql.ATTRIBUTE_SQL, {"region": region}).fetchall():
            result.add(destination, direction, int(size), int(count), int(loose))
        return result

    @_plain_errors
    def first_parquet_malformed(self, log: LogFile, header: Header) -> str | None:
        """The first Parquet row the rules reject, as `file: row N`."""
        select = _parquet_select(header.fields, "file_row_number")
        query = (
            f"SELECT file_row_number FROM (SELECT {select} FROM read_parquet(?, file_row_number = true,"
            " hive_partitioning = false)))"
            f" WHERE NOT ({well_formed_sql()}) ORDER BY file_row_number LIMIT 1"
        )
        row = self.con.execute(query, [str(log.path)]).fetchone()
        return None if row is None else f"{log.path}: row {int(row[0]) + 1}"


@_plain_errors
def scan(
    logs: Sequence[LogFile],
    headers: dict[LogFile, Header],
    nat_enis: list[str] | None,
    progress: ProgressBar,
    meanwhile: Callable[[Any], T],
) -> tuple[DuckScan, T]:
    """Reduce the files with REDUCE_SQL into the table `reduced`, running `meanwhile(cursor)` at the same time.

    DuckDB works in its own threads while Python reads ip-ranges and Resolver logs; `meanwhile` gets a cursor
    on the same database to load tables for the attribution. An error on either side stops both; so does
    Ctrl-C, which interrupts DuckDB (duckdb_runner.run).
    """
    con = connect()
    with tempfile.TemporaryDirectory(prefix="pl-cost-") as folder:
        source = _source(logs, headers, Path(folder))
        con.execute(f"CREATE TEMP VIEW flow_logs AS {source}")
        statement = f"CREATE TEMP TABLE reduced AS {sql.reduce_sql('flow_logs', nat_enis)}"
        other = _run(con, statement, progress, meanwhile)
        rejected = _rejected_lines(con)
    return DuckScan(con, rejected), other


@_plain_errors
def load_ip_ranges_table(cursor: Any, ranges: IpRanges) -> None:
    """The ip-ranges as the table the attribution SQL joins (loaded while the scan runs)."""
    _load(cursor, "ip_ranges", _IP_RANGE_TYPES, rows(ranges), temporary=False)


_IP_RANGE_TYPES = {
    "first_ip": "BIGINT",
    "last_ip": "BIGINT",
    "prefix_len": "INTEGER",
    "service": "VARCHAR",
    "region": "VARCHAR",
}


@_plain_errors
def scan_reduced_csv(path: Path) -> DuckScan:
    """An Athena result (the REDUCE_SQL rows as CSV) as the table `reduced`."""
    con = connect()
    types = {name: "VARCHAR" for name in sql.REDUCED_COLUMNS}
    types.update(records="BIGINT", bytes="BIGINT", first_start="BIGINT", last_end="BIGINT", has_pkt="BOOLEAN")
    select = ", ".join(
        f"coalesce({name}, '-') AS {name}"
        if name in ("log_status", "action")
        else f"nullif({name}, '') AS {name}"
        if types[name] == "VARCHAR"
        else name
        for name in sql.REDUCED_COLUMNS
    )
    con.execute(
        f"CREATE TEMP TABLE reduced AS SELECT {select} FROM read_csv(?, header = true, delim = ',', quote = '\"',"
        f" columns = {_struct(types)}, auto_detect = false, nullstr = '')",
        [str(path)],
    )
    return DuckScan(con, 0)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _rejected_lines(con: Any) -> int:
    try:
        row = con.execute(
            "SELECT count(DISTINCT (s.file_path, e.line)) FROM reject_errors e"
            " JOIN reject_scans s ON s.scan_id = e.scan_id AND s.file_id = e.file_id"
        ).fetchone()
    except Exception:  # no CSV scan ran (Parquet only): DuckDB has no rejects table then
        return 0
    return int(row[0]) if row else 0


def _source(logs: Sequence[LogFile], headers: dict[LogFile, Header], scratch: Path) -> str:
    """One SELECT per (format, header, compression) group, unioned, with the canonical SOURCE_COLUMNS."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[str]] = {}
    for index, log in enumerate(logs):
        if log.kind == "parquet":
            key = ("parquet", headers[log].fields, False)
            groups.setdefault(key, []).append(str(log.path))
            continue
        fields = headers[log].fields
        if log.wrapped:
            target = scratch / f"{index:06d}.log"
            _unwrap(log, target)
            groups.setdefault(("headerless", fields, False), []).append(str(target))
        else:
            groups.setdefault((log.fmt, fields, log.gzipped), []).append(str(log.path))
    parts = []
    for (fmt, fields, gzipped), paths in groups.items():
        listing = "[" + ", ".join(_quote(p) for p in paths) + "]"
        if fmt == "parquet":
            parts.append(f"SELECT {_parquet_select(fields)} FROM read_parquet({listing}, hive_partitioning = false))")
            continue
        names = [column(f) for f in fields]
        if fmt == "cloudwatch-export":
            names = ["pl_cost_timestamp", *names]
        types = {name: "VARCHAR" for name in names}
        # parallel = false: the parallel reader drops a line longer than its buffer (32 MiB) without a reject
        # or a row; this one rejects every over-long line. Gzip is read in one thread either way, and files
        # are still read side by side.
        parts.append(
            f"SELECT {_text_select(fields)} FROM read_csv({listing}, delim = ' ',"
            f" header = {str(fmt == 's3-text').lower()},"
            f" columns = {_struct(types)}, auto_detect = false, quote = '', escape = '',"
            f" compression = '{'gzip' if gzipped else 'none'}', store_rejects = true,"
            f" max_line_size = {MAX_LINE_BYTES}, parallel = false))"
        )
    return "\nUNION ALL\n".join(parts)


def _unwrap(log: LogFile, target: Path) -> None:
    """CloudWatch Logs events or subscription payloads as plain records, one a line, for the CSV reader."""
    with target.open("wb") as out:
        for _, message, _ in messages(log):
            out.write((OVERLONG_PLACEHOLDER if message is None else message) + b"\n")


def _number(name: str) -> str:
    """The integer of plain digits, else NULL ('-' too): what `rules.integer` accepts once the text is cast back
    and compared, which rejects every other spelling DuckDB's cast takes (+5, 5.0, 1e3, 0x10, 05) and is cheaper
    than a regular expression."""
    return f"CASE WHEN TRY_CAST({name} AS UBIGINT) < {10**MAX_DIGITS} THEN TRY_CAST({name} AS UBIGINT) END"


def _select(fields: tuple[str, ...], text_of: dict[str, str], extra: str | None = None) -> str:
    """The SOURCE_COLUMNS, given each present field's value as SQL text: integers NULL unless plain digits, and
    `bad` when one was not (each text tested once, in an inner projection)."""
    present = set(fields)
    if not all(f in present for f in PACKET_FIELDS):
        present -= set(PACKET_FIELDS)  # one without the other is of no use: not read, as in scan.Layout
    inner = [extra] if extra else []
    for field in _TEXT_FIELDS:
        if field not in present:
            continue
        name = column(field)
        inner.append(f'{text_of[field]} AS "{name}"')
        if field in INTEGER_FIELDS:
            inner.append(f'{_number(chr(34) + name + chr(34))} AS "n_{name}"')
    out = []
    checks = []
    for field in _TEXT_FIELDS:
        name = f'"{column(field)}"'
        if field not in present:
            kind = "BIGINT" if field in INTEGER_FIELDS else "VARCHAR"
            out.append(f"CAST(NULL AS {kind}) AS {name}")
        elif field in INTEGER_FIELDS:
            number = f'"n_{column(field)}"'
            out.append(f"CAST({number} AS BIGINT) AS {name}")
            checks.append(
                f"({name} IS NOT NULL AND {name} <> '-' AND ({number} IS NULL OR CAST({number} AS VARCHAR) <> {name}))"
            )
        else:
            out.append(name)
    out.append(f"({' OR '.join(checks) or 'FALSE'}) AS bad")
    out.append(f"{str(all(f in present for f in PACKET_FIELDS)).upper()} AS has_pkt")
    if extra:
        out.append(extra)
    return ", ".join(out) + " FROM (SELECT " + ", ".join(inner)


def _text_select(fields: tuple[str, ...]) -> str:
    """The SOURCE_COLUMNS from the CSV reader's VARCHAR columns; closes with the reader.

    '-' becomes NULL here, not through the reader's `nullstr`: with it, DuckDB takes a line with extra trailing
    '-' fields as well formed, where the line has more fields than the format.
    """
    return _select(
        fields, {f: f'"{column(f)}"' if f in INTEGER_FIELDS else f"nullif(\"{column(f)}\", '-')" for f in fields}
    )


def _parquet_select(fields: tuple[str, ...], extra: str | None = None) -> str:
    """The SOURCE_COLUMNS from a Parquet file's typed columns (AWS writes '-' as null); closes with the reader."""
    return _select(fields, {f: f"nullif(CAST(\"{column(f)}\" AS VARCHAR), '-')" for f in fields}, extra)


def _parquet_fields(con: Any, log: LogFile) -> tuple[str, ...]:
    try:
        described = con.execute(
            "DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false)", [str(log.path)]
        ).fetchall()
    except Exception as exc:  # duckdb raises its own exception types; any failure means an unreadable file
        if duckdb_runner.is_interrupt(exc):
            raise KeyboardInterrupt from None
        raise UsageError(f"{log.path}: unreadable Parquet: {duckdb_runner.first_line(exc)}") from None
    return tuple(str(row[0]).replace("_", "-") for row in described)


@_plain_errors
def parquet_headers(logs: Sequence[LogFile]) -> dict[LogFile, Header]:
    """Each Parquet file's field names, as a header: every schema read once, on one connection."""
    if not logs:
        return {}
    con = connect()
    try:
        return {log: Header(_parquet_fields(con, log), "parquet") for log in logs}
    finally:
        con.close()


def _struct(types: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in types.items()) + "}"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: Up to this many rows a table is inserted in one statement; more go through a temporary CSV file.
_LITERAL_ROWS = 256


def _load(con: Any, table: str, types: dict[str, str], data: Iterable[Sequence[Any]], temporary: bool = True) -> None:
    """Bulk-load rows: a few in one INSERT (no file), many through a temporary CSV (far faster than inserts)."""
    kind = f"CREATE OR REPLACE {'TEMP ' if temporary else ''}TABLE {table}"
    rows = iter(data)
    first = list(itertools.islice(rows, _LITERAL_ROWS + 1))
    if len(first) <= _LITERAL_ROWS:
        columns = ", ".join(f'"{name}" {sql_type}' for name, sql_type in types.items())
        con.execute(f"{kind} ({columns})")
        if first:
            marks = "(" + ", ".join("?" for _ in types) + ")"
            con.execute(f"INSERT INTO {table} VALUES {', '.join(marks for _ in first)}", [v for r in first for v in r])
        return
    with tempfile.TemporaryDirectory(prefix="pl-cost-") as folder:
        target = Path(folder) / f"{table}.csv"
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(types)
            writer.writerows(first)
            writer.writerows(rows)
        con.execute(
            f"{kind} AS SELECT * FROM read_csv(?, header = true, delim = ',',"
            f" quote = '\"', columns = {_struct(types)}, auto_detect = false)",
            [str(target)],
        )


def _run(con: Any, statement: str, progress: ProgressBar, meanwhile: Callable[[Any], T]) -> T:
    """Run the reduction in DuckDB's worker thread; meanwhile run `meanwhile` here with a cursor of its own."""
    import duckdb

    def beside() -> T:
        cursor = con.cursor()
        try:
            return meanwhile(cursor)
        finally:
            cursor.close()

    try:
        _, other = duckdb_runner.run(con, lambda: con.execute(statement), bar=progress, meanwhile=beside)
    except duckdb.Error as exc:
        detail = duckdb_runner.first_line(exc)
        if "state machine" in detail:
            detail = "lines end in both \\r\\n and \\n, which its CSV reader refuses; use --engine python"
        raise UsageError(f"flow logs: DuckDB could not read them: {detail}") from None
    return other  # type: ignore[return-value]  # meanwhile was given, so it returned a T
