"""The Athena path: the printed SQL parses as Athena (sqlglot), the query is one text for every layout, it runs
(in DuckDB, standing in for Trino) and its CSV result gives the same profile; bad result CSVs are one-line errors."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest

from pl_cost.errors import UsageError
from pl_cost.evidence import athena_sql, profile_from_athena_result, profile_from_flow_logs
from pl_cost.evidence.fields import ATHENA_TYPES
from tests.evidence_data import ACCOUNT, NAT_ENI, Scenario, generate

duckdb = pytest.importorskip("duckdb")
sqlglot = pytest.importorskip("sqlglot")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return generate(tmp_path_factory.mktemp("athena"), seed=11)


def statements(text: str) -> list[str]:
    """The printed text split the way a user pastes it into the Athena console: one statement per ';'."""
    return [part.strip() for part in text.split(";\n") if part.strip() and not part.strip().startswith("-- 4.")]


def section(text: str, number: int) -> str:
    start = text.index(f"-- {number}.")
    body = text[text.index("\n", start) + 1 : text.index(f"-- {number + 1}.")]
    return body.strip().rstrip(";")


def layouts(scenario: Scenario, tmp_path: Path) -> dict[str, str]:
    """The Athena text for text/daily, text/hourly, Hive-compatible and Parquet layouts of the same logs."""
    out = {"text-daily": athena_sql([str(scenario.flow_dirs[0])], scenario.region, days=3650)}
    out["text-hourly"] = athena_sql([str(scenario.flow_dirs[0])], scenario.region, days=3650, hourly=True)
    hive = "s3://bucket/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/"
    fields = " ".join("${" + name + "}" for name in scenario.order)
    out["hive"] = athena_sql([hive], scenario.region, days=3650, fields=fields)
    out["parquet"] = athena_sql(
        ["s3://bucket/AWSLogs/"], scenario.region, days=3650, fields=fields, parquet=True, hourly=True
    )
    return out


def test_every_statement_parses_as_athena(scenario: Scenario, tmp_path: Path) -> None:
    for name, text in layouts(scenario, tmp_path).items():
        parts = statements(text)
        assert len(parts) == 3, name
        for part in parts:
            parsed = sqlglot.parse(part, read="athena")
            assert len(parsed) == 1 and parsed[0] is not None, (name, part[:80])


def test_the_query_is_one_text_for_every_layout(scenario: Scenario, tmp_path: Path) -> None:
    texts = layouts(scenario, tmp_path)
    queries = {name: section(text, 3) for name, text in texts.items()}
    assert len(set(queries.values())) == 1
    ddls = {name: section(text, 1) for name, text in texts.items()}
    assert "PARTITIONED BY (accid string, region string, day string)\n" in ddls["text-daily"]
    assert "PARTITIONED BY (accid string, region string, day string, hour string)" in ddls["text-hourly"]
    assert (
        '"storage.location.template"="s3://amzn-s3-demo-bucket/prefix/AWSLogs/${accid}/vpcflowlogs/${region}/${day}/${hour}"'
        in ddls["text-hourly"]
    )
    assert "year string, month string, day string" in ddls["hive"]
    assert "aws-account-id=${accid}/aws-service=vpcflowlogs/aws-region=${region}/year=${year}" in ddls["hive"]
    assert "ParquetHiveSerDe" in ddls["parquet"] and "skip.header.line.count" not in ddls["parquet"]
    for name in ("text-daily", "text-hourly", "hive"):
        assert '"skip.header.line.count"="1"' in ddls[name] and '"projection.enabled"="true"' in ddls[name]


def test_reduction_is_the_text_duckdb_runs(scenario: Scenario) -> None:
    from pl_cost.evidence import sql
    from pl_cost.evidence.athena import source

    text = athena_sql([str(scenario.flow_dirs[0])], scenario.region, days=14)
    query = section(text, 3)
    # The same template, with only the source relation differing: the view's last 14 days there, flow_logs here.
    assert query == sql.reduce_sql(source(14), None).rstrip()
    assert query.replace(source(14), "flow_logs") == sql.reduce_sql("flow_logs", None).rstrip()


def test_ddl_follows_the_header_and_the_key_layout(scenario: Scenario) -> None:
    text = athena_sql([str(scenario.flow_dirs[0])], scenario.region, location="s3://bucket/p/AWSLogs/")
    header = next(scenario.flow_dirs[0].rglob("*.log")).read_text().splitlines()[0].split()
    ddl = section(text, 1)
    positions = [ddl.index(f"`{name.replace('-', '_')}`") for name in header]
    assert positions == sorted(positions)
    assert '"storage.location.template"="s3://bucket/p/AWSLogs/${accid}/vpcflowlogs/${region}/${day}"' in ddl
    assert f'"projection.accid.values"="{ACCOUNT}"' in ddl


def athena_like_table(scenario: Scenario) -> Any:
    """Text-table semantics of Athena's LazySimpleSerDe: '-' stays text, bad numbers become NULL."""
    from pl_cost.evidence.duck import connect

    con = connect()
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


