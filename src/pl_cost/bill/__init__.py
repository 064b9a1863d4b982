"""The bill: every NAT gateway in an organisation from its Cost and Usage Report, and what endpoints could save.

`bill(paths)` reads CUR 2.0 (Data Exports), legacy CUR (CSV, gzip CSV, Parquet) or FOCUS files with DuckDB
in one streaming pass; `bill_from_athena_result` reads the CSV result of the Athena query `athena_sql`
prints (the same aggregation); `compare_bills` says what changed between two periods or reports, next to
what a plan predicted. `pl_cost.bill` is this package and also callable as the function, so
`pl_cost.bill(paths)` works however it was imported.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

from pl_cost.bill.model import BillReport
from pl_cost.catalog import Catalog, load_catalog
from pl_cost.errors import UsageError
from pl_cost.inventory import Inventory, load_inventory
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, parse_decimal

__all__ = ["BillReport", "athena_sql", "bill", "bill_from_athena_result", "compare_bills", "profile_skeletons"]

PathArg = str | PathLike[str]


def bill(
    paths: PathArg | Sequence[PathArg],
    *,
    inventory: Inventory | PathArg | Sequence[PathArg] | None = None,
    aws_share: object | None = None,
    aws_mix: Mapping[str, object] | str | None = None,
    profiles_in: PathArg | Sequence[PathArg] | None = None,
    periods: Sequence[str] | None = None,
    catalog: Catalog | None = None,
    hours_per_month: object = DEFAULT_HOURS_PER_MONTH,
    progress: bool | None = None,
    now: datetime | None = None,
) -> BillReport:
    """Every NAT gateway on the bill files or directories given, with totals, endpoints and savings ranked.

    `now` (default: the clock) decides which billing periods are still running: only those are scaled up.
    """
    from pl_cost.bill import read
    from pl_cost.bill.charges import groups_from_rows
    from pl_cost.bill.files import discover
    from pl_cost.bill.report import Meta, build

    options = _options(inventory, aws_share, aws_mix, profiles_in, periods, catalog, hours_per_month, now)
    names = [str(p) for p in ([paths] if isinstance(paths, (str, PathLike)) else paths)]
    files = discover(names)
    scan = read.scan(files, progress)
    meta = Meta(
        scan.label, scan.layout_key, scan.files, scan.file_bytes, "duckdb", scan.has_resource_column, scan.providers
    )
    return build(groups_from_rows(scan.rows), meta, options)


def bill_from_athena_result(
    path: PathArg,
    *,
    inventory: Inventory | PathArg | Sequence[PathArg] | None = None,
    aws_share: object | None = None,
    aws_mix: Mapping[str, object] | str | None = None,
    profiles_in: PathArg | Sequence[PathArg] | None = None,
    periods: Sequence[str] | None = None,
    catalog: Catalog | None = None,
    hours_per_month: object = DEFAULT_HOURS_PER_MONTH,
    now: datetime | None = None,
) -> BillReport:
    """The same report from the CSV result of the Athena query `athena_sql` prints."""
    from pl_cost.bill.athena import read_result
    from pl_cost.bill.charges import groups_from_rows
    from pl_cost.bill.report import Meta, build

    options = _options(inventory, aws_share, aws_mix, profiles_in, periods, catalog, hours_per_month, now)
    target = Path(path)
    rows = read_result(target)
    has_ids = any(row[3] for row in rows)
    meta = Meta("CUR 2.0 (AWS Data Exports), aggregated by Athena", "cur2", 1, target.stat().st_size, "athena", has_ids)
    return build(groups_from_rows(rows), meta, options)


def athena_sql(location: str | None = None, periods: Sequence[str] | None = None, table: str = "cur2") -> str:
    """The CUR 2.0 table's DDL (partition projection on the billing period) and the aggregation query, for Athena."""
    from pl_cost.bill.athena import athena_text

    return athena_text(location, list(periods) if periods else None, table)


def compare_bills(
    before: BillReport,
    after: BillReport,
    plan: PathArg | Mapping[str, Any] | None = None,
    periods: tuple[str, str] | None = None,
) -> Any:
    """Per NAT gateway: hours, GB and cost before and after, monthly, next to what a plan predicted.

    `periods` picks (before, after) billing periods, e.g. both from one report; else each report's latest.
    """
    from pl_cost.bill.compare import compare

    return compare(before, after, plan, periods)


def profile_skeletons(report: BillReport, folder: PathArg) -> dict[Path, str]:
    """A profile per VPC (per NAT without an inventory) that `pl-cost recommend` accepts: file path -> YAML text."""
    from pl_cost.bill.skeleton import skeletons

    return skeletons(report, Path(folder))


