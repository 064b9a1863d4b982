"""Reading a profile file (YAML, JSON or TOML) into a `Profile`, with one error that names field and line."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from pl_cost.errors import UsageError
from pl_cost.inputs import regular_file
from pl_cost.recommend.profile import NatProfile, Profile

Key = tuple[str | int, ...]
#: A profile is a few hundred bytes to a few kilobytes (with evidence); far larger is not a profile.
MAX_PROFILE_BYTES = 4 * 1024 * 1024
#: YAML aliases let a tiny file describe an exponential structure ("billion laughs"); profiles need few.
MAX_ALIASES = 50
MAX_DEPTH = 32


@dataclass(frozen=True)
class Located:
    """A validated profile, with where it came from so later errors can point at a line."""

    profile: Profile
    name: str = "profile"
    lines: dict[Key, int] = field(default_factory=dict)

    def where(self, *path: str | int) -> str:
        """'file:line: ' for a field, or 'file: ' when the line is unknown."""
        line = _line_for(self.lines, tuple(path))
        return f"{self.name}:{line}: " if line else f"{self.name}: "


def load_profile(path: str | PathLike[str]) -> Profile:
    """Read and validate a profile file; errors name the field and, where the parser knows it, the line."""
    return read_profile(path).profile


def read_profile(path: str | PathLike[str]) -> Located:
    """Like `load_profile`, keeping the file name and line numbers for later messages."""
    source = Path(path)
    return parse_profile(read_text(source), str(source), source.suffix.lower())


def read_text(source: Path, what: str = "profile") -> str:
    """A profile file's text: a regular file of sane size, or one line saying why not (never a hang on a FIFO)."""
    info = regular_file(source, what=f"{what} file")
    try:
        if info.st_size > MAX_PROFILE_BYTES:
            raise UsageError(
                f"{source}: {info.st_size:,} bytes is too large for a {what} (at most {MAX_PROFILE_BYTES:,})"
            )
        return source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{source}: no such {what} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{source}: cannot read the {what}: {exc}") from None


def parse_profile(text: str, name: str = "profile", suffix: str = ".yaml") -> Located:
    """Parse profile text: TOML for .toml, JSON for .json, YAML otherwise."""
    data, lines = parse_data(text, name, suffix)
    return validate_profile(data, name, lines)


def parse_data(text: str, name: str = "profile", suffix: str = ".yaml") -> tuple[Any, dict[Key, int]]:
    """Profile text as data and the line of each key, bounded against alias bombs and deep nesting."""
    try:
        return _parse_data(text, name, suffix)
    except RecursionError:
        raise UsageError(f"{name}: malformed profile: it refers to itself (a YAML anchor inside itself)") from None


def _parse_data(text: str, name: str, suffix: str) -> tuple[Any, dict[Key, int]]:
    if suffix == ".toml":
        return _toml(text, name), _toml_lines(text)
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{name}:{exc.lineno}: malformed JSON: {exc.msg}") from None
        _bounded(text, name)
        return data, _yaml_lines(text, name)
    return _yaml(text, name), _yaml_lines(text, name)


def validate_profile(data: Any, name: str = "profile", lines: dict[Key, int] | None = None) -> Located:
    """Validate already-parsed data, turning the first pydantic error into one line."""
    lines = lines or {}
    if isinstance(data, Profile):
        return Located(data, name, lines)
    if data is None:
        raise UsageError(f"{name}: the profile is empty; 'pl-cost init' writes an example")
    if not isinstance(data, Mapping):
        raise UsageError(f"{name}: expected a mapping of profile keys (region, azs, ...), got {type(data).__name__}")
    try:
        return Located(Profile.model_validate(dict(data)), name, lines)
    except ValidationError as exc:
        raise UsageError(_message(exc, name, lines), details=exc.errors()) from None


def _bounded(text: str, name: str) -> None:
    """Refuse YAML whose aliases or nesting would make parsing or validation blow up, before building it."""
    aliases = depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise UsageError(f"{name}: malformed profile: more than {MAX_ALIASES} YAML aliases")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise UsageError(f"{name}: malformed profile: nested deeper than {MAX_DEPTH} levels")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the parser below reports it with its line


def _yaml(text: str, name: str) -> Any:
    _bounded(text, name)
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        raise UsageError(f"{where}: malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{name}: malformed YAML: {exc}") from None


def _toml(text: str, name: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+)", str(exc))
        where = f"{name}:{found.group(1)}" if found else name
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise UsageError(f"{where}: malformed TOML: {message}") from None


def _yaml_lines(text: str, name: str) -> dict[Key, int]:
    """Line of every key and list item, from the YAML node tree (JSON parses as YAML too)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    lines: dict[Key, int] = {}
    _walk(root, (), lines, name, set())
    return lines


def _walk(node: yaml.Node | None, path: Key, lines: dict[Key, int], name: str, walked: set[int]) -> None:
    """Record each key's line, visiting every node once: an alias re-uses a node, and walking it again on every
    path would make a few hundred bytes of aliases cost exponential time and memory."""
    if node is None or id(node) in walked:
        return
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                dotted = ".".join(str(p) for p in (*path, key))
                raise UsageError(f"{name}:{line}: {dotted}: duplicate key")
            seen.add(key)
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, name, walked)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), lines, name, walked)


def _toml_lines(text: str) -> dict[Key, int]:
    """Best-effort lines for TOML keys: tomllib keeps none, so match `key =` under its `[table]`."""
    lines: dict[Key, int] = {}
    table: Key = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]", stripped)
        if header:
            table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
            lines.setdefault(table, number)
            continue
        key = re.match(r'("[^"]+"|[A-Za-z0-9_.-]+)\s*=', stripped)
        if key:
            lines.setdefault((*table, key.group(1).strip('"')), number)
    return lines


def _line_for(lines: dict[Key, int], path: Key) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _message(exc: ValidationError, name: str, lines: dict[Key, int]) -> str:
    error = exc.errors()[0]
    loc: Key = tuple(p for p in error["loc"] if p != "[key]")
    if not loc:
        # A check across fields names its field first ("endpoint_azs: ..."); point at that field's line.
        text = str(error["msg"]).removeprefix("Value error, ")
        field_name = text.split(":", 1)[0].split(".")[0]
        line = _line_for(lines, (field_name,))
        return f"{name}:{line}: {text}" if line else f"{name}: {text}"
    dotted = ".".join(f"[{p}]" if isinstance(p, int) else p for p in loc).replace(".[", "[") or "profile"
    line = _line_for(lines, loc)
    prefix = f"{name}:{line}" if line else name
    kind = error["type"]
    if kind == "extra_forbidden":
        model: type[BaseModel] = NatProfile if loc[:1] == ("nat",) else Profile
        text = f"unknown key; allowed here: {', '.join(model.model_fields)}"
    elif kind == "missing":
        text = "required, but missing"
    else:
        text = str(error["msg"]).removeprefix("Value error, ")
        if kind.startswith(("greater", "less", "int_", "literal", "bool")):
            text += f", got {error.get('input')}"
    return f"{prefix}: {dotted}: {text}"
