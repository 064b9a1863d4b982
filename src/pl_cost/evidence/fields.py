"""Flow-log field names: which the analysis needs, and how a header line maps to columns.

AWS writes the fields of a custom log format in the order chosen when the flow log was created, so
the header line of each file is the only reliable map (see
https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
"""

from __future__ import annotations

from dataclasses import dataclass

from pl_cost.errors import UsageError

#: Fields without which no NAT leg can be counted.
REQUIRED = ("interface-id", "srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr", "bytes", "start", "end")
#: Fields used when present; their absence becomes a caveat (or an error where it matters).
OPTIONAL = ("instance-id", "action", "log-status")

#: Athena column types for the fields AWS documents; anything else is a string.
ATHENA_TYPES = {
    "version": "int",
    "srcport": "int",
    "dstport": "int",
    "protocol": "bigint",
    "packets": "bigint",
    "bytes": "bigint",
    "start": "bigint",
    "end": "bigint",
    "tcp-flags": "int",
    "traffic-path": "int",
}

#: Columns the scan reads as integers; every other one is text.
INTEGER_FIELDS = ("bytes", "start", "end")


def column(field: str) -> str:
    """The SQL column for a field: Athena's and Parquet's names use underscores (`pkt-srcaddr` -> `pkt_srcaddr`)."""
    return field.replace("-", "_")


@dataclass(frozen=True)
class Header:
    """The field order of one flow-log file, from its header line."""

    fields: tuple[str, ...]

    def index(self, field: str) -> int | None:
        """Position of a field, or None when the log format lacks it."""
        try:
            return self.fields.index(field)
        except ValueError:
            return None

    def has(self, field: str) -> bool:
        """Whether the log format includes the field."""
        return field in self.fields


def parse_header(line: str, source: str) -> Header:
    """A header line (space-separated field names); errors say which file is not a flow log."""
    names = tuple(line.split())
    known = {"version", "account-id", "interface-id", "srcaddr", "dstaddr", "bytes", "start", "end", "log-status"}
    if not names or not known.intersection(names) or any(not _is_name(n) for n in names):
        shown = line.strip()[:60]
        raise UsageError(f"{source}: not a VPC flow log (first line {shown!r} is not a header of field names)")
    return Header(tuple(n.replace("_", "-") for n in names))


def _is_name(text: str) -> bool:
    return text.replace("-", "").replace("_", "").isalnum() and not text[0].isdigit()


def check_fields(header: Header, source: str, nat_enis_given: bool) -> list[str]:
    """Fail naming the missing fields the analysis needs; return caveats for optional ones."""
    missing = [f for f in REQUIRED if not header.has(f)]
    if not nat_enis_given and not header.has("instance-id"):
        missing.append("instance-id")
    if missing:
        hint = ""
        if any(f.startswith("pkt-") for f in missing):
            hint = (
                "; pkt-srcaddr and pkt-dstaddr tell the NAT gateway's two legs apart and need a custom log format"
                " (version 3 fields)"
            )
        elif "instance-id" in missing:
            hint = "; instance-id recognises the NAT interface: add it to the log format or pass --nat-eni"
        raise UsageError(f"{source}: flow log lacks field(s) {', '.join(missing)}{hint}")
    caveats = []
    if not header.has("log-status"):
        caveats.append("no log-status field: SKIPDATA records (dropped by AWS) cannot be seen")
    if not header.has("action"):
        caveats.append("no action field: every record is taken as ACCEPT")
    return caveats
