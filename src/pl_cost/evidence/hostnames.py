"""DNS names to endpoint services, from the service catalog: `api.ecr.<r>.amazonaws.com` is ECR.

An endpoint serves its own region's regional name only: `sts.amazonaws.com` (global STS) and names
in other regions stay on the NAT whatever endpoints the VPC gets
(https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pl_cost.services import service_table

#: Labels of a class of destination; `service:<name>` carries a catalog service name.
AWS_GLOBAL = "aws-global"
AWS_OTHER_REGION = "aws-other-region"
AWS_UNATTRIBUTED = "aws-unattributed"
SERVICE_PREFIX = "service:"

_SUFFIXES = (".amazonaws.com.cn", ".amazonaws.com", ".api.aws")
_REGION = re.compile(r"^(?:[a-z]{2}|[a-z]{2}-gov|[a-z]{2}-iso[a-z]?|eusc)-[a-z]+-\d$")
_ECS_AGENT = re.compile(r"^ecs-[at]-\d+$")
#: S3's own names at the end of a bucket's CNAME chain: s3-r-w.<region>.amazonaws.com, and without a
#: region s3-1-w / s3-3-w.amazonaws.com, which serve us-east-1 (the old s3.amazonaws.com endpoint).
_S3_TARGET = re.compile(r"^s3(?:-[a-z0-9]+)*-w$")
_S3_DEFAULT_REGION = "us-east-1"

#: DNS names that the endpoint names do not spell (endpoint `kinesis-streams` answers at `kinesis.<r>...`).
_ALIASES = {
    "kinesis": "kinesis-streams",
    "firehose": "kinesis-firehose",
    "d.codeartifact": "codeartifact",
    "streams.dynamodb": "dynamodb",
    "s3-control": "s3",
}


@lru_cache(maxsize=1)
def name_keys() -> dict[str, str]:
    """DNS label sequences (before the region) to catalog service names, from each service's endpoints."""
    keys: dict[str, str] = {}
    for name, service in service_table().items():
        keys.setdefault(name, name)
        for ref in service.endpoints:
            keys.setdefault(".".join(reversed(ref.service.split("."))), name)
            keys.setdefault(ref.service, name)
    for alias, name in _ALIASES.items():
        if name in service_table():
            keys.setdefault(alias, name)
    return keys


def classify_name(hostname: str, vpc_region: str) -> str | None:
    """`service:<name>`, aws-global, aws-other-region, aws-unattributed, or None for a name outside AWS."""
    name = hostname.strip().rstrip(".").lower()
    rest = next((name[: -len(s)] for s in _SUFFIXES if name.endswith(s)), None)
    if rest is None:
        return None
    labels = [_plain(label) for label in rest.split(".") if label and label != "dualstack"]
    s3_target = any(_S3_TARGET.match(label) for label in labels)
    labels, region = _split_region(labels)
    if s3_target:
        region = region or _S3_DEFAULT_REGION
        return SERVICE_PREFIX + "s3" if region == vpc_region and "s3" in service_table() else AWS_OTHER_REGION
    if region is None:
        return AWS_GLOBAL
    service = _lookup(labels)
    if service is None:
        return AWS_UNATTRIBUTED
    return SERVICE_PREFIX + service if region == vpc_region else AWS_OTHER_REGION


def _plain(label: str) -> str:
    return label.removesuffix("-fips")


def _split_region(labels: list[str]) -> tuple[list[str], str | None]:
    """Labels that name the service, and the region label (the last one that looks like a region)."""
    for index in range(len(labels) - 1, -1, -1):
        label = labels[index]
        if _REGION.match(label):
            before, after = labels[:index], labels[index + 1 :]
            # <id>.gr7.<region>.eks.amazonaws.com: the service label follows the region.
            return (after if after else before), label
        if label.startswith("s3-") and _REGION.match(label[3:]):
            return [*labels[:index], "s3"], label[3:]
        if label == "s3-external-1":
            return [*labels[:index], "s3"], "us-east-1"
    return labels, None


def _lookup(labels: list[str]) -> str | None:
    keys = name_keys()
    for start in range(len(labels)):
        key = ".".join(labels[start:])
        if key in keys:
            return keys[key]
    if labels and _ECS_AGENT.match(labels[-1]) and "ecs" in service_table():
        return "ecs"
    return None
