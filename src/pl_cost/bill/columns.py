"""Where each figure sits in each kind of bill: the canonical columns and their names in CUR 2.0, legacy CUR and FOCUS.

Column names and types: AWS Data Exports table dictionary (CUR 2.0,
https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html; FOCUS 1.2 with AWS columns,
https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-2-aws-columns.html) and the
legacy CUR data dictionary (https://docs.aws.amazon.com/cur/latest/userguide/Lineitem-columns.html).
FOCUS 1.2 dropped AWS's `x_UsageType`: the usage type is now `SkuMeter`
(https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-2-migrating.html).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The columns every reader produces, in this order; the aggregation SQL reads only these.
CANONICAL = (
    "billing_period",
    "billing_period_end",
    "account_id",
    "region",
    "resource_id",
    "usage_type",
    "line_item_type",
    "product_code",
    "description",
    "provider",
    "usage_start",
    "usage_end",
    "usage_amount",
    "unblended_cost",
    "net_unblended_cost",
    "public_on_demand_cost",
    "total_discount",
)

#: Canonical columns that hold numbers (summed as exact decimals).
NUMERIC = ("usage_amount", "unblended_cost", "net_unblended_cost", "public_on_demand_cost", "total_discount")


@dataclass(frozen=True)
class Layout:
    """One kind of bill: a label, the columns that identify it, and where each canonical column comes from.

    `sources` maps a canonical column to candidate source columns, first present wins; a missing optional
    column becomes NULL. `required` lists canonical columns without which the bill cannot be read.
    """

    key: str
    label: str
    sources: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    provider: str | None = "AWS"


_CUR_SNAKE = {
    "billing_period": ("bill_billing_period_start_date",),
    "billing_period_end": ("bill_billing_period_end_date",),
    "account_id": ("line_item_usage_account_id",),
    "region": ("product_region_code", "product_region"),
    "resource_id": ("line_item_resource_id",),
    "usage_type": ("line_item_usage_type",),
    "line_item_type": ("line_item_line_item_type",),
    "product_code": ("line_item_product_code",),
    "usage_start": ("line_item_usage_start_date",),
    "usage_end": ("line_item_usage_end_date",),
    "usage_amount": ("line_item_usage_amount",),
    "unblended_cost": ("line_item_unblended_cost",),
    "net_unblended_cost": ("line_item_net_unblended_cost",),
    "public_on_demand_cost": ("pricing_public_on_demand_cost",),
    "total_discount": ("discount_total_discount",),
}
_CUR_REQUIRED = (
    "billing_period",
    "account_id",
    "region",
    "usage_type",
    "line_item_type",
    "usage_amount",
    "unblended_cost",
)

CUR2 = Layout("cur2", "CUR 2.0 (AWS Data Exports)", _CUR_SNAKE, _CUR_REQUIRED)
LEGACY_SNAKE = Layout(
    "legacy-cur-snake", "legacy CUR (Athena-style column names, as in its Parquet)", _CUR_SNAKE, _CUR_REQUIRED
)
LEGACY_CSV = Layout(
    "legacy-cur",
    "legacy CUR (lineItem/... column names)",
    {
        "billing_period": ("bill/BillingPeriodStartDate",),
        "billing_period_end": ("bill/BillingPeriodEndDate",),
        "account_id": ("lineItem/UsageAccountId",),
        "region": ("product/regionCode", "product/region"),
        "resource_id": ("lineItem/ResourceId",),
        "usage_type": ("lineItem/UsageType",),
        "line_item_type": ("lineItem/LineItemType",),
        "product_code": ("lineItem/ProductCode",),
        "usage_start": ("lineItem/UsageStartDate",),
        "usage_end": ("lineItem/UsageEndDate",),
        "usage_amount": ("lineItem/UsageAmount",),
        "unblended_cost": ("lineItem/UnblendedCost",),
        "net_unblended_cost": ("lineItem/NetUnblendedCost",),
        "public_on_demand_cost": ("pricing/publicOnDemandCost",),
        "total_discount": ("discount/TotalDiscount",),
    },
    _CUR_REQUIRED,
)
#: FOCUS has no before-discount billed figure: BilledCost ("inclusive of all reduced rates and discounts")
#: is read as the net cost and the unblended cost stays unknown.
FOCUS = Layout(
    "focus",
    "FOCUS",
    {
        "billing_period": ("BillingPeriodStart",),
        "billing_period_end": ("BillingPeriodEnd",),
        "account_id": ("SubAccountId",),
        "region": ("RegionId",),
        "resource_id": ("ResourceId",),
        "usage_type": ("x_UsageType", "SkuMeter"),
        "line_item_type": ("ChargeCategory",),
        "product_code": ("x_ServiceCode", "ServiceName"),
        "description": ("ChargeDescription",),
        "provider": ("ServiceProviderName", "ProviderName"),
        "usage_start": ("ChargePeriodStart",),
        "usage_end": ("ChargePeriodEnd",),
        "usage_amount": ("ConsumedQuantity",),
        "net_unblended_cost": ("BilledCost",),
        "public_on_demand_cost": ("ListCost",),
    },
    ("billing_period", "account_id", "region", "line_item_type", "usage_amount", "net_unblended_cost", "provider"),
    provider=None,
)

LAYOUTS = (CUR2, LEGACY_SNAKE, LEGACY_CSV, FOCUS)

#: Columns that only CUR 2.0 has (AWS Data Exports migration guide: "additional columns").
CUR2_ONLY = ("bill_payer_account_name", "line_item_usage_account_name")


def pick(layout: Layout, present: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Canonical column -> the file's own columns for it, in order of preference (empty when absent).

    `present` maps lower-case names to the file's names; several candidates present are coalesced.
    """
    chosen: dict[str, tuple[str, ...]] = {}
    for canonical in CANONICAL:
        names = layout.sources.get(canonical, ())
        chosen[canonical] = tuple(present[n.lower()] for n in names if n.lower() in present)
    return chosen


def missing(layout: Layout, chosen: dict[str, tuple[str, ...]]) -> list[str]:
    """The required canonical columns a file lacks, named as the file's format names them."""
    return [" or ".join(layout.sources[c]) for c in layout.required if not chosen.get(c)]
