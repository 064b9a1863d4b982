"""The plan: what the recommender returns, as pydantic models with a JSON Schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pl_cost.api import PricesUsed
from pl_cost.components import NatLayout
from pl_cost.engine import Outcome
from pl_cost.pricing import LineItem
from pl_cost.recommend.cost import NatAction

PLAN_SCHEMA_VERSION = 2
_FROZEN = ConfigDict(frozen=True)
PathName = Literal["gateway", "interface", "nat"]


class NatOption(BaseModel):
    """The cheapest plan found for one NAT action, so the NAT choice can be checked."""

    model_config = _FROZEN
    action: NatAction
    plan_monthly: Decimal


class NatDecision(BaseModel):
    """What happens to the NAT gateways, and why; always explicit, never assumed."""

    model_config = _FROZEN
    action: NatAction
    layout_today: NatLayout
    layout_plan: NatLayout | None
    billed_nat_azs_today: int = Field(description="NAT gateways (zonal) or active AZs (regional) billed each hour.")
    billed_nat_azs_plan: int
    reason: str
    options: list[NatOption]


class PlannedEndpoint(BaseModel):
    """One endpoint to create: `service` is the suffix of com.amazonaws.<region>.<service>."""

    model_config = _FROZEN
    service: str
    type: Literal["gateway", "interface"]
    service_name: str
    azs: int | None = Field(description="AZs an interface endpoint has an ENI in; None for gateway endpoints.")
    hours_monthly: Decimal = Field(description="Its endpoint-hours charge a month; gateway endpoints are free.")
    why: list[str]
    note: str | None = None
    availability: Literal["available", "unknown"] = Field(
        default="unknown",
        description="Whether pl-cost's data confirms the endpoint service exists in the region; unknown means "
        "no source confirms or rules it out (check with aws ec2 describe-vpc-endpoint-services).",
    )


class Decision(BaseModel):
    """One service's path, the reason in a line, and how far its traffic can move before the choice flips."""

    model_config = _FROZEN
    service: str
    path: PathName
    endpoints: list[str]
    gb_per_month: Decimal = Field(description="GB/month the profile lists for the service (plus bytes split onto it).")
    gb_on_path: Decimal = Field(description="GB/month that reach the service's own endpoints after splits.")
    reason: str
    break_even_gb: Decimal | None
    break_even_outcome: Outcome | Literal["required"]
    crossings: list[Decimal] = Field(
        default_factory=list, description="Every volume where the cheaper choice flips (two for 'between')."
    )
    flips_if: str | None
    headroom_gb: Decimal | None
    other_choice_monthly: Decimal | None = Field(
        description="How much more a month the other path for this service would cost (0 or more)."
    )


class BundleUse(BaseModel):
    """A workload bundle the profile requires: its endpoints and where that list comes from."""

    model_config = _FROZEN
    name: str
    description: str
    required: list[str]
    optional: list[str]
    source: str


class Advice(BaseModel):
    """A check a careful engineer makes before applying the plan, with its source."""

    model_config = _FROZEN
    check: str
    text: str
    source: str


class EndpointAzs(BaseModel):
    """How many AZs the interface endpoints have an ENI in, who chose it, and what that gives up."""

    model_config = _FROZEN
    count: int
    workload_azs: int
    chosen_by: Literal["default", "profile", "planner"]
    availability: str


class Plan(BaseModel):
    """The recommender's answer for one profile."""

    model_config = _FROZEN
    schema_name: str = "pl-cost/plan"
    schema_version: int = PLAN_SCHEMA_VERSION
    profile: str
    region: str
    azs: int
    endpoint_azs: EndpointAzs
    features: list[str] = Field(default_factory=list)
    hours_per_month: Decimal
    prices: PricesUsed
    baseline_monthly: Decimal
    plan_monthly: Decimal
    savings_monthly: Decimal
    baseline_fixed_monthly: Decimal
    baseline_usage_monthly: Decimal
    plan_fixed_monthly: Decimal
    plan_usage_monthly: Decimal
    nat: NatDecision
    endpoints: list[PlannedEndpoint]
    decisions: list[Decision]
    bundles: list[BundleUse]
    line_items: list[LineItem]
    baseline_line_items: list[LineItem]
    assumptions: list[str]
    advice: list[Advice]
    exact: bool = Field(description="False when the search was too large to prove the plan cheapest.")


class SummaryRow(BaseModel):
    """One profile's totals in a multi-profile summary."""

    model_config = _FROZEN
    profile: str
    region: str
    nat_action: NatAction
    interface_endpoints: int
    gateway_endpoints: int
    baseline_monthly: Decimal
    plan_monthly: Decimal
    savings_monthly: Decimal


class PlanSet(BaseModel):
    """Several profiles' plans and their summary."""

    model_config = _FROZEN
    schema_name: str = "pl-cost/plans"
    schema_version: int = PLAN_SCHEMA_VERSION
    plans: list[Plan]
    summary: list[SummaryRow]
    baseline_monthly: Decimal
    plan_monthly: Decimal
    savings_monthly: Decimal


def summarize(plans: list[Plan]) -> PlanSet:
    """Plans for several profiles, with one summary row each and the totals."""
    rows = [
        SummaryRow(
            profile=p.profile,
            region=p.region,
            nat_action=p.nat.action,
            interface_endpoints=sum(1 for e in p.endpoints if e.type == "interface"),
            gateway_endpoints=sum(1 for e in p.endpoints if e.type == "gateway"),
            baseline_monthly=p.baseline_monthly,
            plan_monthly=p.plan_monthly,
            savings_monthly=p.savings_monthly,
        )
        for p in plans
    ]
    zero = Decimal(0)
    return PlanSet(
        plans=plans,
        summary=rows,
        baseline_monthly=sum((p.baseline_monthly for p in plans), zero),
        plan_monthly=sum((p.plan_monthly for p in plans), zero),
        savings_monthly=sum((p.savings_monthly for p in plans), zero),
    )
