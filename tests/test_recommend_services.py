"""The service catalog ships its bundles and splits with sources, and agrees with the research notes."""

from __future__ import annotations

import json

import pytest

from pl_cost.services import bundle_table, get_service, service_table, split_table
from tests.conftest import SHARED

REFERENCE = SHARED / "reference" / "service-bundles.json"


def test_every_entry_cites_a_source() -> None:
    assert all(s.source.startswith("https://") for s in service_table().values())
    assert all(b.source.startswith("https://") for b in bundle_table().values())
    assert all(s.source.startswith("https://") for s in split_table().values())


@pytest.mark.skipif(not REFERENCE.exists(), reason="research notes not checked out beside the repository")
def test_shipped_bundles_match_the_research_notes() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    reference.pop("_schema")
    shipped = bundle_table()
    assert set(shipped) == set(reference)
    for name, entry in reference.items():
        bundle = shipped[name]
        assert [(e.service, e.type) for e in bundle.endpoints] == [
            (e["service"], e["type"]) for e in entry["endpoints"]
        ]
        assert [(e.service, e.type) for e in bundle.optional_endpoints] == [
            (e["service"], e["type"]) for e in entry["optional_endpoints"]
        ]
        assert bundle.source == entry["source"]


def test_required_bundle_endpoints_are_known_endpoints() -> None:
    known = {e.service for s in service_table().values() for e in s.endpoints}
    for bundle in bundle_table().values():
        assert {e.service for e in bundle.endpoints} <= known, bundle.name


def test_ecr_split_sends_pull_bytes_to_s3_and_says_it_is_not_measured() -> None:
    split = split_table()["ecr"]
    assert set(split.shares) == {"s3"}
    assert 0 < split.shares["s3"] <= 1
    assert not split.measured and "No AWS source" in split.assumption


def test_compare_service_lookup_still_works() -> None:
    ecr = get_service("ecr")
    assert ecr.interface_endpoints == ("ecr.api", "ecr.dkr")
    assert [g.service for g in ecr.gateway_endpoints] == ["s3"]
