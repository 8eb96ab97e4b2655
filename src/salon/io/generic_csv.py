"""Any CSV of people, with a column mapping or by common column names.

``mapping`` maps salon field names to the file's column names, for example
``{"name": "Full name", "organization": "Employer", "attributes.country": "Land"}``.
Without it, columns are matched case-insensitively by common names
(``Email``/``E-mail address`` → email, ``Company``/``Organisation`` → organization,
...).  Multi-value fields (emails, phones, urls, tags, expertise, interests)
split at ``;`` or ``,``.  The delimiter (comma, semicolon or tab) is read
off the header line.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from salon.errors import InputError
from salon.io.records import MemberRecord, ParsedFile, PersonRecord
from salon.io.source import (
    CsvHeader,
    CsvRow,
    RowProblems,
    column_key,
    header_delimiter,
    read_csv_rows,
    read_source_text,
)
from salon.io.values import emails_from, parse_date, split_values, unique, web_url

__all__ = ["PERSON_FIELDS", "read_generic_csv", "read_members_csv"]

# The salon fields a column can fill; ``attributes.<key>`` fills one attribute.
PERSON_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "email",
    "emails",
    "phone",
    "phones",
    "organization",
    "role",
    "url",
    "urls",
    "industry",
    "discipline",
    "tags",
    "expertise",
    "interests",
    "bio",
    "connected_on",
)
_ATTRIBUTE = "attributes."
_LIST_SEPARATORS = (";", ",")

# Column names people actually use, compared after column_key().
_COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "contact name", "person"),
    "first_name": ("first name", "firstname", "given name", "first"),
    "last_name": ("last name", "lastname", "family name", "surname", "last"),
    "emails": ("email", "emails", "e-mail", "email address", "e-mail address", "mail"),
    "phones": ("phone", "phones", "telephone", "phone number", "mobile", "mobile phone"),
    "organization": ("organization", "organisation", "company", "employer", "org"),
    "role": ("role", "title", "job title", "position"),
    "url": ("url", "profile url", "linkedin", "linkedin url", "profile"),
    "urls": ("urls", "website", "websites", "homepage", "web"),
    "industry": ("industry", "sector"),
    "discipline": ("discipline", "field"),
    "tags": ("tags", "labels", "categories", "groups"),
    "expertise": ("expertise", "skills"),
    "interests": ("interests", "hobbies"),
    "bio": ("bio", "notes", "note", "about", "description"),
    "connected_on": ("connected on", "connected", "since", "met on"),
    "attributes.country": ("country",),
    "attributes.city": ("city",),
    "attributes.generation": ("generation",),
    "attributes.education": ("education",),
    "attributes.seniority": ("seniority",),
}


def read_generic_csv(
    path: str | Path,
    mapping: Mapping[str, str] | None = None,
    *,
    skip_bad_rows: bool = False,
) -> ParsedFile:
    r"""Read a CSV of people whose columns a mapping (or common names) identify.

    Parameters
    ----------
    path : str or Path
        The CSV file (UTF-8, header on the first non-blank line).
    mapping : mapping of str to str, optional
        Salon field name → column name (case-insensitive).  Valid field names
        are :data:`PERSON_FIELDS` and ``attributes.<key>``.  Columns not in
        the mapping are ignored.  Without a mapping, columns are matched by
        common names.
    skip_bad_rows : bool, default False
        If True, a malformed row is left out and listed in ``skipped``.

    Returns
    -------
    ParsedFile

    Raises
    ------
    InputError
        If the mapping names an unknown field or a column the header lacks,
        no column gives a name, or (unless ``skip_bad_rows``) a row is
        malformed: bad quoting, too many fields, no name, a bad e-mail address,
        URL or date (``2026-11-26`` or ``26 Nov 2026``).

    Examples
    --------
    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> with TemporaryDirectory() as folder:
    ...     path = Path(folder, "members.csv")
    ...     _ = path.write_text("Full name,Land\nAna López,Spain\n", encoding="utf-8")
    ...     parsed = read_generic_csv(
    ...         path, {"name": "Full name", "attributes.country": "Land"}
    ...     )
    >>> parsed.records[0].name, parsed.records[0].attributes
    ('Ana López', {'country': 'Spain'})
    """
    source = str(path)
    if mapping is not None:
        _check_field_names(mapping, source)
    text = read_source_text(path)
    rows = read_csv_rows(text, header_delimiter(text))
    header = _header(rows, source)
    columns = _columns(header, mapping, source)
    problems = RowProblems(source, skip_bad_rows=skip_bad_rows)
    records: list[PersonRecord] = []
    for row in rows:
        if row.is_blank:
            continue
        try:
            if row.error is not None:
                raise InputError(row.error, source=source, line=row.line)
            records.append(_record(header.values(row, source), columns, row.line, source))
        except InputError as error:
            problems.report(error)
    return ParsedFile(records, problems.issues)


def read_members_csv(path: str | Path, intents: Sequence[str]) -> list[MemberRecord]:
    """Read a meetup's member list: a CSV of people with an ``intent`` column.

    The people are read as by :func:`read_generic_csv` (columns by common
    names); the ``intent`` column (any case, optional) says why each comes.

    Parameters
    ----------
    path : str or Path
        The CSV file (UTF-8, header on the first non-blank line).
    intents : sequence of str
        The valid intents (the services own them); a cell is matched
        case-insensitively, and an empty cell or a missing column means
        ``"both"``.

    Returns
    -------
    list of MemberRecord
        One per data row, in file order.

    Raises
    ------
    InputError
        A malformed row, a row without a name, a bad e-mail address, URL or
        date, or an intent not in ``intents`` — naming the file, line and column.

    Examples
    --------
    >>> members = read_members_csv("members.csv", ("learn", "pitch", "both"))  # doctest: +SKIP
    """
    source = str(path)
    text = read_source_text(path)
    rows = read_csv_rows(text, header_delimiter(text))
    header = _header(rows, source)
    columns = _columns(header, None, source)
    members: list[MemberRecord] = []
    for row in rows:
        if row.is_blank:
            continue
        if row.error is not None:
            raise InputError(row.error, source=source, line=row.line)
        values = header.values(row, source)
        person = _record(values, columns, row.line, source)
        intent = values.get(column_key("intent"), "both").casefold()
        if intent not in intents:
            raise InputError(
                f"unknown intent {intent!r}; expected one of {', '.join(intents)} (or empty)",
                source=source,
                line=row.line,
                field=header.original(column_key("intent")),
            )
        members.append(MemberRecord(person, intent))
    return members


def _check_field_names(mapping: Mapping[str, str], source: str) -> None:
    unknown = [
        name
        for name in mapping
        if name not in PERSON_FIELDS
        and not (name.startswith(_ATTRIBUTE) and name[len(_ATTRIBUTE) :].strip())
    ]
    if unknown:
        raise InputError(
            f"unknown salon field {', '.join(map(repr, unknown))} in the column mapping; "
            f"valid fields are {', '.join(PERSON_FIELDS)} and attributes.<name>",
            source=source,
            field=unknown[0],
        )


def _header(rows: Iterator[CsvRow], source: str) -> CsvHeader:
    for row in rows:
        if row.is_blank:
            continue
        if row.error is not None:
            raise InputError(row.error, source=source, line=row.line)
        return CsvHeader.from_row(row, source)
    raise InputError("the file is empty: only blank rows, no header", source=source, line=1)


def _columns(header: CsvHeader, mapping: Mapping[str, str] | None, source: str) -> dict[str, str]:
    """Salon field → column name as in the header, from the mapping or by common names."""
    columns: dict[str, str] = {}
    if mapping is not None:
        for salon_field, column in mapping.items():
            key = column_key(column)
            if key not in header.keys:
                raise InputError(
                    f"column {column!r} (mapped to {salon_field!r}) is not in the header; "
                    f"the columns are {', '.join(header.names)}",
                    source=source,
                    line=header.line,
                    field=column,
                )
            columns[_canonical(salon_field)] = header.original(key)
    else:
        for salon_field, names in _COMMON_NAMES.items():
            match = next((name for name in names if name in header.keys), None)
            if match is not None:
                columns[salon_field] = header.original(match)
    if not {"name", "first_name", "last_name"} & columns.keys():
        raise InputError(
            "no column gives a name: map 'name' (or 'first_name'/'last_name') to a column; "
            f"the columns are {', '.join(header.names)}",
            source=source,
            line=header.line,
        )
    return columns


def _canonical(salon_field: str) -> str:
    return {"email": "emails", "phone": "phones"}.get(salon_field, salon_field)


def _record(
    values: dict[str, str], columns: dict[str, str], line: int, source: str
) -> PersonRecord:
    def cell(salon_field: str) -> str | None:
        column = columns.get(salon_field)
        return values.get(column_key(column)) if column is not None else None

    def many(salon_field: str) -> tuple[str, ...]:
        return unique(split_values(cell(salon_field), _LIST_SEPARATORS))

    def column_name(salon_field: str) -> str:
        return columns[salon_field]

    first, last = cell("first_name"), cell("last_name")
    name = cell("name") or " ".join(part for part in (first, last) if part)
    if not name:
        missing = next(f for f in ("name", "first_name", "last_name") if f in columns)
        raise InputError(
            "no name: the name columns are empty",
            source=source,
            line=line,
            field=column_name(missing),
        )
    raw_url = cell("url")
    url = (
        web_url(raw_url, source=source, line=line, field=column_name("url"), mailto=False)
        if raw_url
        else None
    )
    urls = [
        normal
        for raw in many("urls")
        if (normal := web_url(raw, source=source, line=line, field=column_name("urls")))
    ]
    connected_on: datetime.date | None = None
    if cell("connected_on"):
        connected_on = parse_date(cell("connected_on") or "")
        if connected_on is None:
            raise InputError(
                f"not a date: {cell('connected_on')!r}; expected 2026-11-26 or 26 Nov 2026",
                source=source,
                line=line,
                field=column_name("connected_on"),
            )
    return PersonRecord(
        name=" ".join(name.split()),
        source=source,
        line=line,
        first_name=first,
        last_name=last,
        emails=emails_from(
            many("emails"), source=source, line=line, field=columns.get("emails", "email")
        ),
        phones=many("phones"),
        organization=cell("organization"),
        role=cell("role"),
        url=url,
        urls=unique(urls),
        industry=cell("industry"),
        discipline=cell("discipline"),
        attributes={
            salon_field[len(_ATTRIBUTE) :].strip(): value
            for salon_field in columns
            if salon_field.startswith(_ATTRIBUTE) and (value := cell(salon_field))
        },
        tags=many("tags"),
        expertise=many("expertise"),
        interests=many("interests"),
        bio=cell("bio"),
        connected_on=connected_on,
    )
