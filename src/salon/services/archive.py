"""The JSON archive: everything in one owner's network, and back.

The archive names records by positional keys (``p1``, ``i1``, ``e1``) instead
of database ids, so export → import into an empty store → export gives the
same document, on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salon.db.models import (
    Account,
    Attendance,
    Community,
    Encounter,
    Event,
    EventFeedback,
    EventTable,
    Feedback,
    Idea,
    IdeaVersion,
    InferredValue,
    Insight,
    Interaction,
    InteractionParticipant,
    Lesson,
    Member,
    Note,
    Person,
    Seat,
    SeatingPair,
    Tie,
    TieEvidence,
)
from salon.db.store import serialise_owner_writes
from salon.errors import DuplicateError, InputError
from salon.io.normalise import normalise_name
from salon.io.rules import decode_source, load_json
from salon.io.source import read_source_text
from salon.services.accounts import me
from salon.services.archive_export import export_archive, write_archive
from salon.services.archive_schema import (
    FORMAT,
    Archive,
    ArchiveEvent,
    validate_archive,
)
from salon.services.people import PersonFields, apply_fields
from salon.services.ties import forget_tie_cache

__all__ = ["FORMAT", "export_archive", "import_archive", "read_archive", "write_archive"]


#: archive field -> ORM attribute, where the two names differ
_ATTRIBUTE = {"organiser": "is_organiser", "table": "table_number", "strength": "manual_strength"}


def _attributes(entry: BaseModel, *skip: str) -> dict[str, Any]:
    """An archive entry's fields as ORM attributes, lists copied.

    ``skip`` names the fields that need the caller: keys of people or events,
    nested entries.
    """
    return {
        _ATTRIBUTE.get(name, name): list(value) if isinstance(value, list) else value
        for name, value in entry
        if name not in skip
    }


def parse_archive(data: bytes, source: str | Path) -> Any:
    """An uploaded archive's JSON (the bytes of a ``salon export json`` file called ``source``),
    read by the same rules as :func:`read_archive`."""
    return load_json(decode_source(data, source), source)


def read_archive(path: str | Path) -> Any:
    """An archive file's JSON, read by the rules every importer shares (:mod:`salon.io.rules`).

    Raises
    ------
    InputError
        If the file is unreadable, too large, empty, not UTF-8/16/32, not
        JSON, nested too deeply, or repeats a key in an object.
    """
    return load_json(read_source_text(path), path)


def import_archive(
    session: Session, owner: Account, doc: Any, *, source: str | Path | None = None
) -> dict[str, int]:
    """Load an archive into ``owner``'s network, which must be empty.

    The document is validated whole first (:func:`validate_archive`), so a
    bad entry anywhere writes nothing.  Raises :class:`InputError` naming
    ``source`` (the file) and the bad section and entry; the caller's
    transaction then rolls everything back.
    """
    serialise_owner_writes(session, owner.id)  # "must be empty" holds until this commits
    where = str(source) if source is not None else None
    archive = validate_archive(doc, where)
    try:
        return _import_archive(session, owner, archive)
    except InputError as exc:
        if exc.source is not None or where is None:
            raise
        raise InputError(exc.message, source=where, line=exc.line, field=exc.field) from exc
    except DuplicateError as exc:  # one email given to two people
        raise InputError(f"malformed archive: {exc}", source=where) from exc
    except IntegrityError as exc:  # a record twice, or a value the schema forbids
        raise InputError(
            f"malformed archive: the database refused it: {exc.orig}", source=where
        ) from exc


def _import_archive(session: Session, owner: Account, doc: Archive) -> dict[str, int]:
    n_people = session.scalar(
        select(func.count(Person.id)).where(Person.owner_id == owner.id, Person.is_me.is_(False))
    )
    if n_people:
        raise InputError(
            f"the network of {owner.name!r} already holds {n_people} people; "
            "import an archive into an empty store (or another --owner)"
        )
    # the archive's keys -> the new rows' ids; validate_archive has checked every key
    people = _import_people(session, owner, doc)
    interactions = _import_interactions(session, owner, doc, people)
    events = _import_communities(session, owner, doc, people)

    def evidence_source(value: str) -> str:
        kind, _, k = value.partition(":")
        table = {"interaction": interactions, "event": events}.get(kind)
        if table is not None and k in table:
            return f"{kind}:{table[k]}"
        return value

    _import_ties(session, owner, doc, people, evidence_source)
    _import_ideas(session, owner, doc, people)
    for lesson in doc.lessons:
        person_id = people[lesson.person] if lesson.person else None
        session.add(Lesson(owner_id=owner.id, person_id=person_id, **_attributes(lesson, "person")))
    for note in doc.notes:
        person_id = people[note.person] if note.person else None
        session.add(Note(owner_id=owner.id, person_id=person_id, **_attributes(note, "person")))
    session.flush()
    forget_tie_cache(session)
    return {
        "people": len(people),
        "ties": len(doc.ties),
        "interactions": len(interactions),
        "ideas": len(doc.ideas),
        "lessons": len(doc.lessons),
        "communities": len(doc.communities),
        "events": len(events),
    }


def _import_people(session: Session, owner: Account, doc: Archive) -> dict[str, int]:
    user = me(session, owner)
    ids: dict[str, int] = {}
    for n, row in enumerate(doc.people, start=1):
        # an archive person has PersonFields' fields, its key and what salon inferred
        fields = PersonFields(**row.model_dump(exclude={"key", "me", "inferred"}))
        if row.me:
            person = user
        else:
            person = Person(owner_id=owner.id, name=row.name, name_key=normalise_name(row.name))
            session.add(person)
        try:
            apply_fields(session, owner, person, fields, overwrite=True)
        except InputError as exc:
            raise InputError(exc.message, field=f"people[{n}].{exc.field or 'name'}") from exc
        session.flush()
        for name, provenance in row.inferred.items():
            session.add(InferredValue(person_id=person.id, field=name, **dict(provenance)))
        ids[row.key] = person.id
    return ids


def _import_interactions(
    session: Session, owner: Account, doc: Archive, people: dict[str, int]
) -> dict[str, int]:
    ids: dict[str, int] = {}
    for x in doc.interactions:
        interaction = Interaction(
            owner_id=owner.id, **_attributes(x, "key", "participants", "insights")
        )
        interaction.participants = [
            InteractionParticipant(person_id=people[k]) for k in x.participants
        ]
        interaction.insights = [Insight(text=t) for t in x.insights]
        session.add(interaction)
        session.flush()
        ids[x.key] = interaction.id
    return ids


def _import_communities(
    session: Session, owner: Account, doc: Archive, people: dict[str, int]
) -> dict[str, int]:
    """The communities with their members, seating rules and events; the events' ids."""
    event_ids: dict[str, int] = {}
    for c in doc.communities:
        community = Community(
            owner_id=owner.id, **_attributes(c, "members", "events", "seating_rules")
        )
        community.members = [
            Member(person_id=people[m.person], **_attributes(m, "person")) for m in c.members
        ]
        session.add(community)
        session.flush()
        for rule in c.seating_rules:
            low, high = sorted((people[rule.a], people[rule.b]))
            session.add(
                SeatingPair(
                    community_id=community.id, person_a_id=low, person_b_id=high, kind=rule.kind
                )
            )
        for e in c.events:
            event_ids[e.key] = _import_event(session, community, e, people)
    return event_ids


