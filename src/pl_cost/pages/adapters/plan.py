"""Pages for `recommend` and `report`: a plan (or several with their summary), its charts, advice and code."""

from __future__ import annotations

from typing import Any

from pl_cost.errors import PlCostError
from pl_cost.formats.common import shown_totals
from pl_cost.pages import charts
from pl_cost.pages.adapters.common import (
    Sources,
    bullet_section,
    line_items_table,
    long_notes,
    prices_facts,
)
from pl_cost.pages.adapters.generic import leftovers, model_table, scalar
from pl_cost.pages.context import Context
from pl_cost.pages.text import format_money, format_quantity, gb, linkify, plural
from pl_cost.pages.view import Cell, Chart, Code, Link, Page, Row, Section, Table, Text
from pl_cost.pricing import LineItem
from pl_cost.recommend.results import Plan

NAT_WORDS = {
    "keep": "keep the NAT gateway",
    "consolidate": "consolidate the NAT gateways",
    "remove": "remove the NAT gateway",
}
CODE = (("terraform", "Terraform", "hcl"), ("cloudformation", "CloudFormation", "yaml"), ("aws-cli", "AWS CLI", "sh"))
USED = {
    "profile",
    "region",
    "azs",
    "hours_per_month",
    "prices",
    "baseline_monthly",
    "plan_monthly",
    "savings_monthly",
    "baseline_fixed_monthly",
    "baseline_usage_monthly",
    "plan_fixed_monthly",
    "plan_usage_monthly",
    "nat",
    "endpoints",
    "decisions",
    "bundles",
    "line_items",
    "baseline_line_items",
    "assumptions",
    "advice",
    "exact",
    "endpoint_azs",
    "features",
}


def savings_text(value: Any) -> str:
    """'saving $90.00 a month', or what the required endpoints cost more."""
    if value > 0:
        return f"saving {format_money(value)} a month"
    if value < 0:
        return f"costing {format_money(abs(value))} a month more (savings {format_money(value)})"
    return "at the same cost"


def _endpoint_words(plan: Plan) -> str:
    interface = [e.service for e in plan.endpoints if e.type == "interface"]
    gateway = [e.service for e in plan.endpoints if e.type == "gateway"]
    parts = []
    if interface:
        parts.append(f"interface endpoints for {', '.join(interface)}")
    if gateway:
        parts.append(f"gateway endpoints for {', '.join(gateway)}")
    return "create " + " and ".join(parts) if parts else "create no endpoint"


def verdict(plan: Plan) -> str:
    """The plan in one sentence: endpoints, the NAT action, and the money."""
    nat = NAT_WORDS.get(plan.nat.action, f"{plan.nat.action} the NAT gateway")
    if plan.nat.action == "consolidate" and plan.nat.layout_plan:
        nat += f" ({plan.nat.layout_today} to {plan.nat.layout_plan})"
    sentence = (
        f"{_endpoint_words(plan)} and {nat}: {format_money(plan.plan_monthly)} a month instead of "
        f"{format_money(plan.baseline_monthly)} today, {savings_text(plan.savings_monthly)}."
    )
    return sentence[:1].upper() + sentence[1:]


def plan_page(result: Plan, context: Context) -> Page:
    """One plan on its own page."""
    return Page(
        title=f"Endpoint plan: {result.profile}",
        question=question(result),
        verdict=(verdict(result),),
        facts=tuple(plan_facts(result)),
        sections=tuple(plan_sections(result, context)),
        schema=f"{result.schema_name} v{result.schema_version}",
        notes=tuple(search_note(result)),
    )


def question(plan: Plan) -> str:
    """What the plan answers, naming the profile."""
    return (
        f"Which VPC endpoints should the VPC in profile {plan.profile} ({plan.region}, {plan.azs} AZs, NAT "
        f"{plan.nat.layout_today}) create, and what happens to its NAT gateway?"
    )


def search_note(plan: Plan) -> list[Text]:
    if plan.exact:
        return []
    return [("The search was too large to prove this plan the cheapest; it is the best found.",)]


