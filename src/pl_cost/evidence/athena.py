"""Athena: a table in AWS's documented shape for each layout, a view that evens them out, the reduction query,
and reading its CSV result back.

Tables use partition projection (https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs-partition-projection.html;
Parquet: https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs-partition-projection-parquet-example.html),
with or without hourly partitions, for plain `AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD[/HH]` keys
or Hive-compatible ones. Text columns follow the files' own header (a custom format fixes the order);
Parquet columns are named as AWS writes them. The view `pl_cost_flow_logs` gives every layout the same
columns and a `log_day`, so the reduction query is the same text whatever the layout.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pl_cost.errors import UsageError
from pl_cost.evidence import sql
from pl_cost.evidence.fields import ATHENA_TYPES, INTEGER_FIELDS, OPTIONAL, PACKET_FIELDS, REQUIRED, Header, column
from pl_cost.evidence.files import LogFile
from pl_cost.evidence.scan import Group, Key, Reduced
from pl_cost.inputs import regular_file

TABLE = "vpc_flow_logs"
VIEW = "pl_cost_flow_logs"
PLACEHOLDER_LOCATION = "s3://amzn-s3-demo-bucket/prefix/AWSLogs/"
PLACEHOLDER_ACCOUNT = "111122223333"
#: Hive-compatible keys spell the year: projection enumerates this range (and Athena caps projections).
FIRST_YEAR = 2015
LAST_YEAR = 2035
_PARTITIONS = ("accid", "region", "day", "year", "month", "hour")
_PARQUET_SERDE = (
    "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'\n"
    "STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'\n"
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'\n"
)
_ACCOUNT = re.compile(r"(?:aws-account-id=|AWSLogs/)(\d{12})")


@dataclass(frozen=True)
class AthenaLayout:
    """How the logs sit in S3: text or Parquet, plain or Hive-compatible keys, daily or hourly prefixes."""

    parquet: bool
    hive: bool
    hourly: bool
    location: str
    accounts: tuple[str, ...]

    @classmethod
    def of(cls, sample: LogFile, location: str | None) -> AthenaLayout:
        """From a local copy of one of the files (its format and its S3 key)."""
        if sample.fmt not in ("s3-text", "parquet"):
            raise UsageError(
                f"--athena: {sample.path} is {sample.fmt}; Athena reads flow logs AWS delivers to S3 (text with a"
                " header line, or Parquet)"
            )
        accounts = (sample.account,) if sample.account else ()
        base = _base(location, accounts)
        return cls(sample.fmt == "parquet", sample.layout == "hive", sample.hourly, base, accounts)

    @classmethod
    def from_location(cls, location: str) -> AthenaLayout:
        """From an s3:// location alone: Hive-compatible when it says so; daily text unless told otherwise."""
        accounts = tuple(dict.fromkeys(_ACCOUNT.findall(location)))
        return cls(False, "aws-account-id=" in location, "/hour=" in location, _base(location, accounts), accounts)

    def with_options(self, *, hourly: bool | None, parquet: bool | None) -> AthenaLayout:
        """The same layout with hourly partitions or Parquet set explicitly."""
        return replace(
            self,
            hourly=self.hourly if hourly is None else hourly,
            parquet=self.parquet if parquet is None else parquet,
        )

    @property
    def name(self) -> str:
        """For the printed comment: 'text, plain keys, daily'."""
        return (
            f"{'Parquet' if self.parquet else 'text'}, {'Hive-compatible' if self.hive else 'plain'} keys,"
            f" {'hourly' if self.hourly else 'daily'} partitions"
        )


def _base(location: str | None, accounts: tuple[str, ...]) -> str:
    """The AWSLogs/ prefix (everything before the account)."""
    if not location:
        return PLACEHOLDER_LOCATION
    if not location.startswith("s3://"):
        raise UsageError(f"--athena-location: {location!r} is not an s3:// location")
    if not location.isprintable() or "${" in location:
        raise UsageError(
            f"--athena-location: {location!r}: control characters and '${{' (partition projection's placeholder)"
            " cannot be part of a table's location"
        )
    if "AWSLogs/" in location:
        return location[: location.index("AWSLogs/") + len("AWSLogs/")]
    return location.rstrip("/") + "/"


