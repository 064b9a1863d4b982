"""What a refresh keeps from one per-region offer file: its version, and the terms of matching SKUs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pl_cost.catalog import MAX_UNIT_PRICE
from pl_cost.errors import DomainError
from pl_cost.pricelist.rules import Match


class PriceListError(DomainError):
    """A Price List file is missing, truncated, corrupt or not what its index says (exit 1)."""


def refresh_error(where: str, problem: str) -> PriceListError:
    """An error that starts with the file (or URL) at fault, so the user knows what to fetch again."""
    return PriceListError(f"pricing refresh: {where} {problem}")


@dataclass(frozen=True)
class PriceDimension:
    """One priced band of an OnDemand term: USD per unit from `begin` up to `end` (None: no end)."""

    rate_code: str
    unit: str
    begin: Decimal | None
    end: Decimal | None
    usd: Decimal | None


@dataclass(frozen=True)
class Term:
    """An OnDemand term of one SKU."""

    sku: str
    code: str
    dimensions: tuple[PriceDimension, ...]


@dataclass(frozen=True)
class FileSource:
    """Which file a region's offer is in: the offer, the region, its Price List URL path, and its name in errors."""

    offer: str
    region: str
    url_path: str
    where: str


@dataclass
class OfferFile:
    """The parts of one offer file a refresh needs; everything else was streamed past."""

    source: FileSource
    version: str
    publication_date: date
    size: int = 0
    matches: dict[str, Match] = field(default_factory=dict)
    terms: dict[str, list[Term]] = field(default_factory=dict)


#: A number in an offer longer than this is no price or range AWS publishes (they have a dozen digits).
MAX_NUMBER_CHARS = 40
#: Tier edges beyond this (a zettabyte of GB, or of requests) are no AWS tier.
MAX_RANGE = Decimal(10) ** 21


def price_decimal(text: object, where: str, what: str, limit: Decimal = MAX_RANGE) -> Decimal:
    """A price or range from the file: exact, finite, not negative, of sane size; anything else means a bad file."""
    raw = str(text).strip()
    if len(raw) > MAX_NUMBER_CHARS:
        raise refresh_error(where, f"has {what} of {len(raw):,} characters, which is not a price")
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise refresh_error(where, f"has {what} {text!r}, which is not a number") from None
    if not value.is_finite() or value < 0 or value > limit:
        raise refresh_error(where, f"has {what} {text!r}, which is not a price")
    return value


def range_end(text: object, where: str, what: str) -> Decimal | None:
    """An `endRange`: `Inf` (or empty, in CSV offers) is open-ended."""
    if text is None or str(text).strip() in ("", "Inf", "inf"):
        return None
    return price_decimal(text, where, what)


def range_begin(text: object, where: str, what: str) -> Decimal | None:
    """A `beginRange`; None when the file does not say (CSV excerpts without range columns)."""
    if text is None or str(text).strip() == "":
        return None
    return price_decimal(text, where, what)


def dimension_from_json(raw: Any, sku: str, where: str) -> PriceDimension:
    """A `priceDimensions` entry of a JSON offer."""
    if not isinstance(raw, dict):
        raise refresh_error(where, f"has a malformed price dimension for SKU {sku}")
    prices = raw.get("pricePerUnit")
    usd = prices.get("USD") if isinstance(prices, dict) else None
    return PriceDimension(
        rate_code=str(raw.get("rateCode", "")),
        unit=str(raw.get("unit", "")),
        begin=range_begin(raw.get("beginRange"), where, f"beginRange for SKU {sku}"),
        end=range_end(raw.get("endRange"), where, f"endRange for SKU {sku}"),
        usd=None if usd is None else price_decimal(usd, where, f"price for SKU {sku}", MAX_UNIT_PRICE),
    )


def terms_from_json(raw: Any, sku: str, where: str) -> list[Term]:
    """A SKU's OnDemand terms from a JSON offer (`terms.OnDemand.<sku>`)."""
    if not isinstance(raw, dict):
        raise refresh_error(where, f"has malformed OnDemand terms for SKU {sku}")
    terms: list[Term] = []
    for key, term in raw.items():
        dims = term.get("priceDimensions") if isinstance(term, dict) else None
        if not isinstance(dims, dict):
            raise refresh_error(where, f"has an OnDemand term without price dimensions for SKU {sku}")
        code = str(term.get("offerTermCode") or key)
        terms.append(Term(sku, code, tuple(dimension_from_json(d, sku, where) for d in dims.values())))
    return terms


def lower_keys(attributes: Mapping[str, Any]) -> dict[str, str]:
    """Attribute names lower-cased without spaces: `regionCode` (JSON) and `Region Code` (CSV) meet."""
    return {str(k).replace(" ", "").lower(): str(v) for k, v in attributes.items()}


def offer_date(publication_date: str | None, version: str, where: str) -> date:
    """The offer's date: its publicationDate, or for offers without one the date in its version."""
    try:
        if publication_date:
            return date.fromisoformat(publication_date.strip()[:10])
        text = version.strip()
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise refresh_error(where, f"has no readable publication date ({publication_date or version!r})") from None
