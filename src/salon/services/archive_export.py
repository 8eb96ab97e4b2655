"""Writing the JSON archive: everything in one owner's network, as it is read.

The archive names records by positional keys (``p1``, ``i1``, ``e1``) instead
of database ids (see :mod:`salon.services.archive`).  People, ties and
interactions are each read by one query per table in the archive's order
and merged as the rows come (:mod:`salon.services.person_stream`): no
IN (...) list per chunk and no ORM object per row, so an export of 100,000
people runs in flat memory at close to the speed of reading its rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from salon.db.models import (
    Account,
    Community,
    Encounter,
    EventFeedback,
    Idea,
    IdeaVersion,
    Insight,
    Interaction,
    InteractionParticipant,
    Lesson,
    Note,
    Person,
    SeatingPair,
    Tie,
    TieEvidence,
)
from salon.io.json_stream import compact_json, write_json_list
from salon.services.archive_schema import FORMAT
from salon.services.person_stream import (
    Runs,
    iso_date,
    json_list,
    merged,
    person_records,
    raw,
    streamed,
)

__all__ = ["archive_sections", "export_archive", "write_archive"]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _ends(first: str, second: str) -> dict[str, str]:
    """A pair's person keys as ``a`` < ``b`` in key order.

    Database ids order the pair differently once an archive is imported, so
    the export orders by key to give the same document again.
    """
    low, high = sorted((first, second), key=lambda k: int(k[1:]))
    return {"a": low, "b": high}


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
    people, ties and interactions streamed from the database, never held
    all at once.
    """
    out.write("{")
    for n, (name, value) in enumerate(archive_sections(session, owner)):
        out.write(f"{',' if n else ''}\n  {json.dumps(name)}: ")
        if isinstance(value, list | Iterator):
            write_json_list(out, value, 2)
        else:
            out.write(compact_json(value))
    out.write("\n}")


def archive_sections(session: Session, owner: Account) -> list[tuple[str, Any]]:
    """The archive's sections in order; people, ties and interactions as iterators.

    The iterators read the store as they are consumed, in the caller's
    transaction: consume them, in order, before it ends.
    """
    person_ids = session.scalars(
        select(Person.id).where(Person.owner_id == owner.id).order_by(Person.name_key, Person.id)
    ).all()
    number = {person_id: n for n, person_id in enumerate(person_ids, start=1)}
    key = {person_id: f"p{n}" for person_id, n in number.items()}
    del person_ids
    interaction_ids = session.scalars(
        select(Interaction.id).where(Interaction.owner_id == owner.id).order_by(Interaction.id)
    ).all()
    ikey = {x: f"i{n}" for n, x in enumerate(interaction_ids, start=1)}
    communities = session.scalars(
        select(Community).where(Community.owner_id == owner.id).order_by(Community.id)
    ).all()
    events = [e for c in communities for e in sorted(c.events, key=lambda e: e.id)]
    ekey = {e.id: f"e{n}" for n, e in enumerate(events, start=1)}

    refs: dict[str, str] = {}  # few distinct references ("import:linkedin", ...), many uses

    def ref(source_ref: str) -> str:
        if (known := refs.get(source_ref)) is not None:
            return known
        kind, _, digits = source_ref.partition(":")
        table = {"interaction": ikey, "event": ekey}.get(kind)
        if table is not None and digits.isdigit() and int(digits) in table:
            refs[source_ref] = f"{kind}:{table[int(digits)]}"
        else:
            refs[source_ref] = source_ref
        return refs[source_ref]

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
        ("people", _people_out(session, owner, number)),
        ("ties", _ties_out(session, owner, number, ref)),
        ("interactions", _interactions_out(session, owner, key, ikey)),
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
    session: Session, owner: Account, number: dict[int, int]
) -> Iterator[dict[str, Any]]:
    """Each person as the archive holds them: :func:`person_dicts`' fields, keys for ids."""
    everyone = select(Person.id, Person.name_key).where(Person.owner_id == owner.id)
    for p in person_records(session, everyone, number):
        organization, role, url, phone, industry, discipline, bio = p.text
        yield {
            "key": f"p{number[p.id]}",
            "me": p.is_me,
            "name": p.name,
            "emails": p.emails,
            "organization": organization,
            "role": role,
            "url": url,
            "phone": phone,
            "industry": industry,
            "discipline": discipline,
            "bio": bio,
            "connected_on": p.connected_on,
            "attributes": p.attributes,
            "expertise": p.expertise,
            "interests": p.interests,
            "tags": p.tags,
            "inferred": p.inferred,
        }


