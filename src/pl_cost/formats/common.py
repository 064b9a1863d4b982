"""Pieces every renderer shares: grids, CSV, and how amounts and break-evens read."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, Protocol, cast

from tabulate import tabulate

from pl_cost.engine import Outcome, bands_text, cheaper_bands
from pl_cost.money import format_quantity


class Charged(Protocol):
    """A line item of any answer: its kind (fixed or usage) and its monthly amount."""

    @property
    def kind(self) -> str: ...

    @property
    def monthly(self) -> Decimal: ...


Format = Literal["table", "json", "csv", "markdown", "html"]
#: The formats a command's --format takes; "html" is for Jupyter (`_repr_html_`).
FORMATS: tuple[Format, ...] = ("table", "json", "csv", "markdown")


def grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    fmt: Format,
    align: Sequence[str],
    widths: int | Sequence[int | None] | None = None,
) -> str:
    """A plain-text table (columns wrapped at `widths`, or the first at an int) or a Markdown pipe table.

    Only text columns should get a width: tabulate's wrapper parses numeric-looking cells even with
    numparse off.
    """
    style = {"markdown": "github", "html": "html"}.get(fmt, "simple")
    if isinstance(widths, int):
        widths = [widths] + [None] * (len(headers) - 1)
    wrap_at = list(widths) if widths and fmt == "table" else None
    return str(tabulate(rows, headers=headers, tablefmt=style, colalign=align, disable_numparse=True,
                        maxcolwidths=wrap_at))  # fmt: skip


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """CSV with a header row and Unix line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


def catalog_line(catalog: str, snapshot_date: object, currency: str, overrides: Sequence[str]) -> str:
    """Which prices an answer used: catalog, its date, and any overrides in force."""
    text = f"Prices: {catalog} catalog, snapshot {snapshot_date} ({currency})"
    if overrides:
        text += "; overrides: " + ", ".join(overrides)
    return text


def rates_line(prices: Any) -> str:
    """The catalog line, then how old the rates this answer used are (a snapshot can hold old figures)."""
    text = catalog_line(prices.catalog, prices.snapshot_date, prices.currency, prices.overrides)
    if prices.oldest_rate_date is None:
        return text
    span = str(prices.oldest_rate_date)
    if prices.newest_rate_date != prices.oldest_rate_date:
        span += f" to {prices.newest_rate_date}"
    return f"{text}\nRates dated {span} (sources: pl-cost prices)"


def wrap(text: str, fmt: Format, width: int = 80) -> list[str]:
    """A prose line as table output shows it: wrapped at 80 columns (Markdown keeps it whole)."""
    if fmt != "table":
        return [text]
    import textwrap

    return textwrap.wrap(text, width=width, subsequent_indent="  ", break_on_hyphens=False) or [""]


def gb_text(value: Decimal | None) -> str:
    """A volume for display: 417.14 GB."""
    return "-" if value is None else f"{format_quantity(value)} GB"


def verdict_tail(outcome: str, point: Decimal | None, crossings: Sequence[Decimal] = ()) -> str:
    """The break-even in a verdict: (break-even 417.14 GB), (cheaper at any volume)."""
    if outcome == "always":
        return "(cheaper at any volume)"
    if outcome == "never":
        return "(never cheaper)"
    if outcome == "between":
        return f"(cheaper only {break_even_text(outcome, point, crossings)})"
    if len(crossings) > 1:
        return f"(cheaper {break_even_text(outcome, point, crossings)})"
    return f"(break-even {gb_text(point)})"


def break_even_text(outcome: str, point: Decimal | None, crossings: Sequence[Decimal] = ()) -> str:
    """A break-even outcome for display: above 417.14 GB, any volume, never."""
    if outcome == "always":
        return "any volume"
    if outcome == "never":
        return "never"
    if outcome == "between" or len(crossings) > 1:
        return bands_text(cheaper_bands(cast(Outcome, outcome), crossings))
    return ("above " if outcome == "above" else "below ") + gb_text(point)


def shown_totals(items: Sequence[Charged], total: Decimal) -> list[tuple[str, Decimal]]:
    """The rows under a table of line items, as a reader can add them up: each subtotal is the sum of its
    lines as shown (to the cent), a rounding row makes up any cent the exact total differs by, then the total."""
    from pl_cost.money import round_money

    fixed = sum((round_money(i.monthly) for i in items if i.kind == "fixed"), Decimal(0))
    usage = sum((round_money(i.monthly) for i in items if i.kind == "usage"), Decimal(0))
    rows = [("Subtotal, fixed", fixed), ("Subtotal, usage", usage)]
    difference = round_money(total) - fixed - usage
    if difference:
        rows.append((rounding_label(), difference))
    return [*rows, ("Total", total)]


def rounding_label() -> str:
    """The name of the row that reconciles rounded lines with the exact total."""
    return "Rounding to the cent"