def ddl(header: Header, layout: AthenaLayout, region: str) -> str:
    """CREATE EXTERNAL TABLE in AWS's shape for the layout, with partition projection."""
    columns = []
    for field in header.fields:
        name = column(field)
        if name in _PARTITIONS:
            name = f"flow_{name}"
        columns.append(f"  `{name}` {ATHENA_TYPES.get(field, 'string')}")
    body = ",\n".join(columns)
    accounts = ",".join(layout.accounts) or PLACEHOLDER_ACCOUNT
    hour = layout.hourly
    base = layout.location
    if layout.hive:
        partitions = "accid string, region string, year string, month string, day string" + (
            ", hour string" if hour else ""
        )
        template = (
            f"{base}aws-account-id=${{accid}}/aws-service=vpcflowlogs/aws-region=${{region}}/"
            "year=${year}/month=${month}/day=${day}" + ("/hour=${hour}" if hour else "")
        )
        dates = [
            '"projection.year.type"="integer"',
            f'"projection.year.range"="{FIRST_YEAR},{LAST_YEAR}"',
            '"projection.month.type"="integer"',
            '"projection.month.range"="1,12"',
            '"projection.month.digits"="2"',
            '"projection.day.type"="integer"',
            '"projection.day.range"="1,31"',
            '"projection.day.digits"="2"',
        ]
    else:
        partitions = "accid string, region string, day string" + (", hour string" if hour else "")
        template = f"{base}${{accid}}/vpcflowlogs/${{region}}/${{day}}" + ("/${hour}" if hour else "")
        dates = [
            '"projection.day.type"="date"',
            '"projection.day.range"="2015/06/01,NOW"',
            '"projection.day.format"="yyyy/MM/dd"',
            '"projection.day.interval"="1"',
            '"projection.day.interval.unit"="DAYS"',
        ]
    if hour:
        dates += ['"projection.hour.type"="integer"', '"projection.hour.range"="0,23"', '"projection.hour.digits"="2"']
    properties = [
        '"EXTERNAL"="true"' if layout.parquet else '"skip.header.line.count"="1"',
        '"projection.enabled"="true"',
        '"projection.accid.type"="enum"',
        f'"projection.accid.values"="{accounts}"',
        '"projection.region.type"="enum"',
        f'"projection.region.values"="{region}"',
        *dates,
        f'"storage.location.template"="{hive_string(template)}"',
    ]
    storage = _PARQUET_SERDE if layout.parquet else "ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '\n"
    return (
        f"CREATE EXTERNAL TABLE IF NOT EXISTS {TABLE} (\n{body}\n)\n"
        f"PARTITIONED BY ({partitions})\n"
        f"{storage}"
        f"LOCATION '{hive_string(base)}'\n"
        "TBLPROPERTIES (\n  " + ",\n  ".join(properties) + "\n);\n"
    )


def hive_string(text: str) -> str:
    """Text for a quoted string of Athena's DDL: a location with a quote must not end the string early."""
    # Athena's DDL is Hive's: a backslash escapes the next character in a string literal (C-style,
    # https://cwiki.apache.org/confluence/display/Hive/LanguageManual+Types, "Strings"); a doubled quote
    # would instead end one string and start another, which Hive joins without the quote.
    return text.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"')


def view(header: Header, layout: AthenaLayout) -> str:
    """The view every layout shares: the columns the reduction reads ('-' as NULL) and `log_day` (yyyy/MM/dd)."""
    present = set(header.fields)
    out = []
    for field in (*REQUIRED, *PACKET_FIELDS, *OPTIONAL):
        name = column(field)
        source = f"flow_{name}" if name in _PARTITIONS else name
        if field not in present:
            kind = "bigint" if field in INTEGER_FIELDS else "varchar"
            out.append(f'CAST(NULL AS {kind}) AS "{name}"')
        elif field in INTEGER_FIELDS:
            out.append(f'"{source}" AS "{name}"')
        else:
            out.append(f'nullif("{source}", \'-\') AS "{name}"')
    out.append("FALSE AS bad")
    out.append(f"{str(header.has_packet_addresses).upper()} AS has_pkt")
    out.append("year || '/' || month || '/' || day AS log_day" if layout.hive else "day AS log_day")
    return f"CREATE OR REPLACE VIEW {VIEW} AS\nSELECT\n  " + ",\n  ".join(out) + f"\nFROM {TABLE};\n"


