"""Every figure a JSON answer holds, in the form a page shows it, found by walking the JSON.

The display rules come from pl_cost.money (the same rounding the page promises): amounts a month
as money, unit prices in full, other decimals as quantities, whole numbers with thousands separators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from pl_cost.money import format_money, format_price, format_quantity

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Fields that are labels of a schema, not figures.
SKIP = {"schema_version"}
#: Prose a page must carry word for word (reasons, advice, assumptions, notes on the answer).
PROSE = {"assumptions", "reason", "text", "summary", "why", "caveats", "description"}


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def shown_forms(key: str, value: Any) -> set[str]:
    """The strings any one of which on the page shows this figure."""
    number = _decimal(value)
    if number is None:
        return set()
    if key.endswith(("monthly", "_usd", "cost", "credits", "discounts", "cost_list", "cost_unblended")):
        return {format_money(number)}
    if key in {"unit_price", "price"} or key.endswith("_rate"):
        return {format_price(number)}
    if isinstance(value, int):
        return {f"{value:,}", str(value)}
    forms = {format_quantity(number), format_quantity(number, 3)}
    return forms | ({value} if isinstance(value, str) else set())


def figures(data: Any, key: str = "") -> Iterator[tuple[str, set[str]]]:
    """(JSON path, acceptable display forms) for every number, and every date, in the JSON."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name not in SKIP:
                yield from figures(value, f"{key}.{name}" if key else name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from figures(value, f"{key}[{index}]")
    else:
        leaf = re.sub(r"\[\d+\]$", "", key).rsplit(".", 1)[-1]
        if isinstance(data, str) and DATE.fullmatch(data):
            yield key, {data}
            return
        forms = shown_forms(leaf, data)
        if forms:
            yield key, forms


def prose(data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(JSON path, text) for every reason, advice text, assumption and summary in the JSON."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from prose(value, name if name in PROSE else "")
    elif isinstance(data, list):
        for value in data:
            yield from prose(value, key)
    elif isinstance(data, str) and key in PROSE:
        yield key, data


def missing(data: Any, page_text: str) -> list[str]:
    """What the JSON holds that the page text does not show."""
    text = " ".join(page_text.split())
    gaps = [f"{path}: {sorted(forms)}" for path, forms in figures(data) if not any(f in text for f in forms)]
    gaps += [f"{path}: {value[:80]!r}" for path, value in prose(data) if " ".join(value.split()) not in text]
    return gaps
