"""What the page forms share: reading typed text, and saying what was wrong where."""

from __future__ import annotations

import datetime as dt

from salon.errors import InputError, SalonError


def form_date(text: str, field: str) -> dt.date | None:
    """A typed ISO date; ``None`` when blank.

    Raises
    ------
    InputError
        Not a date, naming ``field``.
    """
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"expected a date like 2025-03-14, got {text.strip()!r}", field=field
        ) from None


def form_items(text: str) -> list[str]:
    """A comma- (or semicolon-) separated list, blanks dropped."""
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]


def problem(error: SalonError | None) -> dict[str, str | None]:
    """The template values that show ``error`` beside its field (``error``, ``error_field``)."""
    if error is None:
        return {"error": None, "error_field": None}
    if isinstance(error, InputError):
        return {"error": error.message, "error_field": error.field}
    return {"error": str(error), "error_field": None}
