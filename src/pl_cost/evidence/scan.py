"""The pure-Python engine: stream every record once and keep only the grouped rows `sql.REDUCE_SQL` returns.

Memory is bounded by the number of distinct groups, never by file size: files are read line by
line (or event by event) through generators. The rules are those of `rules.py`, so both engines
count the same records as malformed, and `first_malformed` names the first one for either engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pl_cost.duckdb_runner import ProgressBar
from pl_cost.errors import UsageError
from pl_cost.evidence.fields import Header
from pl_cost.evidence.files import LogFile, messages
from pl_cost.evidence.rules import ACTIONS, LOG_STATUSES, integer, now_epoch, plausible

#: (interface_id, log_status, action, leg, via_addr, local_addr, remote_addr, has_pkt)
Key = tuple[str | None, str, str, str | None, str | None, str | None, str | None, bool]

_STATUSES = {s.encode() for s in LOG_STATUSES}
#: The fields the scan reads (the DuckDB engine reads these columns only).
_READ = ("interface-id", "srcaddr", "dstaddr", "bytes", "start", "end", "pkt-srcaddr", "pkt-dstaddr", "instance-id",
         "action", "log-status")  # fmt: skip
_ACTIONS = {a.encode() for a in ACTIONS}
_DASH = b"-"


@dataclass
class Group:
    """Aggregates of one reduced row."""

    instance_id: str | None = None
    records: int = 0
    bytes: int = 0
    first_start: int | None = None
    last_end: int | None = None

    @property
    def requester_managed(self) -> bool:
        """No record of the group names an instance (NAT, endpoint, load balancer, transit gateway, Lambda)."""
        return self.instance_id is None

    def merge(self, other: Group) -> None:
        """Fold another row with the same key in (an Athena result may repeat keys)."""
        self.instance_id = least(self.instance_id, other.instance_id)
        self.records += other.records
        self.bytes += other.bytes
        self.first_start = earliest(self.first_start, other.first_start)
        self.last_end = latest(self.last_end, other.last_end)


@dataclass
class Reduced:
    """The reduced rows, keyed like the SQL result, and the malformed lines (count and first location)."""

    groups: dict[Key, Group] = field(default_factory=dict)
    malformed: int = 0
    first_malformed: str | None = None

    def add(self, key: Key, group: Group) -> None:
        """Add a row, merging with an existing one of the same key."""
        existing = self.groups.get(key)
        if existing is None:
            self.groups[key] = group
        else:
            existing.merge(group)

    def bad(self, location: str | None, count: int = 1) -> None:
        """Count malformed lines, remembering where the first was."""
        self.malformed += count
        if self.first_malformed is None and location is not None:
            self.first_malformed = location


def earliest(a: int | None, b: int | None) -> int | None:
    """The smaller of two optional numbers."""
    return b if a is None else a if b is None else min(a, b)


def latest(a: int | None, b: int | None) -> int | None:
    """The larger of two optional numbers."""
    return b if a is None else a if b is None else max(a, b)


def least(a: str | None, b: str | None) -> str | None:
    """SQL's min() over optional text."""
    return b if a is None else a if b is None else min(a, b)


@dataclass(frozen=True)
class Layout:
    """Where the fields sit in one file's records."""

    width: int
    prefixed: bool
    eni: int
    src: int
    dst: int
    size: int
    start: int
    end: int
    psrc: int | None
    pdst: int | None
    instance: int | None
    action: int | None
    status: int | None
    used: tuple[int, ...] = ()

    @classmethod
    def of(cls, header: Header, log: LogFile) -> Layout:
        """The layout of a file with this header."""
        idx = header.index
        psrc, pdst = idx("pkt-srcaddr"), idx("pkt-dstaddr")
        positions = [idx(f) for f in ("interface-id", "srcaddr", "dstaddr", "bytes", "start", "end")]
        if None in positions:
            raise AssertionError("check_fields runs first")
        eni, src, dst, size, start, end = (p or 0 for p in positions)
        has_pkt = psrc is not None and pdst is not None
        return cls(
            len(header.fields),
            log.fmt == "cloudwatch-export",
            eni,
            src,
            dst,
            size,
            start,
            end,
            psrc if has_pkt else None,
            pdst if has_pkt else None,
            idx("instance-id"),
            idx("action"),
            idx("log-status"),
            tuple(
                i for f in _READ if (i := idx(f)) is not None and (has_pkt or f not in ("pkt-srcaddr", "pkt-dstaddr"))
            ),
        )


