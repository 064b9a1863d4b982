"""`pl-cost pricing refresh`: catalogs built from AWS Price List mirrors the tests write (no network)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pl_cost.catalog import RATE_UNITS, Rate, load_catalog, shipped_catalog_path
from pl_cost.cli import main
from pl_cost.errors import UnknownRegionError
from pl_cost.pricelist import PRICE_LIST_HOST, PriceListError, RefreshReport, refresh_catalog
from pl_cost.pricelist.offer import FileSource, OfferFile, PriceDimension, Term, lower_keys, terms_from_json
from pl_cost.pricelist.rates import UnusablePrice, region_rates, term_price
from pl_cost.pricelist.rules import Product, match_product, rate_for_usage_type
from tests import pricelist_mirror as mirror

HOURS = Decimal(730)


@pytest.fixture
def mirror_dir(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    mirror.write_standard_mirror(root)
    return root


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process as the console script would: (exit code, stdout, stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def expected_price(row: mirror.Row) -> Decimal:
    assert row.price is not None
    return Decimal(row.price)


MILLION = Decimal(1_000_000)
PER_MILLION = {"resolver_queries_per_million"}


def expected_shape(rate: str, row: mirror.Row) -> list[tuple[Decimal | None, Decimal]]:
    """The row's prices as catalog tiers (one open band when flat), per million where the rate says so."""
    bands = row.tiers if row.tiers is not None else ((None, row.price or ""),)
    scale = MILLION if rate in PER_MILLION else Decimal(1)
    return [(None if e is None else Decimal(e) / scale, Decimal(p) * scale) for e, p in bands]


def majority_row(rows: list[mirror.Row]) -> tuple[mirror.Row, int]:
    """Inter-region: the row to the first destination (by code) at the price most destinations get."""
    counts = Counter(r.price for r in rows)
    price, count = counts.most_common(1)[0]
    first = min((r for r in rows if r.price == price), key=lambda r: r.attributes["toRegionCode"])
    return first, count


def rate_shape_of(rate: Rate) -> list[tuple[Decimal | None, Decimal]]:
    return [(t.up_to, t.price) for t in rate.tier_list()]


# -- what a refresh reads --------------------------------------------------------------------------


