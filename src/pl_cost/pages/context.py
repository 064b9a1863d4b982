"""What a page may need beyond its result: the cost curve, the catalog, and a prefix that keeps ids unique."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pl_cost.catalog import Catalog, apply_overrides, load_catalog, parse_price_overrides
from pl_cost.money import parse_decimal


@dataclass(frozen=True)
class Context:
    """Optional inputs of a page adapter; `key` prefixes every id so several parts share one page."""

    curves: Any = None
    catalog: Catalog | None = None
    key: str = "p"
    code: bool = True


def catalog_for(prices: Any) -> Catalog | None:
    """The catalog a result was priced with, rebuilt from what the result records; None when it cannot be.

    The result names its catalog file ('shipped' or a path) and every override in the words `--price` and
    `--discount` take, so the same catalog follows; a caller that has the catalog passes it instead.
    """
    origin = str(prices.catalog)
    catalog = load_catalog(None if origin == "shipped" else origin)
    price_items: list[str] = []
    discount = None
    for text in prices.overrides:
        if text.startswith("--price "):
            price_items.append(text.removeprefix("--price ").split(" (", 1)[0])
        elif text.startswith("--discount ") and text.endswith("%"):
            discount = parse_decimal(text.removeprefix("--discount ").removesuffix("%"), "--discount")
        else:
            return None
    if catalog.snapshot_date != prices.snapshot_date:
        return None
    return apply_overrides(catalog, parse_price_overrides(price_items), discount)
