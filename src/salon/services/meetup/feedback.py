"""After an event: whom each person learned from and will follow up with."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Event, EventFeedback, Person
from salon.errors import InputError
from salon.services.meetup.refs import EventRef, PersonRef, event_of, person_of
from salon.services.ties import ensure_tie


def record_feedback(
    session: Session,
    owner: Account,
    event: EventRef,
    person: PersonRef,
    *,
    learned_from: Sequence[PersonRef] = (),
    follow_up: Sequence[PersonRef] = (),
) -> int:
    """Keep whom ``person`` learned from and will follow up with after ``event``.

    Each becomes feedback on the event and a stated tie (they talked), so it
    counts in the network.  Returns the number of new feedback rows.

    One learns from people one sat with: every "learned from" person must
    have shared a table with ``person`` in some round.

    Raises
    ------
    InputError
        Nobody named, someone who was not at the event (no RSVP, check-in or
        seat), someone giving feedback about themselves, or a "learned from"
        person who never sat at their table — before anything is written.
    """
    if not learned_from and not follow_up:
        raise InputError("name someone you learned from or will follow up with")
    found = event_of(session, owner, event)
    there = {a.person_id for a in found.attendance} | {s.person_id for s in found.seats}

    def present(ref: PersonRef) -> Person:
        someone = person_of(session, owner, ref)
        if someone.id not in there:
            raise InputError(f"{someone.name} (id {someone.id}) was not at event {found.id}")
        return someone

    giver = present(person)
    return _write_feedback(
        session,
        owner,
        found,
        giver,
        [present(r) for r in learned_from],
        [present(r) for r in follow_up],
    )


def _write_feedback(
    session: Session,
    owner: Account,
    event: Event,
    person: Person,
    learned_from: Sequence[Person],
    follow_up: Sequence[Person],
) -> int:
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
