"""Savings beyond the bound: plans at the bill's effective rates, profile skeletons, and --compare."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

import pl_cost
from pl_cost.bill import profile_skeletons
from pl_cost.bill.render import render_comparison
from pl_cost.catalog import Catalog, apply_overrides
from pl_cost.money import round_money
from pl_cost.recommend import load_profile
from tests import bill_data
from tests.bill_data import Org

pytest.importorskip("duckdb")
PERIOD = "2024-09"
FACTOR = Decimal(730) / 720


@pytest.fixture(scope="module")
def org() -> Org:
    return bill_data.organisation(seed=21)


@pytest.fixture(scope="module")
def cur2(org: Org, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bill_data.write_cur2(org, tmp_path_factory.mktemp("plans"))


@pytest.fixture(scope="module")
def inventory(org: Org, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return [str(p) for p in bill_data.inventory(org, tmp_path_factory.mktemp("inventory"))]


def test_plan_from_aws_share_prices_the_nat_at_its_effective_rates(org: Org, cur2: Path, catalog: Catalog) -> None:
    """Without an inventory each NAT is its own unit; the plan equals recommend() on the same inputs by hand."""
    report = pl_cost.bill(cur2, aws_share="0.6", aws_mix="s3=0.5,logs=0.5")
    nat_id = "nat-0b1b2c3d4e5f60004"
    truth = org.nats[(PERIOD, nat_id)]
    gb = truth.gb * FACTOR
    profile = {
        "region": "eu-west-1",
        "azs": 1,
        "hours_per_month": Decimal(730),
        "nat": {"mode": "single", "allow_fewer": False},
        "internet_gb_per_month": (gb * Decimal("0.4")).quantize(Decimal("0.000001")),
        "services": {
            "s3": (gb * Decimal("0.3")).quantize(Decimal("0.000001")),
            "logs": (gb * Decimal("0.3")).quantize(Decimal("0.000001")),
        },
    }
    rates = {"nat_gateway_hour": truth.hour_net / truth.hours, "nat_gateway_gb": truth.gb_net / truth.gb}
    expected = pl_cost.recommend(profile, apply_overrides(catalog, rates))
    plan = next(p for p in report.plans if p.unit == nat_id)
    assert plan.rates == rates
    assert (plan.baseline_monthly, plan.savings_monthly) == (expected.baseline_monthly, expected.savings_monthly)
    assert "s3" in plan.gateway_endpoints
    assert report.savings.plan_monthly == sum((p.savings_monthly for p in report.plans), Decimal(0))
    opportunity = next(o for o in report.opportunities if o.target == nat_id)
    assert opportunity.basis == "plan" and "confirm the AWS share with flow logs" in opportunity.next_step


def test_plans_group_nat_gateways_by_vpc_with_the_inventory(org: Org, cur2: Path, inventory: list[str]) -> None:
    report = pl_cost.bill(cur2, inventory=inventory, aws_share="1")
    vpcs = {v.vpc_id: v for v in report.vpcs}
    assert vpcs["vpc-0aa0000000000000a"].nat_mode == "per-az"
    assert vpcs["vpc-0aa0000000000000a"].availability_zones == ["us-east-1a", "us-east-1b"]
    assert vpcs["vpc-0aa0000000000000b"].nat_mode == "regional"
    plan = next(p for p in report.plans if p.unit == "vpc-0aa0000000000000a")
    assert plan.profile["azs"] == 2 and plan.profile["nat"]["mode"] == "per-az"
    gb = sum((org.nats[(PERIOD, n)].gb for n in ("nat-0a1b2c3d4e5f60001", "nat-0a1b2c3d4e5f60002")), Decimal(0))
    assert plan.profile["services"]["logs"] == (gb * FACTOR).quantize(Decimal("0.000001"))
    assert plan.profile["internet_gb_per_month"] == 0
    # the idle NAT is ranked on its own, not planned with its VPC
    idle = next(o for o in report.opportunities if o.basis == "idle")
    assert idle.target == "nat-0b1b2c3d4e5f60005" and "delete-nat-gateway" in idle.next_step
    # deleting a public NAT does not release its Elastic IP (API_DeleteNatGateway): the step says so
    gateways = json.loads(Path(next(p for p in inventory if p.endswith("nat-gateways.json"))).read_text())
    record = next(g for g in gateways["NatGateways"] if g["NatGatewayId"] == idle.target)
    allocation = record["NatGatewayAddresses"][0]["AllocationId"]
    assert f"stays billed until released: aws ec2 release-address --allocation-id {allocation}" in idle.next_step


def test_a_flow_log_profile_gives_the_shares(org: Org, cur2: Path, tmp_path: Path) -> None:
    (tmp_path / "nat-0c1b2c3d4e5f60006.yaml").write_text(
        "region: us-east-2\nazs: 2\nnat: {mode: per-az}\ninternet_gb_per_month: 600\nservices: {s3: 300, logs: 100}\n"
    )
    report = pl_cost.bill(cur2, profiles_in=tmp_path)
    plan = next(p for p in report.plans if p.unit == "nat-0c1b2c3d4e5f60006")
    gb = org.nats[(PERIOD, "nat-0c1b2c3d4e5f60006")].gb * FACTOR
    assert plan.basis.startswith("flow-log profile")
    assert plan.profile["services"]["s3"] == (Decimal("300") * gb / 1000).quantize(Decimal("0.000001"))
    assert plan.profile["azs"] == 2
    others = [o for o in report.opportunities if o.basis == "upper_bound"]
    assert others and all("pl-cost profile flow-logs" in o.next_step for o in others)


def described_azs(inventory: list[str], nat_id: str) -> set[str]:
    """The AZs of a NAT's addresses in the describe-nat-gateways JSON."""
    for path in inventory:
        for record in json.loads(Path(path).read_text()).get("NatGateways", []):
            if record["NatGatewayId"] == nat_id:
                return {a["AvailabilityZone"] for a in record["NatGatewayAddresses"] if a.get("AvailabilityZone")}
    return set()


