"""AWS's own documented flow-log records (tests/fixtures/evidence/aws-doc, see its README): the NAT gateway's
bytes count once, transit-gateway interfaces are never taken for NAT gateways, every record is accounted for.

The NAT and transit-gateway examples print no bytes, start or end (their formats omit them); the tests add
those three fields to each documented record, keeping the documented fields as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pl_cost.errors import DomainError
from pl_cost.evidence import profile_from_flow_logs
from pl_cost.evidence.model import EvidenceProfile
from tests.conftest import CliResult
from tests.evidence_data import FIXTURES

pytest.importorskip("duckdb")
ENGINES = ["python", "duckdb"]
DOC = FIXTURES / "aws-doc"
INVENTORY = [
    str(FIXTURES / "inventory" / f"doc-vpc-describe-{n}.json") for n in ("nat-gateways", "network-interfaces", "vpcs")
]
NAT_ENI = "eni-1235b8ca123456789"
TGW_ENIS = ("eni-11111111111111111", "eni-22222222222222222")
START, END = 1787270400, 1787270460  # 2026-08-21, a minute
#: Bytes the tests give each documented record of the NAT example: the request leg, then the response leg.
REQUEST, RESPONSE = 1_000, 5_000


def documented(name: str) -> tuple[str, list[str]]:
    header, *records = (DOC / name).read_text(encoding="ascii").splitlines()
    return header, records


def measured(name: str, folder: Path, sizes: list[int]) -> Path:
    """The documented records with bytes, start and end added, as an S3 text file."""
    header, records = documented(name)
    assert len(sizes) == len(records)
    lines = [f"{header} bytes start end", *(f"{r} {b} {START} {END}" for r, b in zip(records, sizes, strict=True))]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_text("\n".join(lines) + "\n", encoding="ascii")
    return target


def nat_example(folder: Path) -> Path:
    # instance->NAT and NAT->internet carry the request; internet->NAT and NAT->instance the response; then the
    # instance's own two records.
    return measured("nat-gateway.log", folder, [REQUEST, REQUEST, RESPONSE, RESPONSE, REQUEST, RESPONSE])


def tgw_example(folder: Path) -> Path:
    return measured("transit-gateway.log", folder, [700, 900, 700, 900])


def run(paths: list[Path], engine: str, **options: object) -> EvidenceProfile:
    return profile_from_flow_logs(
        [str(p) for p in paths],
        "us-east-1",
        engine=engine,
        progress=False,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_nat_example_counts_each_byte_once(tmp_path: Path, engine: str) -> None:
    result = run([nat_example(tmp_path)], engine)
    ev = result.evidence
    assert ev.nat_interfaces == [NAT_ENI] and ev.nat.source == "inferred"
    # 203.0.113.5 is in no AWS range: the internet, request and response once each.
    assert {k: v.bytes for k, v in ev.bytes_by_destination.items()} == {"internet": REQUEST + RESPONSE}
    assert (ev.records.read, ev.records.used, ev.records.nat_other_legs, ev.records.other_interfaces) == (6, 2, 2, 2)
    assert result.profile.services == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_transit_gateway_example_is_never_nat(tmp_path: Path, engine: str) -> None:
    with pytest.raises(DomainError, match="no NAT gateway traffic found"):
        run([tgw_example(tmp_path)], engine)
    result = run([tgw_example(tmp_path), nat_example(tmp_path / "nat")], engine)
    ev = result.evidence
    assert ev.nat_interfaces == [NAT_ENI]
    assert {note.interface_id for note in ev.nat.not_nat} == set(TGW_ENIS)
    assert all("transit gateway" in note.seen for note in ev.nat.not_nat)
    assert {k: v.bytes for k, v in ev.bytes_by_destination.items()} == {"internet": REQUEST + RESPONSE}
    assert ev.records.other_interfaces == 2 + 4  # the instance's two records and the four of the TGW example


@pytest.mark.parametrize("engine", ENGINES)
def test_transit_gateway_alone_with_allow_empty_says_so(tmp_path: Path, engine: str) -> None:
    result = run([tgw_example(tmp_path)], engine, allow_empty=True)
    assert result.evidence.empty and result.evidence.nat.source == "none" and result.evidence.nat_interfaces == []
    assert result.profile.internet_gb_per_month == 0 and result.profile.services == {}
    assert any("--allow-empty" in note for note in result.evidence.caveats)


@pytest.mark.parametrize("engine", ENGINES)
def test_nat_eni_naming_a_transit_gateway_interface(tmp_path: Path, engine: str) -> None:
    with pytest.raises(DomainError) as caught:
        run([tgw_example(tmp_path)], engine, nat_enis=[TGW_ENIS[0]])
    message = str(caught.value)
    assert message.startswith(f"--nat-eni {TGW_ENIS[0]}: no NAT gateway pattern")
    assert "10.40.1.175 never talks to those far ends" in message and "\n" not in message


def test_nat_eni_naming_a_transit_gateway_interface_in_the_cli(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    result = cli("profile", "flow-logs", str(tgw_example(tmp_path)), "-r", "us-east-1", "--nat-eni", TGW_ENIS[1])
    assert result.code == 1 and result.stdout == "" and result.stderr.count("\n") == 1
    assert "10.40.2.31" in result.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_inventory_rules_out_the_transit_gateway(tmp_path: Path, engine: str) -> None:
    """With AWS's own description of the interfaces, the pattern is not needed and a wrong --nat-eni says what it is."""
    result = run([tgw_example(tmp_path), nat_example(tmp_path / "nat")], engine, inventory=INVENTORY)
    assert result.evidence.nat.source == "inventory" and result.evidence.nat.nat_gateways == ["nat-0123456789abcdef0"]
    assert result.evidence.bytes_counted == REQUEST + RESPONSE
    with pytest.raises(DomainError, match="lists it as a transit_gateway interface"):
        run([tgw_example(tmp_path)], engine, inventory=INVENTORY, nat_enis=[TGW_ENIS[0]])


