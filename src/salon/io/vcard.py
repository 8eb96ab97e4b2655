"""vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) files, as address books export them.

vobject parses each card; this module finds the cards, keeps the physical line
each starts on, and maps properties to a :class:`PersonRecord`:

- ``FN`` (else ``N``) → name; ``N`` → first and last name;
- ``EMAIL`` (``PREF`` first), ``TEL``, ``ORG`` (first component), ``TITLE``
  (else ``ROLE``), ``NOTE`` → bio, ``CATEGORIES`` → tags and, whole, the
  ``categories`` attribute (which enrichment reads as evidence of an industry);
- ``URL`` and ``X-SOCIALPROFILE``: a linkedin.com URL becomes ``url``, the others
  ``urls``;
- ``EXPERTISE``, ``INTEREST`` and ``HOBBY`` (RFC 6715) → expertise and interests;
- ``RELATED`` (4.0) and Apple's ``X-ABRELATEDNAMES`` (with the ``X-ABLabel`` of
  its ``itemN.`` group as the kind) → related people;
- the country of the first ``ADR`` → ``attributes["country"]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vobject

from salon.errors import InputError
from salon.io.normalise import is_linkedin_url
from salon.io.records import ParsedFile, PersonRecord, RelatedRecord
from salon.io.rules import MAX_FIELD_CHARS, check_field
from salon.io.source import RowProblems, read_source_text, split_physical_lines
from salon.io.values import emails_from, is_system_group, unique, web_url

__all__ = ["read_vcard"]

_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_URI = re.compile(r"^[a-z][a-z0-9+.-]*:\S", re.IGNORECASE)
_FAILED_LINE = "Failed to parse line: "
# binary properties, often long base64 (a photo of 100 KB is 137,000 characters)
_BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})


@dataclass(frozen=True, slots=True)
class _CardText:
    line: int  # physical line of BEGIN:VCARD
    lines: list[str]  # the card's physical lines, BEGIN and END included


def read_vcard(path: str | Path, *, skip_bad_rows: bool = False) -> ParsedFile:
    r"""Read every card of a vCard 3.0 or 4.0 file.

    Parameters
    ----------
    path : str or Path
        A ``.vcf`` file with one or more cards, UTF-8, any line ends; folded
        lines (a line starting with a space or tab continues the previous one)
        are unfolded.
    skip_bad_rows : bool, default False
        If True, a malformed card is left out and listed in ``skipped``.

    Returns
    -------
    ParsedFile
        One record per card, in file order, with the line of its ``BEGIN:VCARD``.

    Raises
    ------
    InputError
        If the file is not UTF-8 or (unless ``skip_bad_rows``) a card is
        malformed: a content line vobject cannot parse (named by its line and
        property), a card never closed by ``END:VCARD``, text outside any card,
        a card without ``FN`` or ``N``, or an e-mail address that is not one.

    Examples
    --------
    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> card = (
    ...     "BEGIN:VCARD\r\nVERSION:3.0\r\nN:López;Ana;;;\r\nFN:Ana López\r\n"
    ...     "CATEGORIES:climate,meetup\r\nEND:VCARD\r\n"
    ... )
    >>> with TemporaryDirectory() as folder:
    ...     path = Path(folder, "contacts.vcf")
    ...     _ = path.write_text(card, encoding="utf-8")
    ...     parsed = read_vcard(path)
    >>> [(r.name, r.tags) for r in parsed.records]
    [('Ana López', ('climate', 'meetup'))]
    """
    source = str(path)
    problems = RowProblems(source, skip_bad_rows=skip_bad_rows)
    records: list[PersonRecord] = []
    for card in _cards(split_physical_lines(read_source_text(path)), source, problems):
        try:
            records.append(_record(_parsed_card(card, source), card.line, source))
        except InputError as error:
            problems.report(error)
    return ParsedFile(records, problems.issues)


def _cards(lines: list[str], source: str, problems: RowProblems) -> Iterator[_CardText]:
    """Split the file into cards at BEGIN:VCARD / END:VCARD, reporting stray text."""
    current: _CardText | None = None
    for number, text in enumerate(lines, start=1):
        keyword = text.strip().casefold()
        if keyword == "begin:vcard":
            if current is not None:
                problems.report(
                    InputError(
                        "card is not closed by END:VCARD before the next BEGIN:VCARD",
                        source=source,
                        line=current.line,
                    )
                )
            current = _CardText(number, [text])
        elif current is not None:
            current.lines.append(text)
            if keyword == "end:vcard":
                yield current
                current = None
        elif text.strip():
            problems.report(
                InputError(
                    f"text outside any BEGIN:VCARD ... END:VCARD card: {text.strip()[:40]!r}",
                    source=source,
                    line=number,
                )
            )
    if current is not None:
        problems.report(
            InputError("card is not closed by END:VCARD", source=source, line=current.line)
        )


def _parsed_card(card: _CardText, source: str) -> Any:
    # Binary properties salon does not read (a base64 photo easily passes the
    # field limit) are left out; the others are checked against the limit
    # before vobject, which takes a thousand times a long value's size in memory.
    kept: list[str] = []
    skipping = False
    for offset, text in enumerate(card.lines):
        if text[:1] in (" ", "\t") and offset > 0:
            if not skipping:
                kept.append(text)
            continue
        skipping = _property(text) in _BINARY
        if not skipping:
            kept.append(text)
    for start, text in _logical_lines(card):
        if len(text) > MAX_FIELD_CHARS and _property(text) not in _BINARY:
            check_field(text, source=source, line=start, field=_property(text))
    try:
        return vobject.readOne("\r\n".join(kept) + "\r\n", validate=False)
    except (vobject.base.VObjectError, ValueError) as error:
        # vobject prefixes its message with a line number that is not the file's
        message = str(getattr(error, "msg", error))
        line, field = _where(card, message)
        if _FAILED_LINE in message:
            bad = message.split(_FAILED_LINE, 1)[1].strip()
            message = f"cannot parse the content line {bad!r} (expected NAME;PARAM=...:VALUE)"
        raise InputError(
            f"malformed vCard: {message}", source=source, line=line, field=field
        ) from error


def _where(card: _CardText, message: str) -> tuple[int, str | None]:
    """The physical line and property name of the content line vobject rejected.

    vobject's own ``lineNumber`` does not count physical lines, so find the
    rejected (unfolded) line among the card's logical lines instead.
    """
    if _FAILED_LINE not in message:
        return card.line, None
    bad = message.split(_FAILED_LINE, 1)[1].strip()
    starts = [start for start, text in _logical_lines(card) if text.strip() == bad]
    if not starts:
        return card.line, None
    return starts[0], _property(bad)


def _logical_lines(card: _CardText) -> list[tuple[int, str]]:
    """The card's content lines unfolded, each with the physical line it starts on."""
    logical: list[tuple[int, str]] = []
    for offset, text in enumerate(card.lines):
        if logical and text[:1] in (" ", "\t"):
            logical[-1] = (logical[-1][0], logical[-1][1] + text[1:])
        else:
            logical.append((card.line + offset, text))
    return logical


