"""Lines and files that are not flow-log records: over-long lines are malformed on both engines (and never held
whole), and a stray file in a flow-log folder is skipped and listed instead of stopping the run."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pl_cost.errors import UsageError
from pl_cost.evidence import profile_from_flow_logs
from pl_cost.evidence.files import MAX_LINE_BYTES
from pl_cost.evidence.model import EvidenceProfile
from tests.evidence_data import DEFAULT_FIELDS, Scenario, generate

pytest.importorskip("duckdb")
ENGINES = ["python", "duckdb"]
HEADER = "interface-id srcaddr dstaddr bytes start end instance-id pkt-srcaddr pkt-dstaddr"
#: An instance's record: read and counted under other interfaces; its instance id is padded to a chosen length.
RECORD = "eni-0123456789abcdef0 10.0.1.5 198.51.100.7 100 1787270400 1787270460 i-{pad} 10.0.1.5 198.51.100.7"
#: DuckDB's parallel CSV reader drops a line longer than its 32 MiB buffer without a word: go past it.
BEYOND_DUCKDB_BUFFER = 33 * 2**20


def record_of(length: int) -> bytes:
    """An instance record of exactly `length` bytes (its line end not included)."""
    bare = RECORD.format(pad="")
    assert length > len(bare)
    return RECORD.format(pad="a" * (length - len(bare))).encode()


def scan(paths: list[Path], engine: str) -> EvidenceProfile:
    return profile_from_flow_logs(
        [str(p) for p in paths],
        "us-east-1",
        engine=engine,  # type: ignore[arg-type]
        allow_empty=True,
        progress=False,
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("ending", [b"\n", b"\r\n"])
@pytest.mark.parametrize("last_without_end", [False, True])
@pytest.mark.parametrize("over", [-1, 0, 1, 2])
def test_the_longest_line_is_the_same_on_both_engines(
    tmp_path: Path, engine: str, ending: bytes, last_without_end: bool, over: int
) -> None:
    """A line of MAX_LINE_BYTES with its end is read; one byte more is malformed, named, and never used."""
    length = MAX_LINE_BYTES + over - len(ending)  # the record's bytes without its end
    records = [record_of(200), record_of(length), record_of(300)]
    if last_without_end:
        records = records[:2]
    body = HEADER.encode() + ending + ending.join(records) + (b"" if last_without_end else ending)
    log = tmp_path / "a.log"
    log.write_bytes(body)
    counts = scan([log], engine).evidence.records
    too_long = over > 0  # the line with its end (a last line counts the file's end too) exceeds the limit
    assert counts.read == len(records)
    assert counts.malformed == int(too_long)
    assert counts.other_interfaces == len(records) - int(too_long)
    assert counts.first_malformed == (f"{log}:3" if too_long else None)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("gzipped", [False, True])
def test_a_line_longer_than_duckdbs_buffer_is_malformed_not_dropped(tmp_path: Path, engine: str, gzipped: bool) -> None:
    lines = [HEADER.encode(), record_of(200), record_of(BEYOND_DUCKDB_BUFFER), record_of(300), record_of(400)]
    body = b"\n".join(lines) + b"\n"
    log = tmp_path / ("a.log.gz" if gzipped else "a.log")
    log.write_bytes(gzip.compress(body, compresslevel=1) if gzipped else body)
    counts = scan([log], engine).evidence.records
    assert (counts.read, counts.malformed, counts.other_interfaces) == (len(lines) - 1, 1, len(lines) - 2)
    assert counts.first_malformed == f"{log}:3"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from /proc (Linux)")
def test_the_python_engine_never_holds_an_over_long_line(tmp_path: Path) -> None:
    """A 1.5 MB gzip file holding one line of 400 MiB: read in MAX_LINE_BYTES pieces, peak memory stays small."""
    size = 400 * 2**20
    log = tmp_path / "bomb.log.gz"
    with gzip.open(log, "wb", compresslevel=1) as handle:
        handle.write(HEADER.encode() + b"\n" + record_of(200) + b"\neni-0123456789abcdef0 ")
        chunk = b"9" * 2**20
        for _ in range(size // len(chunk)):
            handle.write(chunk)
        handle.write(b" 1 2 3 4 5 6 7\n" + record_of(300) + b"\n")
    # VmHWM is this process's own peak; ru_maxrss would also count the parent's, whose memory a vfork shares.
    child = (
        "import json, sys\n"
        "from pl_cost.evidence import profile_from_flow_logs\n"
        "r = profile_from_flow_logs([sys.argv[1]], 'us-east-1', engine='python', allow_empty=True, progress=False)\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "peak = int(status) * 1024\n"
        "counts = r.evidence.records\n"
        "print(json.dumps({'peak': peak, 'malformed': counts.malformed, 'read': counts.read}))\n"
    )
    done = subprocess.run([sys.executable, "-c", child, str(log)], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    assert (report["read"], report["malformed"]) == (3, 1)
    assert report["peak"] < size // 4  # the interpreter and its imports, not the line


def flow_folder(scenario: Scenario, target: Path) -> Path:
    shutil.copytree(scenario.flow_dirs[0], target)
    return target


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return generate(tmp_path_factory.mktemp("lines"), files=2)


@pytest.mark.parametrize("engine", ENGINES)
def test_stray_files_in_a_flow_log_folder_are_skipped_and_listed(
    scenario: Scenario, tmp_path: Path, engine: str
) -> None:
    folder = flow_folder(scenario, tmp_path / "AWSLogs")
    expected = scan([folder], engine)
    notes = folder / "notes.txt"
    notes.write_text("Status: everything OK since Monday\nsee the runbook\n")
    words = folder / "actions.log"
    words.write_text("ACCEPT and REJECT counts by day\n1 2\n")
    result = scan([folder], engine)
    assert result.profile == expected.profile
    assert result.evidence.records == expected.evidence.records
    skipped = result.evidence.sources.skipped
    assert f"{notes} (not a flow log)" in skipped
    reason = "not a flow log of this format: its records have 6 fields"
    assert any(item.startswith(f"{words} ({reason}") for item in skipped)
    assert any("2 file(s) skipped" in note for note in result.evidence.caveats)


def test_a_folder_of_strays_alone_is_still_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "actions.log").write_text("ACCEPT and REJECT counts by day\n")
    expected = rf"actions\.log: its records have 6 fields, the default format has {len(DEFAULT_FIELDS)}.*--fields"
    with pytest.raises(UsageError, match=expected):
        scan([folder], "python")


def test_a_named_file_of_the_wrong_width_is_still_an_error(tmp_path: Path) -> None:
    log = tmp_path / "actions.log"
    log.write_text("ACCEPT and REJECT counts by day\n")
    with pytest.raises(UsageError, match="its records have 6 fields"):
        scan([log], "python")
