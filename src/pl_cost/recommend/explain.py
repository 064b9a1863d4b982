"""Why the plan is what it is: each service's path with its break-even, and the NAT action.

A break-even here is found by pricing the plan both ways while one service's GB varies, and
solving where the two totals meet (`engine.solve_break_even`), so it includes shared endpoints,
tiers, cross-AZ transfer and a shared NAT's inter-AZ charge exactly as the plan does.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from pl_cost.catalog import Catalog
from pl_cost.engine import Outcome, solve_break_even
from pl_cost.money import format_money, format_quantity
from pl_cost.pricing import ZERO
from pl_cost.recommend.cost import Choice, Flows, Priced, evaluate, flows, forced_endpoints, split_for
from pl_cost.recommend.profile import Profile
from pl_cost.recommend.results import Decision, NatDecision, NatOption
from pl_cost.recommend.search import Search, best_with_nat, nat_actions, removal_blockers
from pl_cost.services import bundle_table, service_table

Diff = Callable[[Decimal], Decimal]


def decisions(profile: Profile, traffic: Flows, found: Search, catalog: Catalog) -> list[Decision]:
    """One decision per service the workload reaches, in profile order."""
    return [_decide(profile, traffic, found, name, catalog) for name in traffic.services]


def _decide(profile: Profile, traffic: Flows, found: Search, name: str, catalog: Catalog) -> Decision:
    service = service_table()[name]
    best = found.best
    moved_in = sum((parts.get(name, ZERO) for parts in traffic.moved.values()), ZERO)
    listed = profile.services.get(name, ZERO)
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
    endpoints = list(service.interface_endpoints)
    path = "interface" if name in best.private else "nat"
    forced, _ = forced_endpoints(profile)
    if set(endpoints) <= forced:
        owners = [b for b in profile.workloads if set(endpoints) & {e.service for e in bundle_table()[b].endpoints}]
        reason = "; ".join([f"required by workload {', '.join(owners)}", *notes])
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
    diff = _removal_diff(profile, name, best, catalog) if removed else _toggle_diff(profile, name, best, catalog)
    points = _points(profile, name, best, catalog)
    outcome, crossings = solve_break_even(diff, points)
    point = crossings[-1] if outcome == "above" else crossings[0] if outcome == "below" else None
    flips_if, headroom = _flip(path == "interface", outcome, point, listed)
    reason = _reason(profile, name, path, removed, outcome, point, listed, len(endpoints), notes)
    return Decision(
        **base, path=path, endpoints=endpoints, reason=reason, break_even_gb=point, break_even_outcome=outcome,
        flips_if=flips_if, headroom_gb=headroom, other_choice_monthly=abs(diff(listed)),
    )  # fmt: skip


def _split_notes(traffic: Flows, name: str) -> list[str]:
    parts = traffic.moved.get(name, {})
    return [f"{format_quantity(gb)} GB of it rides the {target} endpoint" for target, gb in parts.items() if gb]


def _vary(profile: Profile, name: str, gb: Decimal) -> tuple[Profile, Flows]:
    varied = profile.model_copy(update={"services": {**profile.services, name: gb}})
    return varied, flows(varied)


def _toggle_diff(profile: Profile, name: str, best: Priced, catalog: Catalog) -> Diff:
    """Plan total with the service's endpoints minus without them, as its GB varies."""
    chosen = best.choice.interface_services
    on, off = Choice(best.choice.nat, chosen | {name}), Choice(best.choice.nat, chosen - {name})

    def diff(gb: Decimal) -> Decimal:
        varied, traffic = _vary(profile, name, gb)
        return evaluate(varied, traffic, on, catalog).total - evaluate(varied, traffic, off, catalog).total

    return diff


def _removal_diff(profile: Profile, name: str, best: Priced, catalog: Catalog) -> Diff:
    """Plan total without the NAT minus the best plan that keeps one, as the service's GB varies."""

    def diff(gb: Decimal) -> Decimal:
        varied, traffic = _vary(profile, name, gb)
        kept = min(
            best_with_nat(varied, traffic, action, catalog)[0].total
            for action in nat_actions(varied, traffic)
            if action != "remove"
        )
        return evaluate(varied, traffic, best.choice, catalog).total - kept

    return diff


