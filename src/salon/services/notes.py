"""Notes people shared: import them from JSONL, list them.

A note keeps the ``id`` of its record as its ``ref``, so importing a file again
updates the notes it already brought instead of duplicating them.  The person
who shared a note is found by name (or email, or id) among the owner's people,
or created with the note's role.  Notes are part of the semantic index
(``note:<ref>``), so far-analogy search finds them and says whom to call.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salon.db.models import Account, InferredValue, Note, Person
from salon.errors import InputError, NotFoundError
from salon.io import read_notes_jsonl
from salon.io.records import ImportIssue, NoteRecord
from salon.services.people import PersonFields, add_person, get_person

__all__ = ["NoteImportReport", "SharedNote", "add_note", "import_notes", "list_notes"]


@dataclass
class NoteImportReport:
    """What ``salon note import`` did: note counts, people created, lines skipped."""

    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    people_created: int = 0
    skipped: list[ImportIssue] = field(default_factory=list)

    @property
    def n_skipped(self) -> int:
        return len(self.skipped)


@dataclass(frozen=True, slots=True)
class SharedNote:
    """A stored note with the name of the person who shared it."""

    ref: str
    text: str
    domain: str | None
    role: str | None
    person_id: int | None
    person: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "ref": self.ref,
            "person": self.person,
            "person_id": self.person_id,
            "role": self.role,
            "domain": self.domain,
            "text": self.text,
        }


def _author(
    session: Session, owner: Account, record: NoteRecord, report: NoteImportReport
) -> Person:
    try:
        return get_person(session, owner, record.person)
    except NotFoundError:
        pass
    except InputError as exc:  # ambiguous name: say which line, and let the user pick
        raise InputError(
            f"{exc}; rename one of them or write an id",
            source=record.source,
            line=record.line,
            field="person",
        ) from None
    report.people_created += 1
    person = add_person(session, owner, PersonFields(name=record.person, role=record.role))
    if record.domain:
        # All the file says of this person is the field their note comes from:
        # their industry, marked as inferred so that a stated value replaces it
        # (and so that far analogies know which field they speak from).
        person.industry = record.domain
        person.inferences.append(
            InferredValue(
                field="industry",
                confidence=1.0,
                method="note",
                source=f"domain of note {record.ref!r}",
            )
        )
    return person


def import_notes(
    session: Session, owner: Account, path: str | Path, *, skip_bad_rows: bool = False
) -> NoteImportReport:
    """Create or update the notes of a JSONL file (see :func:`salon.io.read_notes_jsonl`).

    A note whose ``id`` is already stored is updated (or left unchanged); a
    person not found by name is created with the note's role and, as an
    inferred industry, the note's domain; a found person without a role gets it.

    Raises
    ------
    InputError
        Unless ``skip_bad_rows``: a malformed line, an ``id`` given twice in the
        file, or a person name shared by several people.  The caller's
        transaction then rolls back, so a bad file changes nothing.
    """
    parsed = read_notes_jsonl(path, skip_bad_rows=skip_bad_rows)
    report = NoteImportReport(str(path), skipped=list(parsed.skipped))
    stored = {n.ref: n for n in session.scalars(select(Note).where(Note.owner_id == owner.id))}
    first_line: dict[str, int] = {}
    for record in parsed.records:
        try:
            if record.ref in first_line:
                raise InputError(
                    f"id {record.ref!r} was already given at line {first_line[record.ref]}",
                    source=record.source,
                    line=record.line,
                    field="id",
                )
            author = _author(session, owner, record, report)
        except InputError as exc:
            if not skip_bad_rows:
                raise
            report.skipped.append(ImportIssue(record.source, exc.line, exc.field, exc.message))
            continue
        first_line[record.ref] = record.line
        if record.role and not author.role:
            author.role = record.role
        note = stored.get(record.ref)
        if note is None:
            note = Note(owner_id=owner.id, ref=record.ref, text=record.text)
            session.add(note)
            stored[record.ref] = note
            report.created += 1
        elif (note.person_id, note.role, note.domain, note.text) == (
            author.id,
            record.role,
            record.domain,
            record.text,
        ):
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        note.person_id, note.role, note.domain, note.text = (
            author.id,
            record.role,
            record.domain,
            record.text,
        )
    session.flush()
    return report


def list_notes(
    session: Session,
    owner: Account,
    *,
    person: str | None = None,
    domain: str | None = None,
) -> list[SharedNote]:
    """Stored notes by ref; ``person`` (name, email or id) and ``domain`` narrow the list.

    Raises
    ------
    NotFoundError, InputError
        ``person`` names nobody, or several people.
    """
    query = (
        select(Note, Person.name)
        .outerjoin(Person, Person.id == Note.person_id)
        .where(Note.owner_id == owner.id)
    )
    if person is not None:
        query = query.where(Note.person_id == get_person(session, owner, person).id)
    if domain is not None:
        query = query.where(func.lower(Note.domain) == domain.strip().lower())
    return [
        SharedNote(note.ref, note.text, note.domain, note.role, note.person_id, name)
        for note, name in session.execute(query.order_by(Note.ref))
    ]


def add_note(
    session: Session,
    owner: Account,
    text: str,
    *,
    person: Person | None = None,
    domain: str | None = None,
) -> Note:
    """Keep a note typed by the user (a form), under a new ``web-...`` ref.

    Raises
    ------
    InputError
        The note is blank.
    """
    if not text.strip():
        raise InputError("a note needs text", field="text")
    note = Note(
        owner_id=owner.id,
        ref=f"web-{uuid.uuid4().hex[:12]}",
        person_id=person.id if person else None,
        role=person.role if person else None,
        domain=(domain or "").strip() or None,
        text=text.strip(),
    )
    session.add(note)
    session.flush()
    return note
