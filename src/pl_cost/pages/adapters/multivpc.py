"""Pages for the many-VPC answers: `connect` (which way to join VPCs), `hub` (endpoints shared or per VPC),
and the organisation plan (every VPC, the hubs, where each endpoint lives)."""

from __future__ import annotations

from typing import Any

from pl_cost.formats.common import shown_totals
from pl_cost.pages import charts
from pl_cost.pages.adapters.common import Sources, bullet_section, line_items_table, long_notes, prices_facts
from pl_cost.pages.adapters.generic import fields_of, leftovers, model_table, scalar, title_of
from pl_cost.pages.adapters.plan import plan_sections
from pl_cost.pages.adapters.plan import verdict as plan_verdict
from pl_cost.pages.context import Context
from pl_cost.pages.text import format_money, linkify
from pl_cost.pages.view import Cell, Chart, Page, Row, Section, Table


def input_facts(inputs: Any) -> list[tuple[str, Cell]]:
    """Every input as asked, by its field name."""
    return [(title_of(name), scalar(name, value)) for name, value in fields_of(inputs).items() if value is not None]


def costed_section(title: str, anchor_id: str, costed: Any, sources: Sources) -> Section:
    """A layout's charges with its subtotals and what each payer pays."""
    table = line_items_table(
        f"{title}: line items",
        costed.line_items,
        shown_totals(costed.line_items, costed.total_monthly),
        sources,
    )
    payers = tuple((f"Paid by {payer}", format_money(amount)) for payer, amount in costed.by_payer.items())
    return Section(
        title=title, anchor=anchor_id, facts=payers, tables=(table,), bullets=tuple(long_notes(costed.line_items))
    )


def _even(answer: Any) -> str:
    return str(getattr(answer, "summary", "-")) if answer is not None else "-"


def connect_page(result: Any, context: Context) -> Page:
    """Your own PrivateLink service against Transit Gateway, peering and Lattice: costs, who pays, break-evens."""
    key, inputs = context.key, result.inputs
    sources = Sources(key)
    options = model_table(
        "Each way to connect, a month",
        result.options,
        [
            ("Option", lambda o: o.label),
            ("Total", lambda o: format_money(o.cost.total_monthly) if o.cost is not None else "-"),
            ("Provider pays", lambda o: scalar("provider_monthly", o.provider_monthly)),
            ("Consumers pay", lambda o: scalar("consumers_monthly", o.consumers_monthly)),
            ("Per consumer", lambda o: scalar("per_consumer_monthly", o.per_consumer_monthly)),
            ("Ruled out", lambda o: "; ".join(o.ruled_out) or o.missing_price or "-"),
        ],
        known={
            "option",
            "label",
            "cost",
            "provider_monthly",
            "consumers_monthly",
            "per_consumer_monthly",
            "ruled_out",
            "missing_price",
        },
        numeric={1, 2, 3, 4},
    )
    priced = [o for o in result.options if o.cost is not None]
    bars = [(o.label, o.cost.total_monthly, charts.STAYS_COLOR) for o in priced]
    described = "; ".join(f"{o.label}: {format_money(o.cost.total_monthly)} a month" for o in priced)
    alt = f"Monthly cost of each way to connect the VPCs. {described}."
    chart = Chart(svg=charts.bars(bars, "Monthly cost (USD)", f"{key}-options", alt), caption=alt, alt=alt)
    evens = model_table(
        "Where the cheaper option flips",
        result.break_evens,
        [
            ("Option", lambda b: f"{b.option} against {b.against}"),
            ("As consumers vary", lambda b: _even(b.consumers)),
            ("As GB vary", lambda b: _even(b.gb)),
            ("Note", lambda b: b.note or "-"),
        ],
        known={"option", "against", "consumers", "gb", "note"},
    )
    per_option = [costed_section(o.label, f"{key}-{o.option}".replace("_", "-"), o.cost, sources) for o in priced]
    used = {"inputs", "prices", "assumptions", "options", "cheapest", "verdict", "break_evens"}
    return Page(
        title=f"Connecting VPCs in {inputs.region}: {', '.join(o.label for o in result.options)}",
        question=(
            f"How should {inputs.consumers} consumer VPC(s) reach a provider's service in {inputs.region}, and what "
            "does each way cost and who pays?"
        ),
        verdict=linkify(str(result.verdict)),
        facts=(*input_facts(inputs), *prices_facts(result.prices)),
        sections=(
            Section(
                title="The options",
                anchor=f"{key}-options",
                charts=(chart,) if bars else (),
                tables=(options, evens) if result.break_evens else (options,),
            ),
            *per_option,
            bullet_section("Assumptions", f"{key}-assumptions", result.assumptions),
            sources.section(),
            *leftovers(result, used, key),
        ),
        schema=f"{result.schema_name} v{result.schema_version}",
    )