def _points(profile: Profile, name: str, best: Priced, catalog: Catalog) -> list[Decimal]:
    """Volumes where a plan total can change slope: interface tier edges, and the service's own flip."""
    shares, _ = split_for(profile, name)
    own = 1 - sum(shares.values(), ZERO)
    points = {ZERO}
    if own <= 0:
        return [ZERO]
    varied, traffic = _vary(profile, name, ZERO)
    others = evaluate(varied, traffic, Choice(best.choice.nat, best.choice.interface_services | {name}), catalog)
    for tier in catalog.rate(profile.region, "interface_endpoint_gb").tier_list():
        if tier.up_to is not None and tier.up_to > others.interface_gb:
            points.add((tier.up_to - others.interface_gb) / own)
    if best.choice.nat == "remove":
        traffic = flows(profile)
        for action in nat_actions(profile, traffic):
            if action != "remove":
                kept, _ = best_with_nat(profile, traffic, action, catalog)
                _, crossings = solve_break_even(_toggle_diff(profile, name, kept, catalog), sorted(points))
                points.update(c for c in crossings if c > 0)
    return sorted(points)


def _flip(
    interface_side: bool, outcome: Outcome, point: Decimal | None, gb: Decimal
) -> tuple[str | None, Decimal | None]:
    """Which way the traffic must move for the choice to flip, and how far."""
    if point is None:
        return None, None
    # Endpoints (or removal) win above the point for "above", below it for "below".
    wins_above = outcome == "above"
    if interface_side == wins_above:
        return f"falls below {format_quantity(point)} GB/month", max(gb - point, ZERO)
    return f"grows above {format_quantity(point)} GB/month", max(point - gb, ZERO)


def _reason(
    profile: Profile,
    name: str,
    path: str,
    removed: bool,
    outcome: Outcome,
    point: Decimal | None,
    gb: Decimal,
    count: int,
    notes: list[str],
) -> str:
    gb_text = f"{format_quantity(gb)} GB"
    size = f"{count} endpoint{'s' if count != 1 else ''} × {profile.azs} AZ"
    if removed:
        if outcome == "always" or point is None:
            head = "the NAT goes, and that wins at any volume of this service"
        else:
            head = f"the NAT goes; keeping it pays only above {format_quantity(point)} GB of {name}"
    elif outcome == "never":
        head = f"{size}: endpoints never pay with the NAT kept"
    elif outcome == "between":
        head = f"{size}: endpoints pay only within a band of volumes (rising tier prices)"
    elif outcome == "always":
        head = f"{size}: endpoints pay at any volume"
    elif path == "interface":
        head = f"{gb_text} is above its {format_quantity(point or ZERO)} GB break-even ({size})"
    elif gb == 0:
        head = f"no traffic; {size} would only add hours"
    else:
        head = f"{gb_text} is below its {format_quantity(point or ZERO)} GB break-even ({size})"
    return "; ".join([head, *notes])


def nat_decision(profile: Profile, traffic: Flows, found: Search) -> NatDecision:
    """The NAT action, the reason in one line, and the best total found for each action."""
    best = found.best
    action = best.choice.nat
    options = [NatOption(action=a, plan_monthly=p.total) for a, p in found.options.items()]
    blockers = removal_blockers(profile, traffic)
    today = _billed(profile.nat.mode, profile.azs)
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
        if profile.nat.mode != "single" and not profile.nat.allow_fewer and profile.azs > 1:
            parts.append(f"{profile.nat.mode} layout kept for availability (nat.allow_fewer lets the plan use fewer)")
        reason = "kept: " + "; ".join(parts or ["it is the cheapest choice"])
    layout = best.layout
    return NatDecision(
        action=action,
        layout_today=profile.nat.mode,
        layout_plan=layout,
        billed_nat_azs_today=today,
        billed_nat_azs_plan=0 if layout is None else _billed(layout, profile.azs),
        reason=reason,
        options=options,
    )


def _billed(layout: str, azs: int) -> int:
    return 1 if layout == "single" else azs
