"""pl_cost.connect: every figure checked against the catalog's unit prices, computed here."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import pl_cost
from pl_cost.catalog import Catalog, catalog_from_data
from pl_cost.errors import MissingRateError, UnknownRegionError, UsageError
from pl_cost.multivpc.connect import ConnectReport, connect_curves
from pl_cost.multivpc.connect_cost import option_cost

R = "us-east-1"
H = Decimal(730)


def price(catalog: Catalog, rate: str, region: str = R) -> Decimal:
    return catalog.rate(region, rate).tier_list()[0].price


def lines(report: ConnectReport, option: str) -> dict[str, Decimal]:
    found = next(o for o in report.options if o.option == option)
    assert found.cost is not None
    return {i.name: i.monthly for i in found.cost.line_items}


def payers(report: ConnectReport, option: str) -> dict[str, str]:
    found = next(o for o in report.options if o.option == option)
    assert found.cost is not None
    return {i.name: i.payer for i in found.cost.line_items}


def test_one_nlb_for_a_month_is_730_nlb_hours(catalog: Catalog) -> None:
    report = pl_cost.connect(1, 0, 2, R, catalog=catalog)
    assert lines(report, "privatelink")["Network Load Balancer hours"] == H * price(catalog, "nlb_hour")
    assert payers(report, "privatelink")["Network Load Balancer hours"] == "provider"


@pytest.mark.parametrize("consumers", [1, 10, 37])
def test_transit_gateway_attachments(catalog: Catalog, consumers: int) -> None:
    report = pl_cost.connect(consumers, 100, 2, R, catalog=catalog)
    got = lines(report, "transit_gateway")
    attachment = H * price(catalog, "tgw_attachment_hour")
    assert got["Transit Gateway attachment (provider VPC)"] == attachment
    assert got["Transit Gateway attachments (consumer VPCs)"] == consumers * attachment
    # Every byte is sent into the Transit Gateway once: requests by consumers, responses by the provider.
    processed = got["Transit Gateway data processed, sent by consumers"]
    processed += got["Transit Gateway data processed, sent by the provider"]
    assert processed == consumers * 100 * price(catalog, "tgw_gb")


@pytest.mark.parametrize("services", [1, 3, 100])
def test_lattice_service_network_of_s_services(catalog: Catalog, services: int) -> None:
    report = pl_cost.connect(4, 50, 2, R, services=services, catalog=catalog)
    got = lines(report, "lattice")
    assert got["VPC Lattice service hours"] == services * H * price(catalog, "lattice_service_hour")
    assert got["VPC Lattice data processed"] == 4 * 50 * price(catalog, "lattice_gb")
    assert set(payers(report, "lattice").values()) == {"provider"}


def test_lattice_pricing_page_example_1(catalog: Catalog) -> None:
    """AWS's Example 1: 100 services, 200,000 requests an hour each (under the free allowance)."""
    report = pl_cost.connect(1, 100 * 100, 2, R, services=100, requests_per_hour=100 * 200_000, catalog=catalog)
    got = lines(report, "lattice")
    assert got["VPC Lattice service hours"] == 100 * H * price(catalog, "lattice_service_hour")
    assert got["VPC Lattice requests"] == 0


def test_lattice_requests_above_the_free_allowance(catalog: Catalog) -> None:
    rate = catalog.rate(R, "lattice_requests_per_million")
    assert rate.free_per_hour is not None
    per_hour = 2_000_000
    report = pl_cost.connect(3, 10, 2, R, services=2, requests_per_hour=per_hour, catalog=catalog)
    billed_million = (3 * Decimal(per_hour) / 1_000_000 - 2 * rate.free_per_hour) * H
    assert lines(report, "lattice")["VPC Lattice requests"] == billed_million * price(
        catalog, "lattice_requests_per_million"
    )


def test_privatelink_consumers_pay_endpoints_and_the_provider_the_nlb(catalog: Catalog) -> None:
    report = pl_cost.connect(10, 1000, 2, R, catalog=catalog)
    got = lines(report, "privatelink")
    assert got["Interface endpoints (consumers)"] == 10 * 2 * H * price(catalog, "interface_endpoint_hour")
    assert got["Interface endpoint data processed"] == 10 * 1000 * price(catalog, "interface_endpoint_gb")
    # GB only: one NLCU per GB processed (1 GB per NLCU-hour), so 10,000 NLCU-hours.
    assert got["NLB capacity units (NLCU)"] == 10 * 1000 * price(catalog, "nlcu_hour")
    option = next(o for o in report.options if o.option == "privatelink")
    assert option.provider_monthly == got["Network Load Balancer hours"] + got["NLB capacity units (NLCU)"]
    assert option.per_consumer_monthly == option.consumers_monthly / 10  # type: ignore[operator]


