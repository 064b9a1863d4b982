"""A property over random flow logs, bad lines included: the Python and DuckDB engines agree on every count,
the first malformed record, and every byte of every class."""

from __future__ import annotations

import gzip
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pl_cost.errors import PlCostError
from pl_cost.evidence import profile_from_flow_logs
from pl_cost.evidence.files import MAX_LINE_BYTES
from pl_cost.evidence.model import EvidenceProfile
from tests.evidence_data import FIELDS

pytest.importorskip("duckdb")

T0 = 1787270400
NAT_ENIS = ("eni-0aaaaaaaaaaaaaaa1", "eni-0aaaaaaaaaaaaaaa2")
NAT_IPS = ("10.0.0.10", "10.0.16.10")
INSTANCES = (("eni-0bbbbbbbbbbbbbbb1", "10.0.1.5", "i-0a"), ("eni-0bbbbbbbbbbbbbbb2", "10.0.2.6", "i-0b"))
TGW = ("eni-0ccccccccccccccc1", "10.0.3.9")
REMOTES = ("52.94.0.10", "3.5.0.9", "198.51.100.7", "203.0.113.9", "10.50.0.9", "100.64.3.4", "2600:1f18::1")
#: Lines no flow log should hold, each a way a real file gets damaged or a hand edit goes wrong.
BAD_LINES = (
    "drop-field",
    "extra-field",
    "double-space",
    "bytes-letters",
    "bytes-plus",
    "bytes-exponent",
    "bytes-decimal",
    "bytes-negative",
    "bytes-leading-zero",
    "bytes-23-digits",
    "bytes-too-fast",
    "start-zero",
    "end-2100",
    "end-before-start",
    "status-unknown",
    "action-unknown",
    "not-utf8",
    "quote",
    "blank",
    "over-long",
)


def record(order: list[str], values: dict[str, object]) -> str:
    return " ".join(str(values.get(f, "-")) for f in order)


def damage(line: str, kind: str, order: list[str], rng: random.Random) -> bytes:
    parts = line.split(" ")
    i_bytes, i_start, i_end = order.index("bytes"), order.index("start"), order.index("end")
    edits = {
        "bytes-letters": (i_bytes, "12a"),
        "bytes-plus": (i_bytes, "+5"),
        "bytes-exponent": (i_bytes, "1e3"),
        "bytes-decimal": (i_bytes, "5.0"),
        "bytes-negative": (i_bytes, "-5"),
        "bytes-leading-zero": (i_bytes, "0042"),
        "bytes-23-digits": (i_bytes, "1" + "0" * 22),
        "bytes-too-fast": (i_bytes, str(400 * 10**9 * 60 + 1)),
        "start-zero": (i_start, "0"),
        "end-2100": (i_end, "4102444800"),
        "end-before-start": (i_end, str(T0 - 100)),
    }
    if kind in edits:
        index, value = edits[kind]
        parts[index] = value
    elif kind == "drop-field":
        parts.pop(rng.randrange(len(parts)))
    elif kind == "extra-field":
        parts.insert(rng.randrange(len(parts)), "x")
    elif kind == "double-space":
        parts.insert(rng.randrange(1, len(parts)), "")
    elif kind == "status-unknown" and "log-status" in order:
        parts[order.index("log-status")] = "FINE"
    elif kind == "action-unknown" and "action" in order:
        parts[order.index("action")] = "ALLOW"
    elif kind == "quote":
        parts[order.index("interface-id")] = '"eni-0quoted'
    elif kind == "blank":
        return b""
    elif kind == "over-long":
        # A line (its \n included) just within, at, or past MAX_LINE_BYTES, or far past it (and past DuckDB's
        # default max_line_size, 2 MiB).
        index = order.index("subnet-id")
        rest = len(" ".join(parts)) - len(parts[index])
        wanted = MAX_LINE_BYTES - 1 + rng.choice((-1, 0, 1, 2, 3 * MAX_LINE_BYTES, 40 * MAX_LINE_BYTES))
        parts[index] = "s" * max(1, wanted - rest)
    text = " ".join(parts).encode()
    if kind == "not-utf8":
        text = text.replace(b" ", b" \xff\xfe", 1)
    return text


