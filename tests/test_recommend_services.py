"""The service rules ship with sources, route bytes where AWS documents, and differ from the research notes only
where a correction says so."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pl_cost.services import bundle_table, feature_table, get_service, route, service_table
from tests.conftest import SHARED

REFERENCE = SHARED / "reference" / "service-bundles.json"

#: Endpoints the research notes list as required that AWS makes depend on a feature, each with the feature
#: that now switches it on (issue 9; the AWS pages are in each feature's source).
MOVED_TO_FEATURES = {
    ("ssm-session-manager", "ec2messages"): "ssm-agent-before-3.3.40",
    ("ssm-run-command-and-patching", "ec2messages"): "ssm-agent-before-3.3.40",
    ("eks-private-cluster", "sts"): "eks-irsa",
    ("eks-private-cluster", "logs"): "eks-cloudwatch-logs",
    ("eks-private-cluster", "elasticloadbalancing"): "eks-load-balancer-controller",
    ("eks-private-cluster", "eks"): "eks-nodes-without-bootstrap-args",
    ("ecs-fargate", "logs"): "ecs-awslogs",
    ("ecs-ec2", "logs"): "ecs-awslogs",
}


def test_every_rule_cites_a_source() -> None:
    assert all(s.source.startswith("https://") for s in service_table().values())
    assert all(b.source.startswith("https://") for b in bundle_table().values())
    assert all(f.source.startswith("https://") for f in feature_table().values())
    kinds = [k for s in service_table().values() for k in s.traffic.values()]
    assert kinds and all(k.source.startswith("https://") for k in kinds)


@pytest.mark.skipif(not REFERENCE.exists(), reason="research notes (../shared) not checked out beside the repository")
def test_bundles_differ_from_the_research_notes_only_by_the_corrections() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    reference.pop("_schema")
    shipped = bundle_table()
    assert set(shipped) == set(reference)
    for name, entry in reference.items():
        bundle = shipped[name]
        required = {e.service for e in bundle.endpoints}
        for endpoint in (e["service"] for e in entry["endpoints"]):
            if endpoint in required:
                continue
            feature = MOVED_TO_FEATURES[(name, endpoint)]
            assert feature in bundle.features, (name, endpoint)
            assert endpoint in {e.service for e in feature_table()[feature].endpoints}
        assert required <= {e["service"] for e in entry["endpoints"]}, name


def test_bundles_require_what_aws_requires_in_every_case() -> None:
    required = {name: {e.service for e in b.endpoints} for name, b in bundle_table().items()}
    assert required["ssm-session-manager"] == {"ssm", "ssmmessages"}
    assert required["eks-private-cluster"] == {"ec2", "ecr.api", "ecr.dkr", "s3"}
    assert "ec2messages" not in {e for names in required.values() for e in names}


def test_features_and_bundles_name_known_endpoints() -> None:
    known = {e.service for s in service_table().values() for e in (*s.endpoints, *s.companions)}
    known |= {e.service for f in feature_table().values() for e in f.endpoints}
    for bundle in bundle_table().values():
        assert {e.service for e in bundle.endpoints} <= known, bundle.name
        assert set(bundle.features) <= set(feature_table()), bundle.name
    for service in service_table().values():
        assert set(service.features) <= set(feature_table()), service.name


def test_ecr_pulls_ride_s3_and_pushes_go_through_ecr_dkr() -> None:
    pulled = route("ecr", {"pull": Decimal(800)})
    assert pulled.moved == {"s3": Decimal(800)} and pulled.own_gb == 0
    pushed = route("ecr", {"push": Decimal(200)})
    assert pushed.moved == {} and pushed.own_gb == 200
    both = route("ecr", {"pull": Decimal(800), "push": Decimal(200)})
    assert both.moved == {"s3": Decimal(800)} and both.own_gb == 200
    assert "ecr.dkr" in get_service("ecr").interface_endpoints


def test_codeartifact_assets_ride_s3_except_python_and_swift() -> None:
    service = get_service("codeartifact")
    assert [g.service for g in service.gateway_endpoints] == ["s3"]
    assert route("codeartifact", {"assets": Decimal(1500)}).moved == {"s3": Decimal(1500)}
    assert route("codeartifact", {"python-swift": Decimal(10)}).own_gb == 10


def test_a_split_override_replaces_the_default_kind_only() -> None:
    routed = route("ecr", {"pull": Decimal(100), "push": Decimal(10)}, {"s3": Decimal("0.9")})
    assert routed.moved == {"s3": Decimal(90)}
    assert routed.own_gb == 20
    assert routed.overridden


def test_ssm_needs_ec2messages_only_for_old_agents() -> None:
    ssm = get_service("ssm")
    assert ssm.interface_endpoints == ("ssm", "ssmmessages")
    assert ssm.interface_endpoints_with({"ssm-agent-before-3.3.40"}) == ("ssm", "ssmmessages", "ec2messages")
