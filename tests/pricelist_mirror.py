"""Write AWS Price List mirrors in the real URL layout, for the refresh tests and the benchmark.

A mirror is `ROOT/offers/v1.0/aws/<Offer>/current/region_index.json` plus the per-region files its
`currentVersionUrl` entries name. The figures in `FIGURES` are deliberately unlike the shipped
catalog's (0.0471, not 0.048), so a refresh that ignored its input would show.

The rows have the attributes real offers carry (productFamily, usagetype, operation, group, the
transfer's from/to region codes). Their usage types and operations come from AWS's billing-code
pages and Price List data seen in public projects: NLB rows are family `Load Balancer-Network`,
operation `LoadBalancing:Network`, beside ALB and GWLB rows with the same usage types; transit
gateway attachments share `TransitGateway-Hours/-Bytes` and differ by operation (`TransitGatewayVPC`,
`TransitGatewayPeering`); Route 53 Resolver rows are family `DNS Query` with a region prefix, beside
the global `HostedZone` and public `DNS-Queries` rows (location "Any") in the offer's global file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

SHARED_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "price-list"
CSV_FIXTURE = SHARED_FIXTURES / "amazonec2-nat-rows-20260904231117.csv"
LYFT_FIXTURE = SHARED_FIXTURES / "lyft-awspricing-ec2-offer-fixture-excerpt-2017.json"
GET_PRODUCTS_FIXTURE = SHARED_FIXTURES / "awscli-get-products-example-output.json"
#: Tests on AWS's real Price List excerpts read them from ../shared; without it they skip, saying why.
needs_shared_fixtures = pytest.mark.skipif(
    not SHARED_FIXTURES.is_dir(),
    reason="real Price List excerpts (../shared/fixtures) not checked out beside the repository",
)

VERSIONS = {
    "AmazonEC2": "20260925174521",
    "AmazonVPC": "20260917190528",
    "AWSDataTransfer": "20260920101500",
    "AWSELB": "20260911124544",
    "AmazonRoute53": "20260911090000",
}
PUBLISHED = {
    "AmazonEC2": "2026-09-25T17:45:21Z",
    "AmazonVPC": "2026-09-17T19:05:28Z",
    "AWSDataTransfer": "2026-09-20T10:15:00Z",
    "AWSELB": "2026-09-11T12:45:44Z",
    "AmazonRoute53": "2026-09-11T09:00:00Z",
}
REGION_NAMES = {
    "eu-west-1": "Europe (Ireland)",
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-2": "US West (Oregon)",
    "ap-southeast-7": "Asia Pacific (Thailand)",
}
#: The key a global service's region index uses for the file that holds its region-less products.
GLOBAL = "global"


@dataclass(frozen=True)
class Row:
    """One product and its OnDemand price: a flat `price`, or `tiers` as (up_to, price) with the last up_to None."""

    offer: str
    region: str
    sku: str
    usage_type: str
    unit: str
    price: str | None = None
    tiers: tuple[tuple[str | None, str], ...] | None = None
    family: str = "NAT Gateway"
    rate: str | None = None  # the pl-cost rate it should become (None: must be ignored)
    attributes: dict[str, str] = field(default_factory=dict)


def _nat(region: str, prefix: str, sku: str, kind: str, price: str, rate: str | None, **attrs: str) -> Row:
    unit = "Hrs" if kind.endswith("Hours") else "GB"
    return Row("AmazonEC2", region, sku, f"{prefix}{kind}", unit, price, rate=rate, attributes=attrs)


def _vpc(region: str, usage_type: str, sku: str, unit: str, rate: str | None, **kw: Any) -> Row:
    family = "VpcEndpoint" if "VpcEndpoint" in usage_type else "VPC Public IPv4 Address"
    if "VpcPeering" in usage_type:
        family = "Data Transfer"
    return Row("AmazonVPC", region, sku, usage_type, unit, family=family, rate=rate, **kw)


def _transfer(
    region: str, usage_type: str, sku: str, price: str, rate: str | None, to_region: str, kind: str = "IntraRegion"
) -> Row:
    attrs = {"fromRegionCode": region, "toRegionCode": to_region, "transferType": kind}
    if to_region == "External":
        attrs = {"fromRegionCode": region, "transferType": kind, "toLocation": "External", "toLocationType": "Other"}
    else:
        attrs["toLocation"] = REGION_NAMES.get(to_region, to_region)
        attrs["toLocationType"] = "AWS Region"
    return Row(
        "AWSDataTransfer", region, sku, usage_type, "GB", price, family="Data Transfer", rate=rate, attributes=attrs
    )


def inter_region_row(
    region: str, usage_type: str, sku: str, price: str, to_region: str, rate: str | None = "inter_region_gb"
) -> Row:
    """Transfer out to another region: one row per destination, priced by the destination."""
    return _transfer(region, usage_type, sku, price, rate, to_region, kind="InterRegion Outbound")


def _elb(region: str, usage_type: str, sku: str, unit: str, price: str, rate: str | None, kind: str = "Network") -> Row:
    group = {"Network": "ELB:Balancer", "Application": "ELB:Balancer", "Gateway": "ELB:Balancer"}[kind]
    attrs = {"operation": f"LoadBalancing:{kind}", "group": group}
    return Row(
        "AWSELB", region, sku, usage_type, unit, price, family=f"Load Balancer-{kind}", rate=rate, attributes=attrs
    )


def _tgw(region: str, usage_type: str, sku: str, unit: str, price: str, rate: str | None, operation: str) -> Row:
    attrs = {"operation": operation, "group": "AWSTransitGateway"}
    return Row("AmazonVPC", region, sku, usage_type, unit, price, family="Transit Gateway", rate=rate, attributes=attrs)


def _lattice(region: str, usage_type: str, sku: str, unit: str, price: str, rate: str | None) -> Row:
    return Row("AmazonVPC", region, sku, usage_type, unit, price, family="VPC Lattice", rate=rate)


def _route53(region: str, usage_type: str, sku: str, unit: str, rate: str | None, family: str, **kw: Any) -> Row:
    return Row("AmazonRoute53", region, sku, usage_type, unit, family=family, rate=rate, **kw)


#: Every row of the standard mirror: the rates it must give, and look-alikes it must ignore.
ROWS: tuple[Row, ...] = (
    # eu-west-1, AmazonEC2 (prefix EU)
    _nat("eu-west-1", "EU-", "EUNATHOURS000001", "NatGateway-Hours", "0.0471", "nat_gateway_hour"),
    _nat("eu-west-1", "EU-", "EUNATBYTES000002", "NatGateway-Bytes", "0.0472", "nat_gateway_gb"),
    _nat("eu-west-1", "EU-", "EUREGNATHRS00003", "RegionalNatGateway-Hours", "0.0473", "regional_nat_gateway_hour"),
    _nat("eu-west-1", "EU-", "EUREGNATBYT00004", "RegionalNatGateway-Bytes", "0.0474", "regional_nat_gateway_gb"),
    _nat("eu-west-1", "EU-", "EUNATPRVDHRS0005", "NatGateway-Prvd-Hours", "0.9100", None),
    _nat("eu-west-1", "EU-", "EUNATPRVDBYT0006", "NatGateway-Prvd-Bytes", "0.8200", None),
    _nat("eu-west-1", "EU-", "EUOUTPOSTNAT0007", "NatGateway-Hours", "0.7300", None, locationType="AWS Outposts"),
    # us-east-1, AmazonEC2: no prefix, except regional NAT bytes
    _nat("us-east-1", "", "USNATHOURS000011", "NatGateway-Hours", "0.0451", "nat_gateway_hour"),
    _nat("us-east-1", "", "USNATBYTES000012", "NatGateway-Bytes", "0.0452", "nat_gateway_gb"),
    _nat("us-east-1", "", "USREGNATHRS00013", "RegionalNatGateway-Hours", "0.0453", "regional_nat_gateway_hour"),
    _nat("us-east-1", "USE1-", "USREGNATBYT00014", "RegionalNatGateway-Bytes", "0.0454", "regional_nat_gateway_gb"),
    _nat("us-east-1", "", "USNATPRVDBYT0015", "NatGateway-Prvd-Bytes", "0.6600", None),
    # AmazonVPC
    _vpc("eu-west-1", "EU-VpcEndpoint-Hours", "EUVPCEHOURS00021", "Hrs", "interface_endpoint_hour", price="0.0111"),
    _vpc(
        "eu-west-1",
        "EU-VpcEndpoint-Bytes",
        "EUVPCEBYTES00022",
        "GB",
        "interface_endpoint_gb",
        tiers=(("1048576", "0.0101"), ("5242880", "0.0061"), (None, "0.0041")),
    ),
    _vpc("eu-west-1", "EU-VpcEndpoint-GWLBE-Hours", "EUGWLBEHRS000023", "Hrs", "gwlb_endpoint_hour", price="0.0112"),
    _vpc("eu-west-1", "EU-VpcEndpoint-GWLBE-Bytes", "EUGWLBEBYT000024", "GB", "gwlb_endpoint_gb", price="0.0043"),
    _vpc("eu-west-1", "EU-PublicIPv4:InUseAddress", "EUIPV4INUSE00025", "Hrs", "public_ipv4_hour", price="0.0051"),
    _vpc("eu-west-1", "EU-PublicIPv4:IdleAddress", "EUIPV4IDLE000026", "Hrs", None, price="0.0052"),
    _vpc("us-east-1", "USE1-VpcEndpoint-Hours", "USVPCEHOURS00031", "Hrs", "interface_endpoint_hour", price="0.0103"),
    _vpc(
        "us-east-1",
        "USE1-VpcEndpoint-Bytes",
        "USVPCEBYTES00032",
        "GB",
        "interface_endpoint_gb",
        tiers=(("1048576", "0.0093"), ("5242880", "0.0057"), (None, "0.0037")),
    ),
    _vpc("us-east-1", "USE1-PublicIPv4:InUseAddress", "USIPV4INUSE00035", "Hrs", "public_ipv4_hour", price="0.0049"),
    # AmazonVPC: Transit Gateway (VPC attachments; peering attachments share the usage types), Lattice, peering
    _tgw(
        "eu-west-1",
        "EU-TransitGateway-Hours",
        "EUTGWVPCHRS00051",
        "Hrs",
        "0.0501",
        "tgw_attachment_hour",
        "TransitGatewayVPC",
    ),
    _tgw("eu-west-1", "EU-TransitGateway-Bytes", "EUTGWVPCBYT00052", "GB", "0.0201", "tgw_gb", "TransitGatewayVPC"),
    _tgw("eu-west-1", "EU-TransitGateway-Hours", "EUTGWPEERHR00053", "Hrs", "0.0777", None, "TransitGatewayPeering"),
    _tgw("eu-west-1", "EU-TransitGateway-Bytes", "EUTGWPEERBY00054", "GB", "0.0000", None, "TransitGatewayPeering"),
    _lattice("eu-west-1", "EU-VPCLattice-Service-Hourly", "EULATTICEHRS0055", "Hrs", "0.0276", "lattice_service_hour"),
    _lattice("eu-west-1", "EU-VPCLattice-DataProcessing-Bytes", "EULATTICEGB00056", "GB", "0.0277", "lattice_gb"),
    _lattice("eu-west-1", "EU-VPCLattice-RequestCount-Free", "EULATTICEFREE057", "Requests", "0.0000", None),
    _vpc("eu-west-1", "EU-VpcPeering-Out-Bytes", "EUPEEROUTBYT0058", "GB", "vpc_peering_cross_az_gb", price="0.0103"),
    _vpc("eu-west-1", "EU-VpcPeering-In-Bytes", "EUPEERINBYTE0059", "GB", "vpc_peering_cross_az_gb", price="0.0103"),
    _tgw(
        "us-east-1",
        "USE1-TransitGateway-Hours",
        "USTGWVPCHRS00061",
        "Hrs",
        "0.0499",
        "tgw_attachment_hour",
        "TransitGatewayVPC",
    ),
    _tgw("us-east-1", "USE1-TransitGateway-Bytes", "USTGWVPCBYT00062", "GB", "0.0199", "tgw_gb", "TransitGatewayVPC"),
    # AWSDataTransfer
    _transfer("eu-west-1", "EU-DataTransfer-Regional-Bytes", "EUDTREGIONAL0041", "0.0102", "inter_az_gb", "eu-west-1"),
    inter_region_row("eu-west-1", "EU-USE1-AWS-Out-Bytes", "EUDTTOUSE100042", "0.0201", "us-east-1"),
    inter_region_row("eu-west-1", "EU-USE2-AWS-Out-Bytes", "EUDTTOUSE200044", "0.0201", "us-east-2"),
    inter_region_row("eu-west-1", "EU-USW2-AWS-Out-Bytes", "EUDTTOUSW200045", "0.0201", "us-west-2"),
    inter_region_row("eu-west-1", "EU-APS9-AWS-Out-Bytes", "EUDTTOAPS900046", "0.0801", "ap-southeast-7"),
    _transfer("eu-west-1", "EU-DataTransfer-Out-Bytes", "EUDTINTERNET0047", "0.0900", None, "External", "AWS Outbound"),
    _transfer(
        "us-east-1", "USE1-DataTransfer-Regional-Bytes", "USDTREGIONAL0043", "0.0099", "inter_az_gb", "us-east-1"
    ),
    inter_region_row("us-east-1", "USE1-EU-AWS-Out-Bytes", "USDTTOEU00000048", "0.0202", "eu-west-1"),
    inter_region_row("us-east-1", "USE1-USE2-AWS-Out-Bytes", "USDTTOUSE200049", "0.0102", "us-east-2"),
    inter_region_row("us-east-1", "USE1-USW2-AWS-Out-Bytes", "USDTTOUSW200050", "0.0202", "us-west-2"),
    # AWSELB: the NLB rows, and ALB / GWLB / trust-store / Outposts rows with the same usage types
    _elb("eu-west-1", "EU-LoadBalancerUsage", "EUNLBHOURS000071", "Hrs", "0.0253", "nlb_hour"),
    _elb("eu-west-1", "EU-LCUUsage", "EUNLBLCU00000072", "LCU-Hrs", "0.0061", "nlcu_hour"),
    _elb("eu-west-1", "EU-LoadBalancerUsage", "EUALBHOURS000073", "Hrs", "0.0252", None, kind="Application"),
    _elb("eu-west-1", "EU-LCUUsage", "EUALBLCU00000074", "LCU-Hrs", "0.0080", None, kind="Application"),
    _elb("eu-west-1", "EU-LoadBalancerUsage", "EUGWLBHOURS00075", "Hrs", "0.0140", None, kind="Gateway"),
    _elb("eu-west-1", "EU-TS-LoadBalancerUsage", "EUTRUSTSTORE0076", "Hrs", "0.0059", None, kind="Application"),
    Row(
        "AWSELB",
        "eu-west-1",
        "EUOUTPOSTNLB0077",
        "EU-Outposts-LoadBalancerUsage",
        "Hrs",
        "0.0300",
        family="Load Balancer-Network",
        attributes={"operation": "LoadBalancing:Network", "locationType": "AWS Outposts"},
    ),
    _elb("us-east-1", "LoadBalancerUsage", "USNLBHOURS000078", "Hrs", "0.0226", "nlb_hour"),
    _elb("us-east-1", "LCUUsage", "USNLBLCU00000079", "LCU-Hrs", "0.0062", "nlcu_hour"),
    # AmazonRoute53: Resolver in each region's file, hosted zones and public queries in the global file
    _route53(
        "eu-west-1",
        "EU-ResolverNetworkInterface",
        "EURESOLVERENI081",
        "Hrs",
        "resolver_endpoint_eni_hour",
        "DNS Query",
        price="0.1251",
    ),
    _route53(
        "eu-west-1",
        "EU-DNS-Queries",
        "EURESOLVERQRY082",
        "Queries",
        "resolver_queries_per_million",
        "DNS Query",
        tiers=(("1000000000", "0.00000041"), (None, "0.00000021")),
    ),
    _route53(
        "eu-west-1", "EU-DNS-FirewallQueries", "EUDNSFIREWALL083", "Queries", None, "DNS Query", price="0.0000006"
    ),
    _route53(
        "us-east-1",
        "USE1-ResolverNetworkInterface",
        "USRESOLVERENI084",
        "Hrs",
        "resolver_endpoint_eni_hour",
        "DNS Query",
        price="0.1249",
    ),
    _route53(
        GLOBAL,
        "HostedZone",
        "GLOBALHOSTEDZ085",
        "HostedZone",
        "route53_private_zone_month",
        "DNS Zone",
        tiers=(("25", "0.51"), (None, "0.11")),
    ),
    _route53(
        GLOBAL,
        "DNS-Queries",
        "GLOBALDNSQRY0086",
        "Queries",
        None,
        "DNS Query",
        tiers=(("1000000000", "0.0000004"), (None, "0.0000002")),
        attributes={"routingType": "Standard"},
    ),
)

#: The regions of the standard mirror.
MIRROR_REGIONS = ("eu-west-1", "us-east-1")

#: region -> rate -> the rows that must become it (global rows count for every region; inter-region
#: transfer has one row per destination).
FIGURES: dict[str, dict[str, list[Row]]] = {}
for _row in ROWS:
    if _row.rate is not None:
        for _region in MIRROR_REGIONS if _row.region == GLOBAL else (_row.region,):
            FIGURES.setdefault(_region, {}).setdefault(_row.rate, []).append(_row)


def product(row: Row, *, with_region_code: bool = True) -> dict[str, Any]:
    """A product entry as in a JSON offer's `products` map."""
    attrs: dict[str, str] = {
        "servicecode": row.offer,
        "location": "Any" if row.region == GLOBAL else REGION_NAMES.get(row.region, row.region),
        "locationType": "AWS Region",
        "usagetype": row.usage_type,
        "operation": _ec2_operation(row.usage_type) if row.offer == "AmazonEC2" else "",
    }
    if with_region_code and row.offer != "AWSDataTransfer" and row.region != GLOBAL:
        attrs["regionCode"] = row.region
    if row.offer == "AWSDataTransfer":
        attrs.pop("location")
        attrs.pop("locationType")
        attrs["fromLocation"] = REGION_NAMES.get(row.region, row.region)
        attrs["fromLocationType"] = "AWS Region"
    attrs.update(row.attributes)
    return {"sku": row.sku, "productFamily": row.family, "attributes": attrs}


