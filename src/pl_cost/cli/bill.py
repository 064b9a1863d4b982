"""`pl-cost bill`: every NAT gateway on a Cost and Usage Report, what endpoints could save (pl_cost.bill)."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pl_cost.cli.app import (
    CatalogOpt,
    DiscountOpt,
    FormatOpt,
    HoursOpt,
    OutputOpt,
    PriceOpt,
    app,
    catalog_from_options,
    output_format,
    output_target,
    write_text,
)
from pl_cost.errors import DomainError, UsageError

#: What --compare takes for a billing period rather than a path (then checked as YYYY-MM).
_LOOKS_LIKE_PERIOD = re.compile(r"^\s*\d{4}-\d{1,2}\s*$")
FROM_ATHENA = "from-athena-result"


@app.command("bill")
def bill(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Bill files or folders (CUR 2.0 data/, legacy CUR, FOCUS), or: from-athena-result RESULT.csv",
            show_default=False,
            metavar="PATH...",
        ),
    ] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    inventory: Annotated[
        list[str] | None,
        typer.Option(
            "--inventory",
            metavar="FILE",
            help="JSON from aws ec2 describe-nat-gateways etc. (repeatable; a folder gives the .json files under it).",
        ),
    ] = None,
    aws_share: Annotated[
        str | None,
        typer.Option(
            "--aws-share", metavar="SHARE", help="Share of each NAT's GB that goes to AWS services, 0 to 1 (e.g. 0.6)."
        ),
    ] = None,
    aws_mix: Annotated[
        str | None,
        typer.Option("--aws-mix", metavar="MIX", help="How that share splits: SERVICE=SHARE,... e.g. s3=0.7,ecr=0.3."),
    ] = None,
    profiles_in: Annotated[
        list[str] | None,
        typer.Option(
            "--profiles-in", metavar="PATH", help="Flow-log profiles (files or a folder) named after a NAT or VPC id."
        ),
    ] = None,
    profiles: Annotated[
        str | None,
        typer.Option("--profiles", metavar="DIR", help="Write a profile skeleton per VPC (per NAT) into this folder."),
    ] = None,
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--compare",
            metavar="BEFORE AFTER",
            help="Two billing periods of PATHS (e.g. 2024-09 2024-10), or two bills / saved -f json reports.",
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan", metavar="FILE", help="With --compare: a plan JSON from pl-cost recommend --format json."
        ),
    ] = None,
    period: Annotated[
        list[str] | None,
        typer.Option("--period", metavar="YYYY-MM", help="Only this billing period, e.g. 2024-09 (repeatable)."),
    ] = None,
    hours: HoursOpt = "730",
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    athena: Annotated[
        bool, typer.Option("--athena", help="Print the Athena DDL and query (CUR 2.0) instead of reading files.")
    ] = False,
    athena_location: Annotated[
        str | None,
        typer.Option(
            "--athena-location",
            metavar="S3URL",
            help="S3 location of the export's data/ folder, for the DDL, e.g. s3://bucket/prefix/export/data/.",
        ),
    ] = None,
    athena_periods: Annotated[
        str | None,
        typer.Option(
            "--athena-periods",
            metavar="PERIODS",
            help="Billing periods the query reads, e.g. 2024-09,2024-10 (default: this month and the two before).",
        ),
    ] = None,
    athena_table: Annotated[
        str,
        typer.Option(
            "--athena-table", metavar="NAME", help="The Athena table's name: letters, digits and underscores."
        ),
    ] = "cur2",
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: on a terminal).")
    ] = None,
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the JSON Schema of the JSON report and exit.")
    ] = False,
) -> None:
    """NAT gateways on a bill (pl_cost.bill), savings ranked; from-athena-result (pl_cost.bill.bill_from_athena_result).

    \b
    --compare BEFORE AFTER calls pl_cost.compare_bills; --athena prints pl_cost.bill.athena_sql.

    \b
    Examples:
      pl-cost bill cur2/data/ --inventory nat-gateways.json --aws-share 0.6
      pl-cost bill cur2/data/ --period 2024-09 --profiles profiles/ -f csv -o nat-gateways.csv
      pl-cost bill --compare 2024-09 2024-10 cur2/data/ --plan plan.json
      pl-cost bill --athena --athena-location s3://bucket/prefix/export/data/
      pl-cost bill from-athena-result result.csv
    """
    fmt = output_format(fmt)
    output = output_target(output)
    if schema or athena:
        if fmt != "table":
            raise UsageError(
                f"--format: {'--schema prints JSON Schema' if schema else '--athena prints SQL'}; leave --format out"
            )
        if paths:
            raise UsageError(f"{'--schema' if schema else '--athena'}: reads no bill; give no PATHS")
    if schema:
        import json

        from pl_cost.bill import BillReport

        write_text(json.dumps(BillReport.model_json_schema(mode="serialization"), indent=2) + "\n", output)
        return
    if athena:
        from pl_cost.bill import athena_sql

        periods = [p.strip() for p in athena_periods.split(",") if p.strip()] if athena_periods else None
        write_text(athena_sql(athena_location, periods, athena_table), output)
        return
    for name, value in (("--athena-location", athena_location), ("--athena-periods", athena_periods)):
        if value is not None:
            raise UsageError(f"{name}: only with --athena")
    given = list(paths or [])
    target_dir = _profiles_dir(profiles)
    if plan is not None:
        if compare is None:
            raise UsageError("--plan: only with --compare BEFORE AFTER")
        from pl_cost.bill.compare import check_plan

        check_plan(plan)
    options: dict[str, Any] = {
        "inventory": inventory or None,
        "aws_share": aws_share,
        "aws_mix": aws_mix,
        "profiles_in": profiles_in or None,
        "catalog": catalog_from_options(catalog, price, discount),
        "hours_per_month": hours,
    }
    if compare is not None:
        _compare(given, compare, plan, options, fmt, output, progress)
        return
    report = _report(given, options, period, progress)
    if target_dir is not None:
        _write_profiles(report, target_dir)
    from pl_cost.bill.render import render_bill

    write_text(_page(report, fmt) or render_bill(report, fmt), output)


def _page(result: Any, fmt: str) -> str | None:
    """A whole HTML page (pl_cost.html_page) for --format html; None for the other formats."""
    if fmt != "html":
        return None
    from pl_cost.pages import html_page

    return html_page(result)


def _report(given: list[str], options: dict[str, Any], period: list[str] | None, progress: bool | None) -> Any:
    import pl_cost.bill as library

    if given and given[0] == FROM_ATHENA:
        if len(given) != 2:
            raise UsageError(f"{FROM_ATHENA}: give exactly one CSV file, the Athena query's result")
        return library.bill_from_athena_result(given[1], periods=period, **options)
    if not given:
        raise UsageError("give bill files or folders (or --athena, or from-athena-result RESULT.csv)")
    return library.bill(given, periods=period, progress=progress, **options)


def _compare(
    given: list[str],
    pair: tuple[str, str],
    plan: str | None,
    options: dict[str, Any],
    fmt: str,
    output: str | None,
    progress: bool | None,
) -> None:
    import pl_cost.bill as library
    from pl_cost.bill.periods import check_period
    from pl_cost.bill.render import render_comparison

    before, after = pair
    looks = [bool(_LOOKS_LIKE_PERIOD.match(p)) for p in pair]
    if any(looks) and not all(looks):
        raise UsageError(f"--compare: give two billing periods (YYYY-MM) or two bills, got {before!r} and {after!r}")
    if all(looks):
        before, after = check_period(before, "--compare"), check_period(after, "--compare")
        if not given:
            raise UsageError("--compare YYYY-MM YYYY-MM: give the bill files or folders holding both periods")
        report = _report(given, options, [before, after], progress)
        result = library.compare_bills(report, report, plan, (before, after))
    else:
        if given:
            raise UsageError("--compare BEFORE AFTER: with two bills (or saved JSON) give no other PATHS")
        result = library.compare_bills(_load(before, options, progress), _load(after, options, progress), plan)
    write_text(_page(result, fmt) or render_comparison(result, fmt), output)


def _load(path: str, options: dict[str, Any], progress: bool | None) -> Any:
    """A saved `pl-cost bill -f json` report, or a bill to read."""
    from pydantic import ValidationError

    from pl_cost.bill import BillReport

    target = Path(path)
    if target.suffix.lower() == ".json" and target.is_file():
        try:
            return BillReport.model_validate_json(target.read_bytes())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise UsageError(f"--compare: {path}: not a pl-cost bill JSON report ({where}: {first['msg']})") from None
    return _report([path], options, None, progress)


def _profiles_dir(folder: str | None) -> Path | None:
    """The --profiles folder, checked before any work: an existing folder, or a new one in an existing folder."""
    if folder is None:
        return None
    if not folder or folder.strip() != folder:
        raise UsageError(f"--profiles: give a folder name, got {folder!r}")
    target = Path(folder)
    try:
        info = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        info = None
    except OSError as exc:
        raise DomainError(f"--profiles: cannot use {folder}: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise UsageError(f"--profiles: {folder} is not a folder; give a folder to write the profiles into")
    parent = target if info is not None else target.absolute().parent
    if not parent.is_dir():
        why = "is not a folder" if parent.exists() else "does not exist"
        raise DomainError(f"--profiles: cannot create {folder}: {parent} {why} (pl-cost creates only the last folder)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DomainError(f"--profiles: cannot write into {parent}: permission denied")
    return target


def _write_profiles(report: Any, folder: Path) -> None:
    from pl_cost.bill import profile_skeletons
    from pl_cost.writer import write_files

    texts = profile_skeletons(report, folder)
    if not texts:
        sys.stderr.write("pl-cost: no profile written: no NAT gateway with traffic and a resource ID on this bill\n")
        return
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise DomainError(f"--profiles: cannot create {folder}: {exc.strerror or exc}") from None
    written = write_files(texts, "--profiles")
    first = next(iter(texts))  # as the user named the folder, not resolved
    sys.stderr.write(f"pl-cost: wrote {len(written)} profile(s) to {folder}; next: pl-cost recommend {first}\n")
