"""Pieces of the evidence scan: DNS names to services, ip-ranges containment, exact decimals, the progress bar."""

from __future__ import annotations

import io
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pl_cost.duckdb_runner import ProgressBar
from pl_cost.evidence.hostnames import classify_name
from pl_cost.evidence.ipranges import ipv4_int, load_ip_ranges, parse_ip_ranges
from pl_cost.evidence.write import to_json, to_yaml


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("api.ecr.us-east-1.amazonaws.com.", "service:ecr"),
        ("123456789012.dkr.ecr.us-east-1.amazonaws.com", "service:ecr"),
        ("logs.us-east-1.amazonaws.com", "service:logs"),
        ("sts.us-east-1.amazonaws.com", "service:sts"),
        ("sts.amazonaws.com.", "aws-global"),
        ("logs.eu-west-1.amazonaws.com", "aws-other-region"),
        ("bucket.s3.us-east-1.amazonaws.com", "service:s3"),
        ("s3.dualstack.us-east-1.amazonaws.com", "service:s3"),
        ("bucket.s3-us-west-2.amazonaws.com", "aws-other-region"),
        ("ssmmessages.us-east-1.amazonaws.com", "service:ssm"),
        ("kinesis.us-east-1.amazonaws.com", "service:kinesis-streams"),
        ("kms-fips.us-east-1.amazonaws.com", "service:kms"),
        ("abc.execute-api.us-east-1.amazonaws.com", "service:execute-api"),
        ("x.gr7.us-east-1.eks.amazonaws.com", "service:eks"),
        ("eks-auth.us-east-1.api.aws", "service:eks-auth"),
        ("somethingnew.us-east-1.amazonaws.com", "aws-unattributed"),
        # S3's own names at the end of a bucket's CNAME chain.
        ("s3-r-w.us-east-1.amazonaws.com.", "service:s3"),
        ("s3-r-w.dualstack.us-east-1.amazonaws.com", "service:s3"),
        ("s3-r-w.eu-west-1.amazonaws.com", "aws-other-region"),
        ("s3-3-w.amazonaws.com.", "service:s3"),
        ("s3-1-w.amazonaws.com", "service:s3"),
        ("example.org.", None),
    ],
)
def test_names_to_services(name: str, label: str | None) -> None:
    assert classify_name(name, "us-east-1") == label


def test_service_names_exist_in_the_catalog() -> None:
    from pl_cost.evidence.hostnames import name_keys
    from pl_cost.services import service_table

    assert set(name_keys().values()) <= set(service_table())


def test_most_specific_non_amazon_subset_wins() -> None:
    ranges = parse_ip_ranges(
        json.dumps(
            {
                "createDate": "2030-01-01-00-00-00",
                "prefixes": [
                    {"ip_prefix": "10.0.0.0/8", "region": "us-east-1", "service": "AMAZON"},
                    {"ip_prefix": "10.1.0.0/16", "region": "us-east-1", "service": "AMAZON"},
                    {"ip_prefix": "10.1.2.0/24", "region": "us-east-1", "service": "AMAZON"},
                    {"ip_prefix": "10.1.0.0/16", "region": "eu-west-1", "service": "S3"},
                    {"ip_prefix": "10.1.0.0/16", "region": "eu-west-1", "service": "EC2"},
                    {"ip_prefix": "10.2.0.0/16", "region": "us-east-1", "service": "EC2"},
                ],
            }
        ),
        "test",
    )
    best = ranges.best(ipv4_int("10.1.2.3") or 0)
    assert best is not None and (best.service, best.region) == ("S3", "eu-west-1")  # beats the longer AMAZON /24
    only_amazon = ranges.best(ipv4_int("10.9.0.1") or 0)
    assert only_amazon is not None and only_amazon.prefix_len == 8
    assert ranges.best(ipv4_int("192.0.2.1") or 0) is None


def test_shipped_ip_ranges() -> None:
    from pl_cost.evidence.ipranges import SHIPPED

    ranges = load_ip_ranges()
    shipped = json.loads((Path(__file__).resolve().parent.parent / "src/pl_cost" / SHIPPED).read_text())
    assert ranges.create_date == shipped["createDate"] and len(ranges.ranges) == len(shipped["prefixes"])
    ddb = ranges.best(ipv4_int("52.94.0.10") or 0)
    assert ddb is not None and (ddb.service, ddb.region) == ("DYNAMODB", "us-east-1")


@pytest.mark.parametrize(
    "text", ["2600:1f18::1", "-", "1.2.3", "1.2.3.256", "a.b.c.d", "1.2.3.4.5", "1e2.0.0.1", "١.2.3.4"]
)
def test_not_ipv4(text: str) -> None:
    assert ipv4_int(text) is None


def test_decimals_stay_exact() -> None:
    data = {"a": Decimal("123456789012.123456"), "b": Decimal("730"), "c": [Decimal("0.000001")]}
    assert json.loads(to_json(data)) == {"a": "123456789012.123456", "b": "730", "c": ["0.000001"]}
    loaded = yaml.safe_load(to_yaml(data))
    assert loaded["b"] == 730 and str(loaded["c"][0]) in ("1e-06", "0.000001")


