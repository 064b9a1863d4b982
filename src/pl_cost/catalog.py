"""The price catalog: every rate pl-cost uses, per region, with its unit, usage type and source."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, model_validator

from pl_cost.errors import CatalogError, MissingRateError, UnknownRegionError, UsageError, did_you_mean

CATALOG_SCHEMA_VERSION = 1
#: A catalog older than this many days gets a warning: AWS changes prices and adds regions.
STALE_AFTER_DAYS = 120
SILENCE_STALE_ENV = "PL_COST_NO_STALE_WARNING"

#: Canonical rate names and the unit each is billed in. Used by the CLI, JSON, and overrides.
RATE_UNITS: dict[str, str] = {
    "nat_gateway_hour": "NAT-hour",
    "nat_gateway_gb": "GB",
    "regional_nat_gateway_hour": "NAT-AZ-hour",
    "regional_nat_gateway_gb": "GB",
    "interface_endpoint_hour": "endpoint-AZ-hour",
    "interface_endpoint_gb": "GB",
    "public_ipv4_hour": "IP-hour",
    "inter_az_gb": "GB",
    "gwlb_endpoint_hour": "endpoint-AZ-hour",
    "gwlb_endpoint_gb": "GB",
    # Many VPCs: your own PrivateLink service, Transit Gateway, peering, VPC Lattice, and DNS for a hub.
    "nlb_hour": "NLB-hour",
    "nlcu_hour": "NLCU-hour",
    "tgw_attachment_hour": "attachment-hour",
    "tgw_gb": "GB",
    "vpc_peering_cross_az_gb": "GB",
    "inter_region_gb": "GB",
    "lattice_service_hour": "service-hour",
    "lattice_gb": "GB",
    "lattice_requests_per_million": "million requests",
    "route53_private_zone_month": "hosted-zone-month",
    "route53_profile_account_hour": "account-hour",
    "route53_profile_association_hour": "association-hour",
    "resolver_endpoint_eni_hour": "ENI-hour",
    "resolver_queries_per_million": "million queries",
}

#: No AWS rate pl-cost uses comes near this per unit; a price above it is a typo or a corrupt file.
MAX_UNIT_PRICE = Decimal(1000)

#: The four rates without which no NAT-versus-endpoint answer is possible.
CORE_RATES = ("nat_gateway_hour", "nat_gateway_gb", "interface_endpoint_hour", "interface_endpoint_gb")

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Tier(BaseModel):
    """One price band: `price` per unit up to `up_to` units of the rate a month (None: and above)."""

    model_config = _FROZEN
    #: The band's upper edge in the rate's own unit (GB, hosted zones, million queries); catalogs written
    #: by pl-cost 0.1 call it `up_to_gb`, still read.
    up_to: Decimal | None = Field(default=None, validation_alias=AliasChoices("up_to", "up_to_gb"))
    price: Decimal


class Rate(BaseModel):
    """A unit price with its provenance; flat (`price`) or tiered (`tiers`)."""

    model_config = _FROZEN
    unit: str
    usage_type: str
    price: Decimal | None = None
    tiers: tuple[Tier, ...] | None = None
    source: str
    source_date: date
    verified: bool = False
    note: str | None = None
    override: str | None = Field(default=None, description="Set when a user override changed this rate.")
    free_per_hour: Decimal | None = Field(
        default=None,
        description="Units free each hour per billed resource, in the rate's unit (VPC Lattice: 0.3 million "
        "requests per service-hour).",
    )
    by_destination: dict[str, Decimal | None] | None = Field(
        default=None,
        description="Inter-region transfer: destination regions priced otherwise than `price` (None: the source "
        "gives no price to that region).",
    )

    def to(self, destination: str | None, region: str, name: str) -> Rate:
        """This rate for bytes sent to `destination`: its own price there, or a one-line error when unknown."""
        if destination is None or not self.by_destination or destination not in self.by_destination:
            return self
        price = self.by_destination[destination]
        if price is None:
            raise MissingRateError(
                f"no price for {name} from {region} to {destination} in this catalog: pass "
                f"--price {name}=VALUE (the source lists none to {destination})"
            )
        return self.model_copy(update={"price": price, "tiers": None, "by_destination": None})

    @model_validator(mode="after")
    def _price_or_tiers(self) -> Rate:
        if (self.price is None) == (self.tiers is None):
            raise ValueError("a rate has either 'price' or 'tiers'")
        prices = [self.price] if self.price is not None else [t.price for t in self.tiers or ()]
        if any(not p.is_finite() or p < 0 for p in prices if p is not None):
            raise ValueError("prices must be finite and not negative")
        if self.tiers is not None:
            edges = [t.up_to for t in self.tiers]
            if not edges or edges[-1] is not None or any(e is None for e in edges[:-1]):
                raise ValueError("tiers need ascending 'up_to' edges, the last one null")
            bounded = [e for e in edges if e is not None]
            if bounded != sorted(set(bounded)) or (bounded and bounded[0] <= 0):
                raise ValueError("tier edges must be positive and strictly ascending")
        return self

    def tier_list(self) -> tuple[Tier, ...]:
        """The rate as tiers; a flat rate is one open-ended tier."""
        if self.tiers is not None:
            return self.tiers
        assert self.price is not None
        return (Tier(up_to=None, price=self.price),)

    def scaled(self, factor: Decimal, override: str) -> Rate:
        """This rate with every price multiplied by `factor`, marked as overridden."""
        if self.tiers is not None:
            tiers = tuple(Tier(up_to=t.up_to, price=t.price * factor) for t in self.tiers)
            return self.model_copy(update={"tiers": tiers, "override": _join(self.override, override)})
        assert self.price is not None
        return self.model_copy(update={"price": self.price * factor, "override": _join(self.override, override)})


def _join(old: str | None, new: str) -> str:
    return new if old is None else f"{old}; {new}"


class RegionPrices(BaseModel):
    """All rates known for one region."""

    model_config = _FROZEN
    name: str
    rates: dict[str, Rate] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_rates(self) -> RegionPrices:
        for rate_name, rate in self.rates.items():
            if rate_name not in RATE_UNITS:
                raise ValueError(f"unknown rate {rate_name!r}")
            if rate.unit != RATE_UNITS[rate_name]:
                raise ValueError(f"{rate_name}: unit must be {RATE_UNITS[rate_name]!r}, not {rate.unit!r}")
            if any(t.price > MAX_UNIT_PRICE for t in rate.tier_list()):
                raise ValueError(f"{rate_name}: a price above ${MAX_UNIT_PRICE} per {rate.unit} is not an AWS rate")
        return self


class Catalog(BaseModel):
    """A dated snapshot of prices for many regions, and where it was loaded from."""

    model_config = _FROZEN
    schema_version: int = CATALOG_SCHEMA_VERSION
    currency: str = "USD"
    snapshot_date: date
    description: str = ""
    regions: dict[str, RegionPrices]
    origin: str = Field(default="shipped", exclude=True)
    overrides: tuple[str, ...] = Field(default=(), exclude=True)

    def region(self, code: str) -> RegionPrices:
        """The region's prices, or an error that suggests the closest region codes."""
        try:
            return self.regions[code]
        except KeyError:
            raise UnknownRegionError(_unknown_region_message(code, self.regions)) from None

    def rate(self, region: str, rate_name: str) -> Rate:
        """One rate, or an error naming what to do when the catalog lacks it."""
        prices = self.region(region)
        if rate_name not in RATE_UNITS:
            raise UsageError(f"unknown rate {rate_name!r}; known rates: {', '.join(RATE_UNITS)}")
        try:
            return prices.rates[rate_name]
        except KeyError:
            raise MissingRateError(
                f"no price for {rate_name} in {region} in this catalog: run 'pl-cost pricing refresh' "
                f"or pass --price {rate_name}=VALUE"
            ) from None