def _ec2_operation(usage_type: str) -> str:
    return "RegionalNatGateway" if "RegionalNatGateway" in usage_type else "NatGateway"


def dimension(sku: str, code: str, index: int, begin: str, end: str, unit: str, usd: str) -> dict[str, Any]:
    """A `priceDimensions` entry; prices carry ten decimals as AWS writes them."""
    rate_code = f"{sku}.{code}.{index:010d}"
    return {
        "rateCode": rate_code,
        "description": f"${usd} per {unit}",
        "beginRange": begin,
        "endRange": end,
        "unit": unit,
        "pricePerUnit": {"USD": f"{float(usd):.10f}"},
        "appliesTo": [],
    }


def on_demand(row: Row, code: str = "JRTCKXETXF") -> dict[str, Any]:
    """The `terms.OnDemand[sku]` value for a row: one term, one dimension per tier."""
    bands = row.tiers if row.tiers is not None else ((None, row.price or "0"),)
    dims: dict[str, Any] = {}
    begin = "0"
    for index, (end, usd) in enumerate(bands):
        dim = dimension(row.sku, code, index, begin, end or "Inf", row.unit, usd)
        dims[dim["rateCode"]] = dim
        begin = end or begin
    term = {
        "offerTermCode": code,
        "sku": row.sku,
        "effectiveDate": "2026-09-01T00:00:00Z",
        "priceDimensions": dims,
        "termAttributes": {},
    }
    return {f"{row.sku}.{code}": term}


