"""Jupyter display for result models: HTML tables, records, and a pandas DataFrame when pandas is there."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from pydantic import BaseModel


class Displayable(BaseModel):
    """A result that shows itself as an HTML table in Jupyter and converts to rows."""

    def _repr_html_(self) -> str:
        # Bound late: the formats layer sits above the models, so it is looked up, not imported.
        return str(import_module("pl_cost.formats").render(self, "html"))

    def to_records(self) -> list[dict[str, Any]]:
        """The result's main table as a list of dicts (one per row), values exact."""
        return list(import_module("pl_cost.formats.records").records(self))

    def to_dataframe(self) -> Any:
        """The result's main table as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            from pl_cost.errors import DomainError

            raise DomainError("pandas is not installed: pip install pandas") from None
        return pd.DataFrame.from_records(self.to_records())
