"""`pl-cost profile`: output formats, files written atomically, and one clear line for every bad input."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliResult
from tests.evidence_data import Scenario, generate

Cli = Callable[..., CliResult]
DEFAULT_HEADER = (
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"
)
ENGINES = ["python", "duckdb"]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return generate(tmp_path_factory.mktemp("cli"), seed=3, files=3)


def flow_args(scenario: Scenario) -> list[str]:
    return [str(scenario.flow_dirs[0]), "--region", scenario.region, "--dns-logs", str(scenario.dns_files[0])]


def one_error(result: CliResult, code: int = 2) -> str:
    assert result.code == code, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("pl-cost: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize("fmt", ["json", "yaml", "table"])
def test_formats(cli: Cli, scenario: Scenario, fmt: str) -> None:
    result = cli("profile", "flow-logs", *flow_args(scenario), "--format", fmt, "--engine", "python")
    assert result.code == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert (
            data["region"] == scenario.region and data["evidence"]["ip_ranges"]["create_date"] == "2026-08-22-15-17-05"
        )
    elif fmt == "yaml":
        data = yaml.safe_load(result.stdout)
        assert set(data["services"]) == {"s3", "dynamodb", "ecr", "logs", "sts"}
    else:
        assert "createDate 2026-08-22-15-17-05" in result.stdout and "service:ecr" in result.stdout


def test_output_then_recommend(cli: Cli, scenario: Scenario, tmp_path: Path) -> None:
    target = tmp_path / "profile.yaml"
    result = cli("profile", "flow-logs", *flow_args(scenario), "--output", str(target), "--format", "json")
    assert result.code == 0, result.stderr
    assert f"wrote {target}" in result.stderr
    plan = cli("recommend", str(target), "--format", "json")
    assert plan.code == 0, plan.stderr
    assert {e["service"] for e in json.loads(plan.stdout)["endpoints"]} >= {"s3", "dynamodb"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_written_profile_validates_against_profile_model(cli: Cli, scenario: Scenario, tmp_path: Path) -> None:
    from pl_cost.recommend.profile import Profile

    target = tmp_path / "p.json"
    assert cli("profile", "flow-logs", *flow_args(scenario), "-o", str(target)).code == 0
    data = json.loads(target.read_text())
    profile = Profile.model_validate(data)
    assert profile.region == scenario.region


def write_gz(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt") as handle:
        handle.write(text)
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_not_a_flow_log(cli: Cli, tmp_path: Path, engine: str) -> None:
    bad = tmp_path / "notes.log"
    bad.write_text("hello, this is not a flow log\n")
    err = one_error(cli("profile", "flow-logs", str(bad), "--region", "us-east-1", "--engine", engine))
    assert "not a VPC flow log" in err


def test_binary_file(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "x.log"
    bad.write_bytes(bytes(range(256)) * 4)
    assert "not a VPC flow log" in one_error(cli("profile", "flow-logs", str(bad), "--region", "us-east-1"))


def test_default_format_lacks_pkt_fields(cli: Cli, tmp_path: Path) -> None:
    log = write_gz(tmp_path / "a.log.gz", DEFAULT_HEADER + "\n2 1 eni-1 10.0.0.1 1.1.1.1 1 2 6 1 100 1 61 ACCEPT OK\n")
    err = one_error(
        cli("profile", "flow-logs", str(log), "--region", "us-east-1", "--nat-eni", "eni-0123456789abcdef0")
    )
    assert "pkt-srcaddr, pkt-dstaddr" in err and "custom log format" in err


def test_missing_instance_id_without_nat_eni(cli: Cli, tmp_path: Path) -> None:
    header = "interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr bytes start end"
    log = write_gz(tmp_path / "a.log.gz", header + "\neni-1 10.0.0.1 10.0.0.9 10.0.0.1 1.1.1.1 100 1 61\n")
    err = one_error(cli("profile", "flow-logs", str(log), "--region", "us-east-1"))
    assert "instance-id" in err and "--nat-eni" in err


def test_empty_directory(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    err = one_error(cli("profile", "flow-logs", str(tmp_path / "empty"), "--region", "us-east-1"))
    assert "no flow-log files" in err


def test_missing_path(cli: Cli, tmp_path: Path) -> None:
    err = one_error(cli("profile", "flow-logs", str(tmp_path / "nope"), "--region", "us-east-1"))
    assert "no such file or directory" in err


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_gzip_leaves_nothing_half_written(cli: Cli, scenario: Scenario, tmp_path: Path, engine: str) -> None:
    good = next(scenario.flow_dirs[0].rglob("*.log.gz")).read_bytes()
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "a.log.gz").write_bytes(good)
    (folder / "b.log.gz").write_bytes(good[: len(good) // 2])
    target = tmp_path / "profile.yaml"
    target.write_text("old: content\n")
    result = cli("profile", "flow-logs", str(folder), "--region", "us-east-1", "-o", str(target), "--engine", engine)
    err = one_error(result)
    assert "b.log.gz" in err or "gzip" in err.lower()
    assert target.read_text() == "old: content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs", "profile.yaml"]


def test_garbage_gzip(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "x.log.gz"
    bad.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    err = one_error(cli("profile", "flow-logs", str(bad), "--region", "us-east-1"))
    assert "unreadable gzip" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--region", "us-east-9"], "unknown region"),
        (["--region", "us-east-1", "--nat-eni", "nat-123"], "not an interface id"),
        (["--region", "us-east-1", "--format", "csv"], "unknown format"),
        (["--region", "us-east-1", "--engine", "spark"], "unknown engine"),
        (["--region", "us-east-1", "--output", "p.toml"], ".yaml, .yml or .json"),
        (["--region", "us-east-1", "--nat-eni", "eni-0123456789abcdef0"], "no records for eni-0123456789abcdef0"),
        (["--region", "us-east-1", "--ip-ranges", "/nonexistent.json"], "--ip-ranges"),
    ],
)
def test_bad_options(cli: Cli, scenario: Scenario, args: list[str], needle: str) -> None:
    assert needle in one_error(cli("profile", "flow-logs", str(scenario.flow_dirs[0]), *args))


def test_no_nat_interface_found(cli: Cli, tmp_path: Path) -> None:
    header = "interface-id instance-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr bytes start end"
    line = "eni-1 i-1 10.0.0.1 1.1.1.1 10.0.0.1 1.1.1.1 100 1 61\n"
    log = write_gz(tmp_path / "a.log.gz", header + "\n" + line)
    assert "no NAT gateway interface" in one_error(cli("profile", "flow-logs", str(log), "--region", "us-east-1"), 1)


def test_newer_ip_ranges_file(cli: Cli, scenario: Scenario, tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parent.parent / "src/pl_cost/data/ip-ranges.json"
    data = json.loads(shipped.read_text())
    data["createDate"] = "2027-01-01-00-00-00"
    newer = tmp_path / "ip-ranges.json"
    newer.write_text(json.dumps(data))
    result = cli("profile", "flow-logs", *flow_args(scenario), "--ip-ranges", str(newer))
    assert result.code == 0 and "createDate 2027-01-01-00-00-00" in result.stdout


def test_athena_prints_sql(cli: Cli, scenario: Scenario) -> None:
    result = cli("profile", "flow-logs", str(scenario.flow_dirs[0]), "--region", scenario.region, "--athena")
    assert result.code == 0
    assert result.stdout.count("CREATE EXTERNAL TABLE") == 1 and "GROUP BY 1, 2, 3, 4, 5, 6;" in result.stdout
