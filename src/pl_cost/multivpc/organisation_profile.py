"""The organisation profile: a list of VPCs, each with its workload profile (inline or a file), its region
and AZs, and whether it is attached to a Transit Gateway; and how the hub is built.

An organisation profile is a mapping with a top-level `vpcs:` list (`is_organisation_profile`):

    name: acme
    hub: {azs: 2, dns: phz}          # optional; dns phz | profile | resolver
    vpcs:
      - name: app-1
        attached: true               # attached to a Transit Gateway today
        profile: profiles/app-1.yaml # a workload profile file, relative to this file
      - name: batch
        attached: false
        profile: {region: us-east-1, azs: 2, internet_gb_per_month: 50, services: {logs: 200}}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pl_cost.components import MAX_AZS
from pl_cost.errors import UsageError
from pl_cost.multivpc.hub_cost import DnsOption
from pl_cost.recommend.load import parse_data, read_text

_STRICT = ConfigDict(extra="forbid", frozen=True)


def is_organisation_profile(data: object) -> bool:
    """An organisation profile is a mapping with a top-level `vpcs` key; a workload profile has none."""
    return isinstance(data, Mapping) and "vpcs" in data


class HubSettings(BaseModel):
    """How the hub VPC in each region is built."""

    model_config = _STRICT
    azs: int | None = Field(
        default=None, ge=1, le=MAX_AZS, description="AZs of the hub (default: the most any VPC uses)."
    )
    dns: DnsOption = Field(default="phz", description="phz, profile or resolver.")
    dns_queries_million_per_vpc: Decimal = Field(default=Decimal(0), ge=0, description="For Resolver endpoints.")
    attached: bool | None = Field(
        default=None, description="The hub VPC exists and is attached already (default: no, it is a new VPC)."
    )


class VpcEntry(BaseModel):
    """One VPC: its name, whether it is attached to a Transit Gateway, and its workload profile."""

    model_config = _STRICT
    name: str = Field(min_length=1)
    attached: bool = False
    region: str | None = None
    azs: int | None = Field(default=None, ge=1, le=MAX_AZS)
    profile: str | dict[str, Any]


class OrganisationProfile(BaseModel):
    """The organisation profile's top level."""

    model_config = _STRICT
    name: str = "organisation"
    hours_per_month: Decimal | None = Field(default=None, gt=0, le=744)
    hub: HubSettings = Field(default_factory=HubSettings)
    vpcs: list[VpcEntry] = Field(min_length=1)


def is_organisation_file(path: str | PathLike[str]) -> bool:
    """Whether a profile file holds an organisation profile; False when it cannot be read or parsed, so the
    workload-profile reader reports what is wrong with it."""
    source = Path(path)
    try:
        data = _parse(read_text(source), str(source), source.suffix.lower())
    except UsageError:
        return False
    return is_organisation_profile(data)


def load_organisation(source: str | PathLike[str] | Mapping[str, Any]) -> tuple[OrganisationProfile, Path, str]:
    """The validated organisation profile, the folder its profile paths are relative to, and its name."""
    if isinstance(source, Mapping):
        data: Any = dict(source)
        base, name = Path.cwd(), "organisation"
    else:
        path = Path(source)
        data = _parse(read_text(path, "organisation profile"), str(path), path.suffix.lower())
        base, name = path.parent, str(path)
    if not is_organisation_profile(data):
        raise UsageError(f"{name}: an organisation profile needs a top-level 'vpcs' list")
    try:
        return OrganisationProfile.model_validate(data), base, name
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in error["loc"]).replace(".[", "[")
        text = "unknown key" if error["type"] == "extra_forbidden" else str(error["msg"]).removeprefix("Value error, ")
        raise UsageError(f"{name}: {where or 'profile'}: {text}") from None


def _parse(text: str, name: str, suffix: str) -> Any:
    """The same bounded reader workload profiles use (YAML alias bombs and deep nesting refused)."""
    return parse_data(text, name, suffix)[0]
