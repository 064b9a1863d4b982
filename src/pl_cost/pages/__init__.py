"""Shareable pages: one self-contained HTML file per answer, from the same result model as the JSON output.

`html_page(result)` renders any result; `report(profiles)` plans several profiles onto one page. Both
need the optional `report` extra (Jinja2 and matplotlib) and fail in one line without it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any

from pl_cost.pages.render import EXTRA_HINT, require_extra

if TYPE_CHECKING:
    from pl_cost.catalog import Catalog

__all__ = ["EXTRA_HINT", "html_page", "report"]


def html_page(result: Any, *, curves: Any = None, catalog: Catalog | None = None, code: bool = True) -> str:
    """One self-contained HTML page for a result model (compare, breakeven, prices, regions, plans, profiles).

    `curves` (a `CostCurves`) or `catalog` lets a comparison's chart be drawn without rebuilding the
    catalog from what the result records; `code=False` leaves the code to deploy off plan pages.
    """
    require_extra()
    from pl_cost.pages.adapters import adapter_for
    from pl_cost.pages.context import Context
    from pl_cost.pages.render import render_page

    return render_page(adapter_for(result)(result, Context(curves=curves, catalog=catalog, code=code)))


def report(
    profiles: Sequence[str | PathLike[str] | Mapping[str, Any]] | str | PathLike[str],
    *,
    catalog: Catalog | None = None,
    code: bool = True,
) -> str:
    """One page for several workload profiles: every VPC's savings in a summary table, then each plan (one
    profile: its plan's page).

    An organisation profile (a file or mapping with `vpcs`) gives the organisation plan's page instead:
    its VPCs' savings, the hubs, where each endpoint lives, then each VPC's plan.
    """
    require_extra()
    from pl_cost.errors import UsageError
    from pl_cost.recommend import recommend, summarize

    items = [profiles] if isinstance(profiles, (str, PathLike)) else list(profiles)
    if not items:
        raise UsageError("profiles: give at least one profile")
    organisations = [item for item in items if _is_organisation(item)]
    if organisations:
        if len(items) != 1:
            raise UsageError("profiles: an organisation profile names its VPCs itself; give it alone")
        from pl_cost.multivpc.organisation import plan_organisation

        return html_page(plan_organisation(organisations[0], catalog), catalog=catalog, code=code)
    plans = [recommend(item, catalog) for item in items]
    # One profile is one plan: the same page as `recommend --format html`, without a one-row summary.
    return html_page(plans[0] if len(plans) == 1 else summarize(plans), catalog=catalog, code=code)


def _is_organisation(item: str | PathLike[str] | Mapping[str, Any]) -> bool:
    from pl_cost.multivpc.organisation_profile import is_organisation_file, is_organisation_profile

    if isinstance(item, Mapping):
        return is_organisation_profile(item)
    return is_organisation_file(item)
