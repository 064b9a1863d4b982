"""Pages for `compare` (both paths, both situations, the cost curve) and `breakeven` (per AZ count)."""

from __future__ import annotations

from typing import Any

from pl_cost.api import BreakEvenReport, Comparison, CostCurves
from pl_cost.errors import PlCostError
from pl_cost.formats.common import shown_totals
from pl_cost.formats.compare import gateway_alone_line
from pl_cost.pages import charts
from pl_cost.pages.adapters.common import Sources, bullet_section, line_items_table, long_notes, prices_facts
from pl_cost.pages.adapters.generic import leftovers
from pl_cost.pages.context import Context
from pl_cost.pages.text import format_money, format_quantity, gb, plural
from pl_cost.pages.view import Cell, Page, Row, Section, Table, Text

SHORT = {"nat_stays": "NAT stays", "nat_goes": "NAT goes"}
COLORS = {"nat_stays": charts.STAYS_COLOR, "nat_goes": charts.GOES_COLOR}
USED = {"inputs", "prices", "assumptions", "nat_path", "endpoint_path", "situations", "gateway_alone"}
PATH_TITLES = {"nat": "NAT path", "endpoint": "Endpoint path"}


def endpoints_text(inputs: Any) -> str:
    """Which interface endpoints the question prices."""
    names = ", ".join(inputs.interface_endpoints or []) or plural(inputs.interface_endpoint_count, "interface endpoint")
    gateways = ", ".join(inputs.gateway_endpoints or [])
    text = names + (f" (service {inputs.service})" if inputs.service else "")
    return text + (f"; gateway: {gateways}" if gateways else "")


def scenario_facts(inputs: Any) -> list[tuple[str, Cell]]:
    """What was asked: AZs, NAT layout, endpoints, hours a month, other endpoint traffic for the tiers."""
    facts: list[tuple[str, Cell]] = []
    if getattr(inputs, "gb_per_month", None) is not None:
        facts.append(("Traffic to AWS services", f"{gb(inputs.gb_per_month)}/month"))
    facts += [
        ("Availability Zones", str(inputs.azs)),
        ("NAT layout today", inputs.nat_layout),
        ("Endpoints", endpoints_text(inputs)),
        ("Hours a month", format_quantity(inputs.hours_per_month)),
        ("Other interface-endpoint traffic in the region", f"{gb(inputs.region_endpoint_gb_per_month)}/month"),
    ]
    return facts


def _clause(s: Any) -> str:
    if s.cheaper == "endpoints":
        head = f"endpoints save {format_money(s.savings_monthly)}/month"
    elif s.cheaper == "nat":
        head = f"the NAT path is cheaper by {format_money(abs(s.savings_monthly))}/month"
    else:
        head = "both paths cost the same"
    return f"{head} ({s.summary})"


