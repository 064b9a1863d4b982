"""Why the plan is what it is: each service's path with its break-even, and the NAT action.

A break-even here is found by pricing the plan both ways while one service's GB varies, the other
services' choices held as the plan has them, and solving where the two totals meet
(`engine.solve_break_even`), so it includes shared endpoints, tiers and a shared NAT's inter-AZ
charge exactly as the plan does. No search runs again: each point costs four plan evaluations.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise

from pl_cost.catalog import Catalog
from pl_cost.engine import Outcome, at_crossing, bands_text, cheaper_bands, reported_point, solve_break_even
from pl_cost.money import format_money, format_quantity
from pl_cost.pricing import ZERO, LineItem
from pl_cost.recommend.cost import Choice, Flows, Priced, evaluate, flows
from pl_cost.recommend.profile import Profile
from pl_cost.recommend.results import Decision, NatDecision, NatOption
from pl_cost.recommend.search import Search, may_consolidate, removal_blockers, unpriced_consolidation
from pl_cost.services import service_table

Diff = Callable[[Decimal], Decimal]


def decisions(profile: Profile, traffic: Flows, found: Search, catalog: Catalog) -> list[Decision]:
    """One decision per service the workload reaches, in profile order."""
    return [_decide(profile, traffic, found, name, catalog) for name in traffic.services]


def _decide(profile: Profile, traffic: Flows, found: Search, name: str, catalog: Catalog) -> Decision:
    service = service_table()[name]
    best = found.best
    moved_in = sum((parts.get(name, ZERO) for parts in traffic.moved.values()), ZERO)
    listed = profile.service_gb(name) if name in profile.services else ZERO
    on_path = traffic.by_service[name]
    notes = _split_notes(traffic, name)
    base = {
        "service": name,
        "gb_per_month": listed + moved_in,
        "gb_on_path": on_path,
    }
    if service.is_gateway:
        gateways = [e.service for e in service.gateway_endpoints]
        reason = "free gateway endpoint; serves same-region traffic only"
        if moved_in:
            sources = ", ".join(src for src, parts in traffic.moved.items() if name in parts)
            reason += f"; carries {format_quantity(moved_in)} GB split from {sources}"
        return Decision(
            **base, path="gateway", endpoints=gateways, reason=reason, break_even_gb=None,
            break_even_outcome="always", flips_if=None, headroom_gb=None, other_choice_monthly=None,
        )  # fmt: skip
    endpoints = list(traffic.endpoints_of[name])
    path = "interface" if name in best.private else "nat"
    if not traffic.reachable(name):
        lacking = [e for e in endpoints if e in traffic.missing]
        why = traffic.missing[lacking[0]] if lacking else None
        reason = (
            f"no {', '.join(lacking)} endpoint in {profile.region}: {why.why} (source: {why.source})"
            if why is not None
            else "no VPC endpoint serves it; it stays on the NAT"
        )
        return Decision(
            **base, path="nat", endpoints=endpoints, reason="; ".join([reason, *notes]), break_even_gb=None,
            break_even_outcome="never", flips_if=None, headroom_gb=None, other_choice_monthly=None,
        )  # fmt: skip
    if endpoints and set(endpoints) <= traffic.forced_interface:
        owners = list(dict.fromkeys(o for e in endpoints for o in traffic.required_interface[e]))
        reason = "; ".join([f"required by {', '.join(owners)}", *notes])
        return Decision(
            **base, path="interface", endpoints=endpoints, reason=reason, break_even_gb=None,
            break_even_outcome="required", flips_if=None, headroom_gb=None, other_choice_monthly=ZERO,
        )  # fmt: skip
    if name not in profile.services:
        reason = "; ".join([f"reached only through splits; on the {path} path with the plan", *notes])
        return Decision(
            **base, path=path, endpoints=endpoints, reason=reason, break_even_gb=None,
            break_even_outcome="never", flips_if=None, headroom_gb=None, other_choice_monthly=None,
        )  # fmt: skip
    removed = best.choice.nat == "remove"
    kept = [p for action, p in found.options.items() if action != "remove"]
    diff = _removal_diff(profile, name, best, kept, catalog) if removed else _toggle_diff(profile, name, best, catalog)
    points = _points(profile, name, best, kept, catalog)
    outcome, crossings = solve_break_even(diff, points)
    point = reported_point(outcome, crossings)
    flips_if, headroom = _flip(path == "interface", outcome, point, crossings, listed)
    reason = _reason(profile, name, path, removed, outcome, point, crossings, listed, len(endpoints), best, notes)
    return Decision(
        **base, path=path, endpoints=endpoints, reason=reason, break_even_gb=point, break_even_outcome=outcome,
        crossings=crossings, flips_if=flips_if, headroom_gb=headroom, other_choice_monthly=abs(diff(listed)),
    )  # fmt: skip


def _split_notes(traffic: Flows, name: str) -> list[str]:
    parts = traffic.moved.get(name, {})
    return [f"{format_quantity(gb)} GB of it rides the {target} endpoint" for target, gb in parts.items() if gb]


def _vary(profile: Profile, name: str, gb: Decimal) -> tuple[Profile, Flows]:
    """The profile with one service's GB set to `gb`, its kinds of traffic kept in the profile's proportions."""
    mix = _mix(profile, name)
    given: Decimal | dict[str, Decimal] = {kind: gb * share for kind, share in mix.items()} if len(mix) > 1 else gb
    if len(mix) == 1 and next(iter(mix)) not in ("", service_table()[name].default_traffic):
        given = {next(iter(mix)): gb}
    varied = profile.model_copy(update={"services": {**profile.services, name: given}})
    return varied, flows(varied)


def _mix(profile: Profile, name: str) -> dict[str, Decimal]:
    """Each kind's share of the service's GB (the default kind alone when the profile gives none)."""
    traffic = profile.traffic(name) if name in profile.services else {}
    total = sum(traffic.values(), ZERO)
    if not total:
        first = next(iter(traffic), service_table()[name].default_traffic or "")
        return {first: Decimal(1)}
    return {kind: gb / total for kind, gb in traffic.items() if gb}


def _toggled(choice: Choice, name: str, on: bool) -> Choice:
    services = choice.interface_services | {name} if on else choice.interface_services - {name}
    return Choice(choice.nat, services, choice.endpoint_azs)


def _toggle_diff(profile: Profile, name: str, best: Priced, catalog: Catalog) -> Diff:
    """Plan total with the service's endpoints minus without them, as its GB varies."""
    on, off = _toggled(best.choice, name, True), _toggled(best.choice, name, False)

    def diff(gb: Decimal) -> Decimal:
        varied, traffic = _vary(profile, name, gb)
        return evaluate(varied, traffic, on, catalog).total - evaluate(varied, traffic, off, catalog).total

    return diff


