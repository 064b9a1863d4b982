"""`pl-cost recommend`, `init`, `schema`: workload profiles to endpoint plans (pl_cost.recommend)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pl_cost.cli.app import (
    CatalogOpt,
    DiscountOpt,
    FormatOpt,
    OutputOpt,
    PriceOpt,
    app,
    catalog_from_options,
    no_format_with_emit,
    output_format,
    output_target,
    write_text,
)
from pl_cost.cli.app import emit as send
from pl_cost.errors import DomainError, UsageError


@app.command()
def recommend(
    ctx: typer.Context,
    profiles: Annotated[
        list[str], typer.Argument(metavar="PROFILE...", help="Profile files (YAML, JSON or TOML).", show_default=False)
    ],
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    emit: Annotated[
        str | None,
        typer.Option(
            "--emit", metavar="[terraform|cloudformation|aws-cli]", help="Print the code that creates the endpoints."
        ),
    ] = None,
    catalog: CatalogOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
) -> None:
    """Endpoint plan for each profile (pl_cost.recommend): endpoints, NAT action, savings, reasons.

    \b
    An organisation profile (a top-level `vpcs:` list of VPCs and their profiles) gets one plan for the
    organisation: which endpoints go in a hub VPC, which stay local, which VPCs keep a NAT
    (pl_cost.multivpc.organisation.plan_organisation).

    \b
    Examples:
      pl-cost recommend profile.yaml
      pl-cost recommend profile.yaml --emit terraform -o endpoints.tf
      pl-cost recommend vpc-a.yaml vpc-b.yaml --format csv
      pl-cost recommend organisation.yaml --emit terraform
    """
    from pl_cost.iac import EMITS
    from pl_cost.iac import emit as emit_code
    from pl_cost.multivpc.organisation_profile import is_organisation_file
    from pl_cost.recommend import recommend as run
    from pl_cost.recommend import summarize

    fmt = output_format(fmt)
    output = output_target(output)
    if emit is not None and emit not in EMITS:
        raise UsageError(f"--emit: unknown output {emit!r}; allowed: {', '.join(EMITS)}")
    no_format_with_emit(ctx, emit)
    if emit is not None and len(profiles) != 1:
        raise UsageError("--emit: give exactly one profile (each plan's code is a separate stack)")
    prices = catalog_from_options(catalog, price, discount)
    if any(is_organisation_file(p) for p in profiles):
        _organisation(profiles, fmt, output, emit, prices)
        return
    plans = [run(Path(p), prices) for p in profiles]
    if emit is not None:
        write_text(emit_code(plans[0], emit), output)
        return
    send(plans[0] if len(plans) == 1 else summarize(plans), fmt, output)


def _organisation(profiles: list[str], fmt: str, output: str | None, emit: str | None, prices: object) -> None:
    """An organisation profile (a top-level `vpcs:` list): one plan for every VPC, the hub decided per region."""
    from pl_cost.multivpc.organisation import plan_organisation
    from pl_cost.multivpc.terraform import terraform_for_organisation

    if len(profiles) != 1:
        raise UsageError("profiles: give an organisation profile on its own (it lists its VPCs' profiles itself)")
    plan = plan_organisation(profiles[0], prices)  # type: ignore[arg-type]
    if emit is not None:
        if emit != "terraform":
            raise UsageError(f"--emit: an organisation plan emits terraform (the hub), not {emit!r}")
        write_text(terraform_for_organisation(plan), output)
        return
    send(plan, fmt, output)


@app.command()
def init(
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="Where to write the example profile ('-' for stdout).")
    ] = "profile.yaml",
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
) -> None:
    """Write a commented example profile to start from (pl_cost.recommend.example).

    \b
    Example:
      pl-cost init profile.yaml && pl-cost recommend profile.yaml
    """
    from pl_cost.recommend.example import EXAMPLE_PROFILE

    if path == "-":
        sys.stdout.write(EXAMPLE_PROFILE)
        return
    if Path(path).exists() and not force:
        raise DomainError(f"{path}: already exists; pass --force to overwrite it")
    write_text(EXAMPLE_PROFILE, output_target(path))
    sys.stderr.write(f"pl-cost: wrote {path}; next: pl-cost recommend {path}\n")


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the profile's JSON Schema (pl_cost.recommend.profile_schema), for editor validation.

    \b
    Example:
      pl-cost schema -o profile.schema.json
    """
    from pl_cost.recommend import profile_schema

    write_text(json.dumps(profile_schema(), indent=2) + "\n", output_target(output))
