"""A member's feedback after an event, their follow-up reminders, and the ratings in aggregate.

A member rates the evening and each table they sat at (1–5), names whom they
learned from (only tablemates: the rule of
:func:`salon.services.meetup.record_feedback`, reused) and whom
they will follow up with (anyone seated at the event), and may leave a
comment.  A follow-up is a reminder for them (``EventFeedback.remind_on``),
listed on their page until they mark it done.

The organiser sees the ratings only in aggregate (:func:`rating_summary`):
mean and count for the evening and per table, never who gave which.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salon.db.models import (
    Account,
    Event,
    EventFeedback,
    EventRating,
    Member,
    Person,
    Seat,
    fits_id,
    utcnow,
)
from salon.errors import InputError, NotFoundError
from salon.services.meetup import get_event, record_feedback
from salon.services.meetup_roles import my_event

__all__ = [
    "FOLLOW_UP_AFTER",
    "FeedbackForm",
    "RatingSummary",
    "Reminder",
    "SatAt",
    "feedback_form",
    "give_member_feedback",
    "mark_reminder_done",
    "my_reminders",
    "rating_summary",
]

#: when a follow-up is due if the member gives no date: a few days after the event
FOLLOW_UP_AFTER = dt.timedelta(days=3)
MAX_COMMENT = 2000


@dataclass(frozen=True)
class SatAt:
    """One table the member sat at, with its people and their rating of it so far."""

    round: int
    table: int
    people: tuple[tuple[int, str], ...]  # (person id, name)
    rating: int | None


@dataclass(frozen=True)
class FeedbackForm:
    event_id: int
    title: str
    starts_on: dt.date
    community_id: int
    tables: tuple[SatAt, ...]
    others: tuple[tuple[int, str], ...]  # everyone else seated at the event, for follow-ups
    evening: int | None
    comment: str
    learned_from: frozenset[int]
    follow_up: frozenset[int]


@dataclass(frozen=True)
class Reminder:
    feedback_id: int
    event_id: int
    event_title: str
    name: str
    remind_on: dt.date | None
    done: bool


@dataclass(frozen=True)
class TableRating:
    round: int
    table: int
    mean: float
    n: int


@dataclass(frozen=True)
class RatingSummary:
    """Ratings in aggregate: the evening's mean and count, and per table."""

    evening_mean: float
    n_evening: int
    tables: tuple[TableRating, ...]
    n_comments: int

    def as_dict(self) -> dict[str, object]:
        return {
            "evening_mean": None if math.isnan(self.evening_mean) else self.evening_mean,
            "n_evening": self.n_evening,
            "n_comments": self.n_comments,
            "tables": [
                {"round": t.round, "table": t.table, "mean": t.mean, "n": t.n} for t in self.tables
            ],
        }


def _seats(session: Session, event: Event) -> list[Seat]:
    return list(session.scalars(select(Seat).where(Seat.event_id == event.id)))


def feedback_form(session: Session, account: Account, event_id: int) -> FeedbackForm:
    """What the member's feedback page shows, with what they already answered."""
    event, member = my_event(session, account, event_id)
    me = member.person_id
    seats = _seats(session, event)
    mine = {(s.round, s.table_number) for s in seats if s.person_id == me}
    ids = {s.person_id for s in seats} - {me}
    named = select(Person.id, Person.name).where(Person.id.in_(ids))
    names: dict[int, str] = dict(session.execute(named).all())
    ratings = {
        (r.round, r.table_number): r
        for r in session.scalars(
            select(EventRating).where(EventRating.event_id == event.id, EventRating.person_id == me)
        )
    }
    given = session.execute(
        select(EventFeedback.about_id, EventFeedback.kind).where(
            EventFeedback.event_id == event.id, EventFeedback.person_id == me
        )
    ).all()

    def by_name(people: Collection[int]) -> tuple[tuple[int, str], ...]:
        return tuple(sorted(((p, names[p]) for p in people), key=lambda x: (x[1].casefold(), x[0])))

    tables = tuple(
        SatAt(
            r,
            t,
            by_name({s.person_id for s in seats if (s.round, s.table_number) == (r, t)} - {me}),
            ratings[(r, t)].rating if (r, t) in ratings else None,
        )
        for r, t in sorted(mine)
    )
    evening = ratings.get((0, 0))
    return FeedbackForm(
        event.id,
        event.title,
        event.starts_on,
        event.community_id,
        tables,
        by_name(ids),
        evening.rating if evening else None,
        (evening.comment or "") if evening else "",
        frozenset(a for a, kind in given if kind == "learned_from"),
        frozenset(a for a, kind in given if kind == "follow_up"),
    )


def _rating(value: int, what: str) -> int:
    if not 1 <= value <= 5:
        raise InputError(f"rate {what} from 1 to 5, got {value}", field="rating")
    return value


def _set_rating(
    session: Session, event: Event, person_id: int, key: tuple[int, int], value: int,
    comment: str | None = None,
) -> None:  # fmt: skip
    row = session.scalar(
        select(EventRating).where(
            EventRating.event_id == event.id,
            EventRating.person_id == person_id,
            EventRating.round == key[0],
            EventRating.table_number == key[1],
        )
    )
    if row is None:
        row = EventRating(
            event_id=event.id, person_id=person_id, round=key[0], table_number=key[1], rating=value
        )
        session.add(row)
    row.rating = value
    if key == (0, 0):
        row.comment = comment or None


