"""Capacity, the ordered waitlist and bulk answers (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salon.db.models import Account, Attendance, Person
from salon.db.store import Store
from salon.errors import InputError, NotFoundError
from salon.services.accounts import owner_account
from salon.services.event_rsvp import (
    answer_rsvp,
    bulk_check_in,
    bulk_rsvp,
    event_roster,
    set_capacity,
)
from salon.services.meetup import (
    add_member,
    attendee_ids,
    create_community,
    create_event,
    get_event,
)
from salon.services.people import PersonFields, add_person

T0 = dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC)


def _meetup(
    session: Session, owner: Account, n: int, capacity: int | None
) -> tuple[int, list[int]]:
    community = create_community(session, owner, "Long Table")
    people: list[Person] = []
    for k in range(n):
        person = add_person(session, owner, PersonFields(name=f"Guest {k:02d}"))
        add_member(session, owner, community, person)
        people.append(person)
    event = create_event(
        session, owner, community, title="Dinner", on=dt.date(2026, 12, 3), tables=[4, 4], rounds=2
    )
    event.capacity = capacity
    session.flush()
    return event.id, [p.id for p in people]


def _roster(store: Store, event_id: int):  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return event_roster(get_event(session, owner_account(session, "me"), event_id))


def test_yes_beyond_capacity_waits_and_a_decline_promotes_the_first_in_order(
    store: Store,
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        event_id, ids = _meetup(session, owner, 6, capacity=3)
    # answers one minute apart, given out of id order: the waitlist follows the answers
    order = [ids[2], ids[0], ids[4], ids[5], ids[1], ids[3]]
    statuses = []
    for k, pid in enumerate(order):
        with store.transaction() as session:
            owner = owner_account(session, "me")
            result = answer_rsvp(
                session, owner, event_id, pid, "yes", now=T0 + dt.timedelta(minutes=k)
            )
            statuses.append(result.status)
    assert statuses == ["going"] * 3 + ["waitlisted"] * 3
    roster = _roster(store, event_id)
    assert roster.going == sorted(order[:3])
    assert roster.waitlisted == order[3:]
    # a "no" from someone going frees a seat for the first who waits, at once
    with store.transaction() as session:
        owner = owner_account(session, "me")
        declined = answer_rsvp(session, owner, event_id, order[1], "no", now=T0 + dt.timedelta(1))
    assert declined.status == "declined"
    roster = _roster(store, event_id)
    assert roster.going == sorted([order[0], order[2], order[3]])
    assert roster.waitlisted == order[4:]
    assert roster.declined == [order[1]]
    # a "no" from someone waiting promotes nobody
    with store.transaction() as session:
        owner = owner_account(session, "me")
        answer_rsvp(session, owner, event_id, order[4], "no", now=T0 + dt.timedelta(2))
    roster = _roster(store, event_id)
    assert (len(roster.going), roster.waitlisted) == (3, [order[5]])
    # the seating seats those going, never those waiting
    with store.reading() as session:
        event = get_event(session, owner_account(session, "me"), event_id)
        assert attendee_ids(event) == roster.going


def test_changing_an_answer_back_to_yes_goes_to_the_back_of_the_line(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        event_id, ids = _meetup(session, owner, 5, capacity=1)
        results = bulk_rsvp(session, owner, event_id, ids[:4], "yes", now=T0)
        assert [r.status for r in results] == ["going"] + ["waitlisted"] * 3
        # the second waiting says no, then yes again: behind the others
        answer_rsvp(session, owner, event_id, ids[2], "no", now=T0 + dt.timedelta(hours=1))
        answer_rsvp(session, owner, event_id, ids[2], "yes", now=T0 + dt.timedelta(hours=2))
        # the same answer again keeps one's place
        answer_rsvp(session, owner, event_id, ids[1], "yes", now=T0 + dt.timedelta(hours=3))
        roster = event_roster(get_event(session, owner, event_id))
    assert roster.going == [ids[0]]
    assert roster.waitlisted == [ids[1], ids[3], ids[2]]


def test_raising_the_capacity_promotes_in_order_and_lowering_it_waitlists_nobody(
    store: Store,
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        event_id, ids = _meetup(session, owner, 6, capacity=2)
        bulk_rsvp(session, owner, event_id, ids, "yes", now=T0)
        promoted = set_capacity(session, owner, event_id, 4)
        assert [p.person_id for p in promoted] == ids[2:4]
        assert event_roster(get_event(session, owner, event_id)).waitlisted == ids[4:]
        assert set_capacity(session, owner, event_id, 1) == []
        roster = event_roster(get_event(session, owner, event_id))
        assert (roster.going, roster.waitlisted) == (sorted(ids[:4]), ids[4:])
        # no limit: everyone waiting comes
        assert [p.person_id for p in set_capacity(session, owner, event_id, None)] == ids[4:]
        with pytest.raises(InputError, match="capacity"):
            set_capacity(session, owner, event_id, -1)


def test_bulk_answers_resolve_everyone_before_writing(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        event_id, _ = _meetup(session, owner, 3, capacity=None)
    with pytest.raises(NotFoundError, match="Nobody Here"), store.transaction() as session:
        owner = owner_account(session, "me")
        bulk_rsvp(session, owner, event_id, ["Guest 00", "Nobody Here"], "yes")
    with pytest.raises(InputError, match="yes, no or maybe"), store.transaction() as session:
        bulk_rsvp(session, owner_account(session, "me"), event_id, ["Guest 00"], "perhaps")
    with store.reading() as session:
        assert session.scalar(select(func.count(Attendance.id))) == 0


def test_bulk_check_in_lets_in_someone_waiting_and_keeps_the_first_arrival(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        event_id, ids = _meetup(session, owner, 4, capacity=2)
        bulk_rsvp(session, owner, event_id, ids[:3], "yes", now=T0)
        first = bulk_check_in(session, owner, event_id, [ids[0], "Guest 02"], when=T0)
        assert [r.status for r in first] == ["going", "going"]
        bulk_check_in(session, owner, event_id, [ids[0]], when=T0 + dt.timedelta(hours=1))
        event = get_event(session, owner, event_id)
        roster = event_roster(event)
        arrival = next(a.checked_in_at for a in event.attendance if a.person_id == ids[0])
    assert roster.checked_in == sorted([ids[0], ids[2]])
    assert roster.going == sorted(ids[:3])
    assert roster.waitlisted == []
    assert arrival is not None
    assert arrival.replace(tzinfo=dt.UTC) == T0


def test_another_owners_event_is_not_found(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        event_id, ids = _meetup(session, owner, 2, capacity=1)
        stranger = owner_account(session, "stranger")
        with pytest.raises(NotFoundError, match=f"no event with id {event_id}"):
            answer_rsvp(session, stranger, event_id, ids[0], "yes")


@pytest.mark.parametrize("n_threads", [6])
def test_simultaneous_yes_for_the_last_seat_give_it_to_one(store: Store, n_threads: int) -> None:
    """Each thread's transaction answers "yes" at the same instant; one seat is left.

    Without the event's row lock, PostgreSQL's transactions would each count
    the seats before the others wrote and all get the seat.
    """
    with store.transaction() as session:
        owner = owner_account(session, "me")
        event_id, ids = _meetup(session, owner, n_threads + 2, capacity=3)
        bulk_rsvp(session, owner, event_id, ids[:2], "yes", now=T0)
    barrier = threading.Barrier(n_threads)
    statuses: list[str] = []
    errors: list[BaseException] = []

    def answer(pid: int) -> None:
        try:
            barrier.wait(timeout=10)
            with store.transaction() as session:
                owner = owner_account(session, "me")
                statuses.append(answer_rsvp(session, owner, event_id, pid, "yes").status)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(pid,)) for pid in ids[2:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    roster = _roster(store, event_id)
    assert len(roster.going) == 3
    assert len(roster.going) + len(roster.waitlisted) == len(statuses) + 2
    assert sorted(statuses) == ["going"] + ["waitlisted"] * (n_threads - 1)