def plan_facts(plan: Plan) -> list[tuple[str, Cell]]:
    """Profile, region, AZs, hours, NAT, and the monthly totals, each as the model holds it."""
    nat = plan.nat
    return [
        ("Profile", plan.profile),
        ("Availability Zones", str(plan.azs)),
        ("Hours a month", format_quantity(plan.hours_per_month)),
        ("NAT today", f"{nat.layout_today}, {plural(nat.billed_nat_azs_today, 'billed NAT AZ')}"),
        (
            "NAT in the plan",
            f"{nat.action}: {nat.layout_plan or 'none'}, {plural(nat.billed_nat_azs_plan, 'billed NAT AZ')}",
        ),
        ("Today", f"{format_money(plan.baseline_monthly)}/month"),
        ("With the plan", f"{format_money(plan.plan_monthly)}/month"),
        ("Savings", f"{format_money(plan.savings_monthly)}/month"),
        *_endpoint_azs_facts(plan),
        ("Search", "exact: no cheaper plan exists" if plan.exact else "best found (search too large to prove)"),
        *prices_facts(plan.prices),
    ]


def _endpoint_azs_facts(plan: Plan) -> list[tuple[str, Cell]]:
    """Where the interface endpoints are and what that gives up; the profile's features."""
    facts: list[tuple[str, Cell]] = []
    chosen = getattr(plan, "endpoint_azs", None)
    if chosen is not None:
        facts.append(
            (
                "Interface endpoint AZs",
                f"{chosen.count} of {chosen.workload_azs} (chosen by {chosen.chosen_by}): {chosen.availability}",
            )
        )
    features = getattr(plan, "features", None)
    if features:
        facts.append(("Features", ", ".join(features)))
    return facts


def plan_sections(plan: Plan, context: Context, level_title: str = "") -> list[Section]:
    """Savings, NAT, endpoints, decisions, line items, bundles, advice, assumptions, code, sources."""
    key = context.key
    sources = Sources(key)
    totals = Table(
        caption="Monthly cost, today and with the plan",
        headers=("Monthly cost", "Fixed", "Usage", "Total"),
        rows=(
            Row(
                (
                    "Today",
                    format_money(plan.baseline_fixed_monthly),
                    format_money(plan.baseline_usage_monthly),
                    format_money(plan.baseline_monthly),
                )
            ),
            Row(
                (
                    "With the plan",
                    format_money(plan.plan_fixed_monthly),
                    format_money(plan.plan_usage_monthly),
                    format_money(plan.plan_monthly),
                )
            ),
            Row(("Savings", "", "", format_money(plan.savings_monthly)), total=True),
        ),
        numeric=frozenset({1, 2, 3}),
    )
    sections = [
        Section(title="Savings", anchor=f"{key}-savings", tables=(totals,), charts=tuple(_waterfall(plan, key))),
        _nat_section(plan, key),
        _endpoints_section(plan, key),
        _decisions_section(plan, key),
        Section(
            title="Line items with the plan",
            anchor=f"{key}-plan-items",
            tables=(
                line_items_table(
                    "With the plan: line items",
                    plan.line_items,
                    shown_totals(plan.line_items, plan.plan_monthly),
                    sources,
                ),
            ),
            bullets=tuple(long_notes(plan.line_items)),
        ),
        Section(
            title="Line items today",
            anchor=f"{key}-today-items",
            tables=(
                line_items_table(
                    "Today: line items",
                    plan.baseline_line_items,
                    shown_totals(plan.baseline_line_items, plan.baseline_monthly),
                    sources,
                ),
            ),
            bullets=tuple(long_notes(plan.baseline_line_items)),
        ),
    ]
    if plan.bundles:
        sections.append(_bundles_section(plan, key))
    sections += [
        Section(
            title="Advice: check before you apply the plan",
            anchor=f"{key}-advice",
            bullets=tuple(
                (f"{a.check}: ", *linkify(a.text), " (", Link("source", a.source), ")")
                if "://" in a.source
                else (f"{a.check}: ", *linkify(a.text), f" ({a.source})")
                for a in plan.advice
            ),
        ),
        bullet_section("Assumptions", f"{key}-assumptions", plan.assumptions),
    ]
    if context.code:
        sections.append(_code_section(plan, key))
    sections.append(sources.section())
    sections += leftovers(plan, USED, key)
    return sections


