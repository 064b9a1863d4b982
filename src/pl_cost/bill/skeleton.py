"""Profile skeletons from the bill: one per VPC (one per NAT without an inventory) that `pl-cost recommend` reads.

The bill knows a VPC's region, its NAT gateways' AZs and layout, and their GB; it cannot know which
services the GB go to, so every GB starts under `internet_gb_per_month` (the NAT stays) until flow logs,
or `--aws-share`, move some to `services`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pl_cost import yaml_out
from pl_cost.bill.model import BillReport, NatGatewayBill
from pl_cost.bill.vpcs import plan_layout
from pl_cost.money import format_quantity, plain

GB_PLACES = Decimal("0.000001")


def skeletons(report: BillReport, folder: Path) -> dict[Path, str]:
    """File path -> YAML text, for the latest billing period's NAT gateways."""
    period = report.savings.billing_period
    latest = [n for n in report.nat_gateways if n.billing_period == period and not n.idle]
    plans = {p.unit: p for p in report.plans if p.error is None}
    files: dict[Path, str] = {}
    vpcs = {v.vpc_id: v for v in report.vpcs}
    units: dict[str, list[NatGatewayBill]] = {}
    for nat in latest:
        vpc = vpcs.get(nat.vpc_id or "")
        units.setdefault(vpc.vpc_id if vpc else nat.nat_gateway_id or nat.resource_id.rsplit("/", 1)[-1], []).append(
            nat
        )
    for unit, members in units.items():
        nat = members[0]
        vpc = vpcs.get(unit)
        gb = sum((n.nat_gb * n.monthly_factor for n in members), Decimal(0)).quantize(GB_PLACES)
        if unit in plans:
            data = dict(plans[unit].profile)
            basis = f"services from {plans[unit].basis}"
        else:
            layout = plan_layout(members, vpc)
            nat_section: dict[str, Any] = {"mode": layout.nat_mode, "allow_fewer": False}
            if layout.active_azs is not None:
                nat_section["active_azs"] = layout.active_azs
            data = {
                "region": nat.region,
                "azs": layout.azs,
                "hours_per_month": report.hours_per_month,
                "nat": nat_section,
                "internet_gb_per_month": gb,
                "services": {},
            }
            basis = "every GB under internet_gb_per_month until measured"
        files[folder / f"{unit}.yaml"] = _header(
            unit, members, gb, period or "", report, basis, vpc is None
        ) + yaml_out.dump(data)
    return files


def _header(
    unit: str, members: list[NatGatewayBill], gb: Decimal, period: str, report: BillReport, basis: str, alone: bool
) -> str:
    nats = ", ".join(
        f"{n.nat_gateway_id or n.resource_id} ({n.availability_zone or n.availability_mode})" for n in members
    )
    lines = [
        f"# pl-cost profile skeleton for {unit} ({members[0].account_id}, {members[0].region}), from the bill",
        f"# ({report.source.format}, {period}): NAT gateways {nats};",
        f"# {format_quantity(gb, 3)} GB/month through them at {format_quantity(report.hours_per_month)} h/month;"
        f" {basis}.",
        "# Measure which services the GB go to: pl-cost profile flow-logs ... --nat-eni ..., then move GB from",
        "# internet_gb_per_month to services (names: pl-cost schema).",
    ]
    if alone:
        lines.append(
            "# No inventory: azs and nat.mode describe this one NAT; set them to the VPC's (--inventory does)."
        )
    lines.append(f"# Next: pl-cost recommend {unit}.yaml{_rates(members)}")
    return "\n".join(lines) + "\n"


def _rates(members: list[NatGatewayBill]) -> str:
    """`--price` options that price the NAT at the bill's effective rates (net of discounts)."""
    regional = any(n.availability_mode == "regional" for n in members)
    names = (
        ("regional_nat_gateway_hour", "regional_nat_gateway_gb") if regional else ("nat_gateway_hour", "nat_gateway_gb")
    )
    options = []
    for name, charges in ((names[0], [n.hours for n in members]), (names[1], [n.data for n in members])):
        known = [c for c in charges if c is not None]
        quantity = sum((c.quantity for c in known), Decimal(0))
        costs = [c.net_cost for c in known]
        if quantity and costs and all(c is not None for c in costs):
            rate = sum((c for c in costs if c is not None), Decimal(0)) / quantity
            options.append(f" --price {name}={plain(rate.quantize(Decimal('0.00000001')))}")
    return "".join(options)
