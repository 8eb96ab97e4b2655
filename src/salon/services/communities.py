"""Communities (recurring meetups), their members, events and attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import (
    INTENTS,
    Account,
    Attendance,
    Community,
    Encounter,
    Event,
    EventFeedback,
    EventTable,
    Member,
    Person,
    Seat,
    fits_id,
)
from salon.errors import DuplicateError, InputError, NotFoundError
from salon.services.ties import ensure_tie, forget_tie_cache, ties_of


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
        number = int(ref)
        community = session.scalar(query.where(Community.id == number)) if fits_id(number) else None
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
    if not fits_id(event_id):
        raise NotFoundError(f"no event with id {event_id}")
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


def record_seating(
    session: Session,
    event: Event,
    round_number: int,
    tables: Sequence[Sequence[Person]],
) -> int:
    """Store one round's seating (replacing any earlier one) and its encounters.

    ``tables[t]`` are the people at table ``t + 1``.  Everyone who shares a
    table gets an :class:`Encounter` and a "co_seated" tie.  Returns the number
    of encounters.
    """
    if not 1 <= round_number <= event.rounds:
        raise InputError(f"event {event.id} has rounds 1-{event.rounds}, got {round_number}")
    if len(tables) > len(event.tables):
        raise InputError(
            f"event {event.id} has {len(event.tables)} tables, got a seating for {len(tables)}"
        )
    seen: dict[int, int] = {}
    for number, people in enumerate(tables, start=1):
        for person in people:
            if person.id in seen:
                raise InputError(
                    f"{person.name} (id {person.id}) is seated twice in round {round_number}: "
                    f"at tables {seen[person.id]} and {number}",
                    field="tables",
                )
            seen[person.id] = number
    replacing = any(s.round == round_number for s in event.seats)
    event.seats = [s for s in event.seats if s.round != round_number]
    session.execute(
        delete(Encounter).where(Encounter.event_id == event.id, Encounter.round == round_number)
    )
    community = event.community
    owner = session.get(Account, community.owner_id)
    assert owner is not None
    n_encounters = 0
    for number, people in enumerate(tables, start=1):
        for person in people:
            event.seats.append(Seat(round=round_number, table_number=number, person_id=person.id))
        for i, first in enumerate(people):
            for second in people[i + 1 :]:
                a, b = sorted((first.id, second.id))
                session.add(
                    Encounter(
                        community_id=community.id,
                        event_id=event.id,
                        round=round_number,
                        person_a_id=a,
                        person_b_id=b,
                        met_on=event.starts_on,
                    )
                )
                ensure_tie(
                    session,
                    owner,
                    first,
                    second,
                    evidence="co_seated",
                    source_ref=f"event:{event.id}",
                    observed_on=event.starts_on,
                )
                n_encounters += 1
    session.flush()
    if replacing:
        _drop_stale_co_seated(session, owner, event)
    return n_encounters


def _drop_stale_co_seated(session: Session, owner: Account, event: Event) -> None:
    """After a re-seating, keep this event's "co_seated" evidence only for pairs still together.

    A tie left with no evidence at all is deleted: nothing else says they met.
    """
    tables: dict[tuple[int, int], list[int]] = {}
    for seat in event.seats:
        tables.setdefault((seat.round, seat.table_number), []).append(seat.person_id)
    together = {
        (min(a, b), max(a, b))
        for people in tables.values()
        for a in people
        for b in people
        if a != b
    }
    ref = f"event:{event.id}"
    for tie in ties_of(session, owner):
        stale = [
            e
            for e in tie.evidence
            if e.kind == "co_seated"
            and e.source_ref == ref
            and (tie.person_a_id, tie.person_b_id) not in together
        ]
        for evidence in stale:
            tie.evidence.remove(evidence)
        if stale and not tie.evidence:
            session.delete(tie)
    forget_tie_cache(session)
    session.flush()


def record_event_feedback(
    session: Session,
    event: Event,
    person: Person,
    *,
    learned_from: Sequence[Person] = (),
    follow_up: Sequence[Person] = (),
) -> int:
    """Keep whom ``person`` learned from and will follow up with after ``event``.

    Each becomes a stated tie (they talked), so it counts in the network.
    """
    owner = session.get(Account, event.community.owner_id)
    assert owner is not None
    n_rows = 0
    for kind, others in (("learned_from", learned_from), ("follow_up", follow_up)):
        for other in others:
            if other.id == person.id:
                raise InputError(f"{person.name} cannot give feedback about themselves")
            exists = session.scalar(
                select(EventFeedback).where(
                    EventFeedback.event_id == event.id,
                    EventFeedback.person_id == person.id,
                    EventFeedback.about_id == other.id,
                    EventFeedback.kind == kind,
                )
            )
            if exists is None:
                session.add(
                    EventFeedback(
                        event_id=event.id, person_id=person.id, about_id=other.id, kind=kind
                    )
                )
                n_rows += 1
            ensure_tie(
                session,
                owner,
                person,
                other,
                evidence="stated",
                source_ref=f"event:{event.id}",
                observed_on=event.starts_on,
            )
    session.flush()
    return n_rows
