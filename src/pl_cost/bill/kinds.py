"""Row kinds (CUR `line_item_line_item_type`, FOCUS `ChargeCategory`) and what each counts toward, deliberately.

Line item types: https://docs.aws.amazon.com/cur/latest/userguide/Lineitem-columns.html (LineItemType);
FOCUS charge categories: https://focus.finops.org/focus-specification/ (ChargeCategory).
"""

from __future__ import annotations

from typing import Literal

Role = Literal["usage", "negation", "discount", "credit", "tax", "fee", "other"]

#: Rows that measure consumption: their quantity is NAT-hours or GB, their cost the usage's cost.
USAGE = frozenset({"Usage", "DiscountedUsage", "SavingsPlanCoveredUsage"})
#: Offsets the on-demand cost of Savings Plan covered usage on the same charge.
NEGATION = frozenset({"SavingsPlanNegation"})
#: Credits and refunds (FOCUS: Credit, Adjustment): real money, but one-off, so kept out of effective rates.
CREDIT = frozenset({"Credit", "Refund", "Adjustment"})
TAX = frozenset({"Tax"})
#: Commitment purchases and fees belong to no NAT gateway.
FEE = frozenset({"Fee", "RIFee", "SavingsPlanUpfrontFee", "SavingsPlanRecurringFee", "Purchase"})

COUNTS_TOWARD: dict[Role, str] = {
    "usage": "usage (hours, GB) and cost",
    "negation": "cost (offsets Savings Plan covered usage)",
    "discount": "cost (discount; net cost when the bill has no net column)",
    "credit": "billed cost only (credits and refunds stay out of effective rates)",
    "tax": "neither: tax is charged per account and product, shown apart",
    "fee": "neither: purchases and fees belong to no NAT gateway",
    "other": "neither: a row kind pl-cost does not know",
}


def role(line_item_type: str | None) -> Role:
    """What a row of this kind counts toward; discounts are every `...Discount` type (EdpDiscount, BundledDiscount)."""
    kind = line_item_type or ""
    if kind in USAGE:
        return "usage"
    if kind in NEGATION:
        return "negation"
    if kind.endswith("Discount"):
        return "discount"
    if kind in CREDIT:
        return "credit"
    if kind in TAX:
        return "tax"
    if kind in FEE:
        return "fee"
    return "other"
