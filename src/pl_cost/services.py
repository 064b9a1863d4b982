"""The service catalog as data: endpoints per AWS service, workload bundles, and traffic splits.

Everything here is read from `data/services.json`, which ships in the package; each entry names its
source so a plan can say why an endpoint is there.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, cast

from pl_cost.errors import UsageError

EndpointType = Literal["interface", "gateway"]


@dataclass(frozen=True)
class EndpointRef:
    """One endpoint: `service` is the suffix of com.amazonaws.<region>.<service>."""

    service: str
    type: EndpointType
    note: str | None = None


@dataclass(frozen=True)
class Service:
    """An AWS service as a VPC reaches it: the endpoints it needs, with its source."""

    description: str
    endpoints: tuple[EndpointRef, ...]
    source: str
    companions: tuple[EndpointRef, ...] = ()
    note: str | None = None

    @property
    def interface_endpoints(self) -> tuple[str, ...]:
        """Names of the interface endpoints the service needs."""
        return tuple(e.service for e in self.endpoints if e.type == "interface")

    @property
    def gateway_endpoints(self) -> tuple[EndpointRef, ...]:
        """Gateway endpoints: the service's own and its companions."""
        return tuple(e for e in self.endpoints + self.companions if e.type == "gateway")

    @property
    def is_gateway(self) -> bool:
        """Served by a free gateway endpoint (S3, DynamoDB in the same region)."""
        return any(e.type == "gateway" for e in self.endpoints)


@dataclass(frozen=True)
class Bundle:
    """Endpoints a workload needs before it runs without a NAT; optional ones depend on features used."""

    name: str
    description: str
    endpoints: tuple[EndpointRef, ...]
    optional_endpoints: tuple[EndpointRef, ...]
    source: str


@dataclass(frozen=True)
class Split:
    """Where a service's bytes really travel: `shares` of its GB go to other services' endpoints."""

    service: str
    description: str
    shares: dict[str, Decimal]
    measured: bool
    assumption: str
    source: str


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    from importlib.resources import files

    text = files("pl_cost").joinpath("data/services.json").read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


@lru_cache(maxsize=1)
def service_table() -> dict[str, Service]:
    """The shipped service table."""
    return {name: _service(entry) for name, entry in _raw()["services"].items()}


@lru_cache(maxsize=1)
def bundle_table() -> dict[str, Bundle]:
    """The shipped workload bundles."""
    return {
        name: Bundle(
            name=name,
            description=entry["description"],
            endpoints=_refs(entry["endpoints"]),
            optional_endpoints=_refs(entry.get("optional_endpoints", [])),
            source=entry["source"],
        )
        for name, entry in _raw().get("bundles", {}).items()
    }


@lru_cache(maxsize=1)
def split_table() -> dict[str, Split]:
    """The shipped default traffic splits, by the service whose bytes travel elsewhere."""
    return {
        name: Split(
            service=name,
            description=entry["description"],
            shares={target: Decimal(share) for target, share in entry["shares"].items()},
            measured=bool(entry["measured"]),
            assumption=entry["assumption"],
            source=entry["source"],
        )
        for name, entry in _raw().get("splits", {}).items()
    }


def _refs(items: list[dict[str, Any]]) -> tuple[EndpointRef, ...]:
    return tuple(EndpointRef(i["service"], cast(EndpointType, i["type"]), i.get("note")) for i in items)


def _service(entry: dict[str, Any]) -> Service:
    return Service(
        description=entry["description"],
        endpoints=_refs(entry["endpoints"]),
        source=entry["source"],
        companions=_refs(entry.get("companions", [])),
        note=entry.get("note"),
    )


def suggest(name: str, known: list[str] | dict[str, Any]) -> str:
    """'did you mean x or y? ' for a mistyped name, or '' when nothing is close."""
    close = difflib.get_close_matches(name, list(known), n=3)
    return f"did you mean {' or '.join(close)}? " if close else ""


def get_service(name: str) -> Service:
    """A service by name, or a usage error listing the valid names."""
    table = service_table()
    try:
        return table[name]
    except KeyError:
        hint = suggest(name, table)
        raise UsageError(f"service: unknown service {name!r}; {hint}valid: {', '.join(sorted(table))}") from None