def _nat_section(plan: Plan, key: str) -> Section:
    nat = plan.nat
    options = model_table(
        "The cheapest plan found for each NAT action",
        nat.options,
        [("NAT action", lambda o: o.action), ("Plan, monthly", lambda o: format_money(o.plan_monthly))],
        known={"action", "plan_monthly"},
        numeric={1},
    )
    return Section(
        title="NAT gateway",
        anchor=f"{key}-nat",
        paragraphs=(linkify(f"{nat.action}: {nat.reason}"),),
        facts=(
            ("Layout today", nat.layout_today),
            ("Layout with the plan", nat.layout_plan or "none"),
            ("Billed NAT AZs today", str(nat.billed_nat_azs_today)),
            ("Billed NAT AZs with the plan", str(nat.billed_nat_azs_plan)),
        ),
        tables=(options,),
    )


def _endpoints_section(plan: Plan, key: str) -> Section:
    if not plan.endpoints:
        return Section(
            title="Endpoints to create",
            anchor=f"{key}-endpoints",
            paragraphs=(("No endpoints: nothing pays for one and no workload requires one.",),),
        )
    table = model_table(
        "Endpoints to create",
        plan.endpoints,
        [
            ("Endpoint", lambda e: e.service),
            ("Type", lambda e: e.type),
            ("Service name", lambda e: e.service_name),
            ("AZs", lambda e: "-" if e.azs is None else str(e.azs)),
            ("Hours, monthly", lambda e: format_money(e.hours_monthly)),
            ("Why", lambda e: "; ".join(e.why) or "-"),
        ],
        known={"service", "type", "service_name", "azs", "hours_monthly", "why", "note"},
        numeric={3, 4},
    )
    notes = [linkify(f"{e.service}: {e.note}") for e in plan.endpoints if e.note]
    return Section(title="Endpoints to create", anchor=f"{key}-endpoints", tables=(table,), bullets=tuple(notes))


def _even_text(d: Any) -> str:
    point = getattr(d, "break_even_gb", None)
    outcome = str(getattr(d, "break_even_outcome", "-"))
    words = {"always": "any volume", "never": "never", "required": "required by a workload"}
    crossings = list(getattr(d, "crossings", []) or [])
    if outcome == "between" and len(crossings) > 1:
        return f"between {format_quantity(crossings[0])} and {gb(crossings[-1])}"
    if point is not None:
        return f"{outcome} {gb(point)}"
    return words.get(outcome, outcome)


def _flips_text(d: Any) -> str:
    if d.flips_if is None:
        return "-"
    return str(d.flips_if) + (f" ({gb(d.headroom_gb)})" if d.headroom_gb is not None else "")


