"""`pl-cost recommend`, `init`, `schema`: workload profiles to endpoint plans (pl_cost.recommend)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pl_cost.cli.app import CatalogOpt, DiscountOpt, PriceOpt, app, catalog_from_options
from pl_cost.errors import DomainError, UsageError


@app.command()
def recommend(
    profiles: Annotated[list[str], typer.Argument(help="Profile files (YAML, JSON or TOML).", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or markdown.")] = "table",
    emit: Annotated[
        str | None, typer.Option("--emit", help="Print code instead: terraform, cloudformation or aws-cli.")
    ] = None,
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
) -> None:
    """Endpoint plan for each profile (pl_cost.recommend): endpoints, NAT action, savings, reasons."""
    from pl_cost.formats.plan import PLAN_FORMATS, render_plan
    from pl_cost.iac import EMITS
    from pl_cost.iac import emit as emit_code
    from pl_cost.recommend import recommend as run
    from pl_cost.recommend import summarize

    if fmt not in PLAN_FORMATS:
        raise UsageError(f"--format: unknown format {fmt!r}; allowed: {', '.join(PLAN_FORMATS)}")
    if emit is not None and emit not in EMITS:
        raise UsageError(f"--emit: unknown output {emit!r}; allowed: {', '.join(EMITS)}")
    if emit is not None and len(profiles) != 1:
        raise UsageError("--emit: give exactly one profile (each plan's code is a separate stack)")
    prices = catalog_from_options(catalog, price, discount)
    plans = [run(Path(p), prices) for p in profiles]
    if emit is not None:
        sys.stdout.write(emit_code(plans[0], emit))
        return
    result = plans[0] if len(plans) == 1 else summarize(plans)
    sys.stdout.write(render_plan(result, fmt))


@app.command()
def init(
    path: Annotated[str, typer.Argument(help="Where to write the example profile ('-' for stdout).")] = "profile.yaml",
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
) -> None:
    """Write a commented example profile to start from (pl_cost.recommend.example)."""
    from pl_cost.recommend.example import EXAMPLE_PROFILE

    if path == "-":
        sys.stdout.write(EXAMPLE_PROFILE)
        return
    target = Path(path)
    if target.exists() and not force:
        raise DomainError(f"{path}: already exists; pass --force to overwrite it")
    try:
        target.write_text(EXAMPLE_PROFILE, encoding="utf-8")
    except OSError as exc:
        raise DomainError(f"{path}: cannot write: {exc.strerror or exc}") from None
    sys.stderr.write(f"pl-cost: wrote {path}; next: pl-cost recommend {path}\n")


@app.command()
def schema() -> None:
    """Print the profile's JSON Schema (pl_cost.recommend.profile_schema), for editor validation."""
    from pl_cost.recommend import profile_schema

    sys.stdout.write(json.dumps(profile_schema(), indent=2) + "\n")