def filler_product(sku: str, region: str) -> dict[str, Any]:
    """An EC2 instance product: what almost all of a real AmazonEC2 file is (about 30 attributes)."""
    attrs = {
        "servicecode": "AmazonEC2",
        "location": REGION_NAMES.get(region, region),
        "locationType": "AWS Region",
        "instanceType": "m5.large",
        "currentGeneration": "Yes",
        "instanceFamily": "General purpose",
        "vcpu": "2",
        "physicalProcessor": "Intel Xeon Platinum 8175",
        "clockSpeed": "3.1 GHz",
        "memory": "8 GiB",
        "storage": "EBS only",
        "networkPerformance": "Up to 10 Gigabit",
        "processorArchitecture": "64-bit",
        "tenancy": "Shared",
        "operatingSystem": "Linux",
        "licenseModel": "No License required",
        "usagetype": "EU-BoxUsage:m5.large",
        "operation": "RunInstances",
        "availabilityzone": "NA",
        "capacitystatus": "Used",
        "classicnetworkingsupport": "false",
        "dedicatedEbsThroughput": "Up to 2120 Mbps",
        "ecu": "10",
        "enhancedNetworkingSupported": "Yes",
        "gpuMemory": "NA",
        "intelAvxAvailable": "Yes",
        "intelTurboAvailable": "Yes",
        "marketoption": "OnDemand",
        "normalizationSizeFactor": "4",
        "preInstalledSw": "NA",
        "processorFeatures": "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo",
        "regionCode": region,
        "servicename": "Amazon Elastic Compute Cloud",
        "vpcnetworkingsupport": "true",
    }
    return {"sku": sku, "productFamily": "Compute Instance", "attributes": attrs}


