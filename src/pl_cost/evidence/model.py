"""What a scan found (`Tally`) and what `pl-cost profile` returns (`EvidenceProfile`): a profile and its evidence.

The result models are pydantic (JSON Schema from `EvidenceProfile.model_json_schema()`; JSON with
exact decimal strings); they also read like mappings (`result.profile["services"]`) for code that
treats the profile as data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: Binary gigabytes, 1 GB = 2^30 bytes: AWS meters S3 that way (its S3 FAQ, billing questions) and the
#: project's notes convert NAT gateway byte metrics the same way (services-and-evidence.md §2.5). That
#: NAT and endpoint "GB processed" use the same unit is an assumption we could not confirm here; it
#: changes figures by 7% at most, and the output states the unit.
BYTES_PER_GB = 2**30
GB_UNIT = "GB = 2^30 bytes (1,073,741,824): binary gigabytes, as AWS meters S3; assumed for NAT processing"
SCHEMA_NAME = "pl-cost.evidence-profile"
SCHEMA_VERSION = 2

#: Classes of destination that must stay on the NAT: an endpoint in the VPC's region cannot serve them.
NAT_PATH_CLASSES = (
    "internet",
    "private",
    "aws-unattributed",
    "aws-global",
    "aws-other-region",
    "s3-other-region",
    "dynamodb-other-region",
    "ipv6-unattributed",
)


@dataclass
class ClassBytes:
    """Bytes and records of one destination class, by direction."""

    out_bytes: int = 0
    in_bytes: int = 0
    records: int = 0

    @property
    def total(self) -> int:
        """Both directions: the NAT bills bytes processed either way."""
        return self.out_bytes + self.in_bytes


@dataclass
class Tally:
    """A scan's result, the same from every engine: every record accounted for, span, and bytes per class."""

    read: int = 0
    malformed: int = 0
    first_malformed: str | None = None
    nodata: int = 0
    skipdata: int = 0
    other_interfaces: int = 0
    nat_records: int = 0
    rejected: int = 0
    used: int = 0
    first_start: int | None = None
    last_end: int | None = None
    nat_enis: list[str] = field(default_factory=list)
    classes: dict[str, ClassBytes] = field(default_factory=dict)
    answer_only_bytes: int = 0

    @property
    def nat_other_legs(self) -> int:
        """Accepted NAT records not counted: each byte crosses the NAT interface twice and counts once."""
        return self.nat_records - self.rejected - self.used

    def add(self, destination: str, direction: str, size: int, records: int, loose: int) -> None:
        """Add one attributed row."""
        entry = self.classes.setdefault(destination, ClassBytes())
        if direction == "out":
            entry.out_bytes += size
        else:
            entry.in_bytes += size
        entry.records += records
        self.answer_only_bytes += loose


class _Readable(BaseModel):
    """Frozen, and readable like a mapping (`m["key"]`, `m.get`, `{**m}`) as well as by attribute."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def keys(self) -> list[str]:
        """Field names, in order."""
        return list(type(self).model_fields)

    def __getitem__(self, name: str) -> Any:
        if name not in type(self).model_fields:
            raise KeyError(name)
        return getattr(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        """A field's value, or `default` for a name the model lacks."""
        return getattr(self, name) if name in type(self).model_fields else default

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) pairs, in order."""
        return ((name, getattr(self, name)) for name in type(self).model_fields)


class NatSetting(_Readable):
    """The profile's NAT layout, as the recommender reads it."""

    mode: Literal["per-az", "single", "regional"]
    allow_fewer: bool = False
    active_azs: int | None = Field(None, description="Regional NAT: AZs it is active in (from the inventory).")


class MeasuredProfile(_Readable):
    """The profile keys `pl-cost recommend` reads, measured."""

    region: str
    azs: int = Field(ge=1, le=6)
    hours_per_month: Decimal
    nat: NatSetting
    internet_gb_per_month: Decimal = Field(description="Every GB/month that stays on the NAT path.")
    services: dict[str, Decimal] = Field(description="GB/month per AWS service an endpoint could carry.")
    splits: dict[str, dict[str, Decimal]] = Field(default_factory=dict)


class Span(_Readable):
    """The time the logs cover: from the earliest start to the latest end of the well-formed records."""

    first_start: str | None
    last_end: str | None
    seconds: int
    hours: Decimal


