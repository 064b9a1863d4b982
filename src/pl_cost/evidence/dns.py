"""Route 53 Resolver query logs: which name each (client, answer address) pair was looked up as.

Flow logs cannot name most AWS APIs (ip-ranges tags them AMAZON), and they do not record DNS traffic
to the Amazon resolver, so the names come from the Resolver query logs (JSON, one query a line:
https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-format.html).
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pl_cost.errors import UsageError
from pl_cost.evidence.hostnames import AWS_UNATTRIBUTED, classify_name

_ADDRESS_TYPES = {"A", "AAAA"}
_MAX_UNMAPPED_NAMES = 1000


@dataclass
class DnsMap:
    """Labels by (client, answer) pair and by answer alone, with counts for the evidence section."""

    by_pair: dict[tuple[str, str], str] = field(default_factory=dict)
    by_answer: dict[str, str] = field(default_factory=dict)
    files: int = 0
    skipped: list[str] = field(default_factory=list)
    queries: int = 0
    answers: int = 0
    malformed: int = 0
    first_malformed: str | None = None
    unmapped_aws_names: Counter[str] = field(default_factory=Counter)

    def label(self, local: str | None, remote: str) -> tuple[str | None, bool]:
        """(label, found only by the answer address) for one NAT leg."""
        exact = self.by_pair.get((local, remote)) if local is not None else None
        if exact is not None:
            return exact, False
        loose = self.by_answer.get(remote)
        return loose, loose is not None

    def bad(self, location: str) -> None:
        """Count a line that is not a Resolver query-log record."""
        self.malformed += 1
        if self.first_malformed is None:
            self.first_malformed = location


def read_dns_logs(paths: list[str], vpc_region: str) -> DnsMap:
    """Build the map from Resolver query-log files or directories (JSON lines, gzip or plain).

    In a directory, files that are not Resolver query logs are skipped and listed; a bad line in a
    log is skipped and counted.
    """
    pair_votes: dict[tuple[str, str], Counter[str]] = {}
    answer_votes: dict[str, Counter[str]] = {}
    result = DnsMap()
    seen: set[tuple[int, int]] = set()
    for path, explicit in _files(paths, result):
        info = path.stat()
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        if not _looks_like_resolver_log(path):
            if explicit:
                raise UsageError(f"--dns-logs: {path}: not a Route 53 Resolver query log (JSON lines with query_name)")
            result.skipped.append(f"{path} (not a Resolver query log)")
            continue
        result.files += 1
        for record in _records(path, result):
            _add(record, vpc_region, pair_votes, answer_votes, result)
    if result.files == 0:
        raise UsageError(f"--dns-logs: no Route 53 Resolver query-log files in {', '.join(paths)}")
    result.by_pair = {key: _winner(votes) for key, votes in pair_votes.items()}
    result.by_answer = {key: _winner(votes) for key, votes in answer_votes.items()}
    return result


def _winner(votes: Counter[str]) -> str:
    """The label seen most often; ties go to the first name alphabetically, so runs agree."""
    return min(votes.items(), key=lambda item: (-item[1], item[0]))[0]


def _files(paths: list[str], result: DnsMap) -> Iterator[tuple[Path, bool]]:
    for text in paths:
        path = Path(text)
        try:
            info = path.stat()
        except OSError:
            raise UsageError(f"--dns-logs: {text}: no such file or directory") from None
        if stat.S_ISDIR(info.st_mode):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    inner = Path(folder) / name
                    if inner.is_file():
                        yield inner, False
                    else:
                        result.skipped.append(f"{inner} (not a regular file)")
        elif stat.S_ISREG(info.st_mode):
            yield path, True
        else:
            raise UsageError(f"--dns-logs: {text}: not a regular file (a device, FIFO or socket)")


def _open(path: Path) -> IO[str]:
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open("r", encoding="utf-8", errors="replace")


def _json_part(line: str) -> str:
    """The JSON of a line; a CloudWatch Logs export puts a timestamp first."""
    text = line.strip()
    if text and not text.startswith("{"):
        head, _, rest = text.partition(" ")
        if head[:4].isdigit() and rest.lstrip().startswith("{"):
            return rest.strip()
    return text


def _looks_like_resolver_log(path: Path) -> bool:
    try:
        with _open(path) as stream:
            for line in stream:
                text = _json_part(line[:65536])
                if text:
                    return text.startswith("{") and '"query_name"' in text
    except (OSError, EOFError, zlib.error):
        return False
    return False


def _records(path: Path, result: DnsMap) -> Iterator[dict[str, Any]]:
    try:
        with _open(path) as stream:
            for number, line in enumerate(stream, start=1):
                text = _json_part(line)
                if not text:
                    continue
                try:
                    record = json.loads(text)
                except (json.JSONDecodeError, RecursionError, ValueError):
                    result.bad(f"{path}:{number}")
                    continue
                if isinstance(record, dict) and isinstance(record.get("query_name"), str):
                    yield record
                else:
                    result.bad(f"{path}:{number}")
    except (OSError, EOFError, zlib.error) as exc:
        detail = "truncated" if isinstance(exc, EOFError) else str(exc)
        raise UsageError(f"--dns-logs: {path}: unreadable: {detail}") from None


def _add(
    record: dict[str, Any],
    vpc_region: str,
    pair_votes: dict[tuple[str, str], Counter[str]],
    answer_votes: dict[str, Counter[str]],
    result: DnsMap,
) -> None:
    result.queries += 1
    answers = record.get("answers") or []
    if not isinstance(answers, list):
        return
    chain = [str(record["query_name"])]
    addresses = []
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        kind = str(answer.get("Type", answer.get("answer_type", ""))).upper()
        rdata = str(answer.get("Rdata", answer.get("rdata", ""))).strip()
        if kind == "CNAME":
            chain.append(rdata)
        elif kind in _ADDRESS_TYPES and rdata:
            addresses.append(rdata)
    if not addresses:
        return
    label = _chain_label(chain, vpc_region, result)
    if label is None:
        return
    source = str(record.get("srcaddr", ""))
    for address in addresses:
        result.answers += 1
        pair_votes.setdefault((source, address), Counter())[label] += 1
        answer_votes.setdefault(address, Counter())[label] += 1


def _chain_label(chain: list[str], vpc_region: str, result: DnsMap) -> str | None:
    """The first name along the CNAME chain that says which service it is; else AWS-unattributed or None."""
    fallback: str | None = None
    for name in chain:
        label = classify_name(name, vpc_region)
        if label is None:
            continue
        if label != AWS_UNATTRIBUTED:
            return label
        fallback = label
    if fallback is not None and len(result.unmapped_aws_names) < _MAX_UNMAPPED_NAMES:
        result.unmapped_aws_names[chain[0].rstrip(".").lower()] += 1
    return fallback
