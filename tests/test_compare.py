"""compare(): every figure checked against the catalog's unit prices, computed here."""

from __future__ import annotations

from decimal import Decimal

import pytest

import pl_cost
from pl_cost.catalog import Catalog, catalog_from_data
from pl_cost.errors import DomainError, MissingRateError, UnknownRegionError, UsageError

R = "us-east-1"


def price(catalog: Catalog, rate: str, region: str = R) -> Decimal:
    return catalog.rate(region, rate).tier_list()[0].price


def items(result: pl_cost.Comparison, path: str) -> dict[str, Decimal]:
    cost = result.nat_path if path == "nat" else result.endpoint_path
    return {i.name: i.monthly for i in cost.line_items}


@pytest.mark.parametrize("hours", [Decimal(730), Decimal(720)])
def test_issue_example_figures(catalog: Catalog, hours: Decimal) -> None:
    result = pl_cost.compare(200, 2, R, hours=hours)
    nat, ep = items(result, "nat"), items(result, "endpoint")
    assert nat["NAT gateway hours"] == 2 * hours * price(catalog, "nat_gateway_hour")
    assert nat["NAT data processed"] == 200 * price(catalog, "nat_gateway_gb")
    assert nat["NAT public IPv4 address"] == 2 * hours * price(catalog, "public_ipv4_hour")
    assert ep["Endpoint hours"] == 2 * hours * price(catalog, "interface_endpoint_hour")
    assert ep["Endpoint data processed"] == 200 * price(catalog, "interface_endpoint_gb")
    stays = result.situations["nat_stays"]
    per_gb_saving = price(catalog, "nat_gateway_gb") - price(catalog, "interface_endpoint_gb")
    assert stays.break_even_gb == 2 * hours * price(catalog, "interface_endpoint_hour") / per_gb_saving
    assert stays.break_even_outcome == "above"


def test_subtotals_keep_fixed_and_usage_apart(catalog: Catalog) -> None:
    result = pl_cost.compare(200, 2, R)
    for path in (result.nat_path, result.endpoint_path):
        fixed = sum(i.monthly for i in path.line_items if i.kind == "fixed")
        usage = sum(i.monthly for i in path.line_items if i.kind == "usage")
        assert (path.fixed_monthly, path.usage_monthly) == (fixed, usage)
        assert path.total_monthly == fixed + usage


def test_situations_are_the_two_questions(catalog: Catalog) -> None:
    result = pl_cost.compare(200, 2, R)
    stays, goes = result.situations["nat_stays"], result.situations["nat_goes"]
    nat_total = result.nat_path.total_monthly
    assert stays.nat_path_monthly == goes.nat_path_monthly == nat_total
    assert stays.endpoint_path_monthly == result.endpoint_path.total_monthly + result.nat_path.fixed_monthly
    assert goes.endpoint_path_monthly == result.endpoint_path.total_monthly
    assert stays.savings_monthly == nat_total - stays.endpoint_path_monthly
    # NAT hours and address (per AZ) outweigh one endpoint per AZ at these prices, so NAT-goes always wins.
    assert goes.break_even_outcome == "always"


def test_service_ecr_has_two_interface_endpoints_and_free_s3_gateway(catalog: Catalog) -> None:
    result = pl_cost.compare(200, 2, R, service="ecr")
    ep = result.endpoint_path.line_items
    hours = [i for i in ep if i.rate == "interface_endpoint_hour"]
    assert [i.name for i in hours] == ["Endpoint hours: ecr.api", "Endpoint hours: ecr.dkr"]
    assert sum(i.monthly for i in hours) == 2 * 2 * 730 * price(catalog, "interface_endpoint_hour")
    gateway = [i for i in ep if i.rate is None]
    assert [(i.name, i.monthly) for i in gateway] == [("Gateway endpoint: s3", 0)]
    assert gateway[0].note and "S3" in gateway[0].note
    # Pulls download their layers from S3: the free gateway carries them, so the endpoints carry no GB and
    # the set pays once its hours are below the NAT's per-GB charge on the pulled bytes.
    data = [i for i in ep if i.rate == "interface_endpoint_gb"]
    assert sum(i.quantity for i in data) == 0
    assert result.situations["nat_stays"].break_even_gb == 2 * 2 * 730 * price(
        catalog, "interface_endpoint_hour"
    ) / price(catalog, "nat_gateway_gb")


