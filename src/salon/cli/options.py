"""Option parsing shared by several commands (dates, key=value pairs)."""

from __future__ import annotations

import datetime as dt

from salon.errors import InputError


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    if value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: expected a date like 2026-11-26, got {value!r}") from None


def parse_pairs(values: list[str] | None, option: str) -> dict[str, str]:
    """``["country=ES", "education=PhD"]`` → ``{"country": "ES", ...}``."""
    pairs: dict[str, str] = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{option}: expected KEY=VALUE, got {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


def split_list(values: list[str] | None) -> list[str]:
    """Repeated options, each possibly comma-separated."""
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out
