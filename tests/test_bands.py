"""Where endpoints are cheaper, in bands: every crossing flips the side, whatever the outcome says."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pl_cost.engine import bands_text, cheaper_bands, solve_break_even


def piecewise(points: list[Decimal], values: list[Decimal], tail: Decimal) -> Callable[[Decimal], Decimal]:
    """Linear between `points`, then slope `tail` beyond the last one."""

    def diff(gb: Decimal) -> Decimal:
        if gb >= points[-1]:
            return values[-1] + tail * (gb - points[-1])
        for a, b, va, vb in zip(points, points[1:], values, values[1:], strict=False):
            if a <= gb <= b:
                return va + (vb - va) * (gb - a) / (b - a)
        raise AssertionError(gb)

    return diff


VALUE = st.integers(-50, 50).map(Decimal).filter(lambda v: v != 0)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    steps=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    values=st.lists(VALUE, min_size=7, max_size=7),
    tail=st.integers(-3, 3).map(Decimal),
)
def test_bands_hold_exactly_the_volumes_where_endpoints_are_cheaper(
    steps: list[int], values: list[Decimal], tail: Decimal
) -> None:
    points = [Decimal(0)]
    for step in steps:
        points.append(points[-1] + step)
    diff = piecewise(points, values[: len(points)], tail)
    outcome, crossings = solve_break_even(diff, points)
    bands = cheaper_bands(outcome, crossings)
    probes = sorted({*points, *(p + Decimal("0.5") for p in points), points[-1] + 1000})
    for gb in probes:
        if any(abs(gb - c) < Decimal("1e-9") for c in crossings):
            continue
        inside = any(low <= gb and (high is None or gb < high) for low, high in bands)
        assert inside == (diff(gb) < 0), (gb, outcome, crossings, bands)


def test_cheaper_at_both_ends_but_not_between_names_both_bands() -> None:
    # Cheaper below 10 GB, dearer between 10 and 20, cheaper again above 20: an "above" with two crossings.
    diff = piecewise([Decimal(0), Decimal(10), Decimal(20)], [Decimal(-1), Decimal(1), Decimal(-1)], Decimal(-1))
    outcome, crossings = solve_break_even(diff, [Decimal(0), Decimal(10), Decimal(20)])
    assert outcome == "above"
    bands = cheaper_bands(outcome, crossings)
    assert [(low, high) for low, high in bands] == [(Decimal(0), crossings[0]), (crossings[1], None)]
    assert bands_text(bands) == "below 5 GB or above 15 GB"


def test_two_separate_bands_are_both_named() -> None:
    assert bands_text(cheaper_bands("between", [Decimal(1), Decimal(2), Decimal(3), Decimal(4)])) == (
        "between 1 and 2 GB or between 3 and 4 GB"
    )
    assert bands_text(cheaper_bands("always", [])) == "at any volume"
    assert cheaper_bands("never", []) == []
