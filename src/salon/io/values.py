"""Cell values shared by the formats: dates, multi-value cells, e-mail lists."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Sequence

from salon.errors import InputError
from salon.io.normalise import normalise_email, normalise_url

__all__ = [
    "emails_from",
    "is_system_group",
    "parse_date",
    "split_values",
    "unique",
    "web_url",
]

# English month names whatever the process locale: exports write them in English
# and strptime's %b would follow LC_TIME.
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@functools.lru_cache(maxsize=1 << 14)  # an export repeats its dates thousands of times
def parse_date(text: str) -> datetime.date | None:
    """Return the date in ``26 Nov 2026``, ``26 November 2026`` or ``2026-11-26`` form.

    Returns None when the text is in none of these forms or names no real day;
    slashed dates are refused because ``03/04/2026`` means two different days
    on either side of the Atlantic.
    """
    value = text.strip()
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        month = _MONTHS.get(match.group(2).casefold())
        if month is None:
            return None
        day, year = int(match.group(1)), int(match.group(3))
    else:
        match = _ISO_DATE.match(value)
        if not match:
            return None
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def split_values(text: str | None, separators: Sequence[str]) -> list[str]:
    """Split a multi-value cell at any of ``separators``; strip and drop empty parts."""
    if not text:
        return []
    parts = _splitter(tuple(separators)).split(text)
    if len(parts) == 1:  # most cells hold one value
        single = text.strip()
        return [single] if single else []
    return [stripped for part in parts if (stripped := part.strip())]


@functools.lru_cache(maxsize=16)
def _splitter(separators: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(sep) for sep in separators))


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """The values in first-seen order, each once (case-insensitively)."""
    if isinstance(values, list | tuple) and len(values) < 2:
        return tuple(values)  # most fields of a row hold none or one
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return tuple(kept)


def emails_from(values: Iterable[str], *, source: str, line: int, field: str) -> tuple[str, ...]:
    """Normalise e-mail addresses, in order and without repeats.

    Raises
    ------
    InputError
        Naming the field, if a value is not an e-mail address.
    """
    found: list[str] = []
    for value in values:
        email = normalise_email(value)
        if email is None:
            raise InputError(
                f"not an e-mail address: {value!r}", source=source, line=line, field=field
            )
        found.append(email)
    return unique(found)


# Groups every Google contact is in, or that only mark a favourite: not tags.
_SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts", "starred", "other contacts"})


def is_system_group(label: str) -> bool:
    """Whether a Google label or vCard category is a system group such as ``* myContacts``."""
    return label.lstrip("* ").strip().casefold() in _SYSTEM_GROUPS


def web_url(value: str, *, source: str, line: int, field: str, mailto: bool = True) -> str | None:
    """A website or profile URL in its normal form; None for a ``mailto:`` link.

    Every importer accepts only http(s) (a bare host such as
    ``linkedin.com/in/ana`` counts as https) and mailto links, so that no
    ``javascript:``, ``data:`` or ``file:`` URL is stored to be clicked later.
    A profile column (``mailto=False``) takes http(s) only.

    Raises
    ------
    InputError
        Naming the field, for any other scheme or text that is no URL.
    """
    if mailto and value.strip().casefold().startswith("mailto:"):
        return None  # an address, not a web page: the e-mail fields hold those
    url = normalise_url(value)
    if url is None:
        raise InputError(f"not an http(s) URL: {value!r}", source=source, line=line, field=field)
    return url
