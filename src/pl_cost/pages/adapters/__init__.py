"""Which adapter turns which result model into a page: a new model gets a page with one line here."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from pl_cost.pages.view import Page

#: Result model class name -> (module, function). A module loads only when its page is made.
ADAPTERS: dict[str, tuple[str, str]] = {
    "Comparison": ("pl_cost.pages.adapters.compare", "comparison"),
    "BreakEvenReport": ("pl_cost.pages.adapters.compare", "break_even_report"),
    "PriceSheet": ("pl_cost.pages.adapters.listing", "price_sheet"),
    "RegionList": ("pl_cost.pages.adapters.listing", "region_list"),
    "Plan": ("pl_cost.pages.adapters.plan", "plan_page"),
    "PlanSet": ("pl_cost.pages.adapters.plan_set", "plan_set_page"),
    "EvidenceProfile": ("pl_cost.pages.adapters.evidence", "evidence_page"),
    "ConnectReport": ("pl_cost.pages.adapters.multivpc", "connect_page"),
    "HubReport": ("pl_cost.pages.adapters.multivpc", "hub_page"),
    "OrganisationPlan": ("pl_cost.pages.adapters.multivpc", "organisation_page"),
    "BillReport": ("pl_cost.pages.adapters.bill", "bill_page"),
}


def adapter_for(result: Any) -> Callable[[Any, Any], Page]:
    """The adapter for a result's model (or a base class of it); the generic page when none is known."""
    for cls in type(result).__mro__:
        if cls.__name__ in ADAPTERS:
            module, function = ADAPTERS[cls.__name__]
            adapter: Callable[[Any, Any], Page] = getattr(import_module(module), function)
            return adapter
    from pl_cost.pages.adapters.generic import generic_page

    return generic_page
