"""Removing a person: what goes with them, what stays, and the session afterwards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from tests.services.builders import build_rich_network

from salon.db.models import (
    Attendance,
    Encounter,
    EventFeedback,
    Feedback,
    InteractionParticipant,
    Lesson,
    Member,
    Seat,
    Tie,
)
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.people import PersonFields, add_person, get_person, remove_person
from salon.services.ties import ties_of


def test_removing_a_person_takes_their_records_and_keeps_their_lessons(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        network = build_rich_network(session, owner)
        ana_id = network.people["ana"]
    with store.transaction() as session:
        remove_person(session, owner_account(session, "me"), ana_id)
    person_columns = [
        InteractionParticipant.person_id,
        Feedback.person_id,
        Member.person_id,
        Attendance.person_id,
        Seat.person_id,
        EventFeedback.person_id,
        EventFeedback.about_id,
        Encounter.person_a_id,
        Encounter.person_b_id,
        Tie.person_a_id,
        Tie.person_b_id,
    ]
    with store.reading() as session:
        for column in person_columns:
            assert session.scalar(select(func.count()).where(column == ana_id)) == 0, column
        # other people's records stay: Raj's seats, Lucía's lesson
        raj_id = network.people["raj"]
        assert session.scalar(select(func.count()).where(Seat.person_id == raj_id)) == 2
        lucia_lessons = select(func.count()).where(Lesson.person_id == network.people["lucia"])
        assert session.scalar(lucia_lessons) == 1


def test_a_session_goes_on_cleanly_after_a_removal(store: Store) -> None:
    # SQLite reuses the removed person's id for the next one: the session must not
    # hand the new person the old one's ties or participations
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = add_person(session, owner, PersonFields(name="Ana"))
        log_interaction(
            session, owner, InteractionFields(occurred_on=dt.date(2025, 1, 1), participants=[ana])
        )
        remove_person(session, owner, "Ana")
        raj = add_person(session, owner, PersonFields(name="Raj"))
        second = log_interaction(
            session, owner, InteractionFields(occurred_on=dt.date(2025, 1, 2), participants=[raj])
        )
        second_id, raj_id = second.id, raj.id
    with store.reading() as session:
        owner = owner_account(session, "me")
        (tie,) = ties_of(session, owner)
        assert raj_id in (tie.person_a_id, tie.person_b_id)
        assert [e.source_ref for e in tie.evidence] == [f"interaction:{second_id}"]
        assert get_person(session, owner, "Raj").id == raj_id
