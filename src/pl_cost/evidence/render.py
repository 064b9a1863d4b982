"""Showing a profile built from evidence: a table or Markdown for people, CSV or JSON (with the evidence) for tools."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from tabulate import tabulate

from pl_cost.evidence.model import EvidenceProfile
from pl_cost.money import format_quantity

FORMATS = ("table", "json", "csv", "markdown")
_HEADERS = ("destination", "bytes out", "bytes in", "bytes", "records", "GB/month", "path")


def render(result: EvidenceProfile, fmt: str) -> str:
    """The result in one of FORMATS; JSON is the versioned model (exact decimal strings)."""
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        return _csv(result)
    return _text(result, markdown=fmt == "markdown")


def _rows(result: EvidenceProfile) -> list[list[str]]:
    classes = result.evidence.bytes_by_destination
    rows = []
    for name, entry in sorted(classes.items(), key=lambda item: (-item[1].bytes, item[0])):
        path = "endpoint-eligible" if name.startswith("service:") else "stays on NAT"
        rows.append(
            [
                name,
                str(entry.bytes_out),
                str(entry.bytes_in),
                str(entry.bytes),
                str(entry.records),
                str(entry.gb_per_month),
                path,
            ]
        )
    return rows


def _csv(result: EvidenceProfile) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([h.replace(" ", "_").replace("/", "_per_").lower() for h in _HEADERS])
    writer.writerows(_rows(result))
    return out.getvalue()


def _text(result: EvidenceProfile, markdown: bool) -> str:
    profile, ev = result.profile, result.evidence
    span, records = ev.span, ev.records
    active = f", active in {profile.nat.active_azs} AZ(s)" if profile.nat.active_azs else ""
    facts = [
        f"Profile for {profile.region}: {profile.azs} AZ(s) ({ev.nat.azs_from}), NAT {profile.nat.mode}{active}"
        f" ({ev.nat.layout_from})",
        f"NAT interfaces ({ev.nat.source}{', ' + ev.nat.vpc if ev.nat.vpc else ''}):"
        f" {', '.join(ev.nat_interfaces) or 'none'}",
        f"Counted by {ev.method}",
        f"Inputs: {_counts(ev.sources.formats)}; field order from {', '.join(ev.sources.field_order) or '-'}",
        f"Span: {span.first_start} .. {span.last_end} ({span.hours} h), extrapolated to"
        f" {format_quantity(profile.hours_per_month)} h/month; {ev.gb_unit}",
        f"ip-ranges createDate {ev.ip_ranges.create_date} ({ev.ip_ranges.source})",
        f"Records read: {records.read:,}: {records.used:,} NAT legs used; skipped {records.nat_other_legs:,} other NAT"
        f" legs, {records.other_interfaces:,} other interfaces, {records.rejected:,} REJECT, {records.nodata:,}"
        f" NODATA, {records.skipdata:,} SKIPDATA, {records.malformed:,} malformed"
        + (f" (first: {records.first_malformed})" if records.first_malformed else ""),
    ]
    rows = [[r[0], f"{int(r[3]):,}", format_quantity(Decimal(r[5]), 3), r[6]] for r in _rows(result)]
    headers = ["destination", "bytes", "GB/month", "path"]
    style = "github" if markdown else "simple"
    table = tabulate(
        rows, headers=headers, tablefmt=style, disable_numparse=True, colalign=("left", "right", "right", "left")
    )
    bullet = "- "
    lines = [*(f"{bullet}{f}" if markdown else f for f in facts), "", table, ""]
    lines.append(
        f"internet_gb_per_month (everything that stays on the NAT): {format_quantity(profile.internet_gb_per_month, 3)}"
    )
    lines.append(f"Share of NAT bytes attributed to a service: {ev.share_attributed:.1%}")
    lines += ["", "Caveats:", *(f"- {note}" for note in ev.caveats)]
    if markdown:
        lines.insert(0, f"## Workload profile from VPC Flow Logs: {profile.region}\n")
    return "\n".join(lines) + "\n"


def _counts(formats: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in formats.items()) or "an Athena result"
