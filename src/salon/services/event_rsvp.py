"""RSVPs with a capacity and an ordered waitlist; bulk RSVP and bulk check-in.

A "yes" beyond the event's capacity waits; the waitlist is ordered by when
people answered (then by row id, for answers in the same instant).  Whenever a
seat frees (a "no" from someone going, a larger capacity), the first waiting
are promoted in the same transaction.

Concurrency: every change takes the event's row lock first
(:func:`locked_event`), so two "yes" for the last seat are decided one after
the other.  On PostgreSQL that is ``SELECT … FOR UPDATE``; on SQLite the store's
writers already hold the database's write lock from their first statement
(``BEGIN IMMEDIATE``), which serialises them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Attendance, Community, Event, Person, fits_id
from salon.errors import InputError, NotFoundError
from salon.services.meetup import check_in, get_event
from salon.services.member_profiles import refuse_snoozed_yes
from salon.services.people import get_person

__all__ = [
    "ANSWERS",
    "Roster",
    "RsvpResult",
    "answer_rsvp",
    "as_utc",
    "bulk_check_in",
    "bulk_rsvp",
    "event_roster",
    "locked_event",
    "rsvp_status",
    "set_capacity",
]

ANSWERS = ("yes", "no", "maybe")


@dataclass(frozen=True)
class RsvpResult:
    """One person's answer and where it left them: going, waitlisted, declined or maybe."""

    person_id: int
    name: str
    status: str


@dataclass(frozen=True)
class Roster:
    """Who is going, waiting (in order) and checked in; person ids."""

    going: list[int]
    waitlisted: list[int]
    checked_in: list[int]
    declined: list[int]
    capacity: int | None


def rsvp_status(row: Attendance) -> str:
    if row.rsvp == "no":
        return "declined"
    if row.rsvp == "maybe":
        return "maybe"
    return "waitlisted" if row.waitlisted else "going"


def locked_event(session: Session, owner: Account, event_id: int, *, shared: bool = False) -> Event:
    """The owner's event, its row locked until the transaction ends (see the module doc).

    ``shared`` takes PostgreSQL's ``FOR SHARE`` lock instead: check-ins of
    different people run side by side (they promote nobody), while an RSVP or
    a capacity change (``FOR UPDATE``) waits for them and they for it.

    Raises
    ------
    NotFoundError
        No such event of ``owner``'s.
    """
    if not fits_id(event_id):
        raise NotFoundError(f"no event with id {event_id}")
    locked = session.scalar(
        select(Event.id)
        .join(Community)
        .where(Event.id == event_id, Community.owner_id == owner.id)
        .with_for_update(of=Event, read=shared)
    )
    if locked is None:
        raise NotFoundError(f"no event with id {event_id}")
    return get_event(session, owner, event_id)


def _going(event: Event) -> int:
    return sum(1 for a in event.attendance if a.rsvp == "yes" and not a.waitlisted)


def _waiting(event: Event) -> list[Attendance]:
    rows = [a for a in event.attendance if a.rsvp == "yes" and a.waitlisted]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(rows, key=lambda a: (as_utc(a.answered_at) or far, a.id))


