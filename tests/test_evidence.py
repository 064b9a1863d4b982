"""Profiles from generated flow logs: per-service GB/month against the known truth, on both engines and every format."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pl_cost.errors import DomainError
from pl_cost.evidence import profile_from_flow_logs
from pl_cost.evidence.model import NAT_PATH_CLASSES, EvidenceProfile
from tests.evidence_data import (
    DEFAULT_FIELDS,
    DELIVERY_FORMATS,
    NAT_ENI,
    NAT_ID,
    NOISE_ROUNDS,
    SECOND_AZS,
    SECOND_NAT_ID,
    SECOND_VPC_ID,
    VPC_ID,
    Scenario,
    add_second_vpc,
    destinations,
    dns_records,
    generate,
    write_as,
)

duckdb = pytest.importorskip("duckdb")
ENGINES = ["python", "duckdb"]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return generate(tmp_path_factory.mktemp("logs"))


@pytest.fixture(scope="module")
def default_scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """The same traffic in the default version-2 format (no pkt-* addresses, no instance-id)."""
    return generate(tmp_path_factory.mktemp("v2"), default_format=True)


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, Path]:
    """One flow-log folder with two VPCs' NAT traffic, and an inventory folder of both VPCs."""
    root = tmp_path_factory.mktemp("org")
    scenario = generate(root)
    return scenario, add_second_vpc(scenario, root)


def run(scenario: Scenario, engine: str, paths: list[str] | None = None, **options: object) -> EvidenceProfile:
    return profile_from_flow_logs(
        paths or [str(p) for p in scenario.flow_dirs],
        scenario.region,
        dns_logs=[str(p) for p in scenario.dns_files],
        engine=engine,  # type: ignore[arg-type]
        progress=False,
        **options,  # type: ignore[arg-type]
    )


def comparable(result: EvidenceProfile) -> tuple[object, object]:
    """The profile and the evidence without what names the inputs (files, formats, engine)."""
    evidence = result.evidence.model_dump(exclude={"engine", "sources", "caveats"})
    return result.profile.model_dump(), evidence


@pytest.mark.parametrize("engine", ENGINES)
def test_services_match_the_truth(scenario: Scenario, engine: str) -> None:
    result = run(scenario, engine)
    truth = scenario.truth_gb_per_month()
    services = result.profile.services
    expected = {k.removeprefix("service:"): v for k, v in truth.items() if k.startswith("service:")}
    assert set(services) == set(expected) == {"s3", "dynamodb", "ecr", "logs", "sts"}
    for name, gb in expected.items():
        assert abs(services[name] - gb) < Decimal("0.000001"), name  # exact up to the written precision


@pytest.mark.parametrize("engine", ENGINES)
def test_everything_else_stays_on_the_nat(scenario: Scenario, engine: str) -> None:
    result = run(scenario, engine)
    truth = scenario.truth_gb_per_month()
    nat_path = {k: v for k, v in truth.items() if not k.startswith("service:")}
    assert set(nat_path) <= set(NAT_PATH_CLASSES)
    assert set(result.evidence.nat_path_gb_per_month) == set(nat_path)
    assert abs(result.profile.internet_gb_per_month - sum(nat_path.values())) < Decimal("0.00001")
    classes = result.evidence.bytes_by_destination
    # S3 in another region is S3 by ip-ranges, but a gateway endpoint cannot serve it.
    assert classes["s3-other-region"].bytes == scenario.truth_bytes["s3-other-region"]
    assert classes["aws-global"].bytes == scenario.truth_bytes["aws-global"]
    # Peering / Transit Gateway / on-premises addresses (RFC 1918, 100.64/10) are never "internet".
    assert classes["private"].bytes == scenario.truth_bytes["private"] > 0
    assert classes["internet"].bytes == scenario.truth_bytes["internet"]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_record_accounted_for(scenario: Scenario, engine: str) -> None:
    result = run(scenario, engine)
    assert result.evidence.bytes_counted == sum(scenario.truth_bytes.values())
    for name, entry in result.evidence.bytes_by_destination.items():
        assert entry.bytes == scenario.truth_bytes[name], name
    records = result.evidence.records
    assert records.read == scenario.records
    parts = ("used", "nodata", "skipdata", "rejected", "other_interfaces", "nat_other_legs", "malformed")
    assert sum(getattr(records, p) for p in parts) == records.read
    assert records.nodata == scenario.nodata and records.skipdata == scenario.skipdata
    flows = sum(d.flows for d in destinations())
    assert records.used == records.nat_other_legs == 2 * flows  # each byte crosses the NAT twice, counted once
    assert records.malformed == 0 and records.first_malformed is None
    assert any("SKIPDATA" in note for note in result.evidence.caveats)
    assert result.evidence.nat_interfaces == [NAT_ENI]
    assert result.evidence.nat.source == "inferred" and result.evidence.nat.inferred == [NAT_ENI]
    assert result.evidence.span.seconds == scenario.span_seconds


