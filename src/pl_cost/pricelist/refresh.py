"""`refresh_catalog`: read the offers, build a catalog, write it atomically, report the changes."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from pl_cost.catalog import RATE_UNITS, Catalog, RegionPrices, catalog_from_data, load_catalog
from pl_cost.errors import UnknownRegionError, UsageError
from pl_cost.pricelist.offer import FileSource, OfferFile, refresh_error
from pl_cost.pricelist.rates import region_rates
from pl_cost.pricelist.reader import read_offer_file
from pl_cost.pricelist.report import OfferRead, RefreshReport, RegionRead, diff_catalogs
from pl_cost.pricelist.rules import GLOBAL, INTER_REGION_RATE, OFFER_CODES, USAGE_RATES, normalise_location
from pl_cost.pricelist.source import MirrorSource, OnlineSource, Opener, PriceListSource, read_region_index

Progress = Callable[[str], None]
_REGION_CODE = re.compile(r"[a-z]{2}(-[a-z0-9]+)+-\d+")


def default_output_path() -> Path:
    """Where a refresh writes unless told: the user's cache, `$XDG_CACHE_HOME/pl-cost/catalog.json`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pl-cost" / "catalog.json"


def parse_regions(value: str | Sequence[str] | None) -> list[str] | None:
    """`--regions eu-west-1,us-east-1` as a list of region codes; None means every listed region."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = list(dict.fromkeys(item.strip() for item in items if item.strip()))
    if not codes:
        raise UsageError("--regions: give at least one region code, e.g. eu-west-1,us-east-1")
    bad = [code for code in codes if not _REGION_CODE.fullmatch(code)]
    if bad:
        raise UsageError(f"--regions: {', '.join(map(repr, bad))} is not a region code like eu-west-1")
    return codes


@dataclass
class Built:
    """A catalog built from the Price List, the files it came from, and what was left out."""

    catalog: Catalog
    files: list[OfferFile]
    scope: list[str]
    warnings: list[str]


def build_catalog(
    source: PriceListSource, regions: list[str] | None, names: Catalog, progress: Progress | None = None
) -> Built:
    """Read each offer's region index and per-region files; `names` maps old offers' locations to regions."""
    indexes = {offer: read_region_index(source, offer) for offer in OFFER_CODES}
    # Global services list a "global" file beside (or instead of) regional ones; it is not a region.
    listed = sorted(code for code in set().union(*indexes.values()) if _REGION_CODE.fullmatch(code))
    unknown = [code for code in regions or [] if code not in listed]
    if unknown:
        raise UnknownRegionError(
            f"pricing refresh: {', '.join(unknown)} not in the Price List region indexes of {source.description}"
            f" (they list {len(listed)} regions: {', '.join(listed[:8])}{' ...' if len(listed) > 8 else ''})"
        )
    scope = regions or listed
    locations = {normalise_location(r.name): code for code, r in names.regions.items()}
    files: list[OfferFile] = []
    for offer in OFFER_CODES:
        for region in [*scope, GLOBAL]:
            url_path = indexes[offer].get(region)
            if url_path is None:
                continue
            file_source = FileSource(offer, region, url_path, source.where(url_path))
            if progress is not None:
                progress(f"pricing refresh: reading {file_source.where}")
            with source.fetch(url_path) as path:
                files.append(read_offer_file(path, file_source, locations))
    prices: dict[str, RegionPrices] = {}
    warnings: list[str] = []
    for region in scope:
        found = region_rates(region, [f for f in files if f.source.region in (region, GLOBAL)])
        old = names.regions.get(region)
        prices[region] = RegionPrices(name=found.location or (old.name if old else region), rates=found.rates)
        warnings += found.warnings
    if not any(p.rates for p in prices.values()):
        raise refresh_error(source.description, "gave no rate for any region; nothing was written")
    versions = sorted({f"{f.source.offer} {f.version}" for f in files})
    catalog = Catalog(
        snapshot_date=max(f.publication_date for f in files),
        description=f"Built from the AWS Price List ({', '.join(versions)}) by pl-cost pricing refresh "
        f"on {date.today().isoformat()}",
        regions=prices,
    )
    return Built(catalog=catalog, files=files, scope=scope, warnings=warnings)


def catalog_text(catalog: Catalog) -> str:
    """The catalog as JSON in the shipped catalog's form (prices as strings, open tier edges null)."""
    data = catalog.model_dump(mode="json", exclude_none=True)
    for code, region in catalog.regions.items():
        for name, rate in region.rates.items():
            if rate.tiers is not None:
                data["regions"][code]["rates"][name]["tiers"] = [t.model_dump(mode="json") for t in rate.tiers]
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write through the one atomic writer, after checking that what is written loads back."""
    from pl_cost.writer import write_file

    text = catalog_text(catalog)
    catalog_from_data(json.loads(text), origin=str(path))  # what is written must load
    write_file(path, text, "--output")


#: Rates whose usage types the Price List does not name (billed Lattice requests, Route 53 Profiles):
#: a refresh keeps them from the catalog in use, sources and dates unchanged, instead of dropping them.
LEARNED = frozenset(rate for rates in USAGE_RATES.values() for rate in rates.values()) | {INTER_REGION_RATE}


def _carried(refreshed: Catalog, in_use: Catalog) -> tuple[Catalog, list[str]]:
    """The refreshed catalog with every rate a refresh cannot learn carried over from the catalog in use."""
    regions = {}
    carried: list[str] = []
    for code, region in refreshed.regions.items():
        old = in_use.regions.get(code)
        keep = {} if old is None else {n: r for n, r in old.rates.items() if n not in LEARNED and n not in region.rates}
        carried += [f"{code} {n}" for n in keep]
        regions[code] = region.model_copy(update={"rates": {**region.rates, **keep}}) if keep else region
    return refreshed.model_copy(update={"regions": regions}), carried


def refresh_catalog(
    source_dir: str | Path | None = None,
    regions: str | Sequence[str] | None = None,
    output: str | Path | None = None,
    catalog: str | Path | None = None,
    *,
    opener: Opener | None = None,
    progress: Progress | None = None,
) -> RefreshReport:
    """Build a catalog from AWS Price List files (a mirror in `source_dir`, else the public host) and write it.

    The new catalog replaces `output` (default `default_output_path()`) only once it is complete;
    the report compares it with `catalog` (default: the shipped one).
    """
    started = time.perf_counter()
    wanted = parse_regions(regions)
    out = Path(output).expanduser() if output is not None else default_output_path()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # the cache folder (or the one -o names) may be new
    except OSError as exc:
        raise refresh_error(str(out), f"cannot be written ({exc.strerror or exc})") from None
    from pl_cost.writer import checked_target

    checked_target(out, "--output")  # a bad output path fails before any file is read
    in_use = load_catalog(catalog)
    source: PriceListSource
    if source_dir is not None:
        root = Path(source_dir).expanduser()
        if not root.is_dir():
            raise UsageError(f"--from: {str(root)!r} is not a directory (a mirror of the Price List URL layout)")
        source = MirrorSource(root)
    else:
        source = OnlineSource(opener)
    built = build_catalog(source, wanted, in_use, progress)
    refreshed, carried = _carried(built.catalog, in_use)
    if carried and progress is not None:
        progress(f"kept from the catalog in use (the Price List does not give them): {', '.join(carried)}")
    write_catalog(_merged(refreshed, in_use) if wanted is not None else refreshed, out)
    seconds = time.perf_counter() - started
    size = sum(f.size for f in built.files)
    return RefreshReport(
        output=str(out),
        source=source.description,
        compared_with="shipped" if catalog is None else str(catalog),
        snapshot_date=built.catalog.snapshot_date,
        offers=[_offer_read(offer, built.files) for offer in OFFER_CODES],
        regions=[_region_read(code, refreshed) for code in built.scope],
        rates_found=sum(len(r.rates) for r in built.catalog.regions.values()),
        changes=diff_catalogs(in_use, refreshed, sorted(set(built.scope))),
        warnings=built.warnings,
        bytes_read=size,
        seconds=Decimal(f"{seconds:.3f}"),
        mb_per_s=Decimal(f"{size / 1e6 / max(seconds, 1e-9):.1f}"),
    )


def _merged(refreshed: Catalog, in_use: Catalog) -> Catalog:
    """A refresh limited by --regions replaces those regions and keeps the others from the catalog in use."""
    kept = {code: region for code, region in in_use.regions.items() if code not in refreshed.regions}
    if not kept:
        return refreshed
    note = f"; {len(kept)} other regions kept from the {in_use.origin} catalog (snapshot {in_use.snapshot_date})"
    return refreshed.model_copy(
        update={"regions": {**kept, **refreshed.regions}, "description": refreshed.description + note}
    )


def _offer_read(offer: str, files: list[OfferFile]) -> OfferRead:
    mine = [f for f in files if f.source.offer == offer]
    return OfferRead(
        offer=offer,
        versions=sorted({f.version for f in mine}),
        publication_date=max((f.publication_date for f in mine), default=None),
        files=len(mine),
        bytes_read=sum(f.size for f in mine),
    )


def _region_read(code: str, catalog: Catalog) -> RegionRead:
    region = catalog.regions[code]
    return RegionRead(
        region=code,
        name=region.name,
        rates=[r for r in RATE_UNITS if r in region.rates],
        missing=[r for r in RATE_UNITS if r not in region.rates],
    )