def as_utc(when: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes for timezone-aware columns; all are UTC
    if when is not None and when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when


def _promote(event: Event) -> list[Attendance]:
    """Move the first waiting into free seats; returns those promoted."""
    promoted: list[Attendance] = []
    free = None if event.capacity is None else event.capacity - _going(event)
    for row in _waiting(event):
        if free is not None and free <= 0:
            break
        row.waitlisted = False
        promoted.append(row)
        if free is not None:
            free -= 1
    return promoted


def _answer(
    session: Session, event: Event, person: Person, answer: str, now: dt.datetime
) -> Attendance:
    if answer not in ANSWERS:
        raise InputError(f"RSVP is yes, no or maybe, got {answer!r}", field="answer")
    if answer == "yes":
        refuse_snoozed_yes(session, event, person)
    row = next((a for a in event.attendance if a.person_id == person.id), None)
    if row is None:
        row = Attendance(person_id=person.id, rsvp=answer, answered_at=now, waitlisted=False)
        event.attendance.append(row)
    elif row.rsvp != answer:
        row.rsvp = answer
        row.answered_at = now  # a changed answer goes to the back of the line
        row.waitlisted = False
    else:
        return row  # the same answer again keeps its place
    if answer == "yes" and event.capacity is not None and row.checked_in_at is None:
        row.waitlisted = _going(event) - 1 >= event.capacity  # minus: row counts itself
    session.flush()
    _promote(event)
    session.flush()
    return row


def answer_rsvp(
    session: Session,
    owner: Account,
    event_id: int,
    person_ref: str | int,
    answer: str = "yes",
    *,
    now: dt.datetime | None = None,
) -> RsvpResult:
    """Record one answer; a "no" from someone going promotes the first waiting.

    Raises
    ------
    NotFoundError
        No such event or person.
    InputError
        An answer other than yes, no or maybe.
    """
    return bulk_rsvp(session, owner, event_id, [person_ref], answer, now=now)[0]


def bulk_rsvp(
    session: Session,
    owner: Account,
    event_id: int,
    person_refs: Sequence[str | int],
    answer: str = "yes",
    *,
    now: dt.datetime | None = None,
) -> list[RsvpResult]:
    """The same answer for many people, in the order given (which is the waitlist's order).

    Every reference is resolved before anything is written: one unknown name
    and nothing changes.
    """
    if not person_refs:
        raise InputError("name at least one person", field="person")
    if answer not in ANSWERS:
        raise InputError(f"RSVP is yes, no or maybe, got {answer!r}", field="answer")
    event = locked_event(session, owner, event_id)
    people = list(dict.fromkeys(get_person(session, owner, ref) for ref in person_refs))
    start = now or dt.datetime.now(dt.UTC)
    rows = [
        # a microsecond apart, so the order given is the waitlist's order
        (person, _answer(session, event, person, answer, start + dt.timedelta(microseconds=k)))
        for k, person in enumerate(people)
    ]
    return [RsvpResult(p.id, p.name, rsvp_status(row)) for p, row in rows]


def set_capacity(
    session: Session, owner: Account, event_id: int, capacity: int | None
) -> list[RsvpResult]:
    """Change how many may come (None: no limit); a larger one promotes the first waiting.

    A smaller capacity than those already going waitlists nobody: a seat
    promised stays promised, and new "yes" answers wait until enough decline.
    Returns the people promoted.
    """
    if capacity is not None and capacity < 0:
        raise InputError(f"capacity: expected a number ≥ 0, got {capacity}", field="capacity")
    event = locked_event(session, owner, event_id)
    event.capacity = capacity
    promoted = _promote(event)
    session.flush()
    return [
        RsvpResult(row.person_id, get_person(session, owner, row.person_id).name, "going")
        for row in promoted
    ]


def bulk_check_in(
    session: Session,
    owner: Account,
    event_id: int,
    person_refs: Sequence[str | int],
    *,
    when: dt.datetime | None = None,
) -> list[RsvpResult]:
    """Check many people in at once; someone waiting who is at the door is going.

    Every reference is resolved before anything is written.  Checking in
    again keeps the first arrival time.
    """
    if not person_refs:
        raise InputError("name at least one person", field="person")
    event = locked_event(session, owner, event_id, shared=True)
    people = list(dict.fromkeys(_arrival(session, owner, ref) for ref in person_refs))
    results = []
    for person in people:
        before = next((a for a in event.attendance if a.person_id == person.id), None)
        arrived = before is not None and before.checked_in_at is not None
        row = check_in(session, owner, event, person, None if arrived else when)
        row.answered_at = row.answered_at or row.checked_in_at
        row.waitlisted = False  # there in person: the organiser let them in
        results.append(RsvpResult(person.id, person.name, "going"))
    session.flush()
    return results


def _arrival(session: Session, owner: Account, ref: str | int) -> Person:
    try:
        return get_person(session, owner, ref)
    except NotFoundError as exc:
        raise NotFoundError(
            f"{exc}; check the spelling, or check them in as a walk-in to add them"
        ) from None


def event_roster(event: Event) -> Roster:
    """Going and checked in (by person id), waiting in the order they will be promoted."""
    return Roster(
        going=sorted(a.person_id for a in event.attendance if a.rsvp == "yes" and not a.waitlisted),
        waitlisted=[a.person_id for a in _waiting(event)],
        checked_in=sorted(a.person_id for a in event.attendance if a.checked_in_at is not None),
        declined=sorted(a.person_id for a in event.attendance if a.rsvp == "no"),
        capacity=event.capacity,
    )
