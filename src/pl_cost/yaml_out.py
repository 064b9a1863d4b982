"""YAML for the profile files pl-cost writes (from flow logs, from the bill): one dumper, so both read alike.

Decimals are written as plain numbers (exact, never 1E+1), pydantic models as mappings, keys in the order
given, and no anchors or aliases, so `pl-cost recommend` and people read the same figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from pydantic import BaseModel

from pl_cost.money import plain


class ProfileDumper(yaml.SafeDumper):
    """Safe YAML that writes Decimals as plain numbers, models as mappings, and never uses anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = plain(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _model(dumper: yaml.SafeDumper, value: BaseModel) -> yaml.Node:
    return dumper.represent_dict(value.model_dump(mode="python"))


ProfileDumper.add_representer(Decimal, _decimal)
ProfileDumper.add_multi_representer(BaseModel, _model)


def dump(data: Any) -> str:
    """YAML in the order given (a model becomes a mapping), lines up to 120 characters."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="python")
    return yaml.dump(data, Dumper=ProfileDumper, sort_keys=False, allow_unicode=True, width=120)