def _removal_diff(profile: Profile, name: str, best: Priced, kept: list[Priced], catalog: Catalog) -> Diff:
    """Plan total without the NAT minus the cheapest plan that keeps one (this service on or off its endpoints)."""
    alternatives = [_toggled(p.choice, name, on) for p in kept for on in (True, False)]

    def diff(gb: Decimal) -> Decimal:
        varied, traffic = _vary(profile, name, gb)
        keep = min(evaluate(varied, traffic, choice, catalog).total for choice in alternatives)
        return evaluate(varied, traffic, best.choice, catalog).total - keep

    return diff


def _points(profile: Profile, name: str, best: Priced, kept: list[Priced], catalog: Catalog) -> list[Decimal]:
    """Volumes where a plan total can change slope: interface tier edges, and where a kept plan flips."""
    own = _own_share(profile, name)
    points = {ZERO}
    if own <= 0:
        return [ZERO]
    varied, traffic = _vary(profile, name, ZERO)
    others = evaluate(varied, traffic, _toggled(best.choice, name, True), catalog)
    for tier in catalog.rate(profile.region, "interface_endpoint_gb").tier_list():
        if tier.up_to is not None and tier.up_to > others.interface_gb:
            points.add((tier.up_to - others.interface_gb) / own)
    plans = [best, *kept]
    used = {i.rate for p in plans for i in p.line_items if i.rate}
    choices = [_toggled(p.choice, name, on) for p in plans for on in (True, False)]
    points |= _other_tier_edges(profile, name, choices, used, catalog)
    if best.choice.nat == "remove":
        for plan in kept:
            _, crossings = solve_break_even(_toggle_diff(profile, name, plan, catalog), sorted(points))
            points.update(c for c in crossings if c > 0)
        # Where the cheapest kept plan changes from one to another, the minimum bends.
        for first, second in pairwise(kept):
            _, crossings = solve_break_even(_between_kept(profile, name, first, second, catalog), sorted(points))
            points.update(c for c in crossings if c > 0)
    return sorted(points)


