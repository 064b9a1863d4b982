"""The `pl-cost` command line: each module registers its commands on one app."""

from pl_cost.cli import bill as _bill  # noqa: F401  (registers commands)
from pl_cost.cli import compare as _compare  # noqa: F401
from pl_cost.cli import connect as _connect  # noqa: F401
from pl_cost.cli import pricing as _pricing  # noqa: F401
from pl_cost.cli import profile as _profile  # noqa: F401
from pl_cost.cli import recommend as _recommend  # noqa: F401
from pl_cost.cli import report as _report  # noqa: F401
from pl_cost.cli.app import app, main

__all__ = ["app", "main"]
