"""`pl-cost pricing refresh`: rebuild the price catalog from the AWS Price List (pl_cost.pricelist)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pl_cost.cli.app import CatalogOpt, FormatOpt, app, emit, output_format

pricing_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="The price catalog: refresh it from the AWS Price List.",
)
app.add_typer(pricing_app, name="pricing")


def _note(message: str) -> None:
    sys.stderr.write(message + "\n")


@pricing_app.command()
def refresh(
    from_dir: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="A directory mirroring the Price List URL layout (DIR/offers/v1.0/aws/<Offer>/current/"
            "region_index.json and the files it names). Without it, files are downloaded from the public "
            "Price List host; the AmazonEC2 file is about 450 MB per region, so pass --regions.",
        ),
    ] = None,
    regions: Annotated[
        str | None,
        typer.Option(
            "--regions",
            help="Refresh only these regions, e.g. eu-west-1; the others are kept from the catalog in use.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Catalog file to write (default: $XDG_CACHE_HOME or ~/.cache, then pl-cost/catalog.json).",
        ),
    ] = None,
    catalog: CatalogOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Build a catalog from the AWS Price List (pl_cost.pricelist.refresh_catalog) and write it atomically.

    Prints what changed against the catalog in use (shipped, or --catalog) on stderr; use the new
    file with --catalog FILE.
    """
    from pl_cost.pricelist import change_lines, refresh_catalog

    fmt = output_format(fmt)
    # Progress only on a terminal: when stderr is captured, an error stays the one line it writes.
    report = refresh_catalog(from_dir, regions, output, catalog, progress=_note if sys.stderr.isatty() else None)
    for line in change_lines(report):
        _note(line)
    emit(report, fmt)
