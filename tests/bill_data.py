"""Generated bills for the tests: one organisation's NAT gateways written as CUR 2.0, legacy CUR and FOCUS files.

The organisation is built line item by line item (daily rows, as AWS writes a daily export) from a few
NAT gateways with known hours, GB and prices, so each test knows the truth without pl-cost's code:
`Org.nats` holds every NAT's expected figures summed here from the same line items the writers write.
Column names and types follow AWS's documentation (see tests/fixtures/bill/README.md).
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

PAYER = "111111111111"
A, B, C = "210987654321", "345678901234", "456789012345"
#: Region billing-code prefixes: us-east-1 NAT usage types carry none (AWS Price List; see the fixture README).
PREFIX = {"us-east-1": "", "us-east-2": "USE2-", "eu-west-1": "EU-", "ap-northeast-1": "APN1-"}
#: List prices from the shipped catalog (its sources: pricing/), per region: NAT $/hour and $/GB.
NAT_PRICE = {
    "us-east-1": Decimal("0.045"),
    "us-east-2": Decimal("0.045"),
    "eu-west-1": Decimal("0.048"),
    "ap-northeast-1": Decimal("0.062"),
}
PLACES = Decimal("0.0000000001")


def money(value: Decimal) -> Decimal:
    """Ten decimal places, as the CUR writes costs."""
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass
class Line:
    """One line item in canonical form; each writer renames and retypes it for its format."""

    period: str
    account: str
    region: str
    resource: str
    usage_type: str
    line_item_type: str
    product_code: str
    operation: str
    description: str
    start: datetime
    end: datetime
    amount: Decimal
    unblended: Decimal
    net: Decimal
    list_cost: Decimal | None
    unit: str
    family: str


@dataclass
class NatSpec:
    """A NAT gateway the generator bills."""

    nat_id: str
    account: str
    region: str
    vpc: str
    az: str
    regional: bool = False
    idle: bool = False
    prefixed_us_east_1: bool = False
    first_day: int = 1
    gb_per_day: tuple[int, int] = (40, 160)
    discount: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    refund: Decimal = Decimal(0)
    internet_gb: Decimal = Decimal(0)
    inter_az_gb: Decimal = Decimal(0)
    inter_region_gb: Decimal = Decimal(0)
    public_ip: str = ""
    gb_factor: dict[str, Decimal] = field(default_factory=dict)
    periods: tuple[str, ...] = ()

    @property
    def arn(self) -> str:
        """The NAT's resource ID as the CUR shows it."""
        return f"arn:aws:ec2:{self.region}:{self.account}:natgateway/{self.nat_id}"


@dataclass
class Expected:
    """A NAT gateway's truth in one period."""

    hours: Decimal = Decimal(0)
    gb: Decimal = Decimal(0)
    list_cost: Decimal = Decimal(0)
    unblended: Decimal = Decimal(0)
    net: Decimal = Decimal(0)
    credits: Decimal = Decimal(0)
    related: dict[str, Decimal] = field(default_factory=dict)
    ipv4_hours: Decimal = Decimal(0)
    hour_net: Decimal = Decimal(0)
    gb_net: Decimal = Decimal(0)


