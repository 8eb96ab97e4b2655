"""Everything the user's network holds about one person, as plain data.

One use case for every shell: the person's page (``/people/ID``) reads the
fields, ``salon person show`` prints them and ``--json`` prints
:meth:`PersonHistory.as_dict`.  Their details, every conversation with them,
their ties and the evidence for each, the feedback they gave on ideas (and
so the ideas they touched), the lessons and notes learned from them, the
meetups they belong to and the events they attended; each section oldest
first, read in a few queries, with no lazy loading from a template.
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
    Member,
    Note,
    Person,
)
from salon.services.history_records import (
    Conversation,
    LessonRecord,
    TieRecord,
    conversation_record,
    iso,
    lesson_record,
    names_of,
    tie_record,
)
from salon.services.interactions import list_interactions
from salon.services.people import get_person, person_dict
from salon.services.ties import ties_of

__all__ = [
    "HISTORY_SECTIONS",
    "EventRecord",
    "FeedbackRecord",
    "IdeaTouched",
    "Membership",
    "NoteRecord",
    "PersonHistory",
    "TieSeen",
    "person_history",
]

#: The sections of :meth:`PersonHistory.as_dict` after the person's details, in order.
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


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """Feedback the person gave on a version of one of the user's ideas."""

    idea_id: int
    idea_title: str
    version: int
    stance: str
    text: str
    given_on: dt.date

    def as_dict(self) -> dict[str, Any]:
        return {
            "idea_id": self.idea_id,
            "idea": self.idea_title,
            "version": self.version,
            "stance": self.stance,
            "text": self.text,
            "given_on": iso(self.given_on),
        }


@dataclass(frozen=True, slots=True)
class IdeaTouched:
    """An idea of the user's the person gave feedback on."""

    id: int
    title: str
    status: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status}


@dataclass(frozen=True, slots=True)
class NoteRecord:
    ref: str
    domain: str | None
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "domain": self.domain, "text": self.text}


@dataclass(frozen=True, slots=True)
class Membership:
    """A meetup (community) the person belongs to."""

    community_id: int
    name: str
    intent: str
    organiser: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "community_id": self.community_id,
            "name": self.name,
            "intent": self.intent,
            "organiser": self.organiser,
        }


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event the person was at (or said they would come to)."""

    id: int
    title: str
    starts_on: dt.date
    meetup: str
    rsvp: str
    checked_in: bool

    def as_dict(self) -> dict[str, Any]:
        # checked_in is the page's: the command line's --json never had it
        return {
            "id": self.id,
            "title": self.title,
            "date": iso(self.starts_on),
            "meetup": self.meetup,
            "rsvp": self.rsvp,
        }


@dataclass(frozen=True, slots=True)
class TieSeen:
    """A tie of the person's seen from their side: the other end, and the tie."""

    other_id: int
    other_name: str
    other_is_me: bool
    tie: TieRecord


@dataclass(frozen=True, slots=True)
class PersonHistory:
    """A person's details (``person``: :func:`~salon.services.people.person_dict`), and records."""

    person: dict[str, Any]
    is_me: bool
    me_id: int | None
    conversations: tuple[Conversation, ...]
    ties: tuple[TieRecord, ...]
    feedback: tuple[FeedbackRecord, ...]
    ideas: tuple[IdeaTouched, ...]
    lessons: tuple[LessonRecord, ...]
    notes: tuple[NoteRecord, ...]
    meetups: tuple[Membership, ...]
    events: tuple[EventRecord, ...]

    @property
    def id(self) -> int:
        return int(self.person["id"])

    @property
    def is_empty(self) -> bool:
        """Nothing recorded yet beyond the person's details."""
        return not any(getattr(self, section) for section in HISTORY_SECTIONS)

    def others(self, conversation: Conversation) -> tuple[tuple[int, str], ...]:
        """Who else was in ``conversation``."""
        return conversation.others(self.id)

    @property
    def ties_seen(self) -> tuple[TieSeen, ...]:
        """The ties from this person's side: the user's first, then by name."""
        seen = []
        for tie in self.ties:
            other_id, other_name = tie.other(self.id)
            name = other_name or f"#{other_id}"
            seen.append(TieSeen(other_id, name, other_id == self.me_id, tie))
        return tuple(
            sorted(seen, key=lambda s: (not s.other_is_me, s.other_name.casefold(), s.other_id))
        )

    def as_dict(self) -> dict[str, Any]:
        """The details and every section as JSON-ready data (``salon person show --json``)."""
        return {
            **self.person,
            **{
                section: [record.as_dict() for record in getattr(self, section)]
                for section in HISTORY_SECTIONS
            },
        }


