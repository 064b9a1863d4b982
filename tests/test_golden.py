"""Golden CLI outputs: reviewed like code. Regenerate with `pytest tests/test_golden.py --regen-golden`.

They price with a frozen catalog (tests/golden/catalog.json), so they change when rendering changes,
not when the price research does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}
CASES = {
    "compare-200gb-2az": ["compare", "--gb", "200", "--azs", "2"],
    "compare-ecr-single-nat": ["compare", "--gb", "1500", "--azs", "3", "--service", "ecr", "--nat", "single"],
    "compare-regional-720h": ["compare", "--gb", "50", "--azs", "2", "--nat", "regional", "--hours", "720"],
    "breakeven-1-2-3": ["breakeven", "--azs", "1,2,3"],
}


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("case", list(CASES))
def test_golden(
    cli: Callable[..., CliResult], regen_golden: bool, case: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.setenv("PL_COST_NO_STALE_WARNING", "1")
    out = cli(*CASES[case], "--format", fmt, "--catalog", "catalog.json")
    assert out.code == 0, out.stderr
    path = GOLDEN / f"{case}.{EXTENSIONS[fmt]}"
    if regen_golden:
        path.write_text(out.stdout)
    assert path.exists(), f"{path} is missing: run pytest {__file__} --regen-golden and review the diff"
    assert out.stdout == path.read_text(), f"{path.name} changed: if intended, regenerate with --regen-golden"


PLAN_CASES = {
    "recommend-ecr-pulls": (["recommend", "../profiles/ecr-pulls.yaml"], ("table", "json", "markdown")),
    "recommend-no-internet": (["recommend", "../profiles/no-internet.yaml"], ("table", "json", "markdown")),
}
EMITS = {"terraform": "tf", "cloudformation": "cfn.yaml", "aws-cli": "sh"}


@pytest.mark.parametrize(("case", "fmt"), [(case, fmt) for case, (_, formats) in PLAN_CASES.items() for fmt in formats])
def test_golden_plans(
    cli: Callable[..., CliResult], regen_golden: bool, case: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.setenv("PL_COST_NO_STALE_WARNING", "1")
    out = cli(*PLAN_CASES[case][0], "--format", fmt, "--catalog", "catalog.json")
    assert out.code == 0, out.stderr
    _check(GOLDEN / f"{case}.{EXTENSIONS[fmt]}", out.stdout, regen_golden)


@pytest.mark.parametrize("emit", list(EMITS))
def test_golden_iac(
    cli: Callable[..., CliResult], regen_golden: bool, emit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.setenv("PL_COST_NO_STALE_WARNING", "1")
    out = cli("recommend", "../profiles/ssm-required.yaml", "--emit", emit, "--catalog", "catalog.json")
    assert out.code == 0, out.stderr
    _check(GOLDEN / f"iac-ssm-required.{EMITS[emit]}", out.stdout, regen_golden)


def _check(path: Path, text: str, regen: bool) -> None:
    if regen:
        path.write_text(text)
    assert path.exists(), f"{path} is missing: run pytest {__file__} --regen-golden and review the diff"
    assert text == path.read_text(), f"{path.name} changed: if intended, regenerate with --regen-golden"


MANY_VPC_CASES = {
    "connect-10-consumers": ["connect", "--consumers", "10", "--gb", "1000", "--azs", "2"],
    "hub-12-vpcs": ["hub", "--vpcs", "12", "--endpoints", "ssm,ssmmessages,logs,sts,ecr.api,ecr.dkr", "--azs", "2",
                    "--gb", "500"],
}  # fmt: skip


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("case", list(MANY_VPC_CASES))
def test_golden_many_vpcs(
    cli: Callable[..., CliResult], regen_golden: bool, case: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.setenv("PL_COST_NO_STALE_WARNING", "1")
    out = cli(*MANY_VPC_CASES[case], "--format", fmt, "--catalog", "catalog.json")
    assert out.code == 0, out.stderr
    _check(GOLDEN / f"{case}.{EXTENSIONS[fmt]}", out.stdout, regen_golden)


@pytest.mark.parametrize("dns", ["phz", "profile", "resolver"])
def test_golden_hub_terraform(
    cli: Callable[..., CliResult], regen_golden: bool, dns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.setenv("PL_COST_NO_STALE_WARNING", "1")
    out = cli(*MANY_VPC_CASES["hub-12-vpcs"], "--dns", dns, "--emit", "terraform", "--catalog", "catalog.json")
    assert out.code == 0, out.stderr
    _check(GOLDEN / f"hub-12-vpcs-{dns}.tf", out.stdout, regen_golden)
