"""Comparison and break-even reports as table, CSV or Markdown."""

from __future__ import annotations

from decimal import Decimal

from pl_cost.api import BreakEvenReport, Comparison, Inputs, PricesUsed
from pl_cost.engine import BreakEven, PathCost, SituationResult, at_crossing
from pl_cost.formats.common import (
    Format,
    break_even_text,
    csv_text,
    gb_text,
    grid,
    rates_line,
    shown_totals,
    verdict_tail,
    wrap,
)
from pl_cost.money import format_money, format_price, format_quantity, plain

PATH_TITLES = {"nat": "NAT path", "endpoint": "Endpoint path"}
SHORT_SITUATION = {"nat_stays": "NAT stays", "nat_goes": "NAT goes"}


# -- compare -------------------------------------------------------------------------------------

ITEM_HEADERS = (
    "section",
    "item",
    "kind",
    "quantity",
    "unit",
    "unit_price",
    "monthly",
    "rate",
    "tier",
    "usage_type",
    "source",
    "source_date",
    "nat_path_monthly",
    "endpoint_path_monthly",
    "savings_monthly",
    "break_even_gb",
    "break_even_outcome",
)


def comparison(result: Comparison, fmt: Format) -> str:
    if fmt == "csv":
        return _comparison_csv(result)
    inputs = result.inputs
    heading = (
        f"pl-cost compare: {inputs.region}, {inputs.azs} AZ{'s' if inputs.azs > 1 else ''}, "
        f"{gb_text(inputs.gb_per_month)}/month, NAT {inputs.nat_layout}, "
        f"{format_quantity(inputs.hours_per_month)} h/month"
    )
    about = [_endpoints_line(inputs), *_prices_line(result.prices).splitlines()]
    bullet = "- " if fmt == "markdown" else ""
    about = [wrapped for line in about for wrapped in wrap(line, fmt)]
    parts = [("### " if bullet else "") + heading, *(bullet + line for line in about), ""]
    for path in (result.nat_path, result.endpoint_path):
        parts += [_path_table(path, fmt), ""]
    parts += [_situations_table(result, fmt), ""]
    gb = inputs.gb_per_month
    parts += [line for s in ("nat_stays", "nat_goes") for line in wrap(_verdict(result.situations[s], gb), fmt)]
    if result.gateway_alone is not None:
        parts += wrap(gateway_alone_line(result), fmt)
    notes = [item.note for item in result.endpoint_path.line_items if item.rate is None and item.note]
    parts += [line for n in notes for line in wrap(f"Note: {n}", fmt)]
    return "\n".join(parts) + "\n"


def _endpoints_line(inputs: Inputs) -> str:
    """Which endpoints the endpoint path buys, in how many AZs, and for which service and kind of traffic."""
    names = [*(inputs.interface_endpoints or []), *(f"{g} (gateway)" for g in inputs.gateway_endpoints)]
    text = "Endpoints: " + (", ".join(names) or f"{inputs.interface_endpoint_count} interface")
    if inputs.service:
        text += f" (service {inputs.service}" + (f", {inputs.traffic_kind}" if inputs.traffic_kind else "") + ")"
    if inputs.endpoint_azs != inputs.azs:
        text += f"; interface endpoints in {inputs.endpoint_azs} of {inputs.azs} AZs"
    return text


def gateway_alone_line(result: Comparison) -> str:
    """What the free gateway endpoints save alone, and whether the interface endpoints add to it."""
    alone = result.gateway_alone
    assert alone is not None
    what = result.inputs.service or "the"
    kind = f" {result.inputs.traffic_kind}" if result.inputs.traffic_kind else ""
    return (
        f"Gateway alone: the free {' and '.join(alone.endpoints)} gateway endpoint"
        f"{'s' if len(alone.endpoints) > 1 else ''} with the NAT kept and no interface endpoint takes "
        f"{gb_text(alone.gb_per_month)} of {what}{kind} traffic off the NAT and saves "
        f"{format_money(alone.savings_monthly)}/month. {_interface_verdict(alone.interface_endpoints_savings_monthly)}"
    )


def _interface_verdict(extra: Decimal) -> str:
    """Whether the interface endpoints earn their hours once the free gateway has taken its share."""
    if extra > 0:
        return f"The interface endpoints on top save {format_money(extra)}/month more."
    if extra < 0:
        return f"The interface endpoints on top cost {format_money(-extra)}/month more: the gateway alone is cheaper."
    return "The interface endpoints on top neither save nor cost anything."


def subtotal_rows(path: PathCost) -> list[tuple[str, Decimal]]:
    """The subtotal rows every format shows under a path's line items."""
    return [
        ("Subtotal, fixed", path.fixed_monthly),
        ("Subtotal, usage", path.usage_monthly),
        ("Total", path.total_monthly),
    ]


