"""pl-cost: should this VPC reach AWS services through its NAT gateway or through VPC endpoints?

The public API is `compare`, `break_even`, `load_catalog` and `apply_overrides`, each returning a
pydantic model, and `render` for table, JSON, CSV or Markdown. They load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pl_cost.api import BreakEvenReport as BreakEvenReport
    from pl_cost.api import Comparison as Comparison
    from pl_cost.api import CostCurves as CostCurves
    from pl_cost.api import break_even as break_even
    from pl_cost.api import compare as compare
    from pl_cost.api import cost_curves as cost_curves
    from pl_cost.bill import bill as bill
    from pl_cost.bill import compare_bills as compare_bills
    from pl_cost.catalog import Catalog as Catalog
    from pl_cost.catalog import apply_overrides as apply_overrides
    from pl_cost.catalog import load_catalog as load_catalog
    from pl_cost.formats import render as render
    from pl_cost.formats.plot import plot_break_evens as plot_break_evens
    from pl_cost.formats.plot import plot_cost_curves as plot_cost_curves
    from pl_cost.iac import emit as emit_iac  # noqa: F401  (public, loaded lazily)
    from pl_cost.listing import prices as prices
    from pl_cost.listing import regions as regions
    from pl_cost.multivpc.connect import connect as connect
    from pl_cost.multivpc.hub import hub as hub
    from pl_cost.pages import html_page as html_page
    from pl_cost.pages import report as report
    from pl_cost.pricelist import refresh_catalog as refresh_catalog
    from pl_cost.recommend import recommend as recommend

_LAZY = {
    "compare": "pl_cost.api",
    "break_even": "pl_cost.api",
    "load_catalog": "pl_cost.catalog",
    "apply_overrides": "pl_cost.catalog",
    "Comparison": "pl_cost.api",
    "BreakEvenReport": "pl_cost.api",
    "Catalog": "pl_cost.catalog",
    "render": "pl_cost.formats",
    "recommend": "pl_cost.recommend",
    "bill": "pl_cost.bill",
    "compare_bills": "pl_cost.bill",
    "emit_iac": "pl_cost.iac:emit",
    "refresh_catalog": "pl_cost.pricelist",
    "cost_curves": "pl_cost.api",
    "CostCurves": "pl_cost.api",
    "plot_cost_curves": "pl_cost.formats.plot",
    "plot_break_evens": "pl_cost.formats.plot",
    "prices": "pl_cost.listing",
    "regions": "pl_cost.listing",
    "connect": "pl_cost.multivpc.connect",
    "hub": "pl_cost.multivpc.hub",
    "html_page": "pl_cost.pages",
    "report": "pl_cost.pages",
}

__all__ = [*sorted(_LAZY), "__version__"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, _, attribute = _LAZY[name].partition(":")
        return getattr(import_module(module), attribute or name)
    raise AttributeError(f"module 'pl_cost' has no attribute {name!r}")