@dataclass
class Org:
    """The generated organisation: its line items, its NAT gateways' truth and its inventory."""

    lines: list[Line]
    specs: list[NatSpec]
    nats: dict[tuple[str, str], Expected]
    endpoints: dict[tuple[str, str], tuple[Decimal, Decimal]]
    taxes: dict[tuple[str, str], Decimal]
    periods: tuple[str, ...]

    def nat_spec(self, nat_id: str) -> NatSpec:
        """The spec of one NAT."""
        return next(s for s in self.specs if s.nat_id == nat_id)

    def totals_without_ids(self) -> dict[tuple[str, str, str], tuple[Decimal, Decimal, Decimal]]:
        """(period, account, region) -> (NAT-hours incl. regional, GB, net cost): a report without IDs' totals."""
        found: dict[tuple[str, str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
        for line in self.lines:
            base = line.usage_type.removeprefix(PREFIX.get(line.region, "")).removeprefix("USE1-")
            if line.line_item_type != "Usage" or base not in NAT_TYPES:
                continue
            entry = found[(line.period, line.account, line.region)]
            entry[0 if base.endswith("Hours") else 1] += line.amount
            entry[2] += line.net
        return {k: (v[0], v[1], v[2]) for k, v in found.items()}


NAT_TYPES = ("NatGateway-Hours", "NatGateway-Bytes", "RegionalNatGateway-Hours", "RegionalNatGateway-Bytes")


def default_specs(periods: tuple[str, ...]) -> list[NatSpec]:
    """Seven NAT gateways over three accounts and four regions, each exercising one rule."""
    return [
        NatSpec("nat-0a1b2c3d4e5f60001", A, "us-east-1", "vpc-0aa0000000000000a", "us-east-1a",
                internet_gb=Decimal("120.5"), inter_az_gb=Decimal("33.25"), public_ip="3.210.0.1",
                gb_factor={"2024-10": Decimal("0.4")}),
        NatSpec("nat-0a1b2c3d4e5f60002", A, "us-east-1", "vpc-0aa0000000000000a", "us-east-1b",
                prefixed_us_east_1=True, public_ip="3.210.0.2"),
        NatSpec("nat-0a1b2c3d4e5f60003", A, "us-east-1", "vpc-0aa0000000000000b", "us-east-1a", regional=True,
                public_ip="3.210.0.3", gb_per_day=(10, 30)),
        NatSpec("nat-0b1b2c3d4e5f60004", B, "eu-west-1", "vpc-0bb0000000000000a", "eu-west-1a",
                discount=Decimal("0.10"), credit=Decimal("-5"), public_ip="52.16.0.4", gb_per_day=(400, 900)),
        NatSpec("nat-0b1b2c3d4e5f60005", B, "eu-west-1", "vpc-0bb0000000000000a", "eu-west-1b", idle=True,
                discount=Decimal("0.10"), public_ip="52.16.0.5", periods=("2024-09",)),
        NatSpec("nat-0c1b2c3d4e5f60006", C, "us-east-2", "vpc-0cc0000000000000a", "us-east-2a",
                refund=Decimal("-2.5"), inter_region_gb=Decimal("12.125"), public_ip="18.188.0.6"),
        NatSpec("nat-0c1b2c3d4e5f60007", C, "ap-northeast-1", "vpc-0cc0000000000000b", "ap-northeast-1a",
                first_day=11, public_ip="13.112.0.7"),
    ]  # fmt: skip


def organisation(seed: int = 7, periods: tuple[str, ...] = ("2024-09",)) -> Org:
    """The organisation's line items for the given months (daily rows) and the truth per NAT gateway."""
    rng = random.Random(seed)
    specs = default_specs(periods)
    lines: list[Line] = []
    nats: dict[tuple[str, str], Expected] = {}
    for period in periods:
        days = _days(period)
        for spec in specs:
            if spec.periods and period not in spec.periods:
                continue
            truth = nats.setdefault((period, spec.nat_id), Expected())
            for day in range(spec.first_day, days + 1):
                _nat_day(lines, truth, spec, period, day, rng)
            _adjustments(lines, truth, spec, period)
        _other_services(lines, period, rng)
    endpoints = _endpoints(lines, periods)
    taxes = _taxes(lines, periods)
    return Org(lines, specs, nats, endpoints, taxes, periods)


def _days(period: str) -> int:
    start = datetime(int(period[:4]), int(period[5:]), 1, tzinfo=UTC)
    following = datetime(start.year + (start.month == 12), start.month % 12 + 1, 1, tzinfo=UTC)
    return (following - start).days


def _day(period: str, day: int) -> tuple[datetime, datetime]:
    start = datetime(int(period[:4]), int(period[5:]), day, tzinfo=UTC)
    return start, start + timedelta(days=1)


def _nat_day(lines: list[Line], truth: Expected, spec: NatSpec, period: str, day: int, rng: random.Random) -> None:
    price = NAT_PRICE[spec.region]
    prefix = "USE1-" if spec.prefixed_us_east_1 else PREFIX[spec.region]
    kind = "RegionalNatGateway" if spec.regional else "NatGateway"
    start, end = _day(period, day)
    hours = Decimal(72 if spec.regional else 24)  # a regional NAT active in 3 AZs bills 3 NAT-AZ-hours an hour
    gb = Decimal(0)
    if not spec.idle:
        gb = Decimal(rng.randint(spec.gb_per_day[0] * 1000, spec.gb_per_day[1] * 1000)) / 1000
        gb = (gb * spec.gb_factor.get(period, Decimal(1))).quantize(Decimal("0.0001"))
    name = "Regional NAT Gateway" if spec.regional else "NAT Gateway"
    # the Price List spells us-east-1's regional NAT bytes USE1-RegionalNatGateway-Bytes, its hours unprefixed
    bytes_prefix = "USE1-" if spec.regional and spec.region == "us-east-1" else prefix
    for usage_type, amount, what in (
        (f"{prefix}{kind}-Hours", hours, f"{name} Hour"),
        (f"{bytes_prefix}{kind}-Bytes", gb, f"GB Data Processed by {name}s"),
    ):
        if amount == 0 and usage_type.endswith("Bytes"):
            continue
        unblended = money(amount * price)
        net = money(unblended * (1 - spec.discount))
        lines.append(_line(period, spec.account, spec.region, spec.arn, usage_type, "Usage", "AmazonEC2", "NatGateway",
                           f"${price} per {what}", start, end, amount, unblended, net, unblended,
                           "Hrs" if usage_type.endswith("Hours") else "GB", "NAT Gateway"))  # fmt: skip
        if spec.discount:
            lines.append(_line(period, spec.account, spec.region, spec.arn, usage_type, "EdpDiscount", "AmazonEC2",
                               "NatGateway", "Enterprise Program Discount", start, end, Decimal(0), net - unblended,
                               Decimal(0), None, "", "NAT Gateway"))  # fmt: skip
        truth.list_cost += unblended
        truth.unblended += unblended
        truth.net += net
        if usage_type.endswith("Hours"):
            truth.hours += amount
            truth.hour_net += net
        else:
            truth.gb += amount
            truth.gb_net += net
    code = PREFIX[spec.region] or "USE1-"
    related = (
        ("internet_out", f"{PREFIX[spec.region]}DataTransfer-Out-Bytes", spec.internet_gb, Decimal("0.09")),
        ("inter_az", f"{code}DataTransfer-Regional-Bytes", spec.inter_az_gb, Decimal("0.01")),
        ("inter_region", f"{code}USE1-AWS-Out-Bytes", spec.inter_region_gb, Decimal("0.02")),
    )
    for charge, usage_type, amount, rate in related:
        if amount and not spec.idle:
            cost = money(amount * rate)
            lines.append(_line(period, spec.account, spec.region, spec.arn, usage_type, "Usage", "AWSDataTransfer",
                               "NatGateway", f"${rate} per GB", start, end, amount, cost, cost, cost, "GB",
                               "Data Transfer"))  # fmt: skip
            truth.related[charge] = truth.related.get(charge, Decimal(0)) + cost
    if spec.public_ip:
        addresses = 3 if spec.regional else 1
        ip_prefix = PREFIX[spec.region] or "USE1-"
        for index in range(addresses):
            ip = spec.public_ip if index == 0 else f"{spec.public_ip}{index}"
            cost = money(Decimal(24) * Decimal("0.005"))
            lines.append(_line(period, spec.account, spec.region, ip, f"{ip_prefix}PublicIPv4:InUseAddress", "Usage",
                               "AmazonVPC", "AssociateAddressVPC", "$0.005 per In-use public IPv4 address per hour",
                               start, end, Decimal(24), cost, cost, cost, "Hrs", "IP Address"))  # fmt: skip
            truth.ipv4_hours += Decimal(24)


def _adjustments(lines: list[Line], truth: Expected, spec: NatSpec, period: str) -> None:
    start, end = _day(period, 1)
    prefix = PREFIX[spec.region]
    for kind, amount in (("Credit", spec.credit), ("Refund", spec.refund)):
        if amount:
            lines.append(_line(period, spec.account, spec.region, spec.arn, f"{prefix}NatGateway-Bytes", kind,
                               "AmazonEC2", "NatGateway", f"{kind} on NAT Gateway", start, end, Decimal(0), amount,
                               amount, None, "GB", "NAT Gateway"))  # fmt: skip
            truth.credits += amount


def _other_services(lines: list[Line], period: str, rng: random.Random) -> None:
    """Rows a NAT report must leave out: EC2 instances (and their own transfer), S3, Savings Plans."""
    for day in range(1, _days(period) + 1):
        start, end = _day(period, day)
        for account, region in ((A, "us-east-1"), (B, "eu-west-1"), (C, "us-east-2")):
            prefix = PREFIX[region]
            box = money(Decimal(48) * Decimal("0.0416"))
            lines.append(_line(period, account, region, f"i-0{account[:6]}abcdef", f"{prefix}BoxUsage:t3.medium",
                               "Usage", "AmazonEC2", "RunInstances", "t3.medium", start, end, Decimal(48), box, box,
                               box, "Hrs", "Compute Instance"))  # fmt: skip
            out = Decimal(rng.randint(1, 50))
            lines.append(_line(period, account, region, f"i-0{account[:6]}abcdef", f"{prefix}DataTransfer-Out-Bytes",
                               "Usage", "AWSDataTransfer", "RunInstances", "transfer", start, end, out,
                               money(out * Decimal("0.09")), money(out * Decimal("0.09")),
                               money(out * Decimal("0.09")), "GB", "Data Transfer"))  # fmt: skip
            bucket = f"arn:aws:s3:::bucket-{account}"
            lines.append(_line(period, account, region, bucket, f"{prefix}TimedStorage-ByteHrs", "Usage", "AmazonS3",
                               "StandardStorage", "storage", start, end, Decimal("3.5"),
                               money(Decimal("0.0805")), money(Decimal("0.0805")), money(Decimal("0.0805")),
                               "GB-Mo", "Storage"))  # fmt: skip
        sp = money(Decimal(24) * Decimal("0.0832"))
        covered = "SavingsPlanCoveredUsage"
        lines.append(_line(period, A, "us-east-1", "i-0aaaaaaaaaaaaaaa1", "BoxUsage:m5.large", covered, "AmazonEC2",
                           "RunInstances", "m5.large", start, end, Decimal(24), sp, sp, sp, "Hrs",
                           "Compute Instance"))  # fmt: skip
        lines.append(_line(period, A, "us-east-1", "i-0aaaaaaaaaaaaaaa1", "BoxUsage:m5.large", "SavingsPlanNegation",
                           "AmazonEC2", "RunInstances", "SP negation", start, end, Decimal(0), -sp, -sp, None, "Hrs",
                           "Compute Instance"))  # fmt: skip


def _endpoints(lines: list[Line], periods: tuple[str, ...]) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """Two interface endpoints (one idle) and a Transit Gateway attachment; (period, id) -> (hours, GB)."""
    found: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    resources = (
        (A, "us-east-1", f"arn:aws:ec2:us-east-1:{A}:vpc-endpoint/vpce-0aaaaaaaaaaaaaaa1", "USE1-VpcEndpoint", 48,
         (5, 20)),
        (A, "us-east-1", f"arn:aws:ec2:us-east-1:{A}:vpc-endpoint/vpce-0aaaaaaaaaaaaaaa2", "USE1-VpcEndpoint", 48,
         None),
        (C, "us-east-2", f"arn:aws:ec2:us-east-2:{C}:transit-gateway-attachment/tgw-attach-0ccccccccccccccc1",
         "USE2-TransitGateway", 24, (30, 60)),
    )  # fmt: skip
    rng = random.Random(3)
    for period in periods:
        for account, region, arn, kind, hours_per_day, gb_range in resources:
            hours = gb = Decimal(0)
            for day in range(1, _days(period) + 1):
                start, end = _day(period, day)
                cost = money(Decimal(hours_per_day) * Decimal("0.01"))
                lines.append(_line(period, account, region, arn, f"{kind}-Hours", "Usage", "AmazonVPC", "VpcEndpoint",
                                   "endpoint hours", start, end, Decimal(hours_per_day), cost, cost, cost, "Hrs",
                                   "VpcEndpoint"))  # fmt: skip
                hours += hours_per_day
                if gb_range:
                    amount = Decimal(rng.randint(*gb_range))
                    cost = money(amount * Decimal("0.01"))
                    lines.append(_line(period, account, region, arn, f"{kind}-Bytes", "Usage", "AmazonVPC",
                                       "VpcEndpoint", "endpoint GB", start, end, amount, cost, cost, cost, "GB",
                                       "VpcEndpoint"))  # fmt: skip
                    gb += amount
            found[(period, arn)] = (hours, gb)
    return found


def _taxes(lines: list[Line], periods: tuple[str, ...]) -> dict[tuple[str, str], Decimal]:
    """One EC2 tax row per account (kept) and one S3 tax row (left out: not EC2 or VPC)."""
    found = {}
    for period in periods:
        start, end = _day(period, 1)
        for index, account in enumerate((A, B, C)):
            tax = Decimal("12.34") + index
            lines.append(_line(period, account, "", "", "", "Tax", "AmazonEC2", "", "Tax for product code AmazonEC2",
                               start, end, Decimal(1), tax, tax, None, "", ""))  # fmt: skip
            lines.append(_line(period, account, "", "", "", "Tax", "AmazonS3", "", "Tax for product code AmazonS3",
                               start, end, Decimal(1), Decimal("1.11"), Decimal("1.11"), None, "", ""))  # fmt: skip
            found[(account, period)] = tax
    return found


def _line(*args: Any) -> Line:
    return Line(*args)


# ---------------------------------------------------------------- writers


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _period_bounds(period: str) -> tuple[datetime, datetime]:
    start = datetime(int(period[:4]), int(period[5:]), 1, tzinfo=UTC)
    return start, start + timedelta(days=_days(period))


#: Legacy CUR header, in AWS's order for the columns it has (as delivered CSVs show them).
LEGACY_COLUMNS = (
    "identity/LineItemId", "identity/TimeInterval", "bill/InvoiceId", "bill/BillingEntity", "bill/BillType",
    "bill/PayerAccountId", "bill/BillingPeriodStartDate", "bill/BillingPeriodEndDate", "lineItem/UsageAccountId",
    "lineItem/LineItemType", "lineItem/UsageStartDate", "lineItem/UsageEndDate", "lineItem/ProductCode",
    "lineItem/UsageType", "lineItem/Operation", "lineItem/AvailabilityZone", "lineItem/ResourceId",
    "lineItem/UsageAmount", "lineItem/NormalizationFactor", "lineItem/NormalizedUsageAmount", "lineItem/CurrencyCode",
    "lineItem/UnblendedRate", "lineItem/UnblendedCost", "lineItem/BlendedRate", "lineItem/BlendedCost",
    "lineItem/LineItemDescription", "lineItem/TaxType", "lineItem/LegalEntity", "lineItem/NetUnblendedCost",
    "product/ProductName", "product/productFamily", "product/region", "product/regionCode", "product/location",
    "product/usagetype", "pricing/publicOnDemandCost", "pricing/publicOnDemandRate", "pricing/term", "pricing/unit",
)  # fmt: skip


def legacy_rows(org: Org, net_column: bool = True) -> tuple[list[str], list[list[str]]]:
    """The organisation as legacy CUR CSV rows (header, rows)."""
    header = [c for c in LEGACY_COLUMNS if net_column or c != "lineItem/NetUnblendedCost"]
    rows = []
    for index, line in enumerate(org.lines):
        begin, finish = _period_bounds(line.period)
        values = {
            "identity/LineItemId": f"li{index:08d}",
            "identity/TimeInterval": f"{_stamp(line.start)}/{_stamp(line.end)}",
            "bill/InvoiceId": "",
            "bill/BillingEntity": "AWS",
            "bill/BillType": "Anniversary",
            "bill/PayerAccountId": PAYER,
            "bill/BillingPeriodStartDate": _stamp(begin),
            "bill/BillingPeriodEndDate": _stamp(finish),
            "lineItem/UsageAccountId": line.account,
            "lineItem/LineItemType": line.line_item_type,
            "lineItem/UsageStartDate": _stamp(line.start),
            "lineItem/UsageEndDate": _stamp(line.end),
            "lineItem/ProductCode": line.product_code,
            "lineItem/UsageType": line.usage_type,
            "lineItem/Operation": line.operation,
            "lineItem/ResourceId": line.resource,
            "lineItem/UsageAmount": _num(line.amount),
            "lineItem/CurrencyCode": "USD",
            "lineItem/UnblendedCost": _num(line.unblended),
            "lineItem/BlendedCost": _num(line.unblended),
            "lineItem/LineItemDescription": line.description,
            "lineItem/NetUnblendedCost": _num(line.net),
            "product/ProductName": "Amazon Elastic Compute Cloud"
            if line.product_code == "AmazonEC2"
            else line.product_code,
            "product/productFamily": line.family,
            "product/region": line.region,
            "product/regionCode": line.region,
            "product/usagetype": line.usage_type,
            "pricing/publicOnDemandCost": _num(line.list_cost),
            "pricing/unit": line.unit,
            "pricing/term": "OnDemand" if line.list_cost is not None else "",
        }
        rows.append([values.get(column, "") for column in header])
    return header, rows


def write_legacy_csv(org: Org, folder: Path, gz: bool = False, net_column: bool = True, name: str = "cur") -> Path:
    """A legacy CUR delivery: `<report>/YYYYMMDD-YYYYMMDD/<assembly>/<report>-1.csv[.gz]` per period."""
    header, rows = legacy_rows(org, net_column)
    by_period: dict[str, list[list[str]]] = defaultdict(list)
    period_index = header.index("bill/BillingPeriodStartDate")
    for row in rows:
        by_period[row[period_index][:7]].append(row)
    root = folder / name
    for period, members in by_period.items():
        begin, finish = _period_bounds(period)
        target = root / f"{begin:%Y%m%d}-{finish:%Y%m%d}" / "20241002T000000Z" / f"{name}-1.csv{'.gz' if gz else ''}"
        target.parent.mkdir(parents=True, exist_ok=True)
        opener: Any = gzip.open if gz else open
        with opener(target, "wt", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(members)
    return root


#: CUR 2.0 columns written, with the types AWS documents (table dictionary; Cloud Intelligence Dashboards' Glue table).
CUR2_TYPES = (
    ("identity_line_item_id", "VARCHAR"),
    ("identity_time_interval", "VARCHAR"),
    ("bill_bill_type", "VARCHAR"),
    ("bill_billing_entity", "VARCHAR"),
    ("bill_billing_period_end_date", "TIMESTAMP"),
    ("bill_billing_period_start_date", "TIMESTAMP"),
    ("bill_invoice_id", "VARCHAR"),
    ("bill_payer_account_id", "VARCHAR"),
    ("bill_payer_account_name", "VARCHAR"),
    ("cost_category", "MAP(VARCHAR, VARCHAR)"),
    ("discount", "MAP(VARCHAR, DOUBLE)"),
    ("discount_bundled_discount", "DOUBLE"),
    ("discount_total_discount", "DOUBLE"),
    ("line_item_availability_zone", "VARCHAR"),
    ("line_item_blended_cost", "DOUBLE"),
    ("line_item_currency_code", "VARCHAR"),
    ("line_item_line_item_description", "VARCHAR"),
    ("line_item_line_item_type", "VARCHAR"),
    ("line_item_net_unblended_cost", "DOUBLE"),
    ("line_item_operation", "VARCHAR"),
    ("line_item_product_code", "VARCHAR"),
    ("line_item_resource_id", "VARCHAR"),
    ("line_item_unblended_cost", "DOUBLE"),
    ("line_item_unblended_rate", "VARCHAR"),
    ("line_item_usage_account_id", "VARCHAR"),
    ("line_item_usage_account_name", "VARCHAR"),
    ("line_item_usage_amount", "DOUBLE"),
    ("line_item_usage_end_date", "TIMESTAMP"),
    ("line_item_usage_start_date", "TIMESTAMP"),
    ("line_item_usage_type", "VARCHAR"),
    ("pricing_public_on_demand_cost", "DOUBLE"),
    ("pricing_term", "VARCHAR"),
    ("pricing_unit", "VARCHAR"),
    ("product", "MAP(VARCHAR, VARCHAR)"),
    ("product_product_family", "VARCHAR"),
    ("product_region_code", "VARCHAR"),
    ("product_servicecode", "VARCHAR"),
    ("resource_tags", "MAP(VARCHAR, VARCHAR)"),
)


def cur2_rows(org: Org) -> list[dict[str, str]]:
    """The organisation in CUR 2.0 columns, as text (maps as JSON), one dict per line item."""
    rows = []
    for index, line in enumerate(org.lines):
        begin, finish = _period_bounds(line.period)
        rows.append(
            {
                "identity_line_item_id": f"li{index:08d}",
                "identity_time_interval": f"{_stamp(line.start)}/{_stamp(line.end)}",
                "bill_bill_type": "Anniversary",
                "bill_billing_entity": "AWS",
                "bill_billing_period_end_date": finish.strftime("%Y-%m-%d %H:%M:%S"),
                "bill_billing_period_start_date": begin.strftime("%Y-%m-%d %H:%M:%S"),
                "bill_invoice_id": "",
                "bill_payer_account_id": PAYER,
                "bill_payer_account_name": "payer",
                "cost_category": "{}",
                "discount": json.dumps({"total_discount": float(line.net - line.unblended)}),
                "discount_bundled_discount": "",
                "discount_total_discount": "",
                "line_item_availability_zone": "",
                "line_item_blended_cost": _num(line.unblended),
                "line_item_currency_code": "USD",
                "line_item_line_item_description": line.description,
                "line_item_line_item_type": line.line_item_type,
                "line_item_net_unblended_cost": _num(line.net),
                "line_item_operation": line.operation,
                "line_item_product_code": line.product_code,
                "line_item_resource_id": line.resource,
                "line_item_unblended_cost": _num(line.unblended),
                "line_item_unblended_rate": "",
                "line_item_usage_account_id": line.account,
                "line_item_usage_account_name": f"account {line.account}",
                "line_item_usage_amount": _num(line.amount),
                "line_item_usage_end_date": line.end.strftime("%Y-%m-%d %H:%M:%S"),
                "line_item_usage_start_date": line.start.strftime("%Y-%m-%d %H:%M:%S"),
                "line_item_usage_type": line.usage_type,
                "pricing_public_on_demand_cost": _num(line.list_cost),
                "pricing_term": "OnDemand",
                "pricing_unit": line.unit,
                "product": json.dumps({"region": line.region, "product_name": line.product_code}),
                "product_product_family": line.family,
                "product_region_code": line.region,
                "product_servicecode": line.product_code,
                "resource_tags": "{}",
            }
        )
    return rows


def _typed_parquet(rows: list[dict[str, str]], types: tuple[tuple[str, str], ...], target: Path) -> None:
    """Rows of text written as Parquet with the given column types, through DuckDB (maps from JSON text)."""
    import duckdb

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_suffix(".staging.csv")
    names = [name for name, _ in types]
    with staging.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in rows:
            writer.writerow([row.get(name, "") for name in names])
    casts = []
    for name, kind in types:
        if kind.startswith("MAP"):
            casts.append(f'CAST(CAST("{name}" AS JSON) AS {kind}) AS "{name}"')
        else:
            casts.append(f'TRY_CAST(nullif("{name}", \'\') AS {kind}) AS "{name}"')
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT {', '.join(casts)} FROM read_csv('{staging}', header = true, columns = {columns},"
        f" auto_detect = false, quote = '\"', escape = '\"')) TO '{target}' (FORMAT parquet)"
    )
    con.close()
    staging.unlink()


def write_cur2(
    org: Org, folder: Path, resource_ids: bool = True, name: str = "nat-export", zoned: bool = False
) -> Path:
    """A CUR 2.0 Data Exports delivery: `<export>/data/BILLING_PERIOD=YYYY-MM/<export>-00001.snappy.parquet`.

    `zoned`: timestamps typed TIMESTAMP WITH TIME ZONE (as some tools rewrite the export), instants in UTC.
    """
    types = tuple(t for t in CUR2_TYPES if resource_ids or t[0] != "line_item_resource_id")
    rows = cur2_rows(org)
    if zoned:
        stamps = {n for n, kind in types if kind == "TIMESTAMP"}
        types = tuple((n, "TIMESTAMPTZ" if n in stamps else kind) for n, kind in types)
        rows = [{k: f"{v}+00:00" if k in stamps and v else v for k, v in row.items()} for row in rows]
    by_period: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_period[row["bill_billing_period_start_date"][:7]].append(row)
    root = folder / name
    for period, members in by_period.items():
        target = root / "data" / f"BILLING_PERIOD={period}" / f"{name}-00001.snappy.parquet"
        _typed_parquet(members, types, target)
        manifest = root / "metadata" / f"BILLING_PERIOD={period}" / f"{name}-Manifest.json"
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(
            json.dumps({"dataFiles": [f"s3://bucket/{name}/data/BILLING_PERIOD={period}/{target.name}"]})
        )
    return root


#: Legacy CUR in Parquet (its Athena integration): lower_snake names, no CUR 2.0-only columns, `product_region`.
LEGACY_SNAKE_TYPES = (
    ("identity_line_item_id", "VARCHAR"),
    ("bill_payer_account_id", "VARCHAR"),
    ("bill_billing_period_start_date", "TIMESTAMP"),
    ("bill_billing_period_end_date", "TIMESTAMP"),
    ("line_item_usage_account_id", "VARCHAR"),
    ("line_item_line_item_type", "VARCHAR"),
    ("line_item_usage_start_date", "TIMESTAMP"),
    ("line_item_usage_end_date", "TIMESTAMP"),
    ("line_item_product_code", "VARCHAR"),
    ("line_item_usage_type", "VARCHAR"),
    ("line_item_operation", "VARCHAR"),
    ("line_item_resource_id", "VARCHAR"),
    ("line_item_usage_amount", "DOUBLE"),
    ("line_item_unblended_cost", "DOUBLE"),
    ("line_item_net_unblended_cost", "DOUBLE"),
    ("line_item_line_item_description", "VARCHAR"),
    ("product_region", "VARCHAR"),
    ("pricing_public_on_demand_cost", "DOUBLE"),
    ("pricing_unit", "VARCHAR"),
)


def write_legacy_parquet(org: Org, folder: Path, name: str = "cur") -> Path:
    """Legacy CUR Parquet as its Athena integration delivers it: `<report>/<report>/year=YYYY/month=M/...parquet`."""
    rows = cur2_rows(org)
    for row in rows:
        row["product_region"] = row["product_region_code"]
    by_period: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_period[row["bill_billing_period_start_date"][:7]].append(row)
    root = folder / name
    for period, members in by_period.items():
        target = root / name / f"year={period[:4]}" / f"month={int(period[5:])}" / f"{name}-00001.snappy.parquet"
        _typed_parquet(members, LEGACY_SNAKE_TYPES, target)
    return root


#: FOCUS columns written (AWS's FOCUS 1.0 / 1.2 with AWS columns; the plain variant has no x_ columns).
FOCUS_TYPES = (
    ("AvailabilityZone", "VARCHAR"),
    ("BilledCost", "DOUBLE"),
    ("BillingAccountId", "VARCHAR"),
    ("BillingCurrency", "VARCHAR"),
    ("BillingPeriodEnd", "TIMESTAMP"),
    ("BillingPeriodStart", "TIMESTAMP"),
    ("ChargeCategory", "VARCHAR"),
    ("ChargeClass", "VARCHAR"),
    ("ChargeDescription", "VARCHAR"),
    ("ChargePeriodEnd", "TIMESTAMP"),
    ("ChargePeriodStart", "TIMESTAMP"),
    ("ConsumedQuantity", "DOUBLE"),
    ("ConsumedUnit", "VARCHAR"),
    ("EffectiveCost", "DOUBLE"),
    ("ListCost", "DOUBLE"),
    ("ProviderName", "VARCHAR"),
    ("RegionId", "VARCHAR"),
    ("ResourceId", "VARCHAR"),
    ("ServiceName", "VARCHAR"),
    ("SkuMeter", "VARCHAR"),
    ("SubAccountId", "VARCHAR"),
    ("x_Operation", "VARCHAR"),
    ("x_ServiceCode", "VARCHAR"),
    ("x_UsageType", "VARCHAR"),
)
_FOCUS_CATEGORY = {
    "Usage": "Usage",
    "SavingsPlanCoveredUsage": "Usage",
    "Credit": "Credit",
    "Refund": "Adjustment",
    "Tax": "Tax",
}


def focus_rows(org: Org, version: str = "1.0", others: bool = False) -> list[dict[str, str]]:
    """FOCUS rows: discounts are in BilledCost (no discount rows), SP negations are not rows of their own."""
    rows = []
    for line in org.lines:
        category = _FOCUS_CATEGORY.get(line.line_item_type)
        if category is None:
            continue
        begin, finish = _period_bounds(line.period)
        row = {
            "BilledCost": _num(line.net),
            "BillingAccountId": PAYER,
            "BillingCurrency": "USD",
            "BillingPeriodEnd": finish.strftime("%Y-%m-%d %H:%M:%S"),
            "BillingPeriodStart": begin.strftime("%Y-%m-%d %H:%M:%S"),
            "ChargeCategory": category,
            "ChargeDescription": line.description,
            "ChargePeriodEnd": line.end.strftime("%Y-%m-%d %H:%M:%S"),
            "ChargePeriodStart": line.start.strftime("%Y-%m-%d %H:%M:%S"),
            "ConsumedQuantity": _num(line.amount) if category == "Usage" else "",
            "ConsumedUnit": line.unit if category == "Usage" else "",
            "EffectiveCost": _num(line.net),
            "ListCost": _num(line.list_cost),
            "ProviderName": "AWS",
            "RegionId": line.region,
            "ResourceId": line.resource,
            "ServiceName": line.product_code,
            "SubAccountId": line.account,
            "x_Operation": line.operation,
            "x_ServiceCode": line.product_code,
        }
        if version == "1.0":
            row["x_UsageType"] = line.usage_type
        elif version == "1.2":
            row["SkuMeter"] = line.usage_type
        rows.append(row)
    if others:
        for index in range(5):
            rows.append({"BilledCost": "1.5", "BillingAccountId": "ms-1", "BillingCurrency": "USD",
                         "BillingPeriodStart": "2024-09-01 00:00:00", "BillingPeriodEnd": "2024-10-01 00:00:00",
                         "ChargeCategory": "Usage", "ChargeDescription": f"Azure NAT Gateway {index}",
                         "ConsumedQuantity": "1", "ProviderName": "Microsoft", "RegionId": "westeurope",
                         "SubAccountId": "sub-1", "ServiceName": "Virtual Network"})  # fmt: skip
    return rows


def focus_types(version: str) -> tuple[tuple[str, str], ...]:
    """The FOCUS columns of a version: x_UsageType for 1.0, SkuMeter for 1.2, neither for the plain variant."""
    drop = {"1.0": {"SkuMeter"}, "1.2": {"x_UsageType"}}.get(
        version, {"SkuMeter", "x_UsageType", "x_Operation", "x_ServiceCode"}
    )
    return tuple(t for t in FOCUS_TYPES if t[0] not in drop)


def write_focus(org: Org, folder: Path, version: str = "1.0", kind: str = "csv", others: bool = False) -> Path:
    """A FOCUS export as one CSV or Parquet file."""
    rows = focus_rows(org, version, others)
    types = focus_types(version)
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "parquet":
        target = folder / f"focus-{version}.parquet"
        _typed_parquet(rows, types, target)
        return target
    target = folder / f"focus-{version}.csv"
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([n for n, _ in types])
        for row in rows:
            writer.writerow([row.get(n, "") for n, _ in types])
    return target


def inventory(org: Org, folder: Path) -> list[Path]:
    """describe-nat-gateways, describe-network-interfaces and describe-subnets JSON for the organisation's NATs."""
    folder.mkdir(parents=True, exist_ok=True)
    gateways, interfaces, subnets = [], [], []
    for index, spec in enumerate(org.specs):
        eni = f"eni-0{index:016x}"
        subnet = f"subnet-0{index:016x}"
        address: dict[str, Any] = {"AllocationId": f"eipalloc-0{index:016x}", "NetworkInterfaceId": eni,
                                   "PrivateIp": f"10.{index}.0.10", "PublicIp": spec.public_ip, "IsPrimary": True,
                                   "Status": "succeeded"}  # fmt: skip
        record: dict[str, Any] = {"NatGatewayId": spec.nat_id, "VpcId": spec.vpc, "SubnetId": subnet,
                                  "State": "available", "ConnectivityType": "public",
                                  "NatGatewayAddresses": [address]}  # fmt: skip
        if spec.regional:
            record["AvailabilityMode"] = "regional"
            record["NatGatewayAddresses"] = [
                {**address, "PublicIp": spec.public_ip if n == 0 else f"{spec.public_ip}{n}",
                 "AllocationId": f"eipalloc-0{index:015x}{n}", "AvailabilityZone": f"{spec.region}{'abc'[n]}"}
                for n in range(3)
            ]  # fmt: skip
        gateways.append(record)
        interfaces.append({"NetworkInterfaceId": eni, "InterfaceType": "nat_gateway", "VpcId": spec.vpc,
                           "SubnetId": subnet, "AvailabilityZone": spec.az, "OwnerId": spec.account,
                           "RequesterManaged": True, "PrivateIpAddress": f"10.{index}.0.10",
                           "Description": f"Interface for NAT Gateway {spec.nat_id}"})  # fmt: skip
        subnets.append({"SubnetId": subnet, "VpcId": spec.vpc, "CidrBlock": f"10.{index}.0.0/24",
                        "AvailabilityZone": spec.az, "OwnerId": spec.account})  # fmt: skip
    paths = []
    for name, key, items in (
        ("nat-gateways.json", "NatGateways", gateways),
        ("network-interfaces.json", "NetworkInterfaces", interfaces),
        ("subnets.json", "Subnets", subnets),
    ):
        path = folder / name
        path.write_text(json.dumps({key: items}, indent=1))
        paths.append(path)
    return paths


# ---------------------------------------------------------------- large generated exports

REGIONS = ("us-east-1", "us-east-2", "eu-west-1", "ap-northeast-1")
PREFIXES = ("", "USE2-", "EU-", "APN1-")

#: One SQL expression per CUR 2.0 column, from the row number `i`; k = i % 100 picks the kind of row.
_EXPRESSIONS = {
    "identity_line_item_id": "'li' || i",
    "identity_time_interval": "''",
    "bill_bill_type": "'Anniversary'",
    "bill_billing_entity": "'AWS'",
    "bill_billing_period_end_date": "TIMESTAMP '2024-10-01'",
    "bill_billing_period_start_date": "TIMESTAMP '2024-09-01'",
    "bill_invoice_id": "''",
    "bill_payer_account_id": "'111111111111'",
    "bill_payer_account_name": "'payer'",
    "cost_category": "MAP {}::MAP(VARCHAR, VARCHAR)",
    "discount": "MAP {}::MAP(VARCHAR, DOUBLE)",
    "discount_bundled_discount": "NULL::DOUBLE",
    "discount_total_discount": "NULL::DOUBLE",
    "line_item_availability_zone": "region || 'a'",
    "line_item_blended_cost": "cost",
    "line_item_currency_code": "'USD'",
    "line_item_line_item_description": "'usage'",
    "line_item_line_item_type": "CASE WHEN k = 99 THEN 'Credit' ELSE 'Usage' END",
    "line_item_net_unblended_cost": "cost * 0.95",
    "line_item_operation": "'Op'",
    "line_item_product_code": "CASE WHEN k < 3 THEN 'AmazonEC2' WHEN k < 6 THEN 'AmazonVPC' ELSE 'AmazonEC2' END",
    "line_item_resource_id": "resource",
    "line_item_unblended_cost": "cost",
    "line_item_unblended_rate": "'0.045'",
    "line_item_usage_account_id": "account",
    "line_item_usage_account_name": "'account ' || account",
    "line_item_usage_amount": "amount",
    "line_item_usage_end_date": "TIMESTAMP '2024-09-01' + to_hours((i % 720) + 1)",
    "line_item_usage_start_date": "TIMESTAMP '2024-09-01' + to_hours(i % 720)",
    "line_item_usage_type": "usage_type",
    "pricing_public_on_demand_cost": "cost",
    "pricing_term": "'OnDemand'",
    "pricing_unit": "'Hrs'",
    "product": "MAP {'region': region, 'product_name': 'Amazon Elastic Compute Cloud'}",
    "product_product_family": "'Compute'",
    "product_region_code": "region",
    "product_servicecode": "'AmazonEC2'",
    "resource_tags": "MAP {'team': 'platform'}",
}

_ROWS = """
SELECT *,
  CASE
    WHEN k = 0 THEN prefix || 'NatGateway-Bytes'
    WHEN k = 1 THEN prefix || 'NatGateway-Hours'
    WHEN k = 2 THEN prefix || 'DataTransfer-Out-Bytes'
    WHEN k = 3 THEN prefix || 'VpcEndpoint-Hours'
    WHEN k = 4 THEN prefix || 'VpcEndpoint-Bytes'
    WHEN k = 5 THEN prefix || 'PublicIPv4:InUseAddress'
    WHEN k < 60 THEN prefix || 'BoxUsage:m5.large'
    WHEN k < 80 THEN prefix || 'EBS:VolumeUsage.gp3'
    ELSE prefix || 'TimedStorage-ByteHrs'
  END AS usage_type,
  CASE
    WHEN k IN (0, 1, 2, 99) THEN 'arn:aws:ec2:' || region || ':' || account || ':natgateway/nat-0' || lpad(CAST(n % {nats} AS VARCHAR), 16, '0')
    WHEN k IN (3, 4) THEN 'arn:aws:ec2:' || region || ':' || account || ':vpc-endpoint/vpce-0' || lpad(CAST(n % {endpoints} AS VARCHAR), 16, '0')
    WHEN k = 5 THEN '3.' || (n % {nats}) || '.' || (n % 4) || '.1'
    ELSE 'i-0' || lpad(CAST(n % 20000 AS VARCHAR), 16, '0')
  END AS resource,
  CASE WHEN k IN (1, 3, 5) OR k >= 6 THEN 1.0 ELSE round((n % 1000) / 7.0, 4) END AS amount,
  CASE WHEN k = 99 THEN -0.5 ELSE round(((n % 1000) / 7.0) * 0.045, 10) END AS cost
FROM (
  SELECT i, i % 100 AS k, (i // 100) AS n,
    ['us-east-1', 'us-east-2', 'eu-west-1', 'ap-northeast-1'][((i // 100) % 4) + 1] AS region,
    ['', 'USE2-', 'EU-', 'APN1-'][((i // 100) % 4) + 1] AS prefix,
    ['210987654321', '345678901234', '456789012345', '567890123456'][((i // 400) % 4) + 1] AS account
  FROM range({start}, {end}) t(i)
)
"""  # noqa: E501


def write_generated_cur2(folder: Path, rows: int, files: int = 1, nats: int = 192) -> Path:
    """`rows` CUR 2.0 rows of September 2024 over `files` Parquet files in the Data Exports layout (the export root).

    Hourly rows made by DuckDB from the row number, for benchmarks and long scans: NAT gateway hours and GB,
    data transfer on NAT ARNs, interface endpoints, public IPv4, and mostly other services (EC2, EBS, S3).

    `nats` NAT gateways (over four accounts and four regions) and about half as many interface endpoints.
    """
    import duckdb

    root = folder / "nat-export"
    data = root / "data" / "BILLING_PERIOD=2024-09"
    data.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    select = ", ".join(f"CAST({_EXPRESSIONS[name]} AS {kind}) AS {name}" for name, kind in CUR2_TYPES)
    per_file = rows // files
    for index in range(files):
        start, end = index * per_file, rows if index == files - 1 else (index + 1) * per_file
        target = data / f"nat-export-{index + 1:05d}.snappy.parquet"
        source = (
            _ROWS.replace("{start}", str(start))
            .replace("{end}", str(end))
            .replace("{nats}", str(max(nats, 1)))  # an id fixes its account and region: `nats` ARNs
            .replace("{endpoints}", str(max(nats // 32 * 16, 16)))
        )
        con.execute(f"COPY (SELECT {select} FROM ({source})) TO '{target}' (FORMAT parquet, COMPRESSION snappy)")
    return root