def _path_table(path: PathCost, fmt: Format) -> str:
    rows = [
        [i.name, f"{format_quantity(i.quantity)} {i.unit}", format_price(i.unit_price), format_money(i.monthly)]
        for i in path.line_items
    ]
    for label, value in shown_totals(path.line_items, path.total_monthly):
        rows.append([label, "", "", format_money(value)])
    return grid(
        [PATH_TITLES[path.path], "Quantity", "Price", "Monthly"], rows, fmt, ("left", "left", "right", "right"), 31
    )


def _situations_table(result: Comparison, fmt: Format) -> str:
    rows = []
    for name, s in result.situations.items():
        rows.append(
            [
                SHORT_SITUATION[name],
                format_money(s.nat_path_monthly),
                format_money(s.endpoint_path_monthly),
                format_money(s.savings_monthly),
                break_even_text(s.break_even_outcome, s.break_even_gb, s.crossings),
            ]
        )
    return grid(
        ["Situation", "NAT path", "With endpoints", "Savings", "Endpoints pay"],
        rows,
        fmt,
        ("left", "right", "right", "right", "left"),
    )


def _verdict(s: SituationResult, gb: Decimal | None = None) -> str:
    """One line naming the situation it answers: who is cheaper, by how much, and the break-even."""
    if s.cheaper == "endpoints":
        head = f"endpoints save {format_money(s.savings_monthly)}/month"
    elif s.cheaper == "nat":
        head = f"NAT cheaper by {format_money(-s.savings_monthly)}/month"
    elif gb is not None and at_crossing(gb, s.crossings):
        # Equal totals where the costs cross: this volume is the break-even itself.
        return f"Verdict, {SHORT_SITUATION[s.situation]}: both cost the same at {gb_text(gb)}/month, the break-even."
    else:
        head = "both cost the same"
    tail = verdict_tail(s.break_even_outcome, s.break_even_gb, s.crossings)
    return f"Verdict, {SHORT_SITUATION[s.situation]}: {head} {tail}."


def _comparison_csv(result: Comparison) -> str:
    rows: list[list[str]] = []
    for path in (result.nat_path, result.endpoint_path):
        section = PATH_TITLES[path.path]
        for i in path.line_items:
            rows.append(
                [
                    section,
                    i.name,
                    i.kind,
                    plain(i.quantity),
                    i.unit,
                    plain(i.unit_price),
                    plain(i.monthly),
                    i.rate or "",
                    str(i.tier or ""),
                    i.usage_type or "",
                    i.source,
                    str(i.source_date or ""),
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
        for label, value in subtotal_rows(path):
            rows.append([section, label, "subtotal", "", "", "", plain(value)] + [""] * 10)
    for name, s in result.situations.items():
        rows.append(
            [
                "situation",
                SHORT_SITUATION[name],
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                plain(s.nat_path_monthly),
                plain(s.endpoint_path_monthly),
                plain(s.savings_monthly),
                "" if s.break_even_gb is None else plain(s.break_even_gb),
                s.break_even_outcome,
            ]
        )
    return csv_text(ITEM_HEADERS, rows)


# -- break-even ----------------------------------------------------------------------------------


def break_even_report(report: BreakEvenReport, fmt: Format) -> str:
    first = report.inputs[0]
    if fmt == "csv":
        rows = [
            [
                str(r.azs),
                s.situation,
                s.outcome,
                "" if s.break_even_gb is None else plain(s.break_even_gb),
                ";".join(plain(c) for c in s.crossings),
            ]
            for r in report.rows
            for s in (r.nat_stays, r.nat_goes)
        ]
        return csv_text(["azs", "situation", "outcome", "break_even_gb", "crossings"], rows)
    endpoints = ", ".join(first.interface_endpoints or []) or f"{first.interface_endpoint_count} interface"
    heading = (
        f"pl-cost breakeven: {first.region}, NAT {first.nat_layout}, endpoints: {endpoints}, "
        f"{format_quantity(first.hours_per_month)} h/month"
    )
    rows = [[str(r.azs), _be(r.nat_stays), _be(r.nat_goes)] for r in report.rows]
    table = grid(["AZs", "NAT stays: endpoints pay", "NAT goes: endpoints pay"], rows, fmt, ("right", "left", "left"))
    lines = [*wrap(("### " if fmt == "markdown" else "") + heading, fmt), *_prices_line(report.prices).splitlines()]
    lines += ["", table, ""]
    lines += wrap("NAT stays: the NAT is kept for other traffic, so endpoints save only the per-GB difference.", fmt)
    lines += wrap("NAT goes: the endpoints replace the NAT, so its hours and addresses go too.", fmt)
    return "\n".join(lines) + "\n"


def _be(b: BreakEven) -> str:
    return break_even_text(b.outcome, b.break_even_gb, b.crossings) + ("/month" if b.break_even_gb is not None else "")


def _prices_line(prices: PricesUsed) -> str:
    return rates_line(prices)
