"""Importing people from files: match, update, never duplicate.

The parsers in :mod:`salon.io` turn a file into records; this module matches
each record to a stored person (email, profile URL, name + organisation) and
fills in what the store lacks.  Values already stored win over incoming ones,
so importing LinkedIn then a vCard (or the reverse) and re-importing either
changes nothing the second time.  The caller runs this inside one transaction:
a bad file raises before anything is written, or rolls everything back.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from salon.db.models import Account, Person
from salon.db.store import serialise_owner_writes
from salon.errors import InputError
from salon.io import read_generic_csv, read_google_csv, read_linkedin, read_vcard
from salon.io.normalise import normalise_email, normalise_url
from salon.io.records import ImportIssue, ParsedFile, PersonRecord
from salon.services.accounts import me
from salon.services.archive import import_archive, parse_archive
from salon.services.import_writer import Progress, RecordOutcome, store_records
from salon.services.matching import PeopleIndex, identity_clash_message, match_person
from salon.services.people import (
    PersonFields,
    add_person,
    apply_fields,
    check_lengths,
    person_by_email,
    person_by_url,
)


@dataclass
class ImportReport:
    """What an import did: counts, and the rows it skipped with the reason."""

    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[ImportIssue] = field(default_factory=list)
    ties_added: int = 0
    person_ids: list[int] = field(default_factory=list)  # everyone the file named, in order

    @property
    def n_skipped(self) -> int:
        return len(self.skipped)


def record_fields(record: PersonRecord) -> PersonFields:
    return PersonFields(
        name=record.name,
        first_name=record.first_name,
        last_name=record.last_name,
        emails=record.emails,
        organization=record.organization,
        role=record.role,
        url=record.url,
        phone=record.phones[0] if record.phones else None,
        industry=record.industry,
        discipline=record.discipline,
        bio=record.bio,
        connected_on=record.connected_on,
        attributes=dict(record.attributes),
        expertise=record.expertise,
        interests=record.interests,
        tags=record.tags,
    )


def import_people(
    session: Session,
    owner: Account,
    parsed: ParsedFile,
    *,
    kind: str,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Store the records of one parsed file; each becomes a contact of the user.

    ``kind`` names the source ("linkedin", "vcard", ...) in the ties' evidence.
    Matching and writing are done in bulk (:mod:`salon.services.import_writer`),
    inside the caller's transaction.  A record whose emails or URL belong to
    two stored people raises :class:`InputError` naming its file and line
    (merge those people first), or is skipped and reported with
    ``skip_bad_rows``.  ``progress`` is told ``(stage, done, total)``.
    """
    source = (
        parsed.records[0].source
        if parsed.records
        else (parsed.skipped[0].source if parsed.skipped else kind)
    )
    # before reading who is stored: a concurrent import of the same file then
    # matches what this one stores instead of adding everyone a second time
    serialise_owner_writes(session, owner.id)
    stored = store_records(
        session,
        owner,
        me(session, owner),
        parsed.records,
        to_fields=record_fields,
        source_ref=f"import:{kind}",
        skip_bad_rows=skip_bad_rows,
        progress=progress,
    )
    return ImportReport(
        source=source,
        created=stored.outcomes["created"],
        updated=stored.outcomes["updated"],
        unchanged=stored.outcomes["unchanged"],
        skipped=[*parsed.skipped, *stored.skipped],
        ties_added=stored.ties_added,
        person_ids=stored.person_ids,
    )


def match_record(
    session: Session, owner: Account, record: PersonRecord, index: PeopleIndex | None = None
) -> Person | None:
    """The stored person ``record`` stands for (or None), checked before any write.

    With an ``index`` (one per file) the match is made in memory.

    Raises
    ------
    InputError
        Naming the record's file and line, when it cannot be stored: a value
        too long for its column, or emails that belong to two stored people.
    """
    match = index.match if index is not None else functools.partial(match_person, session, owner)
    person = match(
        emails=record.emails, url=record.url, name=record.name, organization=record.organization
    )
    problem = _row_problem(session, owner, record, record_fields(record), person, index)
    if problem is not None:
        raise problem
    return person


def upsert_record(
    session: Session,
    owner: Account,
    record: PersonRecord,
    match: Person | None,
    index: PeopleIndex | None = None,
) -> tuple[Person, RecordOutcome]:
    """Create the person of ``record``, or fill the blanks of its ``match`` (stored values win).

    The ``index`` the match came from, if any, learns the person's new keys.
    """
    fields = record_fields(record)
    email_owner = index.email_owner if index is not None else None
    outcome: RecordOutcome
    if match is None:
        person = add_person(
            session,
            owner,
            fields,
            check_duplicates=False,
            email_owner=email_owner,
            flush=index is None,
        )
        outcome = "created"
    elif apply_fields(session, owner, match, fields, overwrite=False, email_owner=email_owner):
        person, outcome = match, "updated"
    else:
        return match, "unchanged"
    if index is not None:
        index.add(person)
    return person, outcome


