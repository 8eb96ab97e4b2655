"""A plain CSV of people, for spreadsheets (``salon export csv``).

It reads back with :func:`salon.io.read_generic_csv` and no mapping: every
column has a name that reader recognises.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from salon.errors import InputError

__all__ = ["PEOPLE_CSV_COLUMNS", "spreadsheet_safe", "write_people_csv"]

# A spreadsheet reads a cell starting with one of these as a formula (or, for
# tab and carriage return, may strip them and then read a formula).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    r"""A CSV cell a spreadsheet shows as text instead of running it as a formula.

    As OWASP recommends against CSV injection, a cell starting with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return gets a leading single quote,
    which spreadsheets hide and treat as "this is text".

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://evil.example","click")')
    '\'=HYPERLINK("http://evil.example","click")'
    >>> spreadsheet_safe("Ana López")
    'Ana López'
    """
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


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


def write_people_csv(
    rows: Iterable[Mapping[str, object] | object], path: str | Path, *, raw: bool = False
) -> int:
    r"""Write people as CSV with the columns :data:`PEOPLE_CSV_COLUMNS`; return the row count.

    Parameters
    ----------
    rows : iterable of mappings or objects
        Each person as a mapping or an object with attributes named like the
        columns (a :class:`PersonRecord`, a database row).  ``email`` falls back
        to the first of ``emails``; ``tags`` may be a string or a collection of
        strings, written joined by ``"; "``; missing values are empty cells.
    path : str or Path
        The file to write (UTF-8, LF line ends, overwritten).
    raw : bool, default False
        Write cells exactly as stored; by default a cell that a spreadsheet
        would run as a formula is quoted (:func:`spreadsheet_safe`).

    Raises
    ------
    InputError
        If the file cannot be written.

    Examples
    --------
    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> with TemporaryDirectory() as folder:
    ...     path = Path(folder, "people.csv")
    ...     write_people_csv([{"id": 1, "name": "Ana López", "tags": ["climate"]}], path)
    ...     written = path.read_text(encoding="utf-8").splitlines()
    1
    >>> written[1].split(",")[:2]
    ['1', 'Ana López']
    """
    count = 0
    try:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(PEOPLE_CSV_COLUMNS)
            for row in rows:
                cells = [_cell(row, column) for column in PEOPLE_CSV_COLUMNS]
                writer.writerow(cells if raw else [spreadsheet_safe(cell) for cell in cells])
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
