"""Everything the user's network holds about one person, as plain data.

A person's page shows their details, every conversation with them, their
ties and the evidence for each, the feedback they gave on ideas, the lessons
and notes learned from them, and the meetups they attended: one read, no
lazy loading from a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import (
    Account,
    Attendance,
    Community,
    Event,
    Feedback,
    Idea,
    IdeaVersion,
    Lesson,
    Note,
    Person,
)
from salon.services.interactions import list_interactions
from salon.services.people import get_person, person_dict
from salon.services.ties import ties_of


@dataclass(frozen=True)
class Conversation:
    """One logged conversation the person took part in."""

    id: int
    occurred_on: dt.date
    channel: str | None
    purposes: tuple[str, ...]
    depth: int
    challenged: bool
    insights: tuple[str, ...]
    outcomes: tuple[str, ...]
    others: tuple[tuple[int, str], ...]  # who else was there: (id, name)
    learning_goal: str | None
    notes: str | None


@dataclass(frozen=True)
class Evidence:
    """Why salon believes a tie exists."""

    kind: str
    inferred: bool
    source: str
    observed_on: dt.date | None


@dataclass(frozen=True)
class TieView:
    """A tie of the person's, seen from their side."""

    other_id: int
    other_name: str
    other_is_me: bool
    since: dt.date | None
    how_met: str | None
    introduced_by: tuple[int, str] | None
    support: tuple[str, ...]
    manual_strength: int | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class FeedbackView:
    """Feedback the person gave on a version of one of the user's ideas."""

    idea_id: int
    idea_title: str
    version: int
    stance: str
    text: str
    given_on: dt.date


@dataclass(frozen=True)
class LessonView:
    id: int
    title: str
    kind: str
    takeaway: str | None
    learned_on: dt.date | None


@dataclass(frozen=True)
class NoteView:
    ref: str
    text: str


@dataclass(frozen=True)
class MeetupView:
    """An event the person was at (or said they would come to)."""

    event_id: int
    title: str
    community: str
    starts_on: dt.date
    rsvp: str
    checked_in: bool


@dataclass(frozen=True)
class PersonHistory:
    person: dict[str, Any]
    is_me: bool
    conversations: tuple[Conversation, ...]
    ties: tuple[TieView, ...]
    feedback: tuple[FeedbackView, ...]
    lessons: tuple[LessonView, ...]
    notes: tuple[NoteView, ...]
    meetups: tuple[MeetupView, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing recorded yet beyond the person's details."""
        return not (
            self.conversations
            or self.ties
            or self.feedback
            or self.lessons
            or self.notes
            or self.meetups
        )


def _names(session: Session, owner: Account, ids: set[int]) -> dict[int, tuple[str, bool]]:
    if not ids:
        return {}
    rows = session.execute(
        select(Person.id, Person.name, Person.is_me).where(
            Person.owner_id == owner.id, Person.id.in_(ids)
        )
    )
    return {pid: (name, is_me) for pid, name, is_me in rows}


def _conversations(session: Session, owner: Account, person: Person) -> list[Conversation]:
    found = list_interactions(session, owner, person=person)
    names = _names(session, owner, {p.person_id for i in found for p in i.participants})
    return [
        Conversation(
            id=i.id,
            occurred_on=i.occurred_on,
            channel=i.channel,
            purposes=tuple(i.purposes),
            depth=i.depth,
            challenged=i.challenged,
            insights=tuple(insight.text for insight in i.insights),
            outcomes=tuple(i.outcomes),
            others=tuple(
                (p.person_id, names[p.person_id][0])
                for p in i.participants
                if p.person_id != person.id and p.person_id in names
            ),
            learning_goal=i.learning_goal,
            notes=i.notes,
        )
        for i in reversed(found)  # the latest first
    ]


def _ties(session: Session, owner: Account, person: Person) -> list[TieView]:
    ties = ties_of(session, owner, person)
    wanted = {t.person_a_id for t in ties} | {t.person_b_id for t in ties}
    wanted |= {t.introduced_by_id for t in ties if t.introduced_by_id is not None}
    names = _names(session, owner, wanted)
    views = []
    for tie in ties:
        other = tie.person_b_id if tie.person_a_id == person.id else tie.person_a_id
        introducer = tie.introduced_by_id
        views.append(
            TieView(
                other_id=other,
                other_name=names[other][0],
                other_is_me=names[other][1],
                since=tie.since,
                how_met=tie.how_met,
                introduced_by=(introducer, names[introducer][0]) if introducer else None,
                support=tuple(tie.support),
                manual_strength=tie.manual_strength,
                evidence=tuple(
                    Evidence(e.kind, e.inferred, e.source_ref, e.observed_on) for e in tie.evidence
                ),
            )
        )
    # the user first, then by name
    return sorted(views, key=lambda v: (not v.other_is_me, v.other_name.casefold(), v.other_id))


def person_history(session: Session, owner: Account, ref: int | str) -> PersonHistory:
    """The person ``ref`` names (id, email, URL or name) with all that involves them.

    Raises
    ------
    NotFoundError
        No such person in the owner's network.
    """
    person = get_person(session, owner, ref)
    feedback = session.execute(
        select(Idea.id, Idea.title, IdeaVersion.number, Feedback.stance, Feedback.text)
        .add_columns(Feedback.given_on)
        .join(IdeaVersion, IdeaVersion.id == Feedback.version_id)
        .join(Idea, Idea.id == IdeaVersion.idea_id)
        .where(Idea.owner_id == owner.id, Feedback.person_id == person.id)
        .order_by(Feedback.given_on.desc(), Feedback.id.desc())
    )
    lessons = session.execute(
        select(Lesson.id, Lesson.title, Lesson.kind, Lesson.takeaway, Lesson.learned_on)
        .where(Lesson.owner_id == owner.id, Lesson.person_id == person.id)
        .order_by(Lesson.id.desc())
    )
    notes = session.execute(
        select(Note.ref, Note.text)
        .where(Note.owner_id == owner.id, Note.person_id == person.id)
        .order_by(Note.id.desc())
    )
    meetups = session.execute(
        select(
            Event.id,
            Event.title,
            Community.name,
            Event.starts_on,
            Attendance.rsvp,
            Attendance.checked_in_at.is_not(None),
        )
        .join(Event, Event.id == Attendance.event_id)
        .join(Community, Community.id == Event.community_id)
        .where(Community.owner_id == owner.id, Attendance.person_id == person.id)
        .order_by(Event.starts_on.desc(), Event.id.desc())
    )
    return PersonHistory(
        person=person_dict(person),
        is_me=person.is_me,
        conversations=tuple(_conversations(session, owner, person)),
        ties=tuple(_ties(session, owner, person)),
        feedback=tuple(FeedbackView(*row) for row in feedback),
        lessons=tuple(LessonView(*row) for row in lessons),
        notes=tuple(NoteView(*row) for row in notes),
        meetups=tuple(MeetupView(*row) for row in meetups),
    )
