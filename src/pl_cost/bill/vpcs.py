"""The inventory join: NAT gateways on the bill grouped by their VPC, and the layout a plan of them may assume.

A plan prices NAT gateways from its profile's `azs` and `nat.mode` (per-az: one NAT per AZ), so the layout
comes from the NAT gateways themselves: how many, which AZs, zonal or regional. The VPC's subnets that hold
no NAT gateway say where its workloads run, which sets `azs` only where that adds no NAT gateway the bill
does not have (one NAT, or a regional NAT with its own active AZs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pl_cost.bill.model import NatGatewayBill, VpcGroup
from pl_cost.components import MAX_AZS
from pl_cost.inventory import Inventory


@dataclass(frozen=True)
class Layout:
    """What a plan of some NAT gateways assumes: workload AZs, NAT mode, a regional NAT's active AZs, and why."""

    azs: int
    nat_mode: str
    active_azs: int | None = None
    notes: list[str] = field(default_factory=list)


def vpc_groups(nats: Sequence[NatGatewayBill], inventory: Inventory | None) -> list[VpcGroup]:
    """One group per VPC of the given NAT entries: its NATs' AZs, its workloads' AZs, NAT layout, GB and cost."""
    if inventory is None:
        return []
    split: dict[str, list[NatGatewayBill]] = defaultdict(list)
    for nat in nats:
        if nat.vpc_id:
            split[nat.vpc_id].append(nat)
    nat_subnets = {n.subnet_id for n in inventory.nat_gateways if n.subnet_id}
    workload_zones: dict[str, set[str]] = defaultdict(set)
    for subnet in inventory.subnets:
        if subnet.vpc_id and subnet.availability_zone and subnet.id not in nat_subnets:
            workload_zones[subnet.vpc_id].add(subnet.availability_zone)
    found = []
    for vpc_id in sorted(split):
        members = split[vpc_id]
        costs = [n.nat_cost for n in members]
        found.append(
            VpcGroup(
                vpc_id=vpc_id,
                account_id=members[0].account_id,
                region=members[0].region,
                nat_gateway_ids=[n.nat_gateway_id or n.resource_id for n in members],
                availability_zones=sorted({z for n in members for z in n.availability_zones}),
                workload_availability_zones=sorted(workload_zones.get(vpc_id, set())),
                nat_mode=_mode(members),
                nat_gb=sum((n.nat_gb for n in members), Decimal(0)),
                nat_cost=None
                if any(c is None for c in costs)
                else sum((c for c in costs if c is not None), Decimal(0)),
            )
        )
    return found


def _mode(nats: Sequence[NatGatewayBill]) -> str:
    if any(n.availability_mode == "regional" for n in nats):
        return "regional"
    return "per-az" if sum(1 for n in nats if n.availability_mode == "zonal") > 1 else "single"


def plan_layout(nats: Sequence[NatGatewayBill], vpc: VpcGroup | None) -> Layout:
    """The layout of a plan for these NAT gateways (a VPC's busy ones, or one NAT without an inventory)."""
    if vpc is None:
        return Layout(1, "regional" if nats[0].availability_mode == "regional" else "single")
    nat_zones = {z for n in nats for z in n.availability_zones}
    workload = sorted(nat_zones | set(vpc.workload_availability_zones))
    notes = []
    left_out = [i for i in vpc.nat_gateway_ids if i not in {n.nat_gateway_id or n.resource_id for n in nats}]
    if left_out:
        notes.append(f"idle NAT gateway(s) {', '.join(left_out)} left out of the plan (ranked as idle)")
    mode = _mode(nats)
    if mode == "regional":
        regional = {z for n in nats if n.availability_mode == "regional" for z in n.availability_zones}
        active = len(regional) or None
        azs = min(max(len(workload), active or 0, 1), MAX_AZS)
        return Layout(azs, mode, min(active, azs) if active else None, notes)
    if mode == "per-az":
        count = len({n.nat_gateway_id or n.resource_id for n in nats})
        azs = min(count, MAX_AZS)
        if len(workload) > azs:
            notes.append(
                f"workloads in {len(workload)} AZs ({', '.join(workload)}) but {count} NAT gateways: planned as {azs}"
                " AZs, one NAT each, so no NAT is priced that the bill does not have"
            )
        return Layout(azs, mode, None, notes)
    return Layout(min(max(len(workload), 1), MAX_AZS), mode, None, notes)
