"""What a scan found (`Tally`) and what `pl-cost profile` returns (`EvidenceProfile`): a profile and its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: Binary gigabytes, 1 GB = 2^30 bytes: AWS meters S3 that way (its S3 FAQ, billing questions) and the
#: project's notes convert NAT gateway byte metrics the same way (services-and-evidence.md §2.5). That
#: NAT and endpoint "GB processed" use the same unit is an assumption we could not confirm here; it
#: changes figures by 7% at most, and the output states the unit.
BYTES_PER_GB = 2**30
GB_UNIT = "GB = 2^30 bytes (1,073,741,824): binary gigabytes, as AWS meters S3; assumed for NAT processing"

#: Classes of destination that must stay on the NAT: an endpoint in the VPC's region cannot serve them.
NAT_PATH_CLASSES = (
    "internet",
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
    """A scan's result, the same from every engine: counts, span, NAT interfaces and bytes per class."""

    records: int = 0
    nodata: int = 0
    skipdata: int = 0
    malformed: int = 0
    first_start: int | None = None
    last_end: int | None = None
    nat_enis: list[str] = field(default_factory=list)
    nat_detected: bool = False
    nat_records: int = 0
    counted_records: int = 0
    rejected_records: int = 0
    classes: dict[str, ClassBytes] = field(default_factory=dict)
    answer_only_bytes: int = 0

    def add(self, destination: str, direction: str, size: int, records: int, loose: int) -> None:
        """Add one attributed row."""
        entry = self.classes.setdefault(destination, ClassBytes())
        if direction == "out":
            entry.out_bytes += size
        else:
            entry.in_bytes += size
        entry.records += records
        self.answer_only_bytes += loose


class EvidenceProfile(BaseModel):
    """A workload profile in the recommender's format, with the evidence behind each figure."""

    model_config = ConfigDict(frozen=True)
    profile: dict[str, Any] = Field(description="The profile: region, azs, nat, internet_gb_per_month, services.")
    evidence: dict[str, Any] = Field(description="Span, records, bytes per class, share attributed, caveats.")

    @property
    def services_gb_per_month(self) -> dict[str, Decimal]:
        """GB/month per service, as written to the profile."""
        return dict(self.profile.get("services", {}))

    @property
    def internet_gb_per_month(self) -> Decimal:
        """GB/month that stays on the NAT path."""
        value: Decimal = self.profile["internet_gb_per_month"]
        return value
