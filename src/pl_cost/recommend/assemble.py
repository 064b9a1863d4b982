"""From a profile to a `Plan`: search, explain, and gather the endpoints, assumptions and advice."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pl_cost import assumptions as words
from pl_cost.api import prices_used
from pl_cost.catalog import Catalog
from pl_cost.endpoint_services import availability
from pl_cost.money import format_quantity
from pl_cost.pricing import subtotal
from pl_cost.recommend.advice import advice
from pl_cost.recommend.cost import Choice, Flows, Priced, evaluate, flows
from pl_cost.recommend.explain import decisions, nat_decision
from pl_cost.recommend.profile import Profile
from pl_cost.recommend.results import BundleUse, EndpointAzs, Plan, PlannedEndpoint
from pl_cost.recommend.search import search
from pl_cost.services import bundle_table, service_table


def build_plan(profile: Profile, catalog: Catalog, name: str = "profile") -> Plan:
    """The cheapest plan for a validated profile, priced from `catalog`."""
    catalog.region(profile.region)  # an unknown region fails here, before any pricing
    traffic = flows(profile)
    baseline = evaluate(profile, traffic, Choice("keep", today=True), catalog)
    found = search(profile, traffic, catalog)
    best = found.best
    return Plan(
        profile=name,
        region=profile.region,
        azs=profile.azs,
        endpoint_azs=_endpoint_azs(profile, best),
        features=list(profile.features),
        hours_per_month=profile.hours_per_month,
        prices=prices_used(catalog, profile.region, [*best.line_items, *baseline.line_items]),
        baseline_monthly=baseline.total,
        plan_monthly=best.total,
        savings_monthly=baseline.total - best.total,
        baseline_fixed_monthly=subtotal(baseline.line_items, "fixed"),
        baseline_usage_monthly=subtotal(baseline.line_items, "usage"),
        plan_fixed_monthly=subtotal(best.line_items, "fixed"),
        plan_usage_monthly=subtotal(best.line_items, "usage"),
        nat=nat_decision(profile, traffic, found, catalog),
        endpoints=_endpoints(profile, traffic, best),
        decisions=decisions(profile, traffic, found, catalog),
        bundles=[_bundle(b) for b in profile.workloads],
        line_items=best.line_items,
        baseline_line_items=baseline.line_items,
        assumptions=_assumptions(profile, traffic, best, found.exact),
        advice=advice(profile, best),
        exact=found.exact,
    )


def _endpoint_azs(profile: Profile, best: Priced) -> EndpointAzs:
    chosen_by = "profile" if profile.endpoint_azs else "planner" if profile.nat.allow_fewer else "default"
    return EndpointAzs(
        count=best.endpoint_azs,
        workload_azs=profile.azs,
        chosen_by=chosen_by,
        availability=words.endpoint_azs_line(best.endpoint_azs, profile.azs),
    )


def _endpoints(profile: Profile, traffic: Flows, best: Priced) -> list[PlannedEndpoint]:
    table = service_table()
    why: dict[str, list[str]] = {}
    for endpoint, owners in {**traffic.required_gateway, **traffic.required_interface}.items():
        why.setdefault(endpoint, []).extend(owners)
    for name in traffic.services:
        service = table[name]
        own = [e.service for e in service.gateway_endpoints] if service.is_gateway else list(traffic.endpoints_of[name])
        if name in best.private:
            gb = format_quantity(traffic.by_service[name])
            for endpoint in own:
                why.setdefault(endpoint, []).append(f"service {name} ({gb} GB/month)")
        if name in profile.services:
            for ref in service.companions:
                why.setdefault(ref.service, []).append(f"companion of {name}")
    hours: dict[str, Decimal] = {}
    for item in best.line_items:
        if item.rate == "interface_endpoint_hour":  # a tiered hour price splits a line into ", tier N" lines
            endpoint = item.name.removeprefix("Endpoint hours: ").split(", tier ")[0]
            hours[endpoint] = hours.get(endpoint, Decimal(0)) + item.monthly
    notes = {i.name.removeprefix("Gateway endpoint: "): i.note for i in best.line_items if i.rate is None}
    planned = [
        PlannedEndpoint(
            service=g,
            type="gateway",
            service_name=_service_name(profile.region, g),
            azs=None,
            hours_monthly=Decimal(0),
            why=_unique(why.get(g, [])),
            note=notes.get(g),
            availability=_confirmed(profile.region, g),
        )
        for g in best.gateway_endpoints
    ]
    planned += [
        PlannedEndpoint(
            service=e,
            type="interface",
            service_name=_service_name(profile.region, e),
            azs=best.endpoint_azs,
            hours_monthly=hours.get(e, Decimal(0)),
            why=_unique(why.get(e, [])),
            availability=_confirmed(profile.region, e),
        )
        for e in best.interface_endpoints
    ]
    return planned


def _confirmed(region: str, endpoint: str) -> Literal["available", "unknown"]:
    """Planned endpoints are never known to be missing (the planner rules those out); this says if confirmed."""
    return "available" if availability(region, endpoint).state == "available" else "unknown"


def _service_name(region: str, endpoint: str) -> str:
    """The endpoint service name the emitters write: com.amazonaws.<region>.<endpoint>."""
    return f"com.amazonaws.{region}.{endpoint}"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _bundle(name: str) -> BundleUse:
    bundle = bundle_table()[name]
    return BundleUse(
        name=name,
        description=bundle.description,
        required=[f"{e.service} ({e.type})" for e in bundle.endpoints],
        optional=[f"{e.service} ({e.type})" for e in bundle.optional_endpoints],
        source=bundle.source,
    )


def _assumptions(profile: Profile, traffic: Flows, best: Priced, exact: bool) -> list[str]:
    notes = [
        words.hours_line(profile.hours_per_month),
        "Each service's GB is what goes through the NAT today; once its endpoints exist, private DNS sends all of "
        "it there.",
        "S3 and DynamoDB traffic is to same-region buckets and tables (gateway endpoints serve no other).",
        words.INTERNET_EGRESS,
    ]
    if best.interface_endpoints:
        notes.append(words.endpoint_azs_line(best.endpoint_azs, profile.azs))
    layouts = [profile.nat.mode, best.layout]  # today's prices and the plan's
    notes += _unique(
        [line for layout in layouts for line in words.nat_layout_lines(layout, profile.azs, profile.nat.active_azs)]
    )
    if profile.region.startswith("cn-"):
        notes.append(
            "China regions name some endpoint services cn.com.amazonaws.<region>.<service>: check each name with "
            "aws ec2 describe-vpc-endpoint-services before you deploy the generated code."
        )
    if profile.cross_az_share:
        notes.append(
            f"cross_az_share is ignored: inter-AZ data to interface endpoints is free since {words.CROSS_AZ_FREE_SINCE}"
            f" ({words.CROSS_AZ_FREE_SOURCE}), so it has no cost."
        )
    for routed in traffic.routes.values():
        notes += words.route_lines(routed)
    notes += words.endpoint_name_lines(profile.region, (*best.gateway_endpoints, *best.interface_endpoints))
    if not exact:
        notes.append(
            "Too many services above the first interface data tier to try every set: the plan is a local optimum."
        )
    return notes
