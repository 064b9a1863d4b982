"""pl_cost.bill() on generated CUR 2.0, legacy CUR and FOCUS files: every figure against the generator's truth."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import pl_cost
from pl_cost.bill.model import BillReport, NatGatewayBill
from pl_cost.bill.render import render_bill
from pl_cost.errors import UsageError
from tests import bill_data
from tests.bill_data import A, B, C, Org

pytest.importorskip("duckdb")

PERIOD = "2024-09"


@pytest.fixture(scope="module")
def org() -> Org:
    return bill_data.organisation(seed=7)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bill")


def close(found: Decimal | None, expected: Decimal) -> bool:
    """Equal up to the 28-digit decimal context's last digit (the same figure summed in another order)."""
    return found is not None and abs(found - expected) < Decimal("1e-18")


def nat(report: BillReport, nat_id: str, period: str = PERIOD) -> NatGatewayBill:
    return next(n for n in report.nat_gateways if n.nat_gateway_id == nat_id and n.billing_period == period)


def check_against_truth(report: BillReport, org: Org, *, unblended_known: bool = True) -> None:
    """Hours, GB, list, unblended, net and credits of every NAT equal the generator's sums of its own line items."""
    assert len(report.nat_gateways) == len(org.nats)
    for (period, nat_id), truth in org.nats.items():
        found = nat(report, nat_id, period)
        spec = org.nat_spec(nat_id)
        assert found.resource_id == spec.arn
        assert (found.account_id, found.region) == (spec.account, spec.region)
        assert found.availability_mode == ("regional" if spec.regional else "zonal")
        assert found.nat_hours == truth.hours
        assert found.nat_gb == truth.gb
        assert found.nat_cost == truth.net
        assert found.nat_cost_list == truth.list_cost
        assert found.nat_cost_unblended == (truth.unblended if unblended_known else None)
        assert found.nat_credits == truth.credits
        assert found.idle is spec.idle
        for charge, cost in truth.related.items():
            assert next(c for c in found.related if c.charge == charge).net_cost == cost
        assert {c.charge for c in found.related} == set(truth.related)


