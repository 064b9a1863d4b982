"""The DuckDB engine: every file's columns renamed to the canonical ones, then `sql.AGGREGATE_SQL` in one pass.

DuckDB is optional (the `bill` extra). It streams Parquet and (gzip) CSV in parallel and keeps only the
aggregation's groups in memory; extension autoloading is off so nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pl_cost import duckdb_runner
from pl_cost.bill import sql
from pl_cost.bill.detect import Detected, csv_header, detect
from pl_cost.bill.files import BillFile
from pl_cost.duckdb_runner import ProgressBar
from pl_cost.errors import UsageError

INSTALL_HINT = "pl-cost bill needs DuckDB: pip install 'pl-cost[bill]'"
T = TypeVar("T")


@dataclass
class Scan:
    """What one pass over the files found: the kind of bill, the grouped rows, and what the files lacked."""

    label: str
    layout_key: str
    rows: list[tuple[Any, ...]]
    files: int
    file_bytes: int
    has_resource_column: bool
    providers: dict[str, int] = field(default_factory=dict)
    query: str = ""


def scan(files: Sequence[BillFile], progress: bool | None = None) -> Scan:
    """Detect the kind of bill, check every file is the same kind, and aggregate them all in one query.

    Every DuckDB call runs in a worker thread (`duckdb_runner.run`), so Ctrl-C stops it at once: DuckDB is
    interrupted and the KeyboardInterrupt reaches the caller (the CLI exits 130, nothing written).
    """
    if not files:
        raise UsageError("the bill: no data files to read")
    con = duckdb_runner.connect(INSTALL_HINT)
    detected = _run(con, lambda: [(item, _detect(con, item)) for item in files])
    first = detected[0][1]
    for item, found in detected[1:]:
        if found.layout.key != first.layout.key:
            raise UsageError(
                f"{item.path}: {found.label}, but {detected[0][0].path} is {first.label};"
                " give one kind of bill at a time"
            )
    source = _source(detected)
    count_others = first.layout.provider is None
    query = sql.aggregate_sql(f"(\n{source}\n) AS bill", count_others)
    bar = ProgressBar("scanning the bill", enabled=progress)
    try:
        rows: list[tuple[Any, ...]] = _run(con, lambda: con.execute(query).fetchall(), bar)
    finally:
        bar.close()  # before the answer or the one error line
    providers: dict[str, int] = {}
    if count_others:
        kind, provider, line_items = (sql.RESULT_COLUMNS.index(c) for c in ("line_item_type", "provider", "line_items"))
        for row in rows:
            name = str(row[provider] or "")
            providers[name] = providers.get(name, 0) + int(row[line_items] or 0)
        rows = [row for row in rows if row[kind] != sql.NOT_KEPT]
    return Scan(
        label=first.label,
        layout_key=first.layout.key,
        rows=list(rows),
        files=len(files),
        file_bytes=sum(item.size for item in files),
        has_resource_column=all(found.columns["resource_id"] for _, found in detected),
        providers=providers,
        query=query,
    )


def _detect(con: Any, item: BillFile) -> Detected:
    if item.kind == "parquet":
        try:
            described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(item.path)]).fetchall()
        except Exception as exc:  # duckdb raises its own types; any failure but Ctrl-C means an unreadable file
            if duckdb_runner.is_interrupt(exc):
                raise KeyboardInterrupt from None
            raise UsageError(f"{item.path}: unreadable Parquet: {duckdb_runner.first_line(exc)}") from None
        names = tuple(str(row[0]) for row in described)
    else:
        names = csv_header(item)
    return detect(names, str(item.path))


def _source(detected: list[tuple[BillFile, Detected]]) -> str:
    """One SELECT per (format, columns, compression) group of files, unioned, with the canonical columns."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[tuple[BillFile, Detected]]] = {}
    for item, found in detected:
        groups.setdefault((item.kind, found.names, item.gzipped), []).append((item, found))
    parts = []
    for (kind, names, gzipped), members in groups.items():
        listing = "[" + ", ".join(_literal(str(item.path)) for item, _ in members) + "]"
        found = members[0][1]
        if kind == "parquet":
            relation = f"read_parquet({listing}, hive_partitioning = false)"
        else:
            columns = "{" + ", ".join(f"{_literal(n)}: 'VARCHAR'" for n in _unique_names(names)) + "}"
            relation = (
                f"read_csv({listing}, header = true, delim = ',', quote = '\"', escape = '\"',"
                f" columns = {columns}, auto_detect = false, nullstr = ['', 'NULL'],"
                f" compression = '{'gzip' if gzipped else 'none'}', parallel = true)"
            )
        parts.append(sql.projection_sql(found.columns, relation, found.layout.provider))
    return "\nUNION ALL\n".join(parts)


def _unique_names(names: tuple[str, ...]) -> list[str]:
    """Header names made unique (a repeated name gets `_2`, `_3`), since DuckDB's column list needs unique keys."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        count = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = count
        unique.append(name if count == 1 else f"{name}_{count}")
    return unique


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _run(con: Any, work: Callable[[], T], bar: ProgressBar | None = None) -> T:
    """`work` on DuckDB's worker thread (Ctrl-C interrupts it); DuckDB's own errors become one line."""
    import duckdb

    try:
        return duckdb_runner.run(con, work, bar=bar)[0]
    except duckdb.Error as exc:
        raise UsageError(f"the bill: DuckDB could not read it: {duckdb_runner.first_line(exc)}") from None
