"""Which AWS Price List products are pl-cost rates, and in which region they are.

The usage types come from the Price List itself (see pricing/README.md for the table). A region is
read from the product's `regionCode` (or `fromRegionCode` for data transfer); only offers old enough
to lack those fall back to the location's display name. The usage-type prefix is never used to
guess a region: prefixes are not region names (eu-west-1 is `EU`, ap-south-1 is `APS3`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

#: The offers a refresh reads, in the order it reads them.
OFFER_CODES = ("AmazonEC2", "AmazonVPC", "AWSDataTransfer")

#: Usage type without its region prefix -> canonical rate name, per offer.
USAGE_RATES: dict[str, dict[str, str]] = {
    "AmazonEC2": {
        "NatGateway-Hours": "nat_gateway_hour",
        "NatGateway-Bytes": "nat_gateway_gb",
        "RegionalNatGateway-Hours": "regional_nat_gateway_hour",
        "RegionalNatGateway-Bytes": "regional_nat_gateway_gb",
    },
    "AmazonVPC": {
        "VpcEndpoint-Hours": "interface_endpoint_hour",
        "VpcEndpoint-Bytes": "interface_endpoint_gb",
        "VpcEndpoint-GWLBE-Hours": "gwlb_endpoint_hour",
        "VpcEndpoint-GWLBE-Bytes": "gwlb_endpoint_gb",
        "PublicIPv4:InUseAddress": "public_ipv4_hour",
    },
    "AWSDataTransfer": {
        "DataTransfer-Regional-Bytes": "inter_az_gb",
    },
}

#: Offers whose rates must also come from one product family (EC2 has thousands of families).
PRODUCT_FAMILIES: dict[str, str] = {"AmazonEC2": "NAT Gateway"}

#: Price List units accepted for each kind of rate (anything else is not the rate we think it is).
HOUR_UNITS = frozenset({"hrs", "hr", "hours", "hour"})
GB_UNITS = frozenset({"gb"})

# A region prefix is upper-case letters and digits, possibly several dash-separated parts
# (Local Zones: USW2-LAX1); the rest of the usage type is looked up exactly, so
# `USE1-RegionalNatGateway-Bytes` can never be mistaken for `NatGateway-Bytes`.
_USAGE_TYPE = re.compile(r"(?:[A-Z0-9]+(?:-[A-Z0-9]+)*-)?(?P<base>.+)")


@dataclass(frozen=True)
class Product:
    """A Price List product, its attribute names lower-cased so JSON and CSV offers look alike."""

    sku: str
    family: str
    attributes: Mapping[str, str]


@dataclass(frozen=True)
class Match:
    """A product that prices one of pl-cost's rates in one region."""

    region: str
    rate: str
    usage_type: str
    location: str | None


def rate_for_usage_type(offer: str, usage_type: str) -> str | None:
    """The canonical rate a usage type prices in `offer`, or None (e.g. `NatGateway-Prvd-Bytes`)."""
    found = _USAGE_TYPE.fullmatch(usage_type)
    return USAGE_RATES.get(offer, {}).get(found.group("base")) if found else None


def unit_fits(rate: str, unit: str) -> bool:
    """Whether a Price List unit (`Hrs`, `GB`) is the one the rate is billed in."""
    allowed = HOUR_UNITS if rate.endswith("_hour") else GB_UNITS
    return unit.strip().lower() in allowed


def normalise_location(name: str) -> str:
    """A location's display name in one spelling: older offers say `EU (Ireland)` and `Sao Paulo`."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip().lower()
    return "europe (" + text[4:] if text.startswith("eu (") else text


def match_product(offer: str, product: Product, locations: Mapping[str, str]) -> Match | None:
    """The rate and region a product prices, or None when it is not one of pl-cost's rates.

    `locations` maps normalised location names to region codes, only used when a product has no
    region code attribute (offers from before 2020).
    """
    attrs = product.attributes
    family = PRODUCT_FAMILIES.get(offer)
    if family is not None and product.family != family:
        return None
    usage_type = attrs.get("usagetype", "")
    rate = rate_for_usage_type(offer, usage_type)
    if rate is None:
        return None
    # Outposts, Local Zones and Wavelength Zones have their own rows; only the Region's apply.
    for key in ("locationtype", "fromlocationtype"):
        if attrs.get(key, "AWS Region") != "AWS Region":
            return None
    region = _region_of(attrs, locations)
    if region is None:
        return None
    return Match(region=region, rate=rate, usage_type=usage_type, location=attrs.get("location"))


def _region_of(attrs: Mapping[str, str], locations: Mapping[str, str]) -> str | None:
    if attrs.get("regioncode"):
        return attrs["regioncode"]
    source, target = attrs.get("fromregioncode"), attrs.get("toregioncode")
    if source:
        return source if target in (None, "", source) else None
    location = attrs.get("location") or attrs.get("fromlocation")
    if location and attrs.get("tolocation") not in (None, "", location):
        return None
    return locations.get(normalise_location(location)) if location else None
