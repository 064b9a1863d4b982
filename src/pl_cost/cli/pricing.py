"""`pl-cost pricing ...`: refresh the catalog from the AWS Price List (filled in by the pricing issue)."""
