"""The checks a careful engineer makes before applying a plan, each with the page it comes from."""

from __future__ import annotations

from pl_cost.assumptions import CROSS_AZ_FREE_SOURCE
from pl_cost.recommend.cost import Priced
from pl_cost.recommend.profile import Profile
from pl_cost.recommend.results import Advice

PRIVATELINK_DNS = "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html"
VPC_DNS = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html#vpc-dns-support"
ENDPOINT_POLICY = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html"
S3_GATEWAY = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html"
DNS_OPTIONS = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DnsOptionsSpecification.html"
EKS_PRIVATE = "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html"
ECR_ENDPOINTS = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"
SSM_VPC = "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html"
PRIVATELINK_CROSS_AZ = CROSS_AZ_FREE_SOURCE
CODEARTIFACT_S3 = "https://docs.aws.amazon.com/codeartifact/latest/ug/create-s3-gateway-endpoint.html"


def advice(profile: Profile, plan: Priced) -> list[Advice]:
    """The checks that apply to this plan, in the order to do them."""
    interface = set(plan.interface_endpoints)
    gateways = set(plan.gateway_endpoints)
    used = set(profile.services)
    items: list[Advice] = []
    if interface:
        items += [
            Advice(
                check="vpc-dns-attributes",
                text="Turn on both VPC DNS attributes, enableDnsSupport and enableDnsHostnames: private DNS "
                "for interface endpoints needs them, or clients keep resolving public addresses via the NAT.",
                source=VPC_DNS,
            ),
            Advice(
                check="endpoint-security-group",
                text="Give the interface endpoints a security group that allows TCP 443 in from the workloads' "
                "security groups; without it calls time out.",
                source=PRIVATELINK_DNS,
            ),
        ]
    if interface or gateways:
        items.append(
            Advice(
                check="endpoint-policy",
                text="Scope each endpoint policy to what the workload uses (its buckets, tables, actions); the "
                "default policy allows every principal and resource."
                + (" The S3 policy must allow the ECR layer bucket." if "ecr" in used else "")
                + (
                    " The S3 policy must allow CodeArtifact's assets bucket for the region (listed on "
                    f"{CODEARTIFACT_S3})."
                    if "codeartifact" in used
                    else ""
                )
                + (" For SSM allow aws-ssm-<region> and patch-baseline-snapshot-<region>." if _ssm(profile) else ""),
                source=ENDPOINT_POLICY,
            )
        )
    if gateways:
        items += [
            Advice(
                check="gateway-same-region",
                text="Gateway endpoints serve only same-region S3 buckets and DynamoDB tables, and only from inside "
                "the VPC (not over peering, VPN, Direct Connect or Transit Gateway): other traffic stays on the NAT.",
                source=S3_GATEWAY,
            ),
            Advice(
                check="gateway-connection-reset",
                text="Adding a gateway endpoint changes routes, which resets open connections to the service; "
                "apply it in a quiet window.",
                source=S3_GATEWAY,
            ),
        ]
    if "s3" in gateways:
        items.append(
            Advice(
                check="s3-interface-dns-option",
                text="If an S3 interface endpoint also exists (for on-premises access), set its DNS option "
                "PrivateDnsOnlyForInboundResolverEndpoint so in-VPC S3 traffic stays on the free gateway.",
                source=DNS_OPTIONS,
            )
        )
    if "sts" in interface or "sts" in used:
        items.append(
            Advice(
                check="regional-sts",
                text="SDKs must call the regional STS endpoint (AWS_STS_REGIONAL_ENDPOINTS=regional); many v1 SDKs "
                "default to the global sts.amazonaws.com, which no VPC endpoint serves, so it still uses the NAT.",
                source=EKS_PRIVATE,
            )
        )
    if "ecr" in used or {"ecr.api", "ecr.dkr"} & interface:
        items.append(
            Advice(
                check="ecr-pull-through-cache",
                text="The first pull through an ECR pull-through-cache rule needs the internet (a NAT); later "
                "pulls do not. Warm the cache before removing the NAT.",
                source=ECR_ENDPOINTS,
            )
        )
    if plan.choice.nat == "remove" and "ssm-run-command-and-patching" in profile.workloads:
        items.append(
            Advice(
                check="patching-needs-repositories",
                text="Patch Manager on non-Amazon-Linux instances needs their OS repositories on the internet "
                "(or a proxy or mirror); endpoints alone do not reach them.",
                source=SSM_VPC,
            )
        )
    if interface and plan.endpoint_azs < profile.azs:
        items.append(
            Advice(
                check="endpoint-azs",
                text=f"The interface endpoints have ENIs in {plan.endpoint_azs} of the {profile.azs} AZs: pick "
                "subnets in the AZs you trust most, and keep the endpoints' security group open to every AZ's "
                "workloads. If that AZ fails, the others lose private access to these services (the same trade "
                "as one NAT); set endpoint_azs to keep more.",
                source=PRIVATELINK_CROSS_AZ,
            )
        )
    return items


def _ssm(profile: Profile) -> bool:
    return "ssm" in profile.services or any(w.startswith("ssm-") for w in profile.workloads)
