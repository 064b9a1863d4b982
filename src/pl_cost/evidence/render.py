"""Showing a profile built from evidence: table for people, JSON or YAML (profile plus evidence) for tools."""

from __future__ import annotations

from decimal import Decimal

from tabulate import tabulate

from pl_cost.evidence.model import EvidenceProfile
from pl_cost.evidence.write import header_comment, to_json, to_yaml
from pl_cost.money import format_quantity

FORMATS = ("table", "json", "yaml")


def render(result: EvidenceProfile, fmt: str) -> str:
    """The result in one of FORMATS; JSON and YAML carry the evidence inline."""
    data = {**result.profile, "evidence": result.evidence}
    if fmt == "json":
        return to_json(data)
    if fmt == "yaml":
        return header_comment(result) + to_yaml(data)
    return _table(result)


def _table(result: EvidenceProfile) -> str:
    profile, ev = result.profile, result.evidence
    span = ev["span"]
    lines = [
        f"Profile for {profile['region']}: {profile['azs']} AZ(s), NAT {profile['nat']['mode']}"
        f" ({', '.join(ev['nat_interfaces'])})",
        f"Span: {span['first_start']} .. {span['last_end']} ({span['hours']} h), extrapolated to"
        f" {format_quantity(profile['hours_per_month'])} h/month; {ev['gb_unit']}",
        f"ip-ranges createDate {ev['ip_ranges']['create_date']} ({ev['ip_ranges']['source']})",
        f"Records: {ev['records']['total']:,} ({ev['records']['nodata']:,} NODATA, {ev['records']['skipdata']:,}"
        f" SKIPDATA); NAT legs counted: {ev['records']['nat_legs_counted']:,}",
        "",
    ]
    rows = []
    for name, entry in sorted(ev["bytes_by_destination"].items(), key=lambda item: -item[1]["bytes"]):
        path = "endpoint-eligible" if name.startswith("service:") else "stays on NAT"
        rows.append([name, f"{entry['bytes']:,}", _gb(entry["gb_per_month"]), path])
    lines.append(
        tabulate(rows, headers=["destination", "bytes", "GB/month", "path"], tablefmt="simple", disable_numparse=True)
    )
    lines += [
        "",
        f"internet_gb_per_month (everything that stays on the NAT): {_gb(profile['internet_gb_per_month'])}",
        f"Share of NAT bytes attributed to a service: {Decimal(ev['share_attributed']):.1%}",
        "",
        "Caveats:",
        *(f"- {note}" for note in ev["caveats"]),
    ]
    return "\n".join(lines) + "\n"


def _gb(value: Decimal) -> str:
    return format_quantity(value, 3)


__all__ = ["FORMATS", "render", "to_json", "to_yaml"]
