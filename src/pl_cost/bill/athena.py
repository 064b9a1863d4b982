"""Athena at organisation scale: the CUR 2.0 table's DDL, the aggregation query, and reading its CSV result.

Columns and types: AWS Data Exports table dictionary for CUR 2.0
(https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html), as AWS's Cloud Intelligence
Dashboards declare them for Athena. Partition projection on the billing period, with Data Exports' own
folder names (`data/BILLING_PERIOD=YYYY-MM/`): https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
and https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html (date type).
Parquet columns are read by name, so the table may declare only the columns it needs.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pl_cost.bill import sql
from pl_cost.bill.columns import CUR2, pick
from pl_cost.bill.periods import check_period
from pl_cost.errors import UsageError, brief
from pl_cost.inputs import regular_file

PLACEHOLDER_LOCATION = "s3://amzn-s3-demo-bucket/prefix/export-name/data/"
_S3_URL = re.compile(r"^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/[^\s]*)?$")
_IP_ADDRESS = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,254}$")
#: CUR 2.0 columns declared, with AWS's types.
CUR2_COLUMNS = (
    ("identity_line_item_id", "string"),
    ("identity_time_interval", "string"),
    ("bill_bill_type", "string"),
    ("bill_billing_entity", "string"),
    ("bill_billing_period_end_date", "timestamp"),
    ("bill_billing_period_start_date", "timestamp"),
    ("bill_invoice_id", "string"),
    ("bill_invoicing_entity", "string"),
    ("bill_payer_account_id", "string"),
    ("bill_payer_account_name", "string"),
    ("cost_category", "map<string,string>"),
    ("discount", "map<string,double>"),
    ("discount_bundled_discount", "double"),
    ("discount_total_discount", "double"),
    ("line_item_availability_zone", "string"),
    ("line_item_blended_cost", "double"),
    ("line_item_blended_rate", "string"),
    ("line_item_currency_code", "string"),
    ("line_item_legal_entity", "string"),
    ("line_item_line_item_description", "string"),
    ("line_item_line_item_type", "string"),
    ("line_item_net_unblended_cost", "double"),
    ("line_item_net_unblended_rate", "string"),
    ("line_item_normalization_factor", "double"),
    ("line_item_normalized_usage_amount", "double"),
    ("line_item_operation", "string"),
    ("line_item_product_code", "string"),
    ("line_item_resource_id", "string"),
    ("line_item_tax_type", "string"),
    ("line_item_unblended_cost", "double"),
    ("line_item_unblended_rate", "string"),
    ("line_item_usage_account_id", "string"),
    ("line_item_usage_account_name", "string"),
    ("line_item_usage_amount", "double"),
    ("line_item_usage_end_date", "timestamp"),
    ("line_item_usage_start_date", "timestamp"),
    ("line_item_usage_type", "string"),
    ("pricing_currency", "string"),
    ("pricing_public_on_demand_cost", "double"),
    ("pricing_public_on_demand_rate", "string"),
    ("pricing_term", "string"),
    ("pricing_unit", "string"),
    ("product", "map<string,string>"),
    ("product_fee_code", "string"),
    ("product_from_location", "string"),
    ("product_instance_type", "string"),
    ("product_location", "string"),
    ("product_operation", "string"),
    ("product_pricing_unit", "string"),
    ("product_product_family", "string"),
    ("product_region_code", "string"),
    ("product_servicecode", "string"),
    ("product_sku", "string"),
    ("product_to_location", "string"),
    ("product_usagetype", "string"),
    ("resource_tags", "map<string,string>"),
)


def check_location(location: str) -> str:
    """An S3 location as `s3://bucket/prefix/`: a bucket name by S3's rules, a printable key prefix.

    Bucket names: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    """
    match = _S3_URL.match(location)
    if not match or not all(c.isprintable() for c in location):
        raise UsageError(
            f"--athena-location: an S3 location such as s3://amzn-s3-demo-bucket/prefix/export-name/data/,"
            f" got {brief(location)}"
        )
    bucket = match.group(1)
    if ".." in bucket or _IP_ADDRESS.match(bucket):
        raise UsageError(f"--athena-location: {bucket!r} is not an S3 bucket name")
    return location.rstrip("/") + "/"


def _string(text: str) -> str:
    """A SQL string literal (both dialects double a quote inside one)."""
    return "'" + text.replace("'", "''") + "'"


def check_table(table: str) -> str:
    """An Athena table name: letters, digits and underscores (ASCII), starting with a letter or underscore."""
    if not _TABLE.match(table):
        raise UsageError(f"--athena-table: letters, digits and underscores, starting with a letter; got {brief(table)}")
    return table


def ddl(location: str | None, table: str = "cur2", since: str = "2023-01") -> str:
    """CREATE EXTERNAL TABLE over a Data Exports CUR 2.0 delivery, partitions projected month by month."""
    base = check_location(location) if location is not None else PLACEHOLDER_LOCATION
    table = check_table(table)
    body = ",\n".join(f"  `{name}` {kind}" for name, kind in CUR2_COLUMNS)
    return (
        f"CREATE EXTERNAL TABLE IF NOT EXISTS {table} (\n{body}\n)\n"
        "PARTITIONED BY (`billing_period` string)\n"
        "STORED AS PARQUET\n"
        f"LOCATION {_string(base)}\n"
        "TBLPROPERTIES (\n"
        "  'projection.enabled' = 'true',\n"
        "  'projection.billing_period.type' = 'date',\n"
        "  'projection.billing_period.format' = 'yyyy-MM',\n"
        f"  'projection.billing_period.range' = '{since},NOW',\n"
        "  'projection.billing_period.interval' = '1',\n"
        "  'projection.billing_period.interval.unit' = 'MONTHS',\n"
        f"  'storage.location.template' = {_string(base + 'BILLING_PERIOD=${billing_period}')}\n"
        ");\n"
    )


def cur2_projection(relation: str) -> str:
    """The canonical projection of a CUR 2.0 relation: the same text DuckDB runs on CUR 2.0 files."""
    present = {name.lower(): name for name, _ in CUR2_COLUMNS}
    return sql.projection_sql(pick(CUR2, present), relation, CUR2.provider)


def query(periods: list[str], table: str = "cur2") -> str:
    """The aggregation over the Athena table, reading only the given billing periods' partitions."""
    table = check_table(table)
    listed = ", ".join(_string(check_period(p, "--athena-periods")) for p in periods)
    source = cur2_projection(f"{table}\nWHERE billing_period IN ({listed})")
    return sql.aggregate_sql(f"(\n{source}\n) AS bill").rstrip() + ";\n"


