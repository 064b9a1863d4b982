"""The page for `bill`: what the bill's NAT gateways cost, the savings ranked, and every figure behind them."""

from __future__ import annotations

from typing import Any

from pl_cost.pages import charts
from pl_cost.pages.adapters.common import anchor, bullet_section
from pl_cost.pages.adapters.generic import describe, fields_of, leftovers, model_table, scalar, title_of
from pl_cost.pages.context import Context
from pl_cost.pages.text import format_money, linkify
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
    total, savings = result.total, result.savings
    period = savings.billing_period or "the bill's periods"
    verdict = (
        f"The bill's NAT gateways cost {_money(total.nat_cost)} ({total.nat_gateways} NAT gateways, "
        f"{total.idle} idle); in {period}, idle NAT gateways cost {_money(savings.idle_monthly)} a month and at most "
        f"{_money(savings.upper_bound_monthly)} a month could move to endpoints"
        + (f"; the plans save {_money(savings.plan_monthly)} a month." if savings.plan_monthly is not None else ".")
    )
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


def _nat_detail(nat: Any, anchor_id: str) -> Section:
    return describe(f"{nat.resource_id}, {nat.billing_period}", nat, anchor_id)
