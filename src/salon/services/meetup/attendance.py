"""Who comes to an event and where they sit: RSVPs, check-in, attendance, seats, encounters.

A seating is a plan; an encounter (and the "co_seated" tie it implies) is
written only for people whose attendance is confirmed, by check-in or by
:func:`mark_attended` after the event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Attendance, Encounter, Event, Person, Seat
from salon.errors import InputError
from salon.services.meetup.members import add_member
from salon.services.meetup.refs import EventRef, PersonRef, event_of, person_of, person_or_new
from salon.services.member_profiles import refuse_snoozed_yes
from salon.services.people import PersonFields
from salon.services.ties import ensure_tie, forget_tie_cache, ties_of

RSVP_ANSWERS = ("yes", "no", "maybe")


def set_answer(
    session: Session, event: Event, person: Person, answer: str, *, arrived: bool = False
) -> Attendance:
    """Record ``person``'s RSVP on the event's attendance (the objects already resolved).

    A "yes" from a member who snoozed past the event is refused unless they
    ``arrived`` all the same (check-in, attended).
    """
    if answer not in RSVP_ANSWERS:
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


def rsvp(
    session: Session, owner: Account, event: EventRef, person: PersonRef, answer: str = "yes"
) -> Attendance:
    """Record an RSVP (yes, no or maybe); a second answer replaces the first.

    Raises
    ------
    NotFoundError
        No such event or person.
    InputError
        An answer other than yes, no or maybe.
    """
    found = event_of(session, owner, event)
    return set_answer(session, found, person_of(session, owner, person), answer)


def check_in(
    session: Session,
    owner: Account,
    event: EventRef,
    person: PersonRef,
    when: dt.datetime | None = None,
    *,
    walk_in: bool = False,
) -> Attendance:
    """Mark ``person`` as arrived (an RSVP "yes" is implied for walk-ins).

    With ``walk_in``, a name that matches nobody is a new person, who becomes
    a member of the meetup (intent "both"); without it the name is refused, so
    a typo at the door never creates anyone.  Their attendance is now
    confirmed: if the event is seated, their encounters with the confirmed
    people at their tables are written (:func:`sync_encounters`).  Checking in
    again keeps the first time.

    Raises
    ------
    NotFoundError
        No such event, or a reference that matches nobody (without
        ``walk_in``, or not a name).
    """
    found = event_of(session, owner, event)
    arrived, created = person_or_new(
        session, owner, person, PersonFields(), walk_in, "check them in as a walk-in to add them"
    )
    if created:
        add_member(session, owner, found.community, arrived)
    row = set_answer(session, found, arrived, "yes", arrived=True)
    if row.checked_in_at is None or when is not None:
        row.checked_in_at = when or dt.datetime.now(dt.UTC)
    session.flush()
    if found.seats:
        sync_encounters(session, found)
    return row


def mark_attended(
    session: Session, owner: Account, event: EventRef, people: Sequence[PersonRef]
) -> int:
    """Confirm after the event that these people were there (as if checked in at its start).

    Their encounters with the confirmed people at their tables are written
    then, once (:func:`sync_encounters`).  Returns how many were not confirmed
    before.  Every reference is resolved before anything is written.

    Raises
    ------
    InputError
        Nobody named.
    NotFoundError
        A reference that matches nobody.
    """
    if not people:
        raise InputError("name at least one person who attended", field="person")
    found = event_of(session, owner, event)
    resolved = [person_of(session, owner, ref) for ref in people]
    start = dt.datetime.combine(found.starts_on, dt.time(0), dt.UTC)
    confirmed = confirmed_ids(found)
    n_new = 0
    for person in dict.fromkeys(resolved):
        row = set_answer(session, found, person, "yes", arrived=True)
        if person.id not in confirmed:
            row.checked_in_at = start
            n_new += 1
    session.flush()
    sync_encounters(session, found)
    return n_new


def confirmed_ids(event: Event) -> set[int]:
    """People whose attendance at ``event`` is confirmed: checked in, or marked attended."""
    return {row.person_id for row in event.attendance if row.checked_in_at is not None}


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
