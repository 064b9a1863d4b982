"""`pl-cost profile ...`: build a workload profile from evidence (pl_cost.evidence)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from pl_cost.cli.app import (
    FormatOpt,
    HoursOpt,
    OutputOpt,
    RegionOpt,
    app,
    output_format,
    output_target,
    write_text,
)

profile_app = typer.Typer(
    help="Build a workload profile from evidence: VPC Flow Logs, Resolver query logs, an inventory, an Athena result.",
    invoke_without_command=True,
)
app.add_typer(profile_app, name="profile")

InventoryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--inventory",
        metavar="FILE|DIR",
        help="JSON printed by aws ec2 describe-nat-gateways / describe-network-interfaces / describe-vpcs (repeatable;"
        " a folder gives the .json files under it): which interfaces are NAT gateways, their AZs, layout and VPC"
        " CIDRs.",
    ),
]
IpRangesOpt = Annotated[
    str | None,
    typer.Option("--ip-ranges", metavar="FILE", help="A newer AWS ip-ranges.json instead of the shipped capture."),
]
DnsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--dns-logs",
        metavar="PATH",
        help="Route 53 Resolver query-log files or directories (repeatable); names services.",
    ),
]
EniOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--nat-eni",
        metavar="ENI",
        help="A NAT gateway's interface id, eni-... (repeatable); else from --inventory or the logs.",
    ),
]
ProfileOutOpt = Annotated[
    str | None,
    typer.Option(
        "--profile-out",
        metavar="FILE",
        help="Write the profile pl-cost recommend reads to FILE: YAML for .yaml/.yml, JSON for .json (atomically)."
        " -o FILE.yaml or .yml writes it too.",
    ),
]
VpcOpt = Annotated[
    str | None,
    typer.Option(
        "--vpc",
        metavar="VPC-ID",
        help="With --inventory: profile this VPC's NAT gateways (an inventory of many VPCs needs it when the"
        " logs show several).",
    ),
]
EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine", metavar="[auto|python|duckdb]", help="auto, python or duckdb (auto: duckdb when installed)."
    ),
]
AzsOpt = Annotated[
    str | None,
    typer.Option("--azs", metavar="N", help="AZs the workloads use, 1-6 (default: from --inventory, else per NAT)."),
]
NatOpt = Annotated[
    str | None,
    typer.Option(
        "--nat",
        metavar="[per-az|single|regional]",
        help="Today's NAT layout: per-az, single or regional (default: from --inventory, else inferred).",
    ),
]
AllowEmptyOpt = Annotated[
    bool, typer.Option("--allow-empty", help="Write a profile (0 GB, said so) even when no NAT traffic is found.")
]

FLOW_LOGS_HELP = """\
Profile from VPC Flow Logs (pl_cost.evidence.profile_from_flow_logs), or --athena SQL (athena_sql).

Reads S3 text logs (header line, gzip or plain), headerless records in the default format or the
order given with --fields, CloudWatch Logs exports, JSON events and subscription payloads, and
Parquet (DuckDB). Needs the fields interface-id, srcaddr, dstaddr, bytes, start and end; with
pkt-srcaddr and pkt-dstaddr the NAT's legs are told apart by packet address, without them by the
NAT's private address from --inventory. To recognise NAT gateways without --inventory or --nat-eni
the logs also need instance-id.

-o FILE writes the answer in --format (FILE.yaml or .yml: the profile file); --profile-out FILE
writes the profile pl-cost recommend reads (YAML or JSON by suffix).

\b
Examples:
  pl-cost profile flow-logs AWSLogs/ -r us-east-1 --inventory inventory/ --dns-logs resolver/ -o profile.yaml
  pl-cost profile flow-logs AWSLogs/ -r us-east-1 --inventory org/ --vpc vpc-0abc1234 --profile-out vpc.json
  pl-cost profile flow-logs export/ -r eu-west-1 --fields '${version} ${account-id} ${interface-id} ...'
  pl-cost profile flow-logs sample.log.gz -r us-east-1 --athena --athena-location s3://bucket/AWSLogs/ -o q.sql
