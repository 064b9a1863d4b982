"""The search: the cheapest choice under the cost model that keeps today's availability.

With the NAT kept, each service's endpoints pay or not on their own as long as the interface data
rate is flat over the volumes in play (below the first 1 PB tier edge) and no two candidates share
an endpoint; then deciding service by service is exact. Otherwise the search tries every subset
(or, past `EXHAUSTIVE_LIMIT` candidates, improves one service at a time and says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from pl_cost.catalog import Catalog
from pl_cost.pricing import ZERO
from pl_cost.recommend.cost import Choice, Flows, NatAction, Priced, evaluate, forced_endpoints
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
    """Services the plan may put on interface endpoints: those without a gateway endpoint."""
    table = service_table()
    return sorted(n for n in traffic.services if not table[n].is_gateway and table[n].interface_endpoints)


def removal_blockers(profile: Profile, traffic: Flows) -> list[str]:
    """Why the NAT cannot go: internet traffic, or services no endpoint can serve."""
    table = service_table()
    reasons = []
    if profile.internet_gb_per_month > 0:
        reasons.append("internet_gb_per_month is above 0")
    private = set(choosable(traffic)) | {n for n in traffic.services if table[n].is_gateway}
    reasons += [f"{n} has no endpoint" for n in traffic.services if n not in private]
    return reasons


def nat_actions(profile: Profile, traffic: Flows) -> list[NatAction]:
    """The NAT actions a plan may take: keep today's layout, one NAT if allowed, none if nothing needs it."""
    actions: list[NatAction] = ["keep"]
    if profile.nat.allow_fewer and profile.nat.mode != "single" and profile.azs > 1:
        actions.append("consolidate")
    if not removal_blockers(profile, traffic):
        actions.append("remove")
    return actions


def search(profile: Profile, traffic: Flows, catalog: Catalog) -> Search:
    """Best choice per NAT action, and the cheapest of them (ties keep the NAT and change less)."""
    options: dict[NatAction, Priced] = {}
    exact = True
    for action in nat_actions(profile, traffic):
        if action == "remove":
            options[action] = evaluate(profile, traffic, Choice("remove", frozenset(choosable(traffic))), catalog)
        else:
            options[action], action_exact = best_with_nat(profile, traffic, action, catalog)
            exact = exact and action_exact
    best = min(options.values(), key=lambda priced: priced.total)
    return Search(best, options, exact)


def best_with_nat(profile: Profile, traffic: Flows, action: NatAction, catalog: Catalog) -> tuple[Priced, bool]:
    """The cheapest set of interface services with the NAT kept (in today's or one-NAT layout)."""
    forced, _ = forced_endpoints(profile)
    table = service_table()
    candidates = [
        n for n in choosable(traffic) if traffic.by_service[n] > 0 and not set(table[n].interface_endpoints) <= forced
    ]
    base = evaluate(profile, traffic, Choice(action), catalog)
    chosen = [n for n in candidates if _delta(profile, traffic, base, n, catalog) < 0]
    one_by_one = evaluate(profile, traffic, Choice(action, frozenset(chosen)), catalog)
    if _separable(profile, traffic, candidates, forced, catalog):
        return one_by_one, True
    if len(candidates) <= EXHAUSTIVE_LIMIT:
        best = base
        for size in range(1, len(candidates) + 1):
            for subset in combinations(candidates, size):
                priced = evaluate(profile, traffic, Choice(action, frozenset(subset)), catalog)
                if priced.total < best.total:
                    best = priced
        return best, True
    return _improve(profile, traffic, one_by_one, candidates, catalog), False


def _delta(profile: Profile, traffic: Flows, base: Priced, name: str, catalog: Catalog) -> Decimal:
    with_it = Choice(base.choice.nat, base.choice.interface_services | {name})
    return evaluate(profile, traffic, with_it, catalog).total - base.total


def _separable(
    profile: Profile, traffic: Flows, candidates: list[str], forced: frozenset[str], catalog: Catalog
) -> bool:
    """True when each candidate's cost effect does not depend on the others."""
    table = service_table()
    seen: set[str] = set(forced)
    for name in candidates:
        own = set(table[name].interface_endpoints) - forced
        if own & seen - forced:
            return False
        seen |= own
    most = sum((traffic.by_service[n] for n in choosable(traffic)), ZERO)
    for rate_name in ("interface_endpoint_gb",):
        tiers = catalog.rate(profile.region, rate_name).tier_list()
        edge = tiers[0].up_to
        if len(tiers) > 1 and edge is not None and most > edge:
            return False
    return True


def _improve(profile: Profile, traffic: Flows, start: Priced, candidates: list[str], catalog: Catalog) -> Priced:
    """Flip one service at a time while that lowers the total: a local optimum, reported as such."""
    best = start
    improved = True
    while improved:
        improved = False
        for name in candidates:
            current = best.choice.interface_services
            flipped = current - {name} if name in current else current | {name}
            priced = evaluate(profile, traffic, Choice(best.choice.nat, flipped), catalog)
            if priced.total < best.total:
                best, improved = priced, True
    return best
