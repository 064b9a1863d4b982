"""CLI contract for `recommend`, `init`, `schema`: exit codes, stdout against stderr, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import CliResult

PROFILES = Path(__file__).parent / "profiles"
BAD = PROFILES / "bad"
Cli = Callable[..., CliResult]


@pytest.mark.parametrize(
    ("name", "code", "wanted"),
    [
        ("unknown-service.yaml", 2, ":6: services.logz: unknown service 'logz'; did you mean logs?"),
        ("negative-gb.yaml", 2, ":5: services.logs: must be 0 or more"),
        ("non-numeric-gb.yaml", 2, ":3: internet_gb_per_month: expected a number, got 'lots'"),
        ("non-numeric.toml", 2, ":5: services.s3: expected a number"),
        ("unknown-region.yaml", 1, ":1: region: unknown region 'us-est-1'; did you mean"),
        ("malformed.yaml", 2, "malformed YAML"),
        ("malformed.json", 2, ":4: malformed JSON"),
        ("unknown-key.yaml", 2, ":6: nat.allow_fewr: unknown key"),
        ("unknown-workload.yaml", 2, "workloads[0]: unknown workload 'ssm-sesion-manager'; did you mean"),
        ("empty.yaml", 2, "the profile is empty"),
        ("missing.yaml", 2, "no such profile file"),
    ],
)
def test_bad_profiles_give_one_line_and_an_exit_code(cli: Cli, name: str, code: int, wanted: str) -> None:
    result = cli("recommend", str(BAD / name))
    assert result.code == code
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert wanted in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_recommend_formats(cli: Cli, fmt: str) -> None:
    result = cli("recommend", str(PROFILES / "example.json"), "--format", fmt)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    if fmt == "json":
        assert json.loads(result.stdout)["nat"]["action"]
    if fmt == "table":
        assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_several_profiles_give_one_plan_each_and_a_summary(cli: Cli) -> None:
    names = [str(PROFILES / n) for n in ("s3-dynamodb.yaml", "ssm-required.yaml")]
    table = cli("recommend", *names)
    assert table.code == 0
    assert table.stdout.count("pl-cost recommend:") == 2 and "Summary" in table.stdout
    data = json.loads(cli("recommend", *names, "-f", "json").stdout)
    assert len(data["plans"]) == 2
    assert Decimal(data["savings_monthly"]) == sum(Decimal(p["savings_monthly"]) for p in data["plans"])


@pytest.mark.parametrize("kind", ["terraform", "cloudformation", "aws-cli"])
def test_emit(cli: Cli, kind: str) -> None:
    result = cli("recommend", str(PROFILES / "no-internet.yaml"), "--emit", kind)
    assert result.code == 0, result.stderr
    assert "vpc" in result.stdout.lower()


def test_bad_options_are_usage_errors(cli: Cli) -> None:
    for argv in (
        ["recommend", str(PROFILES / "example.json"), "--format", "xml"],
        ["recommend", str(PROFILES / "example.json"), "--emit", "pulumi"],
        ["recommend", str(PROFILES / "example.json"), str(PROFILES / "example.toml"), "--emit", "terraform"],
        ["recommend", str(PROFILES / "example.json"), "--price", "nope=1"],
        ["recommend"],
    ):
        result = cli(*argv)
        assert result.code == 2, argv
        assert result.stdout == ""
        assert "Traceback" not in result.stderr


def test_price_override_changes_the_plan(cli: Cli) -> None:
    plain = json.loads(cli("recommend", str(PROFILES / "s3-dynamodb.yaml"), "-f", "json").stdout)
    cheap = json.loads(
        cli("recommend", str(PROFILES / "s3-dynamodb.yaml"), "-f", "json", "--price", "nat_gateway_gb=0.01").stdout
    )
    assert Decimal(cheap["savings_monthly"]) == (1000 + 200) * Decimal("0.01")
    assert plain["savings_monthly"] != cheap["savings_monthly"]


def test_init_writes_a_valid_profile_and_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "profile.yaml"
    first = cli("init", str(target))
    assert first.code == 0 and target.exists()
    assert cli("recommend", str(target)).code == 0
    again = cli("init", str(target))
    assert again.code == 1 and "--force" in again.stderr and again.stdout == ""
    assert cli("init", str(target), "--force").code == 0


def test_schema_is_json_schema_of_the_profile(cli: Cli) -> None:
    result = cli("schema")
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert {"region", "azs", "internet_gb_per_month"} <= set(schema["required"])
    assert "ssm-session-manager" in schema["properties"]["workloads"]["items"]["enum"]


def test_self_referencing_yaml_is_one_line(tmp_path: Path) -> None:
    from tests.conftest import run_main

    bad = tmp_path / "loop.yaml"
    bad.write_text("region: us-east-1\nazs: 2\nservices: &a\n  logs: *a\n")
    out = run_main(["recommend", str(bad)])
    assert out.code == 2 and out.stdout == "" and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["recommend", str(PROFILES / "no-internet.yaml"), "--emit", "terraform", "--format", "json"],
        ["hub", "--vpcs", "3", "--endpoints", "sts", "--gb", "10", "--emit", "terraform", "-f", "csv"],
    ],
)
def test_format_beside_emit_is_a_usage_error_not_silently_ignored(cli: Cli, argv: list[str]) -> None:
    out = cli(*argv)
    assert out.code == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "--format" in out.stderr and "--emit" in out.stderr


def test_emit_alone_still_prints_code(cli: Cli) -> None:
    out = cli("recommend", str(PROFILES / "no-internet.yaml"), "--emit", "terraform")
    assert out.code == 0 and 'resource "aws_vpc_endpoint"' in out.stdout
