"""A plain CSV of people, for spreadsheets (``salon export csv``).

It reads back with :func:`salon.io.read_generic_csv` and no mapping: every
column has a name that reader recognises.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from salon.errors import InputError

__all__ = ["PEOPLE_CSV_COLUMNS", "write_people_csv"]

PEOPLE_CSV_COLUMNS = (
    "id",
    "name",
    "email",
    "organization",
    "role",
    "url",
    "industry",
    "discipline",
    "tags",
)


def write_people_csv(rows: Iterable[Mapping[str, object] | object], path: str | Path) -> int:
    """Write people as CSV with the columns :data:`PEOPLE_CSV_COLUMNS`; return the row count.

    Parameters
    ----------
    rows : iterable of mappings or objects
        Each person as a mapping or an object with attributes named like the
        columns (a :class:`PersonRecord`, a database row).  ``email`` falls back
        to the first of ``emails``; ``tags`` may be a string or a collection of
        strings, written joined by ``"; "``; missing values are empty cells.
    path : str or Path
        The file to write (UTF-8, LF line ends, overwritten).

    Raises
    ------
    InputError
        If the file cannot be written.

    Examples
    --------
    >>> write_people_csv([{"id": 1, "name": "Ana López", "tags": ["climate"]}], "people.csv")
    ... # doctest: +SKIP
    1
    """
    count = 0
    try:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(PEOPLE_CSV_COLUMNS)
            for row in rows:
                writer.writerow([_cell(row, column) for column in PEOPLE_CSV_COLUMNS])
                count += 1
    except OSError as error:
        raise InputError(
            f"cannot write the file: {error.strerror or error}", source=path
        ) from error
    return count


def _get(row: Mapping[str, object] | object, key: str) -> object:
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def _cell(row: Mapping[str, object] | object, column: str) -> str:
    value = _get(row, column)
    if column == "email" and value is None:
        emails = _get(row, "emails")
        if isinstance(emails, list | tuple) and emails:
            value = emails[0]
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return "; ".join(str(item) for item in value)
    return str(value)
