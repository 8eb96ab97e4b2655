"""The JSON archive: everything in one owner's network, and back.

The archive names records by positional keys (``p1``, ``i1``, ``e1``) instead
of database ids, so export → import into an empty store → export gives the
same document, on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

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
from salon.io.json_stream import compact_json, write_json_list
from salon.io.normalise import normalise_name
from salon.io.rules import decode_source, load_json
from salon.io.source import read_source_text
from salon.services.accounts import me
from salon.services.archive_schema import (
    FORMAT,
    Archive,
    ArchiveAttendance,
    ArchiveCommunity,
    ArchiveEvent,
    ArchiveEventFeedback,
    ArchiveEvidence,
    ArchiveFeedback,
    ArchiveIdea,
    ArchiveInteraction,
    ArchiveLesson,
    ArchiveMember,
    ArchiveNote,
    ArchiveSeat,
    ArchiveSeatingRule,
    ArchiveTable,
    ArchiveTie,
    ArchiveVersion,
    validate_archive,
)
from salon.services.people import PersonFields, apply_fields, person_dicts
from salon.services.ties import forget_tie_cache

__all__ = ["FORMAT", "export_archive", "import_archive", "read_archive"]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _tie_order(tie: dict[str, Any]) -> tuple[int, int]:
    return int(tie["a"][1:]), int(tie["b"][1:])


def _ends(first: str, second: str) -> dict[str, str]:
    """A pair's person keys as ``a`` < ``b`` in key order.

    Database ids order the pair differently once an archive is imported, so
    the export orders by key to give the same document again.
    """
    low, high = sorted((first, second), key=lambda k: int(k[1:]))
    return {"a": low, "b": high}


#: archive field -> ORM attribute, where the two names differ
_ATTRIBUTE = {"organiser": "is_organiser", "table": "table_number", "strength": "manual_strength"}
#: list fields stored in no particular order: exported sorted, so that an
#: export → import → export gives the same document
_UNORDERED = frozenset({"needs", "tags", "purposes", "outcomes", "support"})


def _entry(model: type[BaseModel], row: Any, **given: Any) -> dict[str, Any]:
    """``row`` (an ORM object or a row of columns) as an entry of the archive's ``model``.

    The model declares the entry: its fields, in its order, each read from the
    attribute of the same name (or :data:`_ATTRIBUTE`'s), dates as ISO text.
    ``given`` holds the fields a row cannot say alone: keys for ids, nested entries.
    """
    entry: dict[str, Any] = {}
    for name in model.model_fields:
        if name in given:
            entry[name] = given[name]
            continue
        value = getattr(row, _ATTRIBUTE.get(name, name))
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif name in _UNORDERED:
            value = sorted(value)
        entry[name] = value
    return entry


def _attributes(entry: BaseModel, *skip: str) -> dict[str, Any]:
    """An archive entry's fields as ORM attributes (:func:`_entry` backwards), lists copied.

    ``skip`` names the fields that need the caller: keys of people or events,
    nested entries.
    """
    return {
        _ATTRIBUTE.get(name, name): list(value) if isinstance(value, list) else value
        for name, value in entry
        if name not in skip
    }


def _key_of(key: dict[int, str], person_id: int | None) -> str | None:
    """The archive key of an optional reference to a person."""
    return key.get(person_id) if person_id is not None else None


# rows read per query while an archive is written: memory stays flat however
# large the network, and the IN (...) lists stay well inside the drivers' limits
CHUNK = 1_000


def export_archive(session: Session, owner: Account) -> dict[str, Any]:
    """Every record of ``owner``'s network as plain JSON-ready data.

    The whole archive in memory; :func:`write_archive` writes the same
    document as it reads it.
    """
    return {
        name: list(value) if isinstance(value, Iterator) else value
        for name, value in archive_sections(session, owner)
    }


def write_archive(session: Session, owner: Account, out: TextIO) -> None:
    """Write ``owner``'s archive to ``out`` as JSON while reading it, in constant memory.

    ``json.loads`` of the text is :func:`export_archive`'s document; each
    section's records are written one a line (:mod:`salon.io.json_stream`),
    people, ties and interactions read :data:`CHUNK` rows at a time, never
    held all at once.
    """
    out.write("{")
    for n, (name, value) in enumerate(archive_sections(session, owner)):
        out.write(f"{',' if n else ''}\n  {json.dumps(name)}: ")
        if isinstance(value, list | Iterator):
            write_json_list(out, value, 2)
        else:
            out.write(compact_json(value))
    out.write("\n}")


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def archive_sections(session: Session, owner: Account) -> list[tuple[str, Any]]:
    """The archive's sections in order; people, ties and interactions as iterators.

    The iterators read the store as they are consumed, in the caller's
    transaction: consume them, in order, before it ends.
    """
    person_ids = session.scalars(
        select(Person.id).where(Person.owner_id == owner.id).order_by(Person.name_key, Person.id)
    ).all()
    key = {person_id: f"p{i}" for i, person_id in enumerate(person_ids, start=1)}
    interaction_ids = session.scalars(
        select(Interaction.id).where(Interaction.owner_id == owner.id).order_by(Interaction.id)
    ).all()
    ikey = {x: f"i{n}" for n, x in enumerate(interaction_ids, start=1)}
    communities = session.scalars(
        select(Community).where(Community.owner_id == owner.id).order_by(Community.id)
    ).all()
    events = [e for c in communities for e in sorted(c.events, key=lambda e: e.id)]
    ekey = {e.id: f"e{n}" for n, e in enumerate(events, start=1)}

    def ref(source_ref: str) -> str:
        kind, _, number = source_ref.partition(":")
        table = {"interaction": ikey, "event": ekey}.get(kind)
        if table is not None and number.isdigit() and int(number) in table:
            return f"{kind}:{table[int(number)]}"
        return source_ref

    ideas = session.scalars(
        select(Idea)
        .where(Idea.owner_id == owner.id)
        .options(selectinload(Idea.versions).selectinload(IdeaVersion.feedback))
        .order_by(Idea.id)
    ).all()
    lessons = session.scalars(select(Lesson).where(Lesson.owner_id == owner.id).order_by(Lesson.id))
    notes = session.scalars(select(Note).where(Note.owner_id == owner.id).order_by(Note.id))
    return [
        ("format", FORMAT),
        ("owner", owner.name),
        ("people", _people_out(session, person_ids, key)),
        ("ties", _ties_out(session, owner, key, ref)),
        ("interactions", _interactions_out(session, interaction_ids, key, ikey)),
        ("ideas", [_idea_out(idea, key) for idea in ideas]),
        ("lessons", [_entry(ArchiveLesson, x, person=_key_of(key, x.person_id)) for x in lessons]),
        ("notes", [_entry(ArchiveNote, x, person=_key_of(key, x.person_id)) for x in notes]),
        ("communities", [_community_out(session, c, key, ekey) for c in communities]),
    ]


def _people_out(
    session: Session, person_ids: Sequence[int], key: dict[int, str]
) -> Iterator[dict[str, Any]]:
    """Each person as the archive holds them: :func:`person_dict` with keys for ids."""
    for row, is_me in person_dicts(session, person_ids):
        person_id = row.pop("id")
        for derived in ("email", "industry_inferred", "discipline_inferred"):
            row.pop(derived)  # emails[0] and the keys of "inferred" say these
        yield {"key": key[person_id], "me": is_me, **row}


def _ties_out(
    session: Session, owner: Account, key: dict[int, str], ref: Callable[[str], str]
) -> Iterator[dict[str, Any]]:
    """Each tie with its evidence, in the order of its ends' keys."""
    number = {person_id: int(k[1:]) for person_id, k in key.items()}
    order = sorted(
        (min(number[a], number[b]), max(number[a], number[b]), tie_id)
        for tie_id, a, b in session.execute(
            select(Tie.id, Tie.person_a_id, Tie.person_b_id).where(Tie.owner_id == owner.id)
        )
    )
    del number
    tie_ids = [tie_id for _, _, tie_id in order]
    del order
    for chunk in _chunks(tie_ids):
        # columns, not objects: an export reads every tie once and keeps none
        tie_columns = (
            Tie.id,
            Tie.person_a_id,
            Tie.person_b_id,
            Tie.since,
            Tie.how_met,
            Tie.introduced_by_id,
            Tie.support,
            Tie.manual_strength,
        )
        ties = {t.id: t for t in session.execute(select(*tie_columns).where(Tie.id.in_(chunk)))}
        evidence: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
        evidence_columns = (
            TieEvidence.tie_id,
            TieEvidence.kind,
            TieEvidence.inferred,
            TieEvidence.source_ref,
            TieEvidence.observed_on,
        )
        for e in session.execute(select(*evidence_columns).where(TieEvidence.tie_id.in_(chunk))):
            evidence[e.tie_id].append(_entry(ArchiveEvidence, e, source=ref(e.source_ref)))
        for tie_id in chunk:
            t = ties[tie_id]
            yield _entry(
                ArchiveTie,
                t,
                **_ends(key[t.person_a_id], key[t.person_b_id]),
                introduced_by=_key_of(key, t.introduced_by_id),
                evidence=sorted(evidence.get(tie_id, []), key=lambda e: (e["kind"], e["source"])),
            )


def _interactions_out(
    session: Session, interaction_ids: Sequence[int], key: dict[int, str], ikey: dict[int, str]
) -> Iterator[dict[str, Any]]:
    for chunk in _chunks(interaction_ids):
        for x in session.scalars(
            select(Interaction)
            .where(Interaction.id.in_(chunk))
            .options(selectinload(Interaction.participants), selectinload(Interaction.insights))
            .order_by(Interaction.id)
        ):
            yield _entry(
                ArchiveInteraction,
                x,
                key=ikey[x.id],
                participants=sorted(
                    (key[p.person_id] for p in x.participants), key=lambda k: int(k[1:])
                ),
                insights=[i.text for i in x.insights],
            )


def _idea_out(idea: Idea, key: dict[int, str]) -> dict[str, Any]:
    versions = [
        _entry(
            ArchiveVersion,
            v,
            feedback=[_entry(ArchiveFeedback, f, person=key[f.person_id]) for f in v.feedback],
        )
        for v in idea.versions
    ]
    return _entry(ArchiveIdea, idea, versions=versions)


def _community_out(
    session: Session, community: Community, key: dict[int, str], ekey: dict[int, str]
) -> dict[str, Any]:
    rules = session.scalars(select(SeatingPair).where(SeatingPair.community_id == community.id))
    return _entry(
        ArchiveCommunity,
        community,
        members=[_entry(ArchiveMember, m, person=key[m.person_id]) for m in community.members],
        events=[
            _event_out(session, event, key, ekey)
            for event in sorted(community.events, key=lambda e: e.id)
        ],
        seating_rules=sorted(
            (
                _entry(ArchiveSeatingRule, r, **_ends(key[r.person_a_id], key[r.person_b_id]))
                for r in rules
            ),
            key=lambda rule: (int(rule["a"][1:]), int(rule["b"][1:])),
        ),
    )


def _event_out(
    session: Session, event: Event, key: dict[int, str], ekey: dict[int, str]
) -> dict[str, Any]:
    encounters = session.scalars(
        select(Encounter).where(Encounter.event_id == event.id).order_by(Encounter.id)
    )
    feedback = session.scalars(
        select(EventFeedback).where(EventFeedback.event_id == event.id).order_by(EventFeedback.id)
    )
    return _entry(
        ArchiveEvent,
        event,
        key=ekey[event.id],
        tables=[_entry(ArchiveTable, t, host=_key_of(key, t.host_id)) for t in event.tables],
        attendance=[
            _entry(ArchiveAttendance, a, person=key[a.person_id]) for a in event.attendance
        ],
        seats=[_entry(ArchiveSeat, s, person=key[s.person_id]) for s in event.seats],
        # by hand: the file has each encounter's round first, before the pair
        encounters=[
            {
                "round": e.round,
                **_ends(key[e.person_a_id], key[e.person_b_id]),
                "met_on": _date(e.met_on),
            }
            for e in encounters
        ],
        feedback=[
            _entry(ArchiveEventFeedback, f, person=key[f.person_id], about=key[f.about_id])
            for f in feedback
        ],
    )


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