def split(line: bytes, layout: Layout) -> list[bytes] | None:
    """The record's fields, or None when the line is not a record of this format; b'' for a blank line."""
    if line.endswith(b"\n"):
        line = line[:-1]
    if line.endswith(b"\r"):
        line = line[:-1]
    if not line:
        return []
    parts = line.split(b" ")
    if layout.prefixed:
        parts = parts[1:]
    if len(parts) != layout.width:
        return None
    if not line.isascii():
        # Only the fields the scan reads must be text: DuckDB checks the encoding of the columns it reads.
        for index in layout.used:
            try:
                parts[index].decode("utf-8")
            except UnicodeDecodeError:
                return None
    return parts


def reduce_files(
    logs: Iterable[LogFile],
    headers: dict[LogFile, Header],
    progress: ProgressBar,
    nat_enis: frozenset[str] | None,
    now: int | None = None,
) -> Reduced:
    """Group every record of every text or JSON file; the same result as REDUCE_SQL.

    `nat_enis` keeps the untranslated rows of those interfaces; None keeps those of every
    requester-managed interface (to recognise NAT gateways from the records).
    """
    reduced = Reduced()
    done = 0
    clock = now_epoch() if now is None else now
    for log in logs:
        _reduce_file(log, headers[log], reduced, progress, done, nat_enis, clock)
        done += log.size
        progress.update(done)
    return reduced


def _reduce_file(
    log: LogFile,
    header: Header,
    reduced: Reduced,
    progress: ProgressBar,
    done: int,
    nat_enis: frozenset[str] | None,
    now: int,
) -> None:
    layout = Layout.of(header, log)
    keep = None if nat_enis is None else {e.encode() for e in nat_enis}
    has_pkt = layout.pdst is not None
    raw: dict[tuple[bytes | None, ...], _Counter] = {}
    count = 0
    for location, line, position in messages(log):
        count += 1
        if not count & 0xFFFF:
            progress.update(done + position)
        if line is None:  # longer than MAX_LINE_BYTES
            reduced.bad(location)
            continue
        parts = split(line, layout)
        if parts is None:
            reduced.bad(location)
            continue
        if not parts:
            continue
        key = _key(parts, layout, keep, has_pkt)
        if key is None:
            reduced.bad(location)
            continue
        try:
            size = integer(None if parts[layout.size] == _DASH else parts[layout.size])
            start = integer(None if parts[layout.start] == _DASH else parts[layout.start])
            end = integer(None if parts[layout.end] == _DASH else parts[layout.end])
        except ValueError:
            reduced.bad(location)
            continue
        if not plausible(start, end, size, now):
            reduced.bad(location)
            continue
        value = raw.get(key)
        if value is None:
            value = raw[key] = _Counter()
        if layout.instance is not None:
            instance = parts[layout.instance]
            if instance != _DASH and (value.instance is None or instance < value.instance):
                value.instance = instance
        value.records += 1
        value.bytes += size or 0
        if start is not None and (value.first < 0 or start < value.first):
            value.first = start
        if end is not None and end > value.last:
            value.last = end
    for raw_key, value in raw.items():
        group = Group(
            value.instance.decode("utf-8") if value.instance is not None else None,
            value.records,
            value.bytes,
            value.first if value.first >= 0 else None,
            value.last if value.last >= 0 else None,
        )
        reduced.add(_decode(raw_key, has_pkt), group)


class _Counter:
    """One group's running totals while a file is read."""

    __slots__ = ("bytes", "first", "instance", "last", "records")

    def __init__(self) -> None:
        self.instance: bytes | None = None
        self.records = 0
        self.bytes = 0
        self.first = -1
        self.last = -1


