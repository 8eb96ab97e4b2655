"""``/api/meetups`` and ``/api/events``: the issue's calls, with bearer tokens (SQLite and PG)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.web.conftest import bearer, web_settings
from tests.web.pages import OTHER_EMAIL, OWNER_EMAIL, PASSWORD

from salon.db.models import Attendance, Encounter
from salon.db.store import Store
from salon.services.users import create_user
from salon.web import create_app

INDUSTRIES = ("biotech", "fintech", "logistics", "media", "healthcare", "energy", "agrifood")


@dataclass(frozen=True)
class Api:
    client: TestClient
    store: Store
    auth: dict[str, str]
    other: dict[str, str]


@pytest.fixture
def api(store_url: str, tmp_path: Path) -> Iterator[Api]:
    store = Store(store_url)
    with store.transaction() as session:
        create_user(session, OWNER_EMAIL, PASSWORD)
        create_user(session, OTHER_EMAIL, PASSWORD)
    with TestClient(create_app(web_settings(store_url, tmp_path))) as client:
        yield Api(client, store, bearer(client, OWNER_EMAIL), bearer(client, OTHER_EMAIL))
    store.dispose()


def _meetup(api: Api, n: int, *, capacity: int | None, tables: list[int]) -> tuple[int, list[int]]:
    made = api.client.post("/api/meetups", json={"name": "Long Table"}, headers=api.auth)
    assert made.status_code == 201, made.text
    meetup = made.json()["id"]
    people = []
    for k in range(n):
        body = {
            "name": f"Guest {k:02d}",
            "email": f"guest{k}@example.org",
            "intent": ("learn", "pitch", "pitch", "both")[k % 4],
            "industry": INDUSTRIES[k % len(INDUSTRIES)],
        }
        added = api.client.post(f"/api/meetups/{meetup}/members", json=body, headers=api.auth)
        assert added.status_code == 201, added.text
        people.append(added.json()["person_id"])
    body = {"date": "2026-12-03", "tables": tables, "rounds": 3, "capacity": capacity}
    event = api.client.post(f"/api/meetups/{meetup}/events", json=body, headers=api.auth)
    assert event.status_code == 201, event.text
    return event.json()["id"], people


def test_rsvp_waitlist_checkin_and_the_event_as_the_issue_lists_them(api: Api) -> None:
    event, people = _meetup(api, 5, capacity=3, tables=[3, 3])
    statuses = [
        api.client.post(
            f"/api/events/{event}/rsvp", json={"person_id": p, "answer": "yes"}, headers=api.auth
        ).json()["status"]
        for p in people
    ]
    assert statuses == ["going", "going", "going", "waitlisted", "waitlisted"]
    no = api.client.post(
        f"/api/events/{event}/rsvp", json={"person_id": people[0], "answer": "no"}, headers=api.auth
    )
    assert no.json() == {"person_id": people[0], "status": "declined"}
    checked = api.client.post(
        f"/api/events/{event}/checkin", json={"person_id": people[3]}, headers=api.auth
    )
    assert checked.status_code == 200, checked.text
    state = api.client.get(f"/api/events/{event}", headers=api.auth).json()
    assert state["going"] == sorted(people[1:4])  # the first waiting was promoted
    assert state["waitlisted"] == [people[4]]
    assert state["checked_in"] == [people[3]]
    assert (state["capacity"], state["tables"], state["rounds"]) == (3, [3, 3], 3)
    # the same e-mail again is the same person, not a new one
    again = api.client.post(
        f"/api/meetups/{state['meetup_id']}/members",
        json={"name": "Guest 00", "email": "guest0@example.org"},
        headers=api.auth,
    )
    assert again.json() == {"person_id": people[0], "created": False}


def test_seat_returns_round_table_people_and_writes_no_encounter_before_attendance(
    api: Api,
) -> None:
    event, people = _meetup(api, 23, capacity=None, tables=[6, 6, 6, 5])
    for p in people[:21]:
        api.client.post(
            f"/api/events/{event}/rsvp", json={"person_id": p, "answer": "yes"}, headers=api.auth
        )
    seated = api.client.post(f"/api/events/{event}/seat", json={"time_limit": 1}, headers=api.auth)
    assert seated.status_code == 200, seated.text
    rounds = seated.json()["rounds"]
    assert len(rounds) == 3
    for tables in rounds:
        assert sorted(len(t) for t in tables) == [5, 5, 5, 6]  # 21 at 6,6,6,5: even shrink
        assert sorted(p for t in tables for p in t) == sorted(people[:21])
    with api.store.reading() as session:
        assert session.scalar(select(func.count(Encounter.id))) == 0  # a plan, not a meeting
    # a late arrival: re-seat from round 2, round 1 kept as it was
    for p in [*people[:21], people[21]]:
        api.client.post(f"/api/events/{event}/checkin", json={"person_id": p}, headers=api.auth)
    again = api.client.post(
        f"/api/events/{event}/seat", json={"time_limit": 1, "from_round": 2}, headers=api.auth
    ).json()["rounds"]
    assert again[0] == rounds[0]
    assert sorted(p for t in again[1] for p in t) == sorted(people[:22])
    with api.store.reading() as session:
        assert session.scalar(select(func.count(Encounter.id))) > 0


def test_another_account_gets_404s_and_changes_nothing(api: Api) -> None:
    event, people = _meetup(api, 2, capacity=1, tables=[2])
    theirs = {"person_id": people[0], "answer": "yes"}
    calls = [
        ("get", f"/api/events/{event}", None),
        ("post", f"/api/events/{event}/rsvp", theirs),
        ("post", f"/api/events/{event}/checkin", {"person_id": people[0]}),
        ("post", f"/api/events/{event}/seat", {"time_limit": 1}),
        ("post", "/api/meetups/1/members", {"name": "Posted"}),
        ("post", "/api/meetups/1/events", {"date": "2026-12-03", "tables": [4]}),
    ]
    for method, path, body in calls:
        response = api.client.request(method, path, json=body, headers=api.other)
        assert response.status_code == 404, (path, response.text)
        assert api.client.request(method, path, json=body).status_code == 401
    with api.store.reading() as session:
        assert session.scalar(select(func.count(Attendance.id))) == 0


def test_bad_bodies_are_422_naming_the_field(api: Api) -> None:
    event, people = _meetup(api, 1, capacity=None, tables=[4])
    bad = api.client.post(
        f"/api/events/{event}/rsvp",
        json={"person_id": people[0], "answer": "perhaps"},
        headers=api.auth,
    )
    assert bad.status_code == 422
    assert "answer" in bad.text
    no_tables = api.client.post(
        "/api/meetups/1/events", json={"date": "2026-12-03", "tables": []}, headers=api.auth
    )
    assert no_tables.status_code == 422
    assert "tables" in no_tables.text
    too_long = api.client.post(
        f"/api/events/{event}/seat", json={"time_limit": 3600}, headers=api.auth
    )
    assert too_long.status_code == 422