def test_progress_only_on_a_terminal() -> None:
    silent = io.StringIO()
    ProgressBar("scan", total=100, stream=silent).update(50)
    assert silent.getvalue() == ""
    shown = io.StringIO()
    bar = ProgressBar("scan", total=100, stream=shown, enabled=True)
    bar.update(50)
    bar.close()
    assert "[###############...............]  50%" in shown.getvalue() and shown.getvalue().endswith("\r")


def test_ipv4_parse_is_the_same_in_sql() -> None:
    duckdb = pytest.importorskip("duckdb")
    from pl_cost.evidence.sql import ipv4_int_sql

    con = duckdb.connect()
    for text in [
        "1.2.3.4",
        "01.2.3.4",
        "255.255.255.255",
        "256.1.1.1",
        "1.2.3.4.5",
        "1e2.0.0.1",
        "::1",
        "-",
        " 1.2.3.4",
    ]:
        [(value,)] = con.execute(f"SELECT {ipv4_int_sql('x')} FROM (SELECT ?::VARCHAR AS x)", [text]).fetchall()
        assert value == ipv4_int(text), text


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("${version} ${account-id} ${interface-id}", ("version", "account-id", "interface-id")),
        ("version account-id interface-id", ("version", "account-id", "interface-id")),
        ("version,account_id , interface-id", ("version", "account-id", "interface-id")),
    ],
)
def test_fields_as_aws_writes_them(text: str, fields: tuple[str, ...]) -> None:
    from pl_cost.evidence.fields import parse_fields

    assert parse_fields(text).fields == fields


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "give the log format"),
        ("${version} extra", "outside ${...}"),
        ("version version", "more than once"),
        ("Bytes!", "not a field name"),
    ],
)
def test_bad_fields(text: str, needle: str) -> None:
    from pl_cost.errors import UsageError
    from pl_cost.evidence.fields import parse_fields

    with pytest.raises(UsageError, match=re.escape(needle)):
        parse_fields(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(b"0", 0), (b"4249", 4249), (b"9" * 18, int("9" * 18)), (None, None)],
)
def test_integers_are_plain_digits(value: bytes | None, expected: int | None) -> None:
    from pl_cost.evidence.rules import integer

    assert integer(value) == expected


@pytest.mark.parametrize("value", [b"", b"+5", b"5.0", b"1e3", b"0x10", b"1_000", b"05", b"-5", b"9" * 19, b"\xd9\xa3"])
def test_integers_refuse_other_spellings(value: bytes) -> None:
    from pl_cost.evidence.rules import integer

    with pytest.raises(ValueError):
        integer(value)


def test_integer_spellings_agree_with_duckdb() -> None:
    """The DuckDB engine's number test takes exactly what rules.integer takes (its own cast is more lenient)."""
    duckdb = pytest.importorskip("duckdb")
    from pl_cost.evidence.duck import _number
    from pl_cost.evidence.rules import integer

    con = duckdb.connect()
    for raw in ["0", "4249", "9" * 18, "9" * 19, "+5", "5.0", "1e3", "0x10", "1_000", "05", "-5", "0b1", " 5", "٣"]:
        [(value,)] = con.execute(
            f"SELECT CASE WHEN CAST(n AS VARCHAR) = x THEN n END FROM (SELECT x, {_number('x')} AS n FROM"
            " (SELECT ?::VARCHAR AS x))",
            [raw],
        ).fetchall()
        try:
            expected: int | None = integer(raw.encode())
        except ValueError:
            expected = None
        assert value == expected, raw


def test_plausible_window_and_rate() -> None:
    from pl_cost.evidence.rules import FIRST_PLAUSIBLE_EPOCH, MAX_BYTES_PER_SECOND, plausible

    now = 1_800_000_000
    assert plausible(FIRST_PLAUSIBLE_EPOCH, FIRST_PLAUSIBLE_EPOCH + 60, 100, now)
    assert not plausible(0, 60, 100, now)  # start = 0: 1970
    assert not plausible(now, 4_102_444_800, 100, now)  # an end in 2100
    assert not plausible(now - 60, now - 120, 100, now)  # ends before it starts
    assert plausible(now - 60, now, MAX_BYTES_PER_SECOND * 60, now)
    assert not plausible(now - 60, now, MAX_BYTES_PER_SECOND * 60 + 1, now)
    assert not plausible(None, None, 10**22, now)  # a 23-digit byte count


def test_private_destinations_are_never_internet() -> None:
    from pl_cost.evidence.attribute import classify

    assert classify(None, None, True, None, 1, "us-east-1") == "private"
    assert classify(None, None, True, "service:ecr", 1, "us-east-1") == "private"
    assert classify("S3", "us-east-1", True, None, 1, "us-east-1") == "service:s3"
    assert classify("AMAZON", "eu-west-1", False, None, 1, "us-east-1") == "aws-other-region"
    assert classify("CLOUDFRONT", "GLOBAL", False, None, 1, "us-east-1") == "aws-global"
    assert classify("EC2", "us-east-1", False, None, 1, "us-east-1") == "aws-unattributed"
    assert classify(None, None, False, None, 1, "us-east-1") == "internet"


