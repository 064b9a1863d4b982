"""Renderers: one result model, many formats. Only this package (and the recommender's) uses tabulate."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from pydantic import BaseModel

from pl_cost.render.common import FORMATS, Format

__all__ = ["FORMATS", "Format", "render"]

#: Result model name -> (module in this package, function); modules load only when their report is shown.
RENDERERS = {
    "Comparison": ("compare", "comparison"),
    "BreakEvenReport": ("compare", "break_even_report"),
    "PriceSheet": ("prices", "price_sheet"),
    "RegionList": ("prices", "region_list"),
}


def render(result: BaseModel, fmt: Format) -> str:
    """Render a result model (Comparison, BreakEvenReport, PriceSheet, RegionList) in one of FORMATS."""
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    module, function = RENDERERS[type(result).__name__]
    renderer: Callable[[Any, Format], str] = getattr(import_module(f"pl_cost.render.{module}"), function)
    return renderer(result, fmt)
