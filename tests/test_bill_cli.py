"""`pl-cost bill` as users meet it: formats, -o, one-line errors, exit codes; and a real public FOCUS sample."""

from __future__ import annotations

import csv
import json
import os
import select
import signal
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import pl_cost
from pl_cost.money import format_money
from tests import bill_data
from tests.conftest import CliResult

pytest.importorskip("duckdb")
SAMPLE = Path(__file__).parent / "fixtures" / "bill" / "focus-sample"
Cli = Callable[..., CliResult]


@pytest.fixture(scope="module")
def cur2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bill_data.write_cur2(bill_data.organisation(seed=31), tmp_path_factory.mktemp("cli"))


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_every_format(cur2: Path, cli: Cli, fmt: str) -> None:
    result = cli("bill", str(cur2), "--format", fmt)
    assert result.code == 0 and result.stderr == ""
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["schema_name"] == "pl-cost/bill" and data["schema_version"] == 2
        first = data["nat_gateways"][0]
        for key in ("resource_id", "account_id", "region", "nat_hours", "nat_gb", "nat_cost", "idle",
                    "savings_upper_bound_monthly"):  # fmt: skip
            assert key in first
        assert isinstance(first["nat_gb"], str) and "E" not in first["nat_gb"]
    elif fmt == "csv":
        rows = list(csv.DictReader(result.stdout.splitlines()))
        assert len(rows) == 7 and {"nat_gb", "idle", "savings_upper_bound_monthly"} <= set(rows[0])
    elif fmt == "markdown":
        assert "### NAT gateways" in result.stdout and "| NAT gateway" in result.stdout
    else:
        assert "NAT gateways" in result.stdout and "Ranked" in result.stdout