def person_history(session: Session, owner: Account, ref: int | str) -> PersonHistory:
    """The person ``ref`` names (id, email, URL or name) with all that involves them.

    Raises
    ------
    NotFoundError
        No such person in the owner's network.
    """
    person = get_person(session, owner, ref)
    interactions = list_interactions(session, owner, person=person)
    ties = ties_of(session, owner, person)
    lessons = session.scalars(
        select(Lesson)
        .where(Lesson.owner_id == owner.id, Lesson.person_id == person.id)
        .order_by(Lesson.id)
    ).all()
    names = names_of(
        session,
        owner,
        [
            *(p.person_id for i in interactions for p in i.participants),
            *(pid for t in ties for pid in (t.person_a_id, t.person_b_id, t.introduced_by_id)),
            *(lesson.person_id for lesson in lessons),
        ],
    )
    feedback = session.execute(
        select(
            Idea.id,
            Idea.title,
            IdeaVersion.number,
            Feedback.stance,
            Feedback.text,
            Feedback.given_on,
            Idea.status,
        )
        .join(IdeaVersion, Feedback.version_id == IdeaVersion.id)
        .join(Idea, IdeaVersion.idea_id == Idea.id)
        .where(Idea.owner_id == owner.id, Feedback.person_id == person.id)
        .order_by(Feedback.given_on, Feedback.id)
    ).all()
    ideas: dict[int, IdeaTouched] = {}
    for idea_id, title, *_, status in feedback:
        ideas.setdefault(idea_id, IdeaTouched(idea_id, title, status))
    notes = session.execute(
        select(Note.ref, Note.domain, Note.text)
        .where(Note.owner_id == owner.id, Note.person_id == person.id)
        .order_by(Note.id)
    )
    memberships = session.execute(
        select(Community.id, Community.name, Member.intent, Member.is_organiser)
        .join(Member, Member.community_id == Community.id)
        .where(Community.owner_id == owner.id, Member.person_id == person.id)
        .order_by(Community.id)
    )
    events = session.execute(
        select(
            Event.id,
            Event.title,
            Event.starts_on,
            Community.name,
            Attendance.rsvp,
            Attendance.checked_in_at.is_not(None),
        )
        .join(Attendance, Attendance.event_id == Event.id)
        .join(Community, Event.community_id == Community.id)
        .where(Community.owner_id == owner.id, Attendance.person_id == person.id)
        .order_by(Event.starts_on, Event.id)
    )
    me_id = person.id if person.is_me else _me_id(session, owner)
    return PersonHistory(
        person=person_dict(person),
        is_me=person.is_me,
        me_id=me_id,
        conversations=tuple(conversation_record(i, names) for i in interactions),
        ties=tuple(tie_record(t, names) for t in ties),
        feedback=tuple(FeedbackRecord(*row[:6]) for row in feedback),
        ideas=tuple(ideas.values()),
        lessons=tuple(lesson_record(lesson, names) for lesson in lessons),
        notes=tuple(NoteRecord(*row) for row in notes),
        meetups=tuple(Membership(*row) for row in memberships),
        events=tuple(EventRecord(*row) for row in events),
    )


def _me_id(session: Session, owner: Account) -> int | None:
    return session.scalar(
        select(Person.id).where(Person.owner_id == owner.id, Person.is_me.is_(True))
    )
