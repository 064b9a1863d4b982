"""The inventory join: NAT gateways on the bill grouped by the VPC `aws ec2 describe-nat-gateways` puts them in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from pl_cost.bill.model import NatGatewayBill, VpcGroup
from pl_cost.inventory import Inventory


def vpc_groups(nats: Sequence[NatGatewayBill], inventory: Inventory | None) -> list[VpcGroup]:
    """One group per VPC of the given NAT entries: its AZs (NATs' and subnets'), NAT layout, GB and cost."""
    if inventory is None:
        return []
    split: dict[str, list[NatGatewayBill]] = defaultdict(list)
    for nat in nats:
        if nat.vpc_id:
            split[nat.vpc_id].append(nat)
    found = []
    for vpc_id in sorted(split):
        members = split[vpc_id]
        zones: set[str] = set()
        for nat in members:
            described = inventory.nat_gateway(nat.nat_gateway_id or "")
            if described is not None:
                zones.update(described.availability_zones)
        zones.update(s.availability_zone for s in inventory.subnets if s.vpc_id == vpc_id and s.availability_zone)
        regional = any(n.availability_mode == "regional" for n in members)
        zonal = [n for n in members if n.availability_mode == "zonal"]
        mode = "regional" if regional else "per-az" if len(zonal) > 1 else "single"
        costs = [n.nat_cost for n in members]
        found.append(
            VpcGroup(
                vpc_id=vpc_id,
                account_id=members[0].account_id,
                region=members[0].region,
                nat_gateway_ids=[n.nat_gateway_id or n.resource_id for n in members],
                availability_zones=sorted(zones),
                nat_mode=mode,
                nat_gb=sum((n.nat_gb for n in members), Decimal(0)),
                nat_cost=None
                if any(c is None for c in costs)
                else sum((c for c in costs if c is not None), Decimal(0)),
            )
        )
    return found
