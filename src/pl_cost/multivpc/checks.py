"""Input checks the many-VPC questions share: counts, shares and rates, each error naming its field."""

from __future__ import annotations

import re
from decimal import Decimal

from pl_cost.errors import UsageError, brief
from pl_cost.money import parse_decimal

#: Requests, connections and flows: bounded so decimal arithmetic stays exact.
MAX_RATE = Decimal(10) ** 12


def count(value: object, field: str, low: int, high: int, what: str) -> int:
    """A whole number from `low` to `high`, from an int or a CLI string."""
    if isinstance(value, bool) or not isinstance(value, int):
        text = str(value).strip()
        if not re.fullmatch(r"[0-9][0-9_]*", text):
            raise UsageError(f"{field}: expected a whole number of {what} from {low:,} to {high:,}, got {brief(value)}")
        if len(text.replace("_", "")) > 18:
            raise UsageError(f"{field}: must be from {low:,} to {high:,} ({what}), got {brief(text)}")
        value = int(text)
    if not low <= value <= high:
        raise UsageError(f"{field}: must be from {low:,} to {high:,} ({what}), got {brief(value)}")
    return value


def share(value: object, field: str) -> Decimal:
    """A share from 0 to 1."""
    number = parse_decimal(value, field)
    if not 0 <= number <= 1:
        raise UsageError(f"{field}: must be a share from 0 to 1, got {brief(value)}")
    return number


def rate_input(value: object, field: str, what: str) -> Decimal:
    """A non-negative rate such as requests per hour."""
    number = parse_decimal(value, field)
    if number < 0:
        raise UsageError(f"{field}: must be 0 or more ({what}), got {brief(value)}")
    if number > MAX_RATE:
        raise UsageError(f"{field}: must be at most {MAX_RATE:,} ({what}), got {brief(value)}")
    return number
