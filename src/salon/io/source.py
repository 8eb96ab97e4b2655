"""Reading an import file's text, and turning row errors into issues or exceptions."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from salon.errors import InputError
from salon.io.records import ImportIssue

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
    """Return a file's text decoded as UTF-8 (or UTF-16 with a BOM), without the BOM.

    Raises
    ------
    InputError
        If the file cannot be read, or is not UTF-8 (naming the first bad line).
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}", source=path) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" and some Outlook exports are UTF-16 with a BOM
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"broken UTF-16 text: {error.reason}", source=path) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8 and retry",
            source=path,
            line=line,
        ) from error


def split_physical_lines(text: str) -> list[str]:
    """Split text at CRLF, CR or LF only.

    ``str.splitlines`` also splits at U+2028, form feeds and other characters
    that may sit inside a value, which would shift every line number after them.
    """
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One CSV record: the physical line it starts on, its cells, or why it is malformed."""

    line: int
    cells: tuple[str, ...]
    error: str | None = None

    @property
    def is_blank(self) -> bool:
        return self.error is None and all(not cell.strip() for cell in self.cells)


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
        if any("\r" in cell for cell in cells):
            cells = [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in cells]
        yield CsvRow(start, tuple(cells))


def _csv_message(error: csv.Error) -> str:
    message = str(error)
    if "unexpected end of data" in message:
        return "a quoted cell is never closed (unterminated quote)"
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
    def from_row(cls, row: CsvRow) -> CsvHeader:
        names = tuple(cell.strip() for cell in row.cells)
        return cls(row.line, names, tuple(column_key(name) for name in names))

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
        found: dict[str, str] = {}
        for key, cell in zip(self.column_keys, row.cells, strict=False):
            value = cell.strip()
            if value and key not in found:
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
