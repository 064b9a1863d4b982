"""Renderers: one result model, many formats. Only this package (and the recommender's) uses tabulate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from pl_cost.render.common import FORMATS, Format

__all__ = ["FORMATS", "Format", "render"]


def render(result: BaseModel, fmt: Format) -> str:
    """Render a result model (Comparison, BreakEvenReport, PriceSheet, RegionList) in one of FORMATS."""
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    from pl_cost.render import compare, prices

    renderers: dict[str, Callable[[Any, Format], str]] = {
        "Comparison": compare.comparison,
        "BreakEvenReport": compare.break_even_report,
        "PriceSheet": prices.price_sheet,
        "RegionList": prices.region_list,
    }
    return renderers[type(result).__name__](result, fmt)