def write_result(con: Any, query: str, target: Path) -> None:
    """A CSV as Athena writes it: every field quoted, NULL as empty, booleans as true/false."""
    cursor = con.execute(query)
    names = [d[0] for d in cursor.description]
    with target.open("w", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(names)
        for row in cursor.fetchall():
            writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row])


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_athena_result_gives_the_same_profile(scenario: Scenario, tmp_path: Path, engine: str) -> None:
    text = athena_sql([str(scenario.flow_dirs[0])], scenario.region, days=3650)
    con = athena_like_table(scenario)
    con.execute(section(text, 2))  # the view, as printed
    result_csv = tmp_path / "result.csv"
    write_result(con, section(text, 3), result_csv)
    dns = [str(p) for p in scenario.dns_files]
    from_athena = profile_from_athena_result(str(result_csv), scenario.region, dns_logs=dns, engine=engine)  # type: ignore[arg-type]
    local = profile_from_flow_logs(
        [str(p) for p in scenario.flow_dirs], scenario.region, dns_logs=dns, engine="duckdb", progress=False
    )
    assert from_athena.profile == local.profile
    assert from_athena.evidence.bytes_by_destination == local.evidence.bytes_by_destination
    assert from_athena.evidence.records == local.evidence.records
    assert from_athena.evidence.engine == f"athena+{engine}"


GOOD_HEADER = (
    '"interface_id","log_status","action","leg","via_addr","local_addr","remote_addr","has_pkt","instance_id",'
    '"records","bytes","first_start","last_end"'
)
GOOD_ROW = (
    '"eni-0a1b2c3d4e5f60001","OK","ACCEPT","out","10.0.0.10","10.0.1.5","198.51.100.7","true","","4","100",'
    '"1787270400","1787270460"'
)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("a,b\n1,2\n", "missing column(s) interface_id"),
        ("", "empty file"),
        (GOOD_HEADER + ',"extra"\n' + GOOD_ROW + ',"x"\n', "unexpected column(s)"),
        (GOOD_HEADER + "\n" + GOOD_ROW.rsplit(",", 1)[0] + "\n", ":2: 12 field(s) where the header has 13"),
        (GOOD_HEADER + "\n" + GOOD_ROW + ',"1"\n', ":2: 14 field(s) where the header has 13"),
        (GOOD_HEADER + '\n"eni-1,"OK\n', "not a readable CSV"),
        (GOOD_HEADER + "\n" + GOOD_ROW.replace('"4"', '"four"') + "\n", "records must be a whole number"),
        (GOOD_HEADER + "\n" + GOOD_ROW.replace('"true"', '"yes"') + "\n", "has_pkt must be true or false"),
        (GOOD_HEADER + "\n" + GOOD_ROW.replace('"OK"', '"FINE"') + "\n", "are not what the query writes"),
        (GOOD_HEADER + "\n" + GOOD_ROW.replace('"100"', '"1' + "0" * 30 + '"') + "\n", "bytes must be a whole"),
    ],
)
def test_bad_result_csv_is_one_line(tmp_path: Path, cli: Any, text: str, needle: str) -> None:
    bad = tmp_path / "result.csv"
    bad.write_text(text)
    result = cli("profile", "from-athena-result", str(bad), "--region", "us-east-1")
    assert result.code == 2 and result.stdout == "", result.stderr
    assert needle in result.stderr and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_result_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "result.csv"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        profile_from_athena_result(str(fifo), "us-east-1")


def test_default_format_through_athena(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    """Default-format logs: the query keeps the inventory's NAT interfaces' legs, the result is read with it."""
    scenario = generate(tmp_path_factory.mktemp("athena-v2"), seed=5, default_format=True)
    inventory = [str(p) for p in scenario.inventory]
    text = athena_sql([str(scenario.flow_dirs[0])], scenario.region, days=3650, inventory=inventory)
    assert "interface_id IN ('eni-0a1b2c3d4e5f60001')" in text and "FALSE AS has_pkt" in text
    con = athena_like_table(scenario)
    con.execute(section(text, 2))
    result_csv = tmp_path / "result.csv"
    write_result(con, section(text, 3), result_csv)
    with pytest.raises(UsageError, match="--inventory"):
        profile_from_athena_result(str(result_csv), scenario.region)
    from_athena = profile_from_athena_result(str(result_csv), scenario.region, inventory=inventory)
    local = profile_from_flow_logs(
        [str(p) for p in scenario.flow_dirs], scenario.region, inventory=inventory, engine="duckdb", progress=False
    )
    assert from_athena.profile == local.profile
    assert from_athena.evidence.bytes_by_destination == local.evidence.bytes_by_destination


@pytest.mark.parametrize(
    "location",
    [
        "s3://bucket/o'brien/AWSLogs/",
        's3://bucket/say "hi"/AWSLogs/',
        "s3://bucket/back\\slash/",
        "s3://bucket/it's \"both\" \\'/",
    ],
)
def test_quotes_in_the_location_stay_inside_its_string(location: str) -> None:
    """Athena's DDL is Hive's: the location and the projection template read back as the very location given."""
    base = location[: location.index("AWSLogs/") + len("AWSLogs/")] if "AWSLogs/" in location else location
    text = athena_sql([location], "us-east-1", nat_enis=[NAT_ENI])
    [parsed] = sqlglot.parse(statements(text)[0], read="athena")
    assert parsed is not None
    where = parsed.find(sqlglot.exp.LocationProperty)
    assert where is not None and isinstance(where.this, sqlglot.exp.Literal) and where.this.this == base
    properties = {p.name: p.args["value"] for p in parsed.find_all(sqlglot.exp.Property) if p.args.get("value")}
    template = properties["storage.location.template"]
    assert isinstance(template, sqlglot.exp.Literal) and template.this.startswith(base)
    assert template.this[len(base) :] == "${accid}/vpcflowlogs/${region}/${day}"


@pytest.mark.parametrize("location", ["s3://bucket/new\nline/", "s3://bucket/${accid}/"])
def test_locations_no_table_can_have_are_refused(location: str) -> None:
    with pytest.raises(UsageError, match="--athena-location"):
        athena_sql([location], "us-east-1", nat_enis=[NAT_ENI])