def test_a_subnet_without_a_nat_adds_no_nat_to_the_plan(
    org: Org, cur2: Path, inventory: list[str], tmp_path: Path
) -> None:
    """vpc-...a has NATs in us-east-1a and 1b; a workload subnet in 1c must not make the plan price a third NAT."""
    vpc_id = "vpc-0aa0000000000000a"
    subnets_file = next(p for p in inventory if p.endswith("subnets.json"))
    subnets = json.loads(Path(subnets_file).read_text())
    subnets["Subnets"].append({"SubnetId": "subnet-0c0c0c0c0c0c0c0c0", "VpcId": vpc_id, "CidrBlock": "10.99.0.0/24",
                               "AvailabilityZone": "us-east-1c", "OwnerId": bill_data.A})  # fmt: skip
    extra = tmp_path / "subnets.json"
    extra.write_text(json.dumps(subnets))
    files = [p for p in inventory if p != subnets_file] + [str(extra)]
    report = pl_cost.bill(cur2, inventory=files, aws_share="0.6", aws_mix="s3=0.5,logs=0.5")
    plan = next(p for p in report.plans if p.unit == vpc_id)
    nat_ids = [s.nat_id for s in org.specs if s.vpc == vpc_id]
    assert plan.profile["azs"] == len(nat_ids) == 2 and plan.profile["nat"]["mode"] == "per-az"
    vpc = next(v for v in report.vpcs if v.vpc_id == vpc_id)
    assert vpc.workload_availability_zones == ["us-east-1c"]
    assert plan.note is not None and "workloads in 3 AZs" in plan.note
    # the plan's NAT-hours today are the bill's: two NATs all month, scaled to 730 h
    billed = sum((org.nats[(PERIOD, n)].hours for n in nat_ids), Decimal(0)) * FACTOR
    assert plan.nat_hours_planned_monthly == billed == 2 * 730
    assert not any(c.startswith(f"plan for {vpc_id}") for c in report.caveats)


def test_profile_skeletons_are_accepted_by_recommend(
    org: Org, cur2: Path, inventory: list[str], tmp_path: Path
) -> None:
    report = pl_cost.bill(cur2, inventory=inventory)
    texts = profile_skeletons(report, tmp_path)
    assert {p.name for p in texts} == {f"{v.vpc_id}.yaml" for v in report.vpcs if any(
        not n.idle for n in report.nat_gateways if n.vpc_id == v.vpc_id)}  # fmt: skip
    for path, text in texts.items():
        path.write_text(text)
        profile = load_profile(path)
        vpc = next(v for v in report.vpcs if v.vpc_id == path.stem)
        busy = [s for s in org.specs if s.vpc == vpc.vpc_id and not s.idle]
        zonal = [s for s in busy if not s.regional]
        mode = "regional" if len(zonal) < len(busy) else "per-az" if len(zonal) > 1 else "single"
        assert profile.nat.mode == mode
        if mode == "regional":
            active = described_azs(inventory, busy[0].nat_id)
            assert profile.azs == len(active) and profile.nat.active_azs == len(active)
        else:
            assert profile.azs == len({s.az for s in zonal})
        gb = sum((n.nat_gb * n.monthly_factor for n in report.nat_gateways if n.vpc_id == vpc.vpc_id and not n.idle),
                 Decimal(0))  # fmt: skip
        assert profile.internet_gb_per_month == gb.quantize(Decimal("0.000001"))
        assert pl_cost.recommend(path).region == vpc.region


def test_cli_writes_skeletons_that_recommend_runs(
    cur2: Path, inventory: list[str], tmp_path: Path, cli: object
) -> None:
    folder = tmp_path / "profiles"
    args = ["bill", str(cur2), "--profiles", str(folder), "-f", "json", "-o", str(tmp_path / "r.json")]
    for path in inventory:
        args += ["--inventory", path]
    result = cli(*args)  # type: ignore[operator]
    assert result.code == 0, result.stderr
    assert "next: pl-cost recommend" in result.stderr
    written = sorted(folder.glob("*.yaml"))
    ran = cli("recommend", *map(str, written))  # type: ignore[operator]
    assert ran.code == 0, ran.stderr


