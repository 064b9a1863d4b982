"""What endpoints could save per NAT gateway: idle NATs, the upper bound, and the planner's answer at the bill's rates.

The upper bound prices every GB a NAT processed at (its effective $/GB − the interface endpoint $/GB, first
tier) and subtracts nothing else: no endpoint-hours, no cross-AZ transfer, no traffic that must stay on the
NAT. It is the most endpoints could ever take off that NAT's processing charge, never a plan.
"""

from __future__ import annotations

from decimal import Decimal

from pl_cost.bill.model import NatGatewayBill
from pl_cost.catalog import Catalog
from pl_cost.errors import PlCostError


def endpoint_gb_rate(catalog: Catalog, region: str) -> Decimal | None:
    """The interface endpoint's first-tier $/GB in the region (the highest tier), None when the catalog lacks it."""
    try:
        rate = catalog.rate(region, "interface_endpoint_gb")
    except PlCostError:
        return None
    return rate.tier_list()[0].price


def with_savings(nat: NatGatewayBill, catalog: Catalog) -> NatGatewayBill:
    """The entry with its endpoint rate, upper bound, idle savings and next step filled in."""
    endpoint_rate = endpoint_gb_rate(catalog, nat.region)
    factor = nat.monthly_factor
    bound: Decimal | None
    if nat.nat_gb == 0:
        bound = Decimal(0)
    elif nat.effective_gb_rate is None or endpoint_rate is None:
        bound = None
    else:
        bound = max(nat.effective_gb_rate - endpoint_rate, Decimal(0)) * nat.nat_gb * factor
    idle_savings = None
    if nat.idle and nat.hours is not None and nat.hours.net_cost is not None:
        address = nat.public_ipv4.net_cost if nat.public_ipv4 is not None and nat.public_ipv4.net_cost else Decimal(0)
        idle_savings = (nat.hours.net_cost + address) * factor
    step = next_step(nat)
    return nat.model_copy(
        update={
            "endpoint_gb_rate": endpoint_rate,
            "savings_upper_bound_monthly": bound,
            "idle_savings_monthly": idle_savings,
            "next_step": step,
        }
    )


def next_step(nat: NatGatewayBill) -> str:
    """What to do next about this NAT gateway, as a command where there is one."""
    name = nat.nat_gateway_id or nat.resource_id
    if nat.idle:
        return (
            f"idle (no GB in {nat.billing_period}): check no route table uses {name}, then"
            f" aws ec2 delete-nat-gateway --nat-gateway-id {name} --region {nat.region}"
        )
    return measure_step(name, nat.region, nat.eni_ids, nat.vpc_id)


def measure_step(name: str, region: str, eni_ids: list[str], vpc_id: str | None) -> str:
    """The command that measures which share of a NAT's GB goes to AWS services."""
    eni = " ".join(f"--nat-eni {e}" for e in eni_ids) if eni_ids else "--nat-eni ENI"
    hint = "" if eni_ids else " (its ENI: aws ec2 describe-nat-gateways)"
    logs = f"{vpc_id}-FLOW-LOGS" if vpc_id else "FLOW-LOGS"
    return f"measure its traffic: pl-cost profile flow-logs {logs} --region {region} {eni} -o {name}.yaml{hint}"
