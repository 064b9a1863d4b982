"""The service table: which endpoints serve an AWS service, and the free companions it should have."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pl_cost.errors import UsageError

EndpointType = Literal["interface", "gateway"]


class EndpointRef(BaseModel):
    """One endpoint: `service` is the suffix of com.amazonaws.<region>.<service>."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    service: str
    type: EndpointType
    note: str | None = None


class Service(BaseModel):
    """An AWS service as a VPC reaches it: the endpoints it needs, with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    description: str
    endpoints: tuple[EndpointRef, ...]
    companions: tuple[EndpointRef, ...] = ()
    interface_alternative: str | None = None
    note: str | None = None
    source: str

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
    raw = json.loads(files("pl_cost").joinpath("data/services.json").read_text(encoding="utf-8"))
    return {name: Service.model_validate(entry) for name, entry in raw["services"].items()}


def get_service(name: str) -> Service:
    """A service by name, or a usage error listing the valid names."""
    table = service_table()
    try:
        return table[name]
    except KeyError:
        close = difflib.get_close_matches(name, table, n=3)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise UsageError(f"service: unknown service {name!r}; {hint}valid: {', '.join(sorted(table))}") from None
