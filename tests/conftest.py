"""Shared test helpers: the shipped catalog, an in-process CLI runner, and the golden-file switch."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from pl_cost.catalog import Catalog, load_catalog

# The test run sees the same examples every time (a property that fails, fails on every run); set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples, ten times as many.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden", action="store_true", default=False, help="rewrite tests/golden/* from the current output"
    )


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_main(argv: list[str]) -> CliResult:
    """Run `pl-cost ARGV` in-process through the real entry point (its error handling included)."""
    from pl_cost.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdout, sys.stderr = old_out, old_err
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    def run(*argv: str) -> CliResult:
        return run_main(list(argv))

    return run
