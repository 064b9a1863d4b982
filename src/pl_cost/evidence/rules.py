"""What makes a flow-log record well formed: the same rules in Python (`check`) and in SQL (`WELL_FORMED_SQL`).

A record is malformed, counted and never used, when its line does not split into the format's
fields, a number is not plain digits, its status or action is not one AWS writes, its times lie
outside the window flow logs can have, or it claims more bytes than an interface can carry in its
interval. So one `start = 0` cannot stretch the span to 57 years, nor a 23-digit `bytes` make
petabytes.
"""

from __future__ import annotations

import time

#: No VPC traffic predates Amazon VPC (launched 2009-08-26:
#: https://aws.amazon.com/blogs/aws/introducing-amazon-virtual-private-cloud-vpc/). Flow logs themselves came in
#: June 2015, but AWS's own documented example records carry 2014 times, so the bound is the VPC's birth.
FIRST_PLAUSIBLE_EPOCH = 1_251_244_800  # 2009-08-26T00:00:00Z
#: Clocks and delivery may run a little ahead; a record a day in the future is not.
FUTURE_SLACK_SECONDS = 86_400
#: An aggregation interval is at most 10 minutes (flow-log-records.html); a day is far beyond any record.
MAX_RECORD_SECONDS = 86_400
#: Seconds assumed for the rate check when a record has no start or end: the longest aggregation interval.
DEFAULT_INTERVAL_SECONDS = 600
#: 3,200 Gbit/s, the largest network bandwidth an EC2 instance type lists (p5.48xlarge,
#: https://aws.amazon.com/ec2/instance-types/p5/); no interface carries more in a second.
MAX_BYTES_PER_SECOND = 400 * 10**9
#: More digits than any plausible byte count or epoch second (18 digits stay inside a signed 64-bit integer).
MAX_DIGITS = 18

LOG_STATUSES = ("OK", "NODATA", "SKIPDATA")
ACTIONS = ("ACCEPT", "REJECT")


def now_epoch() -> int:
    """The current time in epoch seconds (the upper bound's base)."""
    return int(time.time())


def integer(value: bytes | None) -> int | None:
    """A field of plain digits without leading zeros as an int, None for '-' (absent); ValueError otherwise."""
    if value is None:
        return None
    if not (0 < len(value) <= MAX_DIGITS and value.isdigit()) or (value[:1] == b"0" and len(value) > 1):
        raise ValueError(value)
    return int(value)


def plausible(start: int | None, end: int | None, size: int | None, now: int) -> bool:
    """The time and size rules of WELL_FORMED_SQL."""
    high = now + FUTURE_SLACK_SECONDS
    for stamp in (start, end):
        if stamp is not None and not FIRST_PLAUSIBLE_EPOCH <= stamp <= high:
            return False
    if start is not None and end is not None and not 0 <= end - start <= MAX_RECORD_SECONDS:
        return False
    if size is not None:
        seconds = max(end - start, 1) if start is not None and end is not None else DEFAULT_INTERVAL_SECONDS
        if size > MAX_BYTES_PER_SECOND * seconds:
            return False
    return True


#: The SQL form: a boolean over the source columns (log_status, action, bytes, start, "end", bad).
#: `to_unixtime(current_timestamp)` is Trino's; DuckDB gets a macro of that name.
WELL_FORMED_SQL = f"""\
NOT bad
    AND (log_status IS NULL OR log_status IN ('OK', 'NODATA', 'SKIPDATA'))
    AND (action IS NULL OR action IN ('ACCEPT', 'REJECT'))
    AND CASE
      WHEN start IS NOT NULL AND "end" IS NOT NULL THEN start >= {FIRST_PLAUSIBLE_EPOCH}
        AND "end" <= {{now}} + {FUTURE_SLACK_SECONDS} AND "end" - start BETWEEN 0 AND {MAX_RECORD_SECONDS}
        AND coalesce(bytes, 0) <= {MAX_BYTES_PER_SECOND} * greatest(least("end" - start, {MAX_RECORD_SECONDS}), 1)
      WHEN start IS NOT NULL THEN start BETWEEN {FIRST_PLAUSIBLE_EPOCH} AND {{now}} + {FUTURE_SLACK_SECONDS}
        AND coalesce(bytes, 0) <= {MAX_BYTES_PER_SECOND * DEFAULT_INTERVAL_SECONDS}
      WHEN "end" IS NOT NULL THEN "end" BETWEEN {FIRST_PLAUSIBLE_EPOCH} AND {{now}} + {FUTURE_SLACK_SECONDS}
        AND coalesce(bytes, 0) <= {MAX_BYTES_PER_SECOND * DEFAULT_INTERVAL_SECONDS}
      ELSE coalesce(bytes, 0) <= {MAX_BYTES_PER_SECOND * DEFAULT_INTERVAL_SECONDS}
    END"""

NOW_SQL = "CAST(to_unixtime(current_timestamp) AS BIGINT)"


def well_formed_sql() -> str:
    """The rules as one SQL boolean, for the reduction."""
    return WELL_FORMED_SQL.format(now=NOW_SQL)
