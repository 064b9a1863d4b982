"""Renderers: one result model, many formats. With the evidence report, the only code that uses tabulate."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any, Literal

from pydantic import BaseModel

from pl_cost.formats.common import FORMATS, Format

__all__ = ["FORMATS", "Format", "render"]

#: Result model name -> (module, function); a module loads only when its report is shown.
RENDERERS = {
    "Comparison": ("pl_cost.formats.compare", "comparison"),
    "BreakEvenReport": ("pl_cost.formats.compare", "break_even_report"),
    "PriceSheet": ("pl_cost.formats.prices", "price_sheet"),
    "RegionList": ("pl_cost.formats.prices", "region_list"),
    "Plan": ("pl_cost.formats.plan", "render_plan"),
    "RefreshReport": ("pl_cost.formats.refresh", "render_refresh"),
    "PlanSet": ("pl_cost.formats.plan", "render_plan"),
    # Result models of the layers above (looked up by name when shown, never imported here).
    "ConnectReport": ("pl_cost.multivpc.render", "blocks"),
    "HubReport": ("pl_cost.multivpc.render", "blocks"),
    "OrganisationPlan": ("pl_cost.multivpc.render", "blocks"),
    "BillReport": ("pl_cost.bill.render", "render_bill"),
    "BillComparison": ("pl_cost.bill.render", "render_comparison"),
}


def render(result: BaseModel, fmt: Format | Literal["html"]) -> str:
    """Render a result model (Comparison, BreakEvenReport, PriceSheet, RegionList, Plan) in one of FORMATS, or html
    (the Jupyter fragment; `pl_cost.pages` writes whole pages)."""
    from pl_cost.errors import UsageError

    if fmt not in (*FORMATS, "html"):
        raise UsageError(f"format: unknown format {fmt!r}; allowed: {', '.join(FORMATS)}, html", allowed=FORMATS)
    if type(result).__name__ not in RENDERERS:
        raise UsageError(f"render: no renderer for {type(result).__name__}; renders {', '.join(RENDERERS)}")
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        return _html(_renderer(result)(result, "html"))
    return _renderer(result)(result, fmt)


def _renderer(result: BaseModel) -> Callable[[Any, str], str]:
    module, function = RENDERERS[type(result).__name__]
    renderer: Callable[[Any, str], str] = getattr(import_module(module), function)
    return renderer


def _html(text: str) -> str:
    """Tables are already HTML (tabulate); every other block becomes an escaped paragraph."""
    from html import escape

    blocks = []
    for block in text.strip().split("\n\n"):
        if block.lstrip().startswith("<table"):
            blocks.append(block)
        else:
            blocks.append("<p>" + "<br>".join(escape(line) for line in block.splitlines()) + "</p>")
    return "<div class='pl-cost'>" + "\n".join(blocks) + "</div>"
