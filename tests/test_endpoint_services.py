"""The shipped endpoint-service data: every region covered, every claim sourced, the SSM rule applied."""

from __future__ import annotations

import copy
import json
from datetime import date
from importlib.resources import files
from typing import Any

import pytest

from pl_cost.catalog import Catalog
from pl_cost.endpoint_services import (
    EndpointServiceTable,
    availability,
    endpoint_service_table,
    parse_table,
    unavailable_in,
)
from pl_cost.errors import CatalogError

# https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-setting-up-messageAPIs.html
SSM_RULE_PAGE = "systems-manager-setting-up-messageAPIs.html"
NEW_REGIONS_FROM = date(2024, 1, 1)


def _raw() -> dict[str, Any]:
    text = files("pl_cost").joinpath("data/endpoint-services.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _service_endpoint_names() -> set[str]:
    """Every endpoint a service or bundle in services.json names, wherever the schema puts it."""
    text = files("pl_cost").joinpath("data/services.json").read_text(encoding="utf-8")
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("service"), str) and node.get("type") in ("interface", "gateway"):
                found.add(node["service"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(text))
    return found


@pytest.fixture(scope="module")
def table() -> EndpointServiceTable:
    return endpoint_service_table()


def test_the_shipped_file_parses(table: EndpointServiceTable) -> None:
    assert _raw()["schema_version"] == 1
    assert table.regions and table.endpoint_names


def test_every_catalog_region_has_an_entry(table: EndpointServiceTable, catalog: Catalog) -> None:
    assert set(catalog.regions) <= set(table.regions)


def test_every_endpoint_services_json_uses_is_covered(table: EndpointServiceTable) -> None:
    used = _service_endpoint_names()
    assert used, "walked services.json and found no endpoint"
    assert used <= table.endpoint_names, sorted(used - table.endpoint_names)


def test_each_unavailable_entry_has_a_source_a_date_and_a_reason() -> None:
    for code, region in _raw()["regions"].items():
        assert region["launched_source"].startswith("https://"), code
        date.fromisoformat(region["launched"])
        for name, entry in region["unavailable"].items():
            assert entry["source"].startswith("https://"), (code, name)
            assert date.fromisoformat(entry["source_date"]) <= date.today(), (code, name)
            assert entry["why"].strip(), (code, name)


def test_ec2messages_is_unavailable_exactly_where_the_region_opened_in_2024_or_later(
    table: EndpointServiceTable,
) -> None:
    new = {code for code in table.regions if table.launched(code) >= NEW_REGIONS_FROM}
    assert new, "no region opened in 2024 or later: the launch dates are wrong"
    lacking = {code for code in table.regions if availability(code, "ec2messages").state == "unavailable"}
    assert lacking == new
    for code in new:
        assert SSM_RULE_PAGE in (availability(code, "ec2messages").source or "")


def test_ap_southeast_5_lacks_ec2messages_but_ssm_and_ssmmessages_are_not_ruled_out() -> None:
    assert availability("ap-southeast-5", "ec2messages").state == "unavailable"
    assert availability("ap-southeast-5", "ssm").state != "unavailable"
    assert availability("ap-southeast-5", "ssmmessages").state != "unavailable"


def test_us_east_1_rules_out_nothing_services_json_uses() -> None:
    assert unavailable_in("us-east-1") == {}


def test_unknown_is_not_available_without_a_list() -> None:
    answer = availability("eu-west-1", "logs")
    assert answer.state == "unknown"
    assert answer.source is None


def test_unavailable_in_matches_availability(table: EndpointServiceTable) -> None:
    for code in table.regions:
        gone = unavailable_in(code)
        for name in table.endpoint_names:
            assert (name in gone) == (availability(code, name).state == "unavailable"), (code, name)
        for name, answer in gone.items():
            assert answer.source and answer.source_date and answer.why, (code, name)


def test_a_region_the_data_does_not_cover_is_unknown_not_an_error() -> None:
    # A user's catalog may price a region this data has never seen; the catalog decides whether the region
    # exists, and availability there is simply not known.
    answer = availability("xx-nowhere-9", "ssm")
    assert answer.state == "unknown"
    assert "does not cover xx-nowhere-9" in answer.why
    assert unavailable_in("xx-nowhere-9") == {}


def _with_available_list(names: list[str]) -> dict[str, Any]:
    raw = copy.deepcopy(_raw())
    raw["regions"]["eu-west-1"]["available"] = {
        "names": names,
        "source": "aws ec2 describe-vpc-endpoint-services --region eu-west-1",
        "source_date": "2026-11-30",
    }
    return raw


def test_a_captured_list_makes_listed_names_available_and_missing_ones_unavailable() -> None:
    table = parse_table(_with_available_list(["ssm", "ssmmessages", "sagemaker.api"]))
    assert table.availability("eu-west-1", "ssm").state == "available"
    assert table.availability("eu-west-1", "sagemaker.api").state == "available"
    missing = table.availability("eu-west-1", "ec2messages")
    assert missing.state == "unavailable"
    assert missing.source == "aws ec2 describe-vpc-endpoint-services --region eu-west-1"
    assert table.availability("eu-west-1", "not-covered-by-the-file").state == "unknown"
    assert table.availability("eu-west-2", "ssm").state == "unknown"


def test_a_name_both_listed_and_ruled_out_is_rejected() -> None:
    raw = _with_available_list(["ssm"])
    raw["regions"]["eu-west-1"]["unavailable"]["ssm"] = {"source": "https://x", "source_date": "2026-11-30", "why": "x"}
    with pytest.raises(CatalogError, match="both available and unavailable"):
        parse_table(raw)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw.update(schema_version=2), "schema_version"),
        (lambda raw: raw["regions"]["ap-southeast-5"]["unavailable"]["ec2messages"].pop("source"), "source"),
        (
            lambda raw: raw["regions"]["ap-southeast-5"]["unavailable"].update(
                nonsense={"source": "https://x", "source_date": "2026-11-30", "why": "x"}
            ),
            "nonsense",
        ),
        (lambda raw: raw["regions"]["ap-southeast-5"].update(launched="soon"), "launched"),
    ],
)
def test_malformed_data_is_a_catalog_error(change: Any, message: str) -> None:
    raw = copy.deepcopy(_raw())
    change(raw)
    with pytest.raises(CatalogError, match=message):
        parse_table(raw)
