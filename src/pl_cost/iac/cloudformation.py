"""CloudFormation for a plan: AWS::EC2::VPCEndpoint resources with the VPC inputs as Parameters."""

from __future__ import annotations

from typing import Any

import yaml

from pl_cost.iac import header_lines, interface_subnets_text
from pl_cost.recommend.results import Plan


def logical_id(endpoint: str, kind: str) -> str:
    """CloudFormation logical IDs are alphanumeric: ecr.api -> EcrApiInterfaceEndpoint."""
    words = "".join(c if c.isalnum() else " " for c in endpoint).split()
    return "".join(w[:1].upper() + w[1:] for w in words) + kind


def cloudformation(plan: Plan) -> str:
    """A CloudFormation template (YAML) creating the plan's endpoints."""
    interface = [e for e in plan.endpoints if e.type == "interface"]
    gateway = [e for e in plan.endpoints if e.type == "gateway"]
    resources: dict[str, Any] = {}
    template: dict[str, Any] = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"VPC endpoints planned by pl-cost for {plan.profile} ({plan.region})",
    }
    if interface:
        # One ingress rule per workload security group: Fn::ForEach needs the language extensions.
        template["Transform"] = "AWS::LanguageExtensions"
    template["Parameters"] = {
        "VpcId": {"Type": "AWS::EC2::VPC::Id", "Description": "The VPC that gets the endpoints."},
        "SubnetIds": {
            "Type": "List<AWS::EC2::Subnet::Id>",
            "Description": interface_subnets_text(plan),
        },
        "RouteTableIds": {
            "Type": "CommaDelimitedList",
            "Description": "Route tables of the private subnets, for the gateway endpoints.",
        },
        "WorkloadSecurityGroupIds": {
            "Type": "List<AWS::EC2::SecurityGroup::Id>",
            "Description": "Security groups of the workloads that call the endpoints (allowed in on 443).",
        },
    }
    template["Rules"] = {
        "PlanRegion": {
            "Assertions": [
                {
                    "Assert": {"Fn::Equals": [{"Ref": "AWS::Region"}, plan.region]},
                    "AssertDescription": f"The endpoint service names are for {plan.region}: deploy in {plan.region}.",
                }
            ]
        }
    }
    if not gateway:
        del template["Parameters"]["RouteTableIds"]
    if not interface:
        for name in ("SubnetIds", "WorkloadSecurityGroupIds"):
            del template["Parameters"][name]
    if interface:
        resources["EndpointSecurityGroup"] = {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "Interface endpoints: HTTPS from the workloads",
                "VpcId": {"Ref": "VpcId"},
            },
        }
        resources["Fn::ForEach::WorkloadIngress"] = [
            "WorkloadGroupId",
            {"Ref": "WorkloadSecurityGroupIds"},
            {
                "IngressFrom&{WorkloadGroupId}": {
                    "Type": "AWS::EC2::SecurityGroupIngress",
                    "Properties": {
                        "GroupId": {"Fn::GetAtt": ["EndpointSecurityGroup", "GroupId"]},
                        "Description": "HTTPS from a workload security group",
                        "IpProtocol": "tcp",
                        "FromPort": 443,
                        "ToPort": 443,
                        "SourceSecurityGroupId": {"Ref": "WorkloadGroupId"},
                    },
                }
            },
        ]
    for endpoint in gateway:
        resources[logical_id(endpoint.service, "GatewayEndpoint")] = {
            "Type": "AWS::EC2::VPCEndpoint",
            "Properties": {
                "VpcId": {"Ref": "VpcId"},
                "ServiceName": endpoint.service_name,
                "VpcEndpointType": "Gateway",
                "RouteTableIds": {"Ref": "RouteTableIds"},
            },
        }
    for endpoint in interface:
        resources[logical_id(endpoint.service, "InterfaceEndpoint")] = {
            "Type": "AWS::EC2::VPCEndpoint",
            "Properties": {
                "VpcId": {"Ref": "VpcId"},
                "ServiceName": endpoint.service_name,
                "VpcEndpointType": "Interface",
                "SubnetIds": {"Ref": "SubnetIds"},
                "SecurityGroupIds": [{"Fn::GetAtt": ["EndpointSecurityGroup", "GroupId"]}],
                "PrivateDnsEnabled": True,
            },
        }
    if not resources:
        resources["NoEndpoints"] = {"Type": "AWS::CloudFormation::WaitConditionHandle"}
    template["Resources"] = resources
    template["Outputs"] = {"VpcId": {"Description": "The VPC the endpoints belong to.", "Value": {"Ref": "VpcId"}}}
    header = "".join(f"# {line}\n" for line in header_lines(plan))
    return header + yaml.safe_dump(template, sort_keys=False, width=120)
