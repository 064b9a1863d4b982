"""Finding bill files as AWS delivers them to S3, and keeping one version of each billing period.

CUR 2.0 (Data Exports): `<prefix>/<export>/data/BILLING_PERIOD=YYYY-MM/...` with a manifest under
`metadata/BILLING_PERIOD=YYYY-MM/`; with "create new export file" each refresh lands in its own folder
(https://docs.aws.amazon.com/cur/latest/userguide/dataexports-export-delivery.html). Legacy CUR:
`<prefix>/<report>/YYYYMMDD-YYYYMMDD/[<assembly id>/]<report>-1.csv.gz` with `<report>-Manifest.json`
listing the current files (`reportKeys`). Reading two versions of one period would count it twice, so
several versions are resolved with the manifest or refused.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pl_cost.errors import UsageError
from pl_cost.inputs import regular_file

PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
#: File names a directory walk picks up; a file named on the command line is read whatever its name.
BILL_SUFFIXES = (".parquet", ".csv", ".csv.gz", ".gz")

#: The largest manifest read (a real one lists a few hundred files).
MAX_MANIFEST_BYTES = 64 << 20

_PERIOD_DIR = re.compile(r"^(?:BILLING_PERIOD=\d{4}-\d{2}|\d{8}-\d{8})$", re.IGNORECASE)


@dataclass(frozen=True)
class BillFile:
    """One data file: its path, format (parquet or csv), compression, size and the period folder it sits in."""

    path: Path
    kind: str
    gzipped: bool
    size: int
    period_dir: Path | None = None
    version_dir: str = ""


def discover(paths: list[str]) -> list[BillFile]:
    """Every bill file under the given files and directories, each once, one version per billing period."""
    if not paths:
        raise UsageError("give at least one bill file or directory (CUR 2.0, legacy CUR or FOCUS export)")
    found: dict[Path, BillFile] = {}
    for text in paths:
        path = Path(text)
        if path.is_dir():
            inside = [_describe(p) for p in _walk(path)]
            if not inside:
                raise UsageError(
                    f"{text}: no bill files ({', '.join('*' + s for s in BILL_SUFFIXES)}) in this directory"
                )
            for item in inside:
                found.setdefault(item.path.resolve(), item)
        elif os.path.lexists(path):
            item = _describe(path)
            found.setdefault(item.path.resolve(), item)
        else:
            raise UsageError(f"{text}: no such file or directory")
    return _one_version(list(found.values()))


def _walk(root: Path) -> list[Path]:
    chosen: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d.lower() != "metadata")
        for name in sorted(names):
            lower = name.lower()
            if name.startswith(".") or lower.endswith(".json") or not lower.endswith(BILL_SUFFIXES):
                continue
            chosen.append(Path(folder) / name)
    return chosen


def _describe(path: Path) -> BillFile:
    size = regular_file(path).st_size
    try:
        with path.open("rb") as raw:
            magic = raw.read(4)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if size == 0:
        raise UsageError(f"{path}: empty file, not a bill")
    if magic == ZIP_MAGIC:
        raise UsageError(f"{path}: a ZIP archive: unzip the CUR first (pl-cost reads CSV, gzip CSV and Parquet)")
    period_dir, version = _period_of(path)
    kind = "parquet" if magic == PARQUET_MAGIC else "csv"
    return BillFile(path, kind, magic[:2] == GZIP_MAGIC, size, period_dir, version)


def _period_of(path: Path) -> tuple[Path | None, str]:
    """The nearest `BILLING_PERIOD=YYYY-MM` or `YYYYMMDD-YYYYMMDD` folder above the file, and the folder below it."""
    parents = list(path.parents)
    for index, parent in enumerate(parents):
        if _PERIOD_DIR.match(parent.name):
            below = parents[index - 1].name if index > 0 else ""
            return parent, below
    return None, ""


def _one_version(files: list[BillFile]) -> list[BillFile]:
    """Files of periods delivered in several versions are narrowed to the manifest's, or refused."""
    by_period: dict[Path, list[BillFile]] = {}
    for item in files:
        if item.period_dir is not None:
            by_period.setdefault(item.period_dir, []).append(item)
    dropped: set[Path] = set()
    for period_dir, members in by_period.items():
        versions = sorted({m.version_dir for m in members})
        if len(versions) < 2:
            continue
        found = _manifest_files(period_dir)
        if found is None:
            raise UsageError(
                f"{period_dir}: {len(versions)} versions of this billing period"
                f" ({', '.join(v or '.' for v in versions)})"
                " and no manifest saying which is current; pass one version's folder"
            )
        manifest, current = found
        kept = [m for m in members if any(ref.endswith("/".join(m.path.parts[-2:])) for ref in current)]
        if not kept:
            raise UsageError(
                f"{period_dir}: its manifest {manifest.name} lists none of the {len(members)} data files of its"
                f" {len(versions)} versions ({', '.join(v or '.' for v in versions)}); pass one version's folder"
            )
        dropped.update(m.path for m in members if m not in kept)
    return sorted((f for f in files if f.path not in dropped), key=lambda f: str(f.path))


def _manifest_files(period_dir: Path) -> tuple[Path, list[str]] | None:
    """The period's newest manifest and the data files it lists: legacy `reportKeys`, or Data Exports `dataFiles`."""
    candidates = sorted(period_dir.glob("*Manifest.json"))
    export_root = period_dir.parent.parent
    metadata = export_root / "metadata" / period_dir.name
    if metadata.is_dir():
        candidates += sorted(metadata.rglob("*Manifest.json"))
    for manifest in sorted(candidates, key=_mtime, reverse=True):
        try:
            info = os.stat(manifest)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MANIFEST_BYTES:
                continue  # a FIFO would hang the read; a manifest is a few kilobytes
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            continue
        keys = data.get("reportKeys") or data.get("dataFiles") if isinstance(data, dict) else None
        if isinstance(keys, list) and keys:
            return manifest, [str(k) for k in keys]
    return None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
