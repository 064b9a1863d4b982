"""Charts as inline SVG from matplotlib: every label is a figure the result model holds.

Bar positions in the waterfall stack the model's own amounts (geometry); no figure shown is computed here.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pl_cost.money import format_money, format_quantity

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Colours that keep a 3:1 contrast on white and stay apart for the common colour-vision deficiencies.
NAT_COLOR = "#b3261e"
STAYS_COLOR = "#1f5fa8"
GOES_COLOR = "#1b7a3a"
GREY = "#5f6368"
PATH_COLORS = {"nat": NAT_COLOR, "interface": STAYS_COLOR, "gateway": GOES_COLOR}
_STYLE: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "pl-cost",
    "font.family": ["DejaVu Sans", "sans-serif"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_ID = re.compile(r'\bid="([^"]+)"')


def plain_label(text: str) -> str:
    """Text matplotlib shows as written: a dollar sign would start mathtext."""
    return text.replace("$", r"\$")


@contextmanager
def figure(width: float, height: float) -> Iterator[tuple[Figure, Axes]]:
    """A figure with the page's chart style (no pyplot, so no global state)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        yield fig, fig.subplots()


def to_svg(fig: Figure, key: str, alt: str) -> str:
    """The figure as an <svg> element: ids made unique to `key`, a title and role for assistive technology."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(_STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    ids = set(_ID.findall(text))
    for name in sorted(ids, key=len, reverse=True):
        text = text.replace(f'id="{name}"', f'id="{key}-{name}"')
        text = text.replace(f"#{name})", f"#{key}-{name})").replace(f'href="#{name}"', f'href="#{key}-{name}"')
    label = html.escape(alt, quote=True)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    head_end = text.index(">") + 1
    return text[:head_end] + f"<title>{label}</title>" + text[head_end:]


def dollars(ax: Axes, axis: str = "y") -> None:
    """Money on an axis reads as $1,234."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda value, _pos: f"${value:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def cost_curves(
    points: Sequence[tuple[Decimal, Decimal, Decimal, Decimal]],
    marks: Sequence[tuple[str, Decimal, str]],
    volume: Decimal | None,
    key: str,
    alt: str,
) -> str:
    """Monthly cost against GB/month for the NAT path and the endpoint path in both situations.

    `points` are (gb, NAT path, endpoints with the NAT kept, endpoints with the NAT gone); `marks` are
    (situation label, break-even GB, colour).
    """
    with figure(8, 4.6) as (fig, ax):
        gbs = [float(p[0]) for p in points]
        ax.plot(gbs, [float(p[1]) for p in points], color=NAT_COLOR, lw=2.2, label="NAT path")
        ax.plot(
            gbs,
            [float(p[2]) for p in points],
            color=STAYS_COLOR,
            lw=2.2,
            ls="--",
            label="Endpoints, NAT stays (its fixed cost remains)",
        )
        ax.plot(gbs, [float(p[3]) for p in points], color=GOES_COLOR, lw=2.2, ls=":", label="Endpoints, NAT goes")
        for label, point, color in marks:
            ax.axvline(float(point), color=color, lw=1, alpha=0.8)
            ax.annotate(
                plain_label(f"{label}: break-even {format_quantity(point)} GB"),
                xy=(float(point), 0),
                xytext=(4, 6),
                textcoords="offset points",
                rotation=90,
                fontsize=8,
                color=color,
                va="bottom",
            )
        if volume is not None:
            ax.axvline(float(volume), color=GREY, lw=1, ls="-.", label=f"Your volume: {format_quantity(volume)} GB")
        ax.set_xlabel("Traffic to AWS services (GB per month)")
        ax.set_ylabel("Monthly cost (USD)")
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        dollars(ax)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        return to_svg(fig, key, alt)


def break_evens(rows: Sequence[tuple[str, Decimal | None, str, Decimal | None, str]], key: str, alt: str) -> str:
    """Break-even GB/month per AZ count: (AZ label, NAT stays point, its text, NAT goes point, its text)."""
    with figure(7.5, 4.2) as (fig, ax):
        width = 0.38
        for index, (_label, stays, stays_text, goes, goes_text) in enumerate(rows):
            for offset, point, text, color in (
                (-width / 2, stays, stays_text, STAYS_COLOR),
                (width / 2, goes, goes_text, GOES_COLOR),
            ):
                x = index + offset
                if point is None:
                    ax.text(x, 0, plain_label(text), ha="center", va="bottom", fontsize=8, color=color, rotation=90)
                    continue
                ax.bar(x, float(point), width, color=color)
                ax.annotate(plain_label(text), (x, float(point)), ha="center", va="bottom", fontsize=8)
        ax.set_xticks(range(len(rows)), [r[0] for r in rows])
        ax.set_ylabel("Break-even (GB per month)")
        ax.grid(axis="y", alpha=0.3)
        from matplotlib.patches import Patch

        ax.legend(
            handles=[
                Patch(color=STAYS_COLOR, label="NAT stays (kept for other traffic)"),
                Patch(color=GOES_COLOR, label="NAT goes (endpoints replace it)"),
            ],
            fontsize=8,
            frameon=False,
        )
        return to_svg(fig, key, alt)


def waterfall(
    start: tuple[str, Decimal], steps: Sequence[tuple[str, Decimal, bool]], end: tuple[str, Decimal], key: str, alt: str
) -> str:
    """Today's monthly cost, each charge that goes (False) or comes (True), and the plan's monthly cost."""
    rows = len(steps) + 2
    with figure(8, max(2.6, 0.36 * rows + 1.2)) as (fig, ax):
        labels = [start[0]]
        ax.barh(0, float(start[1]), color=GREY)
        _bar_label(ax, 0, float(start[1]), format_money(start[1]))
        level = float(start[1])
        for index, (label, amount, added) in enumerate(steps, start=1):
            size = float(amount)
            left = level if added else level - size
            ax.barh(index, size, left=left, color=NAT_COLOR if added else GOES_COLOR)
            _bar_label(ax, index, left + size, ("+" if added else "-") + format_money(amount))
            level = level + size if added else level - size
            labels.append(label)
        ax.barh(rows - 1, float(end[1]), color=STAYS_COLOR)
        _bar_label(ax, rows - 1, float(end[1]), format_money(end[1]))
        labels.append(end[0])
        ax.set_yticks(range(rows), [plain_label(label) for label in labels], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("Monthly cost (USD)")
        ax.set_xlim(left=0, right=ax.get_xlim()[1] * 1.15)
        dollars(ax, "x")
        ax.grid(axis="x", alpha=0.3)
        return to_svg(fig, key, alt)


def _bar_label(ax: Axes, y: int, x: float, text: str) -> None:
    ax.annotate(plain_label(text), (x, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)


def decisions(rows: Sequence[tuple[str, str, Decimal, Decimal | None]], key: str, alt: str) -> str:
    """Each service's GB/month coloured by its path, with its break-even marked: (service, path, GB, point)."""
    with figure(8, max(2.2, 0.38 * len(rows) + 1.3)) as (fig, ax):
        for index, (_service, path, volume, point) in enumerate(rows):
            color = PATH_COLORS.get(path, GREY)
            ax.barh(index, float(volume), 0.6, color=color)
            ax.annotate(
                plain_label(f"{path}, {format_quantity(volume)} GB"),
                (float(volume), index),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
            if point is not None:
                ax.plot([float(point)], [index], marker="|", markersize=16, mew=2.5, color="black")
        ax.set_yticks(range(len(rows)), [plain_label(r[0]) for r in rows], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel("GB per month (a black tick marks the service's break-even)")
        ax.set_xlim(left=0, right=ax.get_xlim()[1] * 1.25)
        ax.grid(axis="x", alpha=0.3)
        from matplotlib.patches import Patch

        handles = [Patch(color=c, label=f"{name} path") for name, c in PATH_COLORS.items()]
        ax.legend(handles=handles, fontsize=8, frameon=False, loc="lower right")
        return to_svg(fig, key, alt)


def paired_bars(
    rows: Sequence[tuple[str, Decimal, Decimal]], names: tuple[str, str], key: str, alt: str, unit: str = "money"
) -> str:
    """Two amounts per row side by side (today and plan per profile; or any before/after pair)."""
    with figure(8, max(2.4, 0.55 * len(rows) + 1.2)) as (fig, ax):
        height = 0.38
        for index, (_label, first, second) in enumerate(rows):
            for offset, value, color in ((-height / 2, first, GREY), (height / 2, second, STAYS_COLOR)):
                ax.barh(index + offset, float(value), height, color=color)
                text = format_money(value) if unit == "money" else format_quantity(value)
                _bar_label_at(ax, index + offset, float(value), text)
        ax.set_yticks(range(len(rows)), [plain_label(r[0]) for r in rows], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(left=0, right=ax.get_xlim()[1] * 1.2)
        if unit == "money":
            dollars(ax, "x")
        from matplotlib.patches import Patch

        ax.legend(
            handles=[Patch(color=GREY, label=names[0]), Patch(color=STAYS_COLOR, label=names[1])],
            fontsize=8,
            frameon=False,
            loc="lower right",
        )
        ax.grid(axis="x", alpha=0.3)
        return to_svg(fig, key, alt)


def _bar_label_at(ax: Axes, y: float, x: float, text: str) -> None:
    ax.annotate(plain_label(text), (x, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)


def bars(rows: Sequence[tuple[str, Decimal, str]], xlabel: str, key: str, alt: str, places: int = 2) -> str:
    """One horizontal bar per row: (label, amount, colour)."""
    with figure(8, max(2.4, 0.36 * len(rows) + 1.2)) as (fig, ax):
        for index, (_label, amount, color) in enumerate(rows):
            ax.barh(index, float(amount), color=color)
            _bar_label_at(ax, index, float(amount), format_quantity(amount, places))
        ax.set_yticks(range(len(rows)), [plain_label(r[0]) for r in rows], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.set_xlim(left=0, right=max(ax.get_xlim()[1], 1e-9) * 1.2)
        ax.grid(axis="x", alpha=0.3)
        return to_svg(fig, key, alt)