@pytest.mark.parametrize(
    ("protocol", "new", "active", "per_new", "per_active"),
    [
        ("tcp", 4000, 0, 800, 100_000),
        ("tcp", 0, 600_000, 800, 100_000),
        ("udp", 2000, 0, 400, 50_000),
        ("tls", 0, 30_000, 50, 3_000),
    ],
)
def test_nlcu_bills_the_largest_dimension(
    catalog: Catalog, protocol: str, new: int, active: int, per_new: int, per_active: int
) -> None:
    """ELB pricing page: an NLCU holds 800 new TCP connections/s, 100,000 active, 1 GB; UDP 400/50,000; TLS 50/3,000."""
    report = pl_cost.connect(
        2, 1, 2, R, protocol=protocol, new_connections_per_second=new, active_connections=active, catalog=catalog
    )
    per_hour = max(Decimal(2 * new) / per_new, Decimal(2 * active) / per_active, 2 / H)
    assert lines(report, "privatelink")["NLB capacity units (NLCU)"] == per_hour * H * price(catalog, "nlcu_hour")


def test_peering_share_from_az_ids(catalog: Catalog) -> None:
    report = pl_cost.connect(
        8,
        200,
        2,
        R,
        provider_az_ids=["use1-az1", "use1-az2"],
        consumer_az_ids=["use1-az1", "use1-az4"],
        catalog=catalog,
    )
    # Clients pick one of 2 provider AZs at random; 1 of the 4 (consumer AZ, provider AZ) pairs is the same AZ ID.
    assert report.inputs.cross_az_share == Decimal("0.75")
    assert report.inputs.cross_az_share_from == "az_ids"
    got = lines(report, "peering")
    each_side = Decimal("0.75") * 8 * 200 * price(catalog, "vpc_peering_cross_az_gb")
    assert got["VPC peering cross-AZ (provider side)"] == each_side
    assert got["VPC peering cross-AZ (consumer side)"] == each_side


def test_peering_share_assumed_and_stated_without_az_ids(catalog: Catalog) -> None:
    report = pl_cost.connect(5, 100, 3, R, catalog=catalog)
    assert report.inputs.cross_az_share_from == "assumed"
    assert any("assumed to cross AZs" in a for a in report.assumptions)
    given = pl_cost.connect(5, 100, 3, R, cross_az_share="0.2", catalog=catalog)
    assert given.inputs.cross_az_share == Decimal("0.2") and given.inputs.cross_az_share_from == "input"


def test_inter_az_is_free_over_privatelink_and_transit_gateway(catalog: Catalog) -> None:
    """Since 2022-04-01: only endpoint ENI-hours change with the AZ count, never a per-GB charge."""
    one = pl_cost.connect(6, 500, 1, R, catalog=catalog)
    three = pl_cost.connect(6, 500, 3, R, catalog=catalog)
    for option in ("privatelink", "transit_gateway"):
        a, b = lines(one, option), lines(three, option)
        changed = {name for name in a if a[name] != b[name]}
        assert changed <= {"Interface endpoints (consumers)"}


def test_rule_outs(catalog: Catalog) -> None:
    report = pl_cost.connect(
        126,
        10,
        2,
        R,
        provider_cidr="10.0.0.0/16",
        consumer_cidrs=["10.0.128.0/20"],
        transitive=True,
        protocol="udp",
        catalog=catalog,
    )
    ruled = {o.option: o.ruled_out for o in report.options}
    assert len(ruled["peering"]) == 3  # overlap, more than 125 peers, transitive
    assert len(ruled["transit_gateway"]) == 1  # overlap
    assert ruled["lattice"] and not ruled["privatelink"]
    assert report.cheapest == "privatelink"
    assert (
        not pl_cost.connect(2, 10, 2, R, provider_cidr="10.0.0.0/16", consumer_cidrs=["10.1.0.0/16"], catalog=catalog)
        .options[2]
        .ruled_out
    )


def test_two_way_rules_out_the_one_way_options(catalog: Catalog) -> None:
    report = pl_cost.connect(3, 10, 2, R, two_way=True, catalog=catalog)
    assert {o.option for o in report.options if o.ruled_out} == {"privatelink", "lattice"}


