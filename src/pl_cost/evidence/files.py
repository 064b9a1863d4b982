"""Finding flow-log files as AWS delivers them to S3, and reading them line by line without loading them whole.

Key layouts (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html):
`AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/[HH/]...log.gz`, or Hive-compatible
`AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=.../`.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from pl_cost.errors import UsageError
from pl_cost.evidence.fields import Header, parse_header

GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
#: File names a directory walk picks up; a file named on the command line is read whatever its name.
LOG_SUFFIXES = (".log.gz", ".log", ".gz", ".parquet", ".txt")

_PLAIN_KEY = re.compile(r"AWSLogs/(?:[^/]+/)?(\d{12})/vpcflowlogs/([a-z0-9-]+)/\d{4}/\d{2}/\d{2}(?:/|$)")
_HIVE_KEY = re.compile(r"aws-account-id=(\d{12})/aws-service=vpcflowlogs/aws-region=([a-z0-9-]+)/")


@dataclass(frozen=True)
class LogFile:
    """One flow-log file: its path, its format, and what its S3 key says (account, region, layout)."""

    path: Path
    kind: str  # "text" or "parquet"
    gzipped: bool
    size: int
    account: str | None = None
    region: str | None = None
    layout: str = "plain"  # "plain" (AWSLogs/<acct>/vpcflowlogs/...), "hive", or "other"


def discover(paths: list[str]) -> list[LogFile]:
    """Every flow-log file under the given files and directories, in a stable order."""
    if not paths:
        raise UsageError("give at least one flow-log file or directory")
    found: list[LogFile] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            inside = [_describe(p) for p in _walk(path)]
            if not inside:
                raise UsageError(
                    f"{text}: no flow-log files ({', '.join('*' + s for s in LOG_SUFFIXES)}) in this directory"
                )
            found.extend(inside)
        elif path.is_file():
            found.append(_describe(path))
        else:
            raise UsageError(f"{text}: no such file or directory")
    return found


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.endswith(LOG_SUFFIXES):
                yield Path(folder) / name


def _describe(path: Path) -> LogFile:
    try:
        with path.open("rb") as raw:
            magic = raw.read(4)
        size = path.stat().st_size
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    key = path.resolve().as_posix()
    account = region = None
    layout = "other"
    if match := _HIVE_KEY.search(key):
        account, region, layout = match.group(1), match.group(2), "hive"
    elif match := _PLAIN_KEY.search(key):
        account, region, layout = match.group(1), match.group(2), "plain"
    kind = "parquet" if magic == PARQUET_MAGIC else "text"
    return LogFile(path, kind, magic[:2] == GZIP_MAGIC, size, account, region, layout)


def open_binary(log: LogFile) -> tuple[IO[bytes], IO[bytes]]:
    """(stream of decompressed bytes, raw file) so progress can follow the raw file's position."""
    raw: IO[bytes] = log.path.open("rb")
    if log.gzipped:
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb")), raw
    return raw, raw


def read_header(log: LogFile) -> Header:
    """The header line of a text flow log; errors name the file."""
    stream, raw = open_binary(log)
    try:
        with raw, stream:
            first = stream.readline(65536)
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(log, exc) from None
    if not first.strip():
        raise UsageError(f"{log.path}: empty file, not a flow log")
    try:
        text = first.decode("ascii")
    except UnicodeDecodeError:
        raise UsageError(f"{log.path}: not a VPC flow log (binary content)") from None
    return parse_header(text, str(log.path))


def lines(log: LogFile) -> Iterator[tuple[bytes, int]]:
    """Data lines after the header, each with the raw file's position (compressed bytes read so far)."""
    stream, raw = open_binary(log)
    try:
        with raw, stream:
            stream.readline()
            for line in stream:
                yield line, raw.tell()
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(log, exc) from None


def unreadable(log: LogFile, exc: BaseException) -> UsageError:
    """One message for a damaged or truncated file."""
    what = "gzip" if log.gzipped else "file"
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, EOFError):
        detail = "truncated (ends before the end of the compressed stream)"
    return UsageError(f"{log.path}: unreadable {what}: {detail}")
