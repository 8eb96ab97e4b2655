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
from salon.services.archive_schema import FORMAT, Archive, validate_archive
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
        (
            "ideas",
            [
                {
                    "title": idea.title,
                    "problem": idea.problem,
                    "domain": idea.domain,
                    "status": idea.status,
                    "needs": sorted(idea.needs),
                    "created_on": _date(idea.created_on),
                    "versions": [
                        {
                            "number": v.number,
                            "text": v.text,
                            "created_on": _date(v.created_on),
                            "feedback": [
                                {
                                    "person": key[f.person_id],
                                    "text": f.text,
                                    "stance": f.stance,
                                    "given_on": _date(f.given_on),
                                }
                                for f in v.feedback
                            ],
                        }
                        for v in idea.versions
                    ],
                }
                for idea in ideas
            ],
        ),
        (
            "lessons",
            [
                {
                    "person": key.get(lesson.person_id) if lesson.person_id else None,
                    "title": lesson.title,
                    "context": lesson.context,
                    "what_happened": lesson.what_happened,
                    "takeaway": lesson.takeaway,
                    "kind": lesson.kind,
                    "domain": lesson.domain,
                    "tags": sorted(lesson.tags),
                    "learned_on": _date(lesson.learned_on),
                }
                for lesson in lessons
            ],
        ),
        (
            "notes",
            [
                {
                    "ref": n.ref,
                    "person": key.get(n.person_id) if n.person_id else None,
                    "role": n.role,
                    "domain": n.domain,
                    "text": n.text,
                }
                for n in notes
            ],
        ),
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
            evidence[e.tie_id].append(
                {
                    "kind": e.kind,
                    "inferred": e.inferred,
                    "source": ref(e.source_ref),
                    "observed_on": _date(e.observed_on),
                }
            )
        for tie_id in chunk:
            t = ties[tie_id]
            yield {
                **_ends(key[t.person_a_id], key[t.person_b_id]),
                "since": _date(t.since),
                "how_met": t.how_met,
                "introduced_by": key.get(t.introduced_by_id) if t.introduced_by_id else None,
                "support": sorted(t.support),
                "strength": t.manual_strength,
                "evidence": sorted(
                    evidence.get(tie_id, []), key=lambda e: (e["kind"], e["source"])
                ),
            }


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
            yield {
                "key": ikey[x.id],
                "occurred_on": _date(x.occurred_on),
                "channel": x.channel,
                "participants": sorted(
                    (key[p.person_id] for p in x.participants), key=lambda k: int(k[1:])
                ),
                "purposes": sorted(x.purposes),
                "depth": x.depth,
                "challenged": x.challenged,
                "outcomes": sorted(x.outcomes),
                "insights": [i.text for i in x.insights],
                "learning_goal": x.learning_goal,
                "notes": x.notes,
            }


def _community_out(
    session: Session, community: Community, key: dict[int, str], ekey: dict[int, str]
) -> dict[str, Any]:
    events_out = []
    for event in sorted(community.events, key=lambda e: e.id):
        encounters = session.scalars(
            select(Encounter).where(Encounter.event_id == event.id).order_by(Encounter.id)
        )
        feedback = session.scalars(
            select(EventFeedback)
            .where(EventFeedback.event_id == event.id)
            .order_by(EventFeedback.id)
        )
        events_out.append(
            {
                "key": ekey[event.id],
                "title": event.title,
                "starts_on": _date(event.starts_on),
                "venue": event.venue,
                "rounds": event.rounds,
                "tables": [
                    {
                        "number": t.number,
                        "min_size": t.min_size,
                        "max_size": t.max_size,
                        "host": key.get(t.host_id) if t.host_id else None,
                    }
                    for t in event.tables
                ],
                "attendance": [
                    {
                        "person": key[a.person_id],
                        "rsvp": a.rsvp,
                        "checked_in_at": a.checked_in_at.isoformat() if a.checked_in_at else None,
                    }
                    for a in event.attendance
                ],
                "seats": [
                    {"round": s.round, "table": s.table_number, "person": key[s.person_id]}
                    for s in event.seats
                ],
                "encounters": [
                    {
                        "round": e.round,
                        **_ends(key[e.person_a_id], key[e.person_b_id]),
                        "met_on": _date(e.met_on),
                    }
                    for e in encounters
                ],
                "feedback": [
                    {"person": key[f.person_id], "about": key[f.about_id], "kind": f.kind}
                    for f in feedback
                ],
            }
        )
    return {
        "name": community.name,
        "description": community.description,
        "cadence": community.cadence,
        "members": [
            {
                "person": key[m.person_id],
                "intent": m.intent,
                "organiser": m.is_organiser,
                "joined_on": _date(m.joined_on),
            }
            for m in community.members
        ],
        "events": events_out,
        "seating_rules": sorted(
            (
                {**_ends(key[r.person_a_id], key[r.person_b_id]), "kind": r.kind}
                for r in session.scalars(
                    select(SeatingPair).where(SeatingPair.community_id == community.id)
                )
            ),
            key=lambda rule: (int(rule["a"][1:]), int(rule["b"][1:])),
        ),
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
