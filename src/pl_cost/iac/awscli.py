"""An AWS CLI script for a plan, in the spirit of AWS's own examples: DNS attributes, SG, endpoints."""

from __future__ import annotations

import shlex

from pl_cost.iac import header_lines, interface_subnets_text
from pl_cost.recommend.results import Plan


def aws_cli(plan: Plan) -> str:
    """A bash script that creates the plan's endpoints with `aws ec2` commands."""
    interface = [e for e in plan.endpoints if e.type == "interface"]
    gateway = [e for e in plan.endpoints if e.type == "gateway"]
    out = ["#!/usr/bin/env bash", *[f"# {line}" for line in header_lines(plan)]]
    out += [
        "#",
        "# Inputs (environment variables): VPC_ID, SUBNET_IDS (space-separated),",
        "# ROUTE_TABLE_IDS (space-separated), WORKLOAD_SG_IDS (space-separated).",
        f"# SUBNET_IDS: {interface_subnets_text(plan)}",
        "set -euo pipefail",
        "",
        f"REGION={shlex.quote(plan.region)}  # the endpoint service names below are for this region",
        ': "${VPC_ID:?set VPC_ID to the VPC that gets the endpoints}"',
    ]
    if interface:
        count = plan.endpoint_azs.count
        out += [
            ': "${SUBNET_IDS:?set SUBNET_IDS to the subnets for the interface endpoints}"',
            ': "${WORKLOAD_SG_IDS:?set WORKLOAD_SG_IDS to the workloads security groups}"',
            "# shellcheck disable=SC2086  # count the subnet IDs",
            f'set -- $SUBNET_IDS; [ "$#" -eq {count} ] || {{ echo "SUBNET_IDS: give {count} subnet(s)" >&2; exit 2; }}',
        ]
    if gateway:
        out.append(': "${ROUTE_TABLE_IDS:?set ROUTE_TABLE_IDS to the private route tables}"')
    out.append("")
    if interface:
        out += [
            "# Private DNS needs both VPC DNS attributes (one attribute per call).",
            'aws ec2 modify-vpc-attribute --region "$REGION" --vpc-id "$VPC_ID" \\',
            "  --enable-dns-support '{\"Value\":true}'",
            'aws ec2 modify-vpc-attribute --region "$REGION" --vpc-id "$VPC_ID" \\',
            "  --enable-dns-hostnames '{\"Value\":true}'",
            "",
            "# A security group for the interface endpoints: HTTPS in from the workloads.",
            'ENDPOINT_SG_ID=$(aws ec2 create-security-group --region "$REGION" --vpc-id "$VPC_ID" \\',
            "  --group-name vpc-endpoints --description 'Interface endpoints: HTTPS from the workloads' \\",
            "  --query GroupId --output text)",
            "for source_sg in $WORKLOAD_SG_IDS; do",
            '  aws ec2 authorize-security-group-ingress --region "$REGION" --group-id "$ENDPOINT_SG_ID" \\',
            '    --protocol tcp --port 443 --source-group "$source_sg"',
            "done",
            "",
        ]
    for endpoint in gateway:
        out += [
            f"# {endpoint.service} gateway endpoint (free): {'; '.join(endpoint.why)}",
            "# shellcheck disable=SC2086  # the ID lists are meant to split into arguments",
            'aws ec2 create-vpc-endpoint --region "$REGION" --vpc-id "$VPC_ID" \\',
            f"  --vpc-endpoint-type Gateway --service-name {shlex.quote(endpoint.service_name)} \\",
            "  --route-table-ids $ROUTE_TABLE_IDS",
            "",
        ]
    for endpoint in interface:
        out += [
            f"# {endpoint.service} interface endpoint: {'; '.join(endpoint.why)}",
            "# shellcheck disable=SC2086  # the ID lists are meant to split into arguments",
            'aws ec2 create-vpc-endpoint --region "$REGION" --vpc-id "$VPC_ID" \\',
            f"  --vpc-endpoint-type Interface --service-name {shlex.quote(endpoint.service_name)} \\",
            '  --subnet-ids $SUBNET_IDS --security-group-ids "$ENDPOINT_SG_ID" --private-dns-enabled',
            "",
        ]
    if not plan.endpoints:
        out.append("echo 'The plan has no endpoints: nothing to create.'")
    return "\n".join(out) + "\n"