def test_gateway_only_service_is_free_and_always_cheaper() -> None:
    result = pl_cost.compare(500, 3, R, service="s3")
    assert result.endpoint_path.total_monthly == 0
    assert {s.break_even_outcome for s in result.situations.values()} == {"always"}


def test_single_nat_pays_inter_az_both_ways(catalog: Catalog) -> None:
    gb, azs = Decimal(300), 3
    result = pl_cost.compare(gb, azs, R, nat="single")
    nat = items(result, "nat")
    assert nat["NAT gateway hours"] == 730 * price(catalog, "nat_gateway_hour")
    assert nat["NAT public IPv4 address"] == 730 * price(catalog, "public_ipv4_hour")
    # Spread evenly, 200 of the 300 GB come from the two AZs without the NAT, and each of those GB
    # crosses twice (request and response): 400 GB of inter-AZ transfer.
    assert nat["Inter-AZ to the shared NAT"] == 400 * price(catalog, "inter_az_gb")
    # NAT stays: moving the 300 GB saves their NAT charge and those 400 GB of crossings.
    per_gb = (
        price(catalog, "nat_gateway_gb")
        + price(catalog, "inter_az_gb") * Decimal(400) / gb
        - price(catalog, "interface_endpoint_gb")
    )
    expected = azs * 730 * price(catalog, "interface_endpoint_hour") / per_gb
    assert abs(result.situations["nat_stays"].break_even_gb - expected) < Decimal("1e-20")


def test_single_nat_in_one_az_has_no_inter_az() -> None:
    result = pl_cost.compare(100, 1, R, nat="single")
    assert "Inter-AZ to the shared NAT" not in items(result, "nat")


def test_regional_nat_bills_each_active_az(catalog: Catalog) -> None:
    result = pl_cost.compare(100, 3, R, nat="regional")
    nat = items(result, "nat")
    assert nat["Regional NAT gateway, AZ-hours"] == 3 * 730 * price(catalog, "regional_nat_gateway_hour")
    assert nat["NAT public IPv4 address"] == 3 * 730 * price(catalog, "public_ipv4_hour")
    assert nat["NAT data processed"] == 100 * price(catalog, "regional_nat_gateway_gb")


def test_tiers_apply_to_the_region_total(catalog: Catalog) -> None:
    tiers = catalog.rate(R, "interface_endpoint_gb").tier_list()
    first_edge = tiers[0].up_to
    assert first_edge is not None
    already = first_edge - 100
    result = pl_cost.compare(300, 1, R, region_endpoint_gb=already)
    data = [i for i in result.endpoint_path.line_items if i.rate == "interface_endpoint_gb"]
    assert [(i.tier, i.quantity) for i in data] == [(1, 100), (2, 200)]
    assert sum(i.monthly for i in data) == 100 * tiers[0].price + 200 * tiers[1].price


def test_named_endpoints_and_count_price_the_same(catalog: Catalog) -> None:
    by_count = pl_cost.compare(50, 2, R, endpoints=3)
    by_name = pl_cost.compare(50, 2, R, endpoints=["logs", "sts", "kms"])
    assert by_count.endpoint_path.total_monthly == by_name.endpoint_path.total_monthly


def test_price_override_and_discount(catalog: Catalog) -> None:
    custom = pl_cost.apply_overrides(catalog, {"nat_gateway_gb": Decimal("0.05")}, Decimal(10))
    result = pl_cost.compare(100, 1, R, catalog=custom)
    nat = items(result, "nat")
    assert nat["NAT data processed"] == 100 * Decimal("0.05")  # a typed price is not discounted again
    assert nat["NAT gateway hours"] == 730 * price(catalog, "nat_gateway_hour") * Decimal("0.9")
    assert result.prices.overrides == ["--price nat_gateway_gb=0.05", "--discount 10%"]