class RecordCounts(_Readable):
    """Every record read, by what became of it; read = the sum of the others."""

    read: int = Field(description="Records (lines or log events) read, blank lines aside.")
    used: int = Field(description="NAT legs counted: one per direction of each NAT flow.")
    nodata: int
    skipdata: int = Field(description="AWS dropped records in those windows: bytes are undercounted.")
    rejected: int = Field(description="Rejected records on NAT interfaces.")
    other_interfaces: int = Field(description="Records of interfaces that are not NAT gateways.")
    nat_other_legs: int = Field(description="The NAT's other leg of each counted byte, and its other traffic.")
    malformed: int
    first_malformed: str | None = Field(description="Where the first malformed record is (file:line or event).")


class ClassTotal(_Readable):
    """Bytes through the NAT to one class of destination."""

    bytes_out: int
    bytes_in: int
    bytes: int
    records: int
    gb_per_month: Decimal


class InterfaceNote(_Readable):
    """An interface that translates addresses but is not taken as a NAT gateway, and what its records show."""

    interface_id: str
    seen: str


class NatEvidence(_Readable):
    """How the NAT gateway interfaces were chosen, and where the AZ count and layout come from."""

    source: Literal["inventory", "--nat-eni", "inferred", "none"]
    inferred: list[str] = Field(description="Interfaces recognised from the records (no inventory or --nat-eni).")
    not_nat: list[InterfaceNote] = Field(description="Requester-managed interfaces that translate but are no NAT.")
    nat_gateways: list[str] = Field(description="NAT gateway ids (from the inventory) of the interfaces used.")
    without_records: list[str] = Field(description="NAT interfaces of the inventory the logs do not show.")
    azs_from: str
    layout_from: str
    vpc: str | None = Field(None, description="The VPC of the NAT interfaces used (from the inventory).")


class IpRangesInfo(_Readable):
    """The ip-ranges.json used."""

    create_date: str
    sync_token: str
    source: str


class DnsSummary(_Readable):
    """The Route 53 Resolver query logs used to name services."""

    used: bool
    files: int = 0
    skipped: list[str] = Field(default_factory=list, description="Files that are not Resolver query logs.")
    queries: int = 0
    answers: int = 0
    malformed_lines: int = 0
    first_malformed: str | None = None
    bytes_matched_by_answer_address_only: int = 0
    aws_names_without_a_catalog_service: list[str] = Field(default_factory=list)


class Sources(_Readable):
    """What was read: files by format, and what was left out and why."""

    command: str
    files: int = 0
    file_bytes: int = 0
    formats: dict[str, int] = Field(default_factory=dict)
    field_order: list[str] = Field(default_factory=list, description="Where field orders came from.")
    accounts: list[str] = Field(default_factory=list)
    regions_in_keys: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    inventory: list[str] = Field(default_factory=list)
    inventory_skipped: list[str] = Field(default_factory=list, description="Files of inventory folders not read.")
    result_csv: str | None = None


class Evidence(_Readable):
    """Where every figure of the profile comes from."""

    generated_by: str
    engine: str
    method: str = Field(description="Which NAT legs were counted: by packet addresses or by the NAT's address.")
    gb_unit: str
    span: Span
    extrapolation: str
    records: RecordCounts
    nat_interfaces: list[str]
    nat: NatEvidence
    bytes_counted: int
    bytes_by_destination: dict[str, ClassTotal]
    nat_path_gb_per_month: dict[str, Decimal]
    share_attributed: Decimal
    ip_ranges: IpRangesInfo
    dns: DnsSummary
    sources: Sources
    empty: bool = Field(description="True when no NAT traffic was found and --allow-empty asked for a profile.")
    caveats: list[str]


class EvidenceProfile(_Readable):
    """A workload profile in the recommender's format, with the evidence behind each figure."""

    schema_name: Literal["pl-cost.evidence-profile"] = "pl-cost.evidence-profile"
    schema_version: Literal[2] = 2
    profile: MeasuredProfile
    evidence: Evidence

    @property
    def services_gb_per_month(self) -> dict[str, Decimal]:
        """GB/month per service, as written to the profile."""
        return dict(self.profile.services)

    @property
    def internet_gb_per_month(self) -> Decimal:
        """GB/month that stays on the NAT path."""
        return self.profile.internet_gb_per_month


def evidence_schema() -> dict[str, Any]:
    """JSON Schema of `pl-cost profile ... --format json`."""
    return EvidenceProfile.model_json_schema(mode="serialization")