def test_cheapest_is_the_lowest_viable_total(catalog: Catalog) -> None:
    report = pl_cost.connect(10, 1000, 2, R, catalog=catalog)
    viable = {o.option: o.cost.total_monthly for o in report.options if o.viable and o.cost}
    assert report.cheapest == min(viable, key=lambda k: viable[k])
    assert {p.option for p in report.break_evens} == set(viable) - {report.cheapest}


def test_break_even_in_gb_against_peering(catalog: Catalog) -> None:
    """All bytes cross AZs: peering costs 2 × cross-AZ rate per GB; PrivateLink has hours and a lower per-GB."""
    report = pl_cost.connect(10, 100, 2, R, cross_az_share=1, options=["privatelink", "peering"], catalog=catalog)
    assert report.cheapest == "peering"
    pair = report.break_evens[0]
    fixed = H * price(catalog, "nlb_hour") + 10 * 2 * H * price(catalog, "interface_endpoint_hour")
    per_gb_pl = price(catalog, "interface_endpoint_gb") + price(catalog, "nlcu_hour")
    per_gb_peering = 2 * price(catalog, "vpc_peering_cross_az_gb")
    if per_gb_peering > per_gb_pl:
        assert pair.gb.outcome == "above"
        assert pair.gb.break_even == pytest.approx(fixed / (10 * (per_gb_peering - per_gb_pl)), rel=Decimal("1e-20"))
    else:
        assert pair.gb.outcome == "never"


def test_at_every_crossing_both_options_cost_the_same(catalog: Catalog) -> None:
    from pl_cost.multivpc.connect import _demand

    for kwargs in ({"cross_az_share": 1}, {"requests_per_hour": 2_000_000}, {"new_connections_per_second": 900}):
        report = pl_cost.connect(10, 3000, 2, R, catalog=catalog, **kwargs)  # type: ignore[arg-type]
        d = _demand(report.inputs, catalog)
        for pair in report.break_evens:
            for n in pair.consumers.crossings:
                at = d.with_consumers(n)
                a, b = option_cost(pair.option, at, catalog), option_cost(pair.against, at, catalog)
                assert abs(a - b) < Decimal("1e-15")
            for x in pair.gb.crossings:
                at = d.with_gb(x)
                a, b = option_cost(pair.option, at, catalog), option_cost(pair.against, at, catalog)
                assert abs(a - b) < Decimal("1e-15")


def test_remote_consumers_pay_inter_region_and_rule_out_lattice(catalog: Catalog) -> None:
    report = pl_cost.connect(4, 100, 2, R, remote_consumers=1, remote_region="us-west-2", catalog=catalog)
    lattice = next(o for o in report.options if o.option == "lattice")
    assert lattice.ruled_out
    got = lines(report, "peering")
    requests = 100 * Decimal("0.5") * price(catalog, "inter_region_gb", "us-west-2")
    responses = 100 * Decimal("0.5") * price(catalog, "inter_region_gb")
    assert got["Inter-Region transfer, us-west-2 to us-east-1"] == requests
    assert got["Inter-Region transfer, us-east-1 to us-west-2"] == responses
    assert got["VPC peering cross-AZ (consumer side)"] == 3 * 100 * report.inputs.cross_az_share * price(
        catalog, "vpc_peering_cross_az_gb"
    )
    pl = lines(report, "privatelink")
    assert pl["Interface endpoints (consumers in us-west-2)"] == 2 * H * price(
        catalog, "interface_endpoint_hour", "us-west-2"
    )


def test_curves_meet_at_the_break_evens(catalog: Catalog) -> None:
    report = pl_cost.connect(10, 100, 2, R, cross_az_share=1, catalog=catalog)
    curves = connect_curves(report, catalog)
    assert curves.points[0].x == 0 and curves.current == 10
    xs = [p.x for p in curves.points]
    assert xs == sorted(xs)
    for mark in curves.marks:
        assert mark.x in xs


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"consumers": 0, "gb": 1}, "consumers: must be from 1 to 10,000"),
        ({"consumers": "two", "gb": 1}, "consumers: expected a whole number"),
        ({"consumers": 1, "gb": -1}, "gb: must be 0 or more"),
        ({"consumers": 1, "gb": 1, "protocol": "http"}, "protocol: unknown protocol 'http'"),
        ({"consumers": 1, "gb": 1, "cross_az_share": 2}, "cross_az_share: must be a share from 0 to 1"),
        ({"consumers": 1, "gb": 1, "options": ["vpn"]}, "options: unknown option 'vpn'"),
        ({"consumers": 1, "gb": 1, "consumer_cidrs": ["10.0.0"]}, "consumer_cidrs: '10.0.0' is not a CIDR block"),
        ({"consumers": 1, "gb": 1, "provider_az_ids": ["us-east-1a"]}, "provider_az_ids: 'us-east-1a' is not an AZ ID"),
        ({"consumers": 2, "gb": 1, "remote_consumers": 1}, "remote_region: give the region"),
        ({"consumers": 2, "gb": 1, "remote_consumers": 3, "remote_region": "us-west-2"}, "remote_consumers: must be"),
    ],
)
def test_bad_input_is_one_usage_error(catalog: Catalog, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match="^" + re.escape(message)):
        pl_cost.connect(catalog=catalog, **kwargs)  # type: ignore[arg-type]