def _other_tier_edges(
    profile: Profile, name: str, choices: list[Choice], used: set[str], catalog: Catalog
) -> set[Decimal]:
    """Volumes where another tiered rate (a NAT GB price given in tiers, say) crosses an edge under some choice.

    Every quantity is linear in the service's GB, so two evaluations give each rate's start and slope.
    """
    rates = catalog.region(profile.region).rates
    tiered = {r for r in used - {"interface_endpoint_gb"} if len(rates[r].tier_list()) > 1}
    if not tiered:
        return set()
    zero, one = _vary(profile, name, ZERO), _vary(profile, name, Decimal(1))
    edges: set[Decimal] = set()
    for choice in choices:
        start = _quantities(evaluate(*zero, choice, catalog).line_items, tiered)
        step = _quantities(evaluate(*one, choice, catalog).line_items, tiered)
        for rate, q0 in start.items():
            slope = step.get(rate, ZERO) - q0
            if slope <= 0:
                continue
            for tier in rates[rate].tier_list():
                if tier.up_to is not None and tier.up_to > q0:
                    edges.add((tier.up_to - q0) / slope)
    return edges


def _quantities(items: list[LineItem], rates: set[str]) -> dict[str, Decimal]:
    """Total quantity billed per rate, over the line items a pooled rate was split into."""
    totals: dict[str, Decimal] = {r: ZERO for r in rates}
    for item in items:
        if item.rate in rates:
            totals[item.rate] += item.quantity
    return totals


def _between_kept(profile: Profile, name: str, a: Priced, b: Priced, catalog: Catalog) -> Diff:
    def cheapest(plan: Priced, profile_gb: Profile, traffic: Flows) -> Decimal:
        return min(
            evaluate(profile_gb, traffic, _toggled(plan.choice, name, on), catalog).total for on in (True, False)
        )

    def diff(gb: Decimal) -> Decimal:
        varied, traffic = _vary(profile, name, gb)
        return cheapest(a, varied, traffic) - cheapest(b, varied, traffic)

    return diff


def _own_share(profile: Profile, name: str) -> Decimal:
    """The share of the service's GB that reach its own endpoints, for the profile's mix of kinds."""
    from pl_cost.services import route

    return route(name, _mix(profile, name), profile.splits.get(name)).own_gb


def _flip(
    interface_side: bool, outcome: Outcome, point: Decimal | None, crossings: list[Decimal], gb: Decimal
) -> tuple[str | None, Decimal | None]:
    """Which way the traffic must move for the choice to flip, and how far: to the nearest crossing.

    The plan's choice is the cheaper side at `gb` (it is optimal with the others held), so the nearest
    crossing is where it flips, whatever the outcome and however many crossings there are.
    """
    if point is None or not crossings:
        return None, None
    nearest = min(crossings, key=lambda c: (abs(c - gb), c))
    if gb < nearest or (gb == nearest and interface_side != (outcome == "above")):
        return f"grows above {format_quantity(nearest)} GB/month", nearest - gb
    return f"falls below {format_quantity(nearest)} GB/month", gb - nearest


