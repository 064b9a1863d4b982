"""The Athena path: one SQL text for both engines, Trino-parseable, and its CSV result gives the same report."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import pl_cost
from pl_cost.bill import athena_sql, bill_from_athena_result
from pl_cost.bill.athena import CUR2_COLUMNS, query
from pl_cost.bill.files import discover
from pl_cost.bill.read import scan
from pl_cost.bill.sql import RESULT_COLUMNS
from pl_cost.errors import UsageError
from tests import bill_data
from tests.bill_data import Org

duckdb = pytest.importorskip("duckdb")
sqlglot = pytest.importorskip("sqlglot")


@pytest.fixture(scope="module")
def org() -> Org:
    return bill_data.organisation(seed=13, periods=("2024-09", "2024-10"))


@pytest.fixture(scope="module")
def cur2(org: Org, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bill_data.write_cur2(org, tmp_path_factory.mktemp("athena"))


def sections(text: str) -> tuple[str, str]:
    ddl = text[text.index("CREATE EXTERNAL TABLE") : text.index("-- 2.")].strip()
    body = text[text.index("\n", text.index("-- 2.")) + 1 : text.index("-- 3.")].strip()
    return ddl, body.rstrip(";")


def test_the_query_parses_as_trino_and_the_ddl_as_athena() -> None:
    ddl, body = sections(athena_sql("s3://bucket/cur/nat-export/data/", ["2024-09", "2024-10"]))
    parsed = sqlglot.parse_one(body, read="trino")
    assert parsed is not None and parsed.find(sqlglot.exp.Group) is not None
    assert sqlglot.parse_one(ddl, read="athena") is not None
    assert "'projection.billing_period.type' = 'date'" in ddl
    assert "'storage.location.template' = 's3://bucket/cur/nat-export/data/BILLING_PERIOD=${billing_period}'" in ddl
    assert "WHERE billing_period IN ('2024-09', '2024-10')" in body


def test_duckdb_runs_the_same_text_on_cur2_files(cur2: Path) -> None:
    """The DuckDB query for CUR 2.0 files is the Athena query with the file list in place of the table."""
    local = scan(discover([str(cur2)])).query
    athena = query(["2024-09"], "cur2")
    relation_start = local.index("FROM read_parquet(")
    relation_end = local.index(")", local.index("hive_partitioning", relation_start)) + 1
    swapped = local[:relation_start] + "FROM cur2\nWHERE billing_period IN ('2024-09')" + local[relation_end:]
    assert swapped.strip() == athena.strip().rstrip(";")


def run_like_athena(cur2: Path, text: str, target: Path) -> None:
    """Stand in for Athena: a `cur2` table with the billing_period partition column, the CSV written as Athena does."""
    con = duckdb.connect()
    files = sorted(str(p) for p in cur2.rglob("*.parquet"))
    listing = "[" + ", ".join(f"'{f}'" for f in files) + "]"
    con.execute(
        f"CREATE TABLE cur2 AS SELECT *, strftime(bill_billing_period_start_date, '%Y-%m') AS billing_period"
        f" FROM read_parquet({listing}, hive_partitioning = false)"
    )
    cursor = con.execute(text)
    names = [d[0] for d in cursor.description]
    with target.open("w", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(names)
        for row in cursor.fetchall():
            writer.writerow(["" if v is None else v for v in row])


def test_the_athena_result_gives_the_same_report(cur2: Path, tmp_path: Path) -> None:
    _, body = sections(athena_sql(None, ["2024-09", "2024-10"]))
    result = tmp_path / "result.csv"
    run_like_athena(cur2, body, result)
    from_athena = bill_from_athena_result(result)
    direct = pl_cost.bill(cur2)
    assert from_athena.source.engine == "athena"
    assert from_athena.nat_gateways == direct.nat_gateways
    assert from_athena.totals_by_account == direct.totals_by_account
    assert from_athena.interface_endpoints == direct.interface_endpoints
    assert from_athena.taxes == direct.taxes


def test_a_result_from_before_billing_period_end_still_reads(cur2: Path, tmp_path: Path) -> None:
    """An Athena result saved before the query had billing_period_end: periods end at the calendar month's end."""
    _, body = sections(athena_sql(None, ["2024-09", "2024-10"]))
    result = tmp_path / "result.csv"
    run_like_athena(cur2, body, result)
    with result.open(newline="") as handle:
        rows = list(csv.reader(handle))
    drop = rows[0].index("billing_period_end")
    older = tmp_path / "older.csv"
    with older.open("w", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([r[:drop] + r[drop + 1 :] for r in rows])
    report = bill_from_athena_result(older)
    assert [(p.billing_period, p.period_end, p.complete) for p in report.periods] == [
        ("2024-09", "2024-10-01T00:00:00Z", True),
        ("2024-10", "2024-11-01T00:00:00Z", True),
    ]
    assert report.nat_gateways == bill_from_athena_result(result).nat_gateways


def test_cli_prints_the_sql_and_reads_the_result(cur2: Path, tmp_path: Path, cli: object) -> None:
    printed = cli("bill", "--athena", "--athena-periods", "2024-10")  # type: ignore[operator]
    assert printed.code == 0 and "CREATE EXTERNAL TABLE IF NOT EXISTS cur2" in printed.stdout
    assert "pl-cost bill from-athena-result RESULT.csv" in printed.stdout
    result = tmp_path / "result.csv"
    run_like_athena(cur2, sections(printed.stdout)[1], result)
    done = cli("bill", "from-athena-result", str(result), "--format", "json")  # type: ignore[operator]
    assert done.code == 0, done.stderr
    assert '"schema_name": "pl-cost/bill"' in done.stdout


def test_ddl_declares_aws_types() -> None:
    types = dict(CUR2_COLUMNS)
    assert types["line_item_usage_amount"] == "double" and types["line_item_unblended_rate"] == "string"
    assert types["bill_billing_period_start_date"] == "timestamp"
    assert types["product"] == "map<string,string>" and types["discount"] == "map<string,double>"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n1,2\n", "not the result of pl-cost's Athena query"),
        ("", "empty file"),
    ],
)
def test_foreign_csv_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    target = tmp_path / "foreign.csv"
    target.write_text(text)
    with pytest.raises(UsageError, match=message):
        bill_from_athena_result(target)


def test_bad_rows_name_the_line(cur2: Path, tmp_path: Path) -> None:
    _, body = sections(athena_sql(None, ["2024-09"]))
    result = tmp_path / "result.csv"
    run_like_athena(cur2, body, result)
    lines = result.read_text().splitlines()
    (tmp_path / "short.csv").write_text("\n".join([lines[0], lines[1].rsplit(",", 1)[0]]) + "\n")
    width = len(RESULT_COLUMNS)
    with pytest.raises(UsageError, match=rf"short.csv:2: {width - 1} fields, the header has {width}"):
        bill_from_athena_result(tmp_path / "short.csv")
    fields = next(csv.reader([lines[1]]))
    fields[9] = "many"
    with (tmp_path / "bad.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([next(csv.reader([lines[0]])), fields])
    with pytest.raises(UsageError, match=r"bad.csv:2: usage_amount: not a number: 'many'"):
        bill_from_athena_result(tmp_path / "bad.csv")
    with pytest.raises(UsageError, match="no such file"):
        bill_from_athena_result(tmp_path / "absent.csv")


def test_athena_periods_are_checked(cli: object) -> None:
    result = cli("bill", "--athena", "--athena-periods", "2024-9")  # type: ignore[operator]
    assert result.code == 2 and "--athena-periods: expected a billing period as YYYY-MM" in result.stderr