def test_unknown_regions(catalog: Catalog) -> None:
    with pytest.raises(UnknownRegionError, match=r"^region: unknown region 'us-est-1'"):
        pl_cost.connect(1, 1, 2, "us-est-1", catalog=catalog)
    with pytest.raises(UnknownRegionError, match=r"^remote_region: unknown region"):
        pl_cost.connect(2, 1, 2, R, remote_consumers=1, remote_region="nowhere-1", catalog=catalog)


def _core_only(catalog: Catalog) -> Catalog:
    data = catalog.model_dump(mode="json")
    rates = data["regions"][R]["rates"]
    data["regions"][R]["rates"] = {k: v for k, v in rates.items() if k != "lattice_gb"}
    return catalog_from_data(data, origin="test")


def test_an_option_without_a_price_is_shown_as_unpriced_not_a_failure(catalog: Catalog) -> None:
    thin = _core_only(catalog)
    with pytest.raises(MissingRateError) as expected:
        thin.rate(R, "lattice_gb")
    report = pl_cost.connect(2, 10, 2, R, catalog=thin)
    lattice = next(o for o in report.options if o.option == "lattice")
    assert lattice.cost is None and lattice.missing_price == str(expected.value)
    assert report.cheapest != "lattice" and "not priced" in report.verdict
    # Only when no option can be priced is it the catalog's one-line error.
    with pytest.raises(MissingRateError) as caught:
        pl_cost.connect(2, 10, 2, R, options=["lattice"], catalog=thin)
    assert str(caught.value) == str(expected.value)


def test_json_round_trip_and_schema(catalog: Catalog) -> None:
    report = pl_cost.connect(10, 1000, 2, R, catalog=catalog)
    again = ConnectReport.model_validate_json(report.model_dump_json())
    assert again == report
    assert report.schema_name == "pl-cost/connect" and report.schema_version == 1


def test_results_show_in_jupyter_and_convert_to_records(catalog: Catalog) -> None:
    from pl_cost.formats import render
    from pl_cost.multivpc.render import blocks

    report = pl_cost.connect(4, 100, 2, R, catalog=catalog)
    html = report._repr_html_()
    assert html.startswith("<div class='pl-cost'>") and "<table>" in html
    assert "<table>" in blocks(report, "html") and not blocks(report, "html").startswith("<div")
    records = report.to_records()
    assert {r["option"] for r in records} == {"privatelink", "transit_gateway", "peering", "lattice"}
    assert (
        sum(r["monthly"] for r in records if r["option"] == "peering")
        == lines(report, "peering")["VPC peering cross-AZ (provider side)"]
        + lines(report, "peering")["VPC peering cross-AZ (consumer side)"]
    )
    with pytest.raises(UsageError, match=r"unknown format 'yaml'"):
        render(report, "yaml")  # type: ignore[arg-type]


def test_inter_region_bytes_are_priced_at_their_destinations_price(catalog: Catalog) -> None:
    """us-east-1 to us-east-2 costs less than to most regions; a destination the source lists no price to is
    left unpriced, never given the common figure."""
    rate = catalog.rate(R, "inter_region_gb")
    assert rate.by_destination, "the catalog records the destinations priced otherwise"
    for destination, price in rate.by_destination.items():
        try:
            report = pl_cost.connect(4, 100, 2, R, remote_consumers=2, remote_region=destination, catalog=catalog)
        except MissingRateError as exc:
            assert price is None and "inter_region_gb" in str(exc)  # no option can be priced at all
            continue
        for option in report.options:
            if option.ruled_out:
                continue
            if option.cost is None:
                assert price is None and option.missing_price and destination in option.missing_price
                continue
            crossing = [i for i in option.cost.line_items if i.rate == "inter_region_gb" and i.region == R]
            assert crossing and all(i.unit_price == price for i in crossing), (destination, option.option)