def comparison(result: Comparison, context: Context) -> Page:
    """Both paths' line items, both situations, and cost against GB with the break-evens marked."""
    inputs, prefix = result.inputs, context.key
    sources = Sources(prefix)
    stays, goes = result.situations.get("nat_stays"), result.situations.get("nat_goes")
    verdict_parts = []
    if stays is not None:
        verdict_parts.append(f"if the NAT stays for other traffic, {_clause(stays)}")
    if goes is not None:
        verdict_parts.append(f"if the endpoints let the NAT go, {_clause(goes)}")
    verdict = "; ".join(verdict_parts)
    situations = Table(
        caption="Monthly cost in each situation",
        headers=("Situation", "NAT path", "With endpoints", "Savings", "Where endpoints pay"),
        rows=tuple(
            Row(
                (
                    s.label,
                    format_money(s.nat_path_monthly),
                    format_money(s.endpoint_path_monthly),
                    format_money(s.savings_monthly),
                    s.summary,
                )
            )
            for s in result.situations.values()
        ),
        numeric=frozenset({1, 2, 3}),
    )
    situation_section = Section(
        title="Both situations",
        anchor=f"{prefix}-situations",
        paragraphs=(
            (
                "NAT stays: the VPC keeps its NAT gateway for internet traffic, so moving these GB to endpoints "
                "saves only the per-GB difference and adds the endpoints' hours.",
            ),
            ("NAT goes: nothing else needs the NAT, so its hours and public IPv4 addresses go too.",),
            *(((gateway_alone_line(result),),) if result.gateway_alone is not None else ()),
        ),
        tables=(situations, *_gateway_alone_table(result)),
        charts=tuple(_curve_chart(result, context)),
    )
    path_sections = []
    for path in (result.nat_path, result.endpoint_path):
        title = PATH_TITLES.get(path.path, path.path)
        table = line_items_table(
            f"{title}: line items",
            path.line_items,
            shown_totals(path.line_items, path.total_monthly),
            sources,
        )
        notes = long_notes(path.line_items)
        path_sections.append(
            Section(title=title, anchor=f"{prefix}-{path.path}-path", tables=(table,), bullets=tuple(notes))
        )
    volume = gb(inputs.gb_per_month)
    return Page(
        title=f"NAT gateway or VPC endpoints: {volume}/month in {inputs.region}",
        question=(
            f"Should {volume}/month of traffic to AWS services in {inputs.region} ({plural(inputs.azs, 'AZ')}, "
            f"NAT {inputs.nat_layout}) go through the NAT gateway or through VPC endpoints ({endpoints_text(inputs)})?"
        ),
        verdict=(verdict[:1].upper() + verdict[1:] + ".",),
        facts=(*scenario_facts(inputs), *prices_facts(result.prices)),
        sections=(
            situation_section,
            *path_sections,
            bullet_section("Assumptions", f"{prefix}-assumptions", result.assumptions),
            sources.section(),
            *leftovers(result, USED, prefix),
        ),
        schema=f"{result.schema_name} v{result.schema_version}",
    )


def _gateway_alone_table(result: Comparison) -> list[Table]:
    """What the free gateway saves alone, and what the interface endpoints add to it (negative: they cost)."""
    alone = result.gateway_alone
    if alone is None:
        return []
    rows = (
        Row(
            ("Free gateway endpoints alone, the NAT kept", gb(alone.gb_per_month), format_money(alone.savings_monthly))
        ),
        Row(("Interface endpoints on top of them", "-", format_money(alone.interface_endpoints_savings_monthly))),
    )
    return [
        Table(
            caption="The gateway alone against the whole endpoint set (NAT stays)",
            headers=("Choice", "GB/month off the NAT", "Saves a month"),
            rows=rows,
            numeric=frozenset({1, 2}),
        )
    ]


def _curve_chart(result: Comparison, context: Context) -> list[Any]:
    """The cost curve, from the library's own cost_curves for the same question; none if it disagrees."""
    from pl_cost.pages.view import Chart

    curves = context.curves if isinstance(context.curves, CostCurves) else _curves(result, context)
    if curves is None or not _agrees(curves, result):
        return []
    marks = []
    for name, s in result.situations.items():
        for point in s.crossings:
            marks.append((SHORT.get(name, name), point, COLORS.get(name, charts.GREY)))
    described = "; ".join(f"{SHORT.get(n, n)}: {s.summary}" for n, s in result.situations.items())
    alt = (
        "Monthly cost against GB per month of the NAT path and of the endpoint path with the NAT kept and with it "
        f"gone. {described}. Your volume, {gb(result.inputs.gb_per_month)}, is marked."
    )
    points = [
        (p.gb, p.nat_path_monthly, p.endpoints_nat_stays_monthly, p.endpoints_nat_goes_monthly) for p in curves.points
    ]
    svg = charts.cost_curves(points, marks, result.inputs.gb_per_month, f"{context.key}-curve", alt)
    caption = "Cost against volume; vertical lines mark the break-evens. " + described + "."
    return [Chart(svg=svg, caption=caption, alt=alt)]