def _decisions_section(plan: Plan, key: str) -> Section:
    table = model_table(
        "Each service's path and why",
        plan.decisions,
        [
            ("Service", lambda d: d.service),
            ("Path", lambda d: d.path),
            ("Endpoints", lambda d: ", ".join(d.endpoints) or "-"),
            ("GB/month", lambda d: format_quantity(d.gb_per_month)),
            ("GB on its endpoints", lambda d: format_quantity(d.gb_on_path)),
            ("Endpoints pay", _even_text),
            ("Flips if", _flips_text),
            ("Other path costs more by", lambda d: scalar("other_choice_monthly", d.other_choice_monthly)),
        ],
        known={
            "service",
            "path",
            "endpoints",
            "gb_per_month",
            "gb_on_path",
            "break_even_gb",
            "break_even_outcome",
            "flips_if",
            "headroom_gb",
            "other_choice_monthly",
            "reason",
        },
        numeric={3, 4, 7},
    )
    rows = [(d.service, d.path, d.gb_per_month, d.break_even_gb) for d in plan.decisions]
    described = "; ".join(
        f"{d.service}: {d.path} path, {gb(d.gb_per_month)}/month, endpoints pay {_even_text(d)}" for d in plan.decisions
    )
    alt = f"GB per month of each service, coloured by the path the plan gives it. {described}."
    chart_list = []
    if rows:
        chart_list.append(
            Chart(
                svg=charts.decisions(rows, f"{key}-decisions", alt),
                caption="Per-service decisions: GB/month by path; a black tick marks the break-even.",
                alt=alt,
            )
        )
    reasons = tuple((f"{d.service} ({d.path}): ", *linkify(d.reason)) for d in plan.decisions)
    return Section(
        title="Per-service decisions",
        anchor=f"{key}-decisions",
        tables=(table,),
        charts=tuple(chart_list),
        bullets=reasons,
    )


def waterfall_steps(plan: Plan) -> list[tuple[str, Any, bool]]:
    """Charges that go (today's line items the plan lacks) and that come (the plan's new ones), as the model has
    them; a line item the same in both, or free, moves nothing and is left out."""
    remaining: list[LineItem] = list(plan.line_items)
    gone: list[LineItem] = []
    for item in plan.baseline_line_items:
        if item in remaining:
            remaining.remove(item)
        else:
            gone.append(item)
    steps = [(f"- {i.name}", i.monthly, False) for i in gone if i.monthly]
    steps += [(f"+ {i.name}", i.monthly, True) for i in remaining if i.monthly]
    return steps


def _waterfall(plan: Plan, key: str) -> list[Chart]:
    steps = waterfall_steps(plan)
    moves = "; ".join(
        f"{'adds' if added else 'removes'} {label[2:]} {format_money(amount)}" for label, amount, added in steps
    )
    alt = (
        f"Savings waterfall: today {format_money(plan.baseline_monthly)} a month; "
        + (moves + "; " if moves else "")
        + f"with the plan {format_money(plan.plan_monthly)} a month (savings {format_money(plan.savings_monthly)})."
    )
    svg = charts.waterfall(
        ("Today", plan.baseline_monthly), steps, ("With the plan", plan.plan_monthly), f"{key}-waterfall", alt
    )
    caption = (
        "Savings waterfall: today's charges the plan removes (green), the plan's new charges (red); a charge that "
        "is the same in both is left out. Each bar is a line item listed below."
    )
    return [Chart(svg=svg, caption=caption, alt=alt)]


def _bundles_section(plan: Plan, key: str) -> Section:
    table = model_table(
        "Workload bundles the profile requires",
        plan.bundles,
        [
            ("Bundle", lambda b: b.name),
            ("What it is", lambda b: b.description),
            ("Required endpoints", lambda b: ", ".join(b.required) or "none"),
            ("Optional endpoints", lambda b: ", ".join(b.optional) or "none"),
            ("Source", lambda b: linkify(b.source)),
        ],
        known={"name", "description", "required", "optional", "source"},
    )
    return Section(title="Workload bundles", anchor=f"{key}-bundles", tables=(table,))


def _code_section(plan: Plan, key: str) -> Section:
    from pl_cost.iac import emit

    blocks = []
    notes: list[Text] = []
    for kind, title, language in CODE:
        try:
            blocks.append(Code(title=f"{title} ({kind})", language=language, text=emit(plan, kind)))
        except PlCostError as exc:
            notes.append((f"{title}: not generated: {exc}",))
    return Section(
        title="Code to deploy",
        anchor=f"{key}-code",
        paragraphs=(
            (
                "The same code as 'pl-cost recommend PROFILE --emit KIND'. The VPC, its subnets, route tables and the "
                "workloads' security groups are inputs; review it before you apply it.",
            ),
            *notes,
        ),
        code=tuple(blocks),
    )
