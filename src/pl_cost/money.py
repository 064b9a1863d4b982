"""Exact money and quantity handling: Decimal from parsing to display, rounded only when shown."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: The one rounding mode used wherever a figure is shown (AWS bills round half up to the cent).
DISPLAY_ROUNDING = ROUND_HALF_UP
CENT = Decimal("0.01")
DEFAULT_HOURS_PER_MONTH = Decimal("730")
MAX_HOURS_PER_MONTH = Decimal("744")


#: Far beyond any VPC (a zettabyte a month), and small enough for exact 28-digit decimal arithmetic.
MAX_GB_PER_MONTH = Decimal(10) ** 12


def decimal_value(value: object) -> Decimal:
    """A finite Decimal from a CLI string or a YAML/JSON/TOML scalar; floats via repr so 0.1 stays 0.1.

    Raises ValueError with a message that says what was wrong (callers add the field's name).
    """
    from pl_cost.errors import brief

    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"expected a number, got {brief(value)}")
    text = repr(value) if isinstance(value, float) else str(value)
    try:
        number = Decimal(text.strip().replace("_", ""))
    except InvalidOperation:
        raise ValueError(f"expected a number, got {brief(value)}") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite number, got {brief(value)}")
    return number


def parse_decimal(text: object, field: str) -> Decimal:
    """Parse a finite decimal, naming the field in the error so the user knows what to fix."""
    from pl_cost.errors import UsageError

    try:
        return decimal_value(text)
    except ValueError as exc:
        raise UsageError(f"{field}: {exc}") from None


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
