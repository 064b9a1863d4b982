"""AWS ip-ranges.json as integer ranges: the most specific non-AMAZON subset containing an address wins.

AWS: "every subset is also in the AMAZON subset. However, some IP address ranges are only in the
AMAZON subset" (https://docs.aws.amazon.com/vpc/latest/userguide/aws-ip-ranges.html), and many
non-AMAZON prefixes sit inside larger AMAZON blocks, so a lookup is by containment, not equality.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from pl_cost.errors import UsageError
from pl_cost.inputs import regular_file

SHIPPED = "data/ip-ranges.json"
#: ip-ranges.json is about 2.6 MB; a file a hundred times larger is something else.
MAX_FILE_BYTES = 256 * 2**20


class Range(NamedTuple):  # a tuple, not a dataclass: every run makes 10,000 of them
    """One IPv4 prefix as integers, with the subset (service) and region AWS lists it under."""

    first_ip: int
    last_ip: int
    prefix_len: int
    service: str
    region: str


@dataclass
class IpRanges:
    """The parsed file: its createDate and source, and IPv4 prefixes indexed by length for lookups."""

    create_date: str
    sync_token: str
    source: str
    ranges: list[Range]
    _by_len: dict[int, dict[int, list[Range]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for item in self.ranges:
            self._by_len.setdefault(item.prefix_len, {}).setdefault(item.first_ip >> (32 - item.prefix_len), []).append(
                item
            )
        self._lengths = sorted(self._by_len, reverse=True)

    def best(self, ip: int) -> Range | None:
        """The most specific non-AMAZON range containing `ip`, else the most specific AMAZON one, else None."""
        amazon: Range | None = None
        for length in self._lengths:
            hits = self._by_len[length].get(ip >> (32 - length))
            if not hits:
                continue
            chosen = min(hits, key=_rank)
            if chosen.service != "AMAZON":
                return chosen
            if amazon is None:
                amazon = chosen
        return amazon


#: Subsets a gateway endpoint serves win ties: ip-ranges lists some CIDRs under both S3 and EC2.
GATEWAY_SUBSETS = ("S3", "DYNAMODB")


def _rank(item: Range) -> tuple[bool, bool, str, str]:
    """Preference among ranges of one length: non-AMAZON, then S3/DynamoDB, then by name (stable)."""
    return (item.service == "AMAZON", item.service not in GATEWAY_SUBSETS, item.service, item.region)


def load_ip_ranges(path: str | None = None) -> IpRanges:
    """The shipped capture, or a newer ip-ranges.json given with --ip-ranges."""
    if path is None:
        return _shipped()
    info = regular_file(path, "--ip-ranges")
    try:
        if info.st_size > MAX_FILE_BYTES:
            raise UsageError(f"--ip-ranges: {path}: {info.st_size:,} bytes, more than an ip-ranges.json holds")
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--ip-ranges: {path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"--ip-ranges: {path}: not UTF-8 JSON") from None
    return parse_ip_ranges(text, path)


@lru_cache(maxsize=1)
def _shipped() -> IpRanges:
    from importlib.resources import files

    text = files("pl_cost").joinpath(SHIPPED).read_text(encoding="utf-8")
    return parse_ip_ranges(text, "shipped " + SHIPPED)


def parse_ip_ranges(text: str, source: str) -> IpRanges:
    """Parse ip-ranges.json text; errors name the file."""
    try:
        data: Any = json.loads(text)
        prefixes = data["prefixes"]
        ranges = [_range(p) for p in prefixes]
        return IpRanges(str(data["createDate"]), str(data.get("syncToken", "")), source, ranges)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, RecursionError) as exc:
        raise UsageError(f"--ip-ranges: {source}: not an AWS ip-ranges.json ({type(exc).__name__}: {exc})") from None


def _range(entry: dict[str, Any]) -> Range:
    """Integer bounds of a CIDR; parsed by hand because ipaddress is slow on 10,000 prefixes."""
    bounds = cidr_range(str(entry["ip_prefix"]))
    if bounds is None:
        raise ValueError(f"bad ip_prefix {entry['ip_prefix']!r}")
    first, last = bounds
    return Range(first, last, 32 - (last - first).bit_length(), str(entry["service"]), str(entry["region"]))


def ipv4_int(text: str) -> int | None:
    """Dotted IPv4 text as an integer, or None (IPv6, '-', garbage); the same test as sql.ipv4_int_sql."""
    parts = text.split(".")
    if len(parts) == 4 and all(0 < len(p) <= 3 and p.isascii() and p.isdigit() for p in parts):
        a, b, c, d = (int(p) for p in parts)
        if a <= 255 and b <= 255 and c <= 255 and d <= 255:
            return (a << 24) | (b << 16) | (c << 8) | d
    return None


def cidr_range(text: str) -> tuple[int, int] | None:
    """First and last address of an IPv4 CIDR as integers, or None when it is not one."""
    address, _, length_text = text.partition("/")
    first = ipv4_int(address)
    if first is None or not length_text.isdigit() or not 0 <= int(length_text) <= 32:
        return None
    size = 1 << (32 - int(length_text))
    first &= ~(size - 1) & 0xFFFFFFFF
    return first, first + size - 1


def rows(ranges: IpRanges) -> Iterator[tuple[int, int, int, str, str]]:
    """Rows for the SQL `ip_ranges` table."""
    for item in ranges.ranges:
        yield item.first_ip, item.last_ip, item.prefix_len, item.service, item.region