def test_every_rate_comes_from_the_mirror_with_its_source(mirror_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "catalog.json"
    report = refresh_catalog(mirror_dir, output=out)
    catalog = load_catalog(out)
    assert set(catalog.regions) == set(mirror.FIGURES)  # the global file is no region
    from pl_cost.pricelist.refresh import LEARNED

    for region, rates in mirror.FIGURES.items():
        assert {n for n in catalog.regions[region].rates if n in LEARNED} == set(rates)
        for name, rows in rates.items():
            rate = catalog.rate(region, name)
            assert rate.unit == RATE_UNITS[name]
            if name == "inter_region_gb":
                row, _ = majority_row(rows)
                prefix = row.usage_type.split("-")[0]
                assert rate.usage_type.startswith(f"{prefix}-<destination prefix>-AWS-Out-Bytes")
            else:
                row = min(rows, key=lambda r: r.sku)  # several SKUs at one price: the first is named
                assert rate.usage_type == row.usage_type
                assert rate_shape_of(rate) == expected_shape(name, row)
            url = mirror.region_file_path(row.offer, row.region)
            assert rate.source.startswith(
                f"AWS Price List, offer {row.offer} version {mirror.VERSIONS[row.offer]}, {url}, SKU {row.sku}"
            )
            assert rate.source_date == date.fromisoformat(mirror.PUBLISHED[row.offer][:10])
            assert rate.verified is True
    assert report.rates_found == sum(len(r) for r in mirror.FIGURES.values())
    assert report.warnings == []
    assert catalog.snapshot_date == date(2026, 9, 25)
    assert report.bytes_read == sum(p.stat().st_size for p in mirror_dir.rglob("index.json"))
    assert report.mb_per_s >= 0 and report.seconds > 0


def test_us_east_1_usage_types_and_regional_bytes_are_not_confused(mirror_dir: Path, tmp_path: Path) -> None:
    refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    east = load_catalog(tmp_path / "c.json").regions["us-east-1"].rates
    assert east["nat_gateway_hour"].usage_type == "NatGateway-Hours"
    assert (east["nat_gateway_gb"].usage_type, east["nat_gateway_gb"].price) == ("NatGateway-Bytes", Decimal("0.0452"))
    regional = east["regional_nat_gateway_gb"]
    assert (regional.usage_type, regional.price) == ("USE1-RegionalNatGateway-Bytes", Decimal("0.0454"))


def test_provisioned_outposts_and_idle_rows_are_ignored(mirror_dir: Path, tmp_path: Path) -> None:
    report = refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    west = load_catalog(tmp_path / "c.json").regions["eu-west-1"].rates
    assert west["nat_gateway_hour"].price == Decimal("0.0471")  # not Prvd 0.91 nor Outposts 0.73
    assert west["nat_gateway_gb"].price == Decimal("0.0472")  # not Prvd 0.82
    assert west["public_ipv4_hour"].price == Decimal("0.0051")  # not the idle address 0.0052
    assert report.warnings == []


def only_row(region: str, rate: str) -> mirror.Row:
    [row] = mirror.FIGURES[region][rate]
    return row


def test_network_load_balancer_rows_are_told_from_alb_gwlb_and_trust_stores(mirror_dir: Path, tmp_path: Path) -> None:
    refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    catalog = load_catalog(tmp_path / "c.json")
    for region in ("eu-west-1", "us-east-1"):
        for name in ("nlb_hour", "nlcu_hour"):
            row = only_row(region, name)
            assert (row.family, row.attributes["operation"]) == ("Load Balancer-Network", "LoadBalancing:Network")
            assert catalog.rate(region, name).price == expected_price(row)
    # Same usage types, other products: ALB 0.0252 / 0.008, GWLB 0.014, trust store 0.0059, Outposts 0.03.
    assert catalog.rate("eu-west-1", "nlb_hour").price == Decimal("0.0253")
    assert catalog.rate("us-east-1", "nlb_hour").usage_type == "LoadBalancerUsage"  # no prefix in us-east-1


def test_transit_gateway_takes_vpc_attachments_not_peering(mirror_dir: Path, tmp_path: Path) -> None:
    refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    west = load_catalog(tmp_path / "c.json").regions["eu-west-1"].rates
    for name in ("tgw_attachment_hour", "tgw_gb"):
        row = only_row("eu-west-1", name)
        assert row.attributes["operation"] == "TransitGatewayVPC"
        assert west[name].price == expected_price(row)
    # The peering attachment rows share both usage types (0.0777 an hour, 0 per GB): not the rate.
    peering = [r for r in mirror.ROWS if r.attributes.get("operation") == "TransitGatewayPeering"]
    assert {r.usage_type for r in peering} == {west["tgw_attachment_hour"].usage_type, west["tgw_gb"].usage_type}


def test_resolver_queries_are_priced_per_million_and_public_queries_ignored(mirror_dir: Path, tmp_path: Path) -> None:
    report = refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    rate = load_catalog(tmp_path / "c.json").rate("eu-west-1", "resolver_queries_per_million")
    row = only_row("eu-west-1", "resolver_queries_per_million")
    assert row.tiers is not None
    (edge, first), (_, above) = row.tiers
    assert edge is not None
    # A billion queries is 1,000 million; $0.00000041 a query is $0.41 a million.
    assert rate_shape_of(rate) == [
        (Decimal(edge) / MILLION, Decimal(first) * MILLION),
        (None, Decimal(above) * MILLION),
    ]
    assert rate.tiers is not None and rate.tiers[0].up_to == Decimal(1000)
    assert rate.note is not None and "1,000,000" in rate.note
    # us-east-1's file has no Resolver query row, and the global public DNS-Queries row is not one.
    assert "resolver_queries_per_million" not in load_catalog(tmp_path / "c.json").regions["us-east-1"].rates
    assert report.warnings == []


def test_hosted_zones_come_from_the_global_file_for_every_region(mirror_dir: Path, tmp_path: Path) -> None:
    report = refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    catalog = load_catalog(tmp_path / "c.json")
    [row] = [r for r in mirror.ROWS if r.rate == "route53_private_zone_month"]
    assert row.region == mirror.GLOBAL
    for region in mirror.MIRROR_REGIONS:
        rate = catalog.rate(region, "route53_private_zone_month")
        assert rate_shape_of(rate) == expected_shape("route53_private_zone_month", row)
        assert mirror.region_file_path("AmazonRoute53", mirror.GLOBAL) in rate.source
    assert mirror.GLOBAL not in catalog.regions
    assert mirror.GLOBAL not in {r.region for r in report.regions}
    assert catalog.regions["eu-west-1"].name == mirror.REGION_NAMES["eu-west-1"]  # not "Any"


def test_a_global_product_with_a_global_region_code_is_global() -> None:
    attrs = lower_keys({"usagetype": "HostedZone", "regionCode": "global", "locationType": "AWS Region"})
    found = match_product("AmazonRoute53", Product("Z", "DNS Zone", attrs), {})
    assert found is not None and (found.region, found.rate) == ("global", "route53_private_zone_month")
    # A region's Resolver row is never global, and a hosted zone is never one region's.
    regional = lower_keys({"usagetype": "HostedZone", "regionCode": "eu-west-1", "locationType": "AWS Region"})
    assert match_product("AmazonRoute53", Product("Z", "DNS Zone", regional), {}) is None


def test_inter_region_figure_is_the_price_to_most_destinations(mirror_dir: Path, tmp_path: Path) -> None:
    refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    catalog = load_catalog(tmp_path / "c.json")
    for region in mirror.MIRROR_REGIONS:
        rows = mirror.FIGURES[region]["inter_region_gb"]
        row, count = majority_row(rows)
        rate = catalog.rate(region, "inter_region_gb")
        assert rate.price == expected_price(row) and rate.note is not None
        assert f"applies to {count} of the {len(rows)} destination regions" in rate.note
        for other in rows:
            destination = other.attributes["toRegionCode"]
            if other.price != row.price:
                assert f"{destination} {Decimal(other.price or '').normalize()}" in rate.note
    # The internet (AWS Outbound) and Local Zone rows are not inter-region transfer.
    assert catalog.rate("eu-west-1", "inter_region_gb").price == Decimal("0.0201")


def test_inter_region_without_a_majority_is_left_out(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    mirror.write_standard_mirror(root)
    rows = [r for r in mirror.ROWS if r.offer == "AWSDataTransfer" and r.region == "eu-west-1"]
    rows = [r for r in rows if r.rate != "inter_region_gb"]
    rows += [
        mirror.inter_region_row("eu-west-1", "EU-USE1-AWS-Out-Bytes", "SPLIT00000000001", "0.02", "us-east-1"),
        mirror.inter_region_row("eu-west-1", "EU-USE2-AWS-Out-Bytes", "SPLIT00000000002", "0.02", "us-east-2"),
        mirror.inter_region_row("eu-west-1", "EU-APS9-AWS-Out-Bytes", "SPLIT00000000003", "0.08", "ap-southeast-7"),
        mirror.inter_region_row("eu-west-1", "EU-USW2-AWS-Out-Bytes", "SPLIT00000000004", "0.08", "us-west-2"),
        mirror.Row(
            "AWSDataTransfer", "eu-west-1", "LOCALZONE0000005", "EU-LAX1-AWS-Out-Bytes", "GB", "0.02",
            family="Data Transfer",
            attributes={"transferType": "InterRegion Outbound", "fromRegionCode": "eu-west-1",
                        "toRegionCode": "us-west-2-lax-1", "toLocationType": "AWS Local Zone"},
        ),
    ]  # fmt: skip
    doc = mirror.rows_document("AWSDataTransfer", rows)
    mirror.write_file(root, mirror.region_file_path("AWSDataTransfer", "eu-west-1"), json.dumps(doc))
    report = refresh_catalog(root, output=tmp_path / "c.json")
    assert "inter_region_gb" not in load_catalog(tmp_path / "c.json").regions["eu-west-1"].rates
    [warning] = [w for w in report.warnings if "inter_region_gb" in w]
    assert "no price covers most of the 4 destinations" in warning  # the Local Zone is not a destination


def test_rates_without_a_published_usage_type_are_kept_from_the_catalog_in_use(
    mirror_dir: Path, tmp_path: Path
) -> None:
    """Billed Lattice requests and Route 53 Profiles have no known usage type: never guessed from the Price
    List, and kept as the catalog in use has them (source and date unchanged) instead of dropped."""
    from pl_cost.pricelist.refresh import LEARNED

    refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    written, shipped = load_catalog(tmp_path / "c.json"), load_catalog()
    for region, prices in written.regions.items():
        for name in set(shipped.regions[region].rates) - LEARNED:
            assert prices.rates[name] == shipped.regions[region].rates[name], (region, name)
    # The free-requests row (price 0) never becomes the request price: the kept rate is the shipped one.
    kept = written.regions["eu-west-1"].rates.get("lattice_requests_per_million")
    assert kept is None or kept.price == shipped.regions["eu-west-1"].rates["lattice_requests_per_million"].price


@given(prices=st.lists(st.sampled_from(["0.01", "0.02", "0.08", "0.14"]), min_size=1, max_size=9))
def test_inter_region_figure_property(prices: list[str]) -> None:
    """Any spread of destination prices: a figure only for a strict majority, and every exception named."""
    rows = [
        mirror.inter_region_row("eu-west-1", f"EU-D{i}-AWS-Out-Bytes", f"SKU{i:013d}", price, f"xx-dest-{i}")
        for i, price in enumerate(prices)
    ]
    offer = OfferFile(FileSource("AWSDataTransfer", "eu-west-1", "/x/index.json", "x"), "1", date(2026, 1, 1))
    for row in rows:
        found = match_product(
            "AWSDataTransfer", Product(row.sku, row.family, lower_keys(mirror.product(row)["attributes"])), {}
        )
        assert found is not None
        offer.matches[row.sku] = found
        offer.terms[row.sku] = terms_from_json(mirror.on_demand(row), row.sku, "x")
    rate = region_rates("eu-west-1", [offer]).rates.get("inter_region_gb")
    top, count = Counter(prices).most_common(1)[0]
    if count * 2 > len(prices):
        assert rate is not None and rate.price == Decimal(top) and rate.note is not None
        for i, price in enumerate(prices):
            assert (f"xx-dest-{i} {Decimal(price).normalize()}" in rate.note) == (price != top)
            # Bytes to each destination are priced at that destination's own figure.
            assert rate.to(f"xx-dest-{i}", "eu-west-1", "inter_region_gb").price == Decimal(price)
    else:
        assert rate is None


@pytest.mark.parametrize(
    ("offer", "usage_type", "rate"),
    [
        ("AmazonEC2", "NatGateway-Bytes", "nat_gateway_gb"),
        ("AmazonEC2", "USE1-RegionalNatGateway-Bytes", "regional_nat_gateway_gb"),
        ("AmazonEC2", "RegionalNatGateway-Hours", "regional_nat_gateway_hour"),
        ("AmazonEC2", "APS3-NatGateway-Hours", "nat_gateway_hour"),
        ("AmazonEC2", "EU-NatGateway-Prvd-Bytes", None),
        ("AmazonEC2", "EU-VpcEndpoint-Hours", None),
        ("AmazonVPC", "EU-VpcEndpoint-GWLBE-Bytes", "gwlb_endpoint_gb"),
        ("AmazonVPC", "USE1-PublicIPv4:InUseAddress", "public_ipv4_hour"),
        ("AmazonVPC", "USE1-PublicIPv4:IdleAddress", None),
        ("AWSDataTransfer", "EUW2-DataTransfer-Regional-Bytes", "inter_az_gb"),
        ("AWSDataTransfer", "EU-USE1-AWS-Out-Bytes", "inter_region_gb"),
        ("AWSDataTransfer", "EU-USE1-AWS-In-Bytes", None),
        ("AWSDataTransfer", "USE1-DataTransfer-Out-Bytes", None),
        ("AmazonEC2", "USW2-LAX1-NatGateway-Hours", None),  # a Local Zone: one region prefix only
        ("AWSELB", "LoadBalancerUsage", "nlb_hour"),
        ("AWSELB", "EUW2-LCUUsage", "nlcu_hour"),
        ("AWSELB", "USW2-TS-LoadBalancerUsage", None),
        ("AWSELB", "EU-Outposts-LCUUsage", None),
        ("AWSELB", "EU-ReservedLCUUsage", None),
        ("AmazonVPC", "USE1-TransitGateway-Hours", "tgw_attachment_hour"),
        ("AmazonVPC", "USE1-TGW-Multicast-Consumer-Bytes", None),
        ("AmazonVPC", "USE1-VPCLattice-Service-Hourly", "lattice_service_hour"),
        ("AmazonVPC", "USE1-VPCLattice-RequestCount-Free", None),
        ("AmazonVPC", "USE1-VpcPeering-In-Bytes", "vpc_peering_cross_az_gb"),
        ("AmazonRoute53", "HostedZone", "route53_private_zone_month"),
        ("AmazonRoute53", "USE1-DNS-Queries", "resolver_queries_per_million"),
        ("AmazonRoute53", "DNS-Queries", None),  # public hosted-zone queries, not Resolver's
        ("AmazonRoute53", "Intra-AWS-DNS-Queries", None),
        ("AmazonRoute53", "USE1-DNS-FirewallQueries", None),
        ("AmazonRoute53", "APN1-ResolverNetworkInterface", "resolver_endpoint_eni_hour"),
        ("AmazonRoute53", "ResolverNetworkInterface", None),
    ],
)
def test_usage_types(offer: str, usage_type: str, rate: str | None) -> None:
    assert rate_for_usage_type(offer, usage_type) == rate


def test_region_comes_from_region_code_not_the_prefix() -> None:
    # A product whose prefix says EU but whose regionCode says eu-west-2 belongs to eu-west-2.
    attrs = lower_keys({"usagetype": "EU-NatGateway-Hours", "regionCode": "eu-west-2", "locationType": "AWS Region"})
    found = match_product("AmazonEC2", Product("X", "NAT Gateway", attrs), {})
    assert found is not None and found.region == "eu-west-2"
    assert match_product("AmazonEC2", Product("X", "Compute Instance", attrs), {}) is None


def test_changes_against_the_shipped_catalog(mirror_dir: Path, tmp_path: Path) -> None:
    """Expectations come from whatever the shipped catalog holds today."""
    from pl_cost.pricelist.refresh import LEARNED

    shipped = load_catalog()
    report = refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    written = load_catalog(tmp_path / "c.json")
    changes = {(c.region, c.rate): c for c in report.changes}
    for region in mirror.FIGURES:
        before = shipped.regions[region].rates if region in shipped.regions else {}
        after = mirror.FIGURES[region]
        assert {r for (g, r), c in changes.items() if g == region and c.change == "added"} == set(after) - set(before)
        # Rates a refresh cannot learn are kept from the catalog in use, so they are never "removed".
        gone = {r for r in set(before) - set(after) if r in LEARNED}
        assert {r for (g, r), c in changes.items() if g == region and c.change == "removed"} == gone
        for name in set(before) & set(after):
            old, new = before[name], written.regions[region].rates[name]
            if rate_shape_of(old) != rate_shape_of(new):
                assert changes[(region, name)].change == "changed"
            else:
                assert (region, name) not in changes


def write_catalog_file(path: Path, rates: dict[str, dict[str, str]]) -> Path:
    """A hand-made catalog (region -> rate -> price) to compare a refresh with."""
    regions = {
        region: {
            "name": region,
            "rates": {
                name: {
                    "unit": RATE_UNITS[name],
                    "usage_type": "X",
                    "price": price,
                    "source": "test",
                    "source_date": "2026-01-01",
                }
                for name, price in prices.items()
            },
        }
        for region, prices in rates.items()
    }
    doc = {"schema_version": 1, "currency": "USD", "snapshot_date": "2026-01-01", "regions": regions}
    path.write_text(json.dumps(doc))
    return path


def test_no_changes_against_the_catalog_just_written(mirror_dir: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    refresh_catalog(mirror_dir, output=first)
    again = refresh_catalog(mirror_dir, output=tmp_path / "second.json", catalog=first)
    assert again.changes == []
    assert again.compared_with == str(first)


def test_regions_limit_the_catalog(mirror_dir: Path, tmp_path: Path) -> None:
    report = refresh_catalog(mirror_dir, regions="eu-west-1", output=tmp_path / "c.json")
    written = load_catalog(tmp_path / "c.json")
    shipped = load_catalog()
    # The named region is refreshed; every other region is kept as it was in the catalog in use.
    assert set(written.regions) == set(shipped.regions)
    assert written.regions["us-east-1"] == shipped.regions["us-east-1"]
    assert written.regions["eu-west-1"] != shipped.regions["eu-west-1"]
    assert [r.region for r in report.regions] == ["eu-west-1"]
    assert {c.region for c in report.changes} == {"eu-west-1"}
    with pytest.raises(UnknownRegionError, match="ap-south-9"):
        refresh_catalog(mirror_dir, regions="eu-west-1,ap-south-9", output=tmp_path / "d.json")
    assert not (tmp_path / "d.json").exists()


def test_a_rate_the_price_list_gives_twice_differently_is_left_out(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    mirror.write_standard_mirror(root)
    rows = [r for r in mirror.ROWS if r.offer == "AmazonVPC" and r.region == "eu-west-1"]
    twin_same = mirror.Row("AmazonVPC", "eu-west-1", "EUVPCEHOURSTWIN1", "EU-VpcEndpoint-Hours", "Hrs", "0.0111")
    twin_other = mirror.Row("AmazonVPC", "eu-west-1", "EUIPV4TWIN000002", "EU-PublicIPv4:InUseAddress", "Hrs", "0.006")
    doc = mirror.rows_document("AmazonVPC", [*rows, twin_same, twin_other])
    mirror.write_file(root, mirror.region_file_path("AmazonVPC", "eu-west-1"), json.dumps(doc))
    report = refresh_catalog(root, output=tmp_path / "c.json")
    west = load_catalog(tmp_path / "c.json").regions["eu-west-1"].rates
    assert west["interface_endpoint_hour"].price == Decimal("0.0111")  # two SKUs, one price: kept
    assert "public_ipv4_hour" not in west  # two SKUs, two prices: never guessed
    assert any("public_ipv4_hour" in w and "different prices" in w for w in report.warnings)


# -- real excerpts ---------------------------------------------------------------------------------


@mirror.needs_shared_fixtures
def test_csv_offer_file_from_the_real_excerpt(tmp_path: Path) -> None:
    from pl_cost.pricelist.refresh import LEARNED

    root = tmp_path / "mirror"
    version = "20260904231117"
    files = {}
    for region in ("eu-west-2", "us-east-1"):
        url = mirror.region_file_path("AmazonEC2", region, version=version, ext="csv")
        mirror.write_file(root, url, mirror.CSV_FIXTURE.read_bytes())
        files[region] = url
    mirror.write_region_index(root, "AmazonEC2", files)
    mirror.write_empty_indexes(root, [offer for offer in mirror.VERSIONS if offer != "AmazonEC2"])
    report = refresh_catalog(root, output=tmp_path / "c.json")
    catalog = load_catalog(tmp_path / "c.json")
    learned = {
        code: {n: r for n, r in region.rates.items() if n in LEARNED} for code, region in catalog.regions.items()
    }
    london, virginia = learned["eu-west-2"], learned["us-east-1"]
    # The excerpt's rows, value for value: each region takes only its own rows.
    assert {n: r.price for n, r in london.items()} == {
        "nat_gateway_hour": Decimal("0.05"),
        "nat_gateway_gb": Decimal("0.05"),
        "regional_nat_gateway_hour": Decimal("0.05"),
    }
    assert {n: r.price for n, r in virginia.items()} == {
        "nat_gateway_hour": Decimal("0.045"),
        "regional_nat_gateway_hour": Decimal("0.045"),
    }
    hour = virginia["nat_gateway_hour"]
    assert hour.usage_type == "NatGateway-Hours"
    assert hour.source == (
        f"AWS Price List, offer AmazonEC2 version {version} (CSV), {files['us-east-1']}, SKU M2YSHUBETB3JX4M4"
    )
    assert hour.source_date == date(2026, 9, 4) and hour.verified
    assert london["nat_gateway_gb"].source.endswith("SKU ZECE57EY4F96YNAQ")
    assert report.offers[0].versions == [version]


@mirror.needs_shared_fixtures
def test_old_offer_without_region_codes_from_the_2017_excerpt(tmp_path: Path) -> None:
    """The lyft excerpt: a provisioned-bandwidth NAT row (ignored) and a two-tier Elastic IP price."""
    root = tmp_path / "mirror"
    mirror.write_standard_mirror(root, regions=("eu-west-1",))
    ec2 = mirror.region_file_path("AmazonEC2", "eu-west-1", version="20161213014831")
    mirror.write_file(root, ec2, mirror.LYFT_FIXTURE.read_bytes())
    mirror.write_region_index(root, "AmazonEC2", {"eu-west-1": ec2})
    report = refresh_catalog(root, output=tmp_path / "c.json")
    west = load_catalog(tmp_path / "c.json").regions["eu-west-1"].rates
    assert not {"nat_gateway_hour", "nat_gateway_gb"} & set(west)  # only a Prvd row: nothing invented
    assert west["interface_endpoint_hour"].price == Decimal("0.0111")  # the other offers still count
    ec2_read = report.offers[0]
    assert (ec2_read.versions, ec2_read.publication_date) == (["20161213014831"], date(2016, 12, 13))


@mirror.needs_shared_fixtures
def test_two_tier_price_of_the_2017_excerpt() -> None:
    raw = json.loads(mirror.LYFT_FIXTURE.read_text())
    [term] = terms_from_json(raw["terms"]["OnDemand"]["NDET67BXTNJGSGN2"], "NDET67BXTNJGSGN2", "lyft")
    assert term_price(term, "public_ipv4_hour") == ((Decimal(1), Decimal(0)), (None, Decimal("0.005")))
    with pytest.raises(UnusablePrice, match="per 'Hrs'"):
        term_price(term, "nat_gateway_gb")


def test_old_offer_location_maps_to_region(tmp_path: Path) -> None:
    """Offers from before regionCode: the location's name (EU (Ireland)) picks the region."""
    root = tmp_path / "mirror"
    mirror.write_standard_mirror(root, regions=("eu-west-1",))
    here = mirror.Row("AmazonEC2", "eu-west-1", "OLDNATHOURS00001", "EU-NatGateway-Hours", "Hrs", "0.0479")
    there = mirror.Row("AmazonEC2", "us-east-1", "OLDNATHOURS00002", "NatGateway-Hours", "Hrs", "0.0449")
    products = {
        here.sku: mirror.product(here, with_region_code=False),
        there.sku: mirror.product(there, with_region_code=False),
    }
    products[here.sku]["attributes"]["location"] = "EU (Ireland)"
    terms = {here.sku: mirror.on_demand(here), there.sku: mirror.on_demand(there)}
    doc = mirror.offer_document("AmazonEC2", products, terms)
    del doc["publicationDate"]
    mirror.write_file(root, mirror.region_file_path("AmazonEC2", "eu-west-1"), json.dumps(doc))
    refresh_catalog(root, output=tmp_path / "c.json")
    west = load_catalog(tmp_path / "c.json").regions["eu-west-1"].rates
    assert west["nat_gateway_hour"].price == Decimal("0.0479")
    assert west["nat_gateway_hour"].source_date == date(2026, 9, 25)  # from the version, 20260925...


@mirror.needs_shared_fixtures
def test_query_api_example_has_the_same_shape() -> None:
    """The documented get-products output: same product and term shape; an EBS product is no rate."""
    entry = json.loads(json.loads(mirror.GET_PRODUCTS_FIXTURE.read_text())["PriceList"][0])
    raw = entry["product"]
    item = Product(raw["sku"], raw["productFamily"], lower_keys(raw["attributes"]))
    assert match_product("AmazonEC2", item, {}) is None
    [term] = terms_from_json(entry["terms"]["OnDemand"], raw["sku"], "example")
    [dim] = term.dimensions
    assert (dim.begin, dim.end, dim.unit, dim.usd) == (Decimal(0), None, "GB-Mo", Decimal("0.138"))


@given(
    edges=st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=4, unique=True).map(sorted),
    cents=st.lists(st.integers(min_value=0, max_value=10**6), min_size=5, max_size=5),
)
def test_contiguous_bands_become_tiers_that_make_a_valid_rate(edges: list[int], cents: list[int]) -> None:
    bounds = [Decimal(0), *map(Decimal, edges), None]
    dims = tuple(
        PriceDimension(f"r{i}", "GB", bounds[i], bounds[i + 1], Decimal(cents[i]) / 10**6)
        for i in range(len(bounds) - 1)
    )
    shape = term_price(Term("S", "T", tuple(reversed(dims))), "interface_endpoint_gb")
    assert [edge for edge, _ in shape] == bounds[1:]
    rate = Rate(unit="GB", usage_type="X", source="s", source_date=date(2026, 1, 1), tiers=[
        {"up_to": edge, "price": price} for edge, price in shape
    ])  # fmt: skip
    assert rate.tiers is not None and len(rate.tiers) == len(edges) + 1


# -- through the CLI -------------------------------------------------------------------------------


def test_compare_prices_with_the_refreshed_figures(
    mirror_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "refreshed.json"
    code, _, _ = run(["pricing", "refresh", "--from", str(mirror_dir), "--output", str(out)], capsys)
    assert code == 0
    code, stdout, err = run(
        ["compare", "--catalog", str(out), "--region", "eu-west-1", "--gb", "1000", "--azs", "2", "--format", "json"],
        capsys,
    )
    assert code == 0, err
    result = json.loads(stdout)
    f = {name: expected_price(rows[0]) for name, rows in mirror.FIGURES["eu-west-1"].items() if rows[0].price}
    first_tier = Decimal(mirror.FIGURES["eu-west-1"]["interface_endpoint_gb"][0].tiers[0][1])  # type: ignore[index]
    nat_total = 2 * HOURS * f["nat_gateway_hour"] + 2 * HOURS * f["public_ipv4_hour"] + 1000 * f["nat_gateway_gb"]
    endpoint_total = 2 * HOURS * f["interface_endpoint_hour"] + 1000 * first_tier
    assert Decimal(result["nat_path"]["total_monthly"]) == nat_total  # 68.766 + 7.446 + 47.2
    assert Decimal(result["endpoint_path"]["total_monthly"]) == endpoint_total  # 16.206 + 10.1
    assert result["prices"]["catalog"] == str(out)
    sources = {item["rate"]: item["source"] for item in result["nat_path"]["line_items"]}
    assert sources["nat_gateway_hour"].endswith("SKU EUNATHOURS000001")


def test_cli_reports_changes_on_stderr_and_the_report_on_stdout(
    mirror_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.json"
    before = write_catalog_file(
        tmp_path / "before.json",
        {
            "eu-west-1": {"nat_gateway_hour": "0.048", "public_ipv4_hour": "0.00510"},
            "us-east-1": {"gwlb_endpoint_hour": "0.01"},
            "ap-south-1": {"nat_gateway_hour": "0.056"},  # outside --regions: not compared
        },
    )
    args = ["pricing", "refresh", "--from", str(mirror_dir), "--output", str(out), "--catalog", str(before)]
    args += ["--regions", "eu-west-1,us-east-1", "--format", "json"]
    code, stdout, err = run(args, capsys)
    assert code == 0
    report = RefreshReport.model_validate_json(stdout)
    found = sum(len(rates) for rates in mirror.FIGURES.values())
    assert report.output == str(out) and report.rates_found == found
    assert {"bytes_read", "seconds", "mb_per_s", "changes"} <= set(json.loads(stdout))
    lines = err.splitlines()
    # eu-west-1: one changed, one unchanged, the rest added; us-east-1: all added, one removed.
    assert lines[0] == f"Changes against the {before} catalog ({found}):"
    assert "  eu-west-1 nat_gateway_hour: 0.048 -> 0.0471" in lines
    assert "  eu-west-1 gwlb_endpoint_hour: added 0.0112" in lines
    assert "  us-east-1 gwlb_endpoint_hour: removed (was 0.01; the Price List does not give it)" in lines
    assert not any("public_ipv4_hour" in line and "eu-west-1" in line for line in lines)  # 0.0051 both times
    assert not any("ap-south-1" in line for line in lines)
    code, table, _ = run(["pricing", "refresh", "--from", str(mirror_dir), "--output", str(out)], capsys)
    assert code == 0 and f"wrote {out}" in table and "eu-west-1" in table


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_the_refresh_report_takes_every_format(
    fmt: str, mirror_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if fmt == "html":
        pytest.importorskip("jinja2")
    out = tmp_path / "catalog.json"
    code, stdout, _ = run(["pricing", "refresh", "--from", str(mirror_dir), "--output", str(out), "-f", fmt], capsys)
    assert code == 0 and out.exists()
    regions = sorted(load_catalog(out).regions)
    if fmt == "json":
        assert json.loads(stdout)["schema_name"] == "pl-cost/pricing-refresh"
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(stdout)))
        assert rows[0][:3] == ["section", "region", "name"]
        assert sorted(r[1] for r in rows[1:] if r[0] == "region") == regions
    elif fmt == "html":
        assert stdout.startswith("<!DOCTYPE html>") and all(r in stdout for r in regions)
    else:
        assert f"wrote {out}" in stdout and all(r in stdout for r in regions)
        assert ("|" in stdout) == (fmt == "markdown")


def test_default_output_is_the_user_cache(
    mirror_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    code, stdout, _ = run(["pricing", "refresh", "--from", str(mirror_dir), "--regions", "us-east-1"], capsys)
    written = tmp_path / "cache" / "pl-cost" / "catalog.json"
    assert code == 0 and f"wrote {written}" in stdout
    assert "us-east-1" in load_catalog(written).regions


def test_help_names_the_library_function(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(["pricing", "refresh", "--help"], capsys)
    assert code == 0 and "pl_cost.pricelist.refresh_catalog" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "--format: unknown format 'xml'"),
        (["--regions", "Ireland"], "--regions: 'Ireland' is not a region code"),
        (["--regions", " , "], "--regions: give at least one region code"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], message: str, mirror_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["pricing", "refresh", "--from", str(mirror_dir), "--output", str(tmp_path / "c.json")]
    code, stdout, err = run(base + args, capsys)
    assert (code, stdout) == (2, "")
    assert err.startswith(f"pl-cost: error: {message}") and err.count("\n") == 1
    assert not (tmp_path / "c.json").exists()


def test_missing_mirror_directory_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["pricing", "refresh", "--from", str(tmp_path / "nope"), "--output", str(tmp_path / "c")], capsys
    )
    assert code == 2 and "--from:" in err


# -- broken files ----------------------------------------------------------------------------------


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])


def _garble(path: Path) -> None:
    data = path.read_bytes()
    middle = len(data) // 2
    path.write_bytes(data[:middle] + b'}}]"\x00{' + data[middle:])


def _not_an_offer(path: Path) -> None:
    path.write_text('[{"products": {}}]')


def _wrong_offer(path: Path) -> None:
    path.write_text(path.read_text().replace('"offerCode": "AmazonEC2"', '"offerCode": "AmazonS3"'))


def _bad_price(path: Path) -> None:
    path.write_text(path.read_text().replace('"0.0451000000"', '"zero point oh four"'))


def _remove(path: Path) -> None:
    path.unlink()


BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated": (_cut, "is truncated or not JSON (byte "),
    "corrupt": (_garble, "is truncated or not JSON (byte "),
    "not an offer": (_not_an_offer, "is not an AWS Price List offer file"),
    "another offer": (_wrong_offer, "is an offer for AmazonS3, not AmazonEC2"),
    "bad price": (_bad_price, "has price for SKU USNATHOURS000011 'zero point oh four', which is not a number"),
    "missing": (_remove, "does not exist"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_second_file_leaves_the_previous_catalog_intact(
    kind: str, mirror_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An interrupted refresh: eu-west-1 reads fine, then us-east-1's EC2 file is broken."""
    out = tmp_path / "out" / "catalog.json"
    out.parent.mkdir()
    shutil.copy(shipped_catalog_path(), out)
    before = out.read_bytes()
    broken = mirror.local_path(mirror_dir, mirror.region_file_path("AmazonEC2", "us-east-1"))
    damage, problem = BROKEN[kind]
    damage(broken)
    code, stdout, err = run(["pricing", "refresh", "--from", str(mirror_dir), "--output", str(out)], capsys)
    assert (code, stdout) == (1, "")
    assert err.count("\n") == 1 and err.startswith(f"pl-cost: error: pricing refresh: {broken} ")
    assert problem in err
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["catalog.json"]  # no temporary file left


@mirror.needs_shared_fixtures
def test_truncated_csv_names_the_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    url = mirror.region_file_path("AmazonEC2", "eu-west-2", ext="csv")
    text = mirror.CSV_FIXTURE.read_text()
    path = mirror.write_file(root, url, text[: text.rindex(",") - 3])
    mirror.write_region_index(root, "AmazonEC2", {"eu-west-2": url})
    mirror.write_empty_indexes(root, [offer for offer in mirror.VERSIONS if offer != "AmazonEC2"])
    with pytest.raises(PriceListError, match=rf"^pricing refresh: {path} is truncated or corrupt \(line 11: 7 fields"):
        refresh_catalog(root, output=tmp_path / "c.json")
    assert not (tmp_path / "c.json").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"regions": {"eu-west-1": {"currentVersionUrl": "/offers/v1.0/aws/Amazon', "is truncated or not JSON (byte"),
        ('{"regions": []}', "is not a Price List region index"),
        ('{"regions": {"eu-west-1": {"currentVersionUrl": "/../../etc/passwd"}}}', "no usable currentVersionUrl"),
    ],
)
def test_broken_region_index(content: str, problem: str, mirror_dir: Path, tmp_path: Path) -> None:
    index = mirror_dir / "offers" / "v1.0" / "aws" / "AmazonVPC" / "current" / "region_index.json"
    index.write_text(content)
    with pytest.raises(PriceListError, match=f"^pricing refresh: {index} ") as caught:
        refresh_catalog(mirror_dir, output=tmp_path / "c.json")
    assert problem in str(caught.value)


def test_a_mirror_without_any_rate_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    for offer in mirror.VERSIONS:
        url = mirror.region_file_path(offer, "eu-west-1")
        mirror.write_file(root, url, json.dumps(mirror.rows_document(offer, [], fillers=2)))
        mirror.write_region_index(root, offer, {"eu-west-1": url})
    with pytest.raises(PriceListError, match="gave no rate for any region; nothing was written"):
        refresh_catalog(root, output=tmp_path / "c.json")
    assert not (tmp_path / "c.json").exists()


def test_python_dash_m_runs_the_refresh(mirror_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    args = [sys.executable, "-m", "pl_cost", "pricing", "refresh", "--from", str(mirror_dir), "--output", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert load_catalog(out).rate("eu-west-1", "nat_gateway_hour").price == Decimal("0.0471")


# -- online mode, with a fake opener ---------------------------------------------------------------


class FakeOpener:
    """Serves the mirror's files for Price List URLs, and records every URL asked for."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.urls: list[str] = []

    @contextlib.contextmanager
    def __call__(self, url: str) -> Iterator[Any]:
        self.urls.append(url)
        assert url.startswith(PRICE_LIST_HOST + "/offers/v1.0/aws/")
        path = mirror.local_path(self.root, url[len(PRICE_LIST_HOST) :])
        if not path.exists():
            raise OSError(f"HTTP Error 404: Not Found ({url})")
        yield io.BytesIO(path.read_bytes())


def test_online_refresh_asks_the_price_list_host_for_the_right_urls(mirror_dir: Path, tmp_path: Path) -> None:
    opener = FakeOpener(mirror_dir)
    report = refresh_catalog(regions="eu-west-1", output=tmp_path / "c.json", opener=opener)
    base = PRICE_LIST_HOST + "/offers/v1.0/aws"
    offers = list(mirror.VERSIONS)
    assert opener.urls == [
        *(f"{base}/{offer}/current/region_index.json" for offer in offers),
        *(f"{base}/{offer}/{mirror.VERSIONS[offer]}/eu-west-1/index.json" for offer in offers),
        f"{base}/AmazonRoute53/{mirror.VERSIONS['AmazonRoute53']}/{mirror.GLOBAL}/index.json",
    ]
    assert report.source == PRICE_LIST_HOST
    assert load_catalog(tmp_path / "c.json").rate("eu-west-1", "nat_gateway_gb").price == Decimal("0.0472")


def test_online_download_failure_names_the_url(mirror_dir: Path, tmp_path: Path) -> None:
    mirror.local_path(mirror_dir, mirror.region_file_path("AmazonVPC", "eu-west-1")).unlink()
    url = PRICE_LIST_HOST + mirror.region_file_path("AmazonVPC", "eu-west-1")
    with pytest.raises(PriceListError, match=f"^pricing refresh: {url} could not be downloaded"):
        refresh_catalog(regions="eu-west-1", output=tmp_path / "c.json", opener=FakeOpener(mirror_dir))
