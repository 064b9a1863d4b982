"""The page for several plans (`report PROFILE...`): every VPC's savings, then each plan."""

from __future__ import annotations

from pl_cost.pages import charts
from pl_cost.pages.adapters.common import anchor
from pl_cost.pages.adapters.generic import leftovers
from pl_cost.pages.adapters.plan import plan_facts, plan_sections, savings_text, search_note, verdict
from pl_cost.pages.context import Context
from pl_cost.pages.text import format_money
from pl_cost.pages.view import Chart, Page, Row, Section, Table
from pl_cost.recommend.results import Plan, PlanSet


def plan_set_page(result: PlanSet, context: Context) -> Page:
    """Several profiles: a summary of every VPC's savings, then each plan."""
    key = context.key
    rows = [
        Row(
            (
                r.profile,
                r.region,
                r.nat_action,
                str(r.interface_endpoints),
                str(r.gateway_endpoints),
                format_money(r.baseline_monthly),
                format_money(r.plan_monthly),
                format_money(r.savings_monthly),
            )
        )
        for r in result.summary
    ]
    rows.append(
        Row(
            (
                "All profiles",
                "",
                "",
                "",
                "",
                format_money(result.baseline_monthly),
                format_money(result.plan_monthly),
                format_money(result.savings_monthly),
            ),
            total=True,
        )
    )
    summary = Table(
        caption="Every VPC's savings",
        headers=(
            "Profile",
            "Region",
            "NAT",
            "Interface endpoints",
            "Gateway endpoints",
            "Today",
            "With the plan",
            "Savings",
        ),
        rows=tuple(rows),
        numeric=frozenset({3, 4, 5, 6, 7}),
    )
    bars = [(r.profile, r.baseline_monthly, r.plan_monthly) for r in result.summary]
    described = "; ".join(
        f"{r.profile}: {format_money(r.baseline_monthly)} today, {format_money(r.plan_monthly)} with the plan"
        for r in result.summary
    )
    alt = f"Monthly cost per profile, today and with its plan. {described}."
    chart = Chart(
        svg=charts.paired_bars(bars, ("Today", "With the plan"), f"{key}-summary", alt),
        caption="Monthly cost per profile: today (grey) and with the plan (blue).",
        alt=alt,
    )
    plans = [_plan_part(plan, index, context) for index, plan in enumerate(result.plans, start=1)]
    return Page(
        title="Endpoint plans and their savings",
        question="Which VPC endpoints should each of these VPCs create, what happens to their NAT gateways, and what "
        "does the whole set save?",
        verdict=(
            f"Together the VPCs cost {format_money(result.baseline_monthly)} a month today and "
            f"{format_money(result.plan_monthly)} with the plans, {savings_text(result.savings_monthly)}.",
        ),
        facts=(
            ("Profiles", ", ".join(r.profile for r in result.summary)),
            ("Today", f"{format_money(result.baseline_monthly)}/month"),
            ("With the plans", f"{format_money(result.plan_monthly)}/month"),
            ("Savings", f"{format_money(result.savings_monthly)}/month"),
        ),
        sections=(
            Section(title="Summary", anchor=f"{key}-summary", tables=(summary,), charts=(chart,)),
            *plans,
            *leftovers(result, {"plans", "summary", "baseline_monthly", "plan_monthly", "savings_monthly"}, key),
        ),
        schema=f"{result.schema_name} v{result.schema_version}",
    )


def _plan_part(plan: Plan, index: int, context: Context) -> Section:
    key = anchor(context.key, f"plan{index}")
    part = Context(curves=None, catalog=context.catalog, key=key, code=context.code)
    facts = plan_facts(plan)
    return Section(
        title=f"Plan {index}: {plan.profile}",
        anchor=key,
        paragraphs=((verdict(plan),), *search_note(plan)),
        facts=tuple(facts),
        subsections=tuple(plan_sections(plan, part)),
    )
