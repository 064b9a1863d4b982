"""Terraform for a plan: aws_vpc_endpoint resources, their security group, and a DNS-attribute check."""

from __future__ import annotations

import json

from pl_cost.iac import header_lines, interface_subnets_text, resource_id
from pl_cost.recommend.results import Plan


def _q(text: str) -> str:
    return json.dumps(text)


def terraform(plan: Plan) -> str:
    """A Terraform configuration (HCL) creating the plan's endpoints."""
    interface = [e for e in plan.endpoints if e.type == "interface"]
    gateway = [e for e in plan.endpoints if e.type == "gateway"]
    out = [f"# {line}" for line in header_lines(plan)] + [""]
    count = plan.endpoint_azs.count
    out += [
        'variable "vpc_id" {',
        "  type        = string",
        '  description = "The VPC that gets the endpoints."',
        "}",
        "",
    ]
    if interface:  # subnets and security groups only where an interface endpoint uses them
        out += [
            'variable "subnet_ids" {',
            "  type        = list(string)",
            f"  description = {_q(interface_subnets_text(plan))}",
            "  validation {",
            f"    condition     = length(var.subnet_ids) == {count}",
            f'    error_message = "Give {count} subnet(s), one in each AZ that gets the interface endpoints."',
            "  }",
            "}",
            "",
            'variable "workload_security_group_ids" {',
            "  type        = list(string)",
            '  description = "Security groups of the workloads that call the endpoints (allowed in on 443)."',
            "}",
            "",
        ]
    if gateway:
        out += [
            'variable "route_table_ids" {',
            "  type        = list(string)",
            '  description = "Route tables of the private subnets, for the gateway endpoints."',
            "}",
            "",
        ]
    if interface:
        out += [
            'data "aws_vpc" "this" {',
            "  id = var.vpc_id",
            "}",
            "",
            "# Private DNS for interface endpoints needs both VPC DNS attributes; set them on the aws_vpc resource",
            "# (enable_dns_support, enable_dns_hostnames) where the VPC is managed. "
            "This check warns when they are off.",
            'check "vpc_dns_attributes" {',
            "  assert {",
            "    condition     = data.aws_vpc.this.enable_dns_support && data.aws_vpc.this.enable_dns_hostnames",
            '    error_message = "Turn on enableDnsSupport and enableDnsHostnames on the VPC for private DNS."',
            "  }",
            "}",
            "",
        ]
    if interface:
        out += [
            'resource "aws_security_group" "vpc_endpoints" {',
            '  name_prefix = "vpc-endpoints-"',
            '  description = "Interface endpoints: HTTPS from the workloads"',
            "  vpc_id      = var.vpc_id",
            "",
            "  ingress {",
            '    description     = "HTTPS from workload security groups"',
            "    from_port       = 443",
            "    to_port         = 443",
            '    protocol        = "tcp"',
            "    security_groups = var.workload_security_group_ids",
            "  }",
            "}",
            "",
        ]
    for endpoint in gateway:
        out += [
            f'resource "aws_vpc_endpoint" "{resource_id(endpoint.service)}" {{',
            "  vpc_id            = var.vpc_id",
            f"  service_name      = {_q(endpoint.service_name)}",
            '  vpc_endpoint_type = "Gateway"',
            "  route_table_ids   = var.route_table_ids",
            "  tags = {",
            f"    Name = {_q(f'{endpoint.service}-gateway')}",
            f"    Why  = {_q('; '.join(endpoint.why))}",
            "  }",
            "}",
            "",
        ]
    for endpoint in interface:
        out += [
            f'resource "aws_vpc_endpoint" "{resource_id(endpoint.service)}" {{',
            "  vpc_id              = var.vpc_id",
            f"  service_name        = {_q(endpoint.service_name)}",
            '  vpc_endpoint_type   = "Interface"',
            "  subnet_ids          = var.subnet_ids",
            "  security_group_ids  = [aws_security_group.vpc_endpoints.id]",
            "  private_dns_enabled = true",
            "  tags = {",
            f"    Name = {_q(endpoint.service)}",
            f"    Why  = {_q('; '.join(endpoint.why))}",
            "  }",
            "}",
            "",
        ]
    return "\n".join(out)
