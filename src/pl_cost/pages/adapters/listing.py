"""Pages for `prices` (one region's rates with their sources) and `regions` (the catalog's coverage)."""

from __future__ import annotations

from typing import Any

from pl_cost.listing import PriceSheet, RegionList
from pl_cost.pages.adapters.generic import leftovers
from pl_cost.pages.context import Context
from pl_cost.pages.text import format_price, format_quantity, linkify, pricing_page, when
from pl_cost.pages.view import Cell, Link, Page, Row, Section, Table, Text


def _bands(rate: Any) -> list[tuple[str, str]]:
    """(price, band) per tier of a rate; a flat rate is one band."""
    if rate.price is not None:
        return [(format_price(rate.price), rate.unit)]
    bands, lower = [], "0"
    for tier in rate.tier_list():
        band = f"above {lower}" if tier.up_to is None else f"{lower} to {format_quantity(tier.up_to)}"
        bands.append((format_price(tier.price), f"{rate.unit}, {band}"))
        lower = format_quantity(tier.up_to) if tier.up_to is not None else lower
    return bands


def price_sheet(result: PriceSheet, context: Context) -> Page:
    """Every rate with its price or tiers, unit, usage type, date and source; absent rates named."""
    prefix = context.key
    rows: list[Row] = []
    details: list[Text] = []
    for number, (name, rate) in enumerate(result.rates.items(), start=1):
        source_ref: list[str | Link] = [Link(f"[{number}]", f"#{prefix}-sources-{number}")]
        page = pricing_page(name)
        if page is not None:
            source_ref += [" ", Link("AWS pricing page", page)]
        for index, (price, band) in enumerate(_bands(rate)):
            first = index == 0
            rows.append(
                Row(
                    (
                        name if first else f"{name} (next tier)",
                        price,
                        band,
                        rate.usage_type if first else "",
                        when(rate.source_date) if first else "",
                        ("yes" if rate.verified else "no") if first else "",
                        tuple(source_ref) if first else "",
                    )
                )
            )
        extra = [f" Note: {rate.note}"] if rate.note else []
        if rate.override:
            extra.append(f" Overridden: {rate.override}.")
        if rate.free_per_hour is not None:
            extra.append(f" Free each hour: {format_quantity(rate.free_per_hour)} {rate.unit}.")
        details.append((f"{name} ({rate.usage_type}): ", *linkify(rate.source), *extra))
    for name in result.missing:
        rows.append(Row((name, "absent", "", "", "", "", "no price in this catalog")))
    table = Table(
        caption=f"Rates in {result.region}",
        headers=("Rate", "Price", "Unit", "AWS usage type", "Dated", "Read in AWS data", "Source"),
        rows=tuple(rows),
        numeric=frozenset({1, 4}),
    )
    missing = ", ".join(result.missing)
    verdict = (
        f"Every price below is from the {result.catalog} catalog (snapshot {when(result.snapshot_date)}, "
        f"{result.currency}), each with its AWS usage type, source and date; "
        + (f"absent, so commands that need them fail and say so: {missing}." if missing else "no rate is absent.")
    )
    facts: list[tuple[str, Cell]] = [
        ("Region", f"{result.region} ({result.region_name})"),
        ("Price catalog", f"{result.catalog}, snapshot {when(result.snapshot_date)} ({result.currency})"),
        ("Overrides", "; ".join(result.overrides) or "none (list prices)"),
    ]
    sections = [
        Section(title="Rates", anchor=f"{prefix}-rates", tables=(table,)),
        Section(title="Sources of the prices", anchor=f"{prefix}-sources", bullets=tuple(details), numbered=True),
    ]
    if missing:
        sections.append(
            Section(
                title="Absent rates",
                anchor=f"{prefix}-absent",
                paragraphs=(
                    (
                        f"No price in this catalog for {missing}. Commands that need one fail and say which; "
                        "use 'pl-cost pricing refresh' or --price RATE=VALUE.",
                    ),
                ),
            )
        )
    used = {"region", "region_name", "catalog", "snapshot_date", "currency", "overrides", "rates", "missing"}
    return Page(
        title=f"Prices in {result.region} ({result.region_name})",
        question=f"Which unit prices does pl-cost use in {result.region}, and where was each one read?",
        verdict=(verdict,),
        facts=tuple(facts),
        sections=(*sections, *leftovers(result, used, prefix)),
        schema=f"{result.schema_name} v{result.schema_version}",
    )


def region_list(result: RegionList, context: Context) -> Page:
    """Each region with whether it has the four core rates, how many rates are verified, and what is absent."""
    prefix = context.key
    rows = [
        Row(
            (
                r.region,
                r.name,
                "yes" if r.core_complete else "no",
                str(r.verified),
                when(r.newest_source_date),
                ", ".join(r.missing) or "none",
            )
        )
        for r in result.regions
    ]
    table = Table(
        caption="Regions in the catalog",
        headers=("Region", "Name", "All four core rates", "Rates read in AWS data", "Newest source", "Absent rates"),
        rows=tuple(rows),
        numeric=frozenset({3}),
    )
    lacking = [r.region for r in result.regions if not r.core_complete]
    verdict = (
        "Every region listed here has a price for each of the four core rates, so compare and recommend answer there."
        if not lacking
        else "Compare and recommend answer in every region listed with all four core rates; these lack one and fail "
        f"saying which: {', '.join(lacking)}."
    )
    return Page(
        title="Regions in the price catalog",
        question="In which regions can pl-cost price the NAT gateway against VPC endpoints, and how well sourced?",
        verdict=(verdict,),
        facts=(("Price catalog", f"{result.catalog}, snapshot {when(result.snapshot_date)}"),),
        sections=(
            Section(
                title="Regions",
                anchor=f"{prefix}-regions",
                paragraphs=(
                    (
                        "Core rates: nat_gateway_hour, nat_gateway_gb, interface_endpoint_hour, interface_endpoint_gb. "
                        "'pl-cost prices --region R' shows each rate with its source.",
                    ),
                ),
                tables=(table,),
            ),
            *leftovers(result, {"catalog", "snapshot_date", "regions"}, prefix),
        ),
        schema=f"{result.schema_name} v{result.schema_version}",
    )
