"""Errors the CLI turns into one line on stderr and an exit code, and library callers can act on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


class PlCostError(Exception):
    """Base for errors a user can act on; `exit_code` is what the CLI exits with.

    `field` names the input at fault and `allowed` what it may be, when known; `details` keeps the
    underlying validator's report (pydantic's error list, for one) for callers that want it.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        allowed: Sequence[str] | str | None = None,
        details: Any = None,
    ) -> None:
        super().__init__(message)
        self.field = field if field is not None else _leading_field(message)
        self.allowed = allowed
        self.details = details


class UsageError(PlCostError):
    """The input is malformed or out of range (exit 2)."""

    exit_code = 2


class DomainError(PlCostError):
    """The input is well formed but cannot be answered (exit 1)."""

    exit_code = 1


class UnknownRegionError(DomainError):
    """The region is not in the price catalog."""


class MissingRateError(DomainError):
    """A rate the answer needs is absent from the catalog for that region."""


class CatalogError(DomainError):
    """A catalog file is missing, unreadable or malformed."""


def _leading_field(message: str) -> str | None:
    """Messages start with the field they are about ("azs: must be from 1 to 6"); keep it for callers."""
    head, sep, _ = message.partition(": ")
    return head if sep and " " not in head.strip() and len(head) < 60 else None


#: How many characters of a bad input an error message repeats (a 5,000-digit value stays one short line).
SHOWN = 40


def brief(value: object, quote: bool = True) -> str:
    """An input as an error message shows it: its repr (text quoted unless `quote` is off), cut to SHOWN characters."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**SHOWN:
        return f"a number of more than {SHOWN} digits"
    text = repr(value) if isinstance(value, str) and quote else str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def did_you_mean(name: str, known: Iterable[str], n: int = 3, cutoff: float = 0.6) -> str:
    """'did you mean x or y?' for a mistyped name, or '' when nothing known is close: one wording everywhere."""
    import difflib  # only a mistake pays for it

    close = difflib.get_close_matches(name, list(known), n=n, cutoff=cutoff)
    return f"did you mean {' or '.join(close)}?" if close else ""
