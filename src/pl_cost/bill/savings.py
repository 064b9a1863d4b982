"""What endpoints could save per NAT gateway: idle NATs, the upper bound, and the planner's answer at the bill's rates.

The upper bound is the most any endpoint plan could take off a NAT gateway: every GB it processed could go
to a gateway endpoint, which costs nothing (S3 and DynamoDB: "There is no additional charge for using
gateway endpoints", https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html), so its whole
processing charge at its effective $/GB goes, and so does the inter-AZ transfer on its ARN (an endpoint is
reached in the workload's own AZ); with nothing left on it, the NAT itself can go, with its NAT-hours, its
other NAT charges and its public IPv4 address (released, or it stays billed). Internet and inter-region
transfer on its ARN stay (no endpoint carries them). Nothing is subtracted, so no plan saves more; it is a
ceiling, never a plan.
"""

from __future__ import annotations

from decimal import Decimal

from pl_cost.bill.model import NatGatewayBill
from pl_cost.catalog import Catalog
from pl_cost.errors import PlCostError

#: Rows on a NAT's ARN besides its own that endpoints would take away with its traffic.
REMOVABLE_RELATED = ("inter_az",)
#: How the upper bound is made, word for word in the report's assumptions.
UPPER_BOUND_RULE = (
    "savings_upper_bound_monthly: every GB the NAT processed at its effective $/GB (all of it could ride S3 or"
    " DynamoDB gateway endpoints, which cost nothing) and the inter-AZ transfer on its ARN (endpoints are reached in"
    " the workload's own AZ), plus, since nothing would then be left on it, its NAT-hours, its other NAT charges"
    " and its public IPv4 address hours as billed (delete the NAT and release the address); scaled to a month."
    " Nothing is subtracted, so no plan saves more on this bill: a ceiling, not a plan. Public IPv4 rows name the"
    " address, not the NAT: without --inventory they are left out of the bound and the caveats say so. Idle NAT"
    " gateways have no GB: they count under idle, with a bound of 0."
)


def endpoint_gb_rate(catalog: Catalog, region: str) -> Decimal | None:
    """The interface endpoint's first-tier $/GB in the region (the highest tier), None when the catalog lacks it."""
    try:
        rate = catalog.rate(region, "interface_endpoint_gb")
    except PlCostError:
        return None
    return rate.tier_list()[0].price


def address_cost(nat: NatGatewayBill) -> tuple[Decimal | None, bool]:
    """The NAT's public IPv4 cost on the bill, and whether it is known (a private NAT's is 0, known)."""
    if nat.public_ipv4 is not None:
        return nat.public_ipv4.net_cost, nat.public_ipv4.net_cost is not None
    if nat.public_ipv4_note.startswith("none"):
        return Decimal(0), True
    return None, False


def upper_bound(nat: NatGatewayBill) -> Decimal | None:
    """The most endpoints could save on this NAT a month (see UPPER_BOUND_RULE); None when a cost is missing."""
    if nat.idle or nat.nat_gb == 0:
        return Decimal(0)
    inter_az = [c.net_cost for c in nat.related if c.charge in REMOVABLE_RELATED]
    parts = [nat.nat_cost, *(c.net_cost for c in nat.other_nat_charges), *inter_az]
    if any(p is None for p in parts):
        return None
    address, _ = address_cost(nat)
    total = sum((p for p in parts if p is not None), Decimal(0)) + (address or Decimal(0))
    return total * nat.monthly_factor


def with_savings(nat: NatGatewayBill, catalog: Catalog, allocations: tuple[str, ...] = ()) -> NatGatewayBill:
    """The entry with its endpoint rate, upper bound, idle savings and next step filled in."""
    idle_savings = None
    if nat.idle and nat.hours is not None and nat.hours.net_cost is not None:
        address, _ = address_cost(nat)
        idle_savings = (nat.hours.net_cost + (address or Decimal(0))) * nat.monthly_factor
    return nat.model_copy(
        update={
            "endpoint_gb_rate": endpoint_gb_rate(catalog, nat.region),
            "savings_upper_bound_monthly": upper_bound(nat),
            "idle_savings_monthly": idle_savings,
            "next_step": next_step(nat, allocations),
        }
    )


def next_step(nat: NatGatewayBill, allocations: tuple[str, ...] = ()) -> str:
    """What to do next about this NAT gateway, as a command where there is one."""
    name = nat.nat_gateway_id or nat.resource_id
    if nat.idle:
        step = (
            f"idle (no GB in {nat.billing_period}): check no route table uses {name}, then"
            f" aws ec2 delete-nat-gateway --nat-gateway-id {name} --region {nat.region}"
        )
        if nat.public_ipv4_note.startswith("none"):
            return step
        # Deleting a public NAT gateway "does not release the address from your account":
        # https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteNatGateway.html
        release = "; ".join(
            f"aws ec2 release-address --allocation-id {a} --region {nat.region}" for a in allocations
        ) or (
            f"aws ec2 release-address --allocation-id ALLOCATION --region {nat.region}"
            " (its allocation: aws ec2 describe-nat-gateways)"
        )
        return f"{step}; its Elastic IP stays billed until released: {release}"
    return measure_step(name, nat.region, nat.eni_ids, nat.vpc_id)


def measure_step(name: str, region: str, eni_ids: list[str], vpc_id: str | None) -> str:
    """The command that measures which share of a NAT's GB goes to AWS services."""
    eni = " ".join(f"--nat-eni {e}" for e in eni_ids) if eni_ids else "--nat-eni ENI"
    hint = "" if eni_ids else " (its ENI: aws ec2 describe-nat-gateways)"
    logs = f"{vpc_id}-FLOW-LOGS" if vpc_id else "FLOW-LOGS"
    return f"measure its traffic: pl-cost profile flow-logs {logs} --region {region} {eni} -o {name}.yaml{hint}"
