"""The pure-Python engine: stream every record once and keep only the grouped legs (`sql.REDUCE_SQL`'s result).

Memory is bounded by the number of distinct (interface, local, remote) groups, never by file size:
files are read line by line through generators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pl_cost.errors import UsageError
from pl_cost.evidence.fields import Header
from pl_cost.evidence.files import LogFile, lines, read_header
from pl_cost.evidence.progress import Progress

#: (interface_id, log_status, action, direction, local_addr, remote_addr)
Key = tuple[str, str, str, str | None, str | None, str | None]


@dataclass
class Group:
    """Aggregates of one reduced row."""

    requester_managed: bool = True
    records: int = 0
    bytes: int = 0
    first_start: int | None = None
    last_end: int | None = None

    def merge(self, other: Group) -> None:
        """Fold another row with the same key in (a CSV result may repeat keys)."""
        self.requester_managed = self.requester_managed and other.requester_managed
        self.records += other.records
        self.bytes += other.bytes
        self.first_start = earliest(self.first_start, other.first_start)
        self.last_end = latest(self.last_end, other.last_end)


@dataclass
class Reduced:
    """The reduced rows, keyed like the SQL result, plus per-file caveats."""

    groups: dict[Key, Group] = field(default_factory=dict)
    malformed: int = 0


def earliest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def latest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def reduce_files(logs: Iterable[LogFile], headers: dict[LogFile, Header], progress: Progress) -> Reduced:
    """Group every record of every text file; the same result as REDUCE_SQL."""
    reduced = Reduced()
    done = 0
    for log in logs:
        if log.kind != "text":
            raise UsageError(f"{log.path}: Parquet flow logs need the duckdb engine (install the 'evidence' extra)")
        header = headers.get(log) or read_header(log)
        _reduce_file(log, header, reduced, progress, done)
        done += log.size
        progress.update(done)
    return reduced


def _reduce_file(log: LogFile, header: Header, reduced: Reduced, progress: Progress, done: int) -> None:
    idx = header.index
    i_eni, i_src, i_dst = idx("interface-id"), idx("srcaddr"), idx("dstaddr")
    i_psrc, i_pdst, i_bytes = idx("pkt-srcaddr"), idx("pkt-dstaddr"), idx("bytes")
    i_start, i_end = idx("start"), idx("end")
    i_inst, i_action, i_status = idx("instance-id"), idx("action"), idx("log-status")
    assert None not in (i_eni, i_src, i_dst, i_psrc, i_pdst, i_bytes, i_start, i_end)
    width = len(header.fields)
    dash = b"-"
    raw: dict[tuple[bytes, ...], list[int]] = {}
    count = 0
    for line, position in lines(log):
        parts = line.split()
        if len(parts) != width:
            if parts:
                reduced.malformed += 1
            continue
        count += 1
        if not count & 0xFFFF:
            progress.update(done + position)
        src, dst, psrc, pdst = parts[i_src], parts[i_dst], parts[i_psrc], parts[i_pdst]  # type: ignore[index]
        if pdst != dash and dst != dash and pdst != dst:
            key = (parts[i_eni], _at(parts, i_status), _at(parts, i_action), b"out", src, pdst)  # type: ignore[index]
        elif psrc != dash and src != dash and psrc != src:
            key = (parts[i_eni], _at(parts, i_status), _at(parts, i_action), b"in", dst, psrc)  # type: ignore[index]
        else:
            key = (parts[i_eni], _at(parts, i_status), _at(parts, i_action), b"", b"", b"")  # type: ignore[index]
        try:
            size = parts[i_bytes]  # type: ignore[index]
            add = int(size) if size != dash else 0
            start, end = parts[i_start], parts[i_end]  # type: ignore[index]
            s = int(start) if start != dash else -1
            e = int(end) if end != dash else -1
        except ValueError:
            reduced.malformed += 1
            continue
        value = raw.get(key)
        if value is None:
            value = raw[key] = [1, 0, 0, -1, -1]
        if i_inst is not None and parts[i_inst] != dash:
            value[0] = 0
        value[1] += 1
        value[2] += add
        if s >= 0 and (value[3] < 0 or s < value[3]):
            value[3] = s
        if e > value[4]:
            value[4] = e
    for raw_key, (managed, records, total, first, last) in raw.items():
        text = _decode(raw_key)
        group = Group(bool(managed), records, total, first if first >= 0 else None, last if last >= 0 else None)
        existing = reduced.groups.get(text)
        if existing is None:
            reduced.groups[text] = group
        else:
            existing.merge(group)


def _at(parts: list[bytes], index: int | None) -> bytes:
    return b"-" if index is None else parts[index]


def _decode(key: tuple[bytes, ...]) -> Key:
    eni, status, action, direction, local, remote = (k.decode("ascii", "replace") for k in key)
    if not direction:
        return (eni, status, action, None, None, None)
    return (eni, status, action, direction, local, remote)
