"""Charts: monthly cost against consumers (connect) or VPCs (hub), break-evens marked (needs matplotlib)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pl_cost.formats.plot import check_plot_path, pyplot, save_figure
from pl_cost.multivpc.charges import Curves
from pl_cost.multivpc.components import quantity_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["check_plot_path", "plot_curves"]
X_LABELS = {"consumers": "Consumer VPCs", "vpcs": "Spoke VPCs", "gb": "GB per month"}
STYLES = ["-", "--", ":", "-."]
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def plot_curves(curves: Curves, path: str | Path | None = None) -> Figure:
    """Each series' monthly cost against the varied count, crossings and today's count marked."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(9, 5.5), layout="constrained")
    xs = [float(p.x) for p in curves.points]
    names = list(curves.points[0].monthly) if curves.points else []
    for index, name in enumerate(names):
        ax.plot(xs, [float(p.monthly[name]) for p in curves.points], label=name, lw=2,
                ls=STYLES[index % len(STYLES)], color=COLOURS[index % len(COLOURS)])  # fmt: skip
    for mark in curves.marks:
        ax.axvline(float(mark.x), color="grey", lw=1, alpha=0.7)
        ax.annotate(f"{mark.label}: {quantity_text(mark.x)}", xy=(float(mark.x), 0), xytext=(4, 8),
                    textcoords="offset points", fontsize=8, rotation=90, va="bottom")  # fmt: skip
    ax.axvline(float(curves.current), color="black", lw=1, ls="-.", label=f"yours: {quantity_text(curves.current)}")
    ax.set_title(curves.title, fontsize=10)
    ax.set_xlabel(X_LABELS[curves.variable])
    ax.set_ylabel("Monthly cost (USD)")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    save_figure(fig, path)
    return fig  # type: ignore[no-any-return]
