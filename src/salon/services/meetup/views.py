"""Plain views of meetups and events for pages and listings (no ORM objects leave here).

A template that walks ORM objects loads their related rows lazily, one query
per row, and can reach anything they link to; these dataclasses carry what a
page shows, read in a known number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import Account, Community, Event, Person
from salon.services.meetup.lookup import get_event
from salon.services.meetup.refs import CommunityRef, community_of


@dataclass(frozen=True)
class EventRow:
    """One event in a meetup's list: its size and how many said yes or came."""

    id: int
    starts_on: dt.date
    title: str
    venue: str | None
    n_tables: int
    n_seats: int
    rounds: int
    n_yes: int
    n_checked_in: int
    seated: bool


@dataclass(frozen=True)
class MeetupView:
    """A meetup with its events (by date, as stored)."""

    id: int
    name: str
    description: str | None
    cadence: str | None
    n_members: int
    events: tuple[EventRow, ...]


@dataclass(frozen=True)
class MemberRow:
    """One member of a meetup: who, their background, why they come."""

    person_id: int
    name: str
    organization: str | None
    industry: str | None
    discipline: str | None
    intent: str
    organiser: bool


@dataclass(frozen=True)
class EventView:
    """An event's heading: what, where, when, how many tables and rounds."""

    id: int
    title: str
    starts_on: dt.date
    venue: str | None
    community: str
    n_tables: int
    rounds: int
    seated: bool


@dataclass(frozen=True)
class AttendeeRow:
    """One person's RSVP and check-in at an event."""

    person_id: int
    name: str
    rsvp: str
    checked_in_at: dt.datetime | None


def _event_row(event: Event) -> EventRow:
    return EventRow(
        id=event.id,
        starts_on=event.starts_on,
        title=event.title,
        venue=event.venue,
        n_tables=len(event.tables),
        n_seats=sum(t.max_size for t in event.tables),
        rounds=event.rounds,
        n_yes=sum(1 for a in event.attendance if a.rsvp == "yes"),
        n_checked_in=sum(1 for a in event.attendance if a.checked_in_at is not None),
        seated=bool(event.seats),
    )


def list_meetups(session: Session, owner: Account) -> list[MeetupView]:
    """The owner's meetups, oldest first, each with its events."""
    communities = session.scalars(
        select(Community)
        .where(Community.owner_id == owner.id)
        .order_by(Community.id)
        .options(
            selectinload(Community.members),
            selectinload(Community.events).selectinload(Event.tables),
            selectinload(Community.events).selectinload(Event.attendance),
            selectinload(Community.events).selectinload(Event.seats),
        )
    )
    return [
        MeetupView(
            id=c.id,
            name=c.name,
            description=c.description,
            cadence=c.cadence,
            n_members=len(c.members),
            events=tuple(_event_row(e) for e in c.events),
        )
        for c in communities
    ]


def meetup_members(session: Session, owner: Account, community: CommunityRef) -> list[MemberRow]:
    """A meetup's members by name, with their profile and intent."""
    members = sorted(
        community_of(session, owner, community).members,
        key=lambda m: (m.person.name_key, m.person_id),
    )
    return [
        MemberRow(
            person_id=m.person_id,
            name=m.person.name,
            organization=m.person.organization,
            industry=m.person.industry,
            discipline=m.person.discipline,
            intent=m.intent,
            organiser=m.is_organiser,
        )
        for m in members
    ]


def meetup_events(session: Session, owner: Account, community: CommunityRef) -> list[EventRow]:
    """A meetup's events by date, with their tables, rounds and attendance."""
    return [_event_row(e) for e in community_of(session, owner, community).events]


def event_view(session: Session, owner: Account, event_id: int) -> EventView:
    """An event's heading (:class:`NotFoundError` if ``owner`` has no such event)."""
    event = get_event(session, owner, event_id)
    return EventView(
        id=event.id,
        title=event.title,
        starts_on=event.starts_on,
        venue=event.venue,
        community=event.community.name,
        n_tables=len(event.tables),
        rounds=event.rounds,
        seated=bool(event.seats),
    )


def event_attendance(session: Session, owner: Account, event_id: int) -> list[AttendeeRow]:
    """Who said yes, no or maybe, and who arrived when, by name."""
    event = get_event(session, owner, event_id)
    ids = {row.person_id for row in event.attendance}
    names = {
        row.id: row.name
        for row in session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
    }
    rows = [
        AttendeeRow(row.person_id, names[row.person_id], row.rsvp, row.checked_in_at)
        for row in event.attendance
    ]
    return sorted(rows, key=lambda r: (r.name.casefold(), r.person_id))
