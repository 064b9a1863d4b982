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
