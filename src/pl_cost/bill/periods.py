"""Billing periods and the hours of each the bill covers: a closed month is whole, the current one is not."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from pl_cost.bill.charges import Group
from pl_cost.bill.model import Period
from pl_cost.errors import UsageError

_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_STAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def check_period(text: str, field: str = "--period") -> str:
    """A billing period as YYYY-MM."""
    value = text.strip()
    if not _PERIOD.match(value):
        raise UsageError(f"{field}: expected a billing period as YYYY-MM (e.g. 2024-09), got {text!r}")
    return value


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """First instant of the period's month and of the next month, UTC."""
    year, month = int(period[:4]), int(period[5:7])
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
    return start, end


@lru_cache(maxsize=4096)
def parse_stamp(text: str | None) -> datetime | None:
    """`2024-09-01T00:00:00Z`, `2024-09-01 00:00:00.000` or `2024-09-01` as UTC; None when unreadable."""
    if not text:
        return None
    match = _STAMP.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def coverage(groups: Iterable[Group], hours_per_month: Decimal) -> list[Period]:
    """Each period's covered hours: from its first day to the last usage end seen (at most the month's end)."""
    last: dict[str, datetime | None] = {}
    for group in groups:
        if not _PERIOD.match(group.billing_period):
            continue
        end = parse_stamp(group.last_usage)
        seen = last.get(group.billing_period)
        if group.billing_period not in last or (end is not None and (seen is None or end > seen)):
            last[group.billing_period] = end if end is not None else seen
    periods = []
    for period in sorted(last):
        start, month_end = period_bounds(period)
        seen = last[period]
        end = month_end if seen is None or seen > month_end or seen <= start else seen
        hours = Decimal((end - start) // timedelta(seconds=1)) / 3600
        periods.append(
            Period(
                billing_period=period,
                start=start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                end=end.strftime("%Y-%m-%dT%H:%M:%SZ"),
                hours=hours,
                monthly_factor=hours_per_month / hours,
                complete=end >= month_end,
            )
        )
    return periods
