"""Every command, driven with generated options and values: one line and an exit code, never a crash.

The commands and their options are read from the CLI itself, so a new command is fuzzed the day it
lands. Values come from pools of the hostile inputs issue 14 found (NaN, 1e309, 5000-digit numbers,
unicode digits, devices, FIFOs, directories, binary files) mixed with valid ones. The run is
derandomized so CI sees the same examples every time; set PL_COST_FUZZ_EXAMPLES to explore more.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pl_cost.cli import app, load_commands
from tests.conftest import run_main

EXAMPLES = int(os.environ.get("PL_COST_FUZZ_EXAMPLES", "250"))
#: A command that takes longer than this on one generated input is a hang (a FIFO read, say).
SECONDS = 20
PROFILE = "region: us-east-1\nazs: 2\ninternet_gb_per_month: 10\nservices: {s3: 100, logs: 300, ecr: 50}\n"

NUMBERS = [
    "0", "1", "2", "3", "6", "7", "-1", "0.5", "200", "1e3", "1e309", "-1e309", "1e-400", "NaN", "inf", "-inf",
    "9" * 5000, "0." + "0" * 4000 + "1", "²", "٣", "1_000", " 12 ", "", "abc", "1,2,3", "0x10", "1/2",
]  # fmt: skip
WORDS = [
    "ecr", "ssm", "s3", "ecr.api,ecr.dkr", "logs", "nope", "", " ", "<script>", "é", "per-az", "regional", "pull",
    "push", "private-dns", "route53-profile", "resolver", "tcp", "udp", "tls", "terraform", "aws-cli", "pulumi",
    "nat_gateway_gb=0.05", "nat_gateway_hour=1e24", "interface_endpoint_gb=0.01@1000,0.005", "x=1", "=", "python",
    "duckdb", "auto", "eu-west-1,us-east-1", "${version} ${interface-id} ${bytes}",
]  # fmt: skip
FORMATS = ["table", "json", "csv", "markdown", "html", "yaml", "xml", ""]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-5", "mars-1", "", "US-EAST-1"]
PATHISH = ("output", "catalog", "from", "inventory", "ip-ranges", "dns-logs", "paths", "profiles", "file", "path",
           "plot", "compare", "profiles-in", "fields-file")  # fmt: skip


def _commands() -> dict[str, Any]:
    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(child, [*path, name])
        else:
            found[" ".join(path)] = command

    load_commands()
    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()


@contextmanager
def workspace() -> Iterator[dict[str, str]]:
    """A temporary folder holding the paths the fuzzer may pass; it is also the working directory."""
    old = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "profile.yaml").write_text(PROFILE)
        (base / "empty.yaml").write_text("")
        (base / "junk.bin").write_bytes(bytes(range(256)) * 8)
        (base / "dir").mkdir()
        (base / "out").mkdir()
        paths = {
            "profile": str(base / "profile.yaml"),
            "empty": str(base / "empty.yaml"),
            "junk": str(base / "junk.bin"),
            "dir": str(base / "dir"),
            "missing": str(base / "missing.json"),
            "new": str(base / "out" / "answer.txt"),
            "new-png": str(base / "out" / "chart.png"),
            "devnull": os.devnull,
        }
        if hasattr(os, "mkfifo"):
            os.mkfifo(base / "fifo")
            paths["fifo"] = str(base / "fifo")
        os.chdir(base)
        try:
            yield paths
        finally:
            os.chdir(old)


def _value(draw: Any, name: str, paths: dict[str, str]) -> str:
    key = name.lstrip("-")
    if "format" in key:
        return str(draw(st.sampled_from(FORMATS)))
    if key == "region" or key.endswith("region"):
        return str(draw(st.sampled_from(REGIONS)))
    if key in PATHISH or key.endswith(("-in", "file")):
        return str(draw(st.sampled_from(sorted(paths.values()))))
    pool = NUMBERS + WORDS
    return str(draw(st.one_of(st.sampled_from(pool), st.text(max_size=12))))


def _argv(draw: Any, name: str, command: Any, paths: dict[str, str]) -> list[str]:
    argv = name.split()
    for param in command.params:
        is_option = param.param_type_name == "option"
        if param.name == "help":
            continue
        if is_option and not param.required and not draw(st.booleans()):
            continue
        if not is_option and not param.required and not draw(st.booleans()):
            continue
        flag = param.opts[0]
        if is_option and getattr(param, "is_flag", False):
            argv.append(flag)
            continue
        count = draw(st.integers(1, 2)) if param.nargs == -1 or getattr(param, "multiple", False) else 1
        for _ in range(count):
            if is_option:
                argv.append(flag)
            argv.append(_value(draw, flag if is_option else param.name, paths))
    if name == "pricing refresh" and "--from" not in argv:
        argv += ["--from", paths["dir"]]  # never the network in tests
    return argv


def _alarm(signum: int, frame: object) -> None:
    raise TimeoutError("a command ran past the fuzz limit (a hang?)")


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM to catch hangs")
@settings(
    max_examples=EXAMPLES,
    derandomize="PL_COST_FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_every_command_answers_hostile_input_in_one_line(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(COMMANDS)))
    with workspace() as paths:
        argv = _argv(data.draw, name, COMMANDS[name], paths)
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(SECONDS)
        try:
            result = run_main(argv)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    assert result.code in (0, 1, 2, 130), (argv, result.code, result.stderr)
    assert "internal error" not in result.stderr, (argv, result.stderr)
    assert "Traceback" not in result.stderr, (argv, result.stderr)
    if result.code:
        assert result.stdout == "", (argv, result.stdout[:200])
        lines = result.stderr.splitlines()
        assert lines and lines[-1].startswith("pl-cost: error: "), (argv, result.stderr)
        errors = [line for line in lines if line.startswith("pl-cost: error: ")]
        assert len(errors) == 1, (argv, result.stderr)


def test_the_fuzzer_sees_every_command() -> None:
    assert {"compare", "breakeven", "recommend", "prices", "regions", "init", "schema"} <= set(COMMANDS)
    assert any(name.startswith("profile ") for name in COMMANDS)
