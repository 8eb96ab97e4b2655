"""What was recorded about a person, and the logs behind it, as plain data.

``salon person show``, ``log list``, ``tie list`` and ``lesson show`` (and
their ``--json``) print these; every record names the people in it, never
only their ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import (
    PURPOSES,
    Account,
    Attendance,
    Community,
    Event,
    Feedback,
    Idea,
    IdeaVersion,
    Interaction,
    Lesson,
    Member,
    Note,
    Person,
    Tie,
)
from salon.errors import InputError, NotFoundError
from salon.services.interactions import list_interactions
from salon.services.people import person_dict
from salon.services.ties import forget_tie_cache, tie_between, ties_of


def names_of(session: Session, owner: Account, ids: Iterable[int | None]) -> dict[int, str]:
    """Each id's person name, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(Person.id, Person.name).where(Person.owner_id == owner.id, Person.id.in_(wanted))
    )
    return {pid: name for pid, name in rows}  # noqa: C416 (a Result is not a mapping)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def interaction_dict(interaction: Interaction, names: dict[int, str]) -> dict[str, Any]:
    """One logged conversation, with the people in it named."""
    return {
        "id": interaction.id,
        "date": interaction.occurred_on.isoformat(),
        "with": [names.get(p.person_id, f"#{p.person_id}") for p in interaction.participants],
        "purposes": list(interaction.purposes),
        "depth": interaction.depth,
        "channel": interaction.channel,
        "challenged": interaction.challenged,
        "insights": [i.text for i in interaction.insights],
        "outcomes": list(interaction.outcomes),
        "learning_goal": interaction.learning_goal,
        "notes": interaction.notes,
    }


def tie_dict(tie: Tie, names: dict[int, str]) -> dict[str, Any]:
    """One tie with the evidence it rests on."""
    return {
        "id": tie.id,
        "people": [names.get(tie.person_a_id), names.get(tie.person_b_id)],
        "person_ids": [tie.person_a_id, tie.person_b_id],
        "since": _iso(tie.since),
        "how_met": tie.how_met,
        "introduced_by": names.get(tie.introduced_by_id) if tie.introduced_by_id else None,
        "support": list(tie.support),
        "strength": tie.manual_strength,
        "evidence": [
            {
                "kind": e.kind,
                "inferred": e.inferred,
                "source": e.source_ref,
                "observed_on": _iso(e.observed_on),
            }
            for e in tie.evidence
        ],
    }


def lesson_dict(lesson: Lesson, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": lesson.id,
        "title": lesson.title,
        "kind": lesson.kind,
        "domain": lesson.domain,
        "from": names.get(lesson.person_id) if lesson.person_id else None,
        "context": lesson.context,
        "what_happened": lesson.what_happened,
        "takeaway": lesson.takeaway,
        "tags": list(lesson.tags),
        "learned_on": _iso(lesson.learned_on),
    }


def parse_period(text: str) -> dt.timedelta:
    """``1y``, ``6m``, ``2w`` or ``30d`` as a length of time (a month is 30 days)."""
    value = text.strip().lower()
    unit_days = {"y": 365, "m": 30, "w": 7, "d": 1}
    if len(value) < 2 or value[-1] not in unit_days or not value[:-1].isdigit():
        raise InputError(
            f"a period is a number and y, m, w or d (e.g. 6m), got {text!r}", field="period"
        )
    return dt.timedelta(days=int(value[:-1]) * unit_days[value[-1]])


