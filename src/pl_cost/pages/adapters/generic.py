"""Any result model as page content, field by field: new fields show up before an adapter names them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from pl_cost.pages.adapters.common import anchor
from pl_cost.pages.text import format_money, format_price, format_quantity, linkify
from pl_cost.pages.view import Cell, Page, Row, Section, Table

#: A column: its header and how a row object becomes the cell.
Column = tuple[str, Callable[[Any], Cell]]


def title_of(name: str) -> str:
    """A field name as a heading: gb_per_month -> Gb per month."""
    return name.replace("_", " ").strip().capitalize()


def scalar(name: str, value: Any) -> Cell:
    """One value for display, by what its field name says it holds (money, a price, a quantity)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if is_money(name):
            return format_money(value)
        if name.endswith("price") or name.endswith("_rate"):
            return format_price(value)
        return format_quantity(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return linkify(value) if "://" in value else value
    if isinstance(value, Mapping) and all(is_scalar(v) for v in value.values()):
        return ", ".join(f"{k} {scalar(name, v)}" for k, v in value.items()) or "-"
    if isinstance(value, (list, tuple)) and all(not isinstance(v, (BaseModel, Mapping)) for v in value):
        return ", ".join(str(scalar(name, v)) for v in value) or "-"
    return str(value)


#: Field names that hold an amount of money (not a unit price): shown rounded to the cent.
MONEY_WORDS = ("monthly", "_usd", "cost", "credits", "discounts", "cost_list", "cost_unblended")


def is_money(name: str) -> bool:
    """True when a field's name says it holds money: savings_monthly, net_cost, nat_credits."""
    return name.endswith(MONEY_WORDS)


def fields_of(value: Any) -> dict[str, Any]:
    """A model's or mapping's fields in order."""
    if isinstance(value, BaseModel):
        return {name: getattr(value, name) for name in type(value).model_fields}
    if isinstance(value, Mapping):
        return dict(value)
    return {}


def is_scalar(value: Any) -> bool:
    """True for what fits in one cell."""
    if isinstance(value, (BaseModel, Mapping)):
        return False
    if isinstance(value, (list, tuple)):
        return all(not isinstance(v, (BaseModel, Mapping)) for v in value)
    return True


def model_table(
    caption: str,
    rows: Sequence[Any],
    columns: Sequence[Column],
    known: Iterable[str] = (),
    numeric: Iterable[int] = (),
) -> Table:
    """A table of models with the named columns, then a column for each scalar field no column names."""
    taken = set(known)
    extra: list[str] = []
    for row in rows:
        for name, value in fields_of(row).items():
            if name not in taken and name not in extra and is_scalar(value):
                extra.append(name)
    all_columns: list[Column] = [
        *columns,
        *((title_of(name), (lambda row, n=name: scalar(n, fields_of(row).get(n)))) for name in extra),
    ]
    return Table(
        caption=caption,
        headers=tuple(header for header, _ in all_columns),
        rows=tuple(Row(tuple(get(row) for _, get in all_columns)) for row in rows),
        numeric=frozenset(numeric),
    )


def leftovers(result: Any, used: Iterable[str], prefix: str, title: str = "Other details") -> list[Section]:
    """A section for the fields an adapter did not show, so nothing in the JSON is missing from the page."""
    skip = {*used, "schema_name", "schema_version"}
    rest = {name: value for name, value in fields_of(result).items() if name not in skip}
    rest = {name: value for name, value in rest.items() if value not in (None, [], {}, ())}
    if not rest:
        return []
    return [describe(title, rest, anchor(prefix, "details"))]


def describe(title: str, value: Any, anchor_id: str) -> Section:
    """Any value as a section: scalars as facts, lists of models as tables, nested models as subsections."""
    facts: list[tuple[str, Cell]] = []
    tables: list[Table] = []
    subsections: list[Section] = []
    for name, item in fields_of(value).items():
        if is_scalar(item):
            facts.append((title_of(name), scalar(name, item)))
        elif isinstance(item, (list, tuple)):
            models = [v for v in item if isinstance(v, (BaseModel, Mapping))]
            tables.append(model_table(title_of(name), models, []))
        else:
            subsections.append(describe(title_of(name), item, anchor(anchor_id, name)))
    return Section(
        title=title, anchor=anchor_id, facts=tuple(facts), tables=tuple(tables), subsections=tuple(subsections)
    )


def generic_page(result: Any, context: Any) -> Page:
    """A page for a result model no adapter knows yet: every field, nothing computed."""
    name = type(result).__name__
    schema = str(getattr(result, "schema_name", name))
    section = describe("The result", result, "result")
    return Page(
        title=f"pl-cost: {schema}",
        question=f"What does pl-cost's {schema} answer hold?",
        verdict=("Every field of the result, as in the JSON output.",),
        facts=(),
        sections=(section,),
        schema=f"{schema} v{getattr(result, 'schema_version', '-')}",
    )
