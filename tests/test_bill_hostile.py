"""`pl-cost bill` against hostile input: every bad file, folder, plan or option is one line, never a hang.

FIFOs are tried in a child process with a timeout, so a regression fails the test instead of hanging it.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import pl_cost
from pl_cost.errors import UsageError
from tests import bill_data
from tests.conftest import CliResult

pytest.importorskip("duckdb")
Cli = Callable[..., CliResult]
#: A hang guard only: each child answers in a second or two.
CHILD_SECONDS = 120


@pytest.fixture(scope="module")
def org() -> bill_data.Org:
    return bill_data.organisation(seed=51, periods=("2024-09", "2024-10"))


@pytest.fixture(scope="module")
def cur2(org: bill_data.Org, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bill_data.write_cur2(org, tmp_path_factory.mktemp("hostile"))


def one_line(result: CliResult, code: int, *wanted: str) -> None:
    """Exit `code`, nothing on stdout, one line on stderr holding every `wanted` text, no internal error."""
    assert result.code == code, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr, result.stderr
    for text in wanted:
        assert text in result.stderr, result.stderr


def child(*args: str, cwd: Path | None = None) -> CliResult:
    """`pl-cost ARGS` in a child process that is killed if it hangs (a FIFO read would)."""
    env = {**os.environ, "PL_COST_NO_STALE_WARNING": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pl_cost", *args], capture_output=True, text=True, env=env, cwd=cwd,
            timeout=CHILD_SECONDS,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"pl-cost {' '.join(args)} hung")
    return CliResult(done.returncode, done.stdout, done.stderr)


# ------------------------------------------------------------------ hostile --plan JSON


def plan_json(org: bill_data.Org, folder: Path) -> dict[str, object]:
    """A real plan from pl-cost recommend for one NAT gateway of the organisation, as JSON."""
    nat_id = org.specs[0].nat_id
    profile = folder / f"{nat_id}.yaml"
    profile.write_text(
        "region: us-east-1\nazs: 1\nnat: {mode: single}\ninternet_gb_per_month: 100\nservices: {logs: 200}\n"
    )
    data: dict[str, object] = json.loads(pl_cost.render(pl_cost.recommend(profile), "json"))
    return data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"savings_monthly": "a lot"}, "savings_monthly: expected a number"),
        ({"savings_monthly": [1]}, "savings_monthly: expected a number"),
        ({"savings_monthly": "1e999999"}, "savings_monthly: '1e999999' is out of range"),
        ({"line_items": 5}, "line_items: a list of line items, got 5"),
        ({"line_items": ["x"]}, "line_items[0]: a line item"),
        ({"line_items": [{"rate": "nat_gateway_gb", "quantity": "abc"}]}, "line_items[0].quantity: expected a number"),
        ({"line_items": [{"rate": "nat_gateway_gb"}]}, "line_items[0].quantity: expected a number"),
        ({"line_items": [{"rate": 7}]}, "line_items[0].rate: a rate name"),
        ({"baseline_line_items": {"a": 1}}, "baseline_line_items: a list of line items"),
        ({"profile": 12}, "profile: the profile's file name"),
    ],
)
def test_a_hostile_plan_is_one_line_naming_the_field(
    org: bill_data.Org, cur2: Path, cli: Cli, tmp_path: Path, change: dict[str, object], field: str
) -> None:
    data = {**plan_json(org, tmp_path), **change}
    target = tmp_path / "plan.json"
    target.write_text(json.dumps(data))
    one_line(cli("bill", "--compare", "2024-09", "2024-10", str(cur2), "--plan", str(target)), 2, field)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"profile": "p", "line_items": [], "savings_monthly": ' + "9" * 5000 + "}", "out of range"),
        ('{"plans": 5}', "plans: a list of plans"),
        ('{"plans": [{"profile": "p"}]}', "plans[0]: not a plan"),
        ("not json", "not a plan JSON"),
        ("\udcff", "not a plan JSON"),
    ],
    ids=["nested", "5000-digits", "plans-not-a-list", "plan-without-figures", "not-json", "not-utf8"],
)
def test_a_plan_file_that_is_not_a_plan_is_one_line(
    cur2: Path, cli: Cli, tmp_path: Path, text: str, wanted: str
) -> None:
    target = tmp_path / "plan.json"
    target.write_bytes(text.encode("utf-8", "surrogateescape"))
    one_line(cli("bill", "--compare", "2024-09", "2024-10", str(cur2), "--plan", str(target)), 2, "--plan", wanted)


def test_the_plan_is_checked_before_the_bill_is_read(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text('{"profile": "p", "line_items": 5, "savings_monthly": 1}')
    one_line(cli("bill", "--compare", "2024-09", "2024-10", str(tmp_path / "no-bill"), "--plan", str(target)), 2,
             "line_items: a list")  # fmt: skip


def test_the_matched_plan_is_the_one_named_after_the_nat(org: bill_data.Org, cur2: Path, tmp_path: Path) -> None:
    """Plans are matched by whole ids: a plan for nat-...0001 is not matched to nat-...00011 or to another NAT."""
    first = plan_json(org, tmp_path)
    other = {**first, "profile": str(tmp_path / f"{org.specs[0].nat_id}1.yaml")}  # a longer id, same prefix
    report = pl_cost.bill(cur2)
    result = pl_cost.compare_bills(report, report, {"plans": [other, first]}, ("2024-09", "2024-10"))
    rows = {r.nat_gateway_id: r for r in result.nat_gateways}
    assert rows[org.specs[0].nat_id].plan == first["profile"]
    assert all(r.plan is None for n, r in rows.items() if n != org.specs[0].nat_id)
    assert [p.plan for p in result.plans] == [first["profile"]]


# ------------------------------------------------------------------ periods and options


@pytest.mark.parametrize(
    ("args", "code", "wanted"),
    [
        (["--compare", "2024-13", "2024-14", "BILL"], 2, "--compare: expected a billing period"),
        (["--compare", "2024-09", "other.json", "BILL"], 2, "--compare: give two billing periods (YYYY-MM) or two"),
        (["--athena", "--athena-table", "x;drop table y"], 2, "--athena-table: letters, digits"),
        (["--athena", "--athena-table", "ｔａｂｌｅ"], 2, "--athena-table: letters, digits"),
        (["--athena", "--athena-location", "http://bucket/x/"], 2, "--athena-location: an S3 location"),
        (["--athena", "--athena-location", "s3://Bad_Bucket/x/"], 2, "--athena-location: an S3 location"),
        (["--athena", "--athena-location", "s3://bucket/a\nb/"], 2, "--athena-location: an S3 location"),
        (["--athena", "--athena-location", "s3://192.168.1.1/x/"], 2, "is not an S3 bucket name"),
        (["--athena", "-f", "json"], 2, "--format: --athena prints SQL"),
        (["--schema", "-f", "csv"], 2, "--format: --schema prints JSON Schema"),
        (["BILL", "--athena-location", "s3://bucket/x/"], 2, "--athena-location: only with --athena"),
        (["BILL", "--profiles", "AFILE/sub"], 1, "--profiles: cannot create"),
        (["BILL", "--profiles", "AFILE"], 2, "--profiles: AFILE is not a folder"),
        (["BILL", "--profiles", "MISSING/deeper/dir"], 1, "--profiles: cannot create MISSING/deeper/dir"),
    ],
)
def test_options_are_one_line_errors(
    cur2: Path, cli: Cli, tmp_path: Path, args: list[str], code: int, wanted: str
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("a file\n")
    names = {"BILL": str(cur2), "AFILE": str(afile), "MISSING": str(tmp_path / "missing")}

    def fill(text: str) -> str:
        for key, value in names.items():
            text = text.replace(key, value)
        return text

    one_line(cli("bill", *[fill(a) for a in args]), code, fill(wanted))
    assert not (tmp_path / "missing").exists()


def test_profiles_are_checked_before_any_work(cli: Cli, tmp_path: Path) -> None:
    """A bad --profiles folder fails first: the bill path is never looked at."""
    (tmp_path / "afile").write_text("x")
    result = cli("bill", str(tmp_path / "no-such-bill"), "--profiles", str(tmp_path / "afile" / "sub"))
    one_line(result, 1, "--profiles: cannot create")


def test_a_quote_in_the_s3_location_is_escaped_in_the_ddl() -> None:
    sqlglot = pytest.importorskip("sqlglot")
    text = pl_cost.bill.athena_sql("s3://amzn-s3-demo-bucket/it's/data", ["2024-09"])
    ddl = text[text.index("CREATE EXTERNAL TABLE") : text.index("-- 2.")].strip()
    assert "LOCATION 's3://amzn-s3-demo-bucket/it''s/data/'" in ddl
    assert "'s3://amzn-s3-demo-bucket/it''s/data/BILLING_PERIOD=${billing_period}'" in ddl
    parsed = sqlglot.parse_one(ddl, read="athena")
    assert parsed is not None and len(sqlglot.parse(ddl, read="athena")) == 1  # one statement, nothing injected


# ------------------------------------------------------------------ manifests and versions


def test_a_manifest_listing_none_of_the_files_is_one_line(org: bill_data.Org, tmp_path: Path) -> None:
    root = bill_data.write_legacy_csv(org, tmp_path)
    period_dir = next(root.glob("2024*"))
    first = next(period_dir.glob("*/cur-1.csv"))
    second = period_dir / "20241003T000000Z" / "cur-1.csv"
    second.parent.mkdir()
    second.write_bytes(first.read_bytes())
    (period_dir / "cur-Manifest.json").write_text('{"reportKeys": ["cur/x/20990101T000000Z/cur-1.csv"]}')
    with pytest.raises(UsageError, match=r"its manifest cur-Manifest.json lists none of the 2 data files") as raised:
        pl_cost.bill(root)
    assert "\n" not in str(raised.value)


# ------------------------------------------------------------------ FIFOs


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs (POSIX)")
    target = tmp_path / "pipe.csv"
    os.mkfifo(target)
    return target


def test_a_fifo_inside_a_bill_folder_is_refused(cur2: Path, fifo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bill"
    folder.mkdir()
    (folder / "real.parquet").write_bytes(next(cur2.rglob("*.parquet")).read_bytes())
    os.rename(fifo, folder / "export-00002.csv")
    result = child("bill", str(folder))
    assert result.code == 2 and "export-00002.csv: not a regular file (a FIFO" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (["bill", "FIFO"], "FIFO: not a regular file"),
        (["bill", "from-athena-result", "FIFO"], "FIFO: not a regular file"),
        (["bill", "--compare", "2024-09", "2024-10", "BILL", "--plan", "FIFO"], "--plan: FIFO: not a regular file"),
        (["bill", "--compare", "FIFO", "FIFO"], "FIFO: not a regular file"),
        (["bill", "--athena", "-o", "FIFO"], "--output: FIFO is not a regular file"),
        (["bill", "BILL", "--profiles-in", "FIFO"], "--profiles-in: FIFO: not a regular file"),
    ],
    ids=["bill", "athena-result", "plan", "compare", "output", "profiles-in"],
)
def test_a_fifo_anywhere_is_one_line(cur2: Path, fifo: Path, args: list[str], wanted: str) -> None:
    result = child(*[str(fifo) if a == "FIFO" else str(cur2) if a == "BILL" else a for a in args])
    assert result.code == 2, result.stderr
    assert wanted.replace("FIFO", str(fifo)) in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_a_fifo_manifest_is_not_read(org: bill_data.Org, tmp_path: Path) -> None:
    """Two versions and a FIFO where the manifest would be: refused as 'no manifest', not a hang."""
    root = bill_data.write_legacy_csv(org, tmp_path)
    period_dir = next(root.glob("2024*"))
    first = next(period_dir.glob("*/cur-1.csv"))
    (period_dir / "v2").mkdir()
    (period_dir / "v2" / "cur-1.csv").write_bytes(first.read_bytes())
    os.mkfifo(period_dir / "cur-Manifest.json")
    result = child("bill", str(root))
    assert result.code == 2 and "no manifest saying which is current" in result.stderr, result.stderr


# ------------------------------------------------------------------ a report without resource IDs


def test_csv_without_resource_ids_gives_the_totals(org: bill_data.Org, cli: Cli, tmp_path: Path) -> None:
    """No resource IDs: the CSV holds the totals per account, region and period (never 0 bytes)."""
    root = bill_data.write_cur2(org, tmp_path, resource_ids=False)
    result = cli("bill", str(root), "-f", "csv")
    assert result.code == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows and {r["entry"] for r in rows} == {"no_resource_id"}
    found: dict[tuple[str, str, str], list[Decimal]] = {}
    for row in rows:
        sums = found.setdefault((row["billing_period"], row["account_id"], row["region"]), [Decimal(0)] * 3)
        for index, name in enumerate(("nat_hours", "nat_gb", "nat_cost")):
            sums[index] += Decimal(row[name])
        assert row["idle"] == "" and row["resource_id"] == ""  # unknown, not false or 0
    assert {k: tuple(v) for k, v in found.items()} == org.totals_without_ids()


def test_counts_without_resource_ids_are_unknown(org: bill_data.Org, cli: Cli, tmp_path: Path) -> None:
    root = bill_data.write_cur2(org, tmp_path, resource_ids=False)
    report = pl_cost.bill(root)
    assert report.total.nat_gateways is None and report.total.idle is None
    savings = report.savings  # nothing per NAT: what deleting or endpoints would save is unknown, not $0
    assert savings.idle_nat_gateways is None and savings.idle_monthly is None and savings.upper_bound_monthly is None
    assert all(t.nat_gateways is None and t.idle is None for t in [*report.unattributed, *report.totals_by_region])
    table = cli("bill", str(root)).stdout
    key = re.compile(rf"^{bill_data.A} (\d{{4}}-\d{{2}}|\S+ \d{{4}}-\d{{2}} \()")  # its unattributed and account rows
    lines = [line for line in table.splitlines() if key.match(line)]
    assert lines and all(re.search(r"\S\s{2,}unknown\s+unknown\s", line) for line in lines), lines


def test_the_page_says_unknown_without_resource_ids(org: bill_data.Org, tmp_path: Path) -> None:
    """Counts and savings a bill cannot know read 'unknown' on the page, never None or $0."""
    import html

    pytest.importorskip("jinja2")
    report = pl_cost.bill(bill_data.write_cur2(org, tmp_path, resource_ids=False))
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", pl_cost.html_page(report))).split())
    verdict = page[page.index(f"In {report.total.billing_period}, the bill's NAT gateways cost") :].split(" Hours a")[0]
    assert "(NAT gateways: unknown, idle: unknown)" in verdict
    assert "what endpoints could save are unknown" in verdict
    assert "None" not in verdict and "$0.00" not in verdict


def test_an_empty_report_still_prints_a_csv_header(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "s3-only.csv"
    target.write_text(
        "bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageType,"
        "lineItem/UsageAmount,lineItem/UnblendedCost,product/region\n"
        "2024-09-01T00:00:00Z,123456789012,Usage,TimedStorage-ByteHrs,1,0.02,us-east-1\n"
    )
    result = cli("bill", str(target), "-f", "csv")
    assert result.code == 0 and result.stdout.startswith("entry,billing_period,resource_id,")
    report = pl_cost.bill(target)  # no NAT rows at all: nothing to save is a true 0
    assert report.savings.idle_monthly == 0 and report.savings.upper_bound_monthly == 0
    assert any("no NAT gateway rows on this bill" in c for c in report.caveats)
