"""The checks that keep the code honest run as tests, so one command runs everything."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "pricing", "benchmarks"],
        ["ruff", "format", "--check", "src", "tests", "pricing", "benchmarks"],
        ["mypy"],
        ["lint-imports"],
    ],
    ids=["ruff", "ruff-format", "mypy", "import-layers"],
)
def test_tool_passes(command: list[str]) -> None:
    proc = subprocess.run([tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_shipped_catalog_matches_its_sources() -> None:
    proc = subprocess.run(
        [sys.executable, "pricing/build_catalog.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_notebooks_are_committed_without_outputs() -> None:
    import json

    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        book = json.loads(path.read_text())
        for cell in book["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


def test_readme_names_every_command() -> None:
    """The README's command table drifts silently when a command is added; this makes it loud."""
    import typer.main

    from pl_cost.cli import app, load_commands

    load_commands()
    group = typer.main.get_command(app)
    readme = (ROOT / "README.md").read_text()
    names: list[str] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names += [f"pl-cost {name} {sub}" for sub in subcommands] if subcommands else [f"pl-cost {name}"]
    missing = [name for name in names if name not in readme]
    assert not missing, f"README.md does not mention: {', '.join(missing)}"


def test_every_command_is_registered_by_the_module_the_cli_loads_for_it() -> None:
    """`pl-cost NAME` imports only COMMAND_MODULES[NAME]; a command in another module would vanish."""
    import subprocess
    import sys

    from pl_cost.cli import COMMAND_MODULES

    for name, module in COMMAND_MODULES.items():
        code = (
            "import typer.main; from pl_cost.cli import app, load_commands; "
            f"load_commands({name!r}); print(sorted(typer.main.get_command(app).commands))"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert name in done.stdout, (name, module, done.stdout)
    import typer.main

    from pl_cost.cli import app, load_commands

    load_commands()
    assert set(typer.main.get_command(app).commands) == set(COMMAND_MODULES)  # type: ignore[attr-defined]