@pytest.mark.parametrize("engine", ENGINES)
def test_nat_example_in_the_default_format(tmp_path: Path, engine: str) -> None:
    """The same four NAT records and two instance records as default-format (version 2) records: with the NAT's
    address from the inventory, the legs between it and the far end give the same bytes."""
    header, _ = documented("default-format.log")
    _, records = documented("nat-gateway.log")
    lines = [header]
    for record, size in zip(records, [REQUEST, REQUEST, RESPONSE, RESPONSE, REQUEST, RESPONSE], strict=True):
        _instance, eni, src, dst, _psrc, _pdst = record.split(" ")
        lines.append(f"2 123456789010 {eni} {src} {dst} 40000 443 6 10 {size} {START} {END} ACCEPT OK")
    target = tmp_path / "default.log"
    target.write_text("\n".join(lines) + "\n")
    packet = run([nat_example(tmp_path / "custom")], engine)
    address = run([target], engine, inventory=INVENTORY)
    assert address.evidence.method.startswith("NAT address")
    assert address.evidence.bytes_by_destination == packet.evidence.bytes_by_destination
    assert address.profile.internet_gb_per_month == packet.profile.internet_gb_per_month
    # The AZs of the VPC's workload interfaces in the inventory (the instance's), and one zonal NAT gateway.
    assert (address.profile.azs, address.profile.nat.mode) == (1, "single")


@pytest.mark.parametrize("engine", ENGINES)
def test_default_format_examples_are_all_accounted_for(tmp_path: Path, engine: str) -> None:
    target = tmp_path / "default-format.log"
    target.write_text((DOC / "default-format.log").read_text())
    result = run([target], engine, inventory=INVENTORY, allow_empty=True)
    records = result.evidence.records
    text = (DOC / "default-format.log").read_text().splitlines()[1:]
    on_nat = [r for r in text if f" {NAT_ENI} " in r and r.endswith(" OK")]
    assert records.read == len(text)
    assert records.nodata == sum(r.endswith("NODATA") for r in text)
    assert records.skipdata == sum(r.endswith("SKIPDATA") for r in text)
    assert records.rejected == sum(" REJECT " in r for r in on_nat)
    assert records.nat_other_legs == len(on_nat) - records.rejected
    assert records.used == records.malformed == 0
    assert result.evidence.empty


@pytest.mark.parametrize("engine", ENGINES)
def test_the_double_space_record_is_malformed_on_both_engines(tmp_path: Path, engine: str) -> None:
    """AWS's TCP-flag example holds one record with two spaces in a row: 22 fields where the format has 21."""
    target = tmp_path / "tcp-flags.log"
    target.write_text((DOC / "tcp-flags.log").read_text())
    lines = target.read_text().splitlines()
    bad = next(number for number, line in enumerate(lines, start=1) if "  " in line)
    result = run([target], engine, nat_enis=None, allow_empty=True)
    records = result.evidence.records
    assert records.read == len(lines) - 1 and records.malformed == 1
    assert records.first_malformed == f"{target}:{bad}"
    assert records.other_interfaces == len(lines) - 2  # an instance's interface, untranslated


@pytest.mark.parametrize("engine", ENGINES)
def test_version_5_example(tmp_path: Path, engine: str) -> None:
    target = tmp_path / "traffic-path.log"
    target.write_text((DOC / "traffic-path.log").read_text())
    result = run([target], engine, allow_empty=True)
    assert result.evidence.records.read == result.evidence.records.other_interfaces == 2
