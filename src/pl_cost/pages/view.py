"""What a page shows, as display strings only: adapters fill it from a result model, templates lay it out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A link: a source URL, or an anchor within the page."""

    text: str
    href: str


#: Running text: plain strings and links, in order.
Text = tuple[str | Link, ...]
#: What a table cell holds: a string, a link, or running text.
Cell = str | Link | Text


@dataclass(frozen=True)
class Row:
    """One table row; `total` rows are set apart, a `header` cell starts the row."""

    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a caption and column headers; `numeric` columns align right."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart with its caption and a text alternative that states what it shows."""

    svg: str
    caption: str
    alt: str


@dataclass(frozen=True)
class Code:
    """Code to deploy, shown collapsed."""

    title: str
    language: str
    text: str


@dataclass(frozen=True)
class Section:
    """A heading and what sits under it, in this order: paragraphs, facts, tables, charts, bullets, code."""

    title: str
    anchor: str
    paragraphs: tuple[Text, ...] = ()
    facts: tuple[tuple[str, Cell], ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    bullets: tuple[Text, ...] = ()
    numbered: bool = False
    code: tuple[Code, ...] = ()
    subsections: tuple[Section, ...] = ()
    collapsed: bool = False


@dataclass(frozen=True)
class Page:
    """One self-contained page: the question, the verdict in a sentence, the facts, then the sections."""

    title: str
    question: str
    verdict: Text
    facts: tuple[tuple[str, Cell], ...]
    sections: tuple[Section, ...]
    schema: str
    notes: tuple[Text, ...] = field(default=())