def test_missing_rate_is_an_error_not_zero(catalog: Catalog) -> None:
    data = catalog.model_dump(mode="json")
    del data["regions"][R]["rates"]["nat_gateway_hour"]
    lacking = catalog_from_data(data, "test")
    with pytest.raises(MissingRateError, match=r"no price for nat_gateway_hour in us-east-1.*pl-cost pricing refresh"):
        pl_cost.compare(100, 1, R, catalog=lacking)


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"gb": -1}, UsageError, "gb: must be 0 or more"),
        ({"gb": "nan"}, UsageError, "gb: expected a finite number"),
        ({"gb": "inf"}, UsageError, "gb: expected a finite number"),
        ({"gb": "lots"}, UsageError, "gb: expected a number"),
        ({"azs": 0}, UsageError, "azs: must be from 1 to 6"),
        ({"azs": 7}, UsageError, "azs: must be from 1 to 6"),
        ({"hours": 0}, UsageError, "hours: must be above 0"),
        ({"hours": 745}, UsageError, "at most 744"),
        ({"region": "eu-wst-1"}, UnknownRegionError, "did you mean eu-west-1"),
        ({"service": "ecs2"}, UsageError, "valid:"),
        ({"nat": "double"}, UsageError, "per-az, single, regional"),
        ({"endpoints": 0}, UsageError, "endpoints: count must be from 1"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], error: type[Exception], text: str) -> None:
    args: dict[str, object] = {"gb": 100, "azs": 2, "region": R} | kwargs
    with pytest.raises(error, match=text):
        pl_cost.compare(**args)  # type: ignore[arg-type]


def test_break_even_for_several_az_counts(catalog: Catalog) -> None:
    report = pl_cost.break_even([1, 2, 3], R)
    per_gb = price(catalog, "nat_gateway_gb") - price(catalog, "interface_endpoint_gb")
    for row in report.rows:
        assert row.nat_stays.break_even_gb == row.azs * 730 * price(catalog, "interface_endpoint_hour") / per_gb
        assert row.nat_goes.outcome == "always"


def test_nat_goes_break_even_when_many_endpoints(catalog: Catalog) -> None:
    # With enough endpoints per AZ the NAT's fixed cost no longer covers them: a finite break-even appears.
    n = 12
    result = pl_cost.compare(0, 1, R, endpoints=n)
    goes = result.situations["nat_goes"]
    nat_fixed = 730 * (price(catalog, "nat_gateway_hour") + price(catalog, "public_ipv4_hour"))
    ep_fixed = n * 730 * price(catalog, "interface_endpoint_hour")
    per_gb = price(catalog, "nat_gateway_gb") - price(catalog, "interface_endpoint_gb")
    assert ep_fixed > nat_fixed
    assert goes.break_even_outcome == "above"
    assert goes.break_even_gb == (ep_fixed - nat_fixed) / per_gb


def test_models_survive_a_json_round_trip() -> None:
    result = pl_cost.compare(200, 2, R, service="ecr")
    again = type(result).model_validate_json(result.model_dump_json())
    assert again == result


def test_results_show_as_html_and_records() -> None:
    result = pl_cost.compare(200, 2, R)
    html = result._repr_html_()
    assert "<table>" in html and "NAT gateway hours" in html and "Verdict, NAT stays" in html
    records = result.to_records()
    assert [r["name"] for r in records][:3] == [i.name for i in result.nat_path.line_items][:3]
    assert sum(r["monthly"] for r in records) == result.nat_path.total_monthly + result.endpoint_path.total_monthly


def test_to_dataframe_needs_pandas_or_says_so() -> None:
    result = pl_cost.compare(200, 2, R)
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(DomainError, match="pandas is not installed"):
            result.to_dataframe()
    else:
        frame = result.to_dataframe()
        assert list(frame["name"]) == [r["name"] for r in result.to_records()]
