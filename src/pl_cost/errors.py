"""Errors the CLI turns into one line on stderr and an exit code."""

from __future__ import annotations


class PlCostError(Exception):
    """Base for errors a user can act on; `exit_code` is what the CLI exits with."""

    exit_code = 1


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
