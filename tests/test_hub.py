"""pl_cost.hub: the break-even for E endpoint services in a AZs, solved exactly, checked against a formula
written here from the catalog's unit prices, over E, a, X, both situations and all three DNS options."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import pl_cost
from pl_cost.catalog import Catalog, Tier, catalog_from_data
from pl_cost.errors import DomainError, MissingRateError, UsageError
from pl_cost.multivpc.hub import HubReport, demand_of, hub_curves
from pl_cost.multivpc.hub_cost import difference

R = "us-east-1"
H = Decimal(730)
CLOSE = Decimal("1e-18")
ENDPOINTS = ["ssm", "ssmmessages", "logs", "sts", "ecr.api", "ecr.dkr", "kms", "secretsmanager"]


def price(catalog: Catalog, rate: str) -> Decimal:
    return catalog.rate(R, rate).tier_list()[0].price


def tiered(tiers: tuple[Tier, ...], quantity: Decimal) -> Decimal:
    """The charge for `quantity` units under `tiers`, band by band."""
    total, lower = Decimal(0), Decimal(0)
    for tier in tiers:
        upper = quantity if tier.up_to is None else min(quantity, tier.up_to)
        if upper > lower:
            total += (upper - lower) * tier.price
        if tier.up_to is not None:
            lower = tier.up_to
    return total


def dns_fixed(catalog: Catalog, dns: str, e: int, a: int) -> tuple[Decimal, Decimal]:
    """(fixed DNS cost, DNS cost per spoke VPC) for the VPC counts below 100 and no Resolver queries."""
    if dns == "phz":
        return tiered(catalog.rate(R, "route53_private_zone_month").tier_list(), Decimal(e)), Decimal(0)
    if dns == "profile":
        return H * price(catalog, "route53_profile_account_hour"), Decimal(0)
    return 2 * max(2, a) * H * price(catalog, "resolver_endpoint_eni_hour"), Decimal(0)


def expected_vpcs(catalog: Catalog, e: int, a: int, x: Decimal, situation: str, dns: str) -> Decimal | None:
    """diff(N) = F + N·S: hub minus every VPC; the break-even is -F/S when S < 0 (and below 100 VPCs here)."""
    endpoint = e * a * H * price(catalog, "interface_endpoint_hour")
    attachment = H * price(catalog, "tgw_attachment_hour")
    fixed_dns, per_vpc_dns = dns_fixed(catalog, dns, e, a)
    added = situation == "tgw_added"
    f = endpoint + fixed_dns + (attachment if added else 0)
    s = (attachment if added else 0) + x * price(catalog, "tgw_gb") + per_vpc_dns - endpoint
    return -f / s if s < 0 else None


@pytest.mark.parametrize("dns", ["phz", "profile", "resolver"])
@pytest.mark.parametrize("situation", ["tgw_exists", "tgw_added"])
@pytest.mark.parametrize("e", [1, 3, 6, 8])
@pytest.mark.parametrize("a", [1, 2, 3])
@pytest.mark.parametrize("x", [Decimal(0), Decimal(100), Decimal(2500)])
def test_hub_break_even_in_vpcs_is_exact(
    catalog: Catalog, dns: str, situation: str, e: int, a: int, x: Decimal
) -> None:
    report = pl_cost.hub(12, ENDPOINTS[:e], a, R, gb=x, dns=dns, catalog=catalog)
    answer = next(d for d in report.dns_options if d.dns == dns).situations[situation].vpcs  # type: ignore[index]
    assert answer == report.situations[situation].vpcs  # type: ignore[index]
    want = expected_vpcs(catalog, e, a, x, situation, dns)
    if want is None or (dns == "profile" and want > 100):
        if want is None:
            assert answer.outcome == "never"
        return
    assert answer.outcome == "above"
    assert answer.break_even is not None and abs(answer.break_even - want) < CLOSE
    assert answer.from_count == int(want) + 1


@pytest.mark.parametrize(("e", "a"), [(1, 1), (2, 2), (5, 1), (3, 1), (1, 5)])
@pytest.mark.parametrize("dns", ["phz", "profile", "resolver"])
def test_no_break_even_when_endpoint_hours_do_not_exceed_an_attachment(
    catalog: Catalog, e: int, a: int, dns: str
) -> None:
    """E × a × endpoint-hour price ≤ attachment-hour price: a new spoke costs at least what it saves."""
    if e * a * price(catalog, "interface_endpoint_hour") > price(catalog, "tgw_attachment_hour"):
        pytest.skip("at these prices this E × a saves more than an attachment")
    for x in (0, 10, 1000):
        report = pl_cost.hub(20, ENDPOINTS[:e], a, R, gb=x, dns=dns, catalog=catalog)
        added = report.situations["tgw_added"]
        assert added.vpcs.outcome == "never" and added.vpcs.break_even is None
        assert added.cheaper == "every_vpc"


def test_a_break_even_exists_once_endpoint_hours_exceed_an_attachment(catalog: Catalog) -> None:
    ratio = price(catalog, "tgw_attachment_hour") / price(catalog, "interface_endpoint_hour")
    e = int(ratio) + 1
    report = pl_cost.hub(12, ENDPOINTS[:e], 1, R, gb=0, catalog=catalog)
    assert report.situations["tgw_added"].vpcs.outcome == "above"


@pytest.mark.parametrize("situation", ["tgw_exists", "tgw_added"])
@pytest.mark.parametrize("vpcs", [3, 12, 40])
def test_hub_break_even_in_gb_is_exact(catalog: Catalog, situation: str, vpcs: int) -> None:
    e, a = 6, 2
    report = pl_cost.hub(vpcs, ENDPOINTS[:e], a, R, gb=500, catalog=catalog)
    endpoint = e * a * H * price(catalog, "interface_endpoint_hour")
    attachment = H * price(catalog, "tgw_attachment_hour") if situation == "tgw_added" else Decimal(0)
    zones = dns_fixed(catalog, "phz", e, a)[0]
    saved = (vpcs - 1) * endpoint - (vpcs + 1) * attachment - zones
    answer = report.situations[situation].gb
    if saved <= 0:
        assert answer.outcome == "never"
        return
    assert answer.outcome == "below"
    want = saved / (vpcs * price(catalog, "tgw_gb"))
    assert answer.break_even is not None and abs(answer.break_even - want) < CLOSE


def test_profile_associations_above_100_bill_each(catalog: Catalog) -> None:
    report = pl_cost.hub(130, ["ssm"], 2, R, dns="profile", catalog=catalog)
    got = {i.name: i.monthly for i in report.hub.line_items}
    assert got["Route 53 Profile (first 100 VPC associations)"] == H * price(catalog, "route53_profile_account_hour")
    assert got["Route 53 Profile associations above 100"] == 30 * H * price(catalog, "route53_profile_association_hour")


def test_resolver_endpoints_and_queries(catalog: Catalog) -> None:
    report = pl_cost.hub(10, ["ssm", "logs"], 3, R, dns="resolver", dns_queries=60, catalog=catalog)
    got = {i.name: i.monthly for i in report.hub.line_items}
    assert got["Route 53 Resolver endpoint ENIs"] == 2 * 3 * H * price(catalog, "resolver_endpoint_eni_hour")
    queries = catalog.rate(R, "resolver_queries_per_million").tier_list()
    # 2 × 10 × 60 = 1,200 million: each query passes both endpoints, and the tiers apply.
    assert sum(v for k, v in got.items() if k.startswith("Route 53 Resolver queries")) == tiered(queries, Decimal(1200))


def test_private_hosted_zones_are_tiered(catalog: Catalog) -> None:
    names = [f"svc{i}" for i in range(30)]
    report = pl_cost.hub(10, names, 1, R, catalog=catalog)
    zones = sum(i.monthly for i in report.hub.line_items if i.rate == "route53_private_zone_month")
    assert zones == tiered(catalog.rate(R, "route53_private_zone_month").tier_list(), Decimal(30))


def test_layouts_line_by_line(catalog: Catalog) -> None:
    report = pl_cost.hub(12, ["ssm", "ssmmessages", "logs", "sts", "ecr.api", "ecr.dkr"], 2, R, gb=500, catalog=catalog)
    every = {i.name: i.monthly for i in report.every_vpc.line_items}
    hub = {i.name: i.monthly for i in report.hub.line_items}
    assert every["Endpoint hours: ssm"] == 12 * 2 * H * price(catalog, "interface_endpoint_hour")
    assert hub["Hub endpoint hours: ssm"] == 2 * H * price(catalog, "interface_endpoint_hour")
    assert (
        every["Endpoint data processed"]
        == hub["Endpoint data processed"]
        == 12 * 500 * price(catalog, "interface_endpoint_gb")
    )
    assert hub["Transit Gateway attachments (spoke VPCs)"] == 12 * H * price(catalog, "tgw_attachment_hour")
    assert hub["Transit Gateway attachment (hub VPC)"] == H * price(catalog, "tgw_attachment_hour")
    assert hub["Transit Gateway data processed"] == 12 * 500 * price(catalog, "tgw_gb")
    exists, added = report.situations["tgw_exists"], report.situations["tgw_added"]
    assert exists.every_vpc_monthly == report.every_vpc.total_monthly + report.attachments_monthly
    assert added.every_vpc_monthly == report.every_vpc.total_monthly
    assert exists.hub_monthly == added.hub_monthly == report.hub.total_monthly


def test_gateway_endpoints_stay_in_every_vpc_free(catalog: Catalog) -> None:
    report = pl_cost.hub(5, ["s3", "dynamodb", "logs"], 2, R, catalog=catalog)
    assert report.inputs.gateway_endpoints == ["s3", "dynamodb"]
    assert report.inputs.interface_endpoints == ["logs"]
    for cost in (report.every_vpc, report.hub):
        free = [i for i in cost.line_items if i.rate is None]
        assert [i.name for i in free] == ["Gateway endpoint: s3", "Gateway endpoint: dynamodb"]
        assert all(i.monthly == 0 for i in free)


def test_nat_egress_in_the_hub(catalog: Catalog) -> None:
    report = pl_cost.hub(8, ["logs"], 2, R, nat_gb=100, catalog=catalog)
    every = {i.name: i.monthly for i in report.every_vpc.line_items}
    hub = {i.name: i.monthly for i in report.hub.line_items}
    assert every["NAT gateway hours (every VPC)"] == 8 * 2 * H * price(catalog, "nat_gateway_hour")
    assert hub["NAT gateway hours (hub)"] == 2 * H * price(catalog, "nat_gateway_hour")
    assert (
        every["NAT data processed (every VPC)"]
        == hub["NAT data processed (hub)"]
        == 800 * price(catalog, "nat_gateway_gb")
    )
    assert hub["Transit Gateway data processed, NAT egress"] == 800 * price(catalog, "tgw_gb")


def test_per_service_answer(catalog: Catalog) -> None:
    """With a few GB a service pays to centralise; with many, Transit Gateway processing outweighs it."""
    report = pl_cost.hub(12, ["ssm", "ecr.dkr"], 2, R, gb={"ssm": 5, "ecr.dkr": 20000}, catalog=catalog)
    by = {s.endpoint: s for s in report.services}
    assert by["ssm"].verdict == "hub" and by["ecr.dkr"].verdict == "every_vpc"
    endpoint = 2 * H * price(catalog, "interface_endpoint_hour")
    zone = catalog.rate(R, "route53_private_zone_month").tier_list()[0].price
    assert by["ssm"].savings_monthly == 11 * endpoint - 12 * 5 * price(catalog, "tgw_gb") - zone
    assert by["ecr.dkr"].gb.outcome == "below"
    want = (11 * endpoint - zone) / (12 * price(catalog, "tgw_gb"))
    assert by["ecr.dkr"].gb.break_even is not None and abs(by["ecr.dkr"].gb.break_even - want) < CLOSE
    assert any("centralise ssm; keep ecr.dkr in every VPC" in line for line in report.verdict)


def test_curves_are_the_priced_layouts(catalog: Catalog) -> None:
    report = pl_cost.hub(12, ["ssm", "logs", "sts"], 2, R, gb=100, catalog=catalog)
    curves = hub_curves(report, catalog)
    at = next(p for p in curves.points if p.x == 12)
    assert at.monthly["Endpoints in every VPC"] == report.every_vpc.total_monthly
    assert at.monthly["Hub, Transit Gateway added"] == report.hub.total_monthly
    for mark in curves.marks:
        point = next(p for p in curves.points if p.x == mark.x)
        d = demand_of(report.inputs).with_vpcs(mark.x)
        situation = "tgw_exists" if "exists" in mark.label else "tgw_added"
        assert abs(difference(d, situation, catalog)) < CLOSE
        assert point.x == mark.x


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"vpcs": 0, "endpoints": "ssm"}, "vpcs: must be from 1 to 4,999"),
        ({"vpcs": 5000, "endpoints": "ssm"}, "vpcs: must be from 1 to 4,999"),
        ({"vpcs": 2, "endpoints": "ssm", "gb": -1}, "gb: must be 0 or more"),
        ({"vpcs": 2, "endpoints": "ssm", "dns": "hosts"}, "dns: unknown DNS option 'hosts'; allowed: phz, profile"),
        ({"vpcs": 2, "endpoints": "s3"}, "endpoints: give at least one interface endpoint"),
        ({"vpcs": 2, "endpoints": "ssm,ssm"}, "endpoints: each endpoint name once"),
        ({"vpcs": 2, "endpoints": "Bad Name"}, "endpoints: 'Bad Name' is not an endpoint name"),
        ({"vpcs": 2, "endpoints": "ssm", "gb": {"logs": 1}}, "gb: 'logs' is not one of the interface endpoints"),
        ({"vpcs": 2, "endpoints": "ssm", "dns_queries": -1}, "dns_queries: must be 0 or more"),
        ({"vpcs": 2, "endpoints": 0}, "endpoints: count must be from 1 to 50"),
    ],
)
def test_bad_input_is_one_usage_error(catalog: Catalog, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match="^" + re.escape(message)):
        pl_cost.hub(catalog=catalog, **kwargs)  # type: ignore[arg-type]


def test_a_missing_rate_fails_only_for_the_chosen_dns(catalog: Catalog) -> None:
    data = catalog.model_dump(mode="json")
    data["regions"][R]["rates"].pop("route53_profile_account_hour")
    thin = catalog_from_data(data, origin="test")
    report = pl_cost.hub(12, ["ssm"], 2, R, catalog=thin)
    profile = next(d for d in report.dns_options if d.dns == "profile")
    with pytest.raises(MissingRateError) as expected:
        thin.rate(R, "route53_profile_account_hour")
    assert profile.situations is None and profile.missing_price == str(expected.value)
    with pytest.raises(MissingRateError) as caught:
        pl_cost.hub(12, ["ssm"], 2, R, dns="profile", catalog=thin)
    assert str(caught.value) == str(expected.value)
    data["regions"][R]["rates"].pop("tgw_gb")
    with pytest.raises(DomainError, match="no price for tgw_gb in us-east-1"):
        pl_cost.hub(12, ["ssm"], 2, R, catalog=catalog_from_data(data, origin="test"))


def test_json_round_trip(catalog: Catalog) -> None:
    report = pl_cost.hub(12, ["ssm", "logs"], 2, R, gb=500, catalog=catalog)
    assert HubReport.model_validate_json(report.model_dump_json()) == report
    assert report.schema_name == "pl-cost/hub" and report.schema_version == 1


def test_an_endpoint_the_region_lacks_is_one_domain_error(catalog: Catalog) -> None:
    from pl_cost.endpoint_services import unavailable_in

    missing = next(((region, name) for region in catalog.regions for name in unavailable_in(region)), None)
    if missing is None:
        pytest.skip("the shipped endpoint-service data marks no endpoint unavailable")
    region, name = missing
    with pytest.raises(DomainError, match=f"^endpoints: com.amazonaws.{re.escape(region)}.{re.escape(name)} does not"):
        pl_cost.hub(3, [name], 2, region, catalog=catalog)
