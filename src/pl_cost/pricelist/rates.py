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
from pl_cost.pricelist.rules import (
    GLOBAL,
    GLOBAL_RATES,
    INTER_REGION_RATE,
    PER_UNIT_SCALE,
    Match,
    unit_fits,
    units_for,
)

ZERO = Decimal(0)
#: A flat price, or tiers as (up_to or None, price) pairs.
PriceShape = tuple[tuple[Decimal | None, Decimal], ...]
#: A product that may price a rate: the file it is in, its SKU, and what it matched.
Candidate = tuple[OfferFile, str, Match]


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
            allowed = "/".join(sorted(units_for(rate)))
            raise UnusablePrice(f"is priced per {dim.unit!r}, not per {allowed} ({RATE_UNITS[rate]})")
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


def scaled(rate: str, shape: PriceShape) -> PriceShape:
    """The shape in the catalog's unit: per million queries where the Price List prices one query."""
    factor = PER_UNIT_SCALE.get(rate)
    if factor is None:
        return shape
    return tuple((None if e is None else exact(e / factor), exact(p * factor)) for e, p in shape)


def make_rate(
    rate: str,
    shape: PriceShape,
    usage_type: str,
    offer: OfferFile,
    sku: str,
    note: str | None = None,
    by_destination: dict[str, Decimal | None] | None = None,
) -> Rate:
    """A catalog rate read from the Price List: verified, with the offer, version, file and SKU."""
    source = offer.source
    form = " (CSV)" if source.url_path.lower().endswith(".csv") else ""
    factor = PER_UNIT_SCALE.get(rate)
    if factor is not None:
        scale_note = (
            f"The Price List prices one unit; the catalog's unit is {RATE_UNITS[rate]}, so prices are multiplied "
            f"and tier edges divided by {factor:,}."
        )
        note = scale_note if note is None else f"{note} {scale_note}"
    common = {
        "unit": RATE_UNITS[rate],
        "usage_type": usage_type,
        "source": f"AWS Price List, offer {source.offer} version {offer.version}{form}, {source.url_path}, SKU {sku}",
        "source_date": offer.publication_date,
        "verified": True,
        "note": note,
        "by_destination": by_destination or None,
    }
    if len(shape) == 1:
        return Rate(price=shape[0][1], **common)
    return Rate(tiers=tuple(Tier(up_to=edge, price=price) for edge, price in shape), **common)


def region_rates(region: str, offers: Iterable[OfferFile]) -> RegionRates:
    """Every rate the offers give for `region`; conflicting or unusable candidates leave the rate out."""
    candidates: dict[str, list[Candidate]] = {}
    location: str | None = None
    for offer in offers:
        for sku, found in sorted(offer.matches.items()):
            if found.region == region or (found.region == GLOBAL and found.rate in GLOBAL_RATES):
                candidates.setdefault(found.rate, []).append((offer, sku, found))
                location = location or found.location
    rates: dict[str, Rate] = {}
    warnings: list[str] = []
    for rate in RATE_UNITS:
        pick = _choose_inter_region if rate == INTER_REGION_RATE else _choose
        chosen, problems = pick(rate, candidates.get(rate, []))
        warnings += [f"{region} {rate}: {p}" for p in problems]
        if chosen is not None:
            rates[rate] = chosen
    return RegionRates(rates=rates, location=location, warnings=warnings)


def _priced(rate: str, candidates: list[Candidate]) -> tuple[dict[PriceShape, list[Candidate]], list[str]]:
    """The candidates grouped by the price their OnDemand terms give, and the ones that give none."""
    problems: list[str] = []
    priced: dict[PriceShape, list[Candidate]] = {}
    for offer, sku, found in candidates:
        terms = offer.terms.get(sku, [])
        if not terms:
            problems.append(f"SKU {sku} ({found.usage_type}) has no OnDemand term in {offer.source.where}; skipped")
        for term in terms:
            try:
                priced.setdefault(scaled(rate, term_price(term, rate)), []).append((offer, sku, found))
            except UnusablePrice as exc:
                problems.append(f"SKU {sku} ({found.usage_type}) {exc} in {offer.source.where}; skipped")
    return priced, problems


def _choose(rate: str, candidates: list[Candidate]) -> tuple[Rate | None, list[str]]:
    priced, problems = _priced(rate, candidates)
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


def _choose_inter_region(rate: str, candidates: list[Candidate]) -> tuple[Rate | None, list[str]]:
    """One figure for transfer out to other regions: the price to more than half the destinations listed.

    The price depends on the destination (https://aws.amazon.com/ec2/pricing/on-demand/, "Data Transfer");
    the rate's note names every destination priced otherwise, and no figure is written without a majority.
    """
    by_target: dict[str, dict[PriceShape, list[Candidate]]] = {}
    problems: list[str] = []
    for candidate in candidates:
        priced, found_problems = _priced(rate, [candidate])
        problems += found_problems
        for shape, group in priced.items():
            by_target.setdefault(candidate[2].to_region or "", {}).setdefault(shape, []).extend(group)
    prices: dict[str, PriceShape] = {}
    for target, shapes in sorted(by_target.items()):
        if len(shapes) > 1:
            problems.append(f"to {target}: the Price List gives different prices; that destination is left out")
        else:
            prices[target] = next(iter(shapes))
    if not prices:
        return None, problems
    counts: dict[PriceShape, list[str]] = {}
    for target, shape in prices.items():
        counts.setdefault(shape, []).append(target)
    shape, targets = max(counts.items(), key=lambda item: len(item[1]))
    if len(targets) * 2 <= len(prices):
        spread = "; ".join(f"{describe_shape(s)} to {len(t)}" for s, t in counts.items())
        return None, [*problems, f"left out: no price covers most of the {len(prices)} destinations ({spread})"]
    others = "; ".join(f"{t} {describe_shape(s)}" for t, s in sorted(prices.items()) if s != shape) or "none"
    offer, sku, found = by_target[targets[0]][shape][0]
    note = (
        f"Transfer out to another AWS Region, per GB. The figure applies to {len(targets)} of the {len(prices)} "
        f"destination regions the Price List lists (SKU {sku} is the one to {targets[0]}); the others: {others}."
    )
    source_prefix = found.usage_type.split("-", 1)[0]
    usage_type = f"{source_prefix}-<destination prefix>-AWS-Out-Bytes (one usage type per destination region)"
    # A destination priced otherwise keeps its own flat price; tiered exceptions are named in the note only.
    exceptions: dict[str, Decimal | None] = {t: s[0][1] for t, s in prices.items() if s != shape and len(s) == 1}
    try:
        return make_rate(rate, shape, usage_type, offer, sku, note, exceptions), problems
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
