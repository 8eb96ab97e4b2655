"""Plain records that the parsers return and the services store.

The parsers know nothing of the database: they turn a file into these frozen
records, and the services layer matches and upserts them.  Every record keeps
``source`` and ``line`` so that a later error or a merge can say where a value
came from.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class RelatedRecord:
    """Someone a person is related to, as the file states it."""

    name: str | None  # the related person's name, if given
    uri: str | None  # e.g. mailto:, urn:uuid:, or a URL, if given
    kind: str | None  # vCard TYPE: contact, acquaintance, friend, met, co-worker, colleague, ...


class PersonRecord(NamedTuple):
    """One person as read from one row or card of an import file.

    A named tuple, not a frozen dataclass like the other records: an import
    makes one per row, and a frozen dataclass sets each of its 20 fields
    through ``object.__setattr__`` (6 µs a record, more than ``csv`` takes to
    read the row); a named tuple is as immutable and is built in C.
    """

    name: str  # display name, never empty
    source: str  # file path or name the record came from
    line: int  # 1-based line where the record starts in the file
    first_name: str | None = None
    last_name: str | None = None
    emails: tuple[str, ...] = ()  # lower-cased, stripped; first is primary
    phones: tuple[str, ...] = ()
    organization: str | None = None
    role: str | None = None  # job title / position
    url: str | None = None  # profile URL (LinkedIn etc.), normalised: https, no trailing slash
    urls: tuple[str, ...] = ()  # other URLs
    industry: str | None = None
    discipline: str | None = None
    # other background attributes; the default is shared, so read-only
    attributes: Mapping[str, str] = MappingProxyType({})
    tags: tuple[str, ...] = ()  # e.g. vCard CATEGORIES, Google labels
    expertise: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    bio: str | None = None  # notes / bio
    connected_on: datetime.date | None = None
    related: tuple[RelatedRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """One row of a meetup's member list: the person, and why they come."""

    person: PersonRecord
    intent: str  # one of the intents the reader was given; "both" when the cell is empty


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A note someone shared (``salon note import``), one JSON object of a JSONL file."""

    ref: str  # the note's own ``id``, kept so a re-import updates instead of duplicating
    person: str  # who shared it (a name), matched or created by the services
    role: str | None
    domain: str | None
    text: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """Why a row or card was skipped: where it is, which field, what is wrong."""

    source: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.source]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """The people read from one file, and the rows skipped with ``skip_bad_rows=True``."""

    records: list[PersonRecord]
    skipped: list[ImportIssue]


@dataclass(frozen=True, slots=True)
class ParsedNotes:
    """The notes read from one JSONL file, and the lines skipped with ``skip_bad_rows=True``."""

    records: list[NoteRecord]
    skipped: list[ImportIssue]
