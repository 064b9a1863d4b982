"""The cost model of a plan: a profile and a choice become components, priced by `pricing`.

A choice says what happens to the NAT, which services get their interface endpoints and in how many
AZs; everything else follows: a service whose endpoints all exist is reached through them (private DNS
sends its traffic there), S3 and DynamoDB ride free gateway endpoints, and the rest stays on the NAT.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pl_cost.catalog import Catalog
from pl_cost.components import (
    Component,
    NatLayout,
    gateway_endpoint_components,
    interface_endpoint_components,
    nat_components,
    per_flow,
)
from pl_cost.endpoint_services import Availability, availability
from pl_cost.errors import DomainError
from pl_cost.pricing import ZERO, LineItem, price_components, subtotal
from pl_cost.recommend.profile import Profile
from pl_cost.services import Route, bundle_table, feature_table, route, service_table

NatAction = Literal["keep", "consolidate", "remove"]
#: The per-GB processing rates whose one line the plan splits into a line per flow.
DATA_RATES = ("nat_gateway_gb", "regional_nat_gateway_gb", "interface_endpoint_gb")


@dataclass(frozen=True)
class Flows:
    """The profile's traffic after routing (GB/month that reach each service's own endpoints), and what it needs.

    Computed once per profile: the endpoints each service needs with the profile's features, the endpoints
    workloads require whatever they cost, and the endpoints the region is known to lack.
    """

    internet_gb: Decimal
    by_service: dict[str, Decimal]
    #: GB each listed service moved onto another: {source: {target: GB}}.
    moved: dict[str, dict[str, Decimal]]
    routes: dict[str, Route]
    endpoints_of: dict[str, tuple[str, ...]]
    required_interface: dict[str, tuple[str, ...]]
    required_gateway: dict[str, tuple[str, ...]]
    missing: dict[str, Availability]

    @property
    def services(self) -> tuple[str, ...]:
        """Every service the workload reaches, listed or reached through a split."""
        return tuple(self.by_service)

    @property
    def forced_interface(self) -> frozenset[str]:
        """Interface endpoints the workloads require whatever they cost."""
        return frozenset(self.required_interface)

    def reachable(self, name: str) -> bool:
        """A service can be reached privately when it has endpoints and the region has all of them."""
        table = service_table()
        own = [e.service for e in table[name].gateway_endpoints] if table[name].is_gateway else self.endpoints_of[name]
        return bool(own) and not any(e in self.missing for e in own)


@dataclass(frozen=True)
class Choice:
    """One candidate plan: the NAT action, the services put on interface endpoints, and their AZ count."""

    nat: NatAction
    interface_services: frozenset[str] = frozenset()
    #: AZs the interface endpoints have an ENI in; None means every workload AZ.
    endpoint_azs: int | None = None
    #: Today's VPC: no endpoints at all, every byte through the NAT.
    today: bool = False


@dataclass(frozen=True)
class Priced:
    """A choice's components, line items and monthly total."""

    choice: Choice
    layout: NatLayout | None
    interface_endpoints: tuple[str, ...]
    gateway_endpoints: tuple[str, ...]
    endpoint_azs: int
    private: frozenset[str]
    nat_gb: Decimal
    interface_gb: Decimal
    line_items: list[LineItem]

    @property
    def total(self) -> Decimal:
        """Monthly total of every line item."""
        return subtotal(self.line_items)


def flows(profile: Profile) -> Flows:
    """Route every listed service's bytes once (`services.route`), and gather what the workload needs."""
    table = service_table()
    by_service: dict[str, Decimal] = {name: ZERO for name in profile.services}
    moved: dict[str, dict[str, Decimal]] = {}
    routes: dict[str, Route] = {}
    for name in profile.services:
        routed = route(name, profile.traffic(name), profile.splits.get(name))
        routes[name] = routed
        by_service[name] += routed.own_gb
        for target, gb in routed.moved.items():
            by_service[target] = by_service.get(target, ZERO) + gb
            moved.setdefault(name, {})[target] = gb
    features = set(profile.features)
    endpoints_of = {name: table[name].interface_endpoints_with(features) for name in by_service}
    interface, gateway = _required(profile)
    named = {*interface, *gateway, *(e for names in endpoints_of.values() for e in names)}
    named |= {ref.service for name in by_service for ref in table[name].gateway_endpoints}
    answers = (availability(profile.region, name) for name in sorted(named))
    missing = {found.endpoint: found for found in answers if found.state == "unavailable"}
    for endpoint, owners in {**interface, **gateway, **_feature_endpoints(profile)}.items():
        if endpoint in missing:
            raise DomainError(_missing_message(profile, endpoint, owners, missing[endpoint]))
    return Flows(profile.internet_gb_per_month, by_service, moved, routes, endpoints_of, interface, gateway, missing)


