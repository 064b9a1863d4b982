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


def coverage(groups: Iterable[Group], hours_per_month: Decimal, now: datetime | None = None) -> list[Period]:
    """Each period's hours: the whole period once it has ended, else the hours the bill has reached so far.

    A period ends at the bill's own end (`bill_billing_period_end_date`, `BillingPeriodEnd`) where the bill has
    it, else at the end of its calendar month. An ended period is whole whatever its rows show (a NAT deleted
    on the 10th still belongs to a 720-hour September); only a period still running at `now` is covered up to
    the latest usage end on the kept rows (no later than now) and scaled up to a month.
    """
    moment = now or datetime.now(UTC)
    last: dict[str, datetime | None] = {}
    ends: dict[str, datetime | None] = {}
    for group in groups:
        period = group.billing_period
        if not _PERIOD.match(period):
            continue
        last[period] = _later(last.get(period), parse_stamp(group.last_usage))
        ends[period] = _later(ends.get(period), parse_stamp(group.billing_period_end))
    periods = []
    for period in sorted(last):
        start, month_end = period_bounds(period)
        bill_end = ends.get(period)
        if bill_end is None or not start < bill_end <= month_end + timedelta(days=1):
            bill_end = month_end
        complete = moment >= bill_end
        end = bill_end if complete else _reached(start, bill_end, last[period], moment)
        hours = Decimal((end - start) // timedelta(seconds=1)) / 3600
        periods.append(
            Period(
                billing_period=period,
                start=_text(start),
                end=_text(end),
                period_end=_text(bill_end),
                hours=hours,
                monthly_factor=hours_per_month / hours,
                complete=complete,
            )
        )
    return periods


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None:
        return second
    if second is None:
        return first
    return max(first, second)


def _reached(start: datetime, bill_end: datetime, seen: datetime | None, now: datetime) -> datetime:
    """How far a running period's bill goes: its latest usage end, never past now or the period's end."""
    limit = min(bill_end, now) if now > start else bill_end
    if seen is None or seen <= start:
        return limit
    return min(seen, limit)


def _text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
