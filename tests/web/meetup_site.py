"""A small site for the meetup pages: an organiser, a member with an account, a stranger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.pages import OTHER_EMAIL, OWNER_EMAIL, PASSWORD, sign_in

from salon.config import Settings
from salon.db.store import Store
from salon.services.meetup import add_member, create_community
from salon.services.meetup_events import create_event_with_capacity
from salon.services.people import PersonFields, add_person
from salon.services.users import create_user
from salon.web import create_app

MEMBER_EMAIL = "mia@member.org"
STARTS_ON = dt.date.today() + dt.timedelta(days=7)
NAMES = ("Ana López", "Raj Patel", "Mia Chen", "Tom Berg", "Lea Roth", "Ola Nowak")


@dataclass(frozen=True)
class MeetupSite:
    store: Store
    organiser: TestClient  # signed in as the meetup's owner
    member: TestClient  # signed in as Mia, whose account is linked to her member row
    stranger: TestClient  # signed in as another account, no member of anything
    event_id: int
    community_id: int
    people: dict[str, int]
    door_code: str
    starts_on: dt.date  # a week from today: the evening is still to come


@pytest.fixture
def meetup_site(store_url: str, tmp_path: Path) -> Iterator[MeetupSite]:
    store = Store(store_url)
    with store.transaction() as session:
        owner = create_user(session, OWNER_EMAIL, PASSWORD)
        create_user(session, OTHER_EMAIL, PASSWORD)
        mia = create_user(session, MEMBER_EMAIL, PASSWORD)
        community = create_community(session, owner, "Long Table")
        people = {}
        for k, name in enumerate(NAMES):
            person = add_person(
                session, owner, PersonFields(name=name, industry=("bio", "fin", "media")[k % 3])
            )
            member, _ = add_member(
                session, owner, community, person, intent=("learn", "pitch")[k % 2]
            )
            if name == "Mia Chen":
                member.account_id = mia.id
            people[name] = person.id
        event = create_event_with_capacity(
            session,
            owner,
            community.id,
            on=STARTS_ON,
            tables=[3, 3],
            rounds=2,
            capacity=4,
            venue="Casa Lume",
            start_time=dt.time(19, 0),
        )
        ids = (event.id, community.id, event.door_code or "")
    app = create_app(Settings(database_url=store_url, data_dir=tmp_path, login_delay=0))
    with TestClient(app) as organiser:
        sign_in(organiser, OWNER_EMAIL)
        member = TestClient(app)
        sign_in(member, MEMBER_EMAIL)
        stranger = TestClient(app)
        sign_in(stranger, OTHER_EMAIL)
        yield MeetupSite(
            store, organiser, member, stranger, ids[0], ids[1], people, ids[2], STARTS_ON
        )
    store.dispose()
