"""`pl-cost profile ...`: build a workload profile from evidence (pl_cost.evidence)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pl_cost.cli.app import app
from pl_cost.errors import UsageError

profile_app = typer.Typer(
    no_args_is_help=True,
    help="Build a workload profile from evidence: VPC Flow Logs, Resolver query logs, an Athena result.",
)
app.add_typer(profile_app, name="profile")

RegionOpt = Annotated[str, typer.Option("--region", "-r", help="The VPC's AWS region, e.g. us-east-1.")]
IpRangesOpt = Annotated[
    str | None, typer.Option("--ip-ranges", help="A newer AWS ip-ranges.json instead of the shipped capture.")
]
DnsOpt = Annotated[
    list[str] | None, typer.Option("--dns-logs", help="Route 53 Resolver query-log files or directories (repeatable).")
]
EniOpt = Annotated[
    list[str] | None, typer.Option("--nat-eni", help="The NAT gateway's interface id (repeatable); else recognised.")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or yaml (json/yaml include the evidence).")]
OutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", help="Write the profile to PROFILE (.yaml or .json), atomically.")
]
EngineOpt = Annotated[str, typer.Option("--engine", help="auto, python or duckdb (auto: duckdb when installed).")]
AzsOpt = Annotated[int | None, typer.Option("--azs", help="AZs the workloads use (default: one per NAT interface).")]
NatModeOpt = Annotated[
    str | None, typer.Option("--nat-mode", help="Today's NAT layout: per-az, single or regional (default: inferred).")
]


@profile_app.command("flow-logs")
def flow_logs(
    paths: Annotated[list[str], typer.Argument(help="Flow-log files or directories (AWSLogs/... layout).")],
    region: RegionOpt,
    ip_ranges: IpRangesOpt = None,
    dns_logs: DnsOpt = None,
    nat_eni: EniOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    engine: EngineOpt = "auto",
    azs: AzsOpt = None,
    nat_mode: NatModeOpt = None,
    athena: Annotated[
        bool, typer.Option("--athena", help="Print the Athena DDL and query for these logs instead of scanning.")
    ] = False,
    athena_location: Annotated[
        str | None, typer.Option("--athena-location", help="S3 location of AWSLogs/ for the DDL.")
    ] = None,
    athena_days: Annotated[int, typer.Option("--athena-days", help="Days of partitions the query reads.")] = 14,
) -> None:
    """Profile from VPC Flow Logs (pl_cost.evidence.profile_from_flow_logs), or --athena SQL (athena_sql)."""
    from pl_cost.evidence import athena_sql, profile_from_flow_logs

    _check_format(fmt)
    target = _target(output)
    if athena:
        sys.stdout.write(athena_sql(paths, region, location=athena_location, days=athena_days, nat_enis=nat_eni))
        return
    result = profile_from_flow_logs(
        paths,
        region,
        ip_ranges=ip_ranges,
        dns_logs=dns_logs,
        nat_enis=nat_eni,
        engine=engine,  # type: ignore[arg-type]  # checked by the library
        azs=azs,
        nat_mode=nat_mode,
    )
    _finish(result, fmt, target)


@profile_app.command("from-athena-result")
def from_athena_result(
    file: Annotated[str, typer.Argument(help="The CSV result of the query `flow-logs --athena` prints.")],
    region: RegionOpt,
    ip_ranges: IpRangesOpt = None,
    dns_logs: DnsOpt = None,
    nat_eni: EniOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    engine: Annotated[str, typer.Option("--engine", help="python or duckdb.")] = "python",
    azs: AzsOpt = None,
    nat_mode: NatModeOpt = None,
) -> None:
    """Profile from an Athena result CSV (pl_cost.evidence.profile_from_athena_result)."""
    from pl_cost.evidence import profile_from_athena_result

    _check_format(fmt)
    if engine not in ("python", "duckdb"):
        raise UsageError(f"--engine: unknown engine {engine!r}; allowed: python, duckdb")
    target = _target(output)
    result = profile_from_athena_result(
        file,
        region,
        ip_ranges=ip_ranges,
        dns_logs=dns_logs,
        nat_enis=nat_eni,
        engine=engine,  # type: ignore[arg-type]
        azs=azs,
        nat_mode=nat_mode,
    )
    _finish(result, fmt, target)


def _check_format(fmt: str) -> None:
    from pl_cost.evidence.render import FORMATS

    if fmt not in FORMATS:
        raise UsageError(f"--format: unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")


def _target(output: str | None) -> Path | None:
    """The output path, checked before the scan so a bad path fails first."""
    if output is None:
        return None
    target = Path(output)
    if target.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise UsageError(f"--output: {output}: give a .yaml, .yml or .json file name")
    if not target.parent.is_dir() and str(target.parent):
        raise UsageError(f"--output: {target.parent}: no such directory")
    return target


def _finish(result: object, fmt: str, target: Path | None) -> None:
    from pl_cost.evidence.model import EvidenceProfile
    from pl_cost.evidence.render import render
    from pl_cost.evidence.write import write_profile

    assert isinstance(result, EvidenceProfile)
    text = render(result, fmt)
    if target is not None:
        written = write_profile(result, target)
        extra = f" (evidence in {written[1]})" if len(written) > 1 else ""
        sys.stderr.write(f"pl-cost: wrote {target}{extra}; next: pl-cost recommend {target}\n")
    sys.stdout.write(text)
