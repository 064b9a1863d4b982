"""Which kind of bill a file is, told by its column names, and the one-line error when it is none of them."""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from pl_cost.bill.columns import CUR2, CUR2_ONLY, FOCUS, LEGACY_CSV, LEGACY_SNAKE, Layout, missing, pick
from pl_cost.bill.files import BillFile
from pl_cost.errors import UsageError

#: The largest header line read from a CSV (legacy CUR has a few hundred columns).
MAX_HEADER_BYTES = 1 << 20


@dataclass(frozen=True)
class Detected:
    """A file's kind of bill, its label as shown to the user, and where each canonical column comes from."""

    layout: Layout
    label: str
    columns: dict[str, tuple[str, ...]]
    names: tuple[str, ...]


def detect(names: Sequence[str], where: str) -> Detected:
    """The kind of bill with these columns; a UsageError naming what is missing otherwise."""
    present = {name.lower(): name for name in names}
    layout: Layout
    if any(name.startswith("lineitem/") for name in present):
        layout = LEGACY_CSV
    elif "line_item_usage_type" in present or "line_item_line_item_type" in present:
        layout = CUR2 if any(c in present for c in CUR2_ONLY) else LEGACY_SNAKE
    elif "chargecategory" in present or "billedcost" in present:
        layout = FOCUS
    else:
        raise UsageError(
            f"{where}: not an AWS Cost and Usage Report or FOCUS export: it has none of the columns"
            " line_item_usage_type (CUR 2.0), lineItem/UsageType (legacy CUR) or ChargeCategory and BilledCost (FOCUS)"
        )
    chosen = pick(layout, present)
    lacking = missing(layout, chosen)
    if layout is FOCUS and not chosen["usage_type"] and not chosen["description"]:
        lacking.append("x_UsageType, SkuMeter or ChargeDescription")
    label = _label(layout, chosen)
    if lacking:
        raise UsageError(f"{where}: {label} without the column(s) {'; '.join(lacking)}")
    return Detected(layout, label, chosen, tuple(names))


def _label(layout: Layout, chosen: dict[str, tuple[str, ...]]) -> str:
    if layout is not FOCUS:
        return layout.label
    usage = next(iter(chosen.get("usage_type") or ()), "").lower()
    if usage == "x_usagetype":
        return "FOCUS 1.0 with AWS columns (usage type in x_UsageType)"
    if usage == "skumeter":
        return "FOCUS 1.1+ (usage type in SkuMeter)"
    return "FOCUS without AWS usage types (NAT rows recognised by ChargeDescription)"


def csv_header(item: BillFile) -> tuple[str, ...]:
    """The header row of a CSV or gzip CSV file, read without loading the file."""
    try:
        with item.path.open("rb") as raw:
            stream = gzip.GzipFile(fileobj=raw) if item.gzipped else raw
            first = stream.readline(MAX_HEADER_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        raise UsageError(f"{item.path}: unreadable {'gzip' if item.gzipped else 'file'}: {exc}") from None
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{item.path}: not a CSV bill (binary content, not UTF-8)") from None
    row = next(csv.reader(io.StringIO(text)), [])
    names = tuple(name.strip() for name in row)
    if len(names) < 2:
        raise UsageError(f"{item.path}: not a CSV bill (its first line is not a header of columns)")
    return names
