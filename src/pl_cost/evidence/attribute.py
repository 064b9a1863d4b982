"""Attribution in Python over the reduced rows: the same rules, in the same order, as `sql.ATTRIBUTE_SQL`.

Order matters and follows what a gateway endpoint can serve: S3 and DynamoDB by ip-ranges and region
first (a DNS name cannot move another region's bucket onto the gateway), then the Resolver's name,
then any other AWS range (unattributed, stays on the NAT), then the internet.
"""

from __future__ import annotations

from pl_cost.evidence.dns import DnsMap
from pl_cost.evidence.ipranges import IpRanges, ipv4_int
from pl_cost.evidence.model import Tally
from pl_cost.evidence.scan import Key, Reduced, earliest, latest

_ACCEPTED_STATUS = ("OK", "-")
_ACCEPTED_ACTION = ("ACCEPT", "-")


def detect_nat(reduced: Reduced) -> list[str]:
    """Requester-managed interfaces (instance-id '-') whose records show translated addresses."""
    found = {key[0] for key, group in reduced.groups.items() if key[3] is not None and group.requester_managed}
    return sorted(found)


def tally(reduced: Reduced, nat_enis: list[str], ranges: IpRanges, dns: DnsMap, region: str) -> Tally:
    """Counts, span and bytes per destination class from the reduced rows."""
    result = Tally(malformed=reduced.malformed, nat_enis=list(nat_enis))
    nat = set(nat_enis)
    legs: dict[tuple[str, str, str], list[int]] = {}
    for key, group in reduced.groups.items():
        eni, status, action, direction, local, remote = key
        result.records += group.records
        if status == "NODATA":
            result.nodata += group.records
        elif status == "SKIPDATA":
            result.skipdata += group.records
        result.first_start = earliest(result.first_start, group.first_start)
        result.last_end = latest(result.last_end, group.last_end)
        if eni not in nat:
            continue
        result.nat_records += group.records
        if direction is None:
            continue
        if action == "REJECT":
            result.rejected_records += group.records
        if not _counted(key):
            continue
        result.counted_records += group.records
        entry = legs.setdefault((direction, local or "", remote or ""), [0, 0])
        entry[0] += group.bytes
        entry[1] += group.records
    cache: dict[str, tuple[str | None, str | None, int | None]] = {}
    for (direction, local, remote), (size, records) in legs.items():
        if remote not in cache:
            ip = ipv4_int(remote)
            best = ranges.best(ip) if ip is not None else None
            cache[remote] = (best.service if best else None, best.region if best else None, ip)
        service, range_region, ip = cache[remote]
        label, answer_only = dns.label(local, remote)
        destination = classify(service, range_region, label, ip, region)
        loose = service not in ("S3", "DYNAMODB") and label is not None and answer_only
        result.add(destination, direction, size, records, size if loose else 0)
    return result


def _counted(key: Key) -> bool:
    return key[1] in _ACCEPTED_STATUS and key[2] in _ACCEPTED_ACTION


def classify(service: str | None, range_region: str | None, label: str | None, ip: int | None, region: str) -> str:
    """One destination's class; mirrors the CASE in ATTRIBUTE_SQL line by line."""
    if service == "S3":
        return "service:s3" if range_region == region else "s3-other-region"
    if service == "DYNAMODB":
        return "service:dynamodb" if range_region == region else "dynamodb-other-region"
    if label is not None:
        return label
    if service is not None:
        return "aws-unattributed"
    if ip is None:
        return "ipv6-unattributed"
    return "internet"