def test_cur2_parquet_matches_the_truth(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2"))
    assert report.source.format == "CUR 2.0 (AWS Data Exports)"
    assert report.source.resource_ids
    check_against_truth(report, org)
    assert report.schema_name == "pl-cost/bill" and report.schema_version == 2


@pytest.mark.parametrize("gz", [False, True], ids=["csv", "gzip-csv"])
def test_legacy_cur_csv_matches_the_truth(org: Org, folder: Path, gz: bool) -> None:
    report = pl_cost.bill(bill_data.write_legacy_csv(org, folder / f"legacy-{gz}", gz=gz))
    assert report.source.format.startswith("legacy CUR (lineItem/")
    check_against_truth(report, org)


def test_legacy_cur_without_net_column_nets_discount_rows(org: Org, folder: Path) -> None:
    """Without lineItem/NetUnblendedCost the EdpDiscount rows give the same net cost."""
    report = pl_cost.bill(bill_data.write_legacy_csv(org, folder / "legacy-nonet", net_column=False))
    check_against_truth(report, org)
    discounted = nat(report, "nat-0b1b2c3d4e5f60004")
    assert discounted.data is not None and discounted.data.discounts is not None and discounted.data.discounts < 0


def test_legacy_cur_parquet_with_athena_style_names(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_legacy_parquet(org, folder / "legacy-parquet"))
    assert report.source.format.startswith("legacy CUR (Athena-style")
    check_against_truth(report, org)


@pytest.mark.parametrize(("version", "kind"), [("1.0", "csv"), ("1.0", "parquet"), ("1.2", "csv"), ("1.2", "parquet")])
def test_focus_matches_the_truth(org: Org, folder: Path, version: str, kind: str) -> None:
    report = pl_cost.bill(bill_data.write_focus(org, folder / f"focus-{version}-{kind}", version, kind))
    assert report.source.format.startswith("FOCUS")
    check_against_truth(report, org, unblended_known=False)
    assert any("FOCUS has no before-discount" in c for c in report.caveats)


def test_focus_without_usage_types_names_nat_rows_by_description(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_focus(org, folder / "focus-plain", "plain"))
    assert "ChargeDescription" in report.source.format
    for (period, nat_id), truth in org.nats.items():
        spec = org.nat_spec(nat_id)
        found = nat(report, nat_id, period)
        if spec.regional:  # descriptions say "Regional NAT Gateway": kept apart, not read as zonal
            assert found.nat_hours == 0 and found.other_nat_charges
            continue
        assert (found.nat_hours, found.nat_gb, found.nat_cost) == (truth.hours, truth.gb, truth.net)


def test_region_prefixes_and_regional_nat_are_matched_whole(org: Org, folder: Path) -> None:
    """`USE1-NatGateway-Bytes` is a NAT's GB; `RegionalNatGateway-Bytes` is the regional NAT's, not a zonal one's."""
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-prefix"))
    prefixed = nat(report, "nat-0a1b2c3d4e5f60002")
    assert prefixed.data is not None and prefixed.data.usage_types == ["USE1-NatGateway-Bytes"]
    regional = nat(report, "nat-0a1b2c3d4e5f60003")
    assert regional.availability_mode == "regional"
    assert regional.hours is not None and regional.hours.unit == "NAT-AZ-hour"
    assert regional.data is not None and regional.data.usage_types == ["USE1-RegionalNatGateway-Bytes"]
    tokyo = nat(report, "nat-0c1b2c3d4e5f60007")
    assert tokyo.data is not None and tokyo.data.usage_types == ["APN1-NatGateway-Bytes"]


def test_discounts_credits_and_effective_rates(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-rates"))
    found = nat(report, "nat-0b1b2c3d4e5f60004")
    truth = org.nats[(PERIOD, "nat-0b1b2c3d4e5f60004")]
    assert found.data is not None and found.hours is not None
    assert found.data.effective_rate == truth.gb_net / truth.gb
    assert found.effective_hour_rate == truth.hour_net / truth.hours
    assert found.data.list_rate == bill_data.NAT_PRICE["eu-west-1"]
    assert found.nat_credits == Decimal("-5")
    assert found.nat_cost is not None and found.nat_cost_unblended is not None
    assert found.nat_cost - found.nat_cost_unblended == truth.net - truth.unblended < 0


def test_row_kinds_are_handled_deliberately(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-kinds"))
    kinds = {k.line_item_type: k.counts_toward for k in report.row_kinds}
    assert kinds["Usage"].startswith("usage")
    assert kinds["Credit"].startswith("billed cost only") and kinds["Refund"].startswith("billed cost only")
    assert kinds["EdpDiscount"].startswith("cost (discount")
    assert kinds["Tax"].startswith("neither")
    # EC2 instances' own transfer, S3 and Savings Plan rows are not NAT rows and are not kept at all
    assert "SavingsPlanCoveredUsage" not in kinds and "SavingsPlanNegation" not in kinds
    assert {(t.account_id, t.billing_period): t.cost for t in report.taxes} == org.taxes


def test_totals_by_region_and_account_add_up(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-totals"))
    for total in report.totals_by_account:
        truths = [t for (p, n), t in org.nats.items() if org.nat_spec(n).account == total.account_id]
        assert total.nat_gb == sum((t.gb for t in truths), Decimal(0))
        assert total.nat_cost == sum((t.net for t in truths), Decimal(0))
    for total in report.totals_by_region:
        truths = [t for (p, n), t in org.nats.items() if org.nat_spec(n).region == total.region]
        assert total.nat_hours == sum((t.hours for t in truths), Decimal(0))
    assert report.total.nat_cost == sum((t.net for t in org.nats.values()), Decimal(0))
    assert report.total.nat_gateways == len(org.nats)


def test_the_total_is_the_latest_period_with_each_nat_once(folder: Path) -> None:
    """Two months: the total counts each NAT gateway once and sums one month's bounds, as `savings` does."""
    org = bill_data.organisation(seed=9, periods=("2024-09", "2024-10"))
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-total-two"))
    latest = max(org.periods)
    nat_ids = {nat_id for (period, nat_id) in org.nats if period == latest}
    assert report.total.billing_period == latest
    assert report.total.nat_gateways == len(nat_ids) < len(org.nats)
    assert report.total.nat_cost == sum((t.net for (p, _), t in org.nats.items() if p == latest), Decimal(0))
    bounds = [n.savings_upper_bound_monthly for n in report.nat_gateways if n.billing_period == latest]
    assert close(report.total.savings_upper_bound_monthly, sum((b or Decimal(0) for b in bounds), Decimal(0)))
    assert close(report.total.savings_upper_bound_monthly, report.savings.upper_bound_monthly)
    idle = {nat_id for nat_id in nat_ids if org.nat_spec(nat_id).idle}
    assert report.total.idle == len(idle)
    for total in report.totals_by_account:  # one period each: each NAT once
        ids = {n for (p, n) in org.nats if p == total.billing_period and org.nat_spec(n).account == total.account_id}
        assert total.nat_gateways == len(ids)


def test_report_without_resource_ids_gives_totals_only(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-noids", resource_ids=False))
    assert not report.source.resource_ids
    assert report.nat_gateways == [] and report.opportunities == []
    assert any("no resource IDs" in c for c in report.caveats)
    expected = org.totals_without_ids()
    found: dict[tuple[str | None, str | None, str | None], list[Decimal]] = {}
    for item in report.unattributed:  # zonal and regional rows are separate totals
        sums = found.setdefault((item.billing_period, item.account_id, item.region), [Decimal(0)] * 3)
        sums[0] += item.nat_hours
        sums[1] += item.nat_gb
        sums[2] += item.nat_cost or Decimal(0)
    assert {k: tuple(v) for k, v in found.items()} == expected
    by_region = {t.region: t for t in report.totals_by_region}
    assert by_region["eu-west-1"].nat_gb == sum((v[1] for k, v in expected.items() if k[2] == "eu-west-1"), Decimal(0))


def test_endpoints_and_transit_gateway_are_summarised(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-endpoints"))
    found = {(e.billing_period, e.resource_id): e for e in [*report.interface_endpoints, *report.transit_gateways]}
    for key, (hours, gb) in org.endpoints.items():
        assert (found[key].hours, found[key].gb) == (hours, gb)
        assert found[key].idle is (gb == 0)
    assert [t.product for t in report.transit_gateways] == ["transit_gateway"]


def billed(org: Org, nat_id: str, period: str = PERIOD, addresses: bool = False) -> Decimal:
    """Net cost of a NAT's hour, GB, discount and inter-AZ rows (and its addresses' IPv4 rows), as generated."""
    spec = org.nat_spec(nat_id)
    ips = {spec.public_ip, *(f"{spec.public_ip}{n}" for n in range(1, 3))} if spec.regional else {spec.public_ip}
    total = Decimal(0)
    for line in org.lines:
        if line.period != period or line.line_item_type in ("Credit", "Refund"):
            continue
        own = line.resource == spec.arn and ("NatGateway-" in line.usage_type or "Regional-Bytes" in line.usage_type)
        address = addresses and line.resource in ips and "PublicIPv4" in line.usage_type
        if own or address:
            total += line.net
    return total


def test_idle_nat_and_upper_bound(org: Org, folder: Path) -> None:
    """The bound is everything the NAT costs (its GB could all ride free gateway endpoints, then it can go)."""
    root = bill_data.write_cur2(org, folder / "cur2-savings")
    report = pl_cost.bill(root)
    period = report.periods[0]
    factor = Decimal(730) / month_hours(PERIOD)
    assert period.hours == 720 and period.complete and period.monthly_factor == factor
    for (_, nat_id), truth in org.nats.items():
        found = nat(report, nat_id)
        if org.nat_spec(nat_id).idle:
            assert found.savings_upper_bound_monthly == 0
            assert close(found.idle_savings_monthly, truth.hour_net * factor)
            assert found.next_step.startswith("idle") and "release-address" in found.next_step
            continue
        # without an inventory the IPv4 rows cannot be matched: left out, and said so
        assert close(found.savings_upper_bound_monthly, billed(org, nat_id) * factor)
        assert "pl-cost profile flow-logs" in found.next_step and "--nat-eni" in found.next_step
    assert any("public IPv4 hours unknown" in c and "upper bound" in c for c in report.caveats)
    assert report.savings.upper_bound_monthly == sum(
        (n.savings_upper_bound_monthly or Decimal(0) for n in report.nat_gateways), Decimal(0)
    )
    ranked = [o.savings_monthly for o in report.opportunities]
    assert ranked == sorted(ranked, key=lambda v: -(v or Decimal(0)))
    with_inventory = pl_cost.bill(root, inventory=[str(p) for p in bill_data.inventory(org, folder / "inv-bound")])
    for (_, nat_id), _truth in org.nats.items():
        if not org.nat_spec(nat_id).idle:
            expected = billed(org, nat_id, addresses=True) * factor
            assert close(nat(with_inventory, nat_id).savings_upper_bound_monthly, expected)
    assert not any("public IPv4 hours unknown" in c for c in with_inventory.caveats)


def test_the_upper_bound_is_above_every_plan(org: Org, folder: Path) -> None:
    """No plan saves more than the bound: all GB to S3 (a free gateway endpoint) is the best case.

    A plan prices a whole month of NAT-hours; a NAT that started mid-month (nat-...0007, from the 11th) has
    fewer on the bill, so its plan can exceed this month's bound: the report says so in a caveat.
    """
    root = bill_data.write_cur2(org, folder / "cur2-ceiling")
    inventory = [str(p) for p in bill_data.inventory(org, folder / "inv-ceiling")]
    report = pl_cost.bill(root, inventory=inventory, aws_share="1", aws_mix="s3=1")
    checked = 0
    for plan in report.plans:
        members = [n for n in report.nat_gateways if plan.unit in (n.vpc_id, n.nat_gateway_id) and not n.idle]
        bound = sum((n.savings_upper_bound_monthly or Decimal(0) for n in members), Decimal(0))
        assert plan.error is None and plan.savings_monthly > 0
        whole_month = all(org.nat_spec(n.nat_gateway_id or "").first_day == 1 for n in members)
        if not whole_month:
            assert any(c.startswith(f"plan for {plan.unit}: it prices") for c in report.caveats)
            continue
        assert plan.savings_monthly <= bound + Decimal("0.000001"), plan.unit
        checked += 1
    assert checked == len({n.vpc_id for n in report.nat_gateways if not n.idle}) - 1


def month_hours(period: str) -> Decimal:
    """Hours in a calendar month, from the calendar (not from pl-cost)."""
    start = datetime(int(period[:4]), int(period[5:]), 1, tzinfo=UTC)
    following = datetime(start.year + (start.month == 12), start.month % 12 + 1, 1, tzinfo=UTC)
    return Decimal((following - start) // timedelta(hours=1))


def nat_rows(org: Org, nat_id: str) -> tuple[Decimal, Decimal]:
    """NAT-hours and net cost of one NAT's hour and GB rows, summed from the generated line items."""
    hours = net = Decimal(0)
    for line in org.lines:
        if nat_id in line.resource and "NatGateway-" in line.usage_type and line.line_item_type != "Credit":
            hours += line.amount if line.usage_type.endswith("Hours") else 0
            net += line.net
    return hours, net


def only_one_nat_until_the_10th(seed: int, nat_id: str) -> Org:
    """September with one NAT gateway deleted on the 10th, and no other NAT, endpoint, TGW, IPv4 or tax rows."""
    org = bill_data.organisation(seed=seed, periods=("2024-09",))
    kinds = ("NatGateway", "VpcEndpoint", "TransitGateway", "PublicIPv4")

    def kept(line: bill_data.Line) -> bool:
        if nat_id in line.resource:
            return line.start.day <= 10
        others = "natgateway/" in line.resource or any(k in line.usage_type for k in kinds)
        return not others and line.line_item_type != "Tax"

    org.lines = [line for line in org.lines if kept(line)]
    return org


def test_a_closed_month_is_whole_even_when_its_rows_stop_early(folder: Path) -> None:
    """A NAT deleted on the 10th of a closed September: 720 hours, factor 730/720, not 240 hours scaled by 3.04."""
    nat_id = "nat-0a1b2c3d4e5f60001"
    org = only_one_nat_until_the_10th(5, nat_id)
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-deleted"))
    period = report.periods[0]
    hours = month_hours("2024-09")
    assert period.complete and period.hours == hours == 720
    assert period.monthly_factor == Decimal(730) / hours
    assert not any("still running" in c for c in report.caveats)
    found = nat(report, nat_id)
    billed_hours, billed_net = nat_rows(org, nat_id)
    assert found.nat_hours == billed_hours == 240  # the NAT's own hours stay as billed
    assert found.nat_cost == billed_net
    assert found.monthly_factor == Decimal(730) / hours


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_running_month_scales_to_730_hours(folder: Path, fmt: str) -> None:
    """The same rows read on 11 September at 06:00 UTC: 240 hours so far, scaled by 730/240 and said so."""
    nat_id = "nat-0a1b2c3d4e5f60001"
    org = only_one_nat_until_the_10th(5, nat_id)
    if fmt == "csv":
        root = bill_data.write_legacy_csv(org, folder / "legacy-running")
    else:
        root = bill_data.write_cur2(org, folder / "cur2-running")
    today = datetime(2024, 9, 11, 6, tzinfo=UTC)
    report = pl_cost.bill(root, now=today)
    period = report.periods[0]
    reached = datetime(2024, 9, 11, tzinfo=UTC) - datetime(2024, 9, 1, tzinfo=UTC)
    assert not period.complete and period.hours == Decimal(reached // timedelta(hours=1)) == 240
    assert period.monthly_factor == Decimal(730) / 240
    assert period.period_end == "2024-10-01T00:00:00Z"
    assert any("2024-09 is still running" in c and "730 h / 240 h" in c for c in report.caveats)
    # read later, the same month is closed: whole, not scaled from its rows
    later = pl_cost.bill(root, now=datetime(2024, 10, 2, tzinfo=UTC))
    assert later.periods[0].complete and later.periods[0].hours == month_hours("2024-09")
    # a clock before the last row: the hours stop at now
    early = pl_cost.bill(root, now=datetime(2024, 9, 5, 12, tzinfo=UTC))
    assert early.periods[0].hours == 4 * 24 + 12


def test_time_zoned_timestamps_read_the_same_in_any_time_zone(org: Org, folder: Path) -> None:
    """A Parquet bill with TIMESTAMP WITH TIME ZONE columns, read on a machine set to New York time: the periods
    and hours are UTC's, as AWS bills them (2024-09-01 00:00 UTC is not August 31st)."""
    root = bill_data.write_cur2(org, folder / "cur2-zoned", zoned=True)
    env = {**os.environ, "TZ": "America/New_York", "PL_COST_NO_STALE_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pl_cost", "bill", str(root), "-f", "json"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    report = BillReport.model_validate_json(done.stdout)
    assert [p.billing_period for p in report.periods] == list(org.periods)
    assert report.periods[0].hours == month_hours(PERIOD) and report.periods[0].complete
    assert report.periods[0].start == "2024-09-01T00:00:00Z"
    check_against_truth(report, org)


def test_an_idle_nat_without_a_cost_is_unknown_not_zero(folder: Path) -> None:
    """An idle NAT whose hour rows carry no cost: its saving, and the idle total, are unknown (None), never $0."""
    target = folder / "idle-no-cost.csv"
    arn = "arn:aws:ec2:us-east-1:123456789012:natgateway/nat-0aaaaaaaaaaaaaaa9"
    rows = [
        "bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/UsageAccountId,lineItem/LineItemType,"
        "lineItem/UsageType,lineItem/ResourceId,lineItem/UsageAmount,lineItem/UnblendedCost,product/region,"
        "lineItem/UsageEndDate",
        *(
            f"2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,123456789012,Usage,NatGateway-Hours,{arn},24,,us-east-1,"
            f"2024-09-{day + 1:02d}T00:00:00Z"
            for day in range(1, 31)
        ),
    ]
    target.write_text("\n".join(rows) + "\n")
    report = pl_cost.bill(target)
    (found,) = report.nat_gateways
    assert found.idle and found.nat_hours == 30 * 24 and found.idle_savings_monthly is None
    assert report.savings.idle_nat_gateways == 1
    assert report.savings.idle_monthly is None and report.savings.idle_unknown == 1
    assert any("idle saving unknown for nat-0aaaaaaaaaaaaaaa9" in c for c in report.caveats)
    assert "idle NAT gateways unknown (1, 1 unknown)" in render_bill(report, "table")


def test_public_ipv4_hours_need_the_inventory(org: Org, folder: Path) -> None:
    root = bill_data.write_cur2(org, folder / "cur2-ipv4")
    without = pl_cost.bill(root)
    assert all(n.public_ipv4 is None and n.public_ipv4_note.startswith("unknown") for n in without.nat_gateways)
    paths = bill_data.inventory(org, folder / "inventory")
    report = pl_cost.bill(root, inventory=[str(p) for p in paths])
    for (period, nat_id), truth in org.nats.items():
        found = nat(report, nat_id, period)
        assert found.public_ipv4 is not None and found.public_ipv4.quantity == truth.ipv4_hours
        assert found.vpc_id == org.nat_spec(nat_id).vpc
    idle = nat(report, "nat-0b1b2c3d4e5f60005")
    ipv4 = org.nats[(PERIOD, "nat-0b1b2c3d4e5f60005")].ipv4_hours * Decimal("0.005")
    hour_net = org.nats[(PERIOD, "nat-0b1b2c3d4e5f60005")].hour_net
    assert close(idle.idle_savings_monthly, (hour_net + ipv4) * Decimal(730) / 720)


def test_an_inventory_folder_is_read_recursively_and_says_what_it_skipped(org: Org, folder: Path) -> None:
    """Folders stand for the regular .json files under them (as for evidence); the rest is listed, not read."""
    root = bill_data.write_cur2(org, folder / "cur2-inventory-folder")
    tree = folder / "inventory-tree"
    paths = bill_data.inventory(org, tree / "org" / "describe")
    (tree / "README.md").write_text("how these files were made\n")
    (tree / "org" / "settings.json").write_text('{"Region": "eu-west-1"}\n')
    (tree / "again.json").symlink_to(paths[0])
    by_files = pl_cost.bill(root, inventory=[str(p) for p in paths])
    by_folder = pl_cost.bill(root, inventory=tree)
    read = [Path(f).resolve() for f in by_folder.source.inventory_files]
    assert sorted(read) == sorted(p.resolve() for p in paths)  # the symlinked file once
    assert [(n.vpc_id, n.public_ipv4) for n in by_folder.nat_gateways] == [
        (n.vpc_id, n.public_ipv4) for n in by_files.nat_gateways
    ]
    skipped = by_folder.source.inventory_skipped
    assert len(skipped) == 3 and by_files.source.inventory_skipped == []
    for name in (tree / "README.md", tree / "org" / "settings.json"):
        assert sum(item.startswith(f"{name} (") for item in skipped) == 1
    assert sum("(the same file as" in item for item in skipped) == 1
    assert f"inventory: 3 file(s) skipped: {', '.join(skipped)}" in by_folder.caveats
    assert not any(c.startswith("inventory:") for c in by_files.caveats)


def test_period_filter_and_two_periods(folder: Path) -> None:
    org = bill_data.organisation(seed=9, periods=("2024-09", "2024-10"))
    root = bill_data.write_cur2(org, folder / "cur2-two")
    both = pl_cost.bill(root)
    assert [p.billing_period for p in both.periods] == ["2024-09", "2024-10"]
    assert {p.hours for p in both.periods} == {Decimal(720), Decimal(744)}
    check_against_truth(both, org)
    october = pl_cost.bill(root, periods=["2024-10"])
    assert {n.billing_period for n in october.nat_gateways} == {"2024-10"}
    with pytest.raises(UsageError, match="--period: 2025-01 not in this bill"):
        pl_cost.bill(root, periods=["2025-01"])


def test_a_file_that_is_not_a_bill_is_one_line_naming_what_is_missing(folder: Path) -> None:
    target = folder / "flows.csv"
    target.write_text("version,account-id,interface-id\n2,123,eni-1\n")
    with pytest.raises(UsageError) as raised:
        pl_cost.bill(target)
    message = str(raised.value)
    assert "not an AWS Cost and Usage Report or FOCUS export" in message and "lineItem/UsageType" in message
    assert "\n" not in message


def test_a_cur_missing_a_required_column_names_it(folder: Path) -> None:
    target = folder / "thin.csv"
    target.write_text("lineItem/UsageType,lineItem/UsageAmount\nNatGateway-Hours,1\n")
    with pytest.raises(UsageError, match=r"legacy CUR .* without the column\(s\) bill/BillingPeriodStartDate"):
        pl_cost.bill(target)


def test_focus_of_another_provider_is_refused(folder: Path) -> None:
    target = folder / "azure-focus.csv"
    target.write_text(
        "BilledCost,ChargeCategory,ProviderName,SubAccountId,RegionId,BillingPeriodStart,ConsumedQuantity,"
        "ChargeDescription\n1.5,Usage,Microsoft,sub,westeurope,2024-09-01 00:00:00,1,NAT Gateway\n"
    )
    with pytest.raises(UsageError, match=r"FOCUS data from Microsoft .*no AWS rows"):
        pl_cost.bill(target)


def test_focus_with_several_providers_keeps_aws(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_focus(org, folder / "focus-mixed", "1.0", others=True))
    # every row of the file counted once per provider, from the one scan (no second pass to count them)
    assert report.source.providers == Counter(r["ProviderName"] for r in bill_data.focus_rows(org, "1.0", True))
    assert report.source.providers["Microsoft"] == 5
    assert any("Microsoft (5)" in c for c in report.caveats)
    check_against_truth(report, org, unblended_known=False)


def test_two_kinds_of_bill_at_once_are_refused(org: Org, folder: Path) -> None:
    cur2 = bill_data.write_cur2(org, folder / "mix-cur2")
    focus = bill_data.write_focus(org, folder / "mix-focus")
    with pytest.raises(UsageError, match="give one kind of bill at a time"):
        pl_cost.bill([cur2, focus])


def test_two_versions_of_a_period_use_the_manifest_or_are_refused(org: Org, folder: Path) -> None:
    root = bill_data.write_legacy_csv(org, folder / "versions")
    period_dir = next(root.glob("2024*"))
    first = next(period_dir.glob("*/cur-1.csv"))
    second = period_dir / "20241003T000000Z" / "cur-1.csv"
    second.parent.mkdir()
    second.write_bytes(first.read_bytes())
    with pytest.raises(UsageError, match="2 versions of this billing period"):
        pl_cost.bill(root)
    (period_dir / "cur-Manifest.json").write_text('{"reportKeys": ["cur/x/20241003T000000Z/cur-1.csv"]}')
    check_against_truth(pl_cost.bill(root), org)


def test_pl_cost_bill_is_callable_after_the_package_is_imported(org: Org, folder: Path) -> None:
    import pl_cost.bill as package

    root = bill_data.write_cur2(org, folder / "callable")
    assert package(root).total == pl_cost.bill(root).total


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"aws_share": "1.5"}, "--aws-share: a share"),
        ({"aws_share": "x"}, "--aws-share: expected a number"),
        ({"aws_share": "0.5", "aws_mix": "s3=0.5"}, "add up to 0.5, not 1"),
        ({"aws_share": "0.5", "aws_mix": "s4=1"}, "unknown service 's4'"),
        ({"aws_mix": "s3=1"}, "give --aws-share too"),
        ({"periods": ["2024-13"]}, "--period: expected"),
        ({"hours_per_month": "0"}, "hours: must be above 0"),
    ],
)
def test_options_are_checked_before_reading(kwargs: dict[str, object], message: str, folder: Path) -> None:
    with pytest.raises(UsageError, match=message):
        pl_cost.bill(folder / "does-not-matter", **kwargs)  # type: ignore[arg-type]


def test_unknown_paths_and_empty_folders(folder: Path) -> None:
    with pytest.raises(UsageError, match="no such file or directory"):
        pl_cost.bill(folder / "absent")
    (folder / "empty").mkdir()
    with pytest.raises(UsageError, match="no bill files"):
        pl_cost.bill(folder / "empty")
    (folder / "zip.csv").write_bytes(b"PK\x03\x04rest")
    with pytest.raises(UsageError, match="a ZIP archive: unzip"):
        pl_cost.bill(folder / "zip.csv")


def test_accounts_are_all_there(org: Org, folder: Path) -> None:
    report = pl_cost.bill(bill_data.write_cur2(org, folder / "cur2-accounts"))
    assert {t.account_id for t in report.totals_by_account} == {A, B, C}
