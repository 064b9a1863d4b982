"""Blocks several pages share: the prices used, line items with their sources, assumptions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from pl_cost.pages.text import (
    format_money,
    format_price,
    format_quantity,
    host,
    linkify,
    pricing_page,
    urls,
    when,
)
from pl_cost.pages.view import Cell, Link, Row, Section, Table, Text

MONEY_COLUMNS = frozenset({1, 2, 3, 6})


class LineItem(Protocol):
    """A priced charge as every result model carries it (pricing.LineItem, the many-VPC Charge)."""

    @property
    def name(self) -> str: ...
    @property
    def quantity(self) -> Decimal: ...
    @property
    def unit(self) -> str: ...
    @property
    def unit_price(self) -> Decimal: ...
    @property
    def monthly(self) -> Decimal: ...
    @property
    def rate(self) -> str | None: ...
    @property
    def tier(self) -> int | None: ...
    @property
    def usage_type(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def source_date(self) -> date | None: ...
    @property
    def verified(self) -> bool: ...
    @property
    def note(self) -> str | None: ...


def anchor(*parts: str) -> str:
    """An id made of letters, digits and dashes, from any text (a profile name included)."""
    text = "-".join(parts).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "part"


def prices_facts(prices: Any) -> list[tuple[str, Cell]]:
    """Which catalog priced the answer, its date, how old its rates are, and the overrides in force."""
    facts: list[tuple[str, Cell]] = [
        ("Region", f"{prices.region} ({prices.region_name})"),
        ("Price catalog", f"{prices.catalog}, snapshot {when(prices.snapshot_date)} ({prices.currency})"),
    ]
    oldest, newest = getattr(prices, "oldest_rate_date", None), getattr(prices, "newest_rate_date", None)
    if oldest is not None:
        facts.append(("Rates dated", when(oldest) if newest in (None, oldest) else f"{when(oldest)} to {when(newest)}"))
    overrides = list(getattr(prices, "overrides", []) or [])
    facts.append(("Overrides", "; ".join(overrides) if overrides else "none (list prices)"))
    return facts


class Sources:
    """Numbers each distinct source once per page part, so a line item links to where its price was read."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.entries: dict[tuple[str | None, str], int] = {}
        self.details: list[Text] = []

    def ref(self, item: LineItem) -> Text:
        """The line item's source: a link to the numbered entry below, and the AWS pricing page."""
        key = (item.rate, item.source)
        if key not in self.entries:
            self.entries[key] = len(self.entries) + 1
            self.details.append(self._detail(item))
        number = self.entries[key]
        parts: list[str | Link] = [Link(f"[{number}]", f"#{self.prefix}-sources-{number}")]
        page = pricing_page(item.rate)
        if page is not None:
            parts += [" ", Link("AWS pricing page", page)]
        else:
            found = urls(item.source)
            if found:
                parts += [" ", Link(host(found[0]), found[0])]
        return tuple(parts)

    @staticmethod
    def _detail(item: LineItem) -> Text:
        what = item.rate or "no rate (free)"
        if item.usage_type:
            what += f", usage type {item.usage_type}"
        dated = f", dated {when(item.source_date)}" if item.source_date is not None else ""
        checked = "; read in AWS's own published data" if item.verified else ""
        return (f"{what}{dated}{checked}: ", *linkify(item.source))

    def section(self, title: str = "Sources of the prices") -> Section:
        """The numbered source list the [n] links point at."""
        return Section(title=title, anchor=f"{self.prefix}-sources", bullets=tuple(self.details), numbered=True)


def rate_text(item: LineItem) -> str:
    """The rate a line item used: name, usage type and tier."""
    if item.rate is None:
        return "free"
    text = item.rate
    if item.tier is not None:
        text += f", tier {item.tier}"
    return text


def line_items_table(
    caption: str, items: Iterable[LineItem], subtotals: Sequence[tuple[str, Decimal]], sources: Sources
) -> Table:
    """Each charge with quantity, unit price, monthly amount, rate, source and date; then the subtotals.

    A charge that records who pays it (the many-VPC answers) names the payer after the charge.
    """
    rows = []
    for item in items:
        name = item.name + (f" ({item.note})" if item.note and len(item.note) <= 40 else "")
        payer, region = getattr(item, "payer", None), getattr(item, "region", None)
        if payer:
            name += f", paid by {payer}" + (f" in {region}" if region else "")
        rows.append(
            Row(
                (
                    name,
                    f"{format_quantity(item.quantity)} {item.unit}",
                    format_price(item.unit_price),
                    format_money(item.monthly),
                    rate_text(item),
                    sources.ref(item),
                    when(item.source_date),
                )
            )
        )
    for label, value in subtotals:
        rows.append(Row((label, "", "", format_money(value), "", "", ""), total=True))
    return Table(
        caption=caption,
        headers=("Charge", "Quantity", "Unit price", "Monthly", "Rate", "Source", "Dated"),
        rows=tuple(rows),
        numeric=MONEY_COLUMNS,
    )


def long_notes(items: Iterable[LineItem]) -> list[Text]:
    """Notes too long for a table cell, shown under the table."""
    seen: dict[str, None] = {}
    for item in items:
        if item.note and len(item.note) > 40:
            seen.setdefault(f"{item.name}: {item.note}", None)
    return [linkify(note) for note in seen]


def bullet_section(title: str, anchor_id: str, lines: Iterable[str]) -> Section:
    """A titled list of sentences, URLs made links."""
    return Section(title=title, anchor=anchor_id, bullets=tuple(linkify(line) for line in lines))