def give_member_feedback(
    session: Session,
    account: Account,
    event_id: int,
    *,
    evening: int | None = None,
    tables: Mapping[tuple[int, int], int] | None = None,
    learned_from: Collection[int] = (),
    follow_up: Collection[int] = (),
    remind_on: dt.date | None = None,
    comment: str = "",
    today: dt.date | None = None,
) -> FeedbackForm:
    """Store the member's feedback on ``event_id`` (answering again updates it).

    ``tables`` maps (round, table) to a rating; ``learned_from`` and
    ``follow_up`` are person ids.  A follow-up is due on ``remind_on``, else
    :data:`FOLLOW_UP_AFTER` after the event.  A comment needs an evening rating.

    Raises
    ------
    InputError
        The event is still to come; the member was not seated at it; a rating outside 1–5; a table
        they did not sit at; someone they learned from but never sat with, or
        a follow-up with someone not seated at the event; nothing given.
    """
    event, member = my_event(session, account, event_id)
    if event.starts_on > (today or dt.date.today()):
        raise InputError(f"feedback opens on the day of the event ({event.starts_on.isoformat()})")
    me = member.person_id
    seats = _seats(session, event)
    mine = {(s.round, s.table_number) for s in seats if s.person_id == me}
    if not mine:
        raise InputError("you were not seated at this event: there is nothing to rate yet")
    tables = dict(tables or {})
    comment = comment.strip()
    if not (evening or tables or learned_from or follow_up or comment):
        raise InputError("give a rating, someone you learned from, or a follow-up")
    if len(comment) > MAX_COMMENT:
        raise InputError(f"the comment has at most {MAX_COMMENT} characters", field="comment")
    if comment and evening is None:
        raise InputError("rate the evening to leave a comment", field="evening")
    for key, value in tables.items():
        if key not in mine:
            raise InputError(f"you did not sit at table {key[1]} in round {key[0]}", field="tables")
        _rating(value, f"table {key[1]} in round {key[0]}")
    if evening is not None:
        _rating(evening, "the evening")
    seated = {s.person_id for s in seats}
    people = {
        p.id: p
        for p in session.scalars(
            select(Person).where(Person.id.in_(set(learned_from) | set(follow_up) | {me}))
        )
    }
    for pid in set(learned_from) | set(follow_up):
        if pid not in seated or pid not in people or pid == me:
            raise InputError(f"person {pid} was not at your tables at this event", field="people")
    if learned_from or follow_up:  # ratings alone are no feedback about people
        organiser = session.get(Account, event.community.owner_id)
        assert organiser is not None  # the event's community belongs to an account
        record_feedback(
            session,
            organiser,
            event,
            people[me],
            learned_from=[people[p] for p in sorted(set(learned_from))],
            follow_up=[people[p] for p in sorted(set(follow_up))],
        )
    due = remind_on or event.starts_on + FOLLOW_UP_AFTER
    for row in session.scalars(
        select(EventFeedback).where(
            EventFeedback.event_id == event.id,
            EventFeedback.person_id == me,
            EventFeedback.kind == "follow_up",
            EventFeedback.about_id.in_(set(follow_up)),
            EventFeedback.remind_on.is_(None),
        )
    ):
        row.remind_on = due
    for key, value in tables.items():
        _set_rating(session, event, me, key, value)
    if evening is not None:
        _set_rating(session, event, me, (0, 0), evening, comment)
    session.flush()
    return feedback_form(session, account, event_id)


def my_reminders(session: Session, member: Member) -> list[Reminder]:
    """The member's follow-ups at this meetup's events, open ones first, by due date."""
    rows = session.execute(
        select(EventFeedback, Event.title, Person.name)
        .join(Event, Event.id == EventFeedback.event_id)
        .join(Person, Person.id == EventFeedback.about_id)
        .where(
            EventFeedback.person_id == member.person_id,
            EventFeedback.kind == "follow_up",
            Event.community_id == member.community_id,
        )
    ).all()
    reminders = [
        Reminder(row.id, row.event_id, title, name, row.remind_on, row.done_at is not None)
        for row, title, name in rows
    ]
    return sorted(reminders, key=lambda r: (r.done, r.remind_on or dt.date.max, r.feedback_id))


def mark_reminder_done(session: Session, account: Account, feedback_id: int) -> Reminder:
    """Mark one of the member's own follow-ups done (again: keeps the first time).

    Raises
    ------
    NotFoundError
        No such follow-up of this account's.
    """
    row = session.get(EventFeedback, feedback_id) if fits_id(feedback_id) else None
    if row is None or row.kind != "follow_up":
        raise NotFoundError(f"no reminder {feedback_id}")
    try:
        event, member = my_event(session, account, row.event_id)
    except NotFoundError:
        raise NotFoundError(f"no reminder {feedback_id}") from None
    if row.person_id != member.person_id:
        raise NotFoundError(f"no reminder {feedback_id}")
    if row.done_at is None:
        row.done_at = utcnow()
    session.flush()
    about = session.get(Person, row.about_id)
    assert about is not None
    return Reminder(row.id, event.id, event.title, about.name, row.remind_on, True)


def rating_summary(session: Session, owner: Account, event_id: int) -> RatingSummary:
    """The event's ratings in aggregate, for its organiser (scoped like ``get_event``)."""
    event = get_event(session, owner, event_id)
    rows = session.execute(
        select(
            EventRating.round,
            EventRating.table_number,
            func.avg(EventRating.rating),
            func.count(EventRating.id),
            func.count(EventRating.comment),
        )
        .where(EventRating.event_id == event.id)
        .group_by(EventRating.round, EventRating.table_number)
        .order_by(EventRating.round, EventRating.table_number)
    ).all()
    evening = next((r for r in rows if (r[0], r[1]) == (0, 0)), None)
    return RatingSummary(
        float(evening[2]) if evening else float("nan"),
        int(evening[3]) if evening else 0,
        tuple(TableRating(r, t, float(mean), int(n)) for r, t, mean, n, _ in rows if r > 0),
        int(evening[4]) if evening else 0,
    )
