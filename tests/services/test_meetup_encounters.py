"""A seating is a plan, not an encounter (SQLite and PostgreSQL).

Encounters and "co_seated" ties are written only for people whose attendance
is confirmed (checked in, or marked attended afterwards), once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salon.db.models import Account, Encounter, Person, Tie, TieEvidence
from salon.db.store import Store
from salon.errors import NotFoundError
from salon.services.accounts import me, owner_account
from salon.services.meetup import (
    add_member,
    check_in,
    create_community,
    create_event,
    get_event,
    mark_attended,
    rsvp,
    sync_encounters,
)
from salon.services.meetup.seating import seat_event
from salon.services.people import PersonFields, add_person
from salon.services.report import build_report
from salon.services.ties import ensure_tie

FAST = {"time_limit": None, "max_iterations": 2000}


def _people(session: Session, owner: Account, n: int) -> list[Person]:
    community = create_community(session, owner, "Long Table")
    people = []
    for k in range(n):
        person = add_person(session, owner, PersonFields(name=f"Guest {k}", industry=str(k % 3)))
        add_member(session, owner, community, person)
        people.append(person)
    return people


def _encounters(session: Session, event_id: int) -> set[tuple[int, int, int]]:
    rows = session.execute(
        select(Encounter.round, Encounter.person_a_id, Encounter.person_b_id).where(
            Encounter.event_id == event_id
        )
    )
    return {(r, a, b) for r, a, b in rows}


def _co_seated(session: Session, event_id: int) -> list[tuple[int, int]]:
    rows = session.execute(
        select(Tie.person_a_id, Tie.person_b_id)
        .join(TieEvidence, TieEvidence.tie_id == Tie.id)
        .where(TieEvidence.kind == "co_seated", TieEvidence.source_ref == f"event:{event_id}")
    )
    return sorted((a, b) for a, b in rows)


def _pairs_at_tables(session: Session, event_id: int, ids: set[int]) -> set[tuple[int, int, int]]:
    event = get_event(session, owner_account(session, "me"), event_id)
    tables: dict[tuple[int, int], list[int]] = {}
    for seat in event.seats:
        if seat.person_id in ids:
            tables.setdefault((seat.round, seat.table_number), []).append(seat.person_id)
    return {(r, a, b) for (r, _), p in tables.items() for a in p for b in p if a < b}


def test_seating_a_future_event_writes_no_encounter_and_leaves_the_report_alone(
    store: Store,
) -> None:
    # The issue: seating next week's dinner changed the report from 333 to 352 ties.
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = _people(session, owner, 8)
        user = me(session, owner)
        for person in people[:5]:
            ensure_tie(session, owner, user, person, evidence="stated")
        community = create_community(session, owner, "Next week")
        event = create_event(
            session,
            owner,
            community,
            title="Dinner",
            on=dt.date(2026, 12, 10),
            tables=[4, 4],
            rounds=2,
        )
        for person in people:
            rsvp(session, owner, event, person, "yes")
        before = build_report(session, owner, today=dt.date(2026, 12, 7))
        n_ties = session.scalar(select(func.count()).select_from(Tie))
        outcome = seat_event(session, owner, event.id, seed=0, **FAST)  # type: ignore[arg-type]
        after = build_report(session, owner, today=dt.date(2026, 12, 7))
        assert outcome.n_encounters == 0
        assert _encounters(session, event.id) == set()
        assert session.scalar(select(func.count()).select_from(Tie)) == n_ties
        assert _co_seated(session, event.id) == []
    assert after == before


def test_encounters_come_with_check_in_and_marked_attendance_once(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = _people(session, owner, 8)
        community = create_community(session, owner, "Dinner club")
        event = create_event(
            session,
            owner,
            community,
            title="Dinner",
            on=dt.date(2026, 12, 3),
            tables=[4, 4],
            rounds=2,
        )
        for person in people:
            rsvp(session, owner, event, person, "yes")
        seat_event(session, owner, event.id, seed=0, **FAST)  # type: ignore[arg-type]
        assert _encounters(session, event.id) == set()
        at_door = {p.id for p in people[:5]}
        for person in people[:5]:
            check_in(session, owner, event, person)
        expected = _pairs_at_tables(session, event.id, at_door)
        assert expected  # five people at two tables: some share one
        assert _encounters(session, event.id) == expected
        check_in(session, owner, event, people[0])  # again: nothing new
        sync_encounters(session, event)
        assert _encounters(session, event.id) == expected
        # three did not check in at the door; the organiser confirms two afterwards
        assert mark_attended(session, owner, event.id, [people[5].name, str(people[6].id)]) == 2
        assert mark_attended(session, owner, event.id, [people[5].name]) == 0
        there = at_door | {people[5].id, people[6].id}
        expected = _pairs_at_tables(session, event.id, there)
        assert _encounters(session, event.id) == expected
        # one tie evidence per pair that met, however often they met tonight
        co_seated = _co_seated(session, event.id)
        assert len(co_seated) == len(set(co_seated)) == len({(a, b) for _, a, b in expected})
        assert all(people[7].id not in pair for pair in co_seated)  # never confirmed
        with pytest.raises(NotFoundError):
            mark_attended(session, owner, event.id, ["Guest 1", "Nobody Here"])
