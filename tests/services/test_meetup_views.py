"""Meetup pages' plain views: what they count, and that an owner sees only their own."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from tests.services.builders import build_rich_network

from salon.db.models import Base
from salon.db.store import Store
from salon.errors import NotFoundError
from salon.services.accounts import owner_account
from salon.services.meetup import check_in, create_community, create_event
from salon.services.meetup.views import (
    event_attendance,
    event_view,
    list_meetups,
    meetup_events,
    meetup_members,
)


def _no_orm_objects(value: object) -> None:
    """A view holds plain values only: no mapped object a template could lazy-load from."""
    assert not isinstance(value, Base), value
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _no_orm_objects(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            _no_orm_objects(item)


def test_meetup_views_count_tables_seats_answers_and_arrivals(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        network = build_rich_network(session, owner)
        community = create_community(session, owner, "Barcelona Health Hack")
        empty = create_event(session, owner, community, on=dt.date(2026, 1, 8), tables=[4, 5])
        check_in(session, owner, empty, network.people["mei"])
        check_in(session, owner, empty, network.people["mei"])  # twice: one arrival
    with store.reading() as session:
        owner = owner_account(session, "me")
        meetups = list_meetups(session, owner)
        dinner = meetup_events(session, owner, "Thursday Salon")[0]
        heading = event_view(session, owner, dinner.id)
        attendance = event_attendance(session, owner, dinner.id)
        members = meetup_members(session, owner, "Thursday Salon")
    _no_orm_objects([meetups, dinner, heading, attendance, members])
    assert [m.name.casefold() for m in members] == sorted(m.name.casefold() for m in members)
    by_id = {m.person_id: (m.intent, m.organiser) for m in members}
    people = network.people
    assert [by_id[people[k]] for k in ("ana", "raj", "mei", "kwame")] == [
        ("learn", False),
        ("pitch", False),
        ("both", False),
        ("learn", False),
    ]
    assert sorted(by_id.values()).count(("learn", True)) == 1  # the user organises
    assert [(m.name, m.n_members, len(m.events)) for m in meetups] == [
        ("Thursday Salon", 5, 1),
        ("Barcelona Health Hack", 0, 1),
    ]
    # Dinner #12: tables of 3 and 2-3, ana, raj, mei said yes, kwame maybe; two came; seated
    assert (dinner.n_tables, dinner.n_seats, dinner.rounds) == (2, 6, 2)
    assert (dinner.n_yes, dinner.n_checked_in, dinner.seated) == (3, 2, True)
    hack = meetups[1].events[0]
    assert (hack.n_seats, hack.n_yes, hack.n_checked_in, hack.seated) == (9, 1, 1, False)
    assert (heading.community, heading.n_tables, heading.seated) == ("Thursday Salon", 2, True)
    assert [(a.name.split()[0], a.rsvp, a.checked_in_at is not None) for a in attendance] == [
        ("Ana", "yes", True),
        ("Kwame", "maybe", False),
        ("Mei", "yes", False),
        ("Rajesh", "yes", True),
    ]


def test_an_event_of_another_owner_is_not_found(store: Store) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.reading() as session:
        owner = owner_account(session, "me")
        event_id = meetup_events(session, owner, "Thursday Salon")[0].id
    with store.transaction() as session, pytest.raises(NotFoundError):
        event_view(session, owner_account(session, "someone else"), event_id)
