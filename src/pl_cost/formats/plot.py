"""Charts: cost against volume with break-evens marked, and break-evens per AZ count (needs matplotlib)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pl_cost.api import BreakEvenReport, CostCurves
from pl_cost.errors import DomainError, UsageError
from pl_cost.money import format_quantity

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PLOT_SUFFIXES = (".png", ".svg")
EXTRA_HINT = "matplotlib is not installed: pip install 'pl-cost[notebook]'"


def pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg") if not _in_notebook() else None
        import matplotlib.pyplot as plt
    except ImportError:
        raise DomainError(EXTRA_HINT) from None
    return plt


def _in_notebook() -> bool:
    import sys

    return "ipykernel" in sys.modules


def check_plot_path(path: str | Path) -> Path:
    """A writable .png or .svg path, checked before any work is done."""
    target = Path(path)
    if target.suffix.lower() not in PLOT_SUFFIXES:
        raise UsageError(f"--plot: the file must end in .png or .svg, got {str(target)!r}")
    if not target.parent.is_dir():
        raise UsageError(f"--plot: no such directory {str(target.parent)!r}")
    from pl_cost.writer import checked_target

    checked_target(target, "--plot")
    if not os.access(target.parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(f"--plot: cannot write {str(target)!r} (permission denied)")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise DomainError(EXTRA_HINT) from None
    return target


def _title(curves_or_report: CostCurves | BreakEvenReport) -> str:
    inputs = curves_or_report.inputs if isinstance(curves_or_report, CostCurves) else curves_or_report.inputs[0]
    count = inputs.interface_endpoint_count
    endpoints = ", ".join(inputs.interface_endpoints or []) or f"{count} interface endpoint{'s' if count != 1 else ''}"
    if inputs.service:
        endpoints = f"{inputs.service} ({endpoints})"
    azs = f", {inputs.azs} AZ{'s' if inputs.azs > 1 else ''}" if isinstance(curves_or_report, CostCurves) else ""
    hours = format_quantity(inputs.hours_per_month)
    return f"{inputs.region}{azs}: NAT ({inputs.nat_layout}) vs {endpoints}\n{hours} h/month, " + (
        f"prices {curves_or_report.prices.snapshot_date}"
    )


def plot_cost_curves(curves: CostCurves, path: str | Path | None = None, mark_gb: Any = None) -> Figure:
    """Monthly cost against GB/month: the NAT path and the endpoint path in both situations."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(9, 5.5), layout="constrained")
    gb = [float(p.gb) for p in curves.points]
    ax.plot(gb, [float(p.nat_path_monthly) for p in curves.points], label="NAT path", color="#d62728", lw=2)
    ax.plot(gb, [float(p.endpoints_nat_stays_monthly) for p in curves.points], color="#1f77b4", lw=2, ls="--",
            label="Endpoints, NAT stays (its fixed cost remains)")  # fmt: skip
    ax.plot(gb, [float(p.endpoints_nat_goes_monthly) for p in curves.points], color="#2ca02c", lw=2, ls=":",
            label="Endpoints, NAT goes")  # fmt: skip
    colors = {"nat_stays": "#1f77b4", "nat_goes": "#2ca02c"}
    for name, even in curves.break_evens.items():
        for point in even.crossings:
            ax.axvline(float(point), color=colors[name], lw=1, alpha=0.7)
            at = next((p for p in curves.points if p.gb == point), None)
            if at is not None:
                ax.plot([float(point)], [float(at.nat_path_monthly)], "o", color=colors[name], ms=6)
            ax.annotate(f"{'NAT stays' if name == 'nat_stays' else 'NAT goes'}: break-even\n"
                        f"{format_quantity(point)} GB/month", xy=(float(point), 0), xytext=(4, 8),
                        textcoords="offset points", fontsize=8, color=colors[name], rotation=90,
                        va="bottom")  # fmt: skip
    if mark_gb is not None:
        ax.axvline(float(mark_gb), color="grey", lw=1, ls="-.", label=f"your volume: {format_quantity(mark_gb)} GB")
    notes = [f"{'NAT stays' if n == 'nat_stays' else 'NAT goes'}: {e.summary}" for n, e in curves.break_evens.items()]
    ax.set_title(_title(curves), fontsize=11)
    ax.set_xlabel("Traffic to AWS services (GB per month)")
    ax.set_ylabel("Monthly cost (USD)")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="center right", fontsize=9, title="\n".join(notes), title_fontsize=8)
    save_figure(fig, path)
    return fig  # type: ignore[no-any-return]


def save_figure(fig: Any, path: str | Path | None) -> None:
    """Write the chart, turning a failed write into one line rather than a traceback."""
    if path is None:
        return
    import io

    from pl_cost.writer import write_file

    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=120, format=Path(path).suffix.lower().lstrip("."))
    write_file(path, buffer.getvalue(), "--plot")


def plot_break_evens(report: BreakEvenReport, path: str | Path | None = None) -> Figure:
    """Break-even GB/month for each AZ count, both situations; 'any volume' and 'never' written out."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
    width = 0.38
    for offset, name, color in ((-width / 2, "nat_stays", "#1f77b4"), (width / 2, "nat_goes", "#2ca02c")):
        for index, row in enumerate(report.rows):
            even = row.nat_stays if name == "nat_stays" else row.nat_goes
            x = index + offset
            if even.break_even_gb is None:
                ax.text(x, 0, "any\nvolume" if even.outcome == "always" else "never", ha="center",
                        va="bottom", fontsize=8, color=color)  # fmt: skip
                continue
            ax.bar(x, float(even.break_even_gb), width, color=color)
            ax.annotate(format_quantity(even.break_even_gb), (x, float(even.break_even_gb)), ha="center",
                        va="bottom", fontsize=8)  # fmt: skip
    ax.set_xticks(range(len(report.rows)), [f"{r.azs} AZ{'s' if r.azs > 1 else ''}" for r in report.rows])
    ax.set_ylabel("Break-even (GB per month): endpoints pay above it")
    ax.set_xlabel("Availability Zones")
    ax.set_title(_title(report), fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color="#1f77b4", label="NAT stays (kept for other traffic)"),
                       Patch(color="#2ca02c", label="NAT goes (endpoints replace it)")], fontsize=9)  # fmt: skip
    save_figure(fig, path)
    return fig  # type: ignore[no-any-return]
