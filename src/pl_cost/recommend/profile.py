"""The workload profile: what a VPC sends through its NAT today, as a validated pydantic model."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from pl_cost.assumptions import CROSS_AZ_FREE_SINCE, CROSS_AZ_FREE_SOURCE
from pl_cost.components import MAX_AZS, NatLayout
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, MAX_GB_PER_MONTH, MAX_HOURS_PER_MONTH, decimal_value
from pl_cost.services import bundle_table, feature_table, service_table, suggest

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


def _feature_name(name: str) -> str:
    table = feature_table()
    if name not in table:
        raise ValueError(f"unknown feature {name!r}; {suggest(name, table)}valid: {', '.join(sorted(table))}")
    return name


GbPerMonth = Annotated[Decimal, BeforeValidator(_gb)]
ServiceName = Annotated[str, AfterValidator(_service_name)]
WorkloadName = Annotated[str, AfterValidator(_workload_name)]
FeatureName = Annotated[str, AfterValidator(_feature_name)]


def _service_gb(value: object) -> Decimal | dict[str, Decimal]:
    """One GB/month figure, or a mapping of kind of traffic to GB/month; errors name the kind."""
    if isinstance(value, dict):
        out: dict[str, Decimal] = {}
        for kind, gb in value.items():
            try:
                out[str(kind)] = _gb(gb)
            except ValueError as exc:
                raise ValueError(f"{kind}: {exc}") from None
        return out
    return _gb(value)


#: A service's GB/month: one figure, or per kind of its traffic ({pull: 800, push: 200} for ECR).
ServiceGb = Annotated[Decimal | dict[str, Decimal], BeforeValidator(_service_gb)]
Share = Annotated[Decimal, BeforeValidator(_share)]
_STRICT = ConfigDict(extra="forbid", frozen=True)


class NatProfile(BaseModel):
    """Today's NAT layout and whether the plan may run fewer NAT gateways than today."""

    model_config = _STRICT
    mode: NatLayout = Field(default="per-az", description="Today's layout: per-az, single or regional.")
    allow_fewer: bool = Field(
        default=False,
        description="May the plan trade availability for cost: one NAT instead of one per AZ, and interface "
        "endpoints in fewer AZs than the workloads use?",
    )
    active_azs: int | None = Field(
        default=None,
        ge=1,
        le=MAX_AZS,
        description="Regional NAT only: the AZs it is active in, each billed per hour with a public IPv4 address "
        "(default: the workload AZs; in automatic mode AWS activates it in every AZ where the VPC has subnets).",
    )


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
    services: dict[ServiceName, ServiceGb] = Field(
        default_factory=dict,
        description="GB/month each AWS service's traffic takes through the NAT today; one figure, or per kind of "
        "traffic where the service has kinds (ecr: {pull: 800, push: 200}; codeartifact: {assets, python-swift}).",
    )
    workloads: list[WorkloadName] = Field(
        default_factory=list, description="Workload bundles whose endpoints must exist whatever they cost."
    )
    features: list[FeatureName] = Field(
        default_factory=list,
        description="Features of the listed workloads and services that need more endpoints (eks-irsa needs sts, "
        "ssm-agent-before-3.3.40 needs ec2messages, ...).",
    )
    endpoint_azs: int | None = Field(
        default=None,
        ge=1,
        le=MAX_AZS,
        description="AZs the interface endpoints get an ENI in (default: every workload AZ, or the planner's choice "
        "with nat.allow_fewer); traffic to an endpoint in another AZ pays no inter-AZ charge.",
    )
    cross_az_share: Share = Field(
        default=Decimal(0),
        description="Kept so older profiles load; it has no cost effect: inter-AZ data over PrivateLink is free "
        f"since {CROSS_AZ_FREE_SINCE} ({CROSS_AZ_FREE_SOURCE}).",
    )
    splits: dict[ServiceName, dict[ServiceName, Share]] = Field(
        default_factory=dict,
        description="Override where a service's default kind of traffic travels, e.g. {ecr: {s3: 0.97}}: 97% of "
        "ECR pull bytes ride S3.",
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

    @field_validator("workloads", "features")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("list each name once")
        return value

    @field_validator("services")
    @classmethod
    def _known_kinds(cls, value: dict[str, Decimal | dict[str, Decimal]]) -> dict[str, Decimal | dict[str, Decimal]]:
        for name, gb in value.items():
            if isinstance(gb, dict):
                kinds = service_table()[name].traffic
                if not kinds:
                    raise ValueError(f"{name}: give one GB/month figure (it has no kinds of traffic)")
                for kind in gb:
                    if kind not in kinds:
                        raise ValueError(f"{name}: unknown kind of traffic {kind!r}; allowed: {', '.join(kinds)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if self.endpoint_azs is not None and self.endpoint_azs > self.azs:
            raise ValueError(f"endpoint_azs: at most azs ({self.azs}), got {self.endpoint_azs}")
        if self.nat.active_azs is not None and self.nat.mode != "regional":
            raise ValueError("nat.active_azs: only for nat.mode regional")
        owners = {*self.workloads, *self.services}
        for name in self.features:
            users = feature_users(name)
            if not owners & set(users):
                raise ValueError(f"features: {name} applies to {' or '.join(users)}, which the profile does not list")
        return self

    def traffic(self, name: str) -> dict[str, Decimal]:
        """A listed service's GB/month per kind of traffic ("" when the service has no kinds)."""
        gb = self.services[name]
        if isinstance(gb, dict):
            return dict(gb)
        return {service_table()[name].default_traffic or "": gb}

    def service_gb(self, name: str) -> Decimal:
        """A listed service's GB/month, all kinds together."""
        return sum(self.traffic(name).values(), Decimal(0))

    @field_validator("splits")
    @classmethod
    def _shares_fit(cls, value: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
        for name, shares in value.items():
            if name in shares:
                raise ValueError(f"{name}: a service cannot split onto itself")
            if sum(shares.values(), Decimal(0)) > 1:
                raise ValueError(f"{name}: shares add up to more than 1")
        return value


def feature_users(feature: str) -> list[str]:
    """The workloads and services a feature belongs to (a profile must list one of them to use it)."""
    bundles = [n for n, b in bundle_table().items() if feature in b.features]
    services = [n for n, s in service_table().items() if feature in s.features]
    return bundles + services


def profile_schema() -> dict[str, Any]:
    """The profile's JSON Schema, for editor validation of profile files."""
    schema = Profile.model_json_schema()
    props = schema["properties"]
    services = sorted(service_table())
    props["services"]["propertyNames"] = {"enum": services}
    props["splits"]["propertyNames"] = {"enum": services}
    props["workloads"]["items"] = {"type": "string", "enum": sorted(bundle_table())}
    props["features"]["items"] = {"type": "string", "enum": sorted(feature_table())}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