"""


@profile_app.callback(invoke_without_command=True)
def _profile(ctx: typer.Context) -> None:
    """Build a workload profile from evidence: VPC Flow Logs, Resolver query logs, an inventory, an Athena result."""
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit(0)


@profile_app.command("flow-logs", help=FLOW_LOGS_HELP)
def flow_logs(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH", help="Flow-log files or directories (e.g. a copy of AWSLogs/).")
    ],
    region: RegionOpt,
    inventory: InventoryOpt = None,
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="FORMAT",
            help="Field order of logs without a header line: AWS's format string '${version} ${account-id} ...' as"
            " is, or names separated by spaces or commas (default: the default version-2 format).",
        ),
    ] = None,
    dns_logs: DnsOpt = None,
    nat_eni: EniOpt = None,
    vpc: VpcOpt = None,
    ip_ranges: IpRangesOpt = None,
    engine: EngineOpt = "auto",
    azs: AzsOpt = None,
    nat: NatOpt = None,
    hours: HoursOpt = "730",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    profile_out: ProfileOutOpt = None,
    allow_empty: AllowEmptyOpt = False,
    athena: Annotated[
        bool, typer.Option("--athena", help="Print the Athena table, view and query for these logs instead.")
    ] = False,
    athena_location: Annotated[
        str | None,
        typer.Option("--athena-location", metavar="S3-URL", help="With --athena: the s3:// location of AWSLogs/."),
    ] = None,
    athena_days: Annotated[
        str, typer.Option("--athena-days", metavar="DAYS", help="With --athena: days the query reads.")
    ] = "14",
    athena_hourly: Annotated[
        bool | None,
        typer.Option(
            "--athena-hourly/--athena-daily", help="With --athena: hourly partitions (default: from the keys)."
        ),
    ] = None,
    athena_parquet: Annotated[
        bool | None,
        typer.Option("--athena-parquet/--athena-text", help="With --athena: Parquet files (default: from the files)."),
    ] = None,
) -> None:
    from pl_cost.evidence import athena_sql, profile_from_flow_logs

    fmt = output_format(fmt)
    if athena:
        from pl_cost.errors import UsageError

        if profile_out is not None:
            raise UsageError("--profile-out: --athena prints SQL and builds no profile (-o FILE takes the SQL)")
        target = output_target(output)
        days = _days(athena_days)
        text = athena_sql(
            paths,
            region,
            location=athena_location,
            days=days,
            nat_enis=nat_eni,
            vpc=vpc,
            inventory=inventory,
            fields=fields,
            hourly=athena_hourly,
            parquet=athena_parquet,
        )
        write_text(text, target)
        return
    answer, profile_file = _targets(output, profile_out)
    result = profile_from_flow_logs(
        paths,
        region,
        inventory=inventory,
        fields=fields,
        ip_ranges=ip_ranges,
        dns_logs=dns_logs,
        nat_enis=nat_eni,
        vpc=vpc,
        engine=engine,  # type: ignore[arg-type]  # checked by the library
        azs=azs,
        nat_mode=nat,
        hours_per_month=hours,
        allow_empty=allow_empty,
    )
    _finish(result, fmt, answer, profile_file)


@profile_app.command("from-athena-result")
def from_athena_result(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The CSV result of the query `flow-logs --athena` prints.")
    ],
    region: RegionOpt,
    inventory: InventoryOpt = None,
    dns_logs: DnsOpt = None,
    nat_eni: EniOpt = None,
    vpc: VpcOpt = None,
    ip_ranges: IpRangesOpt = None,
    engine: Annotated[str, typer.Option("--engine", metavar="[python|duckdb]", help="python or duckdb.")] = "python",
    azs: AzsOpt = None,
    nat: NatOpt = None,
    hours: HoursOpt = "730",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    profile_out: ProfileOutOpt = None,
    allow_empty: AllowEmptyOpt = False,
) -> None:
    """Profile from an Athena result CSV (pl_cost.evidence.profile_from_athena_result).

    -o FILE writes the answer in --format (FILE.yaml or .yml: the profile file); --profile-out FILE
    writes the profile pl-cost recommend reads (YAML or JSON by suffix).

    \b
    Example:
      pl-cost profile from-athena-result result.csv -r us-east-1 --inventory nat.json -o profile.yaml
    """
    from pl_cost.errors import UsageError
    from pl_cost.evidence import profile_from_athena_result

    fmt = output_format(fmt)
    if engine not in ("python", "duckdb"):
        raise UsageError(f"--engine: unknown engine {engine!r}; allowed: python, duckdb")
    answer, profile_file = _targets(output, profile_out)
    result = profile_from_athena_result(
        file,
        region,
        inventory=inventory,
        ip_ranges=ip_ranges,
        dns_logs=dns_logs,
        nat_enis=nat_eni,
        vpc=vpc,
        engine=engine,  # type: ignore[arg-type]
        azs=azs,
        nat_mode=nat,
        hours_per_month=hours,
        allow_empty=allow_empty,
    )
    _finish(result, fmt, answer, profile_file)


@profile_app.command("schema")
def schema(output: OutputOpt = None) -> None:
    """The JSON Schema of `profile ... --format json` (pl_cost.evidence.evidence_schema).

    \b
    Example:
      pl-cost profile schema -o evidence-profile.schema.json
    """
    import json

    from pl_cost.evidence import evidence_schema

    target = output_target(output)
    write_text(json.dumps(evidence_schema(), indent=2) + "\n", target)


def _days(text: str) -> int:
    from pl_cost.errors import UsageError

    value = text.strip()
    if not (value.isascii() and value.isdigit()):
        raise UsageError(f"--athena-days: give a whole number of days from 1 to 3660, got {text!r}")
    return int(value)


def _targets(output: str | None, profile_out: str | None) -> tuple[str | None, Any]:
    """(the answer's file or None for stdout, the profile file or None), checked before the scan.

    -o FILE.yaml/.yml is the profile file (YAML is no answer format; `pl-cost bill` prints such commands).
    """
    from pl_cost.errors import UsageError
    from pl_cost.evidence.write import check_target, is_yaml_name

    if output is not None and output != "-" and is_yaml_name(output):
        if profile_out is not None:
            raise UsageError(f"--output: {output} is a profile file, and so is --profile-out: give one of them")
        return None, check_target(output, "--output")
    answer = output_target(output)
    return answer, None if profile_out is None else check_target(profile_out)


def _finish(result: Any, fmt: Any, answer: str | None, profile_file: Any) -> None:
    """Render the answer first, then write the profile file and the answer (each whole, or not at all)."""
    from pl_cost.evidence.write import write_profile

    text = _render(result, fmt)
    if profile_file is not None:
        write_profile(result, profile_file)
        sys.stderr.write(f"pl-cost: wrote {profile_file}; next: pl-cost recommend {profile_file}\n")
    write_text(text, answer)


def _render(result: Any, fmt: Any) -> str:
    """The answer in one of the shared formats; html is the whole page pl_cost.pages.html_page makes."""
    if fmt == "html":
        from pl_cost.pages import html_page

        return str(html_page(result))
    from pl_cost.evidence.render import render

    return render(result, fmt)