def _key(parts: list[bytes], layout: Layout, keep: set[bytes] | None, has_pkt: bool) -> tuple[bytes | None, ...] | None:
    """The group key of a well-split record; None when its status or action is not one AWS writes."""
    status = parts[layout.status] if layout.status is not None else _DASH
    action = parts[layout.action] if layout.action is not None else _DASH
    if status != _DASH and status not in _STATUSES:
        return None
    if action != _DASH and action not in _ACTIONS:
        return None
    eni = parts[layout.eni]
    src, dst = parts[layout.src], parts[layout.dst]
    if has_pkt:
        psrc, pdst = parts[layout.psrc], parts[layout.pdst]  # type: ignore[index]
        if pdst != _DASH and dst != _DASH and pdst != dst:
            return (eni, status, action, b"out", dst, src, pdst)
        if psrc != _DASH and src != _DASH and psrc != src:
            return (eni, status, action, b"in", src, dst, psrc)
    if status in (_DASH, b"OK"):
        if keep is None:
            instance = parts[layout.instance] if layout.instance is not None else _DASH
            kept = instance == _DASH
        else:
            kept = eni in keep
        if kept:
            return (eni, status, action, b"plain", None, src, dst)
    return (eni, status, action, None, None, None, None)


def _text(value: bytes | None) -> str | None:
    if value is None or value == _DASH:
        return None
    return value.decode("utf-8", "replace")


def _decode(key: tuple[bytes | None, ...], has_pkt: bool) -> Key:
    eni, status, action, leg, via, local, remote = key
    return (
        _text(eni),
        (status or _DASH).decode("ascii"),
        (action or _DASH).decode("ascii"),
        None if leg is None else leg.decode("ascii"),
        _text(via),
        _text(local),
        _text(remote),
        has_pkt,
    )


def first_malformed(logs: Iterable[LogFile], headers: dict[LogFile, Header], now: int | None = None) -> str | None:
    """Where the first malformed record is, in file order (read until found; for the DuckDB engine's report)."""
    clock = now_epoch() if now is None else now
    for log in logs:
        if log.kind != "text":
            continue
        for location in _malformed(log, headers[log], clock):
            return location
    return None


def _malformed(log: LogFile, header: Header, now: int) -> Iterator[str]:
    layout = Layout.of(header, log)
    has_pkt = layout.pdst is not None
    for location, line, _ in messages(log):
        parts = None if line is None else split(line, layout)
        if parts is None:
            yield location
            continue
        if not parts:
            continue
        if _key(parts, layout, None, has_pkt) is None:
            yield location
            continue
        try:
            size = integer(None if parts[layout.size] == _DASH else parts[layout.size])
            start = integer(None if parts[layout.start] == _DASH else parts[layout.start])
            end = integer(None if parts[layout.end] == _DASH else parts[layout.end])
        except ValueError:
            yield location
            continue
        if not plausible(start, end, size, now):
            yield location


def width_mismatch(log: LogFile, header: Header) -> int | None:
    """The number of fields of the file's first record when it is not the format's; None when it is (or none)."""
    layout = Layout.of(header, log)
    for _, line, _ in messages(log):
        if line is None:
            continue
        text = line.rstrip(b"\r\n")
        if not text:
            continue
        count = len(text.split(b" ")) - (1 if layout.prefixed else 0)
        return None if count == layout.width else count
    return None


def width_reason(header: Header, count: int) -> str:
    """'its records have 3 fields, the default format has 14'."""
    what = "the default format" if header.origin == "default" else "--fields"
    return f"its records have {count} fields, {what} has {len(header.fields)}"


def width_error(log: LogFile, header: Header, count: int) -> UsageError:
    """A file without a header must hold records of the given format: the error when its first has `count`."""
    return UsageError(
        f"{log.path}: {width_reason(header, count)}: give the log format with"
        " --fields (AWS's format string '${version} ${account-id} ${interface-id} ...' as is)"
    )
