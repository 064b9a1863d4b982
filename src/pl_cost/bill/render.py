"""Showing a bill report: a table for people, JSON (versioned, exact decimal strings), CSV and Markdown."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from tabulate import tabulate

from pl_cost.bill.model import BillReport, Charge, NatGatewayBill, Total
from pl_cost.money import format_money, format_price, format_quantity, plain

FORMATS = ("table", "json", "csv", "markdown")
UNKNOWN = "unknown"
_TABLES = {"table": "simple", "markdown": "pipe", "html": "html"}


def render_bill(report: BillReport, fmt: str) -> str:
    """The report in one of FORMATS (or html, for notebooks)."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        return _csv([*nat_records(report), *unattributed_records(report)], CSV_FIELDS)
    text = _text(report, _TABLES.get(fmt, "simple"), fmt)
    return _html(text) if fmt == "html" else text


#: The CSV's columns: one row per NAT gateway and period, then one per total of rows without resource IDs.
CSV_FIELDS = (
    "entry",
    "billing_period",
    "resource_id",
    "nat_gateway_id",
    "account_id",
    "region",
    "vpc_id",
    "availability_mode",
    "nat_hours",
    "nat_gb",
    "nat_cost",
    "nat_cost_list",
    "nat_cost_unblended",
    "nat_credits",
    "effective_hour_rate",
    "effective_gb_rate",
    "public_ipv4_hours",
    "related_cost",
    "idle",
    "savings_upper_bound_monthly",
    "idle_savings_monthly",
    "next_step",
)


def nat_records(report: BillReport) -> list[dict[str, Any]]:
    """One flat dict per NAT gateway and period, values exact (None: unknown)."""
    rows = []
    for nat in report.nat_gateways:
        rows.append(
            {
                "entry": "nat_gateway",
                "billing_period": nat.billing_period,
                "resource_id": nat.resource_id,
                "nat_gateway_id": nat.nat_gateway_id,
                "account_id": nat.account_id,
                "region": nat.region,
                "vpc_id": nat.vpc_id,
                "availability_mode": nat.availability_mode,
                "nat_hours": nat.nat_hours,
                "nat_gb": nat.nat_gb,
                "nat_cost": nat.nat_cost,
                "nat_cost_list": nat.nat_cost_list,
                "nat_cost_unblended": nat.nat_cost_unblended,
                "nat_credits": nat.nat_credits,
                "effective_hour_rate": nat.effective_hour_rate,
                "effective_gb_rate": nat.effective_gb_rate,
                "public_ipv4_hours": nat.public_ipv4.quantity if nat.public_ipv4 else None,
                "related_cost": _related_cost(nat),
                "idle": nat.idle,
                "savings_upper_bound_monthly": nat.savings_upper_bound_monthly,
                "idle_savings_monthly": nat.idle_savings_monthly,
                "next_step": nat.next_step,
            }
        )
    return rows


def unattributed_records(report: BillReport) -> list[dict[str, Any]]:
    """The totals of NAT rows without resource IDs, in the CSV's columns (what is unknown left empty)."""
    return [
        {
            "entry": "no_resource_id",
            "billing_period": t.billing_period,
            "account_id": t.account_id,
            "region": t.region,
            "availability_mode": t.availability_mode,
            "nat_hours": t.nat_hours,
            "nat_gb": t.nat_gb,
            "nat_cost": t.nat_cost,
            "nat_cost_list": t.nat_cost_list,
            "nat_cost_unblended": t.nat_cost_unblended,
            "nat_credits": t.nat_credits,
        }
        for t in report.unattributed
    ]


def _related_cost(nat: NatGatewayBill) -> Decimal | None:
    costs = [c.net_cost for c in nat.related]
    if any(c is None for c in costs):
        return None
    return sum((c for c in costs if c is not None), Decimal(0))


