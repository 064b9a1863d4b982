"""`pl-cost profile`: the shared formats, profile files written whole, and one clear line for every bad input."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliResult
from tests.evidence_data import NAT_ENI, Scenario, generate

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
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stderr


def test_bare_profile_prints_its_help(cli: Cli) -> None:
    result = cli("profile")
    assert result.code == 0 and result.stderr == ""
    assert "flow-logs" in result.stdout and "from-athena-result" in result.stdout


def test_help_lists_values_and_an_example(cli: Cli) -> None:
    result = cli("profile", "flow-logs", "--help")
    assert result.code == 0
    text = " ".join(result.stdout.split())
    for needle in (
        "[table|json|csv|markdown",
        "[per-az|single|regional]",
        "[auto|python|duckdb]",
        "--inventory FILE|DIR",
    ):
        assert needle in text
    assert "Examples:" in result.stdout and "pl_cost.evidence.profile_from_flow_logs" in text


@pytest.mark.parametrize("fmt", ["json", "table", "csv", "markdown"])
def test_formats(cli: Cli, scenario: Scenario, fmt: str) -> None:
    result = cli("profile", "flow-logs", *flow_args(scenario), "--format", fmt, "--engine", "python")
    assert result.code == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["schema_name"] == "pl-cost.evidence-profile" and data["profile"]["region"] == scenario.region
        assert data["evidence"]["ip_ranges"]["create_date"] == "2026-08-22-15-17-05"
        assert isinstance(data["profile"]["internet_gb_per_month"], str)  # exact decimal strings
    elif fmt == "csv":
        rows = result.stdout.splitlines()
        assert rows[0].startswith("destination,") and any(r.startswith("service:ecr,") for r in rows)
    elif fmt == "markdown":
        assert result.stdout.startswith("## Workload profile") and "| destination" in result.stdout
    else:
        assert "createDate 2026-08-22-15-17-05" in result.stdout and "service:ecr" in result.stdout
        assert "NAT interfaces (inferred)" in result.stdout


@pytest.mark.parametrize(
    ("option", "name"), [("-o", "profile.yaml"), ("--profile-out", "profile.yaml"), ("--profile-out", "profile.json")]
)
def test_output_then_recommend(cli: Cli, scenario: Scenario, tmp_path: Path, option: str, name: str) -> None:
    target = tmp_path / name
    result = cli("profile", "flow-logs", *flow_args(scenario), option, str(target), "--format", "json")
    assert result.code == 0, result.stderr
    assert f"wrote {target}" in result.stderr
    assert json.loads(result.stdout)["schema_name"] == "pl-cost.evidence-profile"  # the answer stays on stdout
    plan = cli("recommend", str(target), "--format", "json")
    assert plan.code == 0, plan.stderr
    assert {e["service"] for e in json.loads(plan.stdout)["endpoints"]} >= {"s3", "dynamodb"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    from pl_cost.recommend.profile import Profile

    data = yaml.safe_load(target.read_text()) if name.endswith(".yaml") else json.loads(target.read_text())
    assert Profile.model_validate(data).region == scenario.region


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


def test_default_format_without_inventory(cli: Cli, tmp_path: Path) -> None:
    log = write_gz(tmp_path / "a.log.gz", DEFAULT_HEADER + "\n2 1 eni-1 10.0.0.1 1.1.1.1 1 2 6 1 100 1 61 ACCEPT OK\n")
    err = one_error(cli("profile", "flow-logs", str(log), "--region", "us-east-1"))
    assert "pkt-srcaddr/pkt-dstaddr" in err and "--inventory" in err


def test_missing_instance_id_without_inventory(cli: Cli, tmp_path: Path) -> None:
    header = "interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr bytes start end"
    log = write_gz(tmp_path / "a.log.gz", header + "\neni-1 10.0.0.1 10.0.0.9 10.0.0.1 1.1.1.1 100 1 61\n")
    err = one_error(cli("profile", "flow-logs", str(log), "--region", "us-east-1"))
    assert "instance-id" in err and "--nat-eni" in err


def test_transit_gateway_flow_logs_are_named(cli: Cli, tmp_path: Path) -> None:
    header = "version resource-type account-id tgw-id tgw-attachment-id srcaddr dstaddr bytes start end interface-id"
    log = write_gz(
        tmp_path / "a.log.gz", header + "\n6 TransitGateway 1 tgw-1 tgw-attach-1 10.0.0.1 10.1.0.1 5 1 61 -\n"
    )
    assert "Transit Gateway flow log" in one_error(cli("profile", "flow-logs", str(log), "--region", "us-east-1"))


def test_empty_directory(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    err = one_error(cli("profile", "flow-logs", str(tmp_path / "empty"), "--region", "us-east-1"))
    assert "no flow-log files" in err


def test_missing_path(cli: Cli, tmp_path: Path) -> None:
    err = one_error(cli("profile", "flow-logs", str(tmp_path / "nope"), "--region", "us-east-1"))
    assert "no such file or directory" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("option", [None, "--dns-logs", "--inventory", "--ip-ranges"])
def test_fifo_inputs_are_refused(cli: Cli, scenario: Scenario, tmp_path: Path, option: str | None) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = [str(fifo)] if option is None else [str(scenario.flow_dirs[0]), option, str(fifo)]
    err = one_error(cli("profile", "flow-logs", *args, "--region", "us-east-1"))
    assert "not a regular file" in err


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


def test_unknown_region_is_the_catalog_error(cli: Cli, scenario: Scenario) -> None:
    compare = one_error(cli("compare", "--gb", "1", "--region", "eu-wst-1"), 1)
    profile = one_error(cli("profile", "flow-logs", str(scenario.flow_dirs[0]), "--region", "eu-wst-1"), 1)
    assert profile == compare


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--nat-eni", "nat-123"], "not an interface id"),
        (["--format", "yaml"], "--format: unknown format 'yaml'"),
        (["--engine", "spark"], "unknown engine"),
        (["--profile-out", "p.toml"], "--profile-out: p.toml: give a .yaml, .yml or .json file name"),
        (["--azs", "9"], "azs: must be from 1 to 6"),
        (["--azs", "²"], "azs: expected a whole number"),
        (["--nat", "double"], "--nat: unknown layout 'double'; allowed: per-az, single, regional"),
        (["--hours", "1e999"], "hours"),
        (["--ip-ranges", "/nonexistent.json"], "--ip-ranges"),
        (["--inventory", "/nonexistent.json"], "--inventory"),
        (["--fields", "${version} x"], "--fields"),
        (["--athena", "--athena-days", "0"], "--athena-days"),
    ],
)
def test_bad_options(cli: Cli, scenario: Scenario, args: list[str], needle: str) -> None:
    err = one_error(cli("profile", "flow-logs", str(scenario.flow_dirs[0]), "--region", "us-east-1", *args))
    assert needle in err


def test_nat_eni_without_records_is_a_domain_error(cli: Cli, scenario: Scenario) -> None:
    err = one_error(
        cli(
            "profile", "flow-logs", str(scenario.flow_dirs[0]), "-r", "us-east-1", "--nat-eni", "eni-0123456789abcdef0"
        ),
        1,
    )
    assert "no records for eni-0123456789abcdef0" in err


def test_nat_eni_of_an_endpoint_names_what_was_seen(cli: Cli, scenario: Scenario) -> None:
    from tests.evidence_data import ENDPOINT_ENI, INSTANCE_ENIS

    err = one_error(
        cli("profile", "flow-logs", str(scenario.flow_dirs[0]), "-r", "us-east-1", "--nat-eni", ENDPOINT_ENI), 1
    )
    assert f"--nat-eni {ENDPOINT_ENI}: no NAT gateway pattern" in err and "none translated" in err
    instance = next(iter(INSTANCE_ENIS.values()))
    err = one_error(
        cli("profile", "flow-logs", str(scenario.flow_dirs[0]), "-r", "us-east-1", "--nat-eni", instance), 1
    )
    assert "of instance i-0example" in err


def test_nat_eni_against_the_inventory(cli: Cli, scenario: Scenario) -> None:
    from tests.evidence_data import INSTANCE_ENIS

    instance = next(iter(INSTANCE_ENIS.values()))
    inventory = [a for p in scenario.inventory for a in ("--inventory", str(p))]
    err = one_error(
        cli("profile", "flow-logs", str(scenario.flow_dirs[0]), "-r", "us-east-1", "--nat-eni", instance, *inventory), 1
    )
    assert "the inventory lists it as a interface interface" in err or "lists it as" in err


def test_no_nat_traffic_writes_nothing_unless_allowed(cli: Cli, tmp_path: Path) -> None:
    header = "interface-id instance-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr bytes start end"
    line = "eni-1 i-1 10.0.0.1 1.1.1.1 10.0.0.1 1.1.1.1 100 1787270400 1787270460\n"
    log = write_gz(tmp_path / "a.log.gz", header + "\n" + line)
    target = tmp_path / "p.yaml"
    err = one_error(cli("profile", "flow-logs", str(log), "--region", "us-east-1", "-o", str(target)), 1)
    assert "no NAT gateway traffic found" in err and "--allow-empty" in err and not target.exists()
    result = cli("profile", "flow-logs", str(log), "--region", "us-east-1", "-o", str(target), "--allow-empty")
    assert result.code == 0, result.stderr
    text = target.read_text()
    assert "No NAT traffic was found" in text
    data = yaml.safe_load(text)
    assert data["evidence"]["empty"] is True and data["internet_gb_per_month"] == 0
    assert any("--allow-empty" in note for note in data["evidence"]["caveats"])


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
    assert result.code == 0, result.stderr
    assert result.stdout.count("CREATE EXTERNAL TABLE") == 1 and "CREATE OR REPLACE VIEW" in result.stdout
    assert "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;" in result.stdout


def test_athena_from_an_s3_location(cli: Cli) -> None:
    result = cli("profile", "flow-logs", "s3://bucket/AWSLogs/", "-r", "us-east-1", "--athena", "--nat-eni", NAT_ENI)
    assert result.code == 0, result.stderr
    assert "LOCATION 's3://bucket/AWSLogs/'" in result.stdout and "interface_id IN ('" + NAT_ENI + "')" in result.stdout


def test_schema_command(cli: Cli) -> None:
    result = cli("profile", "schema")
    assert result.code == 0 and json.loads(result.stdout)["title"] == "EvidenceProfile"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_output_writes_the_answer_in_the_chosen_format(cli: Cli, scenario: Scenario, tmp_path: Path, fmt: str) -> None:
    """-o FILE holds exactly what stdout would show in that --format, as with every other command."""
    args = [*flow_args(scenario), "--engine", "python", "--format", fmt]
    shown = cli("profile", "flow-logs", *args)
    assert shown.code == 0, shown.stderr
    target = tmp_path / f"answer.{fmt}"
    written = cli("profile", "flow-logs", *args, "-o", str(target))
    assert written.code == 0, written.stderr
    assert written.stdout == "" and target.read_text() == shown.stdout
    if fmt == "json":
        assert json.loads(target.read_text())["schema_name"] == "pl-cost.evidence-profile"  # the versioned model


def test_html_answer_is_a_whole_page(cli: Cli, scenario: Scenario, tmp_path: Path) -> None:
    pytest.importorskip("jinja2", reason="html needs the 'report' extra")
    target = tmp_path / "answer.html"
    result = cli("profile", "flow-logs", *flow_args(scenario), "--engine", "python", "-f", "html", "-o", str(target))
    assert result.code == 0, result.stderr
    page = target.read_text()
    assert page.lstrip().lower().startswith("<!doctype html") and "service:s3" in page


def test_profile_out_json_is_the_profile_recommend_reads(cli: Cli, scenario: Scenario, tmp_path: Path) -> None:
    from pl_cost.recommend.profile import Profile

    answer, profile = tmp_path / "answer.csv", tmp_path / "profile.json"
    args = [*flow_args(scenario), "--engine", "python", "-f", "csv", "-o", str(answer), "--profile-out", str(profile)]
    result = cli("profile", "flow-logs", *args)
    assert result.code == 0, result.stderr
    assert answer.read_text().startswith("destination,")
    data = json.loads(profile.read_text())
    assert "schema_name" not in data and Profile.model_validate(data).region == scenario.region
    assert isinstance(data["internet_gb_per_month"], str)


def test_athena_sql_goes_to_output(cli: Cli, scenario: Scenario, tmp_path: Path) -> None:
    target = tmp_path / "flow-logs.sql"
    args = [str(scenario.flow_dirs[0]), "-r", scenario.region, "--athena"]
    shown = cli("profile", "flow-logs", *args)
    result = cli("profile", "flow-logs", *args, "-o", str(target))
    assert result.code == 0 and result.stdout == "", result.stderr
    assert target.read_text() == shown.stdout and "CREATE EXTERNAL TABLE" in shown.stdout


def test_schema_goes_to_output(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = cli("profile", "schema", "-o", str(target))
    assert result.code == 0 and result.stdout == "", result.stderr
    assert json.loads(target.read_text())["title"] == "EvidenceProfile"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-o", "a.yaml", "--profile-out", "b.yaml"], "give one of them"),
        (["--athena", "--profile-out", "b.yaml"], "--athena prints SQL"),
        (["--vpc", "vpc-x"], "--vpc: 'vpc-x' is not a VPC id"),
        (["--vpc", "vpc-0123456789abcdef0"], "--vpc vpc-0123456789abcdef0: give --inventory"),
    ],
)
def test_output_option_conflicts(cli: Cli, scenario: Scenario, tmp_path: Path, args: list[str], needle: str) -> None:
    result = cli("profile", "flow-logs", str(scenario.flow_dirs[0]), "-r", "us-east-1", *args)
    assert needle in one_error(result)
    assert not (Path("a.yaml").exists() or Path("b.yaml").exists())


def test_several_vpcs_is_one_line_exit_1(cli: Cli, tmp_path: Path) -> None:
    from tests.evidence_data import SECOND_NAT_ID, SECOND_VPC_ID, VPC_ID, add_second_vpc

    scenario = generate(tmp_path / "org", files=1)
    org = add_second_vpc(scenario, tmp_path / "org")
    target = tmp_path / "profile.yaml"
    err = one_error(
        cli(
            "profile",
            "flow-logs",
            str(scenario.flow_dirs[0]),
            "-r",
            "us-east-1",
            "--inventory",
            str(org),
            "-o",
            str(target),
        ),
        1,
    )
    assert VPC_ID in err and SECOND_VPC_ID in err and "--vpc" in err and not target.exists()
    result = cli(
        "profile", "flow-logs", str(scenario.flow_dirs[0]), "-r", "us-east-1", "--inventory", str(org),
        "--vpc", SECOND_VPC_ID, "-o", str(target),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert yaml.safe_load(target.read_text())["evidence"]["nat"]["nat_gateways"] == [SECOND_NAT_ID]
