"""The assumptions every answer states, worded once so `compare`, `breakeven` and `recommend` say the same."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from pl_cost.components import NatLayout
from pl_cost.money import DEFAULT_HOURS_PER_MONTH, format_quantity

if TYPE_CHECKING:
    from pl_cost.services import Route

INTERNET_EGRESS = "Internet egress is billed the same with or without endpoints and is left out."
CROSS_AZ_FREE_SINCE = "2022-04-01"
CROSS_AZ_FREE_SOURCE = (
    "https://aws.amazon.com/about-aws/whats-new/2022/04/"
    "aws-data-transfer-price-reduction-privatelink-transit-gateway-client-vpn-services/"
)
PRIVATELINK_CROSS_AZ_FREE = (
    "Clients in an AZ without an endpoint ENI reach one in another AZ at no inter-AZ charge: data between AZs "
    f"over PrivateLink is free since {CROSS_AZ_FREE_SINCE} ({CROSS_AZ_FREE_SOURCE})."
)

REGIONAL_DEFAULT = (
    "the workload AZs; in automatic mode AWS activates it in every AZ where the VPC has subnets: "
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNatGateway.html"
)


def hours_line(hours: Decimal) -> str:
    """730 hours a month (the AWS Pricing Calculator's convention), or the hours given."""
    calculator = " (the AWS Pricing Calculator's convention)" if hours == DEFAULT_HOURS_PER_MONTH else ""
    return f"{format_quantity(hours)} hours a month{calculator}"


def nat_layout_lines(layout: NatLayout | None, azs: int, active_azs: int | None = None) -> list[str]:
    """What a NAT layout's price assumes about the traffic and the AZs it is billed in."""
    if layout == "single" and azs > 1:
        return [
            f"Traffic is spread evenly over the {azs} AZs; the {azs - 1} AZs without the shared NAT pay inter-AZ "
            "transfer both ways."
        ]
    if layout == "regional":
        count = active_azs or azs
        given = "as given" if active_azs else REGIONAL_DEFAULT
        return [
            f"The regional NAT is active in {count} AZ(s) ({given}), each billed per hour with a public IPv4 address."
        ]
    return []


def endpoint_azs_line(endpoint_azs: int, azs: int) -> str:
    """Where the interface endpoints' ENIs are, and what that means for traffic and availability."""
    if endpoint_azs >= azs:
        return f"Interface endpoints have an ENI in each of the {azs} AZ(s), so endpoint traffic stays in its own AZ."
    if endpoint_azs == 1:
        failure = (
            "The one AZ with the ENIs is a single point of failure: if it fails, every AZ loses private access to "
            "these services."
        )
    else:
        failure = (
            f"Losing one of those {endpoint_azs} AZs leaves the others serving every AZ; losing all of them cuts "
            "private access to these services."
        )
    return f"Interface endpoints have an ENI in {endpoint_azs} of the {azs} AZs. {PRIVATELINK_CROSS_AZ_FREE} {failure}"


def route_lines(route: Route) -> list[str]:
    """Where a service's bytes were assumed to travel, with the assumption and its source."""
    from pl_cost.services import service_table  # only answers about a service need the table

    service = service_table()[route.service]
    lines = []
    for kind, shares in route.shares.items():
        what = f"{route.service} {kind}" if kind else route.service
        for target, share in shares.items():
            percent = format_quantity(share * 100)
            if route.overridden and kind in ("", service.default_traffic):
                lines.append(f"{what}: {percent}% of its bytes travel to {target} (set in the profile).")
                continue
            rule = service.traffic[kind]
            why = "" if rule.measured else " " + rule.assumption
            lines.append(f"{what}: {percent}% of its bytes travel to {target}.{why} Source: {rule.source}")
    return lines


def endpoint_name_lines(region: str, names: Iterable[str]) -> list[str]:
    """Names pl-cost does not know (a typo prices like any interface endpoint) and availability not confirmed."""
    from pl_cost.endpoint_services import availability, endpoint_service_table
    from pl_cost.errors import did_you_mean
    from pl_cost.services import feature_table, service_table

    known = set(endpoint_service_table().endpoint_names)
    known.update(ref.service for feature in feature_table().values() for ref in feature.endpoints)
    for service in service_table().values():
        known.update(service.interface_endpoints)
        known.update(ref.service for ref in service.gateway_endpoints)
    lines, unconfirmed = [], []
    for name in names:
        if name not in known:
            hint = did_you_mean(name, known)
            lines.append(
                f"{name} is not an endpoint name pl-cost knows{f' ({hint})' if hint else ''}: it is priced as an "
                "interface endpoint; check the name before you rely on the figures."
            )
        elif availability(region, name).state == "unknown":
            unconfirmed.append(name)
    if unconfirmed:
        lines.append(
            f"pl-cost's data neither confirms nor rules out {', '.join(unconfirmed)} in {region}: check with "
            f"aws ec2 describe-vpc-endpoint-services --region {region} before you deploy."
        )
    return lines