def _csv(rows: list[dict[str, Any]], fields: Sequence[str]) -> str:
    """A header (always, even without rows) and the rows; a missing or None value is an empty cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in fields})
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def _count(value: int | None) -> str:
    return UNKNOWN if value is None else f"{value:,}"


def _money(value: Decimal | None) -> str:
    return UNKNOWN if value is None else format_money(value)


def _rate(value: Decimal | None) -> str:
    return "-" if value is None else format_price(value.quantize(Decimal("0.000001")).normalize())


def _qty(value: Decimal, places: int = 3) -> str:
    return format_quantity(value, places)


def _table(rows: list[list[str]], headers: Sequence[str], style: str) -> str:
    return tabulate(rows, headers=list(headers), tablefmt=style, disable_numparse=True)


def _heading(text: str, fmt: str) -> str:
    return f"### {text}" if fmt == "markdown" else text


def _text(report: BillReport, style: str, fmt: str) -> str:
    source = report.source
    periods = "; ".join(
        f"{p.billing_period} ({format_quantity(p.hours)} h{'' if p.complete else ' so far, still running'})"
        for p in report.periods
    )
    blocks = [
        "\n".join(
            [
                f"pl-cost bill: {source.format}, {source.files} file(s), {source.file_bytes:,} bytes,"
                f" engine {source.engine}",
                f"Periods: {periods or 'none'}; monthly figures at {format_quantity(report.hours_per_month)} h/month",
                f"Resource IDs: {'yes' if source.resource_ids else 'no (totals per account and region only)'}"
                + (f"; inventory: {len(source.inventory_files)} file(s)" if source.inventory_files else ""),
                f"Endpoint prices: {report.prices.catalog} catalog, snapshot {report.prices.snapshot_date}"
                f" ({report.prices.currency})"
                + (f"; {', '.join(report.prices.overrides)}" if report.prices.overrides else ""),
            ]
        )
    ]
    if report.nat_gateways:
        blocks.append(_heading("NAT gateways", fmt) + "\n" + _nat_table(report.nat_gateways, style))
        related = _related_table(report.nat_gateways, style)
        if related:
            blocks.append(
                _heading(
                    "Other rows carrying a NAT's ARN (internet and inter-region transfer stay with endpoints)", fmt
                )
                + "\n"
                + related
            )
    if report.unattributed:
        blocks.append(_heading("NAT rows without resource IDs", fmt) + "\n" + _totals_table(report.unattributed, style))
    if report.nat_gateways or report.unattributed:
        blocks.append(_heading("Totals by region", fmt) + "\n" + _totals_table(report.totals_by_region, style))
        blocks.append(_heading("Totals by account", fmt) + "\n" + _totals_table(report.totals_by_account, style))
    if report.vpcs:
        rows = [
            [v.vpc_id, v.account_id, v.region, ", ".join(v.nat_gateway_ids), ", ".join(v.availability_zones) or "-",
             v.nat_mode, _qty(v.nat_gb), _money(v.nat_cost)]
            for v in report.vpcs
        ]  # fmt: skip
        headers = ["VPC", "account", "region", "NAT gateways", "AZs", "layout", "GB", "net cost"]
        blocks.append(_heading("NAT gateways by VPC (inventory)", fmt) + "\n" + _table(rows, headers, style))
    for title, items in (
        ("Interface endpoints", report.interface_endpoints),
        ("Transit Gateway", report.transit_gateways),
    ):
        if items:
            rows = [
                [i.resource_id or "(no resource ID)", i.account_id, i.region, i.billing_period, _qty(i.hours),
                 _qty(i.gb), _money(i.net_cost), "yes" if i.idle else ""]
                for i in items
            ]  # fmt: skip
            headers = ["resource", "account", "region", "period", "hours", "GB", "net cost", "idle"]
            blocks.append(_heading(title, fmt) + "\n" + _table(rows, headers, style))
    if report.plans:
        rows = [
            [p.unit, p.basis, p.nat_action, ", ".join(p.interface_endpoints) or "-",
             ", ".join(p.gateway_endpoints) or "-",
             _money(p.baseline_monthly), _money(p.plan_monthly), _money(p.savings_monthly), p.error or p.note or ""]
            for p in report.plans
        ]  # fmt: skip
        headers = ["unit", "basis", "NAT", "interface", "gateway", "today/month", "plan/month", "saves/month", "note"]
        blocks.append(_heading("Plans at the bill's effective rates", fmt) + "\n" + _table(rows, headers, style))
    savings = report.savings
    if savings.billing_period:
        lines = [
            f"Savings per month ({savings.billing_period}): idle NAT gateways {_money(savings.idle_monthly)}"
            f" ({savings.idle_nat_gateways}"
            + (f", {savings.idle_unknown} unknown" if savings.idle_unknown else "")
            + "); at most, if every GB rode free gateway endpoints and the NATs went,"
            f" {_money(savings.upper_bound_monthly)}"
            + (f" ({savings.upper_bound_unknown} unknown)" if savings.upper_bound_unknown else "")
            + (f"; plans {_money(savings.plan_monthly)}" if savings.plan_monthly is not None else "")
        ]
        blocks.append("\n".join(lines))
    if report.opportunities:
        rows = [
            [str(o.rank), o.target, o.account_id, o.region, o.basis, _money(o.savings_monthly), o.next_step]
            for o in report.opportunities
        ]
        headers = ["#", "target", "account", "region", "basis", "saves/month", "next step"]
        blocks.append(_heading("Ranked", fmt) + "\n" + _table(rows, headers, style))
    if report.row_kinds:
        rows = [
            [k.line_item_type, f"{k.line_items:,}", _money(k.unblended_cost), _money(k.net_cost), k.counts_toward]
            for k in report.row_kinds
        ]
        headers = ["row kind", "rows", "unblended", "net", "counts toward"]
        blocks.append(_heading("Row kinds among the kept rows", fmt) + "\n" + _table(rows, headers, style))
    if report.taxes:
        rows = [[t.account_id, t.billing_period, _money(t.cost)] for t in report.taxes]
        blocks.append(
            _heading("Tax on EC2 and VPC (not attributed to NAT gateways)", fmt)
            + "\n"
            + _table(rows, ["account", "period", "tax"], style)
        )
    blocks.append("Assumptions:\n" + "\n".join(f"- {a}" for a in report.assumptions))
    if report.caveats:
        blocks.append("Caveats:\n" + "\n".join(f"- {c}" for c in report.caveats))
    return "\n\n".join(blocks) + "\n"


def _nat_table(nats: Sequence[NatGatewayBill], style: str) -> str:
    rows = []
    for n in nats:
        rows.append(
            [
                n.nat_gateway_id or n.resource_id,
                n.account_id,
                n.region,
                n.billing_period,
                n.availability_mode,
                _qty(n.nat_hours),
                _qty(n.nat_gb),
                _money(n.nat_cost_list),
                _money(n.nat_cost_unblended),
                _money(n.nat_cost),
                _money(n.nat_credits) if n.nat_credits else "",
                _rate(n.effective_gb_rate),
                _qty(n.public_ipv4.quantity) if n.public_ipv4 else "-",
                "yes" if n.idle else "",
                _money(n.savings_upper_bound_monthly),
            ]
        )
    headers = [
        "NAT gateway", "account", "region", "period", "mode", "NAT-hours", "GB", "list", "unblended", "net",
        "credits", "$/GB net", "IPv4 h", "idle", "bound/month",
    ]  # fmt: skip
    return _table(rows, headers, style)


def _related_table(nats: Sequence[NatGatewayBill], style: str) -> str:
    rows = []
    for n in nats:
        for c in [*n.related, *n.other_nat_charges]:
            rows.append(
                [n.nat_gateway_id or n.resource_id, n.billing_period, _label(c), ", ".join(c.usage_types),
                 _qty(c.quantity), _money(c.net_cost)]
            )  # fmt: skip
    if not rows:
        return ""
    return _table(rows, ["NAT gateway", "period", "charge", "usage types", "quantity", "net cost"], style)


def _label(charge: Charge) -> str:
    return {
        "internet_out": "data transfer out to the internet",
        "internet_in": "data transfer in",
        "inter_az": "inter-AZ transfer",
        "inter_region": "inter-region transfer",
        "nat_other": "other NAT usage types",
        "other": "other rows on its ARN",
    }.get(charge.charge, charge.charge)


def _totals_table(items: Sequence[Total], style: str) -> str:
    rows = [
        [t.key, _count(t.nat_gateways), _count(t.idle), _qty(t.nat_hours), _qty(t.nat_gb), _money(t.nat_cost_list),
         _money(t.nat_cost), _money(t.nat_credits) if t.nat_credits else "", _money(t.savings_upper_bound_monthly)]
        for t in items
    ]  # fmt: skip
    headers = ["", "NATs", "idle", "NAT-hours", "GB", "list", "net", "credits", "bound/month"]
    return _table(rows, headers, style)


COMPARE_FIELDS = (
    "nat_gateway",
    "account_id",
    "region",
    "status",
    "hours_before",
    "hours_after",
    "gb_before_monthly",
    "gb_after_monthly",
    "cost_before_monthly",
    "cost_after_monthly",
    "cost_change_monthly",
    "plan",
)


def render_comparison(result: Any, fmt: str) -> str:
    """A BillComparison in one of FORMATS (or html)."""
    if fmt == "json":
        return str(result.model_dump_json(indent=2)) + "\n"
    rows = [
        {
            "nat_gateway": c.nat_gateway_id or c.resource_id,
            "account_id": c.account_id,
            "region": c.region,
            "status": c.status,
            "hours_before": c.hours_before,
            "hours_after": c.hours_after,
            "gb_before_monthly": c.gb_before_monthly,
            "gb_after_monthly": c.gb_after_monthly,
            "cost_before_monthly": c.cost_before_monthly,
            "cost_after_monthly": c.cost_after_monthly,
            "cost_change_monthly": c.cost_change_monthly,
            "plan": c.plan,
        }
        for c in result.nat_gateways
    ]
    if fmt == "csv":
        return _csv(rows, COMPARE_FIELDS)
    style = _TABLES.get(fmt, "simple")
    table = [
        [r["nat_gateway"], r["account_id"], r["region"], r["status"], _qty(r["hours_before"]), _qty(r["hours_after"]),
         _qty(r["gb_before_monthly"]), _qty(r["gb_after_monthly"]), _money(r["cost_before_monthly"]),
         _money(r["cost_after_monthly"]), _money(r["cost_change_monthly"]), r["plan"] or ""]
        for r in rows
    ]  # fmt: skip
    headers = ["NAT gateway", "account", "region", "status", "hours before", "hours after", "GB/month before",
               "GB/month after", "cost/month before", "cost/month after", "change/month", "plan"]  # fmt: skip
    blocks = [
        f"pl-cost bill --compare: {result.before} -> {result.after}, monthly at"
        f" {format_quantity(result.hours_per_month)} h/month; NAT cost {_money(result.cost_before_monthly)} ->"
        f" {_money(result.cost_after_monthly)} ({_money(result.cost_change_monthly)}/month)",
        _heading("NAT gateways", fmt) + "\n" + _table(table, headers, style),
    ]
    if result.plans:
        checks = [
            [p.plan, ", ".join(p.nat_gateway_ids), _qty(p.predicted_nat_gb_after_monthly), _qty(p.nat_gb_after_monthly),
             _money(p.predicted_nat_cost_after_monthly), _money(p.nat_cost_after_monthly),
             _money(p.predicted_savings_monthly)]
            for p in result.plans
        ]  # fmt: skip
        headers = ["plan", "NAT gateways", "predicted GB/month after", "GB/month after", "predicted NAT cost after",
                   "NAT cost after", "plan's savings/month"]  # fmt: skip
        blocks.append(_heading("Plans: predicted against the bill", fmt) + "\n" + _table(checks, headers, style))
    blocks.append("Assumptions:\n" + "\n".join(f"- {a}" for a in result.assumptions))
    text = "\n\n".join(blocks) + "\n"
    return _html(text) if fmt == "html" else text


def _html(text: str) -> str:
    """Tables stay HTML (tabulate's); every other block becomes an escaped paragraph."""
    from html import escape

    blocks = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("<table")), None)
        if table is None:
            blocks.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
            continue
        if table:
            blocks.append("<p><b>" + "<br>".join(escape(line) for line in lines[:table]) + "</b></p>")
        blocks.append("\n".join(lines[table:]))
    return "<div class='pl-cost'>" + "\n".join(blocks) + "</div>"
