"""Issue 9's eight problems, each with its expectation computed from catalog unit prices.

Every test here failed on the code before the service rules moved into one place: ECR pulls priced
through ecr.dkr by compare, pushes assumed to ride S3, CodeArtifact without its S3 gateway, EKS and SSM
endpoints forced that AWS makes optional, inter-AZ charged on PrivateLink, endpoints always in every
AZ, and inter-AZ missing in most regions.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pl_cost
from pl_cost.catalog import Catalog
from pl_cost.endpoint_services import unavailable_in
from pl_cost.errors import DomainError
from pl_cost.recommend import Plan, recommend
from pl_cost.services import bundle_table, feature_table, service_table

R = "us-east-1"
HOURS = Decimal(730)


def price(catalog: Catalog, rate: str, region: str = R) -> Decimal:
    return catalog.rate(region, rate).tier_list()[0].price


def nat_fixed(catalog: Catalog, azs: int) -> Decimal:
    """Per-AZ NATs: their hours and public IPv4 addresses for a month."""
    return azs * HOURS * (price(catalog, "nat_gateway_hour") + price(catalog, "public_ipv4_hour"))


def endpoint_hours(catalog: Catalog, endpoints: int, azs: int) -> Decimal:
    return endpoints * azs * HOURS * price(catalog, "interface_endpoint_hour")


def interface_names(plan: Plan) -> set[str]:
    return {e.service for e in plan.endpoints if e.type == "interface"}


# 1. compare --service ecr prices the ECR set with the pull bytes on the free S3 gateway.
def test_compare_ecr_applies_the_pull_rule(catalog: Catalog) -> None:
    gb, azs = Decimal(800), 2
    result = pl_cost.compare(gb, azs, R, service="ecr")
    nat_data = gb * price(catalog, "nat_gateway_gb")
    hours = endpoint_hours(catalog, 2, azs)
    assert result.situations["nat_stays"].savings_monthly == nat_data - hours  # 36.00 - 29.20 = 6.80
    assert result.situations["nat_goes"].savings_monthly == nat_fixed(catalog, azs) + nat_data - hours  # 79.80
    assert result.gateway_alone is not None
    assert result.gateway_alone.endpoints == ["s3"]
    assert result.gateway_alone.savings_monthly == nat_data  # 36.00
    # With the gateway taking every pull byte, the interface endpoints add only their hours: a loss.
    assert result.gateway_alone.interface_endpoints_savings_monthly == -hours  # -29.20
    assert result.inputs.gateway_share == 1
    assert sum(i.quantity for i in result.endpoint_path.line_items if i.rate == "interface_endpoint_gb") == 0


def test_compare_ecr_table_says_what_the_gateway_alone_saves(cli: Any, catalog: Catalog) -> None:
    out = cli("compare", "--gb", "800", "--azs", "2", "--service", "ecr")
    assert out.code == 0, out.stderr
    saving = pl_cost.money.format_money(800 * price(catalog, "nat_gateway_gb"))
    assert any(line.startswith("Gateway alone") for line in out.stdout.splitlines())
    assert saving in out.stdout
    hours = pl_cost.money.format_money(endpoint_hours(catalog, 2, 2))
    text = " ".join(out.stdout.split())
    assert f"The interface endpoints on top cost {hours}/month more: the gateway alone is cheaper." in text


# 2. ECR pushes go through ecr.dkr, not S3.
def test_ecr_pushes_ride_the_ecr_dkr_endpoint(catalog: Catalog) -> None:
    gb = Decimal(500)
    result = pl_cost.compare(gb, 2, R, service="ecr", kind="push")
    assert result.inputs.gateway_share == 0 and result.gateway_alone is None
    data = [i for i in result.endpoint_path.line_items if i.rate == "interface_endpoint_gb"]
    assert sum(i.quantity for i in data) == gb
    plan = recommend(
        {"region": R, "azs": 2, "internet_gb_per_month": 1, "services": {"ecr": {"pull": 800, "push": gb}}}, catalog
    )
    ecr = next(d for d in plan.decisions if d.service == "ecr")
    assert ecr.gb_on_path == gb  # the pushes stay with ECR; the pulls moved to S3
    s3 = next(d for d in plan.decisions if d.service == "s3")
    assert s3.gb_on_path == 800


# 3. CodeArtifact package assets ride the S3 gateway endpoint.
def test_codeartifact_gets_the_s3_gateway_and_the_true_saving(catalog: Catalog) -> None:
    gb, azs = Decimal(1500), 2
    plan = recommend({"region": R, "azs": azs, "internet_gb_per_month": 100, "services": {"codeartifact": gb}}, catalog)
    assert ("s3", "gateway") in {(e.service, e.type) for e in plan.endpoints}
    # The asset bytes leave the NAT for the free gateway; the interface endpoints would carry nothing.
    assert plan.savings_monthly == gb * price(catalog, "nat_gateway_gb")
    assert not interface_names(plan) & {"codeartifact.api", "codeartifact.repositories"}


def test_codeartifact_nat_removal_keeps_package_pulls_working(catalog: Catalog) -> None:
    plan = recommend({"region": R, "azs": 1, "internet_gb_per_month": 0, "services": {"codeartifact": 50}}, catalog)
    assert plan.nat.action == "remove"
    kinds = {(e.service, e.type) for e in plan.endpoints}
    assert {("s3", "gateway"), ("codeartifact.api", "interface"), ("codeartifact.repositories", "interface")} <= kinds


# 4. The EKS bundle requires only what every private cluster needs; features add the rest.
def test_eks_bundle_without_features_forces_only_what_aws_requires(catalog: Catalog) -> None:
    azs = 3
    base = {"region": R, "azs": azs, "internet_gb_per_month": 1, "workloads": ["eks-private-cluster"]}
    plain = recommend(base, catalog)
    assert interface_names(plain) == {"ec2", "ecr.api", "ecr.dkr"}
    assert plain.savings_monthly == -endpoint_hours(catalog, 3, azs)
    full = recommend(
        {**base, "features": ["eks-irsa", "eks-cloudwatch-logs", "eks-load-balancer-controller",
                              "eks-nodes-without-bootstrap-args"]},
        catalog,
    )  # fmt: skip
    assert interface_names(full) == {"ec2", "ecr.api", "ecr.dkr", "sts", "logs", "elasticloadbalancing", "eks"}
    assert plain.plan_monthly - full.plan_monthly == -endpoint_hours(catalog, 4, azs)  # the $87.60 of the issue


def test_a_feature_of_an_unlisted_workload_is_a_one_line_error(cli: Any, tmp_path: Any) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("region: us-east-1\nazs: 2\ninternet_gb_per_month: 1\nfeatures: [eks-irsa]\n")
    out = cli("recommend", str(path))
    assert out.code == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "eks-private-cluster" in out.stderr and ":4:" in out.stderr


# 5. ec2messages only for old SSM agents, and never where the region lacks it.
def test_session_manager_needs_ec2messages_only_for_old_agents(catalog: Catalog) -> None:
    base = {"region": R, "azs": 2, "internet_gb_per_month": 1, "workloads": ["ssm-session-manager"]}
    assert interface_names(recommend(base, catalog)) == {"ssm", "ssmmessages"}
    old = recommend({**base, "features": ["ssm-agent-before-3.3.40"]}, catalog)
    assert interface_names(old) == {"ssm", "ssmmessages", "ec2messages"}


def test_old_agents_in_a_region_without_ec2messages_is_an_error(catalog: Catalog) -> None:
    region = "ap-southeast-5"
    assert "ec2messages" in unavailable_in(region)
    profile = {"region": region, "azs": 2, "internet_gb_per_month": 1, "workloads": ["ssm-session-manager"]}
    plan = recommend(profile, catalog)
    assert "ec2messages" not in interface_names(plan)
    assert "ec2messages" not in pl_cost.emit_iac(plan, "terraform")
    with pytest.raises(DomainError, match="ec2messages"):
        recommend({**profile, "features": ["ssm-agent-before-3.3.40"]}, catalog)


def test_old_agents_on_a_listed_ssm_service_in_a_region_without_ec2messages_is_the_same_error(
    catalog: Catalog,
) -> None:
    # The feature on a service the profile lists (not a workload) must not quietly leave ssm on the NAT.
    profile = {
        "region": "ap-southeast-5",
        "azs": 2,
        "internet_gb_per_month": 0,
        "services": {"ssm": 5},
        "features": ["ssm-agent-before-3.3.40"],
    }
    with pytest.raises(DomainError, match="ec2messages") as caught:
        recommend(profile, catalog)
    assert "update the agents and drop the feature" in str(caught.value)


def test_compare_refuses_an_endpoint_the_region_lacks(cli: Any) -> None:
    out = cli("compare", "--gb", "10", "--region", "ap-southeast-5", "--endpoints", "ec2messages")
    assert out.code == 1 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "ec2messages" in out.stderr


# 6. Inter-AZ over PrivateLink is free: no line anywhere charges it.
def test_privatelink_inter_az_is_never_charged(catalog: Catalog) -> None:
    plan = recommend(
        {"region": R, "azs": 3, "internet_gb_per_month": 1, "cross_az_share": "0.7", "services": {"logs": 5000},
         "nat": {"allow_fewer": True}},
        catalog,
    )  # fmt: skip
    assert plan.endpoint_azs.count == 1
    assert not [i for i in plan.line_items if i.rate == "inter_az_gb" and i.path == "endpoint"]


# 7. Endpoint AZs are a plan decision: the 3-AZ profile from the issue removes its NAT with endpoints in one AZ.
def test_endpoints_in_fewer_azs_beat_a_single_nat(catalog: Catalog) -> None:
    profile = {
        "region": R, "azs": 3, "nat": {"allow_fewer": True}, "internet_gb_per_month": 0,
        "services": {"logs": 100, "sts": 1, "ecr": 500},
    }  # fmt: skip
    plan = recommend(profile, catalog)
    one_az = endpoint_hours(catalog, 4, 1) + 101 * price(catalog, "interface_endpoint_gb")  # logs, sts, ecr.api/dkr
    single_nat = (
        HOURS * (price(catalog, "nat_gateway_hour") + price(catalog, "public_ipv4_hour"))
        + 101 * price(catalog, "nat_gateway_gb")
        + 101 * 2 * Decimal(2) / 3 * price(catalog, "inter_az_gb")
    )
    assert one_az < single_nat  # $30.21 against the $42.39 plan of the first release
    assert plan.nat.action == "remove"
    assert plan.endpoint_azs.count == 1 and plan.endpoint_azs.chosen_by == "planner"
    assert plan.plan_monthly == one_az
    assert all(e.azs == 1 for e in plan.endpoints if e.type == "interface")


def test_without_allow_fewer_endpoints_stay_in_every_az(catalog: Catalog) -> None:
    plan = recommend({"region": R, "azs": 3, "internet_gb_per_month": 0, "services": {"logs": 100}}, catalog)
    assert plan.endpoint_azs.count == 3 and plan.endpoint_azs.chosen_by == "default"
    fixed = recommend(
        {"region": R, "azs": 3, "endpoint_azs": 2, "internet_gb_per_month": 0, "services": {"logs": 100}}, catalog
    )
    assert fixed.endpoint_azs.count == 2 and fixed.endpoint_azs.chosen_by == "profile"
    assert plan.plan_monthly - fixed.plan_monthly == endpoint_hours(catalog, 1, 1)


def test_emitters_put_the_endpoints_in_the_planned_azs(catalog: Catalog) -> None:
    plan = recommend(
        {"region": R, "azs": 3, "endpoint_azs": 1, "internet_gb_per_month": 0, "services": {"logs": 100}}, catalog
    )
    assert "length(var.subnet_ids) == 1" in pl_cost.emit_iac(plan, "terraform")
    assert '[ "$#" -eq 1 ]' in pl_cost.emit_iac(plan, "aws-cli")


# 8. Inter-AZ and regional NAT rates where the first release had none.
@pytest.mark.parametrize("region", ["us-east-2", "us-west-2"])
def test_single_nat_prices_in_regions_that_lacked_inter_az(catalog: Catalog, region: str) -> None:
    if "inter_az_gb" not in catalog.region(region).rates:
        pytest.skip(f"no sourced inter_az_gb for {region} in this catalog")
    result = pl_cost.compare(300, 3, region, nat="single")
    crossing = [i for i in result.nat_path.line_items if i.rate == "inter_az_gb"]
    assert sum(i.monthly for i in crossing) == 300 * 2 * Decimal(2) / 3 * price(catalog, "inter_az_gb", region)


def test_regional_nat_bills_the_active_azs_given(catalog: Catalog) -> None:
    if "regional_nat_gateway_hour" not in catalog.region(R).rates:
        pytest.skip("no regional NAT rate in this catalog")
    result = pl_cost.compare(100, 2, R, nat="regional", nat_active_azs=3)
    hours = next(i for i in result.nat_path.line_items if i.rate == "regional_nat_gateway_hour")
    assert hours.quantity == 3 * HOURS
    assert any("active in 3 AZ(s) (as given)" in a for a in result.assumptions)


# One rule, one place: compare and recommend agree on where a service's bytes go and what they cost.
@pytest.mark.parametrize("gb", [Decimal(0), Decimal("0.5"), Decimal(37), Decimal(800), Decimal("123456.789")])
@pytest.mark.parametrize(("service", "kind"), [("ecr", "pull"), ("ecr", "push"), ("codeartifact", "assets"),
                                               ("codeartifact", "python-swift")])  # fmt: skip
def test_compare_and_recommend_agree(catalog: Catalog, service: str, kind: str, gb: Decimal) -> None:
    from pl_cost.recommend import Profile
    from pl_cost.recommend.cost import Choice, evaluate, flows

    azs = 2
    result = pl_cost.compare(gb, azs, R, service=service, kind=kind)
    profile = Profile.model_validate(
        {"region": R, "azs": azs, "internet_gb_per_month": 0, "services": {service: {kind: gb}}}
    )
    traffic = flows(profile)
    moved = traffic.moved.get(service, {})
    assert sum(moved.values(), Decimal(0)) == gb * result.inputs.gateway_share
    today = evaluate(profile, traffic, Choice("keep", today=True), catalog)
    stays = evaluate(profile, traffic, Choice("keep", frozenset({service})), catalog)
    goes = evaluate(profile, traffic, Choice("remove", frozenset({service})), catalog)
    assert today.total == result.nat_path.total_monthly
    assert stays.total == result.situations["nat_stays"].endpoint_path_monthly
    assert goes.total == result.situations["nat_goes"].endpoint_path_monthly


def test_no_plan_in_any_region_has_an_endpoint_the_region_lacks(catalog: Catalog) -> None:
    services = {name: 50 for name in service_table()}
    workloads = sorted(bundle_table())
    features = sorted(feature_table())
    for region in sorted(catalog.regions):
        lacking = set(unavailable_in(region))
        profile = {"region": region, "azs": 2, "internet_gb_per_month": 0, "services": services,
                   "workloads": [w for w in workloads if not _needs(w, lacking)],
                   "features": [f for f in features if not _feature_needs(f, lacking)]}  # fmt: skip
        plan = recommend(profile, catalog)
        planned = {e.service for e in plan.endpoints}
        assert not planned & lacking, (region, planned & lacking)
        if "ec2messages" not in lacking:
            assert "ec2messages" in planned, region  # old SSM agents get it wherever it exists
        for kind in ("terraform", "cloudformation", "aws-cli"):
            code = pl_cost.emit_iac(plan, kind)
            named = [n for n in lacking if re.search(rf"\.{re.escape(n)}\b", code)]
            assert not named, (region, kind, named)


def _feature_needs(feature: str, lacking: set[str]) -> bool:
    return any(e.service in lacking for e in feature_table()[feature].endpoints)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([("ecr", "pull"), ("ecr", "push"), ("codeartifact", "assets"), ("codeartifact", "python-swift")]),
    st.decimals(min_value=0, max_value=Decimal(2_000_000), places=3),
    st.integers(1, 3),
)
def test_compare_and_recommend_agree_at_any_volume(which: tuple[str, str], gb: Decimal, azs: int) -> None:
    from pl_cost.recommend import Profile
    from pl_cost.recommend.cost import Choice, evaluate, flows

    catalog = pl_cost.load_catalog()
    service, kind = which
    result = pl_cost.compare(gb, azs, R, service=service, kind=kind, catalog=catalog)
    profile = Profile.model_validate(
        {"region": R, "azs": azs, "internet_gb_per_month": 0, "services": {service: {kind: gb}}}
    )
    traffic = flows(profile)
    today = evaluate(profile, traffic, Choice("keep", today=True), catalog)
    stays = evaluate(profile, traffic, Choice("keep", frozenset({service})), catalog)
    goes = evaluate(profile, traffic, Choice("remove", frozenset({service})), catalog)
    assert today.total == result.nat_path.total_monthly
    assert stays.total == result.situations["nat_stays"].endpoint_path_monthly
    assert goes.total == result.situations["nat_goes"].endpoint_path_monthly


def _needs(workload: str, lacking: set[str]) -> bool:
    return any(e.service in lacking for e in bundle_table()[workload].endpoints)
