"""Golden `pl-cost bill` outputs, reviewed like code: regenerate with `pytest tests/test_bill_golden.py --regen-golden`.

The bill is generated (seeded) as legacy CUR CSV, so its bytes are the same everywhere, and it is priced
with the frozen catalog of tests/golden/catalog.json: the outputs change when rendering changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests import bill_data
from tests.conftest import CliResult

pytest.importorskip("duckdb")
GOLDEN = Path(__file__).parent / "fixtures" / "bill" / "golden"
CATALOG = Path(__file__).parent / "golden" / "catalog.json"
EXTENSIONS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}
CASES = {
    "bill-inventory-share": ["BILL", "--inventory", "INVENTORY", "--aws-share", "0.6", "--aws-mix", "s3=0.5,logs=0.5"],
    "bill-compare": ["--compare", "2024-09", "2024-10", "BILL"],
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bill, the inventory and the frozen catalog side by side, named relatively so outputs hold no paths."""
    where = tmp_path_factory.mktemp("golden")
    org = bill_data.organisation(seed=41, periods=("2024-09", "2024-10"))
    bill_data.write_legacy_csv(org, where, name="cur")
    bill_data.inventory(org, where / "inventory")
    (where / "catalog.json").write_bytes(CATALOG.read_bytes())
    return where


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("case", list(CASES))
def test_golden(
    cli: Callable[..., CliResult],
    regen_golden: bool,
    folder: Path,
    case: str,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PL_COST_NO_STALE_WARNING", "1")
    monkeypatch.chdir(folder)
    args = [{"BILL": "cur", "INVENTORY": "inventory"}.get(a, a) for a in CASES[case]]
    out = cli("bill", *args, "--format", fmt, "--catalog", "catalog.json")
    assert out.code == 0, out.stderr
    path = GOLDEN / f"{case}.{EXTENSIONS[fmt]}"
    if regen_golden:
        path.write_text(out.stdout)
    assert path.exists(), f"{path} is missing: run pytest {__file__} --regen-golden and review the diff"
    assert out.stdout == path.read_text(), f"{path.name} changed: if intended, regenerate with --regen-golden"
