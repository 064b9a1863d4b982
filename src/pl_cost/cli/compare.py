"""`pl-cost compare`, `breakeven`, `prices` and `regions`: the engine's questions and the catalog's figures."""

from __future__ import annotations

from typing import Annotated

import typer

from pl_cost.cli.app import (
    AzsOpt,
    CatalogOpt,
    DiscountOpt,
    EndpointAzsOpt,
    EndpointsOpt,
    FormatOpt,
    GbOpt,
    HoursOpt,
    KindOpt,
    NatAzsOpt,
    NatOpt,
    OutputOpt,
    PlotOpt,
    PriceOpt,
    RegionGbOpt,
    RegionOpt,
    ServiceOpt,
    app,
    catalog_from_options,
    emit,
    output_format,
    output_target,
    plot_target,
    scenario_options,
    write_text,
)


@app.command()
def compare(
    gb: GbOpt,
    azs: AzsOpt = "1",
    region: RegionOpt = "us-east-1",
    endpoints: EndpointsOpt = None,
    service: ServiceOpt = None,
    nat: NatOpt = "per-az",
    hours: HoursOpt = "730",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    region_endpoint_gb: RegionGbOpt = "0",
    plot: PlotOpt = None,
    kind: KindOpt = None,
    endpoint_azs: EndpointAzsOpt = None,
    nat_azs: NatAzsOpt = None,
) -> None:
    """Cost of NAT vs endpoints at a volume (pl_cost.compare). Both situations, with break-evens.

    \b
    Examples:
      pl-cost compare --gb 200 --azs 2
      pl-cost compare --gb 800 --azs 2 --service ecr --format json -o ecr.json
    """
    from pl_cost.api import compare as run

    fmt = output_format(fmt)
    output = output_target(output)
    target = plot_target(plot)
    options = scenario_options(
        endpoints, service, nat, hours, region_endpoint_gb, catalog, price, discount, kind, endpoint_azs, nat_azs
    )
    result = run(gb, azs, region, **options)
    curves = None
    if target is not None or fmt == "html":
        from pl_cost.api import cost_curves

        curves = cost_curves(None, azs, region, around_gb=gb, **options)
    if target is not None and curves is not None:
        from pl_cost.formats.plot import plot_cost_curves

        plot_cost_curves(curves, target, mark_gb=result.inputs.gb_per_month)
    if fmt == "html":
        from pl_cost.pages import html_page

        write_text(html_page(result, curves=curves), output)
        return
    emit(result, fmt, output)


@app.command()
def breakeven(
    azs: Annotated[str, typer.Option("--azs", metavar="N[,N...]", help="AZ counts, e.g. 2 or 1,2,3.")] = "1,2,3",
    region: RegionOpt = "us-east-1",
    endpoints: EndpointsOpt = None,
    service: ServiceOpt = None,
    nat: NatOpt = "per-az",
    hours: HoursOpt = "730",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    region_endpoint_gb: RegionGbOpt = "0",
    plot: PlotOpt = None,
    kind: KindOpt = None,
    endpoint_azs: EndpointAzsOpt = None,
    nat_azs: NatAzsOpt = None,
) -> None:
    """Break-even GB/month per AZ count (pl_cost.break_even). Both situations.

    \b
    Examples:
      pl-cost breakeven --azs 1,2,3
      pl-cost breakeven --service ssm --region eu-west-1 --format csv
    """
    from pl_cost.api import break_even as run

    fmt = output_format(fmt)
    output = output_target(output)
    target = plot_target(plot)
    counts = [part.strip() for part in azs.split(",") if part.strip()]
    options = scenario_options(
        endpoints, service, nat, hours, region_endpoint_gb, catalog, price, discount, kind, endpoint_azs, nat_azs
    )
    result = run(counts, region, **options)
    if target is not None:
        from pl_cost.formats.plot import plot_break_evens

        plot_break_evens(result, target)
    emit(result, fmt, output)


@app.command()
def prices(
    region: RegionOpt = "us-east-1",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
) -> None:
    """Every rate of a region with its usage type, source and date (pl_cost.prices).

    \b
    Example:
      pl-cost prices --region eu-west-1 --format markdown
    """
    from pl_cost.listing import prices as run

    fmt = output_format(fmt)
    output = output_target(output)
    emit(run(region, catalog_from_options(catalog, price, discount)), fmt, output)


@app.command()
def regions(
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Every region in the catalog and which rates it has (pl_cost.regions).

    \b
    Example:
      pl-cost regions --format csv -o regions.csv
    """
    from pl_cost.listing import regions as run

    fmt = output_format(fmt)
    output = output_target(output)
    emit(run(catalog_from_options(catalog, None, None)), fmt, output)
