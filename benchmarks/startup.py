"""Start-up benchmark: `pl-cost compare --gb 200 --azs 2` against the floor of any typer + pydantic CLI.

The named baseline is a minimal typer command that imports pydantic and tabulate, builds one pydantic
model and prints one table: typer loads its pydantic adapters only when a command runs, so that
command, not the bare import, is the floor pl-cost starts from (goal: within 1.15x of it).
Commands run interleaved, so machine noise hits all alike; medians and ratios are printed.

    python benchmarks/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import pydantic
import tabulate
import typer

app = typer.Typer()


class Row(pydantic.BaseModel):
    name: str
    monthly: str


@app.command()
def compare(gb: str = typer.Option("1", "--gb"), azs: str = typer.Option("1", "--azs")) -> None:
    rows = [Row(name="NAT data processed", monthly=gb), Row(name="AZs", monthly=azs)]
    print(tabulate.tabulate([[r.name, r.monthly] for r in rows], headers=["item", "monthly"]))


@app.command()
def other() -> None:
    pass


app()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    cli = shutil.which("pl-cost", path=str(Path(sys.executable).parent)) or "pl-cost"
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "floor.py"
        floor.write_text(FLOOR)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "typer command: pydantic model, one table": [sys.executable, str(floor), "compare", "--gb", "200"],
            "pl-cost compare --gb 200 --azs 2": [cli, "compare", "--gb", "200", "--azs", "2"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        env = dict(os.environ, PL_COST_NO_STALE_WARNING="1")
        for _ in range(args.runs):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
                times[name].append(time.perf_counter() - start)
    base = statistics.median(times["typer command: pydantic model, one table"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load {load:.2f}")
    print(f"median of {args.runs} interleaved runs; baseline: the typer command")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:42s} {median * 1000:7.1f} ms  {median / base:4.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
