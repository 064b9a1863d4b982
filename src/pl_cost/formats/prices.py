"""A region's price sheet and the catalog's region list as table, CSV or Markdown."""

from __future__ import annotations

import textwrap

from pl_cost.catalog import Rate
from pl_cost.formats.common import Format, catalog_line, csv_text, grid
from pl_cost.listing import PriceSheet, RegionList
from pl_cost.money import format_price, format_quantity, plain


def _price_rows(name: str, rate: Rate) -> list[list[str]]:
    """One row per price; a tiered rate gets a row per tier, its band in the unit column."""
    verified = "yes" if rate.verified else "no"
    if rate.price is not None:
        return [[name, format_price(rate.price), rate.unit, str(rate.source_date), verified]]
    rows, lower = [], "0"
    for index, tier in enumerate(rate.tier_list()):
        band = f"above {lower}" if tier.up_to is None else f"{lower} to {format_quantity(tier.up_to)}"
        first = index == 0
        rows.append([name if first else "", format_price(tier.price), f"{rate.unit}, {band}",
                     str(rate.source_date) if first else "", verified if first else ""])  # fmt: skip
        lower = format_quantity(tier.up_to) if tier.up_to is not None else lower
    return rows


def _price_plain(rate: Rate) -> str:
    if rate.price is not None:
        return plain(rate.price)
    return ";".join(f"{plain(t.price)}@{'inf' if t.up_to is None else plain(t.up_to)}" for t in rate.tier_list())


def price_sheet(sheet: PriceSheet, fmt: Format) -> str:
    """Every rate with its value or tiers, unit, usage type and date, then each rate's source."""
    if fmt == "csv":
        rows = [[name, _price_plain(r), r.unit, r.usage_type, r.source, str(r.source_date), str(r.verified).lower(),
                 r.override or ""] for name, r in sheet.rates.items()]  # fmt: skip
        rows += [[name, "", "", "", "absent from this catalog", "", "", ""] for name in sheet.missing]
        return csv_text(["rate", "price", "unit", "usage_type", "source", "source_date", "verified", "override"], rows)
    rows = [row for name, r in sheet.rates.items() for row in _price_rows(name, r)]
    rows += [[name, "absent", "", "", ""] for name in sheet.missing]
    head = f"pl-cost prices: {sheet.region} ({sheet.region_name})"
    lines = [("### " if fmt == "markdown" else "") + head,
             catalog_line(sheet.catalog, sheet.snapshot_date, sheet.currency, sheet.overrides), "",
             grid(["Rate", "Price", "Unit", "Date", "Verified"], rows, fmt,
                  ("left", "right", "left", "left", "left")), "",
             "Sources (usage type: where the figure was read):"]  # fmt: skip
    for name, rate in sheet.rates.items():
        text = f"{name} ({rate.usage_type}): {rate.source}" + (f" Note: {rate.note}" if rate.note else "")
        if rate.override:
            text += f" Overridden: {rate.override}."
        wrapped = (
            [text]
            if fmt != "table"
            else textwrap.wrap(text, width=80, subsequent_indent="    ", break_on_hyphens=False, break_long_words=False)
        )
        lines += [("- " if fmt == "markdown" else "") + w for w in wrapped]
    if sheet.missing:
        lines += ["", f"Absent: {', '.join(sheet.missing)}. Commands that need one fail and say so; "
                  "use 'pl-cost pricing refresh' or --price RATE=VALUE."]  # fmt: skip
    return "\n".join(lines) + "\n"


def region_list(report: RegionList, fmt: Format) -> str:
    """Each region, its name, how many of the rates it has, and whether the four core rates are there."""
    if fmt == "csv":
        rows = [[r.region, r.name, ";".join(r.rates), ";".join(r.missing), str(r.core_complete).lower(),
                 str(r.verified), str(r.newest_source_date or "")] for r in report.regions]  # fmt: skip
        return csv_text(["region", "name", "rates", "missing", "core_complete", "verified", "newest_source_date"],
                        rows)  # fmt: skip
    rows = [[r.region, r.name, f"{len(r.rates)}/{len(r.rates) + len(r.missing)}", "yes" if r.core_complete else "no",
             str(r.verified), str(r.newest_source_date or "-")] for r in report.regions]  # fmt: skip
    complete = sum(1 for r in report.regions if r.core_complete)
    lines = [("### " if fmt == "markdown" else "") + f"pl-cost regions: {len(report.regions)} regions, "
             f"{complete} with all four core rates",
             f"Catalog: {report.catalog}, snapshot {report.snapshot_date}", "",
             grid(["Region", "Name", "Rates", "Core", "Verified", "Newest source"], rows, fmt,
                  ("left", "left", "right", "left", "right", "left")), "",
             "Core rates: nat_gateway_hour, nat_gateway_gb, interface_endpoint_hour, interface_endpoint_gb.",
             "'pl-cost prices --region R' shows each rate with its source."]  # fmt: skip
    return "\n".join(lines) + "\n"
