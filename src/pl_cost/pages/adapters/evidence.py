"""The page for `profile flow-logs`: GB/month per AWS service measured from flow logs, and the evidence."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pl_cost.pages import charts
from pl_cost.pages.adapters.generic import describe
from pl_cost.pages.context import Context
from pl_cost.pages.text import format_quantity, linkify
from pl_cost.pages.view import Cell, Chart, Code, Page, Row, Section, Table

#: GB/month as the evidence table shows them: three decimals, since a day of logs gives small figures.
GB_PLACES = 3
SERVICE_PREFIX = "service:"


def _gb(value: Any) -> str:
    return "-" if value is None else format_quantity(Decimal(str(value)), GB_PLACES)


def _count(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def evidence_page(result: Any, context: Context) -> Page:
    """The measured profile, the bytes per destination class behind it, and every caveat."""
    profile: Mapping[str, Any] = result.profile
    evidence: Mapping[str, Any] = result.evidence
    key = context.key
    services: Mapping[str, Any] = profile.get("services", {}) or {}
    region = str(profile.get("region", "-"))
    internet = profile.get("internet_gb_per_month")
    listed = ", ".join(f"{name} {_gb(value)} GB" for name, value in services.items()) or "no AWS service"
    share = evidence.get("share_attributed")
    share_text = f"{Decimal(str(share)):.1%} of the NAT's bytes ({share})" if share is not None else "an unknown share"
    verdict = (
        f"Through its NAT gateway this VPC sends, a month: {listed}; {_gb(internet)} GB stays on the NAT path "
        f"(internet and what no endpoint in {region} can carry). Attributed to a service: {share_text}."
    )
    span: Mapping[str, Any] = evidence.get("span", {}) or {}
    nat: Mapping[str, Any] = profile.get("nat", {}) or {}
    facts: list[tuple[str, Cell]] = [
        ("Region", region),
        ("Availability Zones", _count(profile.get("azs", "-"))),
        ("NAT layout", str(nat.get("mode", "-"))),
        ("Hours a month", _count(profile.get("hours_per_month", "-"))),
        (
            "Logs span",
            f"{span.get('first_start', '-')} to {span.get('last_end', '-')} ({span.get('hours', '-')} h, "
            f"{_count(span.get('seconds', '-'))} s)",
        ),
        ("NAT interfaces", ", ".join(evidence.get("nat_interfaces", []) or []) or "-"),
        ("Engine", str(evidence.get("engine", "-"))),
        ("GB", str(evidence.get("gb_unit", "-"))),
    ]
    service_table = Table(
        caption="The profile: GB/month per AWS service",
        headers=("Service", "GB/month"),
        rows=(
            *(Row((name, _gb(value))) for name, value in services.items()),
            Row(("Stays on the NAT (internet_gb_per_month)", _gb(internet)), total=True),
        ),
        numeric=frozenset({1}),
    )
    classes: Mapping[str, Mapping[str, Any]] = evidence.get("bytes_by_destination", {}) or {}
    class_rows = []
    for name, entry in classes.items():
        path = "endpoint-eligible" if name.startswith(SERVICE_PREFIX) else "stays on the NAT"
        class_rows.append(
            Row(
                (
                    name,
                    _count(entry.get("bytes_out")),
                    _count(entry.get("bytes_in")),
                    _count(entry.get("bytes")),
                    _count(entry.get("records")),
                    _gb(entry.get("gb_per_month")),
                    path,
                )
            )
        )
    class_table = Table(
        caption="Bytes through the NAT by destination class",
        headers=("Destination", "Bytes out", "Bytes in", "Bytes", "Records", "GB/month", "Path"),
        rows=tuple(class_rows),
        numeric=frozenset({1, 2, 3, 4, 5}),
    )
    bars = [
        (
            name,
            Decimal(str(entry.get("gb_per_month", 0))),
            charts.STAYS_COLOR if name.startswith(SERVICE_PREFIX) else charts.NAT_COLOR,
        )
        for name, entry in classes.items()
    ]
    described = "; ".join(f"{name} {_gb(entry.get('gb_per_month'))} GB" for name, entry in classes.items())
    alt = f"GB per month through the NAT by destination class; services in blue, the rest in red. {described}."
    chart_list = []
    if bars:
        chart_list.append(
            Chart(
                svg=charts.bars(bars, "GB per month", f"{key}-classes", alt, GB_PLACES),
                caption="GB/month by destination: blue could move to endpoints, red stays on the NAT.",
                alt=alt,
            )
        )
    shown = {"span", "bytes_by_destination", "caveats", "nat_interfaces", "engine", "gb_unit", "share_attributed"}
    rest = {name: value for name, value in evidence.items() if name not in shown}
    sections = [
        Section(
            title="The measured profile",
            anchor=f"{key}-profile",
            tables=(service_table,),
            code=tuple(_profile_code(result)),
        ),
        Section(
            title="Where the NAT's bytes go", anchor=f"{key}-classes", charts=tuple(chart_list), tables=(class_table,)
        ),
        Section(
            title="Caveats",
            anchor=f"{key}-caveats",
            bullets=tuple(linkify(str(c)) for c in evidence.get("caveats", []) or []),
        ),
        _evidence_details(rest, f"{key}-evidence"),
    ]
    return Page(
        title=f"Workload profile from VPC Flow Logs: {region}",
        question="How many GB a month does this VPC send through its NAT gateway to each AWS service, by its logs?",
        verdict=(verdict,),
        facts=tuple(facts),
        sections=tuple(sections),
        schema="pl-cost profile flow-logs (profile and evidence)",
    )


def _evidence_details(rest: Mapping[str, Any], anchor_id: str) -> Section:
    return describe("The evidence, field by field", rest, anchor_id)


def _profile_code(result: Any) -> list[Code]:
    try:
        from pl_cost.evidence.write import to_yaml
    except ImportError:
        return []
    data = {**result.profile, "evidence": result.evidence}
    return [Code(title="The profile file (YAML, with its evidence)", language="yaml", text=to_yaml(data))]