def default_periods(today: datetime | None = None) -> list[str]:
    """This month and the two before it."""
    now = today or datetime.now(UTC)
    found = []
    year, month = now.year, now.month
    for _ in range(3):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return sorted(found)


def athena_text(location: str | None, periods: list[str] | None, table: str = "cur2") -> str:
    """Everything `pl-cost bill --athena` prints: DDL, query, and what to do with the result."""
    chosen = [check_period(p, "--athena-periods") for p in periods] if periods else default_periods()
    check_table(table)
    if location is not None:
        check_location(location)
    return (
        "-- 1. The CUR 2.0 table over your Data Exports delivery (Parquet, 'overwrite' file versions), once.\n"
        + ddl(location, table)
        + f"\n-- 2. NAT gateway, endpoint and Transit Gateway rows of {', '.join(chosen)};"
        " download the result as CSV.\n"
        + query(chosen, table)
        + "\n-- 3. pl-cost bill from-athena-result RESULT.csv [--inventory FILE ...] [--aws-share SHARE]\n"
    )


def read_result(path: Path) -> list[tuple[Any, ...]]:
    """The query's CSV result as rows in RESULT_COLUMNS order; errors name the file, line and column."""
    regular_file(path)
    rows: list[tuple[Any, ...]] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise UsageError(f"{path}: empty file, not the result of pl-cost's Athena query")
            missing = [c for c in sql.RESULT_COLUMNS if c not in header and c not in sql.OPTIONAL_RESULT_COLUMNS]
            if missing:
                raise UsageError(
                    f"{path}: not the result of pl-cost's Athena query (missing column(s) {', '.join(missing)})"
                )
            order = [header.index(c) if c in header else None for c in sql.RESULT_COLUMNS]
            for number, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(header):
                    raise UsageError(f"{path}:{number}: {len(row)} fields, the header has {len(header)}")
                rows.append(
                    tuple(
                        None if j is None else _value(sql.RESULT_COLUMNS[i], row[j], path, number)
                        for i, j in enumerate(order)
                    )
                )
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: cannot read the CSV: {exc}") from None
    return rows


def _value(column: str, text: str, path: Path, number: int) -> Any:
    if text == "":
        return None
    try:
        if column in sql.COUNT_COLUMNS:
            return int(text)
        if column in sql.DECIMAL_COLUMNS:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
            return value
    except (ValueError, InvalidOperation):
        raise UsageError(f"{path}:{number}: {column}: not a number: {text!r}") from None
    return text
