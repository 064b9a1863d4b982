"""pl-cost: should this VPC reach AWS services through its NAT gateway or through VPC endpoints?"""

from pl_cost.api import BreakEvenReport, Comparison, break_even, compare
from pl_cost.catalog import Catalog, apply_overrides, load_catalog

__version__ = "0.1.0"

__all__ = [
    "BreakEvenReport",
    "Catalog",
    "Comparison",
    "__version__",
    "apply_overrides",
    "break_even",
    "compare",
    "load_catalog",
]
