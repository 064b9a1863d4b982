"""Route 53 Resolver query logs: which name each (client, answer address) pair was looked up as.

Flow logs cannot name most AWS APIs (ip-ranges tags them AMAZON), and they do not record DNS traffic
to the Amazon resolver, so the names come from the Resolver query logs (JSON, one query a line:
https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-format.html).
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    queries: int = 0
    answers: int = 0
    malformed: int = 0
    unmapped_aws_names: Counter[str] = field(default_factory=Counter)

    def label(self, local: str, remote: str) -> tuple[str | None, bool]:
        """(label, found only by the answer address) for one NAT leg."""
        exact = self.by_pair.get((local, remote))
        if exact is not None:
            return exact, False
        loose = self.by_answer.get(remote)
        return loose, loose is not None


def read_dns_logs(paths: list[str], vpc_region: str) -> DnsMap:
    """Build the map from Resolver query-log files or directories (JSON lines, gzip or plain)."""
    pair_votes: dict[tuple[str, str], Counter[str]] = {}
    answer_votes: dict[str, Counter[str]] = {}
    result = DnsMap()
    for path in _files(paths):
        result.files += 1
        seen = 0
        for record in _records(path, result):
            seen += 1
            _add(record, vpc_region, pair_votes, answer_votes, result)
        if seen == 0:
            raise UsageError(f"--dns-logs: {path}: no Route 53 Resolver query-log records (JSON lines) found")
    result.by_pair = {key: _winner(votes) for key, votes in pair_votes.items()}
    result.by_answer = {key: _winner(votes) for key, votes in answer_votes.items()}
    return result


def _winner(votes: Counter[str]) -> str:
    """The label seen most often; ties go to the first name alphabetically, so runs agree."""
    return min(votes.items(), key=lambda item: (-item[1], item[0]))[0]


def _files(paths: list[str]) -> Iterator[Path]:
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found = False
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith("."):
                        found = True
                        yield Path(folder) / name
            if not found:
                raise UsageError(f"--dns-logs: {text}: empty directory")
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"--dns-logs: {text}: no such file or directory")


def _records(path: Path, result: DnsMap) -> Iterator[dict[str, Any]]:
    try:
        with path.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
        opener = gzip.open if gzipped else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as stream:
            for line in stream:
                text = line.strip()
                if not text:
                    continue
                try:
                    record = json.loads(text)
                except json.JSONDecodeError:
                    result.malformed += 1
                    continue
                if isinstance(record, dict) and "query_name" in record:
                    yield record
                else:
                    result.malformed += 1
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