def _unknown_region_message(code: str, regions: Iterable[str]) -> str:
    names = sorted(regions)
    hint = did_you_mean(code, names) or f"known regions: {', '.join(names)}"
    return f"region: unknown region {code!r}; {hint} ('pl-cost regions' lists them)"


def shipped_catalog_path() -> Path:
    """Where the installed package keeps its catalog."""
    from importlib.resources import files

    return Path(str(files("pl_cost").joinpath("data/catalog.json")))


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load the shipped catalog, or a catalog file (e.g. one written by `pl-cost pricing refresh`)."""
    source = Path(path) if path is not None else shipped_catalog_path()
    try:
        raw = json.loads(source.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"catalog: no such file {str(source)!r}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"catalog: cannot read {str(source)!r}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise CatalogError(f"catalog: {str(source)!r} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return catalog_from_data(raw, origin="shipped" if path is None else str(source))


def catalog_from_data(raw: Any, origin: str) -> Catalog:
    """Validate catalog data, naming the first field that is wrong."""
    if not isinstance(raw, dict):
        raise CatalogError(f"catalog: {origin!r} is not a pl-cost catalog (expected a JSON object)")
    if raw.get("schema_version") != CATALOG_SCHEMA_VERSION:
        raise CatalogError(
            f"catalog: {origin!r} has schema_version {raw.get('schema_version')!r}; "
            f"this pl-cost reads version {CATALOG_SCHEMA_VERSION}"
        )
    try:
        return Catalog.model_validate({**raw, "origin": origin})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CatalogError(
            f"catalog: {origin!r} is malformed at {where}: {first['msg']}", details=exc.errors()
        ) from None


PriceOverride = Decimal | tuple[Tier, ...]


def parse_price_overrides(items: Iterable[str]) -> dict[str, PriceOverride]:
    """Parse `RATE=VALUE` strings from `--price`: a price, or tiers as `0.01@1048576,0.006@5242880,0.004`."""
    prices: dict[str, PriceOverride] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise UsageError(f"--price: expected RATE=VALUE, got {item!r}")
        if name not in RATE_UNITS:
            close = did_you_mean(name, RATE_UNITS, n=1)
            hint = f" ({close})" if close else ""
            raise UsageError(f"--price: unknown rate {name!r}{hint}; known rates: {', '.join(RATE_UNITS)}")
        prices[name] = _override_value(name, value)
    return prices


def _override_value(name: str, value: str) -> PriceOverride:
    from pl_cost.money import parse_decimal

    field = f"--price {name}"
    if "@" not in value and "," not in value:
        price = parse_decimal(value, field)
        if not 0 <= price <= MAX_UNIT_PRICE:
            raise UsageError(f"{field}: must be from 0 to {MAX_UNIT_PRICE} (USD per {RATE_UNITS[name]}), got {value!r}")
        return price
    bands = [band.strip() for band in value.split(",")]
    tiers: list[Tier] = []
    for index, band in enumerate(bands):
        amount, at, edge = band.partition("@")
        last = index == len(bands) - 1
        if bool(at) == last:
            raise UsageError(f"{field}: tiers are PRICE@UP_TO,...,PRICE (the last without @), got {value!r}")
        price = parse_decimal(amount, field)
        up_to = parse_decimal(edge, field) if at else None
        if not 0 <= price <= MAX_UNIT_PRICE or (up_to is not None and up_to <= 0):
            raise UsageError(
                f"{field}: prices must be from 0 to {MAX_UNIT_PRICE} and tier edges above 0, got {value!r}"
            )
        tiers.append(Tier(up_to=up_to, price=price))
    edges = [t.up_to for t in tiers if t.up_to is not None]
    if edges != sorted(set(edges)):
        raise UsageError(f"{field}: tier edges must be strictly ascending, got {value!r}")
    return tuple(tiers)


def _checked_override(name: object, value: object) -> PriceOverride:
    """A library caller's override, held to the same rules as --price: a known rate, a sane price or tiers."""
    if not isinstance(name, str) or name not in RATE_UNITS:
        raise UsageError(
            f"--price: unknown rate {name!r}; known rates: {', '.join(RATE_UNITS)}", allowed=list(RATE_UNITS)
        )
    if isinstance(value, tuple) and all(isinstance(t, Tier) for t in value) and value:
        text = ",".join(f"{t.price}@{t.up_to}" if t.up_to is not None else str(t.price) for t in value)
        return _override_value(name, text)
    if isinstance(value, (Decimal, int, float, str)) and not isinstance(value, bool):
        return _override_value(name, str(value) if not isinstance(value, float) else repr(value))
    raise UsageError(f"--price {name}: expected a price or a tuple of Tier, got {type(value).__name__}")