def _options(
    inventory: Inventory | PathArg | Sequence[PathArg] | None,
    aws_share: object | None,
    aws_mix: Mapping[str, object] | str | None,
    profiles_in: PathArg | Sequence[PathArg] | None,
    periods: Sequence[str] | None,
    catalog: Catalog | None,
    hours_per_month: object,
    now: datetime | None = None,
) -> Any:
    from pl_cost.api import check_hours
    from pl_cost.bill.periods import check_period
    from pl_cost.bill.report import Options

    share = None
    if aws_share is not None:
        share = parse_decimal(aws_share, "--aws-share")
        if not 0 <= share <= 1:
            raise UsageError(f"--aws-share: a share of the NAT's GB from 0 to 1 (0.6 = 60%), got {aws_share}")
    mix = _mix(aws_mix)
    if mix is not None and share is None:
        raise UsageError("--aws-mix: give --aws-share too (the mix splits that share between services)")
    found = inventory if isinstance(inventory, Inventory) or inventory is None else load_inventory(_paths(inventory))
    return Options(
        catalog=catalog or load_catalog(),
        hours_per_month=check_hours(hours_per_month),
        inventory=found,
        aws_share=share,
        aws_mix=mix,
        profiles=_profiles(profiles_in),
        periods=[check_period(p) for p in periods] if periods else None,
        now=_aware(now),
    )


def _aware(now: datetime | None) -> datetime | None:
    """`now` as an aware UTC time (a naive one is taken as UTC)."""
    if now is None:
        return None
    if not isinstance(now, datetime):
        raise UsageError(f"now: a datetime, got {type(now).__name__}")
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def _paths(paths: PathArg | Sequence[PathArg]) -> list[PathArg]:
    """One path or several, as a list (a folder stands for the .json files under it: `load_inventory`)."""
    return [paths] if isinstance(paths, (str, PathLike)) else list(paths)


def _mix(value: Mapping[str, object] | str | None) -> dict[str, Decimal] | None:
    """`s3=0.5,ecr=0.3,logs=0.2` (or a mapping): services from the catalog, shares adding up to 1."""
    if value is None:
        return None
    from pl_cost.services import service_table, suggest

    pairs: list[tuple[str, object]]
    if isinstance(value, str):
        pairs = []
        for part in (p.strip() for p in value.split(",") if p.strip()):
            service, sep, text = part.partition("=")
            if not sep:
                raise UsageError(f"--aws-mix: expected SERVICE=SHARE,..., e.g. s3=0.5,ecr=0.3,logs=0.2; got {part!r}")
            pairs.append((service.strip(), text))
    else:
        pairs = list(value.items())
    table = service_table()
    mix: dict[str, Decimal] = {}
    for name, share in pairs:
        if name not in table:
            raise UsageError(
                f"--aws-mix: unknown service {name!r}; {suggest(name, table)}valid: {', '.join(sorted(table))}"
            )
        number = parse_decimal(share, f"--aws-mix {name}")
        if not 0 < number <= 1:
            raise UsageError(f"--aws-mix: {name}: a share above 0 and at most 1, got {share}")
        mix[name] = number
    if not mix:
        raise UsageError("--aws-mix: give at least one SERVICE=SHARE")
    if sum(mix.values(), Decimal(0)) != 1:
        raise UsageError(f"--aws-mix: the shares add up to {sum(mix.values(), Decimal(0))}, not 1")
    return mix


def _profiles(value: PathArg | Sequence[PathArg] | None) -> dict[str, Any]:
    """Flow-log profiles from files or a directory of them (.yaml, .yml, .json), by file name."""
    if value is None:
        return {}
    from pl_cost.inputs import regular_file
    from pl_cost.recommend import load_profile

    given = [value] if isinstance(value, (str, PathLike)) else list(value)
    found: dict[str, Any] = {}
    for item in given:
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".json"))
            if not files:
                raise UsageError(f"--profiles-in: {path}: no profile files (.yaml, .yml, .json) in this directory")
        else:
            files = [path]
        for file in files:
            if file.name.endswith(".evidence.json"):
                continue
            regular_file(file, "--profiles-in")  # a FIFO would hang the read
            found[str(file)] = load_profile(file)
    return found


class _CallablePackage(types.ModuleType):
    """`pl_cost.bill` is a package and the public function at once: calling the package calls `bill`."""

    def __call__(self, *args: Any, **kwargs: Any) -> BillReport:
        return bill(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