def test_compare_two_periods_per_nat_and_against_a_plan(tmp_path: Path, catalog: Catalog) -> None:
    org = bill_data.organisation(seed=22, periods=("2024-09", "2024-10"))
    root = bill_data.write_cur2(org, tmp_path / "two")
    nat_id = "nat-0a1b2c3d4e5f60001"
    profile = tmp_path / f"{nat_id}.yaml"
    profile.write_text(
        "region: us-east-1\nazs: 1\nnat: {mode: single}\ninternet_gb_per_month: 1000\nservices: {logs: 1500}\n"
    )
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(pl_cost.render(pl_cost.recommend(profile), "json"))
    report = pl_cost.bill(root)
    result = pl_cost.compare_bills(report, report, plan_json, ("2024-09", "2024-10"))
    rows = {r.nat_gateway_id: r for r in result.nat_gateways}
    september, october = org.nats[("2024-09", nat_id)], org.nats[("2024-10", nat_id)]
    row = rows[nat_id]
    assert (row.gb_before, row.gb_after) == (september.gb, october.gb)
    assert row.gb_after_monthly == october.gb * Decimal(730) / 744
    assert row.cost_change_monthly == october.net * Decimal(730) / 744 - september.net * Decimal(730) / 720
    data = json.loads(plan_json.read_text())
    assert row.plan == data["profile"] and Path(data["profile"]).name == profile.name  # this plan, by name
    assert all(r.plan is None for n, r in rows.items() if n != nat_id)
    assert rows["nat-0b1b2c3d4e5f60005"].status == "gone"
    check = result.plans[0]
    predicted = sum((Decimal(i["quantity"]) for i in data["line_items"] if i["rate"] == "nat_gateway_gb"), Decimal(0))
    assert check.predicted_nat_gb_after_monthly == predicted and check.nat_gateway_ids == [nat_id]
    text = render_comparison(result, "table")
    assert "Plans: predicted against the bill" in text


def test_cli_compare_saved_json_reports(tmp_path: Path, cli: object) -> None:
    org = bill_data.organisation(seed=23, periods=("2024-09", "2024-10"))
    root = bill_data.write_cur2(org, tmp_path / "saved")
    for period in ("2024-09", "2024-10"):
        done = cli("bill", str(root), "--period", period, "-f", "json", "-o", str(tmp_path / f"{period}.json"))  # type: ignore[operator]
        assert done.code == 0, done.stderr
    result = cli("bill", "--compare", str(tmp_path / "2024-09.json"), str(tmp_path / "2024-10.json"), "-f", "csv")  # type: ignore[operator]
    assert result.code == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert {r["nat_gateway"] for r in rows} == {s.nat_id for s in org.specs}
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_name": "x"}')
    refused = cli("bill", "--compare", str(bad), str(tmp_path / "2024-10.json"))  # type: ignore[operator]
    assert refused.code == 2 and "not a pl-cost bill JSON report" in refused.stderr


def test_public_bill_figures(tmp_path: Path) -> None:
    """Two public bills: 20,504.592 GB at $0.048 = $984.22 with 5,086 NAT-hours = $244.13 (eu-west-1), and
    14,924.987 GB = $746.25 ($0.05/GB, eu-west-2), read back from legacy CUR CSV rows built from those figures."""
    header = ["bill/BillingPeriodStartDate", "lineItem/UsageAccountId", "lineItem/LineItemType", "lineItem/UsageType",
              "lineItem/ResourceId", "lineItem/UsageAmount", "lineItem/UnblendedCost", "product/region",
              "lineItem/UsageEndDate"]  # fmt: skip
    rows = []
    figures = (
        ("eu-west-1", "EU-", "nat-0aaaaaaaaaaaaaaa1", Decimal("20504.592"), Decimal("5086"), Decimal("0.048")),
        ("eu-west-2", "EUW2-", "nat-0aaaaaaaaaaaaaaa2", Decimal("14924.987"), Decimal("0"), Decimal("0.05")),
    )
    for region, prefix, nat_id, gb, hours, rate in figures:
        arn = f"arn:aws:ec2:{region}:123456789012:natgateway/{nat_id}"
        for kind, amount in (("Bytes", gb), ("Hours", hours)):
            if amount:
                rows.append(["2024-05-01T00:00:00Z", "123456789012", "Usage", f"{prefix}NatGateway-{kind}", arn,
                             str(amount), str(amount * rate), region, "2024-06-01T00:00:00Z"])  # fmt: skip
    target = tmp_path / "public.csv"
    with target.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    report = pl_cost.bill(target)
    first, second = (next(n for n in report.nat_gateways if n.region == r) for r in ("eu-west-1", "eu-west-2"))
    assert first.data is not None and first.hours is not None and second.data is not None
    assert round_money(first.data.net_cost or Decimal(0)) == Decimal("984.22")
    assert round_money(first.hours.net_cost or Decimal(0)) == Decimal("244.13")
    assert round_money(second.data.net_cost or Decimal(0)) == Decimal("746.25")
    assert first.nat_gb == Decimal("20504.592") and first.nat_hours == 5086