@st.composite
def logs(draw: Any) -> tuple[list[str], list[list[bytes]], list[bool]]:
    """A field order, 1-3 files of records (NAT flows, other interfaces, NODATA/SKIPDATA, bad lines), gzip or not."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    order = list(FIELDS)
    rng.shuffle(order)
    files: list[list[bytes]] = [[] for _ in range(draw(st.integers(1, 3)))]
    kinds = st.sampled_from(["nat", "nat", "nat", "instance", "tgw", "nodata", "skipdata", "reject", "bad", "bad"])
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(kinds)
        start = T0 + rng.randrange(0, 86_000)
        end = start + rng.choice((0, 1, 60, 600))
        common = {"version": 5, "account-id": "123456789012", "start": start, "end": end, "log-status": "OK",
                  "action": "ACCEPT", "protocol": 6, "packets": 3, "srcport": 443, "dstport": 40000}  # fmt: skip
        lines: list[str] = []
        k = rng.randrange(2)
        eni, nat_ip = NAT_ENIS[k], NAT_IPS[k]
        ieni, ip, iid = INSTANCES[rng.randrange(2)]
        remote = rng.choice(REMOTES)
        out, back = rng.randrange(0, 10**7), rng.randrange(0, 10**7)
        if kind in ("nat", "reject", "bad"):
            nat = {**common, "interface-id": eni, "instance-id": "-"}
            if kind == "reject":
                nat["action"] = "REJECT"
            legs = [(ip, nat_ip, ip, remote, out), (nat_ip, remote, nat_ip, remote, out),
                    (remote, nat_ip, remote, nat_ip, back), (nat_ip, ip, remote, ip, back)]  # fmt: skip
            for src, dst, psrc, pdst, size in legs:
                lines.append(record(order, {**nat, "srcaddr": src, "dstaddr": dst, "pkt-srcaddr": psrc,
                                            "pkt-dstaddr": pdst, "bytes": size}))  # fmt: skip
            inst = {**common, "interface-id": ieni, "instance-id": iid}
            lines.append(record(order, {**inst, "srcaddr": ip, "dstaddr": remote, "pkt-srcaddr": ip,
                                        "pkt-dstaddr": remote, "bytes": out}))  # fmt: skip
        elif kind == "instance":
            other = INSTANCES[1 - INSTANCES.index((ieni, ip, iid))][1]
            lines.append(
                record(
                    order,
                    {
                        **common,
                        "interface-id": ieni,
                        "instance-id": iid,
                        "srcaddr": ip,
                        "dstaddr": other,
                        "pkt-srcaddr": ip,
                        "pkt-dstaddr": other,
                        "bytes": out,
                    },
                )
            )
        elif kind == "tgw":
            lines.append(record(order, {**common, "interface-id": TGW[0], "instance-id": "-", "srcaddr": TGW[1],
                                        "dstaddr": ip, "pkt-srcaddr": "10.20.33.164", "pkt-dstaddr": ip,
                                        "bytes": out}))  # fmt: skip
        else:
            status = "NODATA" if kind == "nodata" else "SKIPDATA"
            lines.append(record(order, {"version": 5, "interface-id": eni, "start": start, "end": end,
                                        "log-status": status}))  # fmt: skip
        encoded = [line.encode() for line in lines]
        if kind == "bad":
            index = rng.randrange(len(encoded))
            encoded[index] = damage(lines[index], draw(st.sampled_from(BAD_LINES)), order, rng)
        files[rng.randrange(len(files))].extend(encoded)
    gz = [draw(st.booleans()) for _ in files]
    return order, files, gz


def scan(folder: Path, engine: str) -> EvidenceProfile | str:
    """The profile, or the one-line error the library gives."""
    try:
        return profile_from_flow_logs([str(folder)], "us-east-1", engine=engine, allow_empty=True, progress=False)  # type: ignore[arg-type]
    except PlCostError as exc:
        return str(exc)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(logs())
def test_engines_agree_on_every_count_and_byte(case: tuple[list[str], list[list[bytes]], list[bool]]) -> None:
    order, files, gz = case
    with tempfile.TemporaryDirectory(prefix="pl-cost-prop-") as name:
        folder = Path(name) / "logs"
        folder.mkdir()
        for index, (lines, zipped) in enumerate(zip(files, gz, strict=True)):
            body = (" ".join(order) + "\n").encode() + b"".join(line + b"\n" for line in lines)
            path = folder / f"part-{index}.log{'.gz' if zipped else ''}"
            path.write_bytes(gzip.compress(body) if zipped else body)
        python, duck = scan(folder, "python"), scan(folder, "duckdb")
    if isinstance(python, str) or isinstance(duck, str):
        assert python == duck  # the same refusal (a zero span) from both
        return
    assert python.evidence.records == duck.evidence.records
    assert python.evidence.bytes_by_destination == duck.evidence.bytes_by_destination
    assert python.evidence.nat == duck.evidence.nat
    assert python.evidence.span == duck.evidence.span
    assert python.profile == duck.profile
    records = python.evidence.records
    parts = (records.used, records.nodata, records.skipdata, records.rejected, records.other_interfaces,
             records.nat_other_legs, records.malformed)  # fmt: skip
    assert sum(parts) == records.read == sum(1 for lines in files for line in lines if line)
    assert (records.malformed == 0) == (records.first_malformed is None)
