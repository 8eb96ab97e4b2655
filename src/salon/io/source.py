"""Reading an import file's text, and turning row errors into issues or exceptions."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from salon.errors import InputError
from salon.io.records import ImportIssue
from salon.io.rules import MAX_FIELD_CHARS, check_field, decode_source, read_source_bytes

__all__ = [
    "CsvHeader",
    "CsvRow",
    "RowProblems",
    "column_key",
    "header_delimiter",
    "read_csv_rows",
    "read_source_text",
    "split_physical_lines",
]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_source_text(path: str | Path) -> str:
    """Return a file's text by the rules every importer shares (:mod:`salon.io.rules`).

    The encoding comes from the byte-order mark (UTF-8, UTF-16, UTF-32), else
    UTF-8; the BOM and control characters other than tab and line ends are
    dropped.

    Raises
    ------
    InputError
        If the file cannot be read, is too large, empty, or not text in its
        encoding (naming the first bad line).
    """
    return decode_source(read_source_bytes(path), path)


def split_physical_lines(text: str) -> list[str]:
    """Split text at CRLF, CR or LF only.

    ``str.splitlines`` also splits at U+2028, form feeds and other characters
    that may sit inside a value, which would shift every line number after them.
    """
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class CsvRow(NamedTuple):
    """One CSV record: the physical line it starts on, its cells, or why it is malformed.

    A named tuple, not a frozen dataclass: one is made per row, and a frozen
    dataclass sets each field through ``object.__setattr__``.
    """

    line: int
    cells: tuple[str, ...]
    error: str | None = None

    @property
    def is_blank(self) -> bool:
        # one C-level join and strip, not a strip per cell
        return self.error is None and not "".join(self.cells).strip()


def header_delimiter(text: str) -> str:
    """The delimiter of a CSV whose first non-blank line is its header: ``,``, ``;`` or tab.

    Spreadsheets in locales with a decimal comma save CSV with semicolons; a
    header (names, no numbers) shows which one a file uses.  Quoted text is
    not counted.
    """
    first = next((line for line in split_physical_lines(text) if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 0 else ","


def read_csv_rows(text: str, delimiter: str = ",") -> Iterator[CsvRow]:
    """Yield the CSV records of ``text`` with the physical line each starts on.

    Quoted cells may span lines, so a record's line is the one after the end of
    the previous record.  The reader is strict: an unterminated quote or a
    character after a closing quote becomes a row with ``error`` set, and
    reading goes on with the next line.
    """
    # newline="": lines end at CRLF, CR or LF, kept as they are, split in C
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    has_cr = "\r" in text  # else no cell can hold one: no check per row
    consumed = 0
    while True:
        start = consumed + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            consumed = reader.line_num
            yield CsvRow(start, (), f"malformed CSV: {_csv_message(error)}")
            continue
        consumed = reader.line_num
        # quoted cells keep the file's own line breaks; values carry plain \n
        if has_cr and "\r" in "".join(cells):
            cells = [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in cells]
        yield CsvRow(start, tuple(cells))


def _csv_message(error: csv.Error) -> str:
    message = str(error)
    if "unexpected end of data" in message:
        return "a quoted cell is never closed (unterminated quote)"
    if "field larger than field limit" in message:
        return f"a cell is longer than {MAX_FIELD_CHARS:,} characters (MAX_FIELD_CHARS)"
    return message


def column_key(name: str) -> str:
    """A column name compared case- and spacing-insensitively."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class CsvHeader:
    """A header row: the column names, and the line they are on."""

    line: int
    names: tuple[str, ...]
    column_keys: tuple[str, ...]  # column_key() of each name, computed once per file

    @classmethod
    def from_row(cls, row: CsvRow, source: str) -> CsvHeader:
        """The header of ``row``; a column name may appear once only.

        Raises
        ------
        InputError
            If two columns have the same name (compared as :func:`column_key`
            compares them): one of the values would silently be lost.
        """
        names = tuple(
            check_field(cell, source=source, line=row.line, field=f"column {number}").strip()
            for number, cell in enumerate(row.cells, start=1)
        )
        keys = tuple(column_key(name) for name in names)
        seen: dict[str, int] = {}
        for number, key in enumerate(keys, start=1):
            if key and key in seen:
                raise InputError(
                    f"the header names the column {names[number - 1]!r} twice (columns "
                    f"{seen[key]} and {number}); rename or remove one",
                    source=source,
                    line=row.line,
                    field=names[number - 1],
                )
            seen.setdefault(key, number)
        return cls(row.line, names, keys)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self.column_keys)

    def original(self, key: str) -> str:
        """The column's name as the file spells it, for messages."""
        return next((name for name in self.names if column_key(name) == key), key)

    def values(self, row: CsvRow, source: str) -> dict[str, str]:
        """Map each column key to the row's stripped cell; empty cells are left out.

        A row may be shorter than the header (some writers drop trailing empty
        cells) but not longer, unless the extra cells are empty.

        Raises
        ------
        InputError
            If the row has more non-empty cells than the header has columns.
        """
        extra = [cell for cell in row.cells[len(self.names) :] if cell.strip()]
        if extra:
            raise InputError(
                f"row has {len(row.cells)} fields but the header (line {self.line}) "
                f"has {len(self.names)}; extra value {extra[0]!r} (a comma inside an "
                "unquoted cell?)",
                source=source,
                line=row.line,
            )
        cells = row.cells
        if cells and max(map(len, cells)) > MAX_FIELD_CHARS:  # one C-level pass per row
            for name, cell in zip(self.names, cells, strict=False):
                check_field(cell, source=source, line=row.line, field=name)
        found: dict[str, str] = {}
        for key, cell in zip(self.column_keys, cells, strict=False):
            if cell and key not in found and (value := cell.strip()):
                found[key] = value
        return found


class RowProblems:
    """Raise a row's error, or collect it as an issue when bad rows are skipped."""

    def __init__(self, source: str, *, skip_bad_rows: bool) -> None:
        self.source = source
        self.skip_bad_rows = skip_bad_rows
        self.issues: list[ImportIssue] = []

    def report(self, error: InputError) -> None:
        if not self.skip_bad_rows:
            raise error
        self.issues.append(ImportIssue(self.source, error.line, error.field, error.message))