def _ties_out(
    session: Session, owner: Account, number: dict[int, int], ref: Callable[[str], str]
) -> Iterator[dict[str, Any]]:
    """Each tie with its evidence, in the order of its ends' keys.

    The database sorts the ties by their ends in key order (name key, then
    id, as the people are numbered): one query, ties joined to their
    evidence, read as a stream.
    """
    a, b = aliased(Person), aliased(Person)
    a_first = or_(a.name_key < b.name_key, and_(a.name_key == b.name_key, a.id < b.id))
    query = (
        select(
            Tie.id,
            Tie.person_a_id,
            Tie.person_b_id,
            raw(Tie.since),
            Tie.how_met,
            Tie.introduced_by_id,
            raw(Tie.support),
            Tie.manual_strength,
            TieEvidence.kind,
            TieEvidence.inferred,
            TieEvidence.source_ref,
            raw(TieEvidence.observed_on),
        )
        .join(a, a.id == Tie.person_a_id)
        .join(b, b.id == Tie.person_b_id)
        .outerjoin(TieEvidence, TieEvidence.tie_id == Tie.id)
        .where(Tie.owner_id == owner.id)
        .order_by(
            case((a_first, a.name_key), else_=b.name_key),
            case((a_first, a.id), else_=b.id),
            case((a_first, b.name_key), else_=a.name_key),
            case((a_first, b.id), else_=a.id),
            Tie.id,
        )
    )
    for _, rows in merged(streamed(session, query)):
        _, a_id, b_id, since, how_met, introduced_by, support, strength = rows[0][:8]
        if a_id not in number or b_id not in number:
            continue  # to someone added during the export (PostgreSQL: see Runs)
        ends = sorted((number[a_id], number[b_id]))
        yield {
            "a": f"p{ends[0]}",
            "b": f"p{ends[1]}",
            "since": iso_date(since),
            "how_met": how_met,
            "introduced_by": f"p{number[introduced_by]}" if introduced_by in number else None,
            "support": json_list(support),
            "strength": strength,
            "evidence": _evidence(rows, ref) if rows[0][8] is not None else [],
        }


def _evidence(rows: list[Any], ref: Callable[[str], str]) -> list[dict[str, Any]]:
    """A tie's evidence (its rows' last four columns) in the archive's order."""
    evidence = [
        {
            "kind": kind,
            "inferred": inferred,
            "source": ref(source_ref),
            "observed_on": iso_date(observed_on),
        }
        for *_, kind, inferred, source_ref, observed_on in rows
    ]
    if len(evidence) > 1:
        evidence.sort(key=lambda e: (e["kind"], e["source"]))
    return evidence


def _interactions_out(
    session: Session, owner: Account, key: dict[int, str], ikey: dict[int, str]
) -> Iterator[dict[str, Any]]:
    mine = Interaction.owner_id == owner.id
    participants = Runs(
        streamed(
            session,
            select(InteractionParticipant.interaction_id, InteractionParticipant.person_id)
            .join(Interaction, Interaction.id == InteractionParticipant.interaction_id)
            .where(mine)
            .order_by(InteractionParticipant.interaction_id),
        )
    )
    insights = Runs(
        streamed(
            session,
            select(Insight.interaction_id, Insight.text)
            .join(Interaction, Interaction.id == Insight.interaction_id)
            .where(mine)
            .order_by(Insight.interaction_id, Insight.id),
        )
    )
    query = select(
        Interaction.id,
        raw(Interaction.occurred_on),
        Interaction.channel,
        raw(Interaction.purposes),
        Interaction.depth,
        Interaction.challenged,
        raw(Interaction.outcomes),
        Interaction.learning_goal,
        Interaction.notes,
    ).where(mine)
    for x in streamed(session, query.order_by(Interaction.id)):
        if x.id not in ikey:
            continue  # logged during the export (PostgreSQL: see Runs)
        yield {
            "key": ikey[x.id],
            "occurred_on": iso_date(x.occurred_on),
            "channel": x.channel,
            "participants": sorted(
                (key[p] for _, p in participants.take(x.id) if p in key),
                key=lambda k: int(k[1:]),
            ),
            "purposes": json_list(x.purposes),
            "depth": x.depth,
            "challenged": x.challenged,
            "outcomes": json_list(x.outcomes),
            "insights": [text for _, text in insights.take(x.id)],
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
