"""The JSON archive: everything in one owner's network, and back.

The archive names records by positional keys (``p1``, ``i1``, ``e1``) instead
of database ids, so export → import into an empty store → export gives the
same document, on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
from salon.services.archive_schema import FORMAT, Archive, validate_archive
from salon.services.people import PersonFields, apply_fields
from salon.services.ties import forget_tie_cache

__all__ = ["FORMAT", "export_archive", "import_archive", "read_archive", "write_archive"]


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
            session.add(
                InferredValue(
                    person_id=person.id,
                    field=name,
                    confidence=provenance.confidence,
                    method=provenance.method,
                    source=provenance.source,
                )
            )
        ids[row.key] = person.id

    def pid(value: str) -> int:
        return ids[value]  # validate_archive has checked every key

    interaction_ids: dict[str, int] = {}
    for x in doc.interactions:
        interaction = Interaction(
            owner_id=owner.id,
            occurred_on=x.occurred_on,
            channel=x.channel,
            purposes=list(x.purposes),
            depth=x.depth,
            challenged=x.challenged,
            outcomes=list(x.outcomes),
            learning_goal=x.learning_goal,
            notes=x.notes,
        )
        interaction.participants = [
            InteractionParticipant(person_id=pid(k)) for k in x.participants
        ]
        interaction.insights = [Insight(text=t) for t in x.insights]
        session.add(interaction)
        session.flush()
        interaction_ids[x.key] = interaction.id

    event_ids: dict[str, int] = {}
    for c in doc.communities:
        community = Community(
            owner_id=owner.id, name=c.name, description=c.description, cadence=c.cadence
        )
        community.members = [
            Member(
                person_id=pid(m.person),
                intent=m.intent,
                is_organiser=m.organiser,
                joined_on=m.joined_on,
            )
            for m in c.members
        ]
        session.add(community)
        session.flush()
        for rule in c.seating_rules:
            low, high = sorted((pid(rule.a), pid(rule.b)))
            session.add(
                SeatingPair(
                    community_id=community.id, person_a_id=low, person_b_id=high, kind=rule.kind
                )
            )
        for e in c.events:
            event = Event(title=e.title, starts_on=e.starts_on, venue=e.venue, rounds=e.rounds)
            event.tables = [
                EventTable(
                    number=t.number,
                    min_size=t.min_size,
                    max_size=t.max_size,
                    host_id=pid(t.host) if t.host else None,
                )
                for t in e.tables
            ]
            event.attendance = [
                Attendance(person_id=pid(a.person), rsvp=a.rsvp, checked_in_at=a.checked_in_at)
                for a in e.attendance
            ]
            event.seats = [
                Seat(round=s.round, table_number=s.table, person_id=pid(s.person)) for s in e.seats
            ]
            community.events.append(event)
            session.flush()
            event_ids[e.key] = event.id
            for encounter in e.encounters:
                low, high = sorted((pid(encounter.a), pid(encounter.b)))
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
                        event_id=event.id,
                        person_id=pid(f.person),
                        about_id=pid(f.about),
                        kind=f.kind,
                    )
                )

    def evidence_source(value: str) -> str:
        kind, _, k = value.partition(":")
        table = {"interaction": interaction_ids, "event": event_ids}.get(kind)
        if table is not None and k in table:
            return f"{kind}:{table[k]}"
        return value

    for t in doc.ties:
        a, b = sorted((pid(t.a), pid(t.b)))
        tie = Tie(
            owner_id=owner.id,
            person_a_id=a,
            person_b_id=b,
            since=t.since,
            how_met=t.how_met,
            introduced_by_id=pid(t.introduced_by) if t.introduced_by else None,
            support=list(t.support),
            manual_strength=t.strength,
        )
        tie.evidence = [
            TieEvidence(
                kind=e.kind,
                inferred=e.inferred,
                source_ref=evidence_source(e.source),
                observed_on=e.observed_on,
            )
            for e in t.evidence
        ]
        session.add(tie)
    for i in doc.ideas:
        idea = Idea(
            owner_id=owner.id,
            title=i.title,
            problem=i.problem,
            domain=i.domain,
            status=i.status,
            needs=list(i.needs),
            created_on=i.created_on,
        )
        for v in i.versions:
            version = IdeaVersion(number=v.number, text=v.text, created_on=v.created_on)
            version.feedback = [
                Feedback(person_id=pid(f.person), text=f.text, stance=f.stance, given_on=f.given_on)
                for f in v.feedback
            ]
            idea.versions.append(version)
        session.add(idea)
    for lesson in doc.lessons:
        session.add(
            Lesson(
                owner_id=owner.id,
                person_id=pid(lesson.person) if lesson.person else None,
                title=lesson.title,
                context=lesson.context,
                what_happened=lesson.what_happened,
                takeaway=lesson.takeaway,
                kind=lesson.kind,
                domain=lesson.domain,
                tags=list(lesson.tags),
                learned_on=lesson.learned_on,
            )
        )
    for note in doc.notes:
        session.add(
            Note(
                owner_id=owner.id,
                ref=note.ref,
                person_id=pid(note.person) if note.person else None,
                role=note.role,
                domain=note.domain,
                text=note.text,
            )
        )
    session.flush()
    forget_tie_cache(session)
    return {
        "people": len(ids),
        "ties": len(doc.ties),
        "interactions": len(interaction_ids),
        "ideas": len(doc.ideas),
        "lessons": len(doc.lessons),
        "communities": len(doc.communities),
        "events": len(event_ids),
    }


def load_archive(session: Session, owner: Account, path: Path) -> dict[str, int]:
    """Read the JSON archive at ``path`` and load it (see :func:`import_archive`).

    Raises
    ------
    InputError
        Naming the file: unreadable, not JSON (with its line), or a malformed
        archive (with its section and entry).
    """
    return import_archive(session, owner, read_archive(path), source=path.name)
