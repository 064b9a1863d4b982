"""The Python side after the reduction: NAT patterns, counts and classes, rule for rule as in `sql.py`.

Class order follows what a gateway endpoint can serve: S3 and DynamoDB by ip-ranges and region
first (a DNS name cannot move another region's bucket onto the gateway), then private addresses
(peering, Transit Gateway, on-premises: never "internet"), then the Resolver's name, then any other
AWS range (in the region: unattributed; GLOBAL; another region), then the internet.
"""

from __future__ import annotations

from bisect import bisect_right

from pl_cost.evidence.dns import DnsMap
from pl_cost.evidence.ipranges import IpRanges, ipv4_int
from pl_cost.evidence.model import Tally
from pl_cost.evidence.nat import Seen, Selection
from pl_cost.evidence.scan import Reduced

_USABLE_STATUS = ("OK", "-")
_ACCEPTED_ACTION = ("ACCEPT", "-")


def nat_pattern(reduced: Reduced) -> set[str]:
    """Requester-managed interfaces that translate for others and also talk to the far ends themselves."""
    plain: dict[str, set[tuple[str | None, str | None]]] = {}
    for key, group in reduced.groups.items():
        if key[3] == "plain" and group.requester_managed and key[0] is not None:
            plain.setdefault(key[0], set()).add((key[5], key[6]))
    found = set()
    for key, group in reduced.groups.items():
        eni, _, _, leg, via, _, remote, _ = key
        if leg not in ("out", "in") or not group.requester_managed or eni is None or eni not in plain:
            continue
        pairs = plain[eni]
        if (via, remote) in pairs or (remote, via) in pairs:
            found.add(eni)
    return found


def interfaces(reduced: Reduced) -> dict[str, Seen]:
    """What each interface's records show (sql.INTERFACE_SQL)."""
    totals: dict[str, list[object]] = {}
    for key, group in reduced.groups.items():
        eni, status, _, leg, via, _, _, _ = key
        if eni is None:
            continue
        entry = totals.setdefault(eni, [0, 0, None, None, 0])
        entry[0] = int(entry[0]) + group.records  # type: ignore[call-overload]
        if leg in ("out", "in"):
            entry[1] = int(entry[1]) + group.records  # type: ignore[call-overload]
        entry[2] = _least(entry[2], group.instance_id)  # type: ignore[arg-type]
        entry[3] = _least(entry[3], via)  # type: ignore[arg-type]
        if status in ("NODATA", "SKIPDATA"):
            entry[4] = int(entry[4]) + group.records  # type: ignore[call-overload]
    return {
        eni: Seen(int(r), int(t), i, v, int(s))  # type: ignore[call-overload, arg-type]
        for eni, (r, t, i, v, s) in totals.items()
    }


def _least(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else min(a, b)


class Ranges:
    """Sorted, merged IPv4 ranges for containment tests."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for first, last in sorted(ranges):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        self._firsts = [m[0] for m in merged]
        self._lasts = [m[1] for m in merged]

    def __contains__(self, ip: int | None) -> bool:
        if ip is None:
            return False
        index = bisect_right(self._firsts, ip) - 1
        return index >= 0 and ip <= self._lasts[index]


def tally(reduced: Reduced, selection: Selection, ranges: IpRanges, dns: DnsMap, region: str) -> Tally:
    """Counts, span and bytes per destination class from the reduced rows."""
    result = Tally(malformed=reduced.malformed, first_malformed=reduced.first_malformed, nat_enis=list(selection.enis))
    nat = set(selection.enis)
    addresses = {(eni, ip) for eni, ips in selection.addresses.items() for ip in ips}
    clients = Ranges(selection.client_ranges)
    legs: dict[tuple[str, str | None, str], list[int]] = {}
    for key, group in reduced.groups.items():
        eni, status, action, leg, _, local, remote, has_pkt = key
        if status == "MALFORMED":
            result.malformed += group.records
            continue
        result.read += group.records
        result.first_start = _earliest(result.first_start, group.first_start)
        result.last_end = _latest(result.last_end, group.last_end)
        if status == "NODATA":
            result.nodata += group.records
            continue
        if status == "SKIPDATA":
            result.skipdata += group.records
            continue
        if eni not in nat:
            result.other_interfaces += group.records
            continue
        result.nat_records += group.records
        if action == "REJECT":
            result.rejected += group.records
        if status not in _USABLE_STATUS or action not in _ACCEPTED_ACTION:
            continue
        counted: tuple[str, str | None, str] | None = None
        if has_pkt and leg in ("out", "in") and remote is not None:
            counted = (leg, local, remote)
        elif not has_pkt and leg == "plain":
            if (eni, local) in addresses and remote is not None and ipv4_int(remote) not in clients:
                counted = ("out", None, remote)
            elif (eni, remote) in addresses and local is not None and ipv4_int(local) not in clients:
                counted = ("in", None, local)
        if counted is None:
            continue
        result.used += group.records
        entry = legs.setdefault(counted, [0, 0])
        entry[0] += group.bytes
        entry[1] += group.records
    result.read += result.malformed
    private = Ranges(selection.private_ranges)
    cache: dict[str, tuple[str | None, str | None, int | None, bool]] = {}
    for (direction, local, remote), (size, records) in legs.items():
        if remote not in cache:
            ip = ipv4_int(remote)
            best = ranges.best(ip) if ip is not None else None
            cache[remote] = (best.service if best else None, best.region if best else None, ip, ip in private)
        service, range_region, ip, is_private = cache[remote]
        label, answer_only = dns.label(local, remote)
        destination = classify(service, range_region, is_private, label, ip, region)
        loose = destination == label and answer_only and service not in ("S3", "DYNAMODB")
        result.add(destination, direction, size, records, size if loose else 0)
    return result


def _earliest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def classify(
    service: str | None, range_region: str | None, is_private: bool, label: str | None, ip: int | None, region: str
) -> str:
    """One destination's class; mirrors the CASE in sql.ATTRIBUTE_SQL line by line."""
    if service == "S3":
        return "service:s3" if range_region == region else "s3-other-region"
    if service == "DYNAMODB":
        return "service:dynamodb" if range_region == region else "dynamodb-other-region"
    if is_private:
        return "private"
    if label is not None:
        return label
    if range_region == region:
        return "aws-unattributed"
    if range_region == "GLOBAL":
        return "aws-global"
    if service is not None:
        return "aws-other-region"
    if ip is None:
        return "ipv6-unattributed"
    return "internet"


class PythonScan:
    """The reduced rows in memory, and the steps that read them (as duck.DuckScan does in SQL)."""

    def __init__(self, reduced: Reduced) -> None:
        self.reduced = reduced

    def nat_pattern(self) -> set[str]:
        """Interfaces showing the NAT gateway pattern."""
        return nat_pattern(self.reduced)

    def interfaces(self) -> dict[str, Seen]:
        """What each interface's records show."""
        return interfaces(self.reduced)

    def tally(self, selection: Selection, ranges: IpRanges, dns: DnsMap, region: str) -> Tally:
        """Counts, span and bytes per destination class."""
        return tally(self.reduced, selection, ranges, dns, region)
