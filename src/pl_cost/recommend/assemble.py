"""From a profile to a `Plan`: search, explain, and gather the endpoints, assumptions and advice."""

from __future__ import annotations

from decimal import Decimal

from pl_cost.api import prices_used
from pl_cost.catalog import Catalog
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, format_quantity
from pl_cost.pricing import subtotal
from pl_cost.recommend.advice import advice
from pl_cost.recommend.cost import Choice, Flows, Priced, evaluate, flows, split_for
from pl_cost.recommend.explain import decisions, nat_decision
from pl_cost.recommend.profile import Profile
from pl_cost.recommend.results import BundleUse, Plan, PlannedEndpoint
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
        hours_per_month=profile.hours_per_month,
        prices=prices_used(catalog, profile.region, [*best.line_items, *baseline.line_items]),
        baseline_monthly=baseline.total,
        plan_monthly=best.total,
        savings_monthly=baseline.total - best.total,
        baseline_fixed_monthly=subtotal(baseline.line_items, "fixed"),
        baseline_usage_monthly=subtotal(baseline.line_items, "usage"),
        plan_fixed_monthly=subtotal(best.line_items, "fixed"),
        plan_usage_monthly=subtotal(best.line_items, "usage"),
        nat=nat_decision(profile, traffic, found),
        endpoints=_endpoints(profile, traffic, best),
        decisions=decisions(profile, traffic, found, catalog),
        bundles=[_bundle(b) for b in profile.workloads],
        line_items=best.line_items,
        baseline_line_items=baseline.line_items,
        assumptions=_assumptions(profile, found.exact),
        advice=advice(profile, best),
        exact=found.exact,
    )


def _endpoints(profile: Profile, traffic: Flows, best: Priced) -> list[PlannedEndpoint]:
    table = service_table()
    why: dict[str, list[str]] = {}
    for workload in profile.workloads:
        for ref in bundle_table()[workload].endpoints:
            why.setdefault(ref.service, []).append(f"workload {workload}")
    for name in traffic.services:
        service = table[name]
        own = (
            [e.service for e in service.gateway_endpoints] if service.is_gateway else list(service.interface_endpoints)
        )
        if name in best.private:
            gb = format_quantity(traffic.by_service[name])
            for endpoint in own:
                why.setdefault(endpoint, []).append(f"service {name} ({gb} GB/month)")
        if name in profile.services:
            for ref in service.companions:
                why.setdefault(ref.service, []).append(f"companion of {name}")
    hours = {
        i.name.removeprefix("Endpoint hours: "): i.monthly
        for i in best.line_items
        if i.rate == "interface_endpoint_hour"
    }
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
        )
        for g in best.gateway_endpoints
    ]
    planned += [
        PlannedEndpoint(
            service=e,
            type="interface",
            service_name=_service_name(profile.region, e),
            azs=profile.azs,
            hours_monthly=hours.get(e, Decimal(0)),
            why=_unique(why.get(e, [])),
        )
        for e in best.interface_endpoints
    ]
    return planned


def _service_name(region: str, endpoint: str) -> str:
    prefix = "cn.com.amazonaws" if region.startswith("cn-") else "com.amazonaws"
    return f"{prefix}.{region}.{endpoint}"


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


def _assumptions(profile: Profile, exact: bool) -> list[str]:
    hours = profile.hours_per_month
    notes = [
        f"{format_quantity(hours)} hours a month"
        + (" (the AWS Pricing Calculator's convention)" if hours == DEFAULT_HOURS_PER_MONTH else ""),
        "Each service's GB is what goes through the NAT today; once its endpoints exist, private DNS sends all of "
        "it there.",
        "S3 and DynamoDB traffic is to same-region buckets and tables (gateway endpoints serve no other).",
        f"Interface endpoints have an ENI in each of the {profile.azs} AZ(s).",
        "Internet egress is billed the same with or without endpoints and is left out.",
    ]
    if profile.cross_az_share:
        crossing = format_quantity(profile.cross_az_share * 100)
        notes.append(f"{crossing}% of interface-endpoint traffic crosses AZs, billed in each direction.")
    else:
        notes.append("cross_az_share is 0: endpoint traffic stays in its own AZ (measure it; see advice).")
    for name in profile.services:
        shares, default = split_for(profile, name)
        for target, share in shares.items():
            percent = format_quantity(share * 100)
            if name in profile.splits:
                notes.append(f"{name}: {percent}% of its bytes travel to {target} (set in the profile).")
            elif default is not None:
                why = "" if default.measured else " " + default.assumption
                notes.append(
                    f"{name}: {percent}% of its bytes assumed to travel to {target}.{why} Source: {default.source}"
                )
    if profile.nat.mode == "single" and profile.azs > 1:
        notes.append("Traffic is spread evenly over the AZs; the single NAT's other AZs pay inter-AZ both ways.")
    if not exact:
        notes.append(
            "Too many services above the first interface data tier to try every set: the plan is a local optimum."
        )
    return notes
