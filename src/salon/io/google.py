"""Google Contacts CSV (contacts.google.com → Export → Google CSV).

Columns are matched by name, so both headers read:

- the current one: ``First Name,Middle Name,Last Name,...,Organization Name,
  Organization Title,Organization Department,Birthday,Notes,Photo,Labels,
  E-mail 1 - Label,E-mail 1 - Value,...,Phone 1 - Label,Phone 1 - Value,...``;
- the legacy one: ``Name,Given Name,Additional Name,Family Name,...,Notes,...,
  Group Membership,E-mail 1 - Type,E-mail 1 - Value,...,Organization 1 - Name,
  Organization 1 - Title,...``.

A cell may hold several entries separated by ``:::`` (``a@x.org ::: b@y.org``).
Labels starting with ``*`` are Google's system groups: ``* myContacts`` and
``* starred`` are not tags, ``* coworkers`` becomes the tag ``coworkers``; an
e-mail label starting with ``*`` marks the primary address.  Custom fields
labelled Industry, Discipline, Expertise or Interests fill those fields; other
custom fields and the first address's country become attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from salon.errors import InputError
from salon.io.normalise import is_linkedin_url
from salon.io.records import ParsedFile, PersonRecord, RelatedRecord
from salon.io.source import CsvHeader, CsvRow, RowProblems, read_csv_rows, read_source_text
from salon.io.values import emails_from, is_system_group, split_values, unique, web_url

__all__ = ["read_google_csv"]

_MULTI = (":::",)
_NAME_COLUMNS = ("first name", "last name", "name", "given name", "family name")
_NUMBERED = re.compile(r"^(e-mail|phone|website|relation|custom field|address) (\d+) - (.+)$")
_CUSTOM_FIELDS = {
    "industry": "industry",
    "sector": "industry",
    "discipline": "discipline",
    "field": "discipline",
    "expertise": "expertise",
    "skills": "expertise",
    "interests": "interests",
    "interest": "interests",
}


def read_google_csv(path: str | Path, *, skip_bad_rows: bool = False) -> ParsedFile:
    r"""Read a Google Contacts CSV export, current or legacy header.

    Parameters
    ----------
    path : str or Path
        The ``contacts.csv`` file.
    skip_bad_rows : bool, default False
        If True, a malformed row is left out and listed in ``skipped``.

    Returns
    -------
    ParsedFile
        One record per contact row, in file order.

    Raises
    ------
    InputError
        If the file is not UTF-8, its header has no name column, or (unless
        ``skip_bad_rows``) a row is malformed: bad quoting, too many fields, no
        name, an e-mail address that is not one.

    Examples
    --------
    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> export = (
    ...     "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value\n"
    ...     "Ana,López,* Work,ana@example.org ::: ana.lopez@fundacion.es\n"
    ... )
    >>> with TemporaryDirectory() as folder:
    ...     path = Path(folder, "contacts.csv")
    ...     _ = path.write_text(export, encoding="utf-8")
    ...     parsed = read_google_csv(path)
    >>> parsed.records[0].emails
    ('ana@example.org', 'ana.lopez@fundacion.es')
    """
    source = str(path)
    rows = read_csv_rows(read_source_text(path))
    header = _header(rows, source)
    name_field = "First Name" if "first name" in header.keys else "Name"
    numbered = _numbered_columns(header)
    problems = RowProblems(source, skip_bad_rows=skip_bad_rows)
    records: list[PersonRecord] = []
    for row in rows:
        if row.is_blank:
            continue
        try:
            if row.error is not None:
                raise InputError(row.error, source=source, line=row.line)
            values = header.values(row, source)
            records.append(
                _record(values, _numbered(values, numbered), row.line, source, name_field)
            )
        except InputError as error:
            problems.report(error)
    return ParsedFile(records, problems.issues)


def _header(rows: Iterator[CsvRow], source: str) -> CsvHeader:
    for row in rows:
        if row.is_blank:
            continue
        if row.error is not None:
            raise InputError(row.error, source=source, line=row.line)
        header = CsvHeader.from_row(row, source)
        if not header.keys & set(_NAME_COLUMNS):
            raise InputError(
                "not a Google Contacts header: no name column (expected 'First Name' and "
                "'Last Name', or the legacy 'Name', 'Given Name', 'Family Name'); got "
                f"{','.join(header.names)[:200]}",
                source=source,
                line=header.line,
            )
        return header
    raise InputError(
        "the file is empty: only blank rows, no Google Contacts header", source=source, line=1
    )


_Numbered = list[tuple[str, str, int, str]]


def _numbered_columns(header: CsvHeader) -> _Numbered:
    """(column key, kind, number, part) of the numbered columns, in number order."""
    columns: _Numbered = []
    for key in header.column_keys:
        match = _NUMBERED.match(key)
        if match:
            part = "label" if match.group(3) == "type" else match.group(3)
            columns.append((key, match.group(1), int(match.group(2)), part))
    return sorted(columns, key=lambda column: column[2])


def _numbered(values: dict[str, str], columns: _Numbered) -> dict[str, dict[int, dict[str, str]]]:
    """``E-mail 2 - Value`` → ``{"e-mail": {2: {"value": ...}}}``; ``- Type`` is ``label``."""
    found: dict[str, dict[int, dict[str, str]]] = {}
    for key, kind, number, part in columns:
        value = values.get(key)
        if value is not None:
            found.setdefault(kind, {}).setdefault(number, {})[part] = value
    return found


def _record(
    values: dict[str, str],
    numbered: dict[str, dict[int, dict[str, str]]],
    line: int,
    source: str,
    name_field: str,
) -> PersonRecord:
    first = values.get("first name") or values.get("given name")
    middle = values.get("middle name") or values.get("additional name")
    last = values.get("last name") or values.get("family name")
    name = (
        values.get("name")
        or " ".join(part for part in (first, middle, last) if part)
        or values.get("nickname")
        or values.get("file as")
    )
    if not name:
        raise InputError(
            "no name: the name columns (First Name, Last Name, Nickname, File As) are empty",
            source=source,
            line=line,
            field=name_field,
        )

    emails: list[tuple[bool, str]] = []
    for number, entry in numbered.get("e-mail", {}).items():
        primary = entry.get("label", "").startswith("*")
        checked = emails_from(
            split_values(entry.get("value"), _MULTI),
            source=source,
            line=line,
            field=f"E-mail {number} - Value",
        )
        emails.extend((primary, email) for email in checked)
    emails.sort(key=lambda pair: not pair[0])  # stable: primary first, else file order

    profile: str | None = None
    others: list[str] = []
    for number, entry in numbered.get("website", {}).items():
        for raw in split_values(entry.get("value"), _MULTI):
            url = web_url(raw, source=source, line=line, field=f"Website {number} - Value")
            if url is None:
                continue
            if profile is None and is_linkedin_url(url):
                profile = url
            else:
                others.append(url)

    fields: dict[str, list[str]] = {}
    attributes: dict[str, str] = {}
    for entry in numbered.get("custom field", {}).values():
        label, value = entry.get("label", "").strip(), entry.get("value", "").strip()
        if not label or not value:
            continue
        target = _CUSTOM_FIELDS.get(label.casefold())
        if target is None:
            attributes.setdefault(label.casefold(), value)
        else:
            fields.setdefault(target, []).extend(split_values(value, (":::", ";", ",")))
    for entry in numbered.get("address", {}).values():
        country = split_values(entry.get("country"), _MULTI)
        if country:
            attributes.setdefault("country", country[0])
            break
    if "organization department" in values or "organization 1 - department" in values:
        attributes.setdefault(
            "department",
            values.get("organization department") or values["organization 1 - department"],
        )

    organization = values.get("organization name") or values.get("organization 1 - name")
    role = values.get("organization title") or values.get("organization 1 - title")
    return PersonRecord(
        name=" ".join(name.split()),
        source=source,
        line=line,
        first_name=first,
        last_name=last,
        # lists, not generators: unique() skips its work for none or one
        emails=unique([email for _, email in emails]),
        phones=unique(
            [
                phone
                for entry in numbered.get("phone", {}).values()
                for phone in split_values(entry.get("value"), _MULTI)
            ]
        ),
        organization=_first(organization),
        role=_first(role),
        url=profile,
        urls=unique(others),
        industry=next(iter(fields.get("industry", [])), None),
        discipline=next(iter(fields.get("discipline", [])), None),
        attributes=attributes,
        tags=_tags(values.get("labels") or values.get("group membership")),
        expertise=unique(fields.get("expertise", [])),
        interests=unique(fields.get("interests", [])),
        bio=values.get("notes"),
        related=tuple(
            RelatedRecord(name=value, uri=None, kind=entry.get("label", "").casefold() or None)
            for entry in numbered.get("relation", {}).values()
            for value in split_values(entry.get("value"), _MULTI)
        ),
    )


def _first(value: str | None) -> str | None:
    parts = split_values(value, _MULTI)
    return parts[0] if parts else None


def _tags(value: str | None) -> tuple[str, ...]:
    tags: list[str] = []
    for label in split_values(value, _MULTI):
        if not is_system_group(label) and label.lstrip("* ").strip():
            tags.append(label.lstrip("* ").strip())
    return unique(tags)
