"""Turn the OnDemand terms of matching SKUs into catalog rates, with their source.

A rate is written only when the Price List gives it unambiguously: one USD price (or one set of
tiers from `beginRange`/`endRange`) in the unit the rate is billed in. Anything else is left out
with a warning, never guessed (pricing/README.md: a rate that could not be found is absent).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from pydantic import ValidationError

from pl_cost.catalog import RATE_UNITS, Rate, Tier
from pl_cost.money import plain
from pl_cost.pricelist.offer import OfferFile, Term
from pl_cost.pricelist.rules import Match, unit_fits

ZERO = Decimal(0)
#: A flat price, or tiers as (up_to or None, price) pairs.
PriceShape = tuple[tuple[Decimal | None, Decimal], ...]


class UnusablePrice(ValueError):
    """A term that does not give one clear price for the rate."""


@dataclass(frozen=True)
class RegionRates:
    """The rates found for one region, the region's name in the Price List, and what was left out."""

    rates: dict[str, Rate]
    location: str | None
    warnings: list[str]


def exact(value: Decimal) -> Decimal:
    """The same value without trailing zeros or an exponent: 0.0450000000 -> 0.045, 1E+6 -> 1000000."""
    return Decimal(plain(value))


def term_price(term: Term, rate: str) -> PriceShape:
    """The term as a flat price ((None, price),) or ascending tiers; raises UnusablePrice otherwise."""
    dims = term.dimensions
    if not dims:
        raise UnusablePrice("has no price dimensions")
    for dim in dims:
        if dim.usd is None:
            raise UnusablePrice("has no USD price")
        if not unit_fits(rate, dim.unit):
            raise UnusablePrice(f"is priced per {dim.unit!r}, not per {RATE_UNITS[rate]}")
    if len(dims) == 1:
        only = dims[0]
        if only.begin not in (None, ZERO) or only.end is not None:
            raise UnusablePrice("has one price band that does not cover every quantity")
        assert only.usd is not None
        return ((None, exact(only.usd)),)
    if any(d.begin is None for d in dims):
        raise UnusablePrice("has several prices without ranges")
    ordered = sorted(dims, key=lambda d: d.begin or ZERO)
    if ordered[0].begin != ZERO or ordered[-1].end is not None:
        raise UnusablePrice("has tiers that do not start at 0 or do not end open-ended")
    shape: list[tuple[Decimal | None, Decimal]] = []
    for low, high in pairwise(ordered):
        if low.end is None or low.begin is None or low.end <= low.begin or low.end != high.begin:
            raise UnusablePrice("has tiers with gaps or overlaps")
    for dim in ordered:
        assert dim.usd is not None
        shape.append((None if dim.end is None else exact(dim.end), exact(dim.usd)))
    return tuple(shape)


def make_rate(rate: str, shape: PriceShape, usage_type: str, offer: OfferFile, sku: str) -> Rate:
    """A catalog rate read from the Price List: verified, with the offer, version, file and SKU."""
    source = offer.source
    form = " (CSV)" if source.url_path.lower().endswith(".csv") else ""
    common = {
        "unit": RATE_UNITS[rate],
        "usage_type": usage_type,
        "source": f"AWS Price List, offer {source.offer} version {offer.version}{form}, {source.url_path}, SKU {sku}",
        "source_date": offer.publication_date,
        "verified": True,
    }
    if len(shape) == 1:
        return Rate(price=shape[0][1], **common)
    return Rate(tiers=tuple(Tier(up_to=edge, price=price) for edge, price in shape), **common)


def region_rates(region: str, offers: Iterable[OfferFile]) -> RegionRates:
    """Every rate the offers give for `region`; conflicting or unusable candidates leave the rate out."""
    candidates: dict[str, list[tuple[OfferFile, str, Match]]] = {}
    location: str | None = None
    for offer in offers:
        for sku, found in sorted(offer.matches.items()):
            if found.region == region:
                candidates.setdefault(found.rate, []).append((offer, sku, found))
                location = location or found.location
    rates: dict[str, Rate] = {}
    warnings: list[str] = []
    for rate in RATE_UNITS:
        chosen, problems = _choose(rate, candidates.get(rate, []))
        warnings += [f"{region} {rate}: {p}" for p in problems]
        if chosen is not None:
            rates[rate] = chosen
    return RegionRates(rates=rates, location=location, warnings=warnings)


def _choose(rate: str, candidates: list[tuple[OfferFile, str, Match]]) -> tuple[Rate | None, list[str]]:
    problems: list[str] = []
    priced: dict[PriceShape, list[tuple[OfferFile, str, Match]]] = {}
    for offer, sku, found in candidates:
        terms = offer.terms.get(sku, [])
        if not terms:
            problems.append(f"SKU {sku} ({found.usage_type}) has no OnDemand term in {offer.source.where}; skipped")
        for term in terms:
            try:
                priced.setdefault(term_price(term, rate), []).append((offer, sku, found))
            except UnusablePrice as exc:
                problems.append(f"SKU {sku} ({found.usage_type}) {exc} in {offer.source.where}; skipped")
    if len(priced) > 1:
        seen = "; ".join(f"SKU {c[0][1]}: {describe_shape(s)}" for s, c in priced.items())
        return None, [*problems, f"left out: the Price List gives different prices ({seen})"]
    if not priced:
        return None, problems
    shape, [(offer, sku, found), *_] = next(iter(priced.items()))
    try:
        return make_rate(rate, shape, found.usage_type, offer, sku), problems
    except ValidationError as exc:
        return None, [*problems, f"left out: SKU {sku} does not make a valid rate ({exc.errors()[0]['msg']})"]


def describe_shape(shape: PriceShape) -> str:
    """A price or tiers in one line: `0.045` or `0.01 up to 1048576, 0.006 up to 5242880, 0.004 above`."""
    if len(shape) == 1:
        return plain(shape[0][1])
    return ", ".join(f"{plain(p)} up to {plain(e)}" if e is not None else f"{plain(p)} above" for e, p in shape)


def rate_shape(rate: Rate) -> PriceShape:
    """A catalog rate's prices in the same form, to compare an old catalog with a new one."""
    if rate.tiers is None:
        assert rate.price is not None
        return ((None, exact(rate.price)),)
    return tuple((None if t.up_to is None else exact(t.up_to), exact(t.price)) for t in rate.tiers)