def _curves(result: Comparison, context: Context) -> CostCurves | None:
    """Ask the library for the curve of the same question, with the catalog that priced it."""
    from pl_cost.api import cost_curves
    from pl_cost.pages.context import catalog_for

    inputs = result.inputs
    try:
        catalog = context.catalog if context.catalog is not None else catalog_for(result.prices)
        if catalog is None:
            return None
        endpoints = None if inputs.service else (inputs.interface_endpoints or inputs.interface_endpoint_count)
        return cost_curves(
            None,
            inputs.azs,
            inputs.region,
            endpoints=endpoints,
            service=inputs.service,
            nat=inputs.nat_layout,
            hours=inputs.hours_per_month,
            region_endpoint_gb=inputs.region_endpoint_gb_per_month,
            catalog=catalog,
            around_gb=inputs.gb_per_month,
        )
    except PlCostError:
        return None


def _agrees(curves: CostCurves, result: Comparison) -> bool:
    """Only a curve whose break-evens are the result's own is drawn beside it."""
    for name, s in result.situations.items():
        even = curves.break_evens.get(name)
        if even is None or even.crossings != s.crossings or even.outcome != s.break_even_outcome:
            return False
    return True


def break_even_report(result: BreakEvenReport, context: Context) -> Page:
    """Break-even GB/month per AZ count in both situations, as a table and a chart."""
    first, prefix = result.inputs[0], context.key
    rows = [
        Row(
            (
                plural(r.azs, "AZ"),
                r.nat_stays.summary,
                gb(r.nat_stays.break_even_gb),
                r.nat_goes.summary,
                gb(r.nat_goes.break_even_gb),
            )
        )
        for r in result.rows
    ]
    table = Table(
        caption="Where endpoints pay, per AZ count",
        headers=("AZs", "NAT stays", "Break-even", "NAT goes", "Break-even"),
        rows=tuple(rows),
        numeric=frozenset({2, 4}),
    )
    chart_rows = [
        (
            plural(r.azs, "AZ"),
            r.nat_stays.break_even_gb,
            _bar_text(r.nat_stays),
            r.nat_goes.break_even_gb,
            _bar_text(r.nat_goes),
        )
        for r in result.rows
    ]
    described = "; ".join(
        f"{plural(r.azs, 'AZ')}: NAT stays, {r.nat_stays.summary}; NAT goes, {r.nat_goes.summary}" for r in result.rows
    )
    alt = f"Break-even GB per month for each AZ count, with the NAT kept and with it gone. {described}."
    from pl_cost.pages.view import Chart

    chart = Chart(
        svg=charts.break_evens(chart_rows, f"{prefix}-breakeven", alt),
        caption="Break-even per AZ count: bars show GB/month; 'any volume' and 'never' are written out.",
        alt=alt,
    )
    verdict: Text = (described + ".",)
    facts = [fact for fact in scenario_facts(first) if fact[0] != "Availability Zones"]
    facts.insert(0, ("Availability Zones", ", ".join(str(r.azs) for r in result.rows)))
    return Page(
        title=f"Break-even volumes: NAT gateway or VPC endpoints in {first.region}",
        question=(
            f"Above what monthly volume do VPC endpoints ({endpoints_text(first)}) cost less than the NAT gateway "
            f"(NAT {first.nat_layout}) in {first.region}?"
        ),
        verdict=verdict,
        facts=(*facts, *prices_facts(result.prices)),
        sections=(
            Section(
                title="Break-even per AZ count",
                anchor=f"{prefix}-rows",
                paragraphs=(
                    ("NAT stays: the NAT is kept for other traffic, so endpoints save only the per-GB difference.",),
                    ("NAT goes: the endpoints replace the NAT, so its hours and addresses go too.",),
                ),
                tables=(table,),
                charts=(chart,),
            ),
            bullet_section("Assumptions", f"{prefix}-assumptions", result.assumptions),
            *leftovers(result, {"inputs", "prices", "assumptions", "rows"}, prefix),
        ),
        schema=f"{result.schema_name} v{result.schema_version}",
    )


def _bar_text(even: Any) -> str:
    if even.break_even_gb is not None:
        return format_quantity(even.break_even_gb)
    return {"always": "any volume", "never": "never"}.get(even.outcome, str(even.outcome))
