"""The page for `bill`: what the bill's NAT gateways cost, the savings ranked, and every figure behind them."""

from __future__ import annotations

from typing import Any

from pl_cost.pages import charts
from pl_cost.pages.adapters.common import anchor, bullet_section
from pl_cost.pages.adapters.generic import describe, fields_of, leftovers, model_table, scalar, title_of
from pl_cost.pages.context import Context
from pl_cost.pages.text import format_money, format_quantity, linkify
from pl_cost.pages.view import Cell, Chart, Page, Section

SHOWN_NAT = {
    "resource_id",
    "account_id",
    "region",
    "billing_period",
    "availability_mode",
    "nat_hours",
    "nat_gb",
    "nat_cost",
    "idle",
    "savings_upper_bound_monthly",
    "next_step",
}


def _money(value: Any) -> str:
    return "unknown" if value is None else format_money(value)


def bill_page(result: Any, context: Context) -> Page:
    """Totals, the ranked opportunities, each NAT gateway, and the rest of the bill's evidence."""
    key = context.key
    total = result.total
    verdict = _verdict(result)
    opportunities = model_table(
        "Savings, ranked",
        result.opportunities,
        [
            ("Rank", lambda o: str(o.rank)),
            ("Target", lambda o: o.target),
            ("Account", lambda o: o.account_id),
            ("Region", lambda o: o.region),
            ("Basis", lambda o: o.basis),
            ("Savings, monthly", lambda o: _money(o.savings_monthly)),
            ("Next step", lambda o: linkify(o.next_step)),
        ],
        known={
            "rank",
            "target",
            "account_id",
            "region",
            "basis",
            "savings_monthly",
            "next_step",
            "nat_gateway_ids",
            "vpc_id",
        },
        numeric={5},
    )
    nats = model_table(
        "NAT gateways on the bill",
        result.nat_gateways,
        [
            ("NAT gateway", lambda n: n.resource_id),
            ("Account", lambda n: n.account_id),
            ("Region", lambda n: n.region),
            ("Period", lambda n: n.billing_period),
            ("Mode", lambda n: n.availability_mode),
            ("NAT-hours", lambda n: scalar("nat_hours", n.nat_hours)),
            ("GB", lambda n: scalar("nat_gb", n.nat_gb)),
            ("Cost", lambda n: _money(n.nat_cost)),
            ("Idle", lambda n: "yes" if n.idle else "no"),
            ("Endpoints could save at most", lambda n: _money(n.savings_upper_bound_monthly)),
        ],
        known=set(fields_of(result.nat_gateways[0])) if result.nat_gateways else SHOWN_NAT,
        numeric={5, 6, 7, 9},
    )
    each = [_nat_detail(n, anchor(key, "nat", n.resource_id, n.billing_period)) for n in result.nat_gateways]
    top = [o for o in result.opportunities if o.savings_monthly is not None][:12]
    chart_list = []
    if top:
        described = "; ".join(f"{o.target}: {_money(o.savings_monthly)}" for o in top)
        alt = f"Monthly savings of the top opportunities on the bill. {described}."
        bars = [(o.target, o.savings_monthly, charts.GOES_COLOR) for o in top]
        chart_list.append(
            Chart(svg=charts.bars(bars, "Savings a month (USD)", f"{key}-savings", alt), caption=alt, alt=alt)
        )
    facts: list[tuple[str, Cell]] = [
        ("Hours a month", scalar("hours_per_month", result.hours_per_month)),
        ("Billing periods", ", ".join(p.billing_period for p in result.periods) or "-"),
        *((f"Total: {title_of(n)}", scalar(n, v)) for n, v in fields_of(total).items() if n != "key"),
    ]
    used = {"hours_per_month", "total", "opportunities", "nat_gateways", "assumptions", "caveats"}
    return Page(
        title="NAT gateways on the bill",
        question="What do the NAT gateways on this bill cost, and where would endpoints or removing idle ones save?",
        verdict=(verdict,),
        facts=tuple(facts),
        sections=(
            Section(title="Savings", anchor=f"{key}-savings", charts=tuple(chart_list), tables=(opportunities,)),
            Section(title="NAT gateways", anchor=f"{key}-nats", tables=(nats,), subsections=tuple(each)),
            bullet_section("Caveats", f"{key}-caveats", result.caveats),
            bullet_section("Assumptions", f"{key}-assumptions", result.assumptions),
            *leftovers(result, used, key, title="The rest of the bill"),
        ),
        schema=f"{result.schema_name} v{result.schema_version}",
    )


def _verdict(result: Any) -> str:
    """What the latest period's NAT gateways cost, then the monthly savings: idle ones, and the endpoints' ceiling."""
    total, savings = result.total, result.savings
    cost = f"the bill's NAT gateways cost {_money(total.nat_cost)} ({_counts(total)})"
    said = f"In {total.billing_period}, {cost}." if total.billing_period else f"{cost[0].upper()}{cost[1:]}."
    month = f"A month at {format_quantity(result.hours_per_month)} h"
    if total.nat_gateways is None and savings.upper_bound_monthly is None:
        return (
            f"{said} {month}, what idle NAT gateways cost and what endpoints could save are unknown: its NAT rows"
            " carry no resource IDs."
        )
    if savings.billing_period and savings.billing_period != total.billing_period:
        month += f", from {savings.billing_period}"
    if savings.idle_monthly is not None:
        idle = f"idle NAT gateways cost {_money(savings.idle_monthly)}"
    else:
        idle = "what idle NAT gateways cost is unknown" + (
            f" ({savings.idle_unknown} without a net cost on the bill)" if savings.idle_unknown else ""
        )
    if savings.upper_bound_monthly is not None:
        left_out = (
            f", leaving out {savings.upper_bound_unknown} NAT gateway(s) whose bound is unknown"
            if savings.upper_bound_unknown
            else ""
        )
        bound = (
            f"endpoints could save at most {_money(savings.upper_bound_monthly)}{left_out}: a ceiling on what they"
            " could save (every GB on free gateway endpoints and no NAT left), not a plan"
        )
    else:
        bound = "what endpoints could save is unknown"
    plans = f"; the plans save {_money(savings.plan_monthly)}" if savings.plan_monthly is not None else ""
    return f"{said} {month}: {idle}; {bound}{plans}."


def _counts(total: Any) -> str:
    """How many NAT gateways and idle ones, or that it is unknown (rows without resource IDs)."""
    gateways = "NAT gateways: unknown" if total.nat_gateways is None else f"{total.nat_gateways:,} NAT gateways"
    idle = "idle: unknown" if total.idle is None else f"{total.idle:,} idle"
    return f"{gateways}, {idle}"


def _nat_detail(nat: Any, anchor_id: str) -> Section:
    return describe(f"{nat.resource_id}, {nat.billing_period}", nat, anchor_id)
