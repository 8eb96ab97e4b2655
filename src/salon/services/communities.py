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
from salon.services.member_profiles import refuse_snoozed_yes
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


def rsvp(
    session: Session, event: Event, person: Person, answer: str = "yes", *, arrived: bool = False
) -> Attendance:
    """Record an answer; a "yes" from a member who snoozed past the event is refused
    unless they ``arrived`` all the same (check-in, attended)."""
    if answer not in ("yes", "no", "maybe"):
        raise InputError(f"RSVP is yes, no or maybe, got {answer!r}", field="rsvp")
    if answer == "yes" and not arrived:
        refuse_snoozed_yes(session, event, person)
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
    """Mark ``person`` as arrived (an RSVP "yes" is implied for walk-ins).

    Their attendance is now confirmed: if the event is seated, their
    encounters with the confirmed people at their tables are written
    (:func:`sync_encounters`).  Checking in again keeps the first time.
    """
    row = rsvp(session, event, person, "yes", arrived=True)
    if row.checked_in_at is None or when is not None:
        row.checked_in_at = when or dt.datetime.now(dt.UTC)
    session.flush()
    if event.seats:
        sync_encounters(session, event)
    return row


def record_seating(
    session: Session,
    event: Event,
    round_number: int,
    tables: Sequence[Sequence[Person]],
) -> int:
    """Store one round's seating (a plan, replacing any earlier one).

    ``tables[t]`` are the people at table ``t + 1``.  A seating is a plan:
    encounters and "co_seated" ties are written only for people whose
    attendance is confirmed (:func:`sync_encounters`).  Returns the number of
    encounters this round now has.
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
    event.seats = [s for s in event.seats if s.round != round_number]
    session.flush()  # the old seats go before the new ones come (one seat per round)
    for number, people in enumerate(tables, start=1):
        for person in people:
            event.seats.append(Seat(round=round_number, table_number=number, person_id=person.id))
    session.flush()
    return sum(1 for r, _, _ in sync_encounters(session, event) if r == round_number)


def confirmed_ids(event: Event) -> set[int]:
    """People whose attendance at ``event`` is confirmed: checked in, or marked attended."""
    return {row.person_id for row in event.attendance if row.checked_in_at is not None}


def sync_encounters(session: Session, event: Event) -> set[tuple[int, int, int]]:
    """Make the event's encounters and "co_seated" ties match its seats and attendance.

    An encounter (round, a, b) exists exactly when a and b are seated at one
    table in that round and both are confirmed (:func:`confirmed_ids`); each
    pair with one gets a "co_seated" tie, and a pair that no longer has one
    loses this event's "co_seated" evidence (a tie left without evidence is
    deleted: nothing else says they met).  Idempotent: a second call changes
    nothing.  Returns the encounters as (round, a, b), a < b.
    """
    confirmed = confirmed_ids(event)
    tables: dict[tuple[int, int], list[int]] = {}
    for seat in event.seats:
        if seat.person_id in confirmed:
            tables.setdefault((seat.round, seat.table_number), []).append(seat.person_id)
    wanted = {
        (r, a, b) for (r, _), people in tables.items() for a in people for b in people if a < b
    }
    stored = {
        (row.round, row.person_a_id, row.person_b_id): row
        for row in session.scalars(select(Encounter).where(Encounter.event_id == event.id))
    }
    for key in stored.keys() - wanted:
        session.delete(stored[key])
    owner = session.get(Account, event.community.owner_id)
    assert owner is not None
    added = sorted(wanted - stored.keys())
    if added:
        people = {
            p.id: p
            for p in session.scalars(
                select(Person).where(Person.id.in_({x for _, a, b in added for x in (a, b)}))
            )
        }
        for r, a, b in added:
            session.add(
                Encounter(
                    community_id=event.community_id,
                    event_id=event.id,
                    round=r,
                    person_a_id=a,
                    person_b_id=b,
                    met_on=event.starts_on,
                )
            )
            ensure_tie(
                session,
                owner,
                people[a],
                people[b],
                evidence="co_seated",
                source_ref=f"event:{event.id}",
                observed_on=event.starts_on,
            )
    session.flush()
    if stored.keys() - wanted:
        _drop_stale_co_seated(session, owner, event, {(a, b) for _, a, b in wanted})
    return wanted


def _drop_stale_co_seated(
    session: Session, owner: Account, event: Event, together: set[tuple[int, int]]
) -> None:
    """Keep this event's "co_seated" evidence only for the pairs in ``together``.

    A tie left with no evidence at all is deleted: nothing else says they met.
    """
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
    One learns from people one sat with: a "learned from" person must have
    shared a table with ``person`` in some round, else :class:`InputError`
    and nothing is written.
    """
    owner = session.get(Account, event.community.owner_id)
    assert owner is not None
    tables = {(s.round, s.table_number) for s in event.seats if s.person_id == person.id}
    tablemates = {s.person_id for s in event.seats if (s.round, s.table_number) in tables}
    for other in learned_from:
        if other.id not in tablemates and other.id != person.id:
            raise InputError(
                f"{person.name} did not sit with {other.name} (id {other.id}) at event "
                f"{event.id}: one learns from tablemates",
                field="learned_from",
            )
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
