"""Which VPC endpoint services exist in which region, so no plan asks for one a region lacks.

Read from `data/endpoint-services.json`, which ships in the package. A name is "unavailable" in a
region only where a source says so, "available" only where a captured endpoint-service list for that
region names it, and "unknown" everywhere else: unknown is a state the output shows, never a yes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from pl_cost.errors import CatalogError, DomainError, UnknownRegionError, did_you_mean

SCHEMA_VERSION = 1
DATA_FILE = "data/endpoint-services.json"

State = Literal["available", "unavailable", "unknown"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class _Evidence(BaseModel):
    """Why one endpoint is absent from one region, with the page or data that says so."""

    model_config = _FROZEN
    source: str
    source_date: date
    why: str
    see_also: tuple[str, ...] = ()
    note: str | None = None


class _AvailableList(BaseModel):
    """A full list of the endpoint services a region offers, as describe-vpc-endpoint-services gave it."""

    model_config = _FROZEN
    names: frozenset[str]
    source: str
    source_date: date


class _Region(BaseModel):
    model_config = _FROZEN
    name: str
    launched: date
    launched_source: str
    launched_note: str | None = None
    unavailable: dict[str, _Evidence] = {}
    available: _AvailableList | None = None

    @model_validator(mode="after")
    def _no_contradiction(self) -> _Region:
        listed = self.available.names if self.available else frozenset()
        both = sorted(listed & set(self.unavailable))
        if both:
            raise ValueError(f"listed as both available and unavailable: {', '.join(both)}")
        return self


class _File(BaseModel):
    model_config = _FROZEN
    schema_version: int
    note: str
    endpoint_names: frozenset[str]
    regions: dict[str, _Region]

    @model_validator(mode="after")
    def _known_names(self) -> _File:
        if self.schema_version != SCHEMA_VERSION:
            raise ValueError(f"schema_version {self.schema_version} is not {SCHEMA_VERSION}")
        for code, region in self.regions.items():
            strangers = sorted(set(region.unavailable) - self.endpoint_names)
            if strangers:
                raise ValueError(f"{code}: unavailable names not in endpoint_names: {', '.join(strangers)}")
        return self


@dataclass(frozen=True)
class Availability:
    """Whether one endpoint service exists in one region, and the source of that answer."""

    region: str
    endpoint: str
    state: State
    why: str
    source: str | None = None
    source_date: date | None = None


@dataclass(frozen=True)
class EndpointServiceTable:
    """The parsed data: the endpoint names it covers and, per region, what is known to exist there."""

    endpoint_names: frozenset[str]
    regions: Mapping[str, _Region]

    def launched(self, region: str) -> date:
        """The day the region opened (regions opened in 2024 or later lack ec2messages)."""
        return self._region(region).launched

    def availability(self, region: str, endpoint: str) -> Availability:
        """Available, unavailable or unknown, with the source that decided it."""
        entry = self.regions.get(region)
        if entry is None:
            why = f"pl-cost's endpoint-service data does not cover {region}"
            return Availability(region, endpoint, "unknown", why)
        evidence = entry.unavailable.get(endpoint)
        if evidence is not None:
            return Availability(region, endpoint, "unavailable", evidence.why, evidence.source, evidence.source_date)
        listed = entry.available
        if listed is not None and endpoint in listed.names:
            why = "named by the region's captured describe-vpc-endpoint-services list"
            return Availability(region, endpoint, "available", why, listed.source, listed.source_date)
        if listed is not None and endpoint in self.endpoint_names:
            why = "absent from the region's captured describe-vpc-endpoint-services list"
            return Availability(region, endpoint, "unavailable", why, listed.source, listed.source_date)
        return Availability(region, endpoint, "unknown", "no source confirms or rules out this endpoint here")

    def unavailable_in(self, region: str) -> dict[str, Availability]:
        """Every covered endpoint the region is known to lack, by name (none known for a region not covered)."""
        if region not in self.regions:
            return {}
        answers = (self.availability(region, name) for name in sorted(self.endpoint_names))
        return {a.endpoint: a for a in answers if a.state == "unavailable"}

    def _region(self, region: str) -> _Region:
        try:
            return self.regions[region]
        except KeyError:
            hint = did_you_mean(region, self.regions) or f"known: {', '.join(sorted(self.regions))}"
            raise UnknownRegionError(f"region: no endpoint-service data for {region!r}; {hint}") from None


def parse_table(raw: Any, origin: str = DATA_FILE) -> EndpointServiceTable:
    """Validate endpoint-service data already read from JSON; a catalog error names what is wrong."""
    try:
        parsed = _File.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise CatalogError(f"{origin}: {where}: {first['msg']}") from None
    return EndpointServiceTable(endpoint_names=parsed.endpoint_names, regions=parsed.regions)


@lru_cache(maxsize=1)
def endpoint_service_table() -> EndpointServiceTable:
    """The shipped endpoint-service data, read once."""
    from importlib.resources import files

    try:
        text = files("pl_cost").joinpath(DATA_FILE).read_text(encoding="utf-8")
        raw = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{DATA_FILE}: cannot read the shipped file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{DATA_FILE}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_table(raw)


def availability(region: str, endpoint: str) -> Availability:
    """Whether `com.amazonaws.<region>.<endpoint>` exists, per the shipped data, with its source."""
    return endpoint_service_table().availability(region, endpoint)


def unavailable_in(region: str) -> dict[str, Availability]:
    """The endpoints the shipped data says `region` lacks, each with its source."""
    return endpoint_service_table().unavailable_in(region)


def require_available(region: str, endpoints: Iterable[str]) -> None:
    """Asking for an endpoint the region is known to lack is a one-line error that names the source."""
    for name in endpoints:
        found = availability(region, name)
        if found.state == "unavailable":
            raise DomainError(
                f"endpoints: com.amazonaws.{region}.{name} does not exist: {found.why} (source: {found.source})"
            )