def hub_page(result: Any, context: Context) -> Page:
    """Interface endpoints in a hub VPC against in every VPC: both situations, DNS options, each service."""
    key, inputs = context.key, result.inputs
    sources = Sources(key)
    situations = model_table(
        "Both layouts in each situation, a month",
        list(result.situations.values()),
        [
            ("Situation", lambda s: s.label),
            ("Every VPC", lambda s: format_money(s.every_vpc_monthly)),
            ("Hub", lambda s: format_money(s.hub_monthly)),
            ("Savings", lambda s: format_money(s.savings_monthly)),
            ("As VPCs vary", lambda s: _even(s.vpcs)),
            ("As GB vary", lambda s: _even(s.gb)),
        ],
        known={"situation", "label", "every_vpc_monthly", "hub_monthly", "savings_monthly", "cheaper", "vpcs", "gb"},
        numeric={1, 2, 3},
    )
    rows = [(s.label, s.every_vpc_monthly, s.hub_monthly) for s in result.situations.values()]
    described = "; ".join(
        f"{s.label}: every VPC {format_money(s.every_vpc_monthly)}, hub {format_money(s.hub_monthly)}"
        for s in result.situations.values()
    )
    alt = f"Monthly cost with endpoints in every VPC and in a hub, per situation. {described}."
    chart = Chart(svg=charts.paired_bars(rows, ("Every VPC", "Hub"), f"{key}-situations", alt), caption=alt, alt=alt)
    dns = model_table(
        "DNS for the hub's endpoints",
        result.dns_options,
        [
            ("Option", lambda d: d.label + (" (chosen)" if d.chosen else "")),
            (
                "DNS, monthly",
                lambda d: (
                    scalar("dns_monthly", d.dns_monthly) if d.missing_price is None else f"no price: {d.missing_price}"
                ),
            ),
        ],
        known={"dns", "label", "chosen", "dns_monthly", "missing_price"},
        numeric={1},
    )
    dns_rows = [
        Row(
            (
                f"{d.label}, {name}",
                format_money(s.hub_monthly),
                format_money(s.savings_monthly),
                _even(s.vpcs),
                _even(s.gb),
            )
        )
        for d in result.dns_options
        for name, s in (d.situations or {}).items()
    ]
    dns_situations = Table(
        caption="Each DNS option in each situation",
        headers=("DNS option and situation", "Hub, monthly", "Savings", "As VPCs vary", "As GB vary"),
        rows=tuple(dns_rows),
        numeric=frozenset({1, 2}),
    )
    services = model_table(
        "Each service on its own (the Transit Gateway being there)",
        result.services,
        [
            ("Endpoint", lambda s: s.endpoint),
            ("GB/VPC", lambda s: scalar("gb_per_vpc", s.gb_per_vpc)),
            ("Every VPC", lambda s: format_money(s.every_vpc_monthly)),
            ("Hub", lambda s: format_money(s.hub_monthly)),
            ("Savings", lambda s: format_money(s.savings_monthly)),
            ("Verdict", lambda s: s.verdict),
            ("As VPCs vary", lambda s: _even(s.vpcs)),
            ("As GB vary", lambda s: _even(s.gb)),
        ],
        known={
            "endpoint",
            "gb_per_vpc",
            "every_vpc_monthly",
            "hub_monthly",
            "savings_monthly",
            "verdict",
            "vpcs",
            "gb",
            "reason",
        },
        numeric={1, 2, 3, 4},
    )
    reasons = tuple((f"{s.endpoint}: ", *linkify(s.reason)) for s in result.services)
    used = {
        "inputs",
        "prices",
        "assumptions",
        "every_vpc",
        "hub",
        "attachments_monthly",
        "situations",
        "dns_options",
        "services",
        "verdict",
    }
    return Page(
        title=f"Endpoints in a hub or in every VPC: {inputs.vpcs} VPCs in {inputs.region}",
        question=(
            f"Should {inputs.vpcs} VPCs in {inputs.region} share interface endpoints in a hub VPC over Transit "
            "Gateway, or each keep their own?"
        ),
        verdict=linkify(" ".join(result.verdict)),
        facts=(
            *input_facts(inputs),
            ("Transit Gateway attachments, monthly", format_money(result.attachments_monthly)),
            *prices_facts(result.prices),
        ),
        sections=(
            Section(title="Both situations", anchor=f"{key}-situations", charts=(chart,), tables=(situations,)),
            Section(title="DNS options", anchor=f"{key}-dns", tables=(dns, dns_situations)),
            Section(title="Each service", anchor=f"{key}-services", tables=(services,), bullets=reasons),
            costed_section("Endpoints in every VPC", f"{key}-every-vpc", result.every_vpc, sources),
            costed_section("Endpoints in a hub", f"{key}-hub", result.hub, sources),
            bullet_section("Assumptions", f"{key}-assumptions", result.assumptions),
            sources.section(),
            *leftovers(result, used, key),
        ),
        schema=f"{result.schema_name} v{result.schema_version}",
    )


