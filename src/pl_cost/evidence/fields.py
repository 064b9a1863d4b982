"""Flow-log field names: which the analysis needs, the default order, and `--fields` as AWS writes a log format.

AWS writes the fields of a custom log format in the order chosen when the flow log was created; an
S3 text file starts with a header line naming them, while CloudWatch Logs records have none, so the
order then comes from `--fields` (AWS's `${field}` format string is accepted as is) or is the default
version-2 order (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from pl_cost.errors import UsageError

#: The default format: the version-2 fields in this order; it cannot be changed (flow-log-records.html).
DEFAULT_FIELDS = (
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
)

#: Every field AWS documents for VPC Flow Logs (versions 2 to 8 and later additions).
KNOWN_FIELDS = (
    *DEFAULT_FIELDS,
    "vpc-id",
    "subnet-id",
    "instance-id",
    "tcp-flags",
    "type",
    "pkt-srcaddr",
    "pkt-dstaddr",
    "region",
    "az-id",
    "sublocation-type",
    "sublocation-id",
    "pkt-src-aws-service",
    "pkt-dst-aws-service",
    "flow-direction",
    "traffic-path",
    "ecs-cluster-arn",
    "ecs-cluster-name",
    "ecs-container-instance-arn",
    "ecs-container-instance-id",
    "ecs-container-id",
    "ecs-second-container-id",
    "ecs-service-name",
    "ecs-task-definition-arn",
    "ecs-task-arn",
    "ecs-task-id",
    "reject-reason",
    "resource-id",
    "encryption-status",
)

#: Fields without which no record can be counted at all.
REQUIRED = ("interface-id", "srcaddr", "dstaddr", "bytes", "start", "end")
#: The packet-level addresses that tell a NAT gateway's two legs apart (version 3, custom formats only).
PACKET_FIELDS = ("pkt-srcaddr", "pkt-dstaddr")
#: Used when present; their absence becomes a caveat.
OPTIONAL = ("instance-id", "action", "log-status")
#: Fields of Transit Gateway Flow Logs, which record attachments, not interfaces.
TGW_FIELDS = ("tgw-id", "tgw-attachment-id", "resource-type")

#: Athena column types for the fields AWS documents (its own DDL); anything else is a string.
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

#: Columns the scan reads as non-negative integers; every other one is text.
INTEGER_FIELDS = ("bytes", "start", "end")

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def column(field: str) -> str:
    """The SQL column for a field: Athena's and Parquet's names use underscores (`pkt-srcaddr` -> `pkt_srcaddr`)."""
    return field.replace("-", "_")


@dataclass(frozen=True)
class Header:
    """The field order of one flow-log file, from its header line, `--fields`, or the default format."""

    fields: tuple[str, ...]
    origin: str = "header"  # "header", "--fields" or "default"

    def index(self, field: str) -> int | None:
        """Position of a field, or None when the log format lacks it."""
        try:
            return self.fields.index(field)
        except ValueError:
            return None

    def has(self, field: str) -> bool:
        """Whether the log format includes the field."""
        return field in self.fields

    @property
    def has_packet_addresses(self) -> bool:
        """Whether the format has pkt-srcaddr and pkt-dstaddr (the packet-address method)."""
        return all(self.has(f) for f in PACKET_FIELDS)


def is_header(line: str) -> bool:
    """Whether a first line names fields rather than holding a record (every token a field-like name)."""
    names = line.split()
    known = {"version", "account-id", "account_id", "interface-id", "interface_id", "srcaddr", "bytes", "start"}
    return bool(names) and bool(known.intersection(names)) and all(_NAME.match(n) for n in names)


def parse_header(line: str, source: str) -> Header:
    """A header line (space-separated field names); errors say which file is not a VPC flow log."""
    if not is_header(line):
        shown = line.strip()[:60]
        raise UsageError(f"{source}: not a VPC flow log (first line {shown!r} is not a header of field names)")
    return Header(tuple(n.replace("_", "-") for n in line.split()), "header")


def parse_fields(text: str) -> Header:
    """`--fields`: names separated by spaces or commas, or AWS's format string `${version} ${account-id} ...`."""
    body = text.strip()
    if "${" in body:
        names = _PLACEHOLDER.findall(body)
        rest = _PLACEHOLDER.sub(" ", body).replace(",", " ").strip()
        if rest:
            raise UsageError(f"--fields: {rest.split()[0]!r} is outside ${{...}}; give ${{field}} names only")
    else:
        names = body.replace(",", " ").split()
    names = [n.strip().replace("_", "-") for n in names]
    if not names:
        raise UsageError("--fields: give the log format's fields, e.g. '${version} ${account-id} ${interface-id} ...'")
    for name in names:
        if not _NAME.match(name):
            raise UsageError(f"--fields: {name!r} is not a field name (lowercase words joined by '-')")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise UsageError(f"--fields: {', '.join(repeated)} given more than once")
    return Header(tuple(names), "--fields")


def default_header() -> Header:
    """The default version-2 format."""
    return Header(DEFAULT_FIELDS, "default")


def unknown_fields(header: Header) -> list[str]:
    """Fields AWS does not document (read as text): a typo shows up here."""
    return [f for f in header.fields if f not in KNOWN_FIELDS]


def check_fields(header: Header, source: str, *, need_instance_id: bool) -> list[str]:
    """Fail naming the missing fields the analysis needs; return caveats for optional ones."""
    if any(header.has(f) for f in TGW_FIELDS):
        raise UsageError(
            f"{source}: a Transit Gateway flow log (fields {', '.join(f for f in TGW_FIELDS if header.has(f))}):"
            " it records attachments, not the NAT gateway's interface; give the VPC's flow logs"
        )
    missing = [f for f in REQUIRED if not header.has(f)]
    if need_instance_id and not header.has("instance-id"):
        missing.append("instance-id")
    if missing:
        hint = _suggest(missing, header)
        if "instance-id" in missing and len(missing) == 1:
            hint = (
                "; instance-id tells a NAT gateway's interface (it has none) from an instance's: add it to the log"
                " format, or name the NAT with --inventory or --nat-eni"
            )
        raise UsageError(f"{source}: flow log lacks field(s) {', '.join(missing)}{hint}")
    caveats = []
    if not header.has("log-status"):
        caveats.append("no log-status field: SKIPDATA records (dropped by AWS) cannot be seen")
    if not header.has("action"):
        caveats.append("no action field: every record is taken as ACCEPT")
    strange = unknown_fields(header)
    if strange:
        caveats.append(f"field(s) AWS does not document, read as text: {', '.join(strange)}")
    return caveats


def _suggest(missing: list[str], header: Header) -> str:
    hints = []
    for name in missing:
        close = difflib.get_close_matches(name, header.fields, n=1, cutoff=0.75)
        if close:
            hints.append(f"{close[0]!r} for {name}?")
    return f" (did you mean {' '.join(hints)})" if hints else ""
