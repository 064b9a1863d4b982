"""The `pl-cost` app, the options commands share, and the one place errors become exit codes."""

from __future__ import annotations

import sys
from typing import Annotated, Any, NoReturn

import typer

from pl_cost.errors import DomainError, PlCostError, UsageError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="NAT gateway or VPC endpoints? Exact AWS costs and break-evens, computed from a dated price catalog.",
)

#: Exit code after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130
#: The values every command that prints data takes for --format.
FORMAT_CHOICES = ("table", "json", "csv", "markdown", "html")
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="[" + "|".join(FORMAT_CHOICES) + "]",
        help="How to print the answer (html: one self-contained page, needs the 'report' extra).",
    ),
]  # fmt: skip
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the answer to FILE (atomically) instead of stdout."),
]
RegionOpt = Annotated[str, typer.Option("--region", "-r", metavar="REGION", help="AWS region code, e.g. eu-west-1.")]
NatOpt = Annotated[str, typer.Option("--nat", metavar="[per-az|single|regional]", help="Today's NAT layout.")]
AzsOpt = Annotated[str, typer.Option("--azs", metavar="N", help="Availability Zones the workloads use (1-6).")]
GbOpt = Annotated[str, typer.Option("--gb", metavar="GB", help="GB/month the interface endpoints would carry.")]
HoursOpt = Annotated[str, typer.Option("--hours", metavar="H", help="Hours in a month (0 < H <= 744).")]
EndpointsOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoints", metavar="N|NAME,...", help="Interface endpoints: a count, or names like ecr.api,ecr.dkr."
    ),
]
ServiceOpt = Annotated[
    str | None,
    typer.Option("--service", metavar="SERVICE", help="Price a service's endpoint set (ecr, ssm, s3, ...)."),
]
CatalogOpt = Annotated[
    str | None, typer.Option("--catalog", metavar="FILE", help="A catalog file to use instead of the shipped one.")
]
PriceOpt = Annotated[
    list[str] | None,
    typer.Option("--price", metavar="RATE=VALUE", help="Override a rate (repeatable); tiers as P@UP_TO,...,P."),
]
DiscountOpt = Annotated[
    str | None, typer.Option("--discount", metavar="PCT", help="Private-pricing discount on every rate, percent.")
]
PlotOpt = Annotated[
    str | None, typer.Option("--plot", metavar="FILE", help="Also draw the chart to FILE (.png or .svg).")
]
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        metavar="[pull|push|assets|python-swift]",
        help="With --service: which kind of its traffic the GB are (ecr: pull or push; codeartifact: assets or "
        "python-swift). Default: the service's main kind (pulls, assets).",
    ),
]
EndpointAzsOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoint-azs",
        metavar="N",
        help="AZs the interface endpoints get an ENI in (1 to --azs; default all). Other AZs reach them free of "
        "inter-AZ charges, at the cost of availability.",
    ),
]
NatAzsOpt = Annotated[
    str | None,
    typer.Option("--nat-azs", metavar="N", help="With --nat regional: the AZs it is active in (default --azs)."),
]
RegionGbOpt = Annotated[
    str,
    typer.Option("--region-endpoint-gb", metavar="GB", help="Other interface-endpoint GB/month in the region (tiers)."),
]


def fail(message: str, code: int) -> NoReturn:
    """One line on stderr, nothing on stdout, and the exit code."""
    sys.stderr.write(f"pl-cost: error: {message}\n")
    raise SystemExit(code)


