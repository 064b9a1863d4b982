"""The many-VPC answers as table, Markdown, CSV, JSON or HTML (for Jupyter), and as plain records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from pl_cost.errors import UsageError
from pl_cost.formats.common import FORMATS, Format, csv_text, grid, rates_line, shown_totals, wrap
from pl_cost.money import format_money, format_price, plain
from pl_cost.multivpc.charges import BreakEvenAnswer, Charge, Costed, where_text
from pl_cost.multivpc.components import quantity_text
from pl_cost.multivpc.connect import ConnectReport
from pl_cost.multivpc.hub import HubReport
from pl_cost.multivpc.hub_cost import DNS_LABELS, SHORT_SITUATION
from pl_cost.multivpc.organisation import OrganisationPlan

ITEM_HEADERS = ["Quantity", "Price", "Monthly"]
CSV_HEADERS = [
    "section",
    "option",
    "payer",
    "item",
    "kind",
    "quantity",
    "unit",
    "unit_price",
    "monthly",
    "rate",
    "tier",
    "usage_type",
    "region",
    "source",
    "source_date",
    "outcome",
    "break_even",
    "crossings",
    "note",
]
PAYER_WORDS = {"provider": "provider", "consumers": "consumers", "hub": "hub", "spokes": "spokes", "shared": "both"}


def blocks(result: BaseModel, fmt: str) -> str:
    """A ConnectReport, HubReport or OrganisationPlan as text; for html the tables only are HTML (the contract of
    `pl_cost.formats.RENDERERS`, whose `render` wraps the rest)."""
    if fmt not in (*FORMATS, "html"):
        raise UsageError(f"--format: unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    text_fmt: Format = fmt
    if isinstance(result, ConnectReport):
        return _connect_csv(result) if fmt == "csv" else _connect(result, text_fmt)
    if isinstance(result, HubReport):
        return _hub_csv(result) if fmt == "csv" else _hub(result, text_fmt)
    if isinstance(result, OrganisationPlan):
        return _org_csv(result) if fmt == "csv" else _org(result, text_fmt)
    raise UsageError(f"cannot render a {type(result).__name__} here")


def _heading(text: str, fmt: Format) -> list[str]:
    return wrap(("### " if fmt == "markdown" else "") + text, fmt)


def _bullets(lines: Sequence[str], fmt: Format) -> list[str]:
    return [w for line in lines for w in wrap("- " + line, fmt)]


def _about(lines: Sequence[str], fmt: Format) -> list[str]:
    lead = "- " if fmt == "markdown" else ""
    return [lead + w for line in lines for w in wrap(line, fmt)]


def _items(title: str, cost: Costed, fmt: Format, payers: bool = True) -> str:
    rows = []
    for i in cost.line_items:
        row = [i.name, f"{quantity_text(i.quantity)} {i.unit}", format_price(i.unit_price), format_money(i.monthly)]
        rows.append([row[0], PAYER_WORDS[i.payer], *row[1:]] if payers else row)
    blank = [""] * (4 if payers else 3)
    for label, value in shown_totals(cost.line_items, cost.total_monthly):
        rows.append([label, *blank[1:], format_money(value)])
    if payers:
        return grid([title, "Pays", *ITEM_HEADERS], rows, fmt, ("left", "left", "left", "right", "right"), 36)
    return grid([title, *ITEM_HEADERS], rows, fmt, ("left", "left", "right", "right"), 36)


def _money(value: Decimal | None) -> str:
    return "-" if value is None else format_money(value)


# -- connect -------------------------------------------------------------------------------------


def _connect(report: ConnectReport, fmt: Format) -> str:
    i = report.inputs
    azs = f"AZs {i.provider_azs} provider, {i.consumer_azs} per consumer"
    remote = f", {i.remote_consumers} of them in {i.remote_region}" if i.remote_region else ""
    head = (
        f"pl-cost connect: {i.region}, {i.consumers:,} consumer VPCs{remote}, "
        f"{quantity_text(i.gb_per_consumer)} GB/month each, {azs}, {i.protocol.upper()}, "
        f"{quantity_text(i.hours_per_month)} h/month"
    )
    parts = [*_heading(head, fmt), *_about(rates_line(report.prices).splitlines(), fmt), ""]
    for option in report.options:
        if option.cost is not None:
            parts += [_items(option.label, option.cost, fmt), ""]
        if option.ruled_out:
            parts += [*wrap(f"{option.label}: ruled out: {'; '.join(option.ruled_out)}.", fmt), ""]
        if option.missing_price:
            parts += [*wrap(f"{option.label}: not priced: {option.missing_price}", fmt), ""]
    rows = []
    for option in report.options:
        status = "cheapest" if option.option == report.cheapest else "ruled out" if option.ruled_out else ""
        rows.append(
            [
                option.label,
                _money(option.cost.total_monthly if option.cost else None),
                _money(option.provider_monthly),
                _money(option.consumers_monthly),
                _money(option.per_consumer_monthly),
                status,
            ]
        )
    parts += [
        grid(
            ["Option", "Total", "Provider pays", "Consumers pay", "Each consumer", ""],
            rows,
            fmt,
            ("left", "right", "right", "right", "right", "left"),
        ),
        "",
    ]
    if report.break_evens:
        against = next(o.label for o in report.options if o.option == report.cheapest)
        rows = [
            [next(o.label for o in report.options if o.option == p.option), where_text(p.consumers), where_text(p.gb)]
            for p in report.break_evens
        ]
        parts += [
            grid(
                [f"Cheaper than {against}", "In consumers", "In GB/month per consumer"],
                rows,
                fmt,
                ("left", "left", "left"),
            ),
            "",
        ]
    parts += wrap(f"Verdict: {report.verdict}", fmt)
    for p in report.break_evens:
        if p.note:
            parts += wrap(f"Note: {p.note}.", fmt)
    parts += ["", *_section("Assumptions", fmt), *_bullets(report.assumptions, fmt)]
    return "\n".join(parts) + "\n"


def _section(title: str, fmt: Format) -> list[str]:
    return [f"#### {title}" if fmt == "markdown" else f"{title}:"]


def _charge_row(section: str, option: str, c: Charge) -> list[str]:
    return [
        section,
        option,
        c.payer,
        c.name,
        c.kind,
        plain(c.quantity),
        c.unit,
        plain(c.unit_price),
        plain(c.monthly),
        c.rate or "",
        str(c.tier or ""),
        c.usage_type or "",
        c.region,
        c.source,
        str(c.source_date or ""),
        "",
        "",
        "",
        c.note or "",
    ]


def _row(section: str, option: str, item: str, monthly: Decimal | None = None, **extra: str) -> list[str]:
    row = dict.fromkeys(CSV_HEADERS, "")
    row.update(section=section, option=option, item=item, monthly="" if monthly is None else plain(monthly), **extra)
    return [row[h] for h in CSV_HEADERS]


def _even_row(section: str, option: str, item: str, answer: BreakEvenAnswer, note: str = "") -> list[str]:
    return _row(
        section,
        option,
        item,
        outcome=answer.outcome,
        break_even="" if answer.break_even is None else plain(answer.break_even),
        crossings=";".join(plain(c) for c in answer.crossings),
        note=note,
    )


def _subtotals(section: str, option: str, cost: Costed) -> list[list[str]]:
    return [
        _row(section, option, "Subtotal, fixed", cost.fixed_monthly, kind="subtotal"),
        _row(section, option, "Subtotal, usage", cost.usage_monthly, kind="subtotal"),
        _row(section, option, "Total", cost.total_monthly, kind="subtotal"),
        *(
            _row(section, option, f"Paid by {payer}", value, kind="payer", payer=payer)
            for payer, value in cost.by_payer.items()
        ),
    ]


def _connect_csv(report: ConnectReport) -> str:
    rows: list[list[str]] = []
    for option in report.options:
        if option.cost is not None:
            rows += [_charge_row("line item", option.option, c) for c in option.cost.line_items]
            rows += _subtotals("line item", option.option, option.cost)
        status = "cheapest" if option.option == report.cheapest else ""
        rows.append(
            _row(
                "option",
                option.option,
                option.label,
                option.cost.total_monthly if option.cost else None,
                note="; ".join(option.ruled_out) or option.missing_price or status,
            )
        )
    for p in report.break_evens:
        rows.append(_even_row("break-even", p.option, f"consumers, against {p.against}", p.consumers, p.note or ""))
        rows.append(_even_row("break-even", p.option, f"GB/month per consumer, against {p.against}", p.gb))
    return csv_text(CSV_HEADERS, rows)


# -- hub -----------------------------------------------------------------------------------------


def _hub(report: HubReport, fmt: Format) -> str:
    i = report.inputs
    names = ", ".join(i.interface_endpoints) if i.endpoints_named else f"{len(i.interface_endpoints)} interface"
    head = (
        f"pl-cost hub: {i.region}, {i.vpcs:,} VPCs, {i.azs} AZ{'s' if i.azs > 1 else ''}, "
        f"{quantity_text(i.gb_per_vpc_total)} GB/month per VPC, DNS {i.dns}, "
        f"{quantity_text(i.hours_per_month)} h/month"
    )
    about = [f"Endpoints: {names}" + (f"; gateway: {', '.join(i.gateway_endpoints)}" if i.gateway_endpoints else "")]
    parts = [*_heading(head, fmt), *_about([*about, *rates_line(report.prices).splitlines()], fmt), ""]
    parts += [_items("Endpoints in every VPC", report.every_vpc, fmt, payers=False), ""]
    parts += [_items("Endpoints in a hub VPC", report.hub, fmt, payers=False), ""]
    rows = [
        [
            SHORT_SITUATION[s.situation],
            format_money(s.every_vpc_monthly),
            format_money(s.hub_monthly),
            format_money(s.savings_monthly),
            where_text(s.vpcs),
            where_text(s.gb),
        ]
        for s in report.situations.values()
    ]
    parts += [
        grid(
            ["Situation", "Every VPC", "Hub", "Savings", "Hub pays (VPCs)", "Hub pays (GB/VPC)"],
            rows,
            fmt,
            ("left", "right", "right", "right", "left", "left"),
        ),
        "",
    ]
    rows = []
    for d in report.dns_options:
        if d.situations is None:
            rows.append([d.label, "no price", "-", "-", "-", "-"])
            continue
        ex, ad = d.situations["tgw_exists"], d.situations["tgw_added"]
        rows.append(
            [
                d.label + (" (chosen)" if d.chosen else ""),
                _money(d.dns_monthly),
                format_money(ex.savings_monthly),
                format_money(ad.savings_monthly),
                where_text(ex.vpcs),
                where_text(ad.vpcs),
            ]
        )
    parts += [
        grid(
            ["DNS option", "DNS/month", "Saves, TGW exists", "Saves, TGW added", "Hub pays, exists", "Hub pays, added"],
            rows,
            fmt,
            ("left", "right", "right", "right", "left", "left"),
            24,
        ),
        "",
    ]
    rows = [
        [
            a.endpoint,
            quantity_text(a.gb_per_vpc),
            format_money(a.every_vpc_monthly),
            format_money(a.hub_monthly),
            format_money(a.savings_monthly),
            where_text(a.gb),
            "hub" if a.verdict == "hub" else "every VPC",
        ]
        for a in report.services
    ]
    parts += [
        grid(
            ["Service", "GB/VPC", "Every VPC", "In hub", "Saves", "Hub pays (GB/VPC)", "Put it in"],
            rows,
            fmt,
            ("left", "right", "right", "right", "right", "left", "left"),
        ),
        "",
    ]
    parts += [w for line in report.verdict for w in wrap(line, fmt)]
    missing = [d for d in report.dns_options if d.missing_price]
    parts += [w for d in missing for w in wrap(f"Note: {d.label}: {d.missing_price}", fmt)]
    parts += ["", *_section("Assumptions", fmt), *_bullets(report.assumptions, fmt)]
    return "\n".join(parts) + "\n"


def _hub_csv(report: HubReport) -> str:
    rows: list[list[str]] = []
    for layout, cost in (("every_vpc", report.every_vpc), ("hub", report.hub)):
        rows += [_charge_row("line item", layout, c) for c in cost.line_items]
        rows += _subtotals("line item", layout, cost)
    for s in report.situations.values():
        rows.append(_row("situation", s.situation, "every VPC", s.every_vpc_monthly))
        rows.append(_row("situation", s.situation, "hub", s.hub_monthly))
        rows.append(_row("situation", s.situation, "savings", s.savings_monthly))
        rows.append(_even_row("break-even", s.situation, "VPCs", s.vpcs))
        rows.append(_even_row("break-even", s.situation, "GB/month per VPC", s.gb))
    for d in report.dns_options:
        if d.situations is None:
            rows.append(_row("dns", d.dns, DNS_LABELS[d.dns], note=d.missing_price or ""))
            continue
        rows.append(_row("dns", d.dns, DNS_LABELS[d.dns], d.dns_monthly, note="chosen" if d.chosen else ""))
        for name, answer in d.situations.items():
            rows.append(_row("dns", d.dns, f"savings, {name}", answer.savings_monthly))
            rows.append(_even_row("dns break-even", d.dns, f"VPCs, {name}", answer.vpcs))
            rows.append(_even_row("dns break-even", d.dns, f"GB/month per VPC, {name}", answer.gb))
    for a in report.services:
        rows.append(_row("service", a.endpoint, "savings with the hub", a.savings_monthly, note=a.verdict))
        rows.append(_even_row("service break-even", a.endpoint, "GB/month per VPC", a.gb))
        rows.append(_even_row("service break-even", a.endpoint, "VPCs", a.vpcs))
    return csv_text(CSV_HEADERS, rows)


# -- organisation --------------------------------------------------------------------------------


def _org(plan: OrganisationPlan, fmt: Format) -> str:
    hours = quantity_text(plan.hours_per_month)
    head = f"pl-cost organisation plan: {plan.name}, {len(plan.vpcs)} VPCs, {hours} h/month"
    parts = [*_heading(head, fmt), *_about(rates_line(plan.prices).splitlines(), fmt), ""]
    parts += _about(
        [
            f"Today {format_money(plan.baseline_monthly)}/month; each VPC on its own plan "
            f"{format_money(plan.own_plans_monthly)}; with the hubs {format_money(plan.plan_monthly)}: "
            f"{_change(plan.savings_monthly)} against today, "
            f"{_change(plan.hub_savings_monthly)} against the VPCs' own plans.",
        ],
        fmt,
    )
    parts.append("")
    rows = [
        [
            v.name,
            v.region,
            "joins" if v.joins_hub else "-",
            v.nat_action,
            ", ".join(v.endpoints_via_hub + [f"({s})" for s in v.services_via_hub]) or "-",
            ", ".join(v.endpoints_local) or "-",
            format_money(v.own_plan_monthly),
            format_money(v.plan_monthly),
        ]
        for v in plan.vpcs
    ]
    parts += [
        grid(
            ["VPC", "Region", "Hub", "NAT", "Via hub", "Local endpoints", "Own plan", "Plan"],
            rows,
            fmt,
            ("left", "left", "left", "left", "left", "left", "right", "right"),
            16,
        ),
        "",
    ]
    for hub in plan.hubs:
        title = f"Hub VPC, {hub.region} ({hub.azs} AZs, DNS {hub.dns})"
        if hub.used:
            cost = Costed(
                line_items=hub.line_items,
                fixed_monthly=hub.fixed_monthly,
                usage_monthly=hub.usage_monthly,
                total_monthly=hub.monthly,
                by_payer={},
            )
            parts += [_items(title, cost, fmt, payers=False), ""]
        parts += [*wrap(f"{title}: {hub.reason}.", fmt), ""]
    rows = [
        [e.endpoint, e.region, e.placement, str(len(e.via_hub)), str(len(e.local)), format_money(e.savings_monthly)]
        for e in plan.endpoints
    ]
    parts += [
        grid(
            ["Endpoint", "Region", "Placement", "VPCs via hub", "VPCs local", "Hub saves"],
            rows,
            fmt,
            ("left", "left", "left", "right", "right", "right"),
        ),
        "",
    ]
    parts += [*_section("Assumptions", fmt), *_bullets(plan.assumptions, fmt)]
    return "\n".join(parts) + "\n"


def _change(saving: Decimal) -> str:
    """A saving as words: 'saves $5.00/month', or 'costs $5.00/month more' (endpoints the workloads require)."""
    if saving >= 0:
        return f"saves {format_money(saving)}/month"
    return f"costs {format_money(-saving)}/month more"


def _org_csv(plan: OrganisationPlan) -> str:
    rows: list[list[str]] = []
    for v in plan.vpcs:
        note = (
            f"nat {v.nat_action}; via hub: {' '.join(v.endpoints_via_hub + v.services_via_hub)}; local: "
            f"{' '.join(v.endpoints_local)}"
        )
        rows.append(_row("vpc", v.name, "plan", v.plan_monthly, region=v.region, note=note))
        rows.append(_row("vpc", v.name, "own plan", v.own_plan_monthly, region=v.region))
        rows.append(_row("vpc", v.name, "today", v.baseline_monthly, region=v.region))
        rows += [_charge_row("vpc added", v.name, c) for c in v.added]
        rows += [_charge_row("vpc removed", v.name, c) for c in v.removed]
    for hub in plan.hubs:
        rows += [_charge_row("hub", hub.region, c) for c in hub.line_items]
        rows.append(_row("hub", hub.region, "Total", hub.monthly, note=hub.reason))
    for e in plan.endpoints:
        rows.append(
            _row(
                "endpoint",
                e.endpoint,
                e.placement,
                e.savings_monthly,
                region=e.region,
                note=f"via hub: {' '.join(e.via_hub)}; local: {' '.join(e.local)}",
            )
        )
    rows.append(_row("total", plan.name, "today", plan.baseline_monthly))
    rows.append(_row("total", plan.name, "own plans", plan.own_plans_monthly))
    rows.append(_row("total", plan.name, "plan", plan.plan_monthly))
    return csv_text(CSV_HEADERS, rows)


def records(result: BaseModel) -> Iterator[dict[str, Any]]:
    """The main table as dicts: line items per option or layout, or one row per VPC."""
    if isinstance(result, ConnectReport):
        for option in result.options:
            for item in option.cost.line_items if option.cost else ():
                yield {"option": option.option, **item.model_dump()}
    elif isinstance(result, HubReport):
        for layout, cost in (("every_vpc", result.every_vpc), ("hub", result.hub)):
            for item in cost.line_items:
                yield {"layout": layout, **item.model_dump()}
    elif isinstance(result, OrganisationPlan):
        for vpc in result.vpcs:
            yield vpc.model_dump(exclude={"plan", "added", "removed"})
    else:
        yield result.model_dump()
