"""What `pl_cost.bill()` returns: every NAT gateway on the bill, its charges, totals, and what endpoints could save."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from pl_cost.money import plain

BILL_SCHEMA_VERSION = 2
_FROZEN = ConfigDict(frozen=True)
#: Decimals in JSON as plain exact strings ("0.0000000745", never "7.45E-8").
Number = Annotated[Decimal, PlainSerializer(plain, return_type=str, when_used="json")]
Money = Number | None


class Charge(BaseModel):
    """One charge (NAT hours, NAT GB, inter-AZ transfer, ...) of a resource in a billing period.

    `list_cost` is at public on-demand prices, `unblended_cost` what the usage rows bill before discounts,
    `net_cost` after discounts and before credits (the figure effective rates use), `credits` the credits
    and refunds on the same rows. None means the bill does not have that figure.
    """

    model_config = _FROZEN
    charge: str
    unit: str
    quantity: Number
    line_items: int
    list_cost: Money = None
    unblended_cost: Money = None
    discounts: Money = None
    net_cost: Money = None
    credits: Number = Decimal(0)
    list_rate: Money = None
    effective_rate: Money = Field(None, description="net_cost / quantity: the organisation's own rate.")
    usage_types: list[str] = Field(default_factory=list)


class PlanSummary(BaseModel):
    """The plan `pl_cost.recommend` makes for one NAT (or VPC) at the organisation's effective rates."""

    model_config = _FROZEN
    unit: str
    basis: str = Field(description="Where the AWS-service share came from: --aws-share or a flow-log profile.")
    profile: dict[str, Any]
    baseline_monthly: Number | None = Field(description="None when no plan could be made (see error).")
    plan_monthly: Number | None
    savings_monthly: Number | None
    nat_action: str
    interface_endpoints: list[str]
    gateway_endpoints: list[str]
    rates: dict[str, Number] = Field(description="The NAT rates the plan used, replaced by the bill's effective ones.")
    nat_hours_planned_monthly: Number | None = Field(None, description="NAT-hours a month the plan prices today.")
    nat_hours_billed_monthly: Number | None = Field(
        None, description="NAT-hours a month the bill shows for the same NAT gateways (scaled to hours_per_month)."
    )
    note: str | None = None
    error: str | None = Field(None, description="Why no plan could be made (the figures are then unknown).")


class NatGatewayBill(BaseModel):
    """One NAT gateway in one billing period: hours, GB and their cost as billed, and what endpoints could save."""

    model_config = _FROZEN
    resource_id: str
    nat_gateway_id: str | None
    account_id: str
    region: str
    billing_period: str
    availability_mode: Literal["zonal", "regional"]
    nat_hours: Number = Field(description="NAT-hours (regional NATs: NAT-AZ-hours) in the period.")
    nat_gb: Number = Field(description="GB processed in the period.")
    nat_cost: Money = Field(description="Hours and GB after discounts, before credits.")
    nat_cost_list: Money = None
    nat_cost_unblended: Money = None
    nat_credits: Number = Decimal(0)
    hours: Charge | None = None
    data: Charge | None = None
    other_nat_charges: list[Charge] = Field(default_factory=list)
    public_ipv4: Charge | None = None
    public_ipv4_note: str = ""
    related: list[Charge] = Field(
        default_factory=list, description="Other rows carrying its ARN (internet out, inter-AZ, inter-region)."
    )
    idle: bool
    monthly_factor: Number = Field(description="hours_per_month / hours the period covers.")
    effective_hour_rate: Money = None
    effective_gb_rate: Money = None
    endpoint_gb_rate: Money = Field(
        None, description="Interface endpoint per-GB rate (first tier) from the catalog, for reference."
    )
    savings_upper_bound_monthly: Money = Field(
        None, description="The most endpoints could save a month: its GB, hours, other NAT charges and IPv4 as billed."
    )
    idle_savings_monthly: Money = None
    vpc_id: str | None = None
    subnet_id: str | None = None
    availability_zone: str | None = None
    availability_zones: list[str] = Field(
        default_factory=list, description="From the inventory: a zonal NAT's AZ, a regional NAT's active AZs."
    )
    eni_ids: list[str] = Field(default_factory=list)
    next_step: str = ""


class Total(BaseModel):
    """NAT gateway totals for a region, an account, or the whole bill (`key` says which)."""

    model_config = _FROZEN
    key: str
    account_id: str | None = None
    region: str | None = None
    billing_period: str | None = None
    availability_mode: Literal["zonal", "regional"] | None = Field(
        None, description="Rows without resource IDs: whether they are zonal or regional NAT rows."
    )
    nat_gateways: int | None = Field(
        description="Distinct NAT gateways (resource IDs); None when only rows without resource IDs are summed."
    )
    idle: int | None = Field(description="Idle NAT gateways among them; None when unknown (no resource IDs).")
    nat_hours: Number
    nat_gb: Number
    nat_cost: Money
    nat_cost_list: Money
    nat_cost_unblended: Money
    nat_credits: Number
    savings_upper_bound_monthly: Money = None