def organisation_page(result: Any, context: Context) -> Page:
    """Every VPC's savings, the hubs, where each endpoint lives, then each VPC's own plan."""
    key = context.key
    sources = Sources(key)
    rows = [
        Row(
            (
                v.name,
                v.region,
                v.nat_action,
                "yes" if v.joins_hub else "no",
                ", ".join(v.endpoints_local) or "-",
                ", ".join(v.endpoints_via_hub) or "-",
                format_money(v.baseline_monthly),
                format_money(v.own_plan_monthly),
                format_money(v.plan_monthly),
                format_money(v.savings_monthly),
            )
        )
        for v in result.vpcs
    ]
    rows.append(
        Row(
            (
                "All VPCs",
                "",
                "",
                "",
                "",
                "",
                format_money(result.baseline_monthly),
                format_money(result.own_plans_monthly),
                format_money(result.plan_monthly),
                format_money(result.savings_monthly),
            ),
            total=True,
        )
    )
    summary = Table(
        caption="Every VPC's savings",
        headers=(
            "VPC",
            "Region",
            "NAT",
            "Joins the hub",
            "Endpoints of its own",
            "Endpoints via the hub",
            "Today",
            "Own plan",
            "Organisation plan",
            "Savings",
        ),
        rows=tuple(rows),
        numeric=frozenset({6, 7, 8, 9}),
    )
    bars = [(v.name, v.baseline_monthly, v.plan_monthly) for v in result.vpcs]
    described = "; ".join(
        f"{v.name}: {format_money(v.baseline_monthly)} today, {format_money(v.plan_monthly)} with the plan"
        for v in result.vpcs
    )
    alt = f"Monthly cost per VPC, today and with the organisation plan. {described}."
    chart = Chart(svg=charts.paired_bars(bars, ("Today", "With the plan"), f"{key}-vpcs", alt), caption=alt, alt=alt)
    hubs = []
    for hub in result.hubs:
        table = line_items_table(f"Hub in {hub.region}: line items", hub.line_items, [("Total", hub.monthly)], sources)
        hubs.append(
            Section(
                title=f"Hub VPC in {hub.region}",
                anchor=f"{key}-hub-{hub.region}",
                paragraphs=(linkify(hub.reason),),
                facts=tuple(
                    (title_of(n), scalar(n, v)) for n, v in fields_of(hub).items() if n not in {"line_items", "reason"}
                ),
                tables=(table,),
            )
        )
    placements = model_table(
        "Where each interface endpoint lives",
        result.endpoints,
        [
            ("Region", lambda e: e.region),
            ("Endpoint", lambda e: e.endpoint),
            ("Placement", lambda e: e.placement),
            ("VPCs via the hub", lambda e: ", ".join(e.via_hub) or "-"),
            ("VPCs with their own", lambda e: ", ".join(e.local) or "-"),
            ("Savings", lambda e: format_money(e.savings_monthly)),
            ("Reason", lambda e: linkify(e.reason)),
        ],
        known={"region", "endpoint", "placement", "via_hub", "local", "savings_monthly", "reason"},
        numeric={5},
    )
    parts = []
    for index, vpc in enumerate(result.vpcs, start=1):
        part = Context(catalog=context.catalog, key=f"{key}-vpc{index}", code=context.code)
        changes = []
        for label, items in (("Added by joining the hub", vpc.added), ("Removed by joining the hub", vpc.removed)):
            if items:
                changes.append(line_items_table(label, items, [], sources))
        parts.append(
            Section(
                title=f"VPC {index}: {vpc.name}",
                anchor=part.key,
                paragraphs=((plan_verdict(vpc.plan),),),
                facts=tuple(
                    (title_of(n), scalar(n, v))
                    for n, v in fields_of(vpc).items()
                    if n not in {"plan", "added", "removed", "name"}
                ),
                tables=tuple(changes),
                subsections=tuple(plan_sections(vpc.plan, part)),
            )
        )
    used = {
        "name",
        "hours_per_month",
        "prices",
        "vpcs",
        "hubs",
        "endpoints",
        "baseline_monthly",
        "own_plans_monthly",
        "plan_monthly",
        "savings_monthly",
        "assumptions",
    }
    return Page(
        title=f"Organisation plan: {result.name}",
        question="Which endpoints should each VPC of the organisation create, which should a hub VPC share, and "
        "what does the whole organisation save?",
        verdict=(
            f"Together the VPCs cost {format_money(result.baseline_monthly)} a month today, "
            f"{format_money(result.own_plans_monthly)} with their own plans and {format_money(result.plan_monthly)} "
            f"with the organisation plan: {format_money(result.savings_monthly)} a month saved.",
        ),
        facts=(
            ("Organisation", result.name),
            ("Hours a month", scalar("hours_per_month", result.hours_per_month)),
            *prices_facts(result.prices),
        ),
        sections=(
            Section(title="Summary", anchor=f"{key}-summary", charts=(chart,), tables=(summary,)),
            *hubs,
            Section(title="Where each endpoint lives", anchor=f"{key}-placements", tables=(placements,)),
            *parts,
            bullet_section("Assumptions", f"{key}-assumptions", result.assumptions),
            sources.section(),
            *leftovers(result, used, key),
        ),
        schema=f"{result.schema_name} v{result.schema_version}",
    )
