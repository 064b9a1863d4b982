"""Recommender: a workload profile becomes an endpoint plan, with reasons, bundles and the NAT action."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from os import PathLike
from types import ModuleType
from typing import Any

from pl_cost.catalog import Catalog
from pl_cost.errors import MissingRateError, UnknownRegionError
from pl_cost.recommend.load import Located, load_profile, read_profile, validate_profile
from pl_cost.recommend.profile import Profile, profile_schema
from pl_cost.recommend.results import Plan, PlanSet, summarize

__all__ = ["Plan", "PlanSet", "Profile", "load_profile", "profile_schema", "recommend", "summarize"]


def recommend(profile: Profile | Mapping[str, Any] | str | PathLike[str], catalog: Catalog | None = None) -> Plan:
    """The cheapest endpoint plan for a profile (a `Profile`, a mapping, or a profile file path)."""
    from pl_cost.api import check_catalog
    from pl_cost.recommend.assemble import build_plan

    located = _locate(profile)
    catalog = check_catalog(catalog)
    try:
        return build_plan(located.profile, catalog, located.name)
    except UnknownRegionError as exc:
        raise UnknownRegionError(located.where("region") + str(exc)) from None
    except MissingRateError as exc:
        raise MissingRateError(located.where("region") + str(exc)) from None


def _locate(profile: Profile | Mapping[str, Any] | str | PathLike[str]) -> Located:
    if isinstance(profile, (str, PathLike)):
        return read_profile(profile)
    return validate_profile(profile)


class _RecommendModule(ModuleType):
    """`pl_cost.recommend` is both this package and the public function: importing the package makes Python
    bind the name `recommend` on `pl_cost` to the package, so the package itself answers calls."""

    def __call__(
        self, profile: Profile | Mapping[str, Any] | str | PathLike[str], catalog: Catalog | None = None
    ) -> Plan:
        return recommend(profile, catalog)


sys.modules[__name__].__class__ = _RecommendModule