def _reason(
    profile: Profile,
    name: str,
    path: str,
    removed: bool,
    outcome: Outcome,
    point: Decimal | None,
    crossings: list[Decimal],
    gb: Decimal,
    count: int,
    best: Priced,
    notes: list[str],
) -> str:
    gb_text = f"{format_quantity(gb)} GB"
    size = f"{count} endpoint{'s' if count != 1 else ''} × {best.endpoint_azs} AZ"
    bands = bands_text(cheaper_bands(outcome, crossings))
    if removed:
        if outcome == "always" or point is None:
            head = "the NAT goes, and that wins at any volume of this service"
        elif outcome == "between" or len(crossings) > 1:
            head = f"the NAT goes; removing it wins only {bands} of {name}"
        else:
            side = "below" if outcome == "above" else "above"
            head = f"the NAT goes; keeping it would pay only {side} {format_quantity(point)} GB of {name}"
    elif outcome == "never":
        head = f"{size}: endpoints never pay with the NAT kept"
    elif outcome == "always":
        head = f"{size}: endpoints pay at any volume"
    elif outcome == "between":
        head = f"{size}: endpoints pay only {bands}/month (tier prices that rise)"
    elif gb == 0 and path == "nat":
        head = f"no traffic; {size} would only add hours"
    elif at_crossing(gb, crossings):
        head = f"{gb_text} is at its break-even: both choices cost the same ({size})"
    else:
        nearest = min(crossings, key=lambda c: (abs(c - gb), c)) if crossings else point or ZERO
        where = "above" if gb > nearest else "below"
        head = f"{gb_text} is {where} its {format_quantity(nearest)} GB break-even ({size})"
        if len(crossings) > 1:
            head += f"; endpoints pay {bands}/month"
    return "; ".join([head, *notes])


def nat_decision(profile: Profile, traffic: Flows, found: Search, catalog: Catalog) -> NatDecision:
    """The NAT action, the reason in one line, and the best total found for each action."""
    best = found.best
    action = best.choice.nat
    options = [NatOption(action=a, plan_monthly=p.total) for a, p in found.options.items()]
    blockers = removal_blockers(profile, traffic)
    today = _billed(profile.nat.mode, profile.azs, profile.nat.active_azs)
    if action == "remove":
        kept = min(p.total for a, p in found.options.items() if a != "remove")
        reason = (
            "nothing needs the internet and every service has an endpoint; "
            f"saves {format_money(kept - best.total)}/month over keeping it"
        )
    elif action == "consolidate":
        keep = found.options["keep"].total
        reason = (
            f"allow_fewer: one NAT instead of {today} saves {format_money(keep - best.total)}/month; "
            "the other AZs lose their own NAT"
        )
    else:
        parts = []
        if profile.internet_gb_per_month > 0:
            parts.append(f"{format_quantity(profile.internet_gb_per_month)} GB/month must reach the internet")
        parts += [b for b in blockers if not b.startswith("internet_gb")]
        if "remove" in found.options:
            extra = found.options["remove"].total - best.total
            parts.append(f"removing it would cost {format_money(extra)}/month more")
        unpriced = unpriced_consolidation(profile, catalog) if may_consolidate(profile) else None
        if not profile.nat.allow_fewer and profile.nat.mode != "single" and profile.azs > 1:
            parts.append(f"{profile.nat.mode} layout kept for availability (nat.allow_fewer lets the plan use fewer)")
        elif unpriced is not None:
            parts.append(unpriced)
        reason = "kept: " + "; ".join(parts or ["it is the cheapest choice"])
    layout = best.layout
    return NatDecision(
        action=action,
        layout_today=profile.nat.mode,
        layout_plan=layout,
        billed_nat_azs_today=today,
        billed_nat_azs_plan=0 if layout is None else _billed(layout, profile.azs, profile.nat.active_azs),
        reason=reason,
        options=options,
    )


def _billed(layout: str, azs: int, active_azs: int | None) -> int:
    """NAT gateways (or regional NAT active AZs) billed per hour under `layout`."""
    if layout == "single":
        return 1
    return active_azs or azs if layout == "regional" else azs
