"""Build a pl-cost catalog from the AWS Price List bulk offer files (`pl-cost pricing refresh`).

`refresh_catalog` reads AmazonEC2 (NAT gateways), AmazonVPC (endpoints, public IPv4, Transit Gateway,
VPC Lattice, peering), AWSDataTransfer (inter-AZ, inter-region), AWSELB (Network Load Balancers) and
AmazonRoute53 (hosted zones, Resolver) from a local mirror of the Price List URL layout or from AWS's public
Price List host, streams the large per-region files, writes the catalog atomically and returns a
`RefreshReport`.
"""

from pl_cost.pricelist.offer import PriceListError
from pl_cost.pricelist.refresh import build_catalog, catalog_text, default_output_path, refresh_catalog
from pl_cost.pricelist.report import (
    RateChange,
    RefreshReport,
    change_lines,
)
from pl_cost.pricelist.source import PRICE_LIST_HOST, MirrorSource, OnlineSource, region_index_path

__all__ = [
    "PRICE_LIST_HOST",
    "MirrorSource",
    "OnlineSource",
    "PriceListError",
    "RateChange",
    "RefreshReport",
    "build_catalog",
    "catalog_text",
    "change_lines",
    "default_output_path",
    "refresh_catalog",
    "region_index_path",
]