def _property(content_line: str) -> str | None:
    """The property name of a content line (``item1.EMAIL;TYPE=work:…`` → ``EMAIL``)."""
    match = re.match(r"[A-Za-z0-9.-]+", content_line.strip())
    name = match.group(0).rsplit(".", 1)[-1].upper() if match else ""
    return name or None


def _record(card: Any, line: int, source: str) -> PersonRecord:
    contents: dict[str, list[Any]] = card.contents
    first, last, name_from_n = _names(contents)
    name = _text(contents, "fn") or name_from_n
    if not name:
        raise InputError("card has neither FN nor N: no name", source=source, line=line, field="FN")
    profile, others = _urls(contents, source, line)
    categories = tuple(
        tag for tag in _list_values(contents, "categories") if not is_system_group(tag)
    )
    attributes = _attributes(contents)
    if categories:  # kept whole too, for enrichment: "biotech, science" says what a person does
        attributes["categories"] = ", ".join(categories)
    return PersonRecord(
        name=" ".join(name.split()),
        source=source,
        line=line,
        first_name=first,
        last_name=last,
        emails=emails_from(
            (
                str(item.value)
                for item in _preferred_first(contents.get("email", []))
                if str(item.value).strip()
            ),
            source=source,
            line=line,
            field="EMAIL",
        ),
        phones=unique(
            _without_tel_scheme(str(item.value))
            for item in _preferred_first(contents.get("tel", []))
            if str(item.value).strip()
        ),
        organization=_organization(contents),
        role=_text(contents, "title") or _text(contents, "role"),
        url=profile,
        urls=others,
        attributes=attributes,
        tags=categories,
        expertise=_list_values(contents, "expertise"),
        interests=unique(_list_values(contents, "interest") + _list_values(contents, "hobby")),
        bio="\n\n".join(
            str(item.value).strip() for item in contents.get("note", []) if str(item.value).strip()
        )
        or None,
        related=_related(contents),
    )