def test_engines_agree(scenario: Scenario) -> None:
    assert comparable(run(scenario, "python")) == comparable(run(scenario, "duckdb"))


def test_inventory_names_the_nat_and_the_layout(scenario: Scenario) -> None:
    result = run(scenario, "python", inventory=[str(p) for p in scenario.inventory])
    assert result.evidence.nat.source == "inventory" and result.evidence.nat.inferred == []
    assert result.evidence.nat.nat_gateways == [NAT_ID]
    # The VPC's two instance interfaces sit in two AZs; one zonal NAT gateway: a single NAT for 2 AZs.
    assert (result.profile.azs, result.profile.nat.mode) == (2, "single")
    assert result.evidence.nat.azs_from.startswith("inventory")
    assert result.evidence.bytes_counted == sum(scenario.truth_bytes.values())
    assert not any("recognised from the records" in note for note in result.evidence.caveats)


@pytest.mark.parametrize("engine", ENGINES)
def test_default_format_counts_by_the_nat_address(default_scenario: Scenario, engine: str) -> None:
    """Without pkt-* fields the legs between the NAT's own address and the far end are counted."""
    result = run(default_scenario, engine, inventory=[str(p) for p in default_scenario.inventory])
    assert result.evidence.method.startswith("NAT address")
    classes = result.evidence.bytes_by_destination
    for name in ("service:s3", "service:dynamodb", "s3-other-region", "internet", "private"):
        assert classes[name].bytes == default_scenario.truth_bytes[name], name
    assert result.evidence.bytes_counted == sum(default_scenario.truth_bytes.values())
    assert result.evidence.records.rejected == NOISE_ROUNDS  # one rejected NAT leg per round of noise


def test_default_format_needs_the_inventory(default_scenario: Scenario) -> None:
    from pl_cost.errors import UsageError

    with pytest.raises(UsageError, match="need the NAT gateway's private address"):
        run(default_scenario, "python")
    with pytest.raises(UsageError, match="--inventory"):
        run(default_scenario, "python", nat_enis=[NAT_ENI])


@pytest.mark.parametrize("fmt", DELIVERY_FORMATS)
def test_every_delivery_format_gives_the_same_profile(default_scenario: Scenario, tmp_path: Path, fmt: str) -> None:
    """Headerless, CloudWatch export, CloudWatch JSON, subscription payloads and Parquet: the same as S3 text."""
    inventory = [str(p) for p in default_scenario.inventory]
    expected = comparable(run(default_scenario, "duckdb", inventory=inventory))
    target = write_as(default_scenario, tmp_path, fmt)
    engines = ["duckdb"] if fmt.startswith("parquet") else ENGINES
    for engine in engines:
        result = run(default_scenario, engine, paths=[str(target)], inventory=inventory)
        assert comparable(result) == expected, (fmt, engine)
        assert result.evidence.sources.files == 1


def test_custom_format_without_header_takes_fields(scenario: Scenario, tmp_path: Path) -> None:
    """CloudWatch Logs records of a custom format: the order comes from AWS's ${field} format string."""
    target = write_as(scenario, tmp_path, "cloudwatch-export")
    fields = " ".join("${" + name + "}" for name in scenario.order)
    expected = comparable(run(scenario, "python"))
    for engine in ENGINES:
        result = run(scenario, engine, paths=[str(target)], fields=fields)
        assert comparable(result) == expected
        assert result.evidence.sources.field_order == ["--fields: 1 file(s)"]


def test_headerless_without_fields_is_a_clear_error(scenario: Scenario, tmp_path: Path) -> None:
    from pl_cost.errors import UsageError

    target = write_as(scenario, tmp_path, "headerless")
    expected = rf"records have {len(scenario.order)} fields, the default format has {len(DEFAULT_FIELDS)}"
    with pytest.raises(UsageError, match=expected):
        run(scenario, "python", paths=[str(target)])


def test_resolver_names_ecr_logs_and_sts(scenario: Scenario) -> None:
    result = run(scenario, "python")
    dns = result.evidence.dns
    written = dns_records(scenario.region, {d.name: d for d in destinations(scenario.region)})
    assert dns.used and dns.queries == len(written) and dns.malformed_lines == 1  # one 'not json' line, last
    assert dns.first_malformed is not None and dns.first_malformed.endswith(f":{len(written) + 1}")
    # Client 10.0.1.6 never looked the Logs API up: its bytes match on the answer address alone.
    assert 0 < dns.bytes_matched_by_answer_address_only < scenario.truth_bytes["service:logs"]


def test_without_dns_only_gateway_services_are_named(scenario: Scenario) -> None:
    result = profile_from_flow_logs(
        [str(p) for p in scenario.flow_dirs], scenario.region, engine="python", progress=False
    )
    assert set(result.profile.services) == {"s3", "dynamodb"}
    unattributed = result.evidence.bytes_by_destination["aws-unattributed"].bytes
    named = ("service:ecr", "service:logs", "service:sts", "aws-global", "aws-unattributed")
    assert unattributed == sum(scenario.truth_bytes[k] for k in named)
    assert any("--dns-logs" in note for note in result.evidence.caveats)