def source(days: int, today: datetime | None = None) -> str:
    """The reduction's source on Athena: the view, limited to the last `days` days of partitions."""
    since = ((today or datetime.now(UTC)) - timedelta(days=days)).strftime("%Y/%m/%d")
    columns = ", ".join(f'"{name}"' for name in sql.SOURCE_COLUMNS)
    return f"(SELECT {columns} FROM {VIEW} WHERE log_day >= '{since}') flow_logs"


def query(days: int, nat_enis: list[str] | None, today: datetime | None = None) -> str:
    """sql.REDUCE_SQL over the view: the same text for every layout."""
    return sql.reduce_sql(source(days, today), nat_enis).rstrip() + ";\n"


def athena_text(header: Header, layout: AthenaLayout, region: str, days: int, nat_enis: list[str] | None) -> str:
    """Everything `--athena` prints: table, view, query, and what to do with the result."""
    enis = " --nat-eni " + " --nat-eni ".join(nat_enis) if nat_enis else ""
    # Comments hold no semicolon or quote, so the text splits into statements at ";" lines.
    return (
        f"-- 1. The flow-log table: {layout.name}, columns in the order of the log format.\n"
        + ddl(header, layout, region)
        + "\n-- 2. The view the query reads, the same for every layout.\n"
        + view(header, layout)
        + f"\n-- 3. The NAT gateway legs of the last {days} days, reduced. Download the result as CSV.\n"
        + query(days, nat_enis)
        + f"\n-- 4. pl-cost profile from-athena-result RESULT.csv --region {region}{enis} [--inventory ...]"
        " [--dns-logs ...] -o profile.yaml\n"
    )


_BOOLEAN = {"true": True, "false": False}
_STATUSES = ("OK", "NODATA", "SKIPDATA", "-", "MALFORMED", "")
_LEGS = ("out", "in", "plain", "")


def read_result(path: Path) -> Reduced:
    """The query's CSV result as reduced rows; a CSV of another shape is a one-line error naming the line."""
    regular_file(path)
    reduced = Reduced()
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise UsageError(f"{path}: empty file, not the result of pl-cost's Athena query")
            missing = [name for name in sql.REDUCED_COLUMNS if name not in header]
            extra = [name for name in header if name not in sql.REDUCED_COLUMNS]
            if missing or extra or len(set(header)) != len(header):
                detail = f"missing column(s) {', '.join(missing)}" if missing else f"unexpected column(s) {extra}"
                if not missing and not extra:
                    detail = "a column is repeated"
                raise UsageError(f"{path}: not the result of pl-cost's Athena query ({detail})")
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    raise UsageError(
                        f"{path}:{reader.line_num}: {len(row)} field(s) where the header has {len(header)}"
                    )
                key, group = _row(dict(zip(header, row, strict=True)), path, reader.line_num)
                if key[1] == "MALFORMED":
                    reduced.malformed += group.records
                else:
                    reduced.add(key, group)
    except csv.Error as exc:
        raise UsageError(f"{path}: not a readable CSV ({exc})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return reduced


def _number(text: str, name: str, path: Path, line: int, optional: bool) -> int | None:
    value = text.strip()
    if not value and optional:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 19):
        raise UsageError(f"{path}:{line}: {name} must be a whole number, got {text[:30]!r}")
    return int(value)


def _row(row: dict[str, str], path: Path, line: int) -> tuple[Key, Group]:
    status = row["log_status"] or "-"
    leg = row["leg"] or None
    if status not in _STATUSES or (leg or "") not in _LEGS:
        raise UsageError(f"{path}:{line}: log_status {status!r} / leg {leg!r} are not what the query writes")
    has_pkt = _BOOLEAN.get(row["has_pkt"].strip().lower())
    if has_pkt is None:
        raise UsageError(f"{path}:{line}: has_pkt must be true or false, got {row['has_pkt'][:30]!r}")
    records = _number(row["records"], "records", path, line, optional=False)
    size = _number(row["bytes"], "bytes", path, line, optional=True)
    group = Group(
        instance_id=row["instance_id"] or None,
        records=records or 0,
        bytes=size or 0,
        first_start=_number(row["first_start"], "first_start", path, line, optional=True),
        last_end=_number(row["last_end"], "last_end", path, line, optional=True),
    )
    key: Key = (
        row["interface_id"] or None,
        status,
        row["action"] or "-",
        leg,
        row["via_addr"] or None,
        row["local_addr"] or None,
        row["remote_addr"] or None,
        has_pkt,
    )
    return key, group
