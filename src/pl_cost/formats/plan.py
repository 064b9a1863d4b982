"""Plans as text: a table for terminals (80 columns at most), Markdown, or JSON."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from pl_cost.formats.common import break_even_text, csv_text, grid, rates_line, shown_totals, wrap
from pl_cost.money import format_money, format_price, format_quantity, plain
from pl_cost.pricing import LineItem
from pl_cost.recommend.results import Decision, Plan, PlanSet

PlanFormat = Literal["table", "json", "csv", "markdown"]
PLAN_FORMATS: tuple[PlanFormat, ...] = ("table", "json", "csv", "markdown")
CSV_HEADERS = (
    "profile", "section", "name", "path", "quantity", "unit", "unit_price", "monthly", "rate", "source", "detail",
)  # fmt: skip
WIDTH = 80


def render_plan(result: Plan | PlanSet, fmt: PlanFormat) -> str:
    """One plan, or several with a summary, in one of PLAN_FORMATS."""
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        plans = [result] if isinstance(result, Plan) else result.plans
        return csv_text(CSV_HEADERS, [row for plan in plans for row in _csv_rows(plan)])
    if isinstance(result, Plan):
        return _plan(result, fmt)
    parts = [_plan(p, fmt) for p in result.plans]
    return "\n".join([*parts, _summary(result, fmt)])


def _csv_rows(plan: Plan) -> list[list[str]]:
    """One plan as CSV rows: its totals, endpoints, decisions and priced line items, exact values."""
    name = plan.profile
    rows = [
        [name, "summary", label, "", "", "", "", plain(value), "", "", ""]
        for label, value in (
            ("baseline", plan.baseline_monthly), ("plan", plan.plan_monthly), ("savings", plan.savings_monthly)
        )
    ]  # fmt: skip
    rows.append([name, "summary", "nat", plan.nat.action, "", "", "", "", "", "", plan.nat.reason])
    rows.append([name, "summary", "endpoint_azs", "", str(plan.endpoint_azs.count), "AZ", "", "", "", "",
                 plan.endpoint_azs.availability])  # fmt: skip
    for e in plan.endpoints:
        rows.append([name, "endpoint", e.service, e.type, "" if e.azs is None else str(e.azs), "AZ", "",
                     plain(e.hours_monthly), "", e.service_name, "; ".join(e.why)])  # fmt: skip
    for d in plan.decisions:
        even = "" if d.break_even_gb is None else plain(d.break_even_gb)
        rows.append([name, "decision", d.service, d.path, plain(d.gb_per_month), "GB", "", "", d.break_even_outcome,
                     even, d.reason])  # fmt: skip
    for i in plan.line_items:
        rows.append([name, "line item", i.name, i.path, plain(i.quantity), i.unit, plain(i.unit_price),
                     plain(i.monthly), i.rate or "", i.source, i.usage_type or ""])  # fmt: skip
    return rows


def _heading(text: str, fmt: PlanFormat, level: int = 3) -> str:
    return f"{'#' * level} {text}" if fmt == "markdown" else text


def _bullets(items: Sequence[str], fmt: PlanFormat) -> list[str]:
    if fmt == "markdown":
        return [f"- {item}" for item in items]
    return [textwrap.fill(item, WIDTH, initial_indent="- ", subsequent_indent="  ") for item in items]


def _line(text: str, fmt: PlanFormat) -> str:
    return text if fmt == "markdown" else "\n".join(wrap(text, "table", WIDTH))


def _lead(fmt: PlanFormat) -> str:
    return "- " if fmt == "markdown" else ""


def _plan(plan: Plan, fmt: PlanFormat) -> str:
    nat = plan.nat
    layout = nat.layout_plan or "none"
    prices = plan.prices
    price_line = "; ".join(rates_line(prices).splitlines())
    parts = [
        _heading(f"pl-cost recommend: {plan.profile}", fmt),
        _line(
            f"{plan.region}, {plan.azs} AZ{'s' if plan.azs != 1 else ''}, NAT {nat.layout_today}, "
            f"{format_quantity(plan.hours_per_month)} h/month. {price_line}",
            fmt,
        ),
        "",
        _lead(fmt)
        + _line(
            f"Today {format_money(plan.baseline_monthly)}/month, plan {format_money(plan.plan_monthly)}/month: "
            f"{_savings(plan.savings_monthly)}.",
            fmt,
        ),
        _lead(fmt) + _line(f"NAT: {nat.action} ({nat.layout_today} -> {layout}). {nat.reason}", fmt),
        _lead(fmt) + _line(_endpoint_azs(plan), fmt),
        "",
        _endpoints(plan, fmt),
        "",
        _decisions(plan, fmt),
        "",
        _heading("Why", fmt, 4) if fmt == "markdown" else "Why:",
        *_bullets([f"{d.service} ({d.path}): {d.reason}" for d in plan.decisions], fmt),
        "",
        _items(plan.line_items, plan.plan_monthly, fmt),
        "",
    ]
    if plan.bundles:
        parts += [_heading("Workload bundles", fmt, 4) if fmt == "markdown" else "Workload bundles:"]
        parts += _bullets(
            [
                f"{b.name}: requires {', '.join(b.required) or 'nothing'}; optional {', '.join(b.optional) or '-'} "
                f"({b.source})"
                for b in plan.bundles
            ],
            fmt,
        )
        parts.append("")
    parts += [_heading("Advice", fmt, 4) if fmt == "markdown" else "Advice:"]
    parts += _bullets([f"{a.check}: {a.text}" for a in plan.advice], fmt)
    parts += ["", _heading("Assumptions", fmt, 4) if fmt == "markdown" else "Assumptions:"]
    parts += _bullets(plan.assumptions, fmt)
    return "\n".join(parts) + "\n"


def _endpoint_azs(plan: Plan) -> str:
    chosen = plan.endpoint_azs
    who = {"default": "every workload AZ", "profile": "set in the profile", "planner": "the planner's choice"}
    features = f" Features: {', '.join(plan.features)}." if plan.features else ""
    return f"Endpoint AZs: {chosen.count} of {chosen.workload_azs} ({who[chosen.chosen_by]}).{features}"


def _savings(value: Decimal) -> str:
    if value > 0:
        return f"saves {format_money(value)}/month"
    if value < 0:
        return f"costs {format_money(-value)}/month more (required endpoints)"
    return "same cost"


def _endpoints(plan: Plan, fmt: PlanFormat) -> str:
    if not plan.endpoints:
        return "No endpoints: nothing pays for one and no workload requires one."
    rows = [
        [
            e.service,
            e.type,
            "-" if e.azs is None else str(e.azs),
            format_money(e.hours_monthly),
            "; ".join(e.why) or "-",
        ]
        for e in plan.endpoints
    ]
    return grid(
        ["Endpoint", "Type", "AZs", "Hours/mo", "Why"],
        rows,
        fmt,
        ("left", "left", "right", "right", "left"),
        (20, 9, None, None, 30),
    )


def _decisions(plan: Plan, fmt: PlanFormat) -> str:
    rows = []
    for d in plan.decisions:
        if d.break_even_outcome == "required":
            even = "required"
        else:
            even = break_even_text(d.break_even_outcome, d.break_even_gb, d.crossings)
        rows.append([d.service, d.path, _volume(d), even, _headroom(d.flips_if, d.headroom_gb)])
    return grid(
        ["Service", "Path", "GB/month", "Endpoints pay", "Flips after"],
        rows,
        fmt,
        ("left", "left", "right", "left", "left"),
        (16, 9, None, 18, 18),
    )


def _volume(d: Decision) -> str:
    """The service's GB, and how much of it reaches its own endpoints when a rule sends bytes elsewhere."""
    if d.gb_on_path == d.gb_per_month:
        return format_quantity(d.gb_per_month)
    return f"{format_quantity(d.gb_per_month)} ({format_quantity(d.gb_on_path)} to its own)"


