"""Communities (recurring meetups), their members, events and attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import (
    INTENTS,
    Account,
    Attendance,
    Community,
    Event,
    EventTable,
    Member,
    Person,
)
from salon.errors import DuplicateError, InputError, NotFoundError


def create_community(
    session: Session,
    owner: Account,
    name: str,
    *,
    description: str | None = None,
    cadence: str | None = None,
) -> Community:
    if not name.strip():
        raise InputError("a community needs a name", field="name")
    if session.scalar(
        select(Community).where(Community.owner_id == owner.id, Community.name == name.strip())
    ):
        raise DuplicateError(f"a community called {name.strip()!r} exists already")
    community = Community(
        owner_id=owner.id, name=name.strip(), description=description, cadence=cadence
    )
    session.add(community)
    session.flush()
    return community


def get_community(session: Session, owner: Account, ref: int | str) -> Community:
    query = (
        select(Community)
        .where(Community.owner_id == owner.id)
        .options(
            selectinload(Community.members).selectinload(Member.person),
            selectinload(Community.events),
        )
    )
    if isinstance(ref, int) or str(ref).isdigit():
        community = session.scalar(query.where(Community.id == int(ref)))
    else:
        community = session.scalar(query.where(Community.name == str(ref)))
    if community is None:
        raise NotFoundError(f"no community {ref!r}")
    return community


def list_communities(session: Session, owner: Account) -> list[Community]:
    return list(
        session.scalars(
            select(Community).where(Community.owner_id == owner.id).order_by(Community.id)
        )
    )


def add_member(
    session: Session,
    community: Community,
    person: Person,
    *,
    intent: str = "both",
    joined_on: dt.date | None = None,
    organiser: bool = False,
) -> Member:
    """Add ``person`` to the community, or update their intent if already a member."""
    if intent not in INTENTS:
        raise InputError(
            f"unknown intent {intent!r}; expected one of {', '.join(INTENTS)}", field="intent"
        )
    for member in community.members:
        if member.person_id == person.id:
            member.intent = intent
            member.is_organiser = member.is_organiser or organiser
            session.flush()
            return member
    member = Member(person_id=person.id, intent=intent, joined_on=joined_on, is_organiser=organiser)
    member.person = person
    community.members.append(member)
    session.flush()
    return member


def create_event(
    session: Session,
    community: Community,
    title: str,
    starts_on: dt.date,
    tables: Sequence[int | tuple[int, int]],
    *,
    rounds: int = 1,
    venue: str | None = None,
) -> Event:
    """An event with tables given as capacities (``6``) or (min, max) pairs."""
    if rounds < 1:
        raise InputError(f"an event needs at least one round, got {rounds}", field="rounds")
    if not tables:
        raise InputError("an event needs at least one table", field="tables")
    event = Event(title=title, starts_on=starts_on, rounds=rounds, venue=venue)
    for number, size in enumerate(tables, start=1):
        low, high = (size, size) if isinstance(size, int) else size
        low = 1 if isinstance(size, int) else low
        if high < 1 or low < 0 or low > high:
            raise InputError(
                f"table {number}: bad size {size!r}; expected max >= min >= 0", field="tables"
            )
        event.tables.append(EventTable(number=number, min_size=low, max_size=high))
    community.events.append(event)
    session.flush()
    return event


def get_event(session: Session, owner: Account, event_id: int) -> Event:
    event = session.scalar(
        select(Event)
        .join(Community)
        .where(Event.id == event_id, Community.owner_id == owner.id)
        .options(
            selectinload(Event.tables), selectinload(Event.attendance), selectinload(Event.seats)
        )
    )
    if event is None:
        raise NotFoundError(f"no event with id {event_id}")
    return event


def rsvp(session: Session, event: Event, person: Person, answer: str = "yes") -> Attendance:
    if answer not in ("yes", "no", "maybe"):
        raise InputError(f"RSVP is yes, no or maybe, got {answer!r}", field="rsvp")
    for row in event.attendance:
        if row.person_id == person.id:
            row.rsvp = answer
            session.flush()
            return row
    row = Attendance(person_id=person.id, rsvp=answer)
    event.attendance.append(row)
    session.flush()
    return row


def check_in(
    session: Session, event: Event, person: Person, when: dt.datetime | None = None
) -> Attendance:
    """Mark ``person`` as arrived (an RSVP "yes" is implied for walk-ins)."""
    row = rsvp(session, event, person, "yes")
    row.checked_in_at = when or dt.datetime.now(dt.UTC)
    session.flush()
    return row
