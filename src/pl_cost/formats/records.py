"""Each result's main table as plain rows: for notebooks, pandas, and anything that wants dicts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel


def records(result: BaseModel) -> Iterator[dict[str, Any]]:
    """Rows of the result's main table: line items, break-evens, rates or regions."""
    kind = type(result).__name__
    if kind == "Comparison":
        for path in (result.nat_path, result.endpoint_path):  # type: ignore[attr-defined]
            for item in path.line_items:
                yield item.model_dump()
    elif kind == "BreakEvenReport":
        for row in result.rows:  # type: ignore[attr-defined]
            for even in (row.nat_stays, row.nat_goes):
                yield {"azs": row.azs, **even.model_dump()}
    elif kind == "PriceSheet":
        for name, rate in result.rates.items():  # type: ignore[attr-defined]
            yield {"rate": name, **rate.model_dump()}
    elif kind == "RegionList":
        for region in result.regions:  # type: ignore[attr-defined]
            yield region.model_dump()
    else:
        yield result.model_dump()
