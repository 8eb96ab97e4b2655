"""The logs of what was recorded, as plain data: conversations, ties, lessons, ideas.

``salon log list``, ``tie list``, ``lesson show`` and ``idea show`` (and
their ``--json``) print these; every record names the people in it, never
only their ids.  One person's whole history is
:func:`salon.services.person_history.person_history`, in the same shapes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import (
    PURPOSES,
    Account,
    Idea,
    Interaction,
    Lesson,
    Person,
    Tie,
)
from salon.errors import InputError, NotFoundError
from salon.services.history_records import (
    conversation_record,
    iso,
    lesson_record,
    names_of,
    tie_record,
)
from salon.services.interactions import list_interactions
from salon.services.ties import forget_tie_cache, tie_between, ties_of


def interaction_dict(interaction: Interaction, names: dict[int, str]) -> dict[str, Any]:
    """One logged conversation, with the people in it named."""
    return conversation_record(interaction, names).as_dict()


def tie_dict(tie: Tie, names: dict[int, str]) -> dict[str, Any]:
    """One tie with the evidence it rests on."""
    return tie_record(tie, names).as_dict()


def lesson_dict(lesson: Lesson, names: dict[int, str]) -> dict[str, Any]:
    return lesson_record(lesson, names).as_dict()


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
        "created_on": iso(idea.created_on),
        "versions": [
            {
                "number": v.number,
                "text": v.text,
                "created_on": iso(v.created_on),
                "feedback": [
                    {
                        "person": names.get(f.person_id),
                        "stance": f.stance,
                        "text": f.text,
                        "given_on": iso(f.given_on),
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