def _headroom(flips_if: str | None, headroom: Decimal | None) -> str:
    """How far the traffic can move before the choice flips: +475.71 GB (grow) or -20 GB (fall)."""
    if flips_if is None or headroom is None:
        return "-"
    sign = "+" if flips_if.startswith("grows") else "-"
    return f"{sign}{format_quantity(headroom)} GB"


def _items(items: Sequence[LineItem], total: Decimal, fmt: PlanFormat) -> str:
    rows = [
        [i.name, f"{format_quantity(i.quantity)} {i.unit}", format_price(i.unit_price), format_money(i.monthly)]
        for i in items
    ]
    rows += [[label, "", "", format_money(value)] for label, value in shown_totals(items, total)]
    return grid(
        ["Plan line item", "Quantity", "Price", "Monthly"],
        rows,
        fmt,
        ("left", "left", "right", "right"),
        (34, 22, None, None),
    )


def _summary(plans: PlanSet, fmt: PlanFormat) -> str:
    rows = [
        [
            r.profile,
            r.nat_action,
            f"{r.interface_endpoints}+{r.gateway_endpoints}",
            format_money(r.baseline_monthly),
            format_money(r.plan_monthly),
            format_money(r.savings_monthly),
        ]
        for r in plans.summary
    ]
    rows.append(
        ["Total", "", "", format_money(plans.baseline_monthly), format_money(plans.plan_monthly),
         format_money(plans.savings_monthly)]
    )  # fmt: skip
    table = grid(
        ["Profile", "NAT", "Endp. i+g", "Today", "Plan", "Savings"],
        rows,
        fmt,
        ("left", "left", "right", "right", "right", "right"),
        (24, 11, None, None, None, None),
    )
    return "\n".join([_heading("Summary", fmt), table]) + "\n"