def conversation_log(
    session: Session,
    owner: Account,
    *,
    person: Person | None = None,
    purpose: str | None = None,
    since: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Logged conversations, oldest first, optionally with one person, purpose or since a day."""
    if purpose is not None and purpose not in PURPOSES:
        raise InputError(
            f"unknown purpose {purpose}; expected one of {', '.join(PURPOSES)}", field="purpose"
        )
    found = [
        i
        for i in list_interactions(session, owner, since=since, person=person)
        if purpose is None or purpose in i.purposes
    ]
    names = names_of(session, owner, (p.person_id for i in found for p in i.participants))
    return [interaction_dict(i, names) for i in found]


def tie_list(
    session: Session, owner: Account, person: Person | None = None
) -> list[dict[str, Any]]:
    """Every tie (or ``person``'s) with its evidence, the people named."""
    ties = ties_of(session, owner, person)
    names = names_of(
        session,
        owner,
        (pid for t in ties for pid in (t.person_a_id, t.person_b_id, t.introduced_by_id)),
    )
    return [tie_dict(t, names) for t in ties]


def remove_tie(session: Session, owner: Account, a: Person, b: Person) -> Tie:
    """Delete the tie between ``a`` and ``b`` with all its evidence."""
    tie = tie_between(session, owner, a, b)
    if tie is None:
        raise NotFoundError(f"{a.name} and {b.name} have no tie")
    session.delete(tie)
    session.flush()
    forget_tie_cache(session)
    return tie


def get_lesson(session: Session, owner: Account, lesson_id: int) -> Lesson:
    lesson = session.scalar(
        select(Lesson).where(Lesson.owner_id == owner.id, Lesson.id == lesson_id)
    )
    if lesson is None:
        raise NotFoundError(f"no lesson with id {lesson_id}")
    return lesson


def idea_dict(session: Session, owner: Account, idea: Idea) -> dict[str, Any]:
    """An idea with every version and the feedback on it, the people named."""
    names = names_of(session, owner, (f.person_id for v in idea.versions for f in v.feedback))
    return {
        "id": idea.id,
        "title": idea.title,
        "problem": idea.problem,
        "domain": idea.domain,
        "status": idea.status,
        "needs": list(idea.needs),
        "created_on": _iso(idea.created_on),
        "versions": [
            {
                "number": v.number,
                "text": v.text,
                "created_on": _iso(v.created_on),
                "feedback": [
                    {
                        "person": names.get(f.person_id),
                        "stance": f.stance,
                        "text": f.text,
                        "given_on": _iso(f.given_on),
                    }
                    for f in v.feedback
                ],
            }
            for v in idea.versions
        ],
    }


def lesson_dicts(session: Session, owner: Account, lessons: list[Lesson]) -> list[dict[str, Any]]:
    names = names_of(session, owner, (lesson.person_id for lesson in lessons))
    return [lesson_dict(lesson, names) for lesson in lessons]


def person_history(session: Session, owner: Account, person: Person) -> dict[str, Any]:
    """The person's profile and everything recorded with them.

    Conversations (purpose, depth, insights, outcomes), ties with their
    evidence, feedback they gave on ideas, lessons learned from them, notes
    they wrote, and the meetups they belong to or attended.
    """
    feedback = session.execute(
        select(Feedback, IdeaVersion.number, Idea.id, Idea.title, Idea.status)
        .join(IdeaVersion, Feedback.version_id == IdeaVersion.id)
        .join(Idea, IdeaVersion.idea_id == Idea.id)
        .where(Idea.owner_id == owner.id, Feedback.person_id == person.id)
        .order_by(Feedback.given_on, Feedback.id)
    ).all()
    lessons = session.scalars(
        select(Lesson)
        .where(Lesson.owner_id == owner.id, Lesson.person_id == person.id)
        .order_by(Lesson.id)
    ).all()
    notes = session.scalars(
        select(Note).where(Note.owner_id == owner.id, Note.person_id == person.id).order_by(Note.id)
    ).all()
    memberships = session.execute(
        select(Community.id, Community.name, Member.intent, Member.is_organiser)
        .join(Member, Member.community_id == Community.id)
        .where(Community.owner_id == owner.id, Member.person_id == person.id)
        .order_by(Community.id)
    ).all()
    attended = session.execute(
        select(Event.id, Event.title, Event.starts_on, Community.name, Attendance.rsvp)
        .join(Attendance, Attendance.event_id == Event.id)
        .join(Community, Event.community_id == Community.id)
        .where(Community.owner_id == owner.id, Attendance.person_id == person.id)
        .order_by(Event.starts_on, Event.id)
    ).all()
    ideas: dict[int, dict[str, Any]] = {}
    for _, _, idea_id, title, status in feedback:
        ideas.setdefault(idea_id, {"id": idea_id, "title": title, "status": status})
    return {
        **person_dict(person),
        "conversations": conversation_log(session, owner, person=person),
        "ties": tie_list(session, owner, person),
        "feedback": [
            {
                "idea_id": idea_id,
                "idea": title,
                "version": number,
                "stance": fb.stance,
                "text": fb.text,
                "given_on": _iso(fb.given_on),
            }
            for fb, number, idea_id, title, _ in feedback
        ],
        "ideas": list(ideas.values()),
        "lessons": lesson_dicts(session, owner, list(lessons)),
        "notes": [{"ref": n.ref, "domain": n.domain, "text": n.text} for n in notes],
        "meetups": [
            {"community_id": cid, "name": name, "intent": intent, "organiser": organiser}
            for cid, name, intent, organiser in memberships
        ],
        "events": [
            {"id": eid, "title": title, "date": _iso(day), "meetup": meetup, "rsvp": rsvp}
            for eid, title, day, meetup, rsvp in attended
        ],
    }


HISTORY_SECTIONS = (
    "conversations",
    "ties",
    "feedback",
    "ideas",
    "lessons",
    "notes",
    "meetups",
    "events",
)


def conversation_line(c: dict[str, Any]) -> str:
    """One conversation of :func:`conversation_log` in a line, for a terminal."""
    parts = [
        f"{c['date']} #{c['id']} with {', '.join(c['with'])}",
        f"purpose {', '.join(c['purposes']) or 'unstated'}",
        f"depth {c['depth']}",
    ]
    if c["channel"]:
        parts.append(c["channel"])
    if c["challenged"]:
        parts.append("challenged my thinking")
    if c["outcomes"]:
        parts.append(f"outcomes {', '.join(c['outcomes'])}")
    line = "; ".join(parts)
    for insight in c["insights"]:
        line += f"\n    insight: {insight}"
    if c["notes"]:
        line += f"\n    notes: {c['notes']}"
    return line


def tie_line(t: dict[str, Any], name: str | None = None) -> str:
    """One tie of :func:`tie_list` in a line; ``name`` is left out when given (``with X``)."""
    people = [p for p in t["people"] if p != name] if name else t["people"]
    evidence = ", ".join(
        f"{e['kind']}{' (inferred)' if e['inferred'] else ''}"
        + (f" {e['observed_on']}" if e["observed_on"] else "")
        for e in t["evidence"]
    )
    line = f"{' — '.join(str(p) for p in people)}: {evidence or 'no evidence'}"
    extras = [
        f"since {t['since']}" if t["since"] else "",
        f"met: {t['how_met']}" if t["how_met"] else "",
        f"introduced by {t['introduced_by']}" if t["introduced_by"] else "",
        f"support {', '.join(t['support'])}" if t["support"] else "",
        f"strength {t['strength']}" if t["strength"] else "",
    ]
    extra = "; ".join(e for e in extras if e)
    return f"{line} ({extra})" if extra else line
