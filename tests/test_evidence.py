"""Profiles from generated flow logs: per-service GB/month against the known truth, on both engines."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pl_cost.evidence import profile_from_flow_logs
from pl_cost.evidence.model import NAT_PATH_CLASSES, EvidenceProfile
from tests.evidence_data import NAT_ENI, Scenario, generate

duckdb = pytest.importorskip("duckdb")
ENGINES = ["python", "duckdb"]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return generate(tmp_path_factory.mktemp("logs"))


def run(scenario: Scenario, engine: str, **options: object) -> EvidenceProfile:
    return profile_from_flow_logs(
        [str(p) for p in scenario.flow_dirs],
        scenario.region,
        dns_logs=[str(p) for p in scenario.dns_files],
        engine=engine,  # type: ignore[arg-type]
        progress=False,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_services_match_the_truth(scenario: Scenario, engine: str) -> None:
    result = run(scenario, engine)
    truth = scenario.truth_gb_per_month()
    services = result.profile["services"]
    expected = {k.removeprefix("service:"): v for k, v in truth.items() if k.startswith("service:")}
    assert set(services) == set(expected) == {"s3", "dynamodb", "ecr", "logs", "sts"}
    for name, gb in expected.items():
        assert abs(services[name] - gb) <= gb * Decimal("0.02"), name
        assert abs(services[name] - gb) < Decimal("0.000001"), name  # exact up to the written precision


@pytest.mark.parametrize("engine", ENGINES)
def test_everything_else_stays_on_the_nat(scenario: Scenario, engine: str) -> None:
    result = run(scenario, engine)
    truth = scenario.truth_gb_per_month()
    nat_path = {k: v for k, v in truth.items() if not k.startswith("service:")}
    assert set(nat_path) <= set(NAT_PATH_CLASSES)
    assert set(result.evidence["nat_path_gb_per_month"]) == set(nat_path)
    assert abs(result.profile["internet_gb_per_month"] - sum(nat_path.values())) < Decimal("0.00001")
    # S3 in another region is S3 by ip-ranges, but a gateway endpoint cannot serve it.
    assert (
        result.evidence["bytes_by_destination"]["s3-other-region"]["bytes"] == scenario.truth_bytes["s3-other-region"]
    )
    assert result.evidence["bytes_by_destination"]["aws-global"]["bytes"] == scenario.truth_bytes["aws-global"]


@pytest.mark.parametrize("engine", ENGINES)
def test_each_nat_byte_counted_once(scenario: Scenario, engine: str) -> None:
    result = run(scenario, engine)
    assert result.evidence["bytes_counted"] == sum(scenario.truth_bytes.values())
    for name, entry in result.evidence["bytes_by_destination"].items():
        assert entry["bytes"] == scenario.truth_bytes[name], name
    records = result.evidence["records"]
    assert records["total"] == scenario.records
    assert records["nodata"] == scenario.nodata == 3
    assert records["skipdata"] == scenario.skipdata == 1
    assert records["nat_legs_rejected"] == 5
    assert any("SKIPDATA" in note for note in result.evidence["caveats"])
    assert result.evidence["nat_interfaces"] == [NAT_ENI]
    assert result.evidence["span"]["seconds"] == scenario.span_seconds


def test_engines_agree(scenario: Scenario) -> None:
    python, duck = run(scenario, "python"), run(scenario, "duckdb")
    assert python.profile == duck.profile
    strip = {"engine", "records"}
    assert {k: v for k, v in python.evidence.items() if k not in strip} == {
        k: v for k, v in duck.evidence.items() if k not in strip
    }


def test_resolver_names_ecr_logs_and_sts(scenario: Scenario) -> None:
    result = run(scenario, "python")
    dns = result.evidence["dns"]
    assert dns["used"] and dns["queries"] == 11 and dns["malformed_lines"] == 1
    # Client 10.0.1.6 never looked the Logs API up: its bytes match on the answer address alone.
    assert 0 < dns["bytes_matched_by_answer_address_only"] < scenario.truth_bytes["service:logs"]


def test_without_dns_only_gateway_services_are_named(scenario: Scenario) -> None:
    result = profile_from_flow_logs(
        [str(p) for p in scenario.flow_dirs], scenario.region, engine="python", progress=False
    )
    assert set(result.profile["services"]) == {"s3", "dynamodb"}
    unattributed = result.evidence["bytes_by_destination"]["aws-unattributed"]["bytes"]
    named = ("service:ecr", "service:logs", "service:sts", "aws-global", "aws-unattributed")
    assert unattributed == sum(scenario.truth_bytes[k] for k in named)
    assert any("--dns-logs" in note for note in result.evidence["caveats"])


@pytest.mark.parametrize("engine", ENGINES)
def test_given_nat_eni(scenario: Scenario, engine: str) -> None:
    result = run(scenario, engine, nat_enis=[NAT_ENI], azs=3, nat_mode="per-az")
    assert result.evidence["nat_interfaces_recognised"] is False
    assert result.profile["azs"] == 3 and result.profile["nat"]["mode"] == "per-az"
    assert result.evidence["bytes_counted"] == sum(scenario.truth_bytes.values())


def test_profile_file_is_read_by_the_recommender(scenario: Scenario, tmp_path: Path) -> None:
    from pl_cost.evidence.write import write_profile
    from pl_cost.recommend import load_profile, recommend

    result = run(scenario, "python")
    for name in ("profile.yaml", "profile.json"):
        written = write_profile(result, tmp_path / name)
        profile = load_profile(written[0])
        assert profile.services == result.profile["services"]
        assert profile.internet_gb_per_month == result.profile["internet_gb_per_month"]
        assert profile.splits == {"ecr": {}}
        assert recommend(profile).nat.action == "keep"
        if len(written) > 1:
            evidence = json.loads(written[1].read_text())
            assert evidence["ip_ranges"]["create_date"] == "2026-08-22-15-17-05"


def test_parquet_through_duckdb(scenario: Scenario, tmp_path: Path) -> None:
    con = duckdb.connect()
    files = sorted(str(p) for p in scenario.flow_dirs[0].rglob("*.log*"))
    listing = "[" + ", ".join(f"'{f}'" for f in files) + "]"
    target = tmp_path / "flows.parquet"
    header = Path(files[0]).read_text().splitlines()[0].split() if files[0].endswith(".log") else None
    assert header is not None
    # AWS's Parquet flow logs name columns with underscores and store '-' as null.
    select = ", ".join(f'"{name}" AS "{name.replace("-", "_")}"' for name in header)
    con.execute(
        f"COPY (SELECT {select} FROM read_csv({listing}, delim=' ', header=true, nullstr='-', union_by_name=true))"
        f" TO '{target}' (FORMAT parquet)"
    )
    result = profile_from_flow_logs(
        [str(target)], scenario.region, dns_logs=[str(p) for p in scenario.dns_files], engine="duckdb", progress=False
    )
    assert result.profile == run(scenario, "duckdb").profile


def test_hive_layout(tmp_path: Path) -> None:
    from pl_cost.evidence.files import discover

    folder = (
        tmp_path
        / "AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=08/day=21"
    )
    folder.mkdir(parents=True)
    (folder / "x.log").write_text("version interface-id\n")
    [log] = discover([str(tmp_path)])
    assert (log.layout, log.account, log.region) == ("hive", "123456789012", "us-east-1")
