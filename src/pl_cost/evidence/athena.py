"""Athena: the flow-log table's DDL in AWS's documented layout, the reduction query, and reading its CSV result.

DDL follows https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs-partition-projection.html
(plain `AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD` keys, partition projection) and the
Hive-compatible layout; columns follow the header of the user's own files, since a custom log format
fixes the field order.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pl_cost.errors import UsageError
from pl_cost.evidence import sql
from pl_cost.evidence.fields import ATHENA_TYPES, Header, column
from pl_cost.evidence.files import LogFile
from pl_cost.evidence.scan import Group, Key, Reduced

TABLE = "vpc_flow_logs"
PLACEHOLDER_LOCATION = "s3://amzn-s3-demo-bucket/prefix/AWSLogs/"


def ddl(header: Header, sample: LogFile, region: str, location: str | None) -> str:
    """CREATE EXTERNAL TABLE for the files' own field order, partitioned like their S3 keys."""
    base = (location or PLACEHOLDER_LOCATION).rstrip("/") + "/"
    partitions = {"accid", "region", "day"} if sample.layout != "hive" else set()
    columns = []
    for field in header.fields:
        name = column(field)
        if name in partitions:
            name = f"flow_{name}"
        columns.append(f"  `{name}` {ATHENA_TYPES.get(field, 'string')}")
    body = ",\n".join(columns)
    if sample.layout == "hive":
        return (
            f"CREATE EXTERNAL TABLE IF NOT EXISTS {TABLE} (\n{body}\n)\n"
            "PARTITIONED BY (`aws-account-id` string, `aws-service` string, `aws-region` string,"
            " `year` string, `month` string, `day` string, `hour` string)\n"
            "ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '\n"
            f"LOCATION '{base}'\n"
            'TBLPROPERTIES ("skip.header.line.count"="1");\n\n'
            f"MSCK REPAIR TABLE {TABLE};\n"
        )
    account = sample.account or "111122223333"
    start = "2020/01/01"
    return (
        f"CREATE EXTERNAL TABLE IF NOT EXISTS {TABLE} (\n{body}\n)\n"
        "PARTITIONED BY (accid string, region string, day string)\n"
        "ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '\n"
        f"LOCATION '{base}'\n"
        "TBLPROPERTIES (\n"
        '  "skip.header.line.count"="1",\n'
        '  "projection.enabled"="true",\n'
        '  "projection.accid.type"="enum",\n'
        f'  "projection.accid.values"="{account}",\n'
        '  "projection.region.type"="enum",\n'
        f'  "projection.region.values"="{region}",\n'
        '  "projection.day.type"="date",\n'
        f'  "projection.day.range"="{start},NOW",\n'
        '  "projection.day.format"="yyyy/MM/dd",\n'
        f'  "storage.location.template"="{base}${{accid}}/vpcflowlogs/${{region}}/${{day}}"\n'
        ");\n"
    )


def query(header: Header, sample: LogFile, days: int, today: datetime | None = None) -> str:
    """The reduction (sql.REDUCE_SQL) over the Athena table, limited to the last `days` days of partitions."""
    since = ((today or datetime.now(UTC)) - timedelta(days=days)).strftime("%Y/%m/%d")
    if sample.layout == "hive":
        where = f"\"year\" || '/' || \"month\" || '/' || \"day\" >= '{since}'"
    else:
        where = f"day >= '{since}'"
    present = set(header.fields)
    projections = []
    for name in sql.SOURCE_COLUMNS:
        field = name.replace("_", "-")
        projections.append(f'"{name}"' if field in present else f'CAST(NULL AS varchar) AS "{name}"')
    source = f"(SELECT {', '.join(projections)} FROM {TABLE} WHERE {where})"
    return sql.reduce_sql(source, "TRUE").rstrip() + ";\n"


def athena_text(header: Header, sample: LogFile, region: str, location: str | None, days: int) -> str:
    """Everything `--athena` prints: DDL, query, and what to do with the result."""
    return (
        f"-- 1. Create the flow-log table (columns in the order of {sample.path.name}'s header line).\n"
        + ddl(header, sample, region, location)
        + f"\n-- 2. Reduce the NAT gateway's legs (last {days} days); download the result as CSV.\n"
        + query(header, sample, days)
        + f"\n-- 3. pl-cost profile from-athena-result RESULT.csv --region {region} [--dns-logs ...] --output"
        " profile.yaml\n"
    )


def read_result(path: Path) -> Reduced:
    """The query's CSV result as reduced rows; errors name the columns a foreign CSV lacks."""
    reduced = Reduced()
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in sql.REDUCED_COLUMNS if name not in (reader.fieldnames or [])]
            if missing:
                raise UsageError(
                    f"{path}: not the result of pl-cost's Athena query (missing column(s) {', '.join(missing)})"
                )
            for number, row in enumerate(reader, start=2):
                key, group = _row(row, path, number)
                existing = reduced.groups.get(key)
                if existing is None:
                    reduced.groups[key] = group
                else:
                    existing.merge(group)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: cannot read the CSV: {exc}") from None
    return reduced


def _row(row: dict[str, str], path: Path, number: int) -> tuple[Key, Group]:
    direction = row["direction"] or None
    try:
        group = Group(
            requester_managed=row["requester_managed"].strip().lower() == "true",
            records=int(row["records"]),
            bytes=int(row["bytes"] or 0),
            first_start=int(row["first_start"]) if row["first_start"] else None,
            last_end=int(row["last_end"]) if row["last_end"] else None,
        )
    except ValueError as exc:
        raise UsageError(f"{path}:{number}: not a number: {exc}") from None
    key = (
        row["interface_id"],
        row["log_status"] or "-",
        row["action"] or "-",
        direction,
        (row["local_addr"] or None) if direction else None,
        (row["remote_addr"] or None) if direction else None,
    )
    return key, group
