"""Start-up benchmark: `pl-cost compare --gb 200 --azs 2` against importing its dependencies.

Runs the commands interleaved (so machine noise hits both alike) and reports medians and the ratio.
A trivial typer app is timed too: it is the floor any typer CLI starts from.

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

HELLO = """
import typer
app = typer.Typer()
@app.command()
def hello(gb: str = typer.Option("1", "--gb")) -> None:
    print(gb)
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
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO)
        commands = {
            "import pydantic, typer, tabulate": [sys.executable, "-c", "import pydantic, typer, tabulate"],
            "typer hello-world command": [sys.executable, str(hello), "hello", "--gb", "2"],
            "pl-cost compare --gb 200 --azs 2": [cli, "compare", "--gb", "200", "--azs", "2"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        env = dict(os.environ, PL_COST_NO_STALE_WARNING="1")
        for _ in range(args.runs):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
                times[name].append(time.perf_counter() - start)
    base = statistics.median(times["import pydantic, typer, tabulate"])
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {args.runs} interleaved runs")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:36s} {median * 1000:7.1f} ms  {median / base:4.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