def _required(profile: Profile) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Endpoints the workloads and their features require whatever they cost, each with who requires it."""
    interface: dict[str, list[str]] = {}
    gateway: dict[str, list[str]] = {}
    for name in profile.workloads:
        bundle = bundle_table()[name]
        refs = [(ref, f"workload {name}") for ref in bundle.endpoints]
        for feature in bundle.features:
            if feature in profile.features:
                refs += [(ref, f"feature {feature}") for ref in feature_table()[feature].endpoints]
        for ref, owner in refs:
            (interface if ref.type == "interface" else gateway).setdefault(ref.service, []).append(owner)
    return (
        {k: tuple(dict.fromkeys(v)) for k, v in interface.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in gateway.items()},
    )


def _feature_endpoints(profile: Profile) -> dict[str, tuple[str, ...]]:
    """Endpoints the profile's features add to its listed services: a feature the region cannot serve is an error
    (the profile describes something that cannot run there), not a service quietly left on the NAT."""
    table, features = service_table(), feature_table()
    owners: dict[str, list[str]] = {}
    for name in profile.services:
        for feature in table[name].features:
            if feature in profile.features:
                for ref in features[feature].endpoints:
                    owners.setdefault(ref.service, []).append(f"feature {feature}")
    return {k: tuple(dict.fromkeys(v)) for k, v in owners.items()}


def _missing_message(profile: Profile, endpoint: str, owners: tuple[str, ...], found: Availability) -> str:
    features = feature_table()
    hints = [
        features[o.removeprefix("feature ")].if_unavailable
        for o in owners
        if o.startswith("feature ") and o.removeprefix("feature ") in features
    ]
    hint = "".join(f"; {h}" for h in dict.fromkeys(h for h in hints if h))
    return (
        f"{', '.join(owners)} needs com.amazonaws.{profile.region}.{endpoint}, which {profile.region} does not "
        f"have: {found.why} (source: {found.source}){hint}"
    )


def nat_layout(profile: Profile, action: NatAction) -> NatLayout | None:
    """The NAT layout an action leaves: today's, one zonal NAT, or none."""
    return {"keep": profile.nat.mode, "consolidate": "single", "remove": None}[action]


def evaluate(profile: Profile, traffic: Flows, choice: Choice, catalog: Catalog) -> Priced:
    """Price one choice with `pricing.price_components`; the only place plan money is computed."""
    table = service_table()
    today = choice.today
    interface = set() if today else set(traffic.required_interface)
    for name in () if today else choice.interface_services:
        interface.update(traffic.endpoints_of[name])
    gateways: dict[str, str | None] = {} if today else {g: None for g in sorted(traffic.required_gateway)}
    private: set[str] = set()
    for name in () if today else traffic.services:
        service = table[name]
        if not traffic.reachable(name):
            continue
        if service.is_gateway:
            private.add(name)
            for ref in service.gateway_endpoints:
                gateways.setdefault(ref.service, ref.note)
        elif set(traffic.endpoints_of[name]) <= interface:
            private.add(name)
        if name in profile.services:
            for ref in service.companions:
                if ref.type == "gateway" and ref.service not in traffic.missing:
                    gateways.setdefault(ref.service, ref.note)
    layout = nat_layout(profile, "keep" if today else choice.nat)
    nat_flows = {"internet": traffic.internet_gb} | {n: gb for n, gb in traffic.by_service.items() if n not in private}
    interface_flows = {n: gb for n, gb in traffic.by_service.items() if n in private and not table[n].is_gateway}
    nat_gb = sum(nat_flows.values(), ZERO)
    interface_gb = sum(interface_flows.values(), ZERO)
    azs = choice.endpoint_azs or profile.endpoint_azs or profile.azs
    components: list[Component] = []
    hours = profile.hours_per_month
    if layout is not None:
        built = nat_components(layout, profile.azs, nat_gb, hours, profile.nat.active_azs)
        components += per_flow(built, DATA_RATES, nat_flows)
    components += gateway_endpoint_components(tuple(gateways.items()))
    endpoints = tuple(sorted(interface))
    if endpoints:
        built = interface_endpoint_components(endpoints, azs, interface_gb, hours)
        components += per_flow(built, DATA_RATES, interface_flows)
    items = price_components(components, catalog, profile.region)
    return Priced(
        choice=choice,
        layout=layout,
        interface_endpoints=endpoints,
        gateway_endpoints=tuple(gateways),
        endpoint_azs=azs,
        private=frozenset(private),
        nat_gb=nat_gb,
        interface_gb=interface_gb,
        line_items=items,
    )