def _row_problem(
    session: Session,
    owner: Account,
    record: PersonRecord,
    fields: PersonFields,
    person: Person | None,
    index: PeopleIndex | None,
) -> InputError | None:
    """Why ``record`` cannot be stored, with its file and line, found before any write."""
    try:
        check_lengths(fields)
    except InputError as error:
        return InputError(error.message, source=record.source, line=record.line, field=error.field)
    clash = _identity_clash(session, owner, record, person, index)
    if clash is not None:
        field, message = clash
        return InputError(message, source=record.source, line=record.line, field=field)
    return None


def _identity_clash(
    session: Session,
    owner: Account,
    record: PersonRecord,
    person: Person | None,
    index: PeopleIndex | None,
) -> tuple[str, str] | None:
    """Why ``record``'s emails or URL cannot all go to ``person`` (its match): field, message.

    Checked before anything is written, so a skipped row leaves no trace.
    """
    if person is None:  # no email or URL of the record is stored, or it would have matched
        return None
    for raw in record.emails:
        email = normalise_email(raw)
        if not email:
            continue
        other = (
            person_by_email(session, owner, email) if index is None else index.email_owner(email)
        )
        if other is not None and other.id != person.id:
            return "email", identity_clash_message(
                email, _label(other), _label(person), other.id, person.id
            )
    url = normalise_url(record.url) if record.url else None
    if url and person.url is None:
        other = person_by_url(session, owner, url) if index is None else index.url_owner(url)
        if other is not None and other.id != person.id:
            return "url", identity_clash_message(
                url, _label(other), _label(person), other.id, person.id
            )
    return None


def _label(person: Person) -> str:
    return f"{person.name} (id {person.id})"


IMPORT_KINDS = ("linkedin", "vcard", "google", "csv")


def import_file(
    session: Session,
    owner: Account,
    kind: str,
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Parse ``path`` as ``kind`` and store its people (see :func:`import_people`)."""
    if kind not in IMPORT_KINDS:
        raise InputError(f"unknown import kind {kind!r}; expected one of {', '.join(IMPORT_KINDS)}")
    with _without_cycle_collection():
        if kind == "linkedin":
            parsed = read_linkedin(path, skip_bad_rows=skip_bad_rows)
        elif kind == "vcard":
            parsed = read_vcard(path, skip_bad_rows=skip_bad_rows)
        elif kind == "google":
            parsed = read_google_csv(path, skip_bad_rows=skip_bad_rows)
        else:
            parsed = read_generic_csv(path, mapping, skip_bad_rows=skip_bad_rows)
        return import_people(
            session, owner, parsed, kind=kind, skip_bad_rows=skip_bad_rows, progress=progress
        )


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while an import builds its records.

    An import allocates a few objects per row and frees none until it ends,
    so the collector ran again and again over a heap that only grew: a
    fifth of the CPU time of a 100,000-row import, for no garbage.
    Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


UPLOAD_KINDS = (*IMPORT_KINDS, "json")


@dataclass(frozen=True)
class UploadCounts:
    """What an uploaded file did to the network (a refused file raises instead)."""

    created: int
    updated: int
    unchanged: int
    skipped: int


def import_upload(
    session: Session, owner: Account, kind: str, filename: str, data: bytes
) -> UploadCounts:
    """Import an uploaded file of ``kind`` (an import kind, or ``json`` for an archive).

    All or nothing, as the CLI without ``--skip-bad-rows``: a bad row raises
    :class:`InputError` naming ``filename``, its line and field, and the
    caller's transaction stores none of it.
    """
    if kind not in UPLOAD_KINDS:
        raise InputError(f"unknown import kind {kind!r}; expected one of {', '.join(UPLOAD_KINDS)}")
    name = Path(filename or f"upload.{kind}").name or f"upload.{kind}"
    if kind == "json":
        counts = import_archive(session, owner, parse_archive(data, name), source=name)
        return UploadCounts(created=counts.get("people", 0), updated=0, unchanged=0, skipped=0)
    with tempfile.TemporaryDirectory(prefix="salon-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            report = import_file(session, owner, kind, path)
        except InputError as exc:
            # the user's file name, not the temporary folder's
            raise InputError(exc.message, source=name, line=exc.line, field=exc.field) from None
    return UploadCounts(report.created, report.updated, report.unchanged, report.n_skipped)
