"""The refresh report as text: which offers were read, each region's rates, and what changed."""

from __future__ import annotations

from decimal import Decimal

from pl_cost.catalog import RATE_UNITS
from pl_cost.formats.common import Format, csv_text, grid
from pl_cost.pricelist.report import RefreshReport


def render_refresh(report: RefreshReport, fmt: Format) -> str:
    """The report as CSV rows or as text: plain, Markdown, or the HTML fragment Jupyter shows."""
    region_rows = [
        [r.region, r.name, f"{len(r.rates)}/{len(RATE_UNITS)}", ", ".join(r.missing) or "-"] for r in report.regions
    ]
    if fmt == "csv":
        rows = [
            ["region", r.region, r.name, str(len(r.rates)), ";".join(r.missing), "", "", ""] for r in report.regions
        ]
        rows += [["change", c.region, c.rate, "", "", c.change, c.old or "", c.new or ""] for c in report.changes]
        return csv_text(("section", "region", "name", "rates", "missing", "change", "old", "new"), rows)
    offers = ", ".join(
        f"{o.offer} {'/'.join(o.versions) or '-'} ({o.publication_date or 'no files'})" for o in report.offers
    )
    mb = Decimal(report.bytes_read) / Decimal(10**6)
    bullet = "- " if fmt == "markdown" else ""  # html: blocks become paragraphs
    lines = [
        ("### " if bullet else "")
        + f"pl-cost pricing refresh: wrote {report.output} (snapshot {report.snapshot_date})",
        f"{bullet}Source: {report.source}; offers: {offers}",
        f"{bullet}Read {mb:.1f} MB in {report.seconds} s ({report.mb_per_s} MB/s)",
        "",
        grid(["region", "name", "rates", "missing"], region_rows, fmt, ("left", "left", "right", "left")),
        "",
        f"{report.rates_found} rates in {len(report.regions)} regions; {len(report.changes)} changes against the "
        f"{report.compared_with} catalog. Use it with: pl-cost compare --catalog {report.output} ...",
    ]
    return "\n".join(lines) + "\n"
