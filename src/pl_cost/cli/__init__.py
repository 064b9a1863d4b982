"""The `pl-cost` command line: each module registers its commands on one app, imported only when needed.

typer inspects the signature of every registered command each time it runs, so a run of one command
imports only the module that defines it (`COMMAND_MODULES`); help and unknown names load them all.
"""

from __future__ import annotations

import sys
from importlib import import_module

from pl_cost.cli.app import app
from pl_cost.cli.app import main as run_app

#: Top-level command -> the module under pl_cost.cli that registers it (a test checks it against the app).
COMMAND_MODULES = {
    "compare": "compare",
    "breakeven": "compare",
    "prices": "compare",
    "regions": "compare",
    "connect": "connect",
    "hub": "connect",
    "recommend": "recommend",
    "init": "recommend",
    "schema": "recommend",
    "report": "report",
    "bill": "bill",
    "pricing": "pricing",
    "profile": "profile",
}

__all__ = ["COMMAND_MODULES", "app", "load_commands", "main"]


def load_commands(command: str | None = None) -> None:
    """Register `command`'s module on the app, or every module when `command` is not a known command."""
    module = COMMAND_MODULES.get(command or "")
    for name in [module] if module else sorted(set(COMMAND_MODULES.values())):
        import_module(f"pl_cost.cli.{name}")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: load the one command asked for, then run the app."""
    args = sys.argv[1:] if argv is None else list(argv)
    load_commands(args[0] if args else None)
    run_app(args)