def _override_text(name: str, value: PriceOverride, old: Rate | None) -> str:
    if isinstance(value, tuple):
        bands = [f"{t.price}@{t.up_to}" if t.up_to is not None else str(t.price) for t in value]
        return f"--price {name}={','.join(bands)}"
    flat = " (flat: replaces its tiers)" if old is not None and old.tiers is not None else ""
    return f"--price {name}={value}{flat}"


def apply_overrides(
    catalog: Catalog,
    prices: Mapping[str, PriceOverride] | None = None,
    discount_percent: Decimal | None = None,
) -> Catalog:
    """A copy of the catalog with user prices set and a private-pricing discount applied to every rate."""
    prices = {name: _checked_override(name, value) for name, value in dict(prices or {}).items()}
    if not prices and discount_percent is None:
        return catalog
    if discount_percent is not None:
        from pl_cost.money import parse_decimal

        discount_percent = parse_decimal(discount_percent, "--discount")
        if not (0 <= discount_percent < 100):
            raise UsageError(f"--discount: must be at least 0 and below 100 (percent), got {discount_percent}")
    today = date.today()
    regions: dict[str, RegionPrices] = {}
    notes: dict[str, str] = {}
    for code, region in catalog.regions.items():
        rates = dict(region.rates)
        if discount_percent is not None:
            # The discount is on list prices; a price the user typed is already theirs.
            factor = (Decimal(100) - discount_percent) / Decimal(100)
            rates = {n: r.scaled(factor, f"--discount {discount_percent}%") for n, r in rates.items()}
        for rate_name, value in prices.items():
            old = rates.get(rate_name)
            note = notes.setdefault(rate_name, _override_text(rate_name, value, old))
            rates[rate_name] = Rate(
                unit=RATE_UNITS[rate_name],
                usage_type=old.usage_type if old else "(user override)",
                price=None if isinstance(value, tuple) else value,
                tiers=value if isinstance(value, tuple) else None,
                source="--price override",
                source_date=today,
                verified=False,
                override=note,
            )
        regions[code] = region.model_copy(update={"rates": rates})
    overrides = [notes.get(n) or _override_text(n, v, None) for n, v in prices.items()]
    if discount_percent is not None:
        overrides.append(f"--discount {discount_percent}%")
    return catalog.model_copy(update={"regions": regions, "overrides": catalog.overrides + tuple(overrides)})


def staleness_warning(catalog: Catalog, today: date | None = None) -> str | None:
    """One line when the catalog is older than STALE_AFTER_DAYS, unless silenced by the environment."""
    if os.environ.get(SILENCE_STALE_ENV):
        return None
    age = ((today or date.today()) - catalog.snapshot_date).days
    if age <= STALE_AFTER_DAYS:
        return None
    return (
        f"pl-cost: warning: the price catalog is {age} days old (snapshot {catalog.snapshot_date}); "
        f"run 'pl-cost pricing refresh' and pass its file with --catalog, or set {SILENCE_STALE_ENV}=1 to silence this"
    )