def offer_document(
    offer: str,
    products: dict[str, Any],
    terms: dict[str, Any],
    reserved: dict[str, Any] | None = None,
    *,
    version: str | None = None,
    published: str | None = None,
) -> dict[str, Any]:
    """A per-region offer file, keys in AWS's order (metadata, products, terms)."""
    doc: dict[str, Any] = {
        "formatVersion": "v1.0",
        "disclaimer": "This pricing list is for informational purposes only.",
        "offerCode": offer,
        "version": version or VERSIONS[offer],
        "publicationDate": published or PUBLISHED[offer],
        "products": products,
        "terms": {"OnDemand": terms, "Reserved": reserved or {}},
    }
    return doc


def region_file_path(offer: str, region: str, *, version: str | None = None, ext: str = "json") -> str:
    """The URL path a region index names for one region's file."""
    return f"/offers/v1.0/aws/{offer}/{version or VERSIONS[offer]}/{region}/index.{ext}"


def write_region_index(root: Path, offer: str, files: dict[str, str]) -> Path:
    """`region_index.json` for an offer, naming `files` (region -> URL path)."""
    path = root / "offers" / "v1.0" / "aws" / offer / "current" / "region_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    regions = {code: {"regionCode": code, "currentVersionUrl": url} for code, url in files.items()}
    index = {"formatVersion": "v1.0", "publicationDate": PUBLISHED[offer], "regions": regions}
    path.write_text(json.dumps(index, indent=2), encoding="utf-8")
    return path


