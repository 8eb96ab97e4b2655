"""LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

Two layouts are in the wild.  The current export opens with a preamble::

    Notes:
    "When exporting your connection data, you may notice that some of the email
    addresses are missing. ..."

    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Ana,López,https://www.linkedin.com/in/ana-lopez,,Fundación Ñ,Head of R&D,26 Nov 2026

and exports up to about 2020 have no preamble and no ``URL`` column
(``First Name,Last Name,Email Address,Company,Position,Connected On``).  Both
come with or without a UTF-8 byte-order mark and with CRLF or LF line ends.
E-mail addresses are usually empty: members choose whether to share them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from salon.errors import InputError
from salon.io.records import ParsedFile, PersonRecord
from salon.io.source import CsvHeader, CsvRow, RowProblems, read_csv_rows, read_source_text
from salon.io.values import emails_from, parse_date, web_url

__all__ = ["LINKEDIN_COLUMNS", "read_linkedin"]

LINKEDIN_COLUMNS = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
# URL is absent from the older layout; Email Address is in both but kept optional
# so that a hand-trimmed file still reads.
_REQUIRED = ("First Name", "Last Name", "Company", "Position", "Connected On")


def read_linkedin(path: str | Path, *, skip_bad_rows: bool = False) -> ParsedFile:
    r"""Read a LinkedIn ``Connections.csv`` export, either layout.

    Parameters
    ----------
    path : str or Path
        The export file.
    skip_bad_rows : bool, default False
        If True, a malformed row is left out and listed in ``skipped`` instead
        of raising.  A file whose header is wrong raises either way.

    Returns
    -------
    ParsedFile
        One :class:`PersonRecord` per connection, in file order, each with
        the physical line it starts on.

    Raises
    ------
    InputError
        If the file is not UTF-8, its header is not LinkedIn's, or (unless
        ``skip_bad_rows``) a row is malformed: an unterminated quote, too many
        fields, no name, a bad URL, e-mail address or date.  The error names
        the file, the line and the column.

    Examples
    --------
    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> export = (
    ...     "Notes:\n"
    ...     '"When exporting your connection data, some e-mail addresses may be missing."\n'
    ...     "\n"
    ...     "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    ...     "Ana,López,https://www.linkedin.com/in/ana-lopez,,Hospital Clínic,Head of Innovation,"
    ...     "26 Nov 2026\n"
    ... )
    >>> with TemporaryDirectory() as folder:
    ...     path = Path(folder, "Connections.csv")
    ...     _ = path.write_text(export, encoding="utf-8")
    ...     parsed = read_linkedin(path)
    >>> parsed.records[0].name, parsed.records[0].connected_on
    ('Ana López', datetime.date(2026, 11, 26))
    """
    source = str(path)
    rows = read_csv_rows(read_source_text(path))
    header = _header(rows, source)
    problems = RowProblems(source, skip_bad_rows=skip_bad_rows)
    records: list[PersonRecord] = []
    for row in rows:
        if row.is_blank:
            continue
        try:
            records.append(_record(row, header, source))
        except InputError as error:
            problems.report(error)
    return ParsedFile(records, problems.issues)


def _header(rows: Iterator[CsvRow], source: str) -> CsvHeader:
    """Consume the optional ``Notes:`` preamble and return the validated header."""
    first = _next_non_blank(rows)
    if first is None:
        raise InputError(
            "the file is empty: only blank rows, no LinkedIn header", source=source, line=1
        )
    if first.error is None and first.cells and first.cells[0].strip().casefold() == "notes:":
        # The preamble is "Notes:", a quoted paragraph, then one blank line.
        last = first.line
        for row in rows:
            last = row.line
            if row.error is not None:
                raise InputError(row.error, source=source, line=row.line)
            if row.is_blank:
                break
        first = _next_non_blank(rows)
        if first is None:
            raise InputError(
                "the file ends after the Notes: preamble, without the header "
                f"{','.join(LINKEDIN_COLUMNS)}",
                source=source,
                line=last,
            )
    if first.error is not None:
        raise InputError(first.error, source=source, line=first.line)
    header = CsvHeader.from_row(first, source)
    missing = [name for name in _REQUIRED if name.casefold() not in header.keys]
    if missing:
        raise InputError(
            f"not a LinkedIn connections header: no column {missing[0]!r}; expected "
            f"{','.join(LINKEDIN_COLUMNS)} (or the older layout without URL), "
            f"got {','.join(header.names)}",
            source=source,
            line=header.line,
            field=missing[0],
        )
    return header


def _next_non_blank(rows: Iterator[CsvRow]) -> CsvRow | None:
    for row in rows:
        if not row.is_blank:
            return row
    return None


def _record(row: CsvRow, header: CsvHeader, source: str) -> PersonRecord:
    if row.error is not None:
        raise InputError(row.error, source=source, line=row.line)
    values = header.values(row, source)
    first = values.get("first name")
    last = values.get("last name")
    name = f"{first} {last}" if first and last else first or last or ""
    if not name:
        raise InputError(
            "no name: First Name and Last Name are both empty",
            source=source,
            line=row.line,
            field="First Name",
        )
    url = (
        web_url(values["url"], source=source, line=row.line, field="URL", mailto=False)
        if "url" in values
        else None
    )
    emails = emails_from(
        [values["email address"]] if "email address" in values else [],
        source=source,
        line=row.line,
        field="Email Address",
    )
    connected_on = None
    if "connected on" in values:
        connected_on = parse_date(values["connected on"])
        if connected_on is None:
            raise InputError(
                f"not a date: {values['connected on']!r}; expected a date like '26 Nov 2026'",
                source=source,
                line=row.line,
                field="Connected On",
            )
    return PersonRecord(
        name=name,
        source=source,
        line=row.line,
        first_name=first,
        last_name=last,
        emails=emails,
        organization=values.get("company"),
        role=values.get("position"),
        url=url,
        connected_on=connected_on,
    )
