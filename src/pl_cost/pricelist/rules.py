"""Which AWS Price List products are pl-cost rates, and in which region they are.

The usage types come from the Price List itself (see pricing/README.md for the table). A usage type
is matched whole: at most one region prefix (`EU-`, `USE1-`), then a base name looked up exactly, so
`USE1-RegionalNatGateway-Bytes` is never `NatGateway-Bytes` and `USW2-TS-LoadBalancerUsage` (an
ALB trust store) is never `LoadBalancerUsage`. A region is read from the product's `regionCode`
(`fromRegionCode`/`toRegionCode` for data transfer); only offers old enough to lack those fall back
to the location's display name. The prefix is never used to guess a region: prefixes are not region
names (eu-west-1 is `EU`, ap-south-1 is `APS3`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

#: The offers a refresh reads, in the order it reads them.
OFFER_CODES = ("AmazonEC2", "AmazonVPC", "AWSDataTransfer", "AWSELB", "AmazonRoute53")

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
        # Billing codes: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-billing-usage-reports.html
        "TransitGateway-Hours": "tgw_attachment_hour",
        "TransitGateway-Bytes": "tgw_gb",
        "VPCLattice-Service-Hourly": "lattice_service_hour",
        "VPCLattice-DataProcessing-Bytes": "lattice_gb",
        # https://aws.amazon.com/blogs/networking-and-content-delivery/demystifying-amazon-vpc-peering-charges
        "VpcPeering-Out-Bytes": "vpc_peering_cross_az_gb",
        "VpcPeering-In-Bytes": "vpc_peering_cross_az_gb",
    },
    "AWSDataTransfer": {
        "DataTransfer-Regional-Bytes": "inter_az_gb",
    },
    "AWSELB": {
        # https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/load-balancer-billing-usage-reports.html
        "LoadBalancerUsage": "nlb_hour",
        "LCUUsage": "nlcu_hour",
    },
    "AmazonRoute53": {
        "HostedZone": "route53_private_zone_month",
        "ResolverNetworkInterface": "resolver_endpoint_eni_hour",
        "DNS-Queries": "resolver_queries_per_million",
    },
}

#: Inter-region transfer: one usage type per (source, destination) pair, `USE1-EUC1-AWS-Out-Bytes`.
INTER_REGION_RATE = "inter_region_gb"
_INTER_REGION = re.compile(r"(?P<source>[A-Z0-9]+)-(?P<target>[A-Z0-9]+)-AWS-Out-Bytes")

#: Rates that must also come from one product family (EC2 has thousands; ALB, NLB and GWLB share usage types).
RATE_FAMILIES: dict[str, str] = {
    "nat_gateway_hour": "NAT Gateway",
    "nat_gateway_gb": "NAT Gateway",
    "regional_nat_gateway_hour": "NAT Gateway",
    "regional_nat_gateway_gb": "NAT Gateway",
    "nlb_hour": "Load Balancer-Network",
    "nlcu_hour": "Load Balancer-Network",
    "route53_private_zone_month": "DNS Zone",
    "resolver_endpoint_eni_hour": "DNS Query",
    "resolver_queries_per_million": "DNS Query",
}

#: Rates whose products must carry these attributes too (keys lower-cased): a transit gateway's VPC,
#: VPN, Direct Connect, Connect and peering attachments share one usage type and differ by operation.
RATE_ATTRIBUTES: dict[str, dict[str, str]] = {
    "tgw_attachment_hour": {"operation": "TransitGatewayVPC"},
    "tgw_gb": {"operation": "TransitGatewayVPC"},
    "nlb_hour": {"operation": "LoadBalancing:Network"},
    "nlcu_hour": {"operation": "LoadBalancing:Network"},
    "inter_az_gb": {"transfertype": "IntraRegion"},
    INTER_REGION_RATE: {"transfertype": "InterRegion Outbound"},
}

#: Regional rates whose usage type always has a prefix: the unprefixed `DNS-Queries` is public
#: hosted-zone queries (location "Any"), not Route 53 Resolver's.
PREFIX_REQUIRED = frozenset({"resolver_endpoint_eni_hour", "resolver_queries_per_million"})

#: Where a product without a region applies to every region (Route 53 hosted zones are global).
GLOBAL = "global"
GLOBAL_RATES = frozenset({"route53_private_zone_month"})

#: Price List units accepted for each rate (anything else is not the rate we think it is).
HOUR_UNITS = frozenset({"hrs", "hr", "hours", "hour"})
GB_UNITS = frozenset({"gb"})
PRICE_LIST_UNITS: dict[str, frozenset[str]] = {
    "nlcu_hour": HOUR_UNITS | {"lcu-hrs"},
    "route53_private_zone_month": frozenset({"hostedzone", "mo"}),
    "resolver_queries_per_million": frozenset({"queries"}),
}

#: Rates the catalog keeps per million while the Price List prices one query: prices are multiplied
#: by this and tier edges divided by it.
PER_UNIT_SCALE: dict[str, Decimal] = {"resolver_queries_per_million": Decimal(1_000_000)}

# One optional region prefix (upper-case letters and digits), then the base name, matched whole.
_USAGE_TYPE = re.compile(r"(?:(?P<prefix>[A-Z0-9]+)-)?(?P<base>.+)")


@dataclass(frozen=True)
class Product:
    """A Price List product, its attribute names lower-cased so JSON and CSV offers look alike."""

    sku: str
    family: str
    attributes: Mapping[str, str]


@dataclass(frozen=True)
class Match:
    """A product that prices one of pl-cost's rates in one region (`to_region`: inter-region's destination)."""

    region: str
    rate: str
    usage_type: str
    location: str | None
    to_region: str | None = None


def rate_for_usage_type(offer: str, usage_type: str) -> str | None:
    """The canonical rate a usage type prices in `offer`, or None (e.g. `NatGateway-Prvd-Bytes`)."""
    if offer == "AWSDataTransfer" and _INTER_REGION.fullmatch(usage_type):
        return INTER_REGION_RATE
    found = _USAGE_TYPE.fullmatch(usage_type)
    if found is None:
        return None
    rate = USAGE_RATES.get(offer, {}).get(found.group("base"))
    if rate in PREFIX_REQUIRED and found.group("prefix") is None:
        return None
    return rate


def units_for(rate: str) -> frozenset[str]:
    """The Price List units (lower case) the rate may be priced in."""
    if rate in PRICE_LIST_UNITS:
        return PRICE_LIST_UNITS[rate]
    return HOUR_UNITS if rate.endswith("_hour") else GB_UNITS


def unit_fits(rate: str, unit: str) -> bool:
    """Whether a Price List unit (`Hrs`, `GB`, `Queries`) is the one the rate is billed in."""
    return unit.strip().lower() in units_for(rate)


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
    usage_type = attrs.get("usagetype", "")
    rate = rate_for_usage_type(offer, usage_type)
    if rate is None:
        return None
    family = RATE_FAMILIES.get(rate)
    if family is not None and product.family != family:
        return None
    if any(attrs.get(key) != value for key, value in RATE_ATTRIBUTES.get(rate, {}).items()):
        return None
    # Outposts, Local Zones and Wavelength Zones have their own rows; only the Region's apply.
    for key in ("locationtype", "fromlocationtype", "tolocationtype"):
        if attrs.get(key, "AWS Region") != "AWS Region" and not _is_global(attrs):
            return None
    location = attrs.get("location") or attrs.get("fromlocation")
    if rate == INTER_REGION_RATE:
        source, target = _transfer_ends(attrs, locations)
        if source is None or target is None or source == target:
            return None
        return Match(region=source, rate=rate, usage_type=usage_type, location=location, to_region=target)
    if _is_global(attrs):
        region: str | None = GLOBAL
    else:
        region = _region_of(attrs, locations)
    if region is None or (region == GLOBAL) != (rate in GLOBAL_RATES):
        return None
    return Match(region=region, rate=rate, usage_type=usage_type, location=None if region == GLOBAL else location)


def _is_global(attrs: Mapping[str, str]) -> bool:
    return attrs.get("regioncode") == GLOBAL or (not attrs.get("regioncode") and attrs.get("location") == "Any")


def _transfer_ends(attrs: Mapping[str, str], locations: Mapping[str, str]) -> tuple[str | None, str | None]:
    source = attrs.get("fromregioncode") or locations.get(normalise_location(attrs.get("fromlocation", "")))
    target = attrs.get("toregioncode") or locations.get(normalise_location(attrs.get("tolocation", "")))
    return source, target


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
