"""What a catalog holds: one region's price sheet, and which rates each region has."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from pl_cost.catalog import CORE_RATES, RATE_UNITS, Catalog, Rate, load_catalog
from pl_cost.display import Displayable

LISTING_SCHEMA_VERSION = 1


class PriceSheet(Displayable):
    """Every rate of one region with its value(s), unit, usage type and source; absent rates listed."""

    model_config = ConfigDict(frozen=True)
    schema_name: str = "pl-cost/prices"
    schema_version: int = LISTING_SCHEMA_VERSION
    region: str
    region_name: str
    catalog: str
    snapshot_date: date
    currency: str
    overrides: list[str]
    rates: dict[str, Rate]
    missing: list[str]


class RegionSummary(BaseModel):
    """Which rates one region has, and how well they are sourced."""

    model_config = ConfigDict(frozen=True)
    region: str
    name: str
    rates: list[str]
    missing: list[str]
    core_complete: bool
    verified: int
    newest_source_date: date | None


class RegionList(Displayable):
    """Every region in a catalog."""

    model_config = ConfigDict(frozen=True)
    schema_name: str = "pl-cost/regions"
    schema_version: int = LISTING_SCHEMA_VERSION
    catalog: str
    snapshot_date: date
    regions: list[RegionSummary]


def prices(region: str = "us-east-1", catalog: Catalog | None = None) -> PriceSheet:
    """The price sheet of one region: each rate with its source, and the rates the catalog lacks."""
    catalog = catalog or load_catalog()
    sheet = catalog.region(region)
    ordered = {name: sheet.rates[name] for name in RATE_UNITS if name in sheet.rates}
    return PriceSheet(
        region=region, region_name=sheet.name, catalog=catalog.origin, snapshot_date=catalog.snapshot_date,
        currency=catalog.currency, overrides=list(catalog.overrides), rates=ordered,
        missing=[name for name in RATE_UNITS if name not in sheet.rates],
    )  # fmt: skip


def regions(catalog: Catalog | None = None) -> RegionList:
    """Every region in the catalog, with the rates it has and whether the four core rates are there."""
    catalog = catalog or load_catalog()
    rows = []
    for code in sorted(catalog.regions):
        sheet = catalog.regions[code]
        dates = [r.source_date for r in sheet.rates.values()]
        rows.append(RegionSummary(
            region=code, name=sheet.name, rates=[n for n in RATE_UNITS if n in sheet.rates],
            missing=[n for n in RATE_UNITS if n not in sheet.rates],
            core_complete=all(n in sheet.rates for n in CORE_RATES),
            verified=sum(1 for r in sheet.rates.values() if r.verified),
            newest_source_date=max(dates) if dates else None,
        ))  # fmt: skip
    return RegionList(catalog=catalog.origin, snapshot_date=catalog.snapshot_date, regions=rows)
