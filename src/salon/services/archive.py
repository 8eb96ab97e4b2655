"""The JSON archive: everything in one owner's network, and back.

The archive names records by positional keys (``p1``, ``i1``, ``e1``) instead
of database ids, so export → import into an empty store → export gives the
same document, on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from salon.db.models import (
    EVIDENCE_KINDS,
    INTENTS,
    OUTCOMES,
    PURPOSES,
    SEATING_PAIR_KINDS,
    STANCES,
    SUPPORT_TYPES,
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
from salon.errors import DuplicateError, InputError
from salon.io.normalise import normalise_name
from salon.services.accounts import me
from salon.services.people import PersonFields, apply_fields, list_people, person_dict
from salon.services.ties import forget_tie_cache

FORMAT = "salon-archive/1"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(f"expected an ISO date, got {value!r}", field=where) from exc


def _tie_order(tie: dict[str, Any]) -> tuple[int, int]:
    return int(tie["a"][1:]), int(tie["b"][1:])


def _ends(first: str, second: str) -> dict[str, str]:
    """A pair's person keys as ``a`` < ``b`` in key order.

    Database ids order the pair differently once an archive is imported, so
    the export orders by key to give the same document again.
    """
    low, high = sorted((first, second), key=lambda k: int(k[1:]))
    return {"a": low, "b": high}


def export_archive(session: Session, owner: Account) -> dict[str, Any]:
    """Every record of ``owner``'s network as plain JSON-ready data."""
    people = list_people(session, owner, include_me=True)
    key = {p.id: f"p{i}" for i, p in enumerate(people, start=1)}
    interactions = session.scalars(
        select(Interaction)
        .where(Interaction.owner_id == owner.id)
        .options(selectinload(Interaction.participants), selectinload(Interaction.insights))
        .order_by(Interaction.id)
    ).all()
    ikey = {x.id: f"i{n}" for n, x in enumerate(interactions, start=1)}
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

    people_out = []
    for p in people:
        row = person_dict(p)
        row.pop("id")
        row.pop("email")
        people_out.append({"key": key[p.id], "me": p.is_me, **row})
    ties = session.scalars(
        select(Tie).where(Tie.owner_id == owner.id).options(selectinload(Tie.evidence))
    ).all()
    ties_out: list[dict[str, Any]] = sorted(
        (
            {
                **_ends(key[t.person_a_id], key[t.person_b_id]),
                "since": _date(t.since),
                "how_met": t.how_met,
                "introduced_by": key.get(t.introduced_by_id) if t.introduced_by_id else None,
                "support": sorted(t.support),
                "strength": t.manual_strength,
                "evidence": sorted(
                    (
                        {
                            "kind": e.kind,
                            "inferred": e.inferred,
                            "source": ref(e.source_ref),
                            "observed_on": _date(e.observed_on),
                        }
                        for e in t.evidence
                    ),
                    key=lambda e: (e["kind"], e["source"]),
                ),
            }
            for t in ties
        ),
        key=_tie_order,
    )
    ideas = session.scalars(
        select(Idea)
        .where(Idea.owner_id == owner.id)
        .options(selectinload(Idea.versions).selectinload(IdeaVersion.feedback))
        .order_by(Idea.id)
    ).all()
    lessons = session.scalars(select(Lesson).where(Lesson.owner_id == owner.id).order_by(Lesson.id))
    notes = session.scalars(select(Note).where(Note.owner_id == owner.id).order_by(Note.id))
    return {
        "format": FORMAT,
        "owner": owner.name,
        "people": people_out,
        "ties": ties_out,
        "interactions": [
            {
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
            for x in interactions
        ],
        "ideas": [
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
        "lessons": [
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
        "notes": [
            {
                "ref": n.ref,
                "person": key.get(n.person_id) if n.person_id else None,
                "role": n.role,
                "domain": n.domain,
                "text": n.text,
            }
            for n in notes
        ],
        "communities": [_community_out(session, c, key, ekey) for c in communities],
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


def import_archive(session: Session, owner: Account, doc: dict[str, Any]) -> dict[str, int]:
    """Load an archive into ``owner``'s network, which must be empty.

    Raises :class:`InputError` naming the bad section and entry; the caller's
    transaction then rolls everything back.
    """
    try:
        return _import_archive(session, owner, doc)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"malformed archive: {type(exc).__name__}: {exc}") from exc
    except DuplicateError as exc:  # one email given to two people
        raise InputError(f"malformed archive: {exc}") from exc
    except IntegrityError as exc:  # a record twice, or a value the schema forbids
        raise InputError(f"malformed archive: the database refused it: {exc.orig}") from exc


def _choice(value: Any, allowed: Sequence[str], where: str) -> str:
    """``value`` if it is one of ``allowed``; the archive is checked like user input."""
    if value not in allowed:
        raise InputError(
            f"unknown value {value!r}; expected one of {', '.join(allowed)}", field=where
        )
    return str(value)


def _choices(values: Any, allowed: Sequence[str], where: str) -> list[str]:
    return [_choice(v, allowed, where) for v in values]


def _depth(value: Any, where: str) -> int:
    depth = int(value)
    if not 1 <= depth <= 5:
        raise InputError(f"depth must be 1-5, got {value!r}", field=where)
    return depth


def _import_archive(session: Session, owner: Account, doc: dict[str, Any]) -> dict[str, int]:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise InputError(f"not a salon archive: expected format {FORMAT!r}, got {found!r}")
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
    for n, row in enumerate(doc.get("people", []), start=1):
        where = f"people[{n}]"
        try:
            fields = PersonFields(
                name=row["name"],
                first_name=row.get("first_name"),
                last_name=row.get("last_name"),
                emails=row.get("emails", []),
                organization=row.get("organization"),
                role=row.get("role"),
                url=row.get("url"),
                phone=row.get("phone"),
                industry=row.get("industry"),
                discipline=row.get("discipline"),
                bio=row.get("bio"),
                connected_on=_parse_date(row.get("connected_on"), f"{where}.connected_on"),
                attributes=row.get("attributes", {}),
                expertise=row.get("expertise", []),
                interests=row.get("interests", []),
                tags=row.get("tags", []),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"malformed person: {exc}", field=where) from exc
        if row.get("me"):
            person = user
        else:
            name = str(row["name"])
            person = Person(owner_id=owner.id, name=name, name_key=normalise_name(name))
            session.add(person)
        apply_fields(session, owner, person, fields, overwrite=True)
        session.flush()
        ids[row["key"]] = person.id

    def pid(value: Any, where: str) -> int:
        if value not in ids:
            raise InputError(f"unknown person key {value!r}", field=where)
        return ids[value]

    interaction_ids: dict[str, int] = {}
    for n, row in enumerate(doc.get("interactions", []), start=1):
        where = f"interactions[{n}]"
        interaction = Interaction(
            owner_id=owner.id,
            occurred_on=_parse_date(row["occurred_on"], where),
            channel=row.get("channel"),
            purposes=_choices(row.get("purposes", []), PURPOSES, f"{where}.purposes"),
            depth=_depth(row.get("depth", 3), f"{where}.depth"),
            challenged=bool(row.get("challenged", False)),
            outcomes=_choices(row.get("outcomes", []), OUTCOMES, f"{where}.outcomes"),
            learning_goal=row.get("learning_goal"),
            notes=row.get("notes"),
        )
        interaction.participants = [
            InteractionParticipant(person_id=pid(k, where)) for k in row.get("participants", [])
        ]
        interaction.insights = [Insight(text=t) for t in row.get("insights", [])]
        session.add(interaction)
        session.flush()
        interaction_ids[row["key"]] = interaction.id

    event_ids: dict[str, int] = {}
    for n, row in enumerate(doc.get("communities", []), start=1):
        where = f"communities[{n}]"
        community = Community(
            owner_id=owner.id,
            name=row["name"],
            description=row.get("description"),
            cadence=row.get("cadence"),
        )
        community.members = [
            Member(
                person_id=pid(m["person"], where),
                intent=_choice(m.get("intent", "both"), INTENTS, f"{where}.members"),
                is_organiser=bool(m.get("organiser", False)),
                joined_on=_parse_date(m.get("joined_on"), where),
            )
            for m in row.get("members", [])
        ]
        session.add(community)
        session.flush()
        for rule in row.get("seating_rules", []):
            low, high = sorted((pid(rule["a"], where), pid(rule["b"], where)))
            if low == high:
                raise InputError(
                    f"a seating rule needs two different people, got {rule['a']!r} twice",
                    field=f"{where}.seating_rules",
                )
            session.add(
                SeatingPair(
                    community_id=community.id,
                    person_a_id=low,
                    person_b_id=high,
                    kind=_choice(rule.get("kind"), SEATING_PAIR_KINDS, f"{where}.seating_rules"),
                )
            )
        for erow in row.get("events", []):
            event = Event(
                title=erow["title"],
                starts_on=_parse_date(erow["starts_on"], where),
                venue=erow.get("venue"),
                rounds=int(erow.get("rounds", 1)),
            )
            event.tables = [
                EventTable(
                    number=t["number"],
                    min_size=t["min_size"],
                    max_size=t["max_size"],
                    host_id=pid(t["host"], where) if t.get("host") else None,
                )
                for t in erow.get("tables", [])
            ]
            event.attendance = [
                Attendance(
                    person_id=pid(a["person"], where),
                    rsvp=_choice(a.get("rsvp", "yes"), ("yes", "no", "maybe"), f"{where}.rsvp"),
                    checked_in_at=dt.datetime.fromisoformat(a["checked_in_at"])
                    if a.get("checked_in_at")
                    else None,
                )
                for a in erow.get("attendance", [])
            ]
            event.seats = [
                Seat(round=s["round"], table_number=s["table"], person_id=pid(s["person"], where))
                for s in erow.get("seats", [])
            ]
            community.events.append(event)
            session.flush()
            event_ids[erow["key"]] = event.id
            for e in erow.get("encounters", []):
                low, high = sorted((pid(e["a"], where), pid(e["b"], where)))
                session.add(
                    Encounter(
                        community_id=community.id,
                        event_id=event.id,
                        round=e["round"],
                        person_a_id=low,
                        person_b_id=high,
                        met_on=_parse_date(e["met_on"], where),
                    )
                )
            for f in erow.get("feedback", []):
                session.add(
                    EventFeedback(
                        event_id=event.id,
                        person_id=pid(f["person"], where),
                        about_id=pid(f["about"], where),
                        kind=_choice(f["kind"], ("learned_from", "follow_up"), where),
                    )
                )

    def source(value: str) -> str:
        kind, _, k = value.partition(":")
        table = {"interaction": interaction_ids, "event": event_ids}.get(kind)
        if table is not None and k in table:
            return f"{kind}:{table[k]}"
        return value

    for n, row in enumerate(doc.get("ties", []), start=1):
        where = f"ties[{n}]"
        a, b = sorted((pid(row["a"], where), pid(row["b"], where)))
        if a == b:
            raise InputError(
                f"a tie needs two different people, got {row['a']!r} twice", field=where
            )
        tie = Tie(
            owner_id=owner.id,
            person_a_id=a,
            person_b_id=b,
            since=_parse_date(row.get("since"), where),
            how_met=row.get("how_met"),
            introduced_by_id=pid(row["introduced_by"], where) if row.get("introduced_by") else None,
            support=_choices(row.get("support", []), SUPPORT_TYPES, f"{where}.support"),
            manual_strength=row.get("strength"),
        )
        tie.evidence = [
            TieEvidence(
                kind=_choice(e["kind"], EVIDENCE_KINDS, f"{where}.evidence"),
                inferred=bool(e.get("inferred", False)),
                source_ref=source(e.get("source", "")),
                observed_on=_parse_date(e.get("observed_on"), where),
            )
            for e in row.get("evidence", [])
        ]
        session.add(tie)
    for n, row in enumerate(doc.get("ideas", []), start=1):
        where = f"ideas[{n}]"
        idea = Idea(
            owner_id=owner.id,
            title=row["title"],
            problem=row.get("problem"),
            domain=row.get("domain"),
            status=row.get("status", "open"),
            needs=list(row.get("needs", [])),
            created_on=_parse_date(row.get("created_on"), where),
        )
        for v in row.get("versions", []):
            version = IdeaVersion(
                number=v["number"],
                text=v["text"],
                created_on=_parse_date(v.get("created_on"), where),
            )
            version.feedback = [
                Feedback(
                    person_id=pid(f["person"], where),
                    text=f["text"],
                    stance=_choice(f.get("stance", "neutral"), STANCES, f"{where}.stance"),
                    given_on=_parse_date(f.get("given_on"), where),
                )
                for f in v.get("feedback", [])
            ]
            idea.versions.append(version)
        session.add(idea)
    for n, row in enumerate(doc.get("lessons", []), start=1):
        where = f"lessons[{n}]"
        session.add(
            Lesson(
                owner_id=owner.id,
                person_id=pid(row["person"], where) if row.get("person") else None,
                title=row["title"],
                context=row.get("context"),
                what_happened=row.get("what_happened"),
                takeaway=row.get("takeaway"),
                kind=_choice(row.get("kind", "success"), ("success", "failure"), f"{where}.kind"),
                domain=row.get("domain"),
                tags=list(row.get("tags", [])),
                learned_on=_parse_date(row.get("learned_on"), where),
            )
        )
    for n, row in enumerate(doc.get("notes", []), start=1):
        where = f"notes[{n}]"
        session.add(
            Note(
                owner_id=owner.id,
                ref=row["ref"],
                person_id=pid(row["person"], where) if row.get("person") else None,
                role=row.get("role"),
                domain=row.get("domain"),
                text=row["text"],
            )
        )
    session.flush()
    forget_tie_cache(session)
    return {
        "people": len(ids),
        "ties": len(doc.get("ties", [])),
        "interactions": len(interaction_ids),
        "ideas": len(doc.get("ideas", [])),
        "lessons": len(doc.get("lessons", [])),
        "communities": len(doc.get("communities", [])),
        "events": len(event_ids),
    }


def load_archive(session: Session, owner: Account, path: Path) -> dict[str, int]:
    """Read the JSON archive at ``path`` and load it (see :func:`import_archive`).

    Raises
    ------
    InputError
        Not JSON (naming the file and line), or a malformed archive.
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file", source=path.name) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", source=path.name, line=exc.lineno) from None
    if not isinstance(doc, dict):
        raise InputError("a salon archive is a JSON object", source=path.name)
    return import_archive(session, owner, doc)
