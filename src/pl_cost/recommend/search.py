"""The search: the cheapest choice under the cost model, within the availability the profile allows.

With the NAT kept, each service's endpoints pay or not on their own as long as the interface data
rate is flat over the volumes in play (below the first 1 PB tier edge) and no two candidates share
an endpoint; then deciding service by service is exact. Otherwise the search tries every subset
(or, past `EXHAUSTIVE_LIMIT` candidates, improves one service at a time and says so). Each NAT action
is tried with every endpoint AZ count the profile allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from pl_cost.catalog import Catalog
from pl_cost.pricing import ZERO
from pl_cost.recommend.cost import Choice, Flows, NatAction, Priced, evaluate
from pl_cost.recommend.profile import Profile
from pl_cost.services import service_table

EXHAUSTIVE_LIMIT = 12


@dataclass(frozen=True)
class Search:
    """The chosen plan, the best plan for each NAT action tried, and whether the search was exact."""

    best: Priced
    options: dict[NatAction, Priced]
    exact: bool


def choosable(traffic: Flows) -> list[str]:
    """Services the plan may put on interface endpoints: no gateway endpoint, and every endpoint in the region."""
    table = service_table()
    return sorted(n for n in traffic.services if not table[n].is_gateway and traffic.reachable(n))


def removal_blockers(profile: Profile, traffic: Flows) -> list[str]:
    """Why the NAT cannot go: internet traffic, or services no endpoint in the region can serve."""
    reasons = []
    if profile.internet_gb_per_month > 0:
        reasons.append("internet_gb_per_month is above 0")
    for name in traffic.services:
        if traffic.reachable(name):
            continue
        lacking = [e for e in traffic.endpoints_of[name] if e in traffic.missing]
        if lacking:
            reasons.append(f"{name}'s endpoint {', '.join(lacking)} does not exist in {profile.region}")
        else:
            reasons.append(f"{name} has no endpoint")
    return reasons


NAT_SIDE_GB_RATES = ("nat_gateway_gb", "regional_nat_gateway_gb", "inter_az_gb")


def nat_actions(profile: Profile, traffic: Flows, catalog: Catalog) -> list[NatAction]:
    """The NAT actions a plan may take: keep today's layout, one NAT if allowed (and priceable), none if nothing
    needs it."""
    actions: list[NatAction] = ["keep"]
    if may_consolidate(profile) and unpriced_consolidation(profile, catalog) is None:
        actions.append("consolidate")
    if not removal_blockers(profile, traffic):
        actions.append("remove")
    return actions


def may_consolidate(profile: Profile) -> bool:
    """One NAT for all AZs is allowed (nat.allow_fewer) and would be fewer NATs than today."""
    return profile.nat.allow_fewer and profile.nat.mode != "single" and profile.azs > 1


def unpriced_consolidation(profile: Profile, catalog: Catalog) -> str | None:
    """Why one NAT for all AZs cannot be priced here (no inter-AZ price), or None when it can."""
    if "inter_az_gb" not in catalog.region(profile.region).rates:
        return (
            f"one NAT for all AZs not tried: no inter_az_gb price for {profile.region} in this catalog "
            "(pass --price inter_az_gb=VALUE to price it)"
        )
    return None


def endpoint_az_counts(profile: Profile) -> list[int]:
    """AZ counts the interface endpoints may have, most available first: the profile's, or 1..azs if allowed."""
    if profile.endpoint_azs is not None:
        return [profile.endpoint_azs]
    if profile.nat.allow_fewer:
        return list(range(profile.azs, 0, -1))
    return [profile.azs]


def search(profile: Profile, traffic: Flows, catalog: Catalog) -> Search:
    """Best choice per NAT action and endpoint AZ count; the cheapest wins, ties keep the NAT and more AZs."""
    options: dict[NatAction, Priced] = {}
    exact = True
    for action in nat_actions(profile, traffic, catalog):
        for azs in endpoint_az_counts(profile):
            if action == "remove":
                everything = Choice("remove", frozenset(choosable(traffic)), azs)
                found, found_exact = evaluate(profile, traffic, everything, catalog), True
            else:
                found, found_exact = best_with_nat(profile, traffic, action, catalog, azs)
            exact = exact and found_exact
            if action not in options or found.total < options[action].total:
                options[action] = found
    best = min(options.values(), key=lambda priced: priced.total)
    return Search(best, options, exact)


def best_with_nat(
    profile: Profile, traffic: Flows, action: NatAction, catalog: Catalog, azs: int | None = None
) -> tuple[Priced, bool]:
    """The cheapest set of interface services with the NAT kept (in today's or one-NAT layout)."""
    forced = traffic.forced_interface
    candidates = [
        n for n in choosable(traffic) if traffic.by_service[n] > 0 and not set(traffic.endpoints_of[n]) <= forced
    ]
    base = evaluate(profile, traffic, Choice(action, endpoint_azs=azs), catalog)
    chosen = [n for n in candidates if _delta(profile, traffic, base, n, catalog) < 0]
    one_by_one = evaluate(profile, traffic, Choice(action, frozenset(chosen), azs), catalog)
    if _separable(profile, traffic, candidates, forced, catalog):
        return one_by_one, True
    if len(candidates) <= EXHAUSTIVE_LIMIT:
        best = base
        for size in range(1, len(candidates) + 1):
            for subset in combinations(candidates, size):
                priced = evaluate(profile, traffic, Choice(action, frozenset(subset), azs), catalog)
                if priced.total < best.total:
                    best = priced
        return best, True
    return _improve(profile, traffic, one_by_one, candidates, catalog), False


def _delta(profile: Profile, traffic: Flows, base: Priced, name: str, catalog: Catalog) -> Decimal:
    with_it = Choice(base.choice.nat, base.choice.interface_services | {name}, base.choice.endpoint_azs)
    return evaluate(profile, traffic, with_it, catalog).total - base.total


def _separable(
    profile: Profile, traffic: Flows, candidates: list[str], forced: frozenset[str], catalog: Catalog
) -> bool:
    """True when each candidate's cost effect does not depend on the others."""
    seen: set[str] = set(forced)
    for name in candidates:
        own = set(traffic.endpoints_of[name]) - forced
        if own & seen:
            return False
        seen |= own
    most = sum((traffic.by_service[n] for n in choosable(traffic)), ZERO)
    tiers = catalog.rate(profile.region, "interface_endpoint_gb").tier_list()
    edge = tiers[0].up_to
    if len(tiers) > 1 and edge is not None and most > edge:
        return False
    # A NAT-side rate given in tiers (an override, a private price) makes services share its tiers too.
    rates = catalog.region(profile.region).rates
    return not any(r in rates and len(rates[r].tier_list()) > 1 for r in NAT_SIDE_GB_RATES)


def _improve(profile: Profile, traffic: Flows, start: Priced, candidates: list[str], catalog: Catalog) -> Priced:
    """Flip one service at a time while that lowers the total: a local optimum, reported as such."""
    best = start
    improved = True
    while improved:
        improved = False
        for name in candidates:
            current = best.choice.interface_services
            flipped = current - {name} if name in current else current | {name}
            priced = evaluate(profile, traffic, Choice(best.choice.nat, flipped, best.choice.endpoint_azs), catalog)
            if priced.total < best.total:
                best, improved = priced, True
    return best