def _text(contents: dict[str, list[Any]], key: str) -> str | None:
    for item in contents.get(key, []):
        value = item.value
        if isinstance(value, list):
            value = ";".join(str(part) for part in value)
        text = str(value).strip()
        if text:
            return text
    return None


def _names(contents: dict[str, list[Any]]) -> tuple[str | None, str | None, str | None]:
    """First name, last name, and a display name composed from ``N``."""
    if not contents.get("n"):
        return None, None, None
    value = contents["n"][0].value

    def part(attribute: str) -> str | None:
        raw = getattr(value, attribute, "")
        text = " ".join(raw) if isinstance(raw, list) else str(raw)
        return " ".join(text.split()) or None

    given, additional, family = part("given"), part("additional"), part("family")
    composed = " ".join(piece for piece in (given, additional, family) if piece)
    return given, family, composed or None


def _params(item: Any, key: str) -> list[str]:
    """A parameter's values, split at commas (3.0 allows ``TYPE=work,pref``)."""
    values: list[str] = []
    for raw in item.params.get(key, []):
        values.extend(part.strip() for part in str(raw).split(",") if part.strip())
    return values


def _preferred_first(items: list[Any]) -> list[Any]:
    """``TYPE=pref`` (3.0) or ``PREF=1`` (4.0) first; otherwise file order."""

    def rank(item: Any) -> int:
        if any(kind.casefold() == "pref" for kind in _params(item, "TYPE")):
            return 0
        pref = _params(item, "PREF")
        return int(pref[0]) if pref and pref[0].isdigit() else 101

    return sorted(items, key=rank)


def _without_tel_scheme(value: str) -> str:
    text = value.strip()
    return text[4:] if text.casefold().startswith("tel:") else text


def _organization(contents: dict[str, list[Any]]) -> str | None:
    for item in contents.get("org", []):
        value = item.value
        first = value[0] if isinstance(value, list) and value else value
        text = str(first).strip() if first else ""
        if text:
            return text
    return None


def _list_values(contents: dict[str, list[Any]], key: str) -> tuple[str, ...]:
    values: list[str] = []
    for item in contents.get(key, []):
        raw = item.value
        parts = raw if isinstance(raw, list) else str(raw).split(",")
        values.extend(str(part).strip() for part in parts if str(part).strip())
    return unique(values)


def _urls(
    contents: dict[str, list[Any]], source: str, line: int
) -> tuple[str | None, tuple[str, ...]]:
    """The first linkedin.com URL as the profile, every other web URL beside it."""
    profile: str | None = None
    others: list[str] = []
    for item in contents.get("url", []) + contents.get("x-socialprofile", []):
        value = str(item.value)
        if not value.strip():
            continue
        url = web_url(value, source=source, line=line, field=item.name.upper())
        if url is None:
            continue
        if profile is None and is_linkedin_url(url):
            profile = url
        elif url != profile:
            others.append(url)
    return profile, unique(others)


def _attributes(contents: dict[str, list[Any]]) -> dict[str, str]:
    for item in contents.get("adr", []):
        raw = getattr(item.value, "country", "")
        country = (" ".join(raw) if isinstance(raw, list) else str(raw)).strip()
        if country:
            return {"country": country}
    return {}


def _related(contents: dict[str, list[Any]]) -> tuple[RelatedRecord, ...]:
    labels = {
        item.group.casefold(): str(item.value).strip()
        for item in contents.get("x-ablabel", [])
        if item.group
    }
    found: list[RelatedRecord] = []
    for item in contents.get("related", []):
        value = str(item.value).strip()
        if not value:
            continue
        kinds = [kind for kind in _params(item, "TYPE") if kind.casefold() != "pref"]
        kind = kinds[0].casefold() if kinds else None
        as_text = any(v.casefold() == "text" for v in _params(item, "VALUE"))
        if not as_text and _URI.match(value):
            found.append(RelatedRecord(name=None, uri=value, kind=kind))
        else:
            found.append(RelatedRecord(name=value, uri=None, kind=kind))
    for item in contents.get("x-abrelatednames", []):
        value = str(item.value).strip()
        if not value:
            continue
        label = labels.get(item.group.casefold()) if item.group else None
        kinds = [kind for kind in _params(item, "TYPE") if kind.casefold() != "pref"]
        kind = _apple_label(label) if label else (kinds[0].casefold() if kinds else None)
        found.append(RelatedRecord(name=value, uri=None, kind=kind))
    return tuple(found)


def _apple_label(label: str) -> str:
    """``_$!<Friend>!$_`` (Apple's built-in labels) → ``friend``; custom labels as typed."""
    match = _APPLE_LABEL.match(label)
    return (match.group(1) if match else label).strip().casefold()