class ResourceBill(BaseModel):
    """An interface endpoint or Transit Gateway attachment in one period: hours, GB and cost; idle when no GB."""

    model_config = _FROZEN
    product: Literal["interface_endpoint", "transit_gateway"]
    resource_id: str | None
    account_id: str
    region: str
    billing_period: str
    hours: Number
    gb: Number
    net_cost: Money
    list_cost: Money
    idle: bool


class RowKind(BaseModel):
    """How one kind of bill row (line item type / ChargeCategory) was handled, and how many there were."""

    model_config = _FROZEN
    line_item_type: str
    counts_toward: str
    line_items: int
    unblended_cost: Money
    net_cost: Money


class Tax(BaseModel):
    """Tax the bill charges on EC2 and VPC for one account and period: not attributed to NAT gateways."""

    model_config = _FROZEN
    account_id: str
    billing_period: str
    cost: Number


class Period(BaseModel):
    """A billing period and the hours of it the bill covers, so figures scale to a month."""

    model_config = _FROZEN
    billing_period: str
    start: str
    end: str = Field(description="Where the hours counted end: the period's end once it has ended.")
    period_end: str = Field("", description="The period's own end (the bill's billing period end date).")
    hours: Number
    monthly_factor: Number
    complete: bool = Field(description="The period has ended; False: still running, its hours so far scaled up.")


class VpcGroup(BaseModel):
    """NAT gateways grouped by VPC (from the inventory), with the layout a profile needs."""

    model_config = _FROZEN
    vpc_id: str
    account_id: str
    region: str
    nat_gateway_ids: list[str]
    availability_zones: list[str] = Field(description="AZs its NAT gateways are in (a regional NAT's active AZs).")
    workload_availability_zones: list[str] = Field(
        default_factory=list,
        description="AZs of its subnets that hold no NAT gateway (where its workloads run), from the inventory.",
    )
    nat_mode: Literal["per-az", "single", "regional"]
    nat_gb: Number
    nat_cost: Money


class Opportunity(BaseModel):
    """One ranked saving: an idle NAT, a plan, or (until traffic is measured) the upper bound, with the next step."""

    model_config = _FROZEN
    rank: int
    target: str
    nat_gateway_ids: list[str]
    account_id: str
    region: str
    vpc_id: str | None
    basis: Literal["idle", "plan", "upper_bound"]
    savings_monthly: Money
    next_step: str


class Source(BaseModel):
    """What was read: the kind of bill, the files, the engine, and whether resource IDs were there."""

    model_config = _FROZEN
    format: str
    files: int
    file_bytes: int
    engine: str
    resource_ids: bool
    providers: dict[str, int] = Field(default_factory=dict)
    inventory_files: list[str] = Field(default_factory=list)
    inventory_skipped: list[str] = Field(
        default_factory=list, description="Files of the inventory folders given that were not read, and why."
    )


class Prices(BaseModel):
    """The catalog that priced the endpoint side of the savings."""

    model_config = _FROZEN
    catalog: str
    snapshot_date: date
    currency: str
    overrides: list[str]


class Savings(BaseModel):
    """Savings totals over the latest billing period of every NAT gateway, per month.

    None where the bill cannot tell: every figure when its NAT rows carry no resource IDs.
    """

    model_config = _FROZEN
    billing_period: str | None
    idle_nat_gateways: int | None
    idle_monthly: Number | None = Field(description="What deleting the idle NATs saves; None when one is unknown.")
    idle_unknown: int = Field(0, description="Idle NAT gateways whose saving is unknown (no net cost on the bill).")
    upper_bound_monthly: Number | None
    upper_bound_unknown: int = Field(description="NAT gateways whose bound is unknown (a cost the bill lacks).")
    plan_monthly: Number | None = None


class BillReport(BaseModel):
    """The NAT gateways on a bill, their totals, endpoints and Transit Gateways, and the savings ranked."""

    model_config = _FROZEN
    schema_name: str = "pl-cost/bill"
    schema_version: int = BILL_SCHEMA_VERSION
    source: Source
    hours_per_month: Number
    periods: list[Period]
    nat_gateways: list[NatGatewayBill]
    totals_by_region: list[Total]
    totals_by_account: list[Total]
    total: Total = Field(description="Every NAT gateway in the latest billing period (the one savings covers).")
    unattributed: list[Total] = Field(
        default_factory=list, description="NAT rows without a resource ID, per account, region and period."
    )
    interface_endpoints: list[ResourceBill] = Field(default_factory=list)
    transit_gateways: list[ResourceBill] = Field(default_factory=list)
    vpcs: list[VpcGroup] = Field(default_factory=list)
    plans: list[PlanSummary] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    savings: Savings
    row_kinds: list[RowKind] = Field(default_factory=list)
    taxes: list[Tax] = Field(default_factory=list)
    prices: Prices
    assumptions: list[str] = Field(default_factory=list)
    caveats: list[str] = Field(default_factory=list)

    def _repr_html_(self) -> str:
        from pl_cost.bill.render import render_bill

        return render_bill(self, "html")

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per NAT gateway and period, values exact: for pandas or a spreadsheet."""
        from pl_cost.bill.render import nat_records

        return nat_records(self)

    def to_dataframe(self) -> Any:
        """The NAT gateways as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            from pl_cost.errors import DomainError

            raise DomainError("pandas is not installed: pip install pandas") from None
        return pd.DataFrame.from_records(self.to_records())
