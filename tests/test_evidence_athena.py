"""The Athena path: the printed query runs (in DuckDB, standing in for Trino) and its CSV gives the same profile."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pl_cost.evidence import athena_sql, profile_from_athena_result, profile_from_flow_logs
from pl_cost.evidence.fields import ATHENA_TYPES
from tests.evidence_data import Scenario, generate

duckdb = pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return generate(tmp_path_factory.mktemp("athena"), seed=11)


def athena_query(scenario: Scenario) -> str:
    text = athena_sql([str(scenario.flow_dirs[0])], scenario.region, days=3650)
    start = text.index("-- 2.")
    body = text[text.index("\n", start) + 1 : text.index("-- 3.")]
    return body.strip().rstrip(";")


def athena_like_table(scenario: Scenario) -> object:
    """Text-table semantics of Athena's LazySimpleSerDe: '-' stays text, bad numbers become NULL."""
    con = duckdb.connect()
    files = sorted(str(p) for p in scenario.flow_dirs[0].rglob("*.log*"))
    header = Path(files[0]).read_text().splitlines()[0].split()
    listing = "[" + ", ".join(f"'{f}'" for f in files) + "]"
    columns = "{" + ", ".join(f"'{h.replace('-', '_')}': 'VARCHAR'" for h in header) + "}"
    casts = []
    for name in header:
        column = name.replace("-", "_")
        kind = ATHENA_TYPES.get(name)
        casts.append(f'TRY_CAST("{column}" AS BIGINT) AS "{column}"' if kind else f'"{column}"')
    con.execute(
        f"CREATE TABLE vpc_flow_logs AS SELECT {', '.join(casts)}, '2026/08/21' AS day FROM read_csv({listing},"
        f" delim=' ', header=true, columns={columns}, auto_detect=false, nullstr='\\N')"
    )
    return con


def write_result(con: object, query: str, target: Path) -> None:
    """A CSV as Athena writes it: every field quoted, NULL as empty, booleans as true/false."""
    cursor = con.execute(query)  # type: ignore[attr-defined]
    names = [d[0] for d in cursor.description]
    with target.open("w", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(names)
        for row in cursor.fetchall():
            writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row])


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_athena_result_gives_the_same_profile(scenario: Scenario, tmp_path: Path, engine: str) -> None:
    query = athena_query(scenario)
    assert "read_csv" not in query and "FROM vpc_flow_logs WHERE day >=" in query
    result_csv = tmp_path / "result.csv"
    write_result(athena_like_table(scenario), query, result_csv)
    dns = [str(p) for p in scenario.dns_files]
    from_athena = profile_from_athena_result(str(result_csv), scenario.region, dns_logs=dns, engine=engine)  # type: ignore[arg-type]
    local = profile_from_flow_logs(
        [str(p) for p in scenario.flow_dirs], scenario.region, dns_logs=dns, engine="duckdb", progress=False
    )
    assert from_athena.profile == local.profile
    assert from_athena.evidence["bytes_by_destination"] == local.evidence["bytes_by_destination"]
    assert from_athena.evidence["records"]["skipdata"] == scenario.skipdata


def test_ddl_follows_the_header_and_the_key_layout(scenario: Scenario) -> None:
    text = athena_sql([str(scenario.flow_dirs[0])], scenario.region, location="s3://bucket/p/AWSLogs/")
    header = next(scenario.flow_dirs[0].rglob("*.log")).read_text().splitlines()[0].split()
    ddl = text[: text.index("-- 2.")]
    positions = [ddl.index(f"`{name.replace('-', '_')}`") for name in header]
    assert positions == sorted(positions)
    assert '"skip.header.line.count"="1"' in ddl
    assert "PARTITIONED BY (accid string, region string, day string)" in ddl
    assert '"storage.location.template"="s3://bucket/p/AWSLogs/${accid}/vpcflowlogs/${region}/${day}"' in ddl
    assert '"projection.accid.values"="123456789012"' in ddl


def test_foreign_csv_is_refused(tmp_path: Path, cli: object) -> None:
    foreign = tmp_path / "x.csv"
    foreign.write_text("a,b\n1,2\n")
    result = cli("profile", "from-athena-result", str(foreign), "--region", "us-east-1")  # type: ignore[operator]
    assert result.code == 2 and result.stdout == ""
    assert "missing column(s) interface_id" in result.stderr and result.stderr.count("\n") == 1
