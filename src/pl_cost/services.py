"""The service rules as data: endpoints per AWS service, where each kind of its traffic goes, bundles, features.

Everything here is read from `data/services.json`, which ships in the package; each rule names its AWS
source. `compare --service` and `recommend` both route bytes with `route`, so they never disagree about
where a service's bytes go (ECR pulls ride S3; pushes go through ecr.dkr).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, cast

from pl_cost.errors import UsageError, did_you_mean

EndpointType = Literal["interface", "gateway"]
ZERO = Decimal(0)


@dataclass(frozen=True)
class EndpointRef:
    """One endpoint: `service` is the suffix of com.amazonaws.<region>.<service>."""

    service: str
    type: EndpointType
    note: str | None = None


@dataclass(frozen=True)
class TrafficKind:
    """One kind of a service's traffic and where its bytes really travel: `to` maps other services to shares."""

    name: str
    description: str
    to: dict[str, Decimal]
    measured: bool
    assumption: str
    source: str


@dataclass(frozen=True)
class Service:
    """An AWS service as a VPC reaches it: its endpoints, its kinds of traffic, and its source."""

    name: str
    description: str
    endpoints: tuple[EndpointRef, ...]
    source: str
    companions: tuple[EndpointRef, ...] = ()
    note: str | None = None
    traffic: dict[str, TrafficKind] = field(default_factory=dict)
    default_traffic: str | None = None
    features: tuple[str, ...] = ()

    @property
    def interface_endpoints(self) -> tuple[str, ...]:
        """Names of the interface endpoints the service needs (before any feature adds one)."""
        return tuple(e.service for e in self.endpoints if e.type == "interface")

    def interface_endpoints_with(self, features: Iterable[str]) -> tuple[str, ...]:
        """The interface endpoints the service needs with the profile's features switched on."""
        names = list(self.interface_endpoints)
        table = feature_table()
        for name in self.features:
            if name in features:
                names += [e.service for e in table[name].endpoints if e.type == "interface" and e.service not in names]
        return tuple(names)

    @property
    def gateway_endpoints(self) -> tuple[EndpointRef, ...]:
        """Gateway endpoints: the service's own and its companions."""
        return tuple(e for e in self.endpoints + self.companions if e.type == "gateway")

    @property
    def is_gateway(self) -> bool:
        """Served by a free gateway endpoint (S3, DynamoDB in the same region)."""
        return any(e.type == "gateway" for e in self.endpoints)


@dataclass(frozen=True)
class Feature:
    """A feature of a workload that makes an endpoint necessary (IRSA needs sts, for one)."""

    name: str
    description: str
    endpoints: tuple[EndpointRef, ...]
    source: str
    if_unavailable: str | None = None  # what to do where the region lacks the feature's endpoint


@dataclass(frozen=True)
class Bundle:
    """Endpoints a workload needs before it runs without a NAT; features add the ones AWS makes conditional."""

    name: str
    description: str
    endpoints: tuple[EndpointRef, ...]
    features: tuple[str, ...]
    optional_endpoints: tuple[EndpointRef, ...]
    source: str


@dataclass(frozen=True)
class Route:
    """Where one service's GB go: `own_gb` to its own endpoints, `moved` to other services' endpoints."""

    service: str
    own_gb: Decimal
    moved: dict[str, Decimal]
    #: kind -> {target: share} for every kind whose bytes travel elsewhere, and whether it came from the profile.
    shares: dict[str, dict[str, Decimal]]
    overridden: bool


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    from importlib.resources import files

    text = files("pl_cost").joinpath("data/services.json").read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


@lru_cache(maxsize=1)
def service_table() -> dict[str, Service]:
    """The shipped service table."""
    return {name: _service(name, entry) for name, entry in _raw()["services"].items()}


@lru_cache(maxsize=1)
def feature_table() -> dict[str, Feature]:
    """The shipped workload features, each adding endpoints AWS makes conditional on it."""
    return {
        name: Feature(
            name, entry["description"], _refs(entry["endpoints"]), entry["source"], entry.get("if_unavailable")
        )
        for name, entry in _raw().get("features", {}).items()
    }


@lru_cache(maxsize=1)
def bundle_table() -> dict[str, Bundle]:
    """The shipped workload bundles."""
    return {
        name: Bundle(
            name=name,
            description=entry["description"],
            endpoints=_refs(entry["endpoints"]),
            features=tuple(entry.get("features", [])),
            optional_endpoints=_refs(entry.get("optional_endpoints", [])),
            source=entry["source"],
        )
        for name, entry in _raw().get("bundles", {}).items()
    }


def _refs(items: list[dict[str, Any]]) -> tuple[EndpointRef, ...]:
    return tuple(EndpointRef(i["service"], cast(EndpointType, i["type"]), i.get("note")) for i in items)


def _service(name: str, entry: dict[str, Any]) -> Service:
    traffic = {
        kind: TrafficKind(
            name=kind,
            description=item["description"],
            to={target: Decimal(share) for target, share in item["to"].items()},
            measured=bool(item["measured"]),
            assumption=item["assumption"],
            source=item["source"],
        )
        for kind, item in entry.get("traffic", {}).items()
    }
    return Service(
        name=name,
        description=entry["description"],
        endpoints=_refs(entry["endpoints"]),
        source=entry["source"],
        companions=_refs(entry.get("companions", [])),
        note=entry.get("note"),
        traffic=traffic,
        default_traffic=entry.get("default_traffic"),
        features=tuple(entry.get("features", [])),
    )


def route(name: str, gb_by_kind: Mapping[str, Decimal], override: Mapping[str, Decimal] | None = None) -> Route:
    """Where `name`'s bytes go, kind by kind; `override` replaces the default kind's shares (a profile's `splits`).

    A service without kinds of traffic takes its bytes under the key "" and `override` applies to all of them.
    """
    service = service_table()[name]
    moved: dict[str, Decimal] = {}
    shares_used: dict[str, dict[str, Decimal]] = {}
    own = ZERO
    for kind, gb in gb_by_kind.items():
        if override is not None and kind in ("", service.default_traffic):
            shares = dict(override)
        else:
            shares = dict(service.traffic[kind].to) if kind else {}
        kept = gb
        for target, share in shares.items():
            part = gb * share
            moved[target] = moved.get(target, ZERO) + part
            kept -= part
        if shares:
            shares_used[kind] = shares
        own += kept
    return Route(name, own, moved, shares_used, override is not None)


def suggest(name: str, known: list[str] | dict[str, Any]) -> str:
    """'did you mean x or y? ' for a mistyped name, or '' when nothing is close."""
    hint = did_you_mean(name, known)
    return f"{hint} " if hint else ""


def get_service(name: str) -> Service:
    """A service by name, or a usage error listing the valid names."""
    table = service_table()
    try:
        return table[name]
    except KeyError:
        hint = suggest(name, table)
        raise UsageError(f"service: unknown service {name!r}; {hint}valid: {', '.join(sorted(table))}") from None
