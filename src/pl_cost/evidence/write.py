"""Profile files: YAML (exact decimals as plain numbers, a comment header) or JSON (exact decimal strings).

Both hold the profile's keys and, under `evidence`, the evidence model as data (the recommender's
`Profile.evidence` is a plain mapping); files are written through the shared atomic writer.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pl_cost import yaml_out
from pl_cost.errors import UsageError
from pl_cost.evidence.model import EvidenceProfile
from pl_cost.money import plain

#: The suffixes `--profile-out` accepts for a profile file (YAML or JSON).
PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
#: The suffixes that make `-o FILE` a profile file too: YAML is no answer format, so it cannot be the answer.
YAML_SUFFIXES = (".yaml", ".yml")


def to_json(data: Any) -> str:
    """JSON with Decimals as exact strings, as every pl-cost JSON output writes them."""

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return plain(value)
        if isinstance(value, BaseModel):
            return value.model_dump(mode="python")
        raise TypeError(type(value).__name__)

    return json.dumps(data, indent=2, ensure_ascii=False, default=default) + "\n"


def to_yaml(data: Any) -> str:
    """YAML in the order given (models become mappings), as every profile file pl-cost writes."""
    return yaml_out.dump(data)


def document(result: EvidenceProfile) -> dict[str, Any]:
    """The profile file's content: the profile keys, and the evidence as data under `evidence`."""
    data = result.profile.model_dump(mode="python", exclude_none=True)
    data["evidence"] = result.evidence.model_dump(mode="python")
    return data


def header_comment(result: EvidenceProfile) -> str:
    """A few comment lines for YAML files: where the figures come from."""
    ev = result.evidence
    empty = "# No NAT traffic was found: 0 GB, written because --allow-empty asked.\n" if ev.empty else ""
    return (
        f"# Workload profile from VPC Flow Logs ({ev.generated_by}, engine {ev.engine}).\n"
        f"# Span {ev.span.first_start} .. {ev.span.last_end} ({ev.span.hours} h), extrapolated to a month;"
        f" {ev.gb_unit}.\n"
        f"# NAT interfaces ({ev.nat.source}): {', '.join(ev.nat_interfaces) or 'none'}; counted by {ev.method}.\n"
        f"# ip-ranges createDate {ev.ip_ranges.create_date}; share of NAT bytes attributed to services:"
        f" {ev.share_attributed}.\n"
        f"{empty}"
        "# Next: pl-cost recommend THIS-FILE\n"
    )


def render_file(result: EvidenceProfile, suffix: str) -> str:
    """Text of a profile file: JSON for .json, YAML otherwise (.yaml, .yml)."""
    data = document(result)
    if suffix == ".json":
        return to_json(data)
    return header_comment(result) + to_yaml(data)


def is_yaml_name(path: str) -> bool:
    """Whether a file name asks for YAML (.yaml, .yml, any case)."""
    return Path(path).suffix.lower() in YAML_SUFFIXES


def check_target(path: str, field: str = "--profile-out") -> Path:
    """A profile file's name: .yaml, .yml or .json, one the writer can replace; checked before the scan."""
    from pl_cost.writer import checked_target

    if Path(path).suffix.lower() not in PROFILE_SUFFIXES:
        raise UsageError(f"{field}: {path}: give a .yaml, .yml or .json file name (the profile's format)")
    checked_target(path, field)
    return Path(path)


def write_profile(result: EvidenceProfile, target: Path, field: str = "--profile-out") -> list[Path]:
    """Write the profile file atomically; returns the paths written."""
    from pl_cost.writer import write_files

    return write_files({target: render_file(result, target.suffix.lower())}, field)
