"""The service table: which endpoints serve an AWS service, and the free companions it should have."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
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
    interface_alternative: str | None = None
    note: str | None = None

    @property
    def interface_endpoints(self) -> tuple[str, ...]:
        """Names of the interface endpoints the service needs."""
        return tuple(e.service for e in self.endpoints if e.type == "interface")

    @property
    def gateway_endpoints(self) -> tuple[EndpointRef, ...]:
        """Gateway endpoints: the service's own and its companions."""
        return tuple(e for e in self.endpoints + self.companions if e.type == "gateway")


@lru_cache(maxsize=1)
def service_table() -> dict[str, Service]:
    """The shipped service table."""
    path = Path(__file__).resolve().parent / "data" / "services.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {name: _service(entry) for name, entry in raw["services"].items()}


def _refs(items: list[dict[str, Any]]) -> tuple[EndpointRef, ...]:
    return tuple(EndpointRef(i["service"], cast(EndpointType, i["type"]), i.get("note")) for i in items)


def _service(entry: dict[str, Any]) -> Service:
    return Service(
        description=entry["description"],
        endpoints=_refs(entry["endpoints"]),
        source=entry["source"],
        companions=_refs(entry.get("companions", [])),
        interface_alternative=entry.get("interface_alternative"),
        note=entry.get("note"),
    )


def get_service(name: str) -> Service:
    """A service by name, or a usage error listing the valid names."""
    table = service_table()
    try:
        return table[name]
    except KeyError:
        close = difflib.get_close_matches(name, table, n=3)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise UsageError(f"service: unknown service {name!r}; {hint}valid: {', '.join(sorted(table))}") from None