def _import_event(
    session: Session, community: Community, e: ArchiveEvent, people: dict[str, int]
) -> int:
    event = Event(
        **_attributes(e, "key", "tables", "attendance", "seats", "encounters", "feedback")
    )
    event.tables = [
        EventTable(host_id=people[t.host] if t.host else None, **_attributes(t, "host"))
        for t in e.tables
    ]
    event.attendance = [
        Attendance(person_id=people[a.person], **_attributes(a, "person")) for a in e.attendance
    ]
    event.seats = [Seat(person_id=people[s.person], **_attributes(s, "person")) for s in e.seats]
    community.events.append(event)
    session.flush()
    for encounter in e.encounters:
        low, high = sorted((people[encounter.a], people[encounter.b]))
        session.add(
            Encounter(
                community_id=community.id,
                event_id=event.id,
                round=encounter.round,
                person_a_id=low,
                person_b_id=high,
                met_on=encounter.met_on,
            )
        )
    for f in e.feedback:
        session.add(
            EventFeedback(
                event_id=event.id, person_id=people[f.person], about_id=people[f.about], kind=f.kind
            )
        )
    return event.id


def _import_ties(
    session: Session,
    owner: Account,
    doc: Archive,
    people: dict[str, int],
    evidence_source: Callable[[str], str],
) -> None:
    for t in doc.ties:
        a, b = sorted((people[t.a], people[t.b]))
        tie = Tie(
            owner_id=owner.id,
            person_a_id=a,
            person_b_id=b,
            introduced_by_id=people[t.introduced_by] if t.introduced_by else None,
            **_attributes(t, "a", "b", "introduced_by", "evidence"),
        )
        tie.evidence = [
            TieEvidence(source_ref=evidence_source(e.source), **_attributes(e, "source"))
            for e in t.evidence
        ]
        session.add(tie)


def _import_ideas(session: Session, owner: Account, doc: Archive, people: dict[str, int]) -> None:
    for i in doc.ideas:
        idea = Idea(owner_id=owner.id, **_attributes(i, "versions"))
        for v in i.versions:
            version = IdeaVersion(**_attributes(v, "feedback"))
            version.feedback = [
                Feedback(person_id=people[f.person], **_attributes(f, "person")) for f in v.feedback
            ]
            idea.versions.append(version)
        session.add(idea)


def load_archive(session: Session, owner: Account, path: Path) -> dict[str, int]:
    """Read the JSON archive at ``path`` and load it (see :func:`import_archive`).

    Raises
    ------
    InputError
        Naming the file: unreadable, not JSON (with its line), or a malformed
        archive (with its section and entry).
    """
    return import_archive(session, owner, read_archive(path), source=path.name)
