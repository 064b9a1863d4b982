"""Finding flow-log files, telling their formats apart, and reading their records without loading a file whole.

Formats AWS delivers: S3 text with a header line (gzip), Parquet, and CloudWatch Logs, whose records
have no header and reach a file as an export to S3 (each line `timestamp record`), as JSON with a
`message` per event (`aws logs get-log-events`, `filter-log-events`), or as subscription payloads
(gzip JSON with `logEvents[].message`, concatenated by Firehose). S3 key layouts
(https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html):
`AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/[HH/]`, or Hive-compatible
`AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=.../[hour=HH/]`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from pl_cost.errors import UsageError
from pl_cost.evidence.fields import Header, is_header, parse_header

GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
#: What a format is called in the output.
FORMATS = {
    "s3-text": "S3 text with a header line",
    "headerless": "text records without a header",
    "cloudwatch-export": "CloudWatch Logs export (timestamp-prefixed records)",
    "cloudwatch-json": "CloudWatch Logs events as JSON (message fields)",
    "subscription": "CloudWatch Logs subscription payloads (logEvents[].message)",
    "parquet": "Parquet",
}
#: Bytes read to tell a file's format.
SNIFF_BYTES = 65536
#: One JSON document (a subscription payload is at most about 1 MB) may not exceed this.
MAX_JSON_DOCUMENT = 64 * 2**20
#: The longest line either engine reads, its line end included: a record of every field AWS defines stays under
#: 2 KB (a CloudWatch Logs event may hold 1 MB:
#: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html), so a longer line
#: is damage. It is malformed (counted, its location named) and never held whole: Python reads at most this much
#: of it at a time, DuckDB's CSV reader gets it as `max_line_size` (a last line without a line end counts the
#: file's line end, as DuckDB does).
MAX_LINE_BYTES = 65536
#: What a file's over-long line is replaced with: too few fields for any format, so malformed on both engines.
OVERLONG_PLACEHOLDER = b"pl-cost:over-long-line"

_PLAIN_KEY = re.compile(r"AWSLogs/(?:[^/]+/)?(\d{12})/vpcflowlogs/([a-z0-9-]+)/\d{4}/\d{2}/\d{2}(/\d{2})?(?:/|$)")
_HIVE_KEY = re.compile(r"aws-account-id=(\d{12})/aws-service=vpcflowlogs/aws-region=([a-z0-9-]+)/")
_TIMESTAMP = re.compile(rb"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$")
_RECORD_WORDS = {b"NODATA", b"SKIPDATA", b"ACCEPT", b"REJECT"}
#: The fields every format needs (interface-id, srcaddr, dstaddr, bytes, start, end).
_MIN_FIELDS = 6


@dataclass(frozen=True)
class LogFile:
    """One flow-log file: its path, its format, and what its S3 key says (account, region, layout)."""

    path: Path
    fmt: str  # a key of FORMATS
    gzipped: bool
    size: int
    account: str | None = None
    region: str | None = None
    layout: str = "other"  # "plain" (AWSLogs/<acct>/vpcflowlogs/...), "hive", or "other"
    hourly: bool = False
    named: bool = False  # given on the command line, not found in a directory

    @property
    def kind(self) -> str:
        """ "parquet" or "text" (every text and JSON format)."""
        return "parquet" if self.fmt == "parquet" else "text"

    @property
    def wrapped(self) -> bool:
        """Records inside JSON (CloudWatch Logs events or subscription payloads)."""
        return self.fmt in ("cloudwatch-json", "subscription")


@dataclass
class Discovery:
    """The files to read, and what was left out and why (shown in the output)."""

    files: list[LogFile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def discover(paths: list[str]) -> Discovery:
    """Every flow-log file under the given files and directories, each once, in a stable order.

    A file named on the command line must be a flow log; one found in a directory that is not
    (a README, an export's permission-check object) is skipped and listed.
    """
    if not paths:
        raise UsageError("give at least one flow-log file or directory")
    found = Discovery()
    seen: dict[tuple[int, int], str] = {}
    for text in paths:
        path = Path(text)
        info = _stat(path, text)
        if stat.S_ISDIR(info.st_mode):
            count = 0
            for inner in _walk(path, found):
                count += 1
                if _once(inner, seen, found):
                    log = describe(inner, strict=False)
                    if log is None:
                        count -= 1
                        found.skipped.append(f"{inner} (not a flow log)")
                    else:
                        found.files.append(log)
            if count == 0:
                raise UsageError(f"{text}: no flow-log files in this directory")
        elif stat.S_ISREG(info.st_mode):
            if _once(path, seen, found):
                log = describe(path, strict=True)
                assert log is not None
                found.files.append(log)
        else:
            raise UsageError(f"{text}: not a regular file (a device, FIFO or socket); give log files or directories")
    if not found.files:
        raise UsageError(f"{', '.join(paths)}: no flow-log files")
    return found


def _stat(path: Path, text: str) -> os.stat_result:
    try:
        return path.stat()
    except FileNotFoundError:
        raise UsageError(f"{text}: no such file or directory") from None
    except OSError as exc:
        raise UsageError(f"{text}: cannot read: {exc.strerror or exc}") from None


def _once(path: Path, seen: dict[tuple[int, int], str], found: Discovery) -> bool:
    """False (with a note) when this file was already reached by another path, a symlink or a directory."""
    info = path.stat()
    key = (info.st_dev, info.st_ino)
    if key in seen:
        found.notes.append(f"{path} is the same file as {seen[key]}: read once")
        return False
    seen[key] = str(path)
    return True


def _walk(root: Path, found: Discovery) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            try:
                info = path.stat()
            except OSError:
                found.skipped.append(f"{path} (unreadable)")
                continue
            if stat.S_ISREG(info.st_mode):
                yield path
            else:
                found.skipped.append(f"{path} (not a regular file)")


def describe(path: Path, *, strict: bool) -> LogFile | None:
    """The file's format and key facts; None (or an error when `strict`) when it is not a flow log."""
    try:
        with path.open("rb") as raw:
            magic = raw.read(4)
        size = path.stat().st_size
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    key = path.resolve().as_posix()
    account = region = None
    layout, hourly = "other", False
    if match := _HIVE_KEY.search(key):
        account, region, layout = match.group(1), match.group(2), "hive"
        hourly = "/hour=" in key
    elif match := _PLAIN_KEY.search(key):
        account, region, layout = match.group(1), match.group(2), "plain"
        hourly = match.group(3) is not None
    gzipped = magic[:2] == GZIP_MAGIC
    if magic == PARQUET_MAGIC:
        fmt: str | None = "parquet"
    else:
        fmt = _sniff(path, gzipped, strict)
    if fmt is None:
        return None
    return LogFile(path, fmt, gzipped, size, account, region, layout, hourly, named=strict)


def _sniff(path: Path, gzipped: bool, strict: bool) -> str | None:
    head = _head(path, gzipped)
    body = head.lstrip()
    if not body:
        if strict:
            raise UsageError(f"{path}: empty file, not a flow log")
        return None
    if body[:1] in (b"{", b"["):
        if b'"logEvents"' in head:
            return "subscription"
        if b'"message"' in head:
            return "cloudwatch-json"
        if strict:
            raise UsageError(f"{path}: JSON without CloudWatch Logs events (logEvents or message fields)")
        return None
    first = body.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and is_header(text):
        return "s3-text"
    tokens = first.split(b" ")
    if tokens and _TIMESTAMP.match(tokens[0]):
        return "cloudwatch-export"
    # A record has at least the six required fields, and an interface id or a status or action only AWS
    # writes; "OK" alone is too common a word (a note saying "all OK" is no record).
    if len(tokens) >= _MIN_FIELDS and (any(t.startswith(b"eni-") for t in tokens) or _RECORD_WORDS & set(tokens)):
        return "headerless"
    if strict:
        shown = first[:60].decode("utf-8", "replace")
        raise UsageError(f"{path}: not a VPC flow log (first line {shown!r} is neither a header nor a record)")
    return None


def _head(path: Path, gzipped: bool) -> bytes:
    stream, raw = open_binary(path, gzipped)
    try:
        with raw, stream:
            return stream.read(SNIFF_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(path, gzipped, exc) from None


def open_binary(path: Path, gzipped: bool) -> tuple[IO[bytes], IO[bytes]]:
    """(stream of decompressed bytes, raw file) so progress can follow the raw file's position."""
    raw: IO[bytes] = path.open("rb")
    if gzipped:
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb")), raw
    return raw, raw


def read_header(log: LogFile) -> Header:
    """The header line of an S3 text flow log; errors name the file."""
    stream, raw = open_binary(log.path, log.gzipped)
    try:
        with raw, stream:
            first = stream.readline(MAX_LINE_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(log.path, log.gzipped, exc) from None
    if len(first) >= MAX_LINE_BYTES and not first.endswith(b"\n"):
        raise UsageError(f"{log.path}: not a VPC flow log (a first line longer than {MAX_LINE_BYTES:,} bytes)")
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{log.path}: not a VPC flow log (binary content)") from None
    return parse_header(text, str(log.path))


def messages(log: LogFile) -> Iterator[tuple[str, bytes | None, int]]:
    """Every record of a text or JSON file as (location, record bytes, raw bytes read so far).

    The location is `path:line` for text and `path: event N` for JSON; a CloudWatch export's
    timestamp stays on the record (the parser drops it). S3 text skips its header line. A line or
    event longer than MAX_LINE_BYTES comes as None (malformed), read in bounded pieces and dropped.
    """
    if log.wrapped:
        yield from _json_messages(log)
        return
    stream, raw = open_binary(log.path, log.gzipped)
    name = str(log.path)
    try:
        with raw, stream:
            number = 0
            ending = 1
            for line in _lines(stream):
                number += 1
                if number == 1:
                    ending = 2 if line is not None and line.endswith(b"\r\n") else 1
                    if log.fmt == "s3-text":
                        continue
                if line is not None and not line.endswith(b"\n") and len(line) + ending > MAX_LINE_BYTES:
                    line = None  # a last line without its end: DuckDB counts the file's line end too
                yield f"{name}:{number}", line, raw.tell()
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(log.path, log.gzipped, exc) from None


def _lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Lines with their ends; None for one longer than MAX_LINE_BYTES, whose rest is read and dropped."""
    while True:
        line = stream.readline(MAX_LINE_BYTES)
        if not line:
            return
        if len(line) < MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(MAX_LINE_BYTES)
        yield None


def _json_messages(log: LogFile) -> Iterator[tuple[str, bytes | None, int]]:
    count = 0
    name = str(log.path)
    for document, position in _documents(log):
        for message in _event_messages(document, log):
            count += 1
            # Unwrapped for DuckDB, each message becomes a line ending in \n: the same limit as a text line.
            yield f"{name}: event {count}", message if len(message) < MAX_LINE_BYTES else None, position


def _event_messages(document: object, log: LogFile) -> Iterator[bytes]:
    """Messages of one JSON document: a subscription payload, a get/filter-log-events response, or one event."""
    if isinstance(document, list):
        for item in document:
            yield from _event_messages(item, log)
        return
    if not isinstance(document, dict):
        raise UsageError(f"{log.path}: JSON that is not CloudWatch Logs events")
    if "logEvents" in document:
        if document.get("messageType") == "CONTROL_MESSAGE":
            return
        events = document.get("logEvents")
    elif "events" in document:
        events = document.get("events")
    else:
        events = [document]
    if not isinstance(events, list):
        raise UsageError(f"{log.path}: logEvents/events is not a list")
    for event in events:
        message = event.get("message") if isinstance(event, dict) else None
        if not isinstance(message, str):
            raise UsageError(f"{log.path}: an event without a message string")
        # A record never spans lines; a line break inside one keeps it malformed as one record.
        yield message.replace("\r", "\x01").replace("\n", "\x01").encode("utf-8", "surrogatepass")


def _documents(log: LogFile) -> Iterator[tuple[object, int]]:
    """JSON documents one after another (JSON lines, or Firehose's concatenated payloads), in bounded memory."""
    decoder = json.JSONDecoder()
    stream, raw = open_binary(log.path, log.gzipped)
    pending = ""
    eof = False
    try:
        with raw, stream:
            reader = _text_chunks(stream)
            while True:
                pending = pending.lstrip()
                if not pending:
                    if eof:
                        return
                    chunk = next(reader, None)
                    eof = chunk is None
                    pending = chunk or ""
                    continue
                try:
                    document, end = decoder.raw_decode(pending)
                except json.JSONDecodeError as exc:
                    if eof:
                        raise UsageError(f"{log.path}: unreadable JSON ({exc.msg} at character {exc.pos})") from None
                    if len(pending) > MAX_JSON_DOCUMENT:
                        raise UsageError(
                            f"{log.path}: a JSON document larger than {MAX_JSON_DOCUMENT:,} bytes"
                        ) from None
                    chunk = next(reader, None)
                    eof = chunk is None
                    pending += chunk or ""
                    continue
                except (RecursionError, ValueError) as exc:
                    raise UsageError(f"{log.path}: unusable JSON ({type(exc).__name__})") from None
                pending = pending[end:]
                yield document, raw.tell()
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(log.path, log.gzipped, exc) from None


def _text_chunks(stream: IO[bytes]) -> Iterator[str]:
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    while True:
        block = stream.read(1 << 20)
        if not block:
            tail = decoder.decode(b"", final=True)
            if tail:
                yield tail
            return
        yield decoder.decode(block)


def unreadable(path: Path, gzipped: bool, exc: BaseException) -> UsageError:
    """One message for a damaged or truncated file."""
    what = "gzip" if gzipped else "file"
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, EOFError):
        detail = "truncated (ends before the end of the compressed stream)"
    return UsageError(f"{path}: unreadable {what}: {detail}")