def test_output_file_is_written_whole(cur2: Path, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "bill.json"
    result = cli("bill", str(cur2), "-f", "json", "-o", str(target))
    assert result.code == 0 and result.stdout == ""
    assert pl_cost.bill.BillReport.model_validate_json(target.read_bytes()).total.nat_gateways == 7


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["bill"], 2, "give bill files or folders"),
        (["bill", "/nonexistent/cur"], 2, "no such file or directory"),
        (["bill", "CUR", "--format", "yaml"], 2, "--format: unknown format 'yaml'"),
        (["bill", "CUR", "--aws-share", "60%"], 2, "--aws-share: expected a number"),
        (["bill", "CUR", "--aws-share", "0.6", "--aws-mix", "s3=0.6"], 2, "add up to 0.6, not 1"),
        (["bill", "CUR", "--plan", "plan.json"], 2, "--plan: only with --compare"),
        (["bill", "--compare", "2024-09", "2024-10"], 2, "give the bill files or folders holding both periods"),
        (["bill", "CUR", "--compare", "a.json", "b.json"], 2, "give no other PATHS"),
        (["bill", "from-athena-result"], 2, "give exactly one CSV file"),
        (["bill", "CUR", "--period", "September"], 2, "--period: expected a billing period"),
        (["bill", "CUR", "--inventory", "/nonexistent.json"], 2, "--inventory: /nonexistent.json: cannot read"),
        (["bill", "CUR", "--profiles-in", "/nonexistent"], 2, "--profiles-in: /nonexistent: no such file"),
        (["bill", "CUR", "--hours", "800"], 2, "hours: must be above 0 and at most 744"),
        (["bill", "CUR", "-o", "/"], 2, "--output: / is a directory"),
    ],
)
def test_errors_are_one_line_with_exit_codes(cur2: Path, cli: Cli, args: list[str], code: int, message: str) -> None:
    result = cli(*[str(cur2) if a == "CUR" else a for a in args])
    assert result.code == code, result.stderr
    assert message in result.stderr and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_not_a_bill_is_one_line(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "orders.csv"
    target.write_text("order_id,amount\n1,2\n")
    result = cli("bill", str(target))
    assert result.code == 2 and result.stdout == ""
    assert "not an AWS Cost and Usage Report or FOCUS export" in result.stderr and result.stderr.count("\n") == 1
    binary = tmp_path / "junk.parquet"
    binary.write_bytes(b"PAR1 not really parquet")
    result = cli("bill", str(binary))
    assert result.code == 2 and "unreadable Parquet" in result.stderr and result.stderr.count("\n") == 1


def test_help_names_the_library_function_and_an_example(cli: Cli) -> None:
    result = cli("bill", "--help")
    assert result.code == 0 and "pl_cost.bill" in result.stdout and "Examples:" in result.stdout
    assert "  pl-cost bill cur2/data/ --inventory" in result.stdout  # one example a line, unwrapped
    options = result.stdout[result.stdout.index("Options:") :]
    for option in ("--period", "--aws-share", "--compare", "--athena-location", "--athena-periods"):
        text = options[options.index(f"  {option} ") :]
        described = text[: text.index("\n  -", 1)]
        assert "e.g." in " ".join(described.split()), option  # every value option shows an example


# ------------------------------------------------------------------ the public FOCUS sample


def sample_truth(path: Path) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    """Per ResourceId: NAT-hours, GB and BilledCost of the AWS rows whose description names a NAT charge."""
    found: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ProviderName"] != "AWS":
                continue
            description = row["ChargeDescription"]
            if "per NAT Gateway Hour" in description:
                index = 0
            elif "Data Processed by NAT Gateways" in description:
                index = 1
            else:
                continue
            entry = found[row["ResourceId"]]
            entry[index] += Decimal(row["ConsumedQuantity"])
            entry[2] += Decimal(row["BilledCost"])
    return {k: (v[0], v[1], v[2]) for k, v in found.items()}


def test_public_focus_sample_names_its_nat_gateways() -> None:
    """FinOps Foundation FOCUS 1.0 sample data (see tests/fixtures/bill/README.md): anonymised real rows."""
    path = SAMPLE / "focus_sample_excerpt.csv"
    report = pl_cost.bill(path)
    assert report.source.format.startswith("FOCUS without AWS usage types")
    assert report.source.providers["Microsoft"] > 0 and report.source.providers["Oracle"] > 0
    truth = sample_truth(path)
    found = {n.resource_id: (n.nat_hours, n.nat_gb, n.nat_cost) for n in report.nat_gateways}
    assert found == truth
    assert all(n.nat_cost_unblended is None for n in report.nat_gateways)


def test_public_focus_sample_of_another_provider_is_refused(cli: Cli) -> None:
    result = cli("bill", str(SAMPLE / "focus_sample_microsoft_only.csv"))
    assert result.code == 2 and "FOCUS data from Microsoft" in result.stderr and "no AWS rows" in result.stderr


def test_progress_bar_draws_and_erases(
    cur2: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bar follows DuckDB's figure on stderr only when asked (or on a terminal), and is erased before the answer."""
    import io
    import threading

    from pl_cost import duckdb_runner
    from pl_cost.bill import read

    shown: list[float] = []

    class Spy(duckdb_runner.ProgressBar):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.closed = False
            bars.append(self)

        def show(self, percent: float) -> None:
            shown.append(percent)
            super().show(percent)

        def close(self) -> None:
            self.closed = True
            super().close()

    bars: list[Spy] = []
    stream = io.StringIO()
    bar = Spy("scanning", enabled=True, stream=stream)
    polled = threading.Event()
    figures = [10.0, 60.0, -1.0]
    calls: list[int] = []

    class Connection:
        """What `run` asks of a DuckDB connection while the work runs: its progress, and an interrupt."""

        def query_progress(self) -> float:
            calls.append(1)
            if len(calls) >= len(figures):
                polled.set()
            return figures[min(len(calls), len(figures)) - 1]

        def interrupt(self) -> None:
            raise AssertionError("nothing interrupted this run")

    def slow() -> str:
        polled.wait(30)  # the work ends once the bar has polled three times, however busy the machine
        return "done"

    assert duckdb_runner.run(Connection(), slow, bar=bar)[0] == "done"
    bar.close()
    assert shown[:2] == [10.0, 60.0] and "60%" in stream.getvalue() and stream.getvalue().endswith("\r")
    monkeypatch.setattr(read, "ProgressBar", Spy)
    bars.clear()
    report = pl_cost.bill(cur2, progress=True)
    err = capsys.readouterr().err
    assert bars and all(b.closed for b in bars) and (err == "" or err.endswith("\r"))  # drawn or not, erased
    report = pl_cost.bill(cur2, progress=False)
    assert report.total.nat_gateways == 7 and capsys.readouterr().err == ""


def test_html_for_notebooks(cur2: Path) -> None:
    html = pl_cost.bill(cur2)._repr_html_()
    assert html.startswith("<div class='pl-cost'>") and "<table>" in html and "<p><b>NAT gateways</b></p>" in html


def page_text(result: object) -> str:
    """The words of the result's HTML page, tags dropped (needs the 'report' extra)."""
    import html
    import re

    pytest.importorskip("jinja2")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", pl_cost.html_page(result))).split())


def test_the_page_names_the_period_and_calls_the_bound_a_ceiling(cur2: Path) -> None:
    """The NAT cost is the latest period's (so the page names it); the bound is a ceiling on endpoint savings."""
    report = pl_cost.bill(cur2)
    text = page_text(report)
    total, savings = report.total, report.savings
    latest = max(p.billing_period for p in report.periods)
    assert total.billing_period == latest
    assert (
        f"In {latest}, the bill's NAT gateways cost {format_money(total.nat_cost)}"
        f" ({total.nat_gateways} NAT gateways, {total.idle} idle)."
    ) in text
    assert (
        f"endpoints could save at most {format_money(savings.upper_bound_monthly)}: a ceiling on what they could save"
    ) in text
    assert "could move to endpoints" not in text


def test_a_cost_that_is_not_a_number_is_an_error_not_zero(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "edited.csv"
    target.write_text(
        "lineItem/UsageAccountId,lineItem/UsageType,lineItem/UsageAmount,lineItem/UnblendedCost,"
        "bill/BillingPeriodStartDate,lineItem/LineItemType,product/region\n"
        "123456789012,NatGateway-Hours,about ten,0.45,2024-09-01T00:00:00Z,Usage,us-east-1\n"
    )
    result = cli("bill", str(target))
    assert result.code == 2 and "not a number" in result.stderr and result.stdout == ""


# ------------------------------------------------------------------ Ctrl-C during a scan


@pytest.fixture(scope="module")
def long_bill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bill whose scan takes many seconds: one generated Parquet file hard-linked hundreds of times."""
    root = bill_data.write_generated_cur2(tmp_path_factory.mktemp("long"), 1_000_000)
    first = next(root.rglob("*.parquet"))
    for index in range(400):
        os.link(first, first.with_name(f"copy-{index:03d}.parquet"))
    return root


def read_until(proc: subprocess.Popen[bytes], wanted: bytes, limit: float = 300.0) -> bytes:
    """stderr of a running process until `wanted` shows (or it ends, or `limit` seconds pass: a hang guard)."""
    assert proc.stderr is not None
    seen = b""
    while wanted not in seen and proc.poll() is None:
        ready, _, _ = select.select([proc.stderr], [], [], limit)
        if not ready:
            break
        seen += os.read(proc.stderr.fileno(), 4096)
    return seen


def bytes_read(pid: int) -> int:
    """What the process has read so far (rchar: every read call, cached or not)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    return 0


@pytest.mark.parametrize("progress", ["--progress", "--no-progress"])
def test_ctrl_c_stops_the_scan_and_writes_nothing(long_bill: Path, tmp_path: Path, progress: str) -> None:
    """A real SIGINT in the middle of a DuckDB scan: 'interrupted', exit 130, the previous -o file untouched."""
    if progress == "--no-progress" and not Path(f"/proc/{os.getpid()}/io").exists():
        pytest.skip("needs /proc/PID/io to see the scan under way")
    target = tmp_path / "report.json"
    target.write_text("the previous report\n")
    args = [sys.executable, "-m", "pl_cost", "bill", str(long_bill), "-f", "json", "-o", str(target), progress]
    env = {**os.environ, "PL_COST_NO_STALE_WARNING": "1"}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        if progress == "--progress":
            assert b"scanning the bill" in read_until(proc, b"scanning the bill"), "the scan never started"
        else:
            # detection reads each file's footer, the scan a fifth of every file: 5% of all bytes is mid-scan
            total = sum(p.stat().st_size for p in long_bill.rglob("*.parquet"))
            while proc.poll() is None and bytes_read(proc.pid) < total // 20:
                select.select([], [], [], 0.05)
        assert proc.poll() is None, "the scan ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    shown = [line.rsplit("\r", 1)[-1].strip() for line in err.decode().split("\n")]
    assert [line for line in shown if line] == ["pl-cost: error: interrupted"], err  # the bar erased, one line
    assert b"terminate called" not in err and b"Traceback" not in err
    assert target.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left