def local_path(root: Path, url_path: str) -> Path:
    """Where a URL path lives in the mirror."""
    return root.joinpath(*url_path.strip("/").split("/"))


def write_file(root: Path, url_path: str, content: str | bytes) -> Path:
    """Write one mirror file at its URL path."""
    path = local_path(root, url_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def rows_document(offer: str, rows: Iterable[Row], fillers: int = 0, region: str = "eu-west-1") -> dict[str, Any]:
    """A JSON offer with `rows` (plus `fillers` irrelevant instance products with Reserved terms)."""
    products: dict[str, Any] = {}
    terms: dict[str, Any] = {}
    reserved: dict[str, Any] = {}
    for i in range(fillers):
        sku = f"FILLER{i:010d}"
        products[sku] = filler_product(sku, region)
        filler = Row(offer, region, sku, "EU-BoxUsage:m5.large", "Hrs", "0.107")
        terms[sku] = on_demand(filler)
        reserved[sku] = on_demand(filler, "4NA7Y494T4")
    for row in rows:
        products[row.sku] = product(row)
        terms[row.sku] = on_demand(row)
    return offer_document(offer, products, terms, reserved)


def write_standard_mirror(root: Path, regions: Iterable[str] = MIRROR_REGIONS) -> dict[str, Path]:
    """The mirror the tests share: `ROWS` for each offer and region, and Route 53's global file.

    Returns URL path -> local file.
    """
    written: dict[str, Path] = {}
    for offer in VERSIONS:
        index: dict[str, str] = {}
        global_rows = [r for r in ROWS if r.offer == offer and r.region == GLOBAL]
        for region in [*regions, *([GLOBAL] if global_rows else [])]:
            url = region_file_path(offer, region)
            rows = [r for r in ROWS if r.offer == offer and r.region == region]
            doc = rows_document(offer, rows, fillers=3 if offer == "AmazonEC2" else 0, region=region)
            written[url] = write_file(root, url, json.dumps(doc, indent=2))
            index[region] = url
        write_region_index(root, offer, index)
    return written


def write_empty_indexes(root: Path, offers: Iterable[str]) -> None:
    """Region indexes that list no file, for mirrors that test one offer alone."""
    for offer in offers:
        write_region_index(root, offer, {})
