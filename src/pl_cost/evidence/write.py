"""Profile files: exact decimals in JSON and YAML, written atomically so an error never leaves half a file."""

from __future__ import annotations

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from pl_cost.errors import DomainError, UsageError
from pl_cost.evidence.model import EvidenceProfile
from pl_cost.money import plain


def evidence_key_allowed() -> bool:
    """Whether the recommender's Profile accepts an `evidence` key (else it goes to a sidecar file)."""
    try:
        from pl_cost.recommend.profile import Profile
    except ImportError:
        return False
    return "evidence" in Profile.model_fields


def to_json(data: Any) -> str:
    """JSON with Decimals written as exact numbers (json would need floats)."""
    found: list[Decimal] = []

    def swap(value: Any) -> Any:
        if isinstance(value, Decimal):
            found.append(value)
            return f"@@decimal{len(found) - 1}@@"
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [swap(item) for item in value]
        return value

    text = json.dumps(swap(data), indent=2, ensure_ascii=False)
    for index, value in enumerate(found):
        text = text.replace(f'"@@decimal{index}@@"', plain(value), 1)
    return text + "\n"


class _Dumper(yaml.SafeDumper):
    """Safe YAML that writes Decimals as plain numbers, keeps key order, and never uses anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = plain(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _decimal)


def to_yaml(data: Any) -> str:
    """YAML in the order given."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def document(result: EvidenceProfile, embed_evidence: bool) -> dict[str, Any]:
    """The profile file's content: the profile keys, and `evidence` when the recommender accepts it."""
    data = dict(result.profile)
    if embed_evidence:
        data["evidence"] = result.evidence
    return data


def header_comment(result: EvidenceProfile) -> str:
    """A few comment lines for YAML files: where the figures come from."""
    ev = result.evidence
    span = ev["span"]
    return (
        f"# Workload profile from VPC Flow Logs ({ev['generated_by']}, engine {ev['engine']}).\n"
        f"# Span {span['first_start']} .. {span['last_end']} ({span['hours']} h), extrapolated to a month;"
        f" {ev['gb_unit']}.\n"
        f"# ip-ranges createDate {ev['ip_ranges']['create_date']}; share of NAT bytes attributed to services:"
        f" {ev['share_attributed']}.\n"
        "# Next: pl-cost recommend THIS-FILE\n"
    )


def render_file(result: EvidenceProfile, suffix: str, embed_evidence: bool) -> str:
    """Text of a profile file: JSON for .json, YAML otherwise (.yaml, .yml)."""
    data = document(result, embed_evidence)
    if suffix == ".json":
        return to_json(data)
    if suffix == ".toml":
        raise UsageError("--output: write .yaml or .json (TOML cannot hold the evidence section's nulls)")
    return header_comment(result) + to_yaml(data)


def sidecar_path(target: Path) -> Path:
    """Where the evidence goes when the profile cannot hold it: PROFILE.evidence.json."""
    return target.with_name(target.stem + ".evidence.json")


def write_profile(result: EvidenceProfile, target: Path) -> list[Path]:
    """Write the profile (and the evidence sidecar when needed) atomically; returns the paths written."""
    embed = evidence_key_allowed()
    texts = {target: render_file(result, target.suffix.lower(), embed)}
    if not embed:
        texts[sidecar_path(target)] = to_json(result.evidence)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in texts.items():
            staged.append((_stage(path, text), path))
        for temp, path in staged:
            os.replace(temp, path)
    except OSError as exc:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise DomainError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return list(texts)


def _stage(path: Path, text: str) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
