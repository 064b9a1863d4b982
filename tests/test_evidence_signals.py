"""Ctrl-C during a DuckDB scan: a real SIGINT from a terminal stops DuckDB, exits 130 in one line, writes nothing.

The child runs on a pseudo-terminal of its own (so its progress bar shows that the scan is under way, and ^C
reaches it the way a terminal sends it: the line discipline signals the foreground process group).
"""

from __future__ import annotations

import gzip
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.evidence_data import Scenario, generate

pytest.importorskip("duckdb", reason="the DuckDB engine is optional (the 'evidence' extra)")
termios = pytest.importorskip("termios", reason="needs a POSIX terminal")
fcntl = pytest.importorskip("fcntl", reason="needs a POSIX terminal")

#: Records in the logs: enough for DuckDB to scan for seconds on a fast machine (about 3 million).
RECORDS = 3_000_000
#: Safety net only: the test never waits this long unless the child hangs.
HANG_SECONDS = 300


def big_logs(root: Path) -> tuple[Scenario, Path, int]:
    """A scenario's records repeated into gzip S3 text files of the same layout; (scenario, folder, records)."""
    scenario = generate(root / "seed", files=1, plain_files=0)
    header = " ".join(scenario.order)
    block = ("\n".join(scenario.lines) + "\n").encode()
    repeats = 100
    payload = gzip.compress(header.encode() + b"\n" + block * repeats, compresslevel=1)
    per_file = len(scenario.lines) * repeats
    folder = root / "logs"
    folder.mkdir()
    files = -(-RECORDS // per_file)
    for index in range(files):
        (folder / f"part-{index:04d}.log.gz").write_bytes(payload)  # copies: each file is read
    return scenario, folder, files * per_file


def _controlling_terminal() -> None:
    """In the child: a session of its own with the pty as its terminal, and SIGINT as Python expects it.

    A parent that ignores SIGINT (a shell's background job, nohup) passes that on; a terminal's ^C must
    reach this child whatever ran the tests.
    """
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _read(master: int, until: float) -> bytes:
    ready, _, _ = select.select([master], [], [], max(0.0, min(0.5, until - time.monotonic())))
    if not ready:
        return b""
    try:
        return os.read(master, 65536)
    except OSError:  # the child closed the terminal
        return b""


def visible_lines(text: str) -> list[str]:
    """What a terminal shows at the end: per line, the text after the last carriage return; blank lines aside."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        shown = line.rsplit("\r", 1)[-1].replace("^C", "").strip()
        if shown:
            out.append(shown)
    return out


def test_ctrl_c_stops_a_duckdb_scan_and_writes_nothing(tmp_path: Path) -> None:
    scenario, folder, records = big_logs(tmp_path)
    assert records >= RECORDS
    target = tmp_path / "profile.yaml"
    target.write_text("previous: profile\n")
    master, slave = os.openpty()
    argv = [sys.executable, "-m", "pl_cost", "profile", "flow-logs", str(folder), "-r", scenario.region]
    child = subprocess.Popen(
        [*argv, "--engine", "duckdb", "-o", str(target)],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=slave,
        preexec_fn=_controlling_terminal,
        cwd=tmp_path,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + HANG_SECONDS
    try:
        while b"scanning flow logs [" not in seen and child.poll() is None and time.monotonic() < deadline:
            seen += _read(master, deadline)
        assert b"scanning flow logs [" in seen, seen.decode(errors="replace")  # DuckDB's scan is under way
        os.write(master, b"\x03")  # Ctrl-C, as the terminal sends it
        while child.poll() is None and time.monotonic() < deadline:
            seen += _read(master, deadline)
        seen += _read(master, time.monotonic() + 0.5)
    finally:
        if child.poll() is None:
            child.kill()
        stdout = child.stdout.read() if child.stdout else b""
        child.wait()
        os.close(master)
    text = seen.decode(errors="replace")
    assert child.returncode == 130, text
    assert stdout == b""
    assert visible_lines(text) == ["pl-cost: error: interrupted"], text
    assert "Traceback" not in text and "terminate called" not in text
    assert target.read_text() == "previous: profile\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs", "profile.yaml", "seed"]
