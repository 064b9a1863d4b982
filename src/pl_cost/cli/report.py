"""`pl-cost report`: several workload profiles on one shareable page (pl_cost.report)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pl_cost.cli.app import (
    CatalogOpt,
    DiscountOpt,
    OutputOpt,
    PriceOpt,
    app,
    catalog_from_options,
    output_target,
    write_text,
)


@app.command()
def report(
    profiles: Annotated[
        list[str], typer.Argument(help="Profile files (YAML, JSON or TOML), one per VPC.", show_default=False)
    ],
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    no_code: Annotated[bool, typer.Option("--no-code", help="Leave the code to deploy off the page.")] = False,
) -> None:
    """One HTML page for several profiles (pl_cost.report): every VPC's savings, then each plan.

    An organisation profile (one with a vpcs list) gives its organisation plan: the VPCs' savings, the
    hubs, where each endpoint lives, then each VPC's plan. Needs the report extra:
    pip install 'pl-cost[report]'.

    Example: pl-cost report vpc-a.yaml vpc-b.yaml -o report.html
    """
    from pl_cost.pages import report as run
    from pl_cost.pages.render import require_extra

    require_extra()
    output = output_target(output)
    prices = catalog_from_options(catalog, price, discount)
    write_text(run([Path(p) for p in profiles], catalog=prices, code=not no_code), output)
