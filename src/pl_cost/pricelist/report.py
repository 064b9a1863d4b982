"""What a refresh did, as a model: offers read, rates found, what changed, and how fast it read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pl_cost.catalog import RATE_UNITS, Catalog, Rate
from pl_cost.pricelist.rates import describe_shape, rate_shape

REPORT_SCHEMA_VERSION = 1


class RateChange(BaseModel):
    """A rate whose price differs from the catalog in use, or that one of the two lacks."""

    model_config = ConfigDict(frozen=True)
    region: str
    rate: str
    change: Literal["changed", "added", "removed"]
    old: str | None
    new: str | None


class OfferRead(BaseModel):
    """One offer: its versions and newest publication date among the files read, and their size."""

    model_config = ConfigDict(frozen=True)
    offer: str
    versions: list[str]
    publication_date: date | None
    files: int
    bytes_read: int


class RegionRead(BaseModel):
    """One region of the new catalog: which rates the Price List gave, and which it did not."""

    model_config = ConfigDict(frozen=True)
    region: str
    name: str
    rates: list[str]
    missing: list[str]


class RefreshReport(BaseModel):
    """The result of `pl-cost pricing refresh` (pl_cost.pricelist.refresh_catalog)."""

    model_config = ConfigDict(frozen=True)
    schema_name: str = "pl-cost/pricing-refresh"
    schema_version: int = REPORT_SCHEMA_VERSION
    output: str
    source: str
    compared_with: str
    snapshot_date: date
    offers: list[OfferRead]
    regions: list[RegionRead]
    rates_found: int
    changes: list[RateChange]
    warnings: list[str]
    bytes_read: int
    seconds: Decimal
    mb_per_s: Decimal


def _text(rate: Rate | None) -> str | None:
    return None if rate is None else describe_shape(rate_shape(rate))


def diff_catalogs(old: Catalog, new: Catalog, regions: Iterable[str]) -> list[RateChange]:
    """Per region and rate: prices that changed, rates only the new catalog has, and rates it lost."""
    changes: list[RateChange] = []
    for region in regions:
        before = old.regions[region].rates if region in old.regions else {}
        after = new.regions[region].rates if region in new.regions else {}
        for rate in RATE_UNITS:
            was, now = before.get(rate), after.get(rate)
            if was is None and now is None:
                continue
            if was is not None and now is not None and rate_shape(was) == rate_shape(now):
                continue
            kind: Literal["changed", "added", "removed"] = (
                "added" if was is None else "removed" if now is None else "changed"
            )
            changes.append(RateChange(region=region, rate=rate, change=kind, old=_text(was), new=_text(now)))
    return changes


def change_lines(report: RefreshReport) -> list[str]:
    """The changes against the catalog in use, and any warnings, one line each (for stderr)."""
    lines = [f"warning: {w}" for w in report.warnings]
    if not report.changes:
        return [*lines, f"No price changes against the {report.compared_with} catalog."]
    lines.append(f"Changes against the {report.compared_with} catalog ({len(report.changes)}):")
    for c in report.changes:
        if c.change == "changed":
            lines.append(f"  {c.region} {c.rate}: {c.old} -> {c.new}")
        elif c.change == "added":
            lines.append(f"  {c.region} {c.rate}: added {c.new}")
        else:
            lines.append(f"  {c.region} {c.rate}: removed (was {c.old}; the Price List does not give it)")
    return lines
