"""The workload profile: what a VPC sends through its NAT today, as a validated pydantic model."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from pl_cost.components import MAX_AZS, NatLayout
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, MAX_GB_PER_MONTH, MAX_HOURS_PER_MONTH, decimal_value
from pl_cost.services import bundle_table, service_table, suggest

_number = decimal_value


def _gb(value: object) -> Decimal:
    number = _number(value)
    if number < 0:
        raise ValueError(f"must be 0 or more (GB per month), got {value}")
    if number > MAX_GB_PER_MONTH:
        raise ValueError(f"must be at most {MAX_GB_PER_MONTH:,} (GB per month), got {value}")
    return number


def _share(value: object) -> Decimal:
    number = _number(value)
    if not 0 <= number <= 1:
        raise ValueError(f"must be a share from 0 to 1, got {value!r}")
    return number


def _service_name(name: str) -> str:
    table = service_table()
    if name not in table:
        raise ValueError(f"unknown service {name!r}; {suggest(name, table)}valid: {', '.join(sorted(table))}")
    return name


def _workload_name(name: str) -> str:
    table = bundle_table()
    if name not in table:
        raise ValueError(f"unknown workload {name!r}; {suggest(name, table)}valid: {', '.join(sorted(table))}")
    return name


GbPerMonth = Annotated[Decimal, BeforeValidator(_gb)]
ServiceName = Annotated[str, AfterValidator(_service_name)]
WorkloadName = Annotated[str, AfterValidator(_workload_name)]
Share = Annotated[Decimal, BeforeValidator(_share)]
_STRICT = ConfigDict(extra="forbid", frozen=True)


class NatProfile(BaseModel):
    """Today's NAT layout and whether the plan may run fewer NAT gateways than today."""

    model_config = _STRICT
    mode: NatLayout = Field(default="per-az", description="Today's layout: per-az, single or regional.")
    allow_fewer: bool = Field(default=False, description="May the plan trade availability (fewer NATs) for cost?")


class Profile(BaseModel):
    """A VPC's traffic through its NAT today: the input of `pl_cost.recommend`."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"title": "pl-cost workload profile"},
    )
    region: str = Field(description="AWS region code, e.g. us-east-1.")
    azs: int = Field(ge=1, le=MAX_AZS, description="Availability Zones the VPC's workloads run in.")
    hours_per_month: Annotated[Decimal, BeforeValidator(_number)] = Field(
        default=DEFAULT_HOURS_PER_MONTH, gt=0, le=MAX_HOURS_PER_MONTH, description="Hours billed a month (730)."
    )
    nat: NatProfile = Field(default_factory=NatProfile)
    internet_gb_per_month: GbPerMonth = Field(
        description="GB/month that must reach the internet through the NAT; 0 means nothing does."
    )
    services: dict[ServiceName, GbPerMonth] = Field(
        default_factory=dict, description="GB/month each AWS service's traffic takes through the NAT today."
    )
    workloads: list[WorkloadName] = Field(
        default_factory=list, description="Workload bundles whose endpoints must exist whatever they cost."
    )
    cross_az_share: Share = Field(
        default=Decimal(0), description="Share of interface-endpoint traffic that crosses AZs (0 to 1)."
    )
    splits: dict[ServiceName, dict[ServiceName, Share]] = Field(
        default_factory=dict,
        description="Override where a service's bytes travel, e.g. {ecr: {s3: 0.97}}: 97% of ECR pull bytes ride S3.",
    )
    evidence: dict[str, Any] | None = Field(
        default=None,
        description="Where the figures came from (written by `pl-cost profile flow-logs`); the planner ignores it.",
    )

    @field_validator("azs", mode="before")
    @classmethod
    def _whole_azs(cls, value: object) -> object:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"expected a whole number of AZs from 1 to {MAX_AZS}, got {value!r}")
        return value

    @field_validator("workloads")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("list each workload once")
        return value

    @field_validator("splits")
    @classmethod
    def _shares_fit(cls, value: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
        for name, shares in value.items():
            if name in shares:
                raise ValueError(f"{name}: a service cannot split onto itself")
            if sum(shares.values(), Decimal(0)) > 1:
                raise ValueError(f"{name}: shares add up to more than 1")
        return value


def profile_schema() -> dict[str, Any]:
    """The profile's JSON Schema, for editor validation of profile files."""
    schema = Profile.model_json_schema()
    props = schema["properties"]
    services = sorted(service_table())
    props["services"]["propertyNames"] = {"enum": services}
    props["splits"]["propertyNames"] = {"enum": services}
    props["workloads"]["items"] = {"type": "string", "enum": sorted(bundle_table())}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
