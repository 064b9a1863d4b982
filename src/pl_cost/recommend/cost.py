"""The cost model of a plan: a profile and a choice become components, priced by `pricing`.

A choice says what happens to the NAT and which services get their interface endpoints; everything
else follows: a service whose endpoints all exist is reached through them (private DNS sends its
traffic there), S3 and DynamoDB ride free gateway endpoints, and the rest stays on the NAT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from pl_cost.catalog import Catalog
from pl_cost.components import (
    Component,
    NatLayout,
    gateway_endpoint_components,
    interface_endpoint_components,
    nat_components,
)
from pl_cost.pricing import ZERO, LineItem, price_components, subtotal
from pl_cost.recommend.profile import Profile
from pl_cost.services import Split, bundle_table, service_table, split_table

NatAction = Literal["keep", "consolidate", "remove"]
#: The per-GB processing rates whose one line the plan splits into a line per flow.
DATA_RATES = ("nat_gateway_gb", "regional_nat_gateway_gb", "interface_endpoint_gb")
CROSS_AZ_NOTE = "cross_az_share of the endpoint traffic crosses AZs; inter-AZ transfer is billed in each direction"


@dataclass(frozen=True)
class Flows:
    """The profile's traffic after splits: GB/month that reach each service's own endpoints."""

    internet_gb: Decimal
    by_service: dict[str, Decimal]
    #: GB each service moved onto another: {source: {target: GB}}.
    moved: dict[str, dict[str, Decimal]]
    splits_used: dict[str, dict[str, Decimal]]

    @property
    def services(self) -> tuple[str, ...]:
        """Every service the workload reaches, listed or reached through a split."""
        return tuple(self.by_service)


@dataclass(frozen=True)
class Choice:
    """One candidate plan: the NAT action and the services put on interface endpoints by choice."""

    nat: NatAction
    interface_services: frozenset[str] = frozenset()
    #: Today's VPC: no endpoints at all, every byte through the NAT.
    today: bool = False


@dataclass(frozen=True)
class Priced:
    """A choice's components, line items and monthly total."""

    choice: Choice
    layout: NatLayout | None
    interface_endpoints: tuple[str, ...]
    gateway_endpoints: tuple[str, ...]
    private: frozenset[str]
    nat_gb: Decimal
    interface_gb: Decimal
    line_items: list[LineItem]

    @property
    def total(self) -> Decimal:
        """Monthly total of every line item."""
        return subtotal(self.line_items)


def split_for(profile: Profile, service: str) -> tuple[dict[str, Decimal], Split | None]:
    """The shares of `service`'s bytes that travel to other services: the profile's, else the shipped default."""
    default = split_table().get(service)
    if service in profile.splits:
        return dict(profile.splits[service]), default
    return (dict(default.shares) if default else {}), default


def flows(profile: Profile) -> Flows:
    """Apply traffic splits once: a split moves a listed service's bytes to its target service."""
    by_service: dict[str, Decimal] = {name: ZERO for name in profile.services}
    moved: dict[str, dict[str, Decimal]] = {}
    used: dict[str, dict[str, Decimal]] = {}
    for name, gb in profile.services.items():
        shares, _ = split_for(profile, name)
        kept = gb
        for target, share in shares.items():
            part = gb * share
            by_service[target] = by_service.get(target, ZERO) + part
            moved.setdefault(name, {})[target] = part
            kept -= part
        if shares:
            used[name] = shares
        by_service[name] += kept
    return Flows(profile.internet_gb_per_month, by_service, moved, used)


def forced_endpoints(profile: Profile) -> tuple[frozenset[str], frozenset[str]]:
    """(interface, gateway) endpoints the profile's workload bundles require whatever they cost."""
    interface: set[str] = set()
    gateway: set[str] = set()
    for name in profile.workloads:
        for ref in bundle_table()[name].endpoints:
            (interface if ref.type == "interface" else gateway).add(ref.service)
    return frozenset(interface), frozenset(gateway)


def nat_layout(profile: Profile, action: NatAction) -> NatLayout | None:
    """The NAT layout an action leaves: today's, one zonal NAT, or none."""
    return {"keep": profile.nat.mode, "consolidate": "single", "remove": None}[action]


def evaluate(profile: Profile, traffic: Flows, choice: Choice, catalog: Catalog) -> Priced:
    """Price one choice with `pricing.price_components`; the only place plan money is computed."""
    table = service_table()
    forced_interface, forced_gateway = (frozenset(), frozenset()) if choice.today else forced_endpoints(profile)
    interface = set(forced_interface)
    for name in () if choice.today else choice.interface_services:
        interface.update(table[name].interface_endpoints)
    gateways: dict[str, str | None] = {g: None for g in sorted(forced_gateway)}
    private: set[str] = set()
    for name in () if choice.today else traffic.services:
        service = table[name]
        if service.is_gateway:
            private.add(name)
            for ref in service.gateway_endpoints:
                gateways.setdefault(ref.service, ref.note)
        elif service.interface_endpoints and set(service.interface_endpoints) <= interface:
            private.add(name)
        if name in profile.services:
            for ref in service.companions:
                if ref.type == "gateway":
                    gateways.setdefault(ref.service, ref.note)
    layout = nat_layout(profile, "keep" if choice.today else choice.nat)
    nat_flows = {"internet": traffic.internet_gb} | {n: gb for n, gb in traffic.by_service.items() if n not in private}
    interface_flows = {n: gb for n, gb in traffic.by_service.items() if n in private and not table[n].is_gateway}
    nat_gb = sum(nat_flows.values(), ZERO)
    interface_gb = sum(interface_flows.values(), ZERO)
    components: list[Component] = []
    if layout is not None:
        components += _per_flow(nat_components(layout, profile.azs, nat_gb, profile.hours_per_month), nat_flows)
    components += gateway_endpoint_components(tuple(gateways.items()))
    endpoints = tuple(sorted(interface))
    if endpoints:
        built = interface_endpoint_components(endpoints, profile.azs, interface_gb, profile.hours_per_month)
        components += _per_flow(built, interface_flows)
        if profile.cross_az_share and interface_gb:
            components.append(cross_az_component(interface_gb, profile.cross_az_share))
    items = price_components(components, catalog, profile.region)
    return Priced(
        choice=choice,
        layout=layout,
        interface_endpoints=endpoints,
        gateway_endpoints=tuple(gateways),
        private=frozenset(private),
        nat_gb=nat_gb,
        interface_gb=interface_gb,
        line_items=items,
    )


def cross_az_component(interface_gb: Decimal, share: Decimal) -> Component:
    """Inter-AZ transfer for the share of endpoint traffic sent to an endpoint ENI in another AZ.

    Billed in each direction, as the engine prices a shared NAT
    (https://aws.amazon.com/privatelink/pricing/: data transfer charges apply to data sent to an endpoint).
    """
    return Component(
        "endpoint",
        "Inter-AZ transfer to interface endpoints",
        "usage",
        "inter_az_gb",
        interface_gb * share * 2,
        "GB",
        CROSS_AZ_NOTE,
    )


def _per_flow(components: Sequence[Component], flows_gb: dict[str, Decimal]) -> list[Component]:
    """Split the builder's one data-processed line into a line per flow, so each service shows its cost."""
    out: list[Component] = []
    for comp in components:
        if comp.rate not in DATA_RATES:
            out.append(comp)
            continue
        parts = [(name, gb) for name, gb in flows_gb.items() if gb > 0]
        if not parts:
            out.append(comp)
            continue
        out += [replace(comp, name=f"{comp.name}: {name}", quantity=gb) for name, gb in parts]
    return out