def test_dns_directory_skips_what_is_not_a_resolver_log(tmp_path: Path) -> None:
    from pl_cost.evidence.dns import read_dns_logs

    record = {
        "query_name": "api.ecr.us-east-1.amazonaws.com.",
        "srcaddr": "10.0.1.5",
        "answers": [{"Rdata": "52.0.0.1", "Type": "A", "Class": "IN"}],
    }
    (tmp_path / "resolver.log").write_text(json.dumps(record) + "\nnot json\n" + json.dumps({"x": 1}) + "\n")
    (tmp_path / "README.md").write_text("# notes\n")
    (tmp_path / "export.txt").write_text("2026-08-21T00:00:00.000Z " + json.dumps(record) + "\n")
    dns = read_dns_logs([str(tmp_path)], "us-east-1")
    assert dns.files == 2 and dns.queries == 2 and dns.answers == 2
    assert dns.skipped == [f"{tmp_path / 'README.md'} (not a Resolver query log)"]
    assert dns.malformed == 2 and dns.first_malformed == f"{tmp_path / 'resolver.log'}:2"
    assert dns.by_pair[("10.0.1.5", "52.0.0.1")] == "service:ecr"


def test_discovery_reads_a_file_once(tmp_path: Path) -> None:
    from pl_cost.evidence.files import discover

    folder = tmp_path / "logs"
    folder.mkdir()
    log = folder / "a.log"
    log.write_text("version interface-id srcaddr dstaddr bytes start end\n")
    (tmp_path / "link.log").symlink_to(log)
    found = discover([str(folder), str(log), str(tmp_path / "link.log")])
    assert [f.path for f in found.files] == [log]
    assert len(found.notes) == 2 and all("read once" in n for n in found.notes)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_are_refused_or_skipped(tmp_path: Path) -> None:
    from pl_cost.errors import UsageError
    from pl_cost.evidence.files import discover

    fifo = tmp_path / "pipe.log"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        discover([str(fifo)])
    (tmp_path / "a.log").write_text("version interface-id srcaddr dstaddr bytes start end\n")
    found = discover([str(tmp_path)])
    assert found.skipped == [f"{fifo} (not a regular file)"]


def test_layout_from_the_inventory() -> None:
    """A regional NAT gateway: layout regional, active in the AZs its addresses list; --azs and --nat win."""
    from pl_cost.evidence import nat
    from pl_cost.inventory import load_inventory

    fixtures = Path(__file__).resolve().parent / "fixtures" / "evidence" / "inventory"
    inventory = load_inventory([str(fixtures / "regional-nat-describe-nat-gateways.json")])
    planned = nat.plan(inventory, [], needs_addresses=True)
    assert planned.source == "inventory" and planned.addresses["eni-0aaaaaaaaaaaaaaa2"] == ["10.1.16.10", "10.1.16.11"]
    seen = {e: nat.Seen(4, 2, None, None, 0) for e in planned.nat_enis or []}
    selection = nat.select(planned, set(), seen, nat_given_has_pkt=True)
    layout = nat.layout(selection, inventory, None, None)
    assert (layout.mode, layout.azs, layout.active_azs) == ("regional", 2, 2)
    assert layout.nat_gateways == ["nat-0bbbbbbbbbbbbbbb1"]
    assert nat.layout(selection, inventory, 3, "per-az").active_azs is None
    assert nat.layout(selection, inventory, 3, None) == nat.Layout(
        3, "regional", 2, "--azs", layout.layout_from, layout.nat_gateways
    )


def test_parquet_schemas_are_read_once_on_one_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Parquet file's schema is read once, whatever the number of files: one connection for them all."""
    pytest.importorskip("duckdb")
    from pl_cost import duckdb_runner
    from pl_cost.evidence import duck, profile_from_flow_logs
    from tests.evidence_data import generate, write_as

    scenario = generate(tmp_path / "seed", files=1)
    folders = [write_as(scenario, tmp_path / "parquet" / name, "parquet") for name in ("a", "b", "c")]
    described: list[str] = []
    connections: list[object] = []
    real_fields, real_connect = duck._parquet_fields, duckdb_runner.connect

    def fields(con: object, log: object) -> tuple[str, ...]:
        described.append(str(log.path))  # type: ignore[attr-defined]
        return real_fields(con, log)

    def connect(hint: str) -> object:
        connections.append(hint)
        return real_connect(hint)

    monkeypatch.setattr(duck, "_parquet_fields", fields)
    monkeypatch.setattr(duckdb_runner, "connect", connect)
    result = profile_from_flow_logs([str(tmp_path / "parquet")], scenario.region, engine="duckdb", progress=False)
    assert sorted(described) == sorted(str(f) for f in folders)  # each file once
    assert len(connections) == 2  # the schemas, then the scan
    assert result.evidence.records.read == len(folders) * scenario.records
