"""`pl-cost compare` and `pl-cost breakeven`: the engine's two questions."""

from __future__ import annotations

from typing import Annotated

import typer

from pl_cost.cli.app import (
    CatalogOpt,
    DiscountOpt,
    EndpointAzsOpt,
    EndpointsOpt,
    FormatOpt,
    HoursOpt,
    KindOpt,
    NatAzsOpt,
    NatOpt,
    PlotOpt,
    PriceOpt,
    RegionGbOpt,
    RegionOpt,
    ServiceOpt,
    app,
    catalog_from_options,
    emit,
    output_format,
    plot_target,
    scenario_options,
)


@app.command()
def compare(
    gb: Annotated[str, typer.Option("--gb", help="GB/month the interface endpoints would carry.")],
    azs: Annotated[str, typer.Option("--azs", help="Availability Zones in use (1-6).")] = "1",
    region: RegionOpt = "us-east-1",
    endpoints: EndpointsOpt = None,
    service: ServiceOpt = None,
    nat: NatOpt = "per-az",
    hours: HoursOpt = "730",
    fmt: FormatOpt = "table",
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    region_endpoint_gb: RegionGbOpt = "0",
    plot: PlotOpt = None,
    kind: KindOpt = None,
    endpoint_azs: EndpointAzsOpt = None,
    nat_azs: NatAzsOpt = None,
) -> None:
    """Cost of NAT vs endpoints at a volume (pl_cost.compare). Both situations, with break-evens."""
    from pl_cost.api import compare as run

    fmt = output_format(fmt)
    target = plot_target(plot)
    options = scenario_options(
        endpoints, service, nat, hours, region_endpoint_gb, catalog, price, discount, kind, endpoint_azs, nat_azs
    )
    result = run(gb, azs, region, **options)
    if target is not None:
        from pl_cost.api import cost_curves
        from pl_cost.formats.plot import plot_cost_curves

        curves = cost_curves(None, azs, region, around_gb=gb, **options)
        plot_cost_curves(curves, target, mark_gb=result.inputs.gb_per_month)
    emit(result, fmt)


@app.command()
def breakeven(
    azs: Annotated[str, typer.Option("--azs", help="AZ counts, e.g. 2 or 1,2,3.")] = "1,2,3",
    region: RegionOpt = "us-east-1",
    endpoints: EndpointsOpt = None,
    service: ServiceOpt = None,
    nat: NatOpt = "per-az",
    hours: HoursOpt = "730",
    fmt: FormatOpt = "table",
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    region_endpoint_gb: RegionGbOpt = "0",
    plot: PlotOpt = None,
    kind: KindOpt = None,
    endpoint_azs: EndpointAzsOpt = None,
    nat_azs: NatAzsOpt = None,
) -> None:
    """Break-even GB/month per AZ count (pl_cost.break_even). Both situations."""
    from pl_cost.api import break_even as run

    fmt = output_format(fmt)
    target = plot_target(plot)
    counts = [part.strip() for part in azs.split(",") if part.strip()]
    options = scenario_options(
        endpoints, service, nat, hours, region_endpoint_gb, catalog, price, discount, kind, endpoint_azs, nat_azs
    )
    result = run(counts, region, **options)
    if target is not None:
        from pl_cost.formats.plot import plot_break_evens

        plot_break_evens(result, target)
    emit(result, fmt)


@app.command()
def prices(
    region: RegionOpt = "us-east-1",
    fmt: FormatOpt = "table",
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
) -> None:
    """Every rate of a region with its source and date (pl_cost.prices)."""
    from pl_cost.listing import prices as run

    fmt = output_format(fmt)
    emit(run(region, catalog_from_options(catalog, price, discount)), fmt)


@app.command()
def regions(
    fmt: FormatOpt = "table",
    catalog: CatalogOpt = None,
) -> None:
    """Every region in the catalog and which rates it has (pl_cost.regions)."""
    from pl_cost.listing import regions as run

    fmt = output_format(fmt)
    emit(run(catalog_from_options(catalog, None, None)), fmt)