def _version(value: bool) -> None:
    if value:
        from pl_cost import __version__

        sys.stdout.write(f"pl-cost {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """NAT gateway or VPC endpoints? Exact AWS costs and break-evens."""


def output_format(value: str) -> Any:
    """The --format value, checked against the one list every command shares."""
    if value not in FORMAT_CHOICES:
        raise UsageError(f"--format: unknown format {value!r}; allowed: {', '.join(FORMAT_CHOICES)}")
    if value == "html":  # fail before any work (a refresh, a scan), not after it
        from importlib.util import find_spec

        if find_spec("jinja2") is None or find_spec("matplotlib") is None:
            from pl_cost.pages.render import EXTRA_HINT

            raise DomainError(EXTRA_HINT)
    return value


def output_target(path: str | None) -> str | None:
    """The -o FILE, checked before any work so a bad path fails first ('-' and none mean stdout)."""
    if path is None or path == "-":
        return None
    from pl_cost.writer import checked_target

    checked_target(path)
    return path


def catalog_from_options(path: str | None, prices: list[str] | None, discount: str | None) -> Any:
    from pl_cost.catalog import apply_overrides, load_catalog, parse_price_overrides
    from pl_cost.money import parse_decimal

    overrides = parse_price_overrides(prices or [])
    pct = parse_decimal(discount, "--discount") if discount is not None else None
    catalog = apply_overrides(load_catalog(path), overrides, pct)
    warn_if_stale(catalog)
    return catalog


def endpoints_option(value: str | None) -> int | list[str] | None:
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    return [part for part in (p.strip() for p in text.split(",")) if part]


def scenario_options(
    endpoints: str | None,
    service: str | None,
    nat: str,
    hours: str,
    region_endpoint_gb: str,
    catalog: str | None,
    prices: list[str] | None,
    discount: str | None,
    kind: str | None = None,
    endpoint_azs: str | None = None,
    nat_azs: str | None = None,
) -> dict[str, Any]:
    """The keyword arguments compare, break_even and cost_curves share, from the options they share."""
    return {
        "endpoints": endpoints_option(endpoints),
        "service": service,
        "nat": nat,
        "hours": hours,
        "region_endpoint_gb": region_endpoint_gb,
        "catalog": catalog_from_options(catalog, prices, discount),
        "kind": kind,
        "endpoint_azs": endpoint_azs,
        "nat_active_azs": nat_azs,
    }


def emit(result: Any, fmt: Any, output: str | None = None) -> None:
    """Render fully before writing, so an error never leaves half an answer on stdout or in a file."""
    write_text(answer_text(result, fmt), output)


def answer_text(result: Any, fmt: Any) -> str:
    """An answer in --format: a whole page for html (`pl_cost.html_page`), else `pl_cost.render`."""
    if fmt == "html":
        from pl_cost.pages import html_page

        return html_page(result)
    from pl_cost.formats import render

    return render(result, fmt)


def write_text(text: str, output: str | None) -> None:
    """The one way a command hands over its answer: stdout, or FILE through the atomic writer."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    from pl_cost.writer import write_file

    write_file(output, text)


def plot_target(path: str | None) -> Any:
    """The chart's path, checked before any work so a bad path fails first."""
    if path is None:
        return None
    from pl_cost.formats.plot import check_plot_path

    return check_plot_path(path)


def warn_if_stale(catalog: Any) -> None:
    """The staleness warning goes to stderr, once, before the answer."""
    from pl_cost.catalog import staleness_warning

    warning = staleness_warning(catalog)
    if warning:
        sys.stderr.write(warning + "\n")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app, turning every error into one line and an exit code."""
    try:
        # Without standalone mode typer returns an exit code instead of exiting: 130 after Ctrl-C.
        code = app(args=argv, prog_name="pl-cost", standalone_mode=False)
    except PlCostError as exc:
        fail(str(exc), exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        fail("interrupted", INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(1) from None
    except Exception as exc:
        # Click turns Ctrl-C into Abort; bare `pl-cost` and bare groups ask for their help. Matched by name:
        # only typer is a dependency, and its Click is an implementation detail.
        kind = type(exc).__name__
        if kind == "Abort":
            fail("interrupted", INTERRUPTED)
        if kind == "NoArgsIsHelpError":
            context = getattr(exc, "ctx", None)
            sys.stdout.write((context.get_help() if context is not None else str(exc)) + "\n")
            raise SystemExit(0) from None
        # Click's own usage errors (unknown option, missing value) carry exit_code and format_message.
        code = getattr(exc, "exit_code", None)
        formatter = getattr(exc, "format_message", None)
        if isinstance(code, int) and callable(formatter):
            if code == 0:
                raise SystemExit(0) from None
            fail(" ".join(str(formatter()).split()), code)
        fail(f"internal error: {type(exc).__name__}: {exc} (please report it)", 1)
    if code == INTERRUPTED:
        fail("interrupted", INTERRUPTED)
    if isinstance(code, int) and code:
        raise SystemExit(code)


def option_given(ctx: typer.Context, name: str) -> bool:
    """Whether the user typed the option (a default is not a choice that can conflict with another)."""
    source = ctx.get_parameter_source(name)  # by name: typer may carry its own copy of click's enum
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def no_format_with_emit(ctx: typer.Context, emit: str | None) -> None:
    """--emit prints code, which is its own format: a --format beside it would be silently ignored."""
    if emit is not None and option_given(ctx, "fmt"):
        raise UsageError("--format: not with --emit (the code is its own format); drop one of them")
