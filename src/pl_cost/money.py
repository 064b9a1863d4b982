"""Exact money and quantity handling: Decimal from parsing to display, rounded only when shown."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: The one rounding mode used wherever a figure is shown (AWS bills round half up to the cent).
DISPLAY_ROUNDING = ROUND_HALF_UP
CENT = Decimal("0.01")
DEFAULT_HOURS_PER_MONTH = Decimal("730")
MAX_HOURS_PER_MONTH = Decimal("744")


def parse_decimal(text: object, field: str) -> Decimal:
    """Parse a finite decimal, naming the field in the error so the user knows what to fix."""
    from pl_cost.errors import UsageError

    if isinstance(text, bool):
        raise UsageError(f"{field}: expected a number, got {text!r}")
    if isinstance(text, float):
        text = repr(text)
    try:
        value = Decimal(str(text).strip().replace("_", ""))
    except (InvalidOperation, ValueError):
        raise UsageError(f"{field}: expected a number, got {text!r}") from None
    if not value.is_finite():
        raise UsageError(f"{field}: expected a finite number, got {text!r}")
    return value


def round_money(value: Decimal) -> Decimal:
    """Round to the cent for display."""
    return value.quantize(CENT, rounding=DISPLAY_ROUNDING)


def format_money(value: Decimal) -> str:
    """Show dollars with thousands separators and cents: -$1,234.50."""
    rounded = round_money(value)
    sign = "-" if rounded < 0 else ""
    return f"{sign}${abs(rounded):,.2f}"


def format_price(value: Decimal) -> str:
    """Show a unit price with as many decimals as it has (at least two): $0.045."""
    normalized = value.normalize()
    exponent = normalized.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    return f"${value:,.{places}f}"


def format_quantity(value: Decimal, places: int = 2) -> str:
    """Show a quantity without trailing zeros: 1,460 or 417.14."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=DISPLAY_ROUNDING)
    text = f"{rounded:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def plain(value: Decimal) -> str:
    """Exact decimal as a plain string (no exponent), for JSON and CSV."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