@pytest.mark.parametrize("engine", ENGINES)
def test_given_nat_eni(scenario: Scenario, engine: str) -> None:
    result = run(scenario, engine, nat_enis=[NAT_ENI], azs=3, nat_mode="per-az")
    assert result.evidence.nat.source == "--nat-eni" and result.evidence.nat.inferred == []
    assert result.profile.azs == 3 and result.profile.nat.mode == "per-az"
    assert result.evidence.nat.azs_from == "--azs" and result.evidence.nat.layout_from == "--nat"
    assert result.evidence.bytes_counted == sum(scenario.truth_bytes.values())


def test_profile_file_is_read_by_the_recommender(scenario: Scenario, tmp_path: Path) -> None:
    from pl_cost.evidence.write import write_profile
    from pl_cost.recommend import load_profile, recommend

    result = run(scenario, "python")
    for name in ("profile.yaml", "profile.json"):
        [written] = write_profile(result, tmp_path / name)
        profile = load_profile(written)
        assert profile.services == result.profile.services
        assert profile.internet_gb_per_month == result.profile.internet_gb_per_month
        assert profile.splits == {"ecr": {}}
        assert profile.evidence is not None and profile.evidence["ip_ranges"]["create_date"] == "2026-08-22-15-17-05"
        assert recommend(profile).nat.action == "keep"
    data = json.loads((tmp_path / "profile.json").read_text())
    assert isinstance(data["internet_gb_per_month"], str)  # exact decimal strings in JSON


def test_json_round_trip_and_schema(scenario: Scenario) -> None:
    from pl_cost.evidence import evidence_schema

    result = run(scenario, "python")
    text = result.model_dump_json()
    assert EvidenceProfile.model_validate_json(text) == result
    data = json.loads(text)
    assert data["schema_name"] == "pl-cost.evidence-profile" and data["schema_version"] == 2
    assert isinstance(data["profile"]["services"]["s3"], str)
    schema = evidence_schema()
    assert set(schema["properties"]) == {"schema_name", "schema_version", "profile", "evidence"}


def test_hive_layout_keys(tmp_path: Path) -> None:
    from pl_cost.evidence.files import discover

    folder = (
        tmp_path / "AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=08"
        "/day=21/hour=05"
    )
    folder.mkdir(parents=True)
    (folder / "x.log").write_text("version interface-id\n")
    [log] = discover([str(tmp_path)]).files
    assert (log.layout, log.account, log.region, log.hourly) == ("hive", "123456789012", "us-east-1", True)


@pytest.mark.parametrize("engine", ENGINES)
def test_nat_gateways_of_several_vpcs_are_one_error(organisation: tuple[Scenario, Path], engine: str) -> None:
    """One bucket, many VPCs, an organisation's inventory: never one profile pooling the VPCs' AZs and NATs."""
    scenario, org = organisation
    with pytest.raises(DomainError) as caught:
        run(scenario, engine, inventory=[str(org)])
    message = str(caught.value)
    assert f"{VPC_ID}: {NAT_ENI}" in message and SECOND_VPC_ID in message and "--vpc" in message
    assert "\n" not in message


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("vpc", "nat_id", "azs"), [(VPC_ID, NAT_ID, 2), (SECOND_VPC_ID, SECOND_NAT_ID, len(SECOND_AZS))]
)
def test_vpc_picks_one_vpc_of_an_organisation(
    organisation: tuple[Scenario, Path], engine: str, vpc: str, nat_id: str, azs: int
) -> None:
    scenario, org = organisation
    result = run(scenario, engine, inventory=[str(org)], vpc=vpc)
    assert result.evidence.bytes_counted == sum(scenario.truth_bytes.values())  # that VPC's traffic, once
    assert (result.profile.azs, result.profile.nat.mode) == (azs, "single")
    assert result.evidence.nat.nat_gateways == [nat_id] and result.evidence.nat.without_records == []
    assert result.evidence.nat.vpc == vpc
    assert result.evidence.records.read == 2 * scenario.records  # the other VPC's records are read, not used


def test_vpc_without_a_nat_gateway_names_those_with_one(organisation: tuple[Scenario, Path]) -> None:
    scenario, org = organisation
    with pytest.raises(DomainError, match=rf"--vpc vpc-0123456789abcdef0: .*{VPC_ID}, {SECOND_VPC_ID}"):
        run(scenario, "python", inventory=[str(org)], vpc="vpc-0123456789abcdef0")


def test_several_inferred_nat_gateways_carry_a_caveat(organisation: tuple[Scenario, Path]) -> None:
    """Without an inventory the VPCs cannot be told apart: the output says the profile may pool them."""
    from tests.evidence_data import SECOND_NAT_ENI

    scenario, _ = organisation
    result = run(scenario, "python")
    assert result.evidence.nat.inferred == sorted([NAT_ENI, SECOND_NAT_ENI])
    assert any("a profile is one VPC's" in note for note in result.evidence.caveats)
