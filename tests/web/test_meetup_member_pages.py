"""A member's phone pages: joining by link, profile, my table, feedback, and what they never see.

The walk over ``app.routes`` (as in test_isolation.py) signs in as a member
and tries the organiser's ids everywhere: a member reads their own side of
the meetup and nothing of the organiser's network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.services.builders import build_rich_network
from tests.web.conftest import bearer, web_settings
from tests.web.pages import PASSWORD, page_token, sign_in

from salon.db.models import Person
from salon.db.store import Store
from salon.services.invitations import create_invitation, revoke_invitation
from salon.services.meetup import add_member, check_in, create_community, create_event
from salon.services.meetup.pairs import add_seating_pair
from salon.services.meetup.seating import seat_event
from salon.services.people import PersonFields, add_person
from salon.services.users import create_user, find_user
from salon.web import create_app
from salon.web.auth import is_api, is_public
from salon.web.csrf import FIELD

ORGANISER = "organiser@meetup.org"
SECRET_PERSON = "Olga Organiser-Only"
MEETUP_PEOPLE = [
    ("Bea Brightwater", "bea@m.org", "health"),
    ("Cai Cornwall", "cai@m.org", "fintech"),
    ("Dov Dunmore", None, "energy"),
    ("Eli Eastfield", None, "media"),
    ("Fay Fernhill", None, "retail"),
    ("Gus Greenacre", None, "education"),
]


@dataclass(frozen=True)
class MeetupSite:
    app: object
    store: Store
    community_id: int
    event_id: int
    token: str
    organiser_names: frozenset[str]
    secret_person_id: int
    rich_event_id: int
    rich_community_id: int
    organiser: TestClient


@pytest.fixture
def meetup_site(store_url: str, tmp_path: Path) -> Iterator[MeetupSite]:
    store = Store(store_url)
    with store.transaction() as session:
        owner = create_user(session, ORGANISER, PASSWORD)
        rich = build_rich_network(session, owner)
        names = frozenset(session.scalars(select(Person.name).where(Person.owner_id == owner.id)))
        secret = add_person(
            session, owner, PersonFields(name=SECRET_PERSON, emails=["olga@secret.org"])
        )
        community = create_community(session, owner, "Long Table")
        for name, email, industry in MEETUP_PEOPLE:
            fields = PersonFields(name=name, industry=industry, emails=[email] if email else [])
            add_person(session, owner, fields)
            add_member(session, owner, community.id, name)
        # Bea and Cai always share a table: what Bea shares, Cai reads
        add_seating_pair(
            session, owner, community.id, "together", "Bea Brightwater", "Cai Cornwall"
        )
        last_week = dt.date.today() - dt.timedelta(days=7)
        event = create_event(
            session, owner, community, title="Week 1", on=last_week, tables=[3, 3], rounds=2
        )
        for name, _, _ in MEETUP_PEOPLE:
            check_in(
                session,
                owner,
                event,
                session.scalars(select(Person).where(Person.name == name)).one(),
            )
        _, token = create_invitation(session, owner, community.id)
        ids = (community.id, event.id, secret.id, rich.event_id, rich.community_id)
    with store.transaction() as session:
        seat_event(session, find_user(session, ORGANISER), ids[1], max_iterations=200)
    app = create_app(web_settings(store_url, tmp_path))
    with TestClient(app) as organiser:
        sign_in(organiser, ORGANISER)
        yield MeetupSite(
            app, store, ids[0], ids[1], token, names | {SECRET_PERSON}, ids[2], ids[3], ids[4],
            organiser,
        )  # fmt: skip
    store.dispose()


def _join(site: MeetupSite, email: str, name: str) -> TestClient:
    """A new browser that signs up through the invitation link."""
    client = TestClient(site.app)  # type: ignore[arg-type]
    token = page_token(client, f"/join/{site.token}")
    response = client.post(
        f"/join/{site.token}/signup",
        data={"name": name, "email": email, "password": PASSWORD, "repeat": PASSWORD,
              FIELD: token},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith(f"/meetups/{site.community_id}/me?joined=")
    return client


def test_a_link_lets_a_visitor_sign_up_and_join_even_with_signup_closed(
    meetup_site: MeetupSite,
) -> None:
    stranger = TestClient(meetup_site.app)  # type: ignore[arg-type]
    assert stranger.get("/signup").status_code == 404  # the server's own sign-up is closed
    page = stranger.get(f"/join/{meetup_site.token}")
    assert page.status_code == 200
    assert "Long Table" in page.text
    assert 'id="join-signup"' in page.text
    bea = _join(meetup_site, "bea@m.org", "Bea B.")
    welcome = bea.get(f"/meetups/{meetup_site.community_id}/me?joined=linked")
    assert "already knew by your e-mail" in welcome.text
    assert "Bea Brightwater" in welcome.text  # the organiser's person, not a new "Bea B."
    zed = _join(meetup_site, "zed@new.org", "Zed Newcomer")
    page = zed.get(f"/meetups/{meetup_site.community_id}/me?joined=new")
    assert "a new member" in page.text
    # a signed-in account joins with one button; joining again is harmless
    other = TestClient(meetup_site.app)  # type: ignore[arg-type]
    with meetup_site.store.transaction() as session:
        create_user(session, "cai@m.org", PASSWORD)
    sign_in(other, "cai@m.org")
    page = other.get(f"/join/{meetup_site.token}")
    assert 'id="join-button"' in page.text
    response = other.post(
        f"/join/{meetup_site.token}/accept",
        data={FIELD: page_token(other, f"/join/{meetup_site.token}")},
        follow_redirects=False,
    )
    assert response.headers["location"].endswith("joined=linked")


def test_unusable_links_get_a_clear_page(meetup_site: MeetupSite) -> None:
    visitor = TestClient(meetup_site.app)  # type: ignore[arg-type]
    unknown = visitor.get("/join/not-a-real-token")
    assert unknown.status_code == 404
    assert "not valid" in unknown.text
    with meetup_site.store.transaction() as session:
        owner = find_user(session, ORGANISER)
        _, soon = create_invitation(
            session, owner, meetup_site.community_id, expires_in=dt.timedelta(hours=1),
            now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
        )  # fmt: skip
        revoked, token = create_invitation(session, owner, meetup_site.community_id)
        revoke_invitation(session, owner, revoked.id)
    for link, words in ((soon, "expired"), (token, "withdrawn")):
        page = visitor.get(f"/join/{link}")
        assert page.status_code == 410
        assert words in page.text
        assert "Long Table" not in page.text
        # and no account is made through it
        response = visitor.post(
            f"/join/{link}/signup",
            data={"name": "X", "email": "x@x.org", "password": PASSWORD, "repeat": PASSWORD,
                  FIELD: page_token(visitor)},
        )  # fmt: skip
        assert response.status_code == 410
    with meetup_site.store.reading() as session:
        with pytest.raises(Exception, match="no user"):
            find_user(session, "x@x.org")


def _get_routes(app: object) -> list[tuple[str, tuple[str, ...]]]:
    found = []
    for context in iter_route_contexts(app.routes):  # type: ignore[attr-defined]
        route = context.original_route
        if isinstance(route, APIRoute) and "GET" in (context.methods or ()):
            found.append(
                (context.path_format, tuple(p.name for p in context.dependant.path_params))
            )
    return found


def test_a_member_never_reads_the_organisers_network(meetup_site: MeetupSite) -> None:
    bea = _join(meetup_site, "bea@m.org", "Bea")
    auth = bearer(bea, "bea@m.org")
    own = {"/meetups/{community_id}/me", "/events/{event_id}/my-table",
           "/events/{event_id}/feedback", "/api/events/{event_id}/my-table",
           "/events/{event_id}/calendar.ics", "/events/{event_id}/checkin/self"}  # fmt: skip
    tried = 0
    for path_format, params in _get_routes(meetup_site.app):
        if is_public(path_format) or path_format in {"/login", "/logout", "/signup", "/docs"}:
            continue
        choices = [
            {"person_id": meetup_site.secret_person_id, "event_id": meetup_site.rich_event_id,
             "community_id": meetup_site.rich_community_id, "idea_id": 1,
             "interaction_id": 1, "kind": "csv", "job_id": "0" * 32},
            {"person_id": meetup_site.secret_person_id, "event_id": meetup_site.event_id,
             "community_id": meetup_site.community_id, "idea_id": 1,
             "interaction_id": 1, "kind": "csv", "job_id": "0" * 32},
        ]  # fmt: skip
        for examples in choices:
            path = path_format.format(**{p: examples[p] for p in params})
            response = bea.get(path, headers=auth, follow_redirects=False)
            tried += 1
            where = f"GET {path}"
            assert response.status_code < 500, where
            seen = [name for name in meetup_site.organiser_names if name in response.text]
            assert not seen, f"{where} shows the organiser's {seen}"
            if set(params) - {"kind"} and path_format not in own:
                # the organiser's meetup, events and people do not exist for a member
                assert response.status_code in {404, 422}, where
            if path_format in own and examples["event_id"] == meetup_site.rich_event_id:
                assert response.status_code == 404, where  # another meetup
    assert tried > 20


def test_profile_my_table_feedback_and_the_organisers_summary(meetup_site: MeetupSite) -> None:
    cid, eid = meetup_site.community_id, meetup_site.event_id
    bea = _join(meetup_site, "bea@m.org", "Bea")
    cai = _join(meetup_site, "cai@m.org", "Cai")
    me = f"/meetups/{cid}/me"
    response = bea.post(
        me,
        data={FIELD: page_token(bea, me), "brings": "BRINGS-clinical-trials",
              "curious_about": "SECRET-batteries", "industry": "health",
              "shared": ["brings", "intents"], "intents": ["learn", "feedback"]},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    page = bea.get(me).text
    assert 'value="SECRET-batteries"' in page
    assert 'id="intent-learn" checked' in page
    # Bea's private "not with": Dov; Cai's page shows no choice of hers
    dov = re.search(r'name="not_with" value="(\d+)"> Dov Dunmore', page)
    assert dov
    bea.post(f"{me}/not-with", data={FIELD: page_token(bea, me), "not_with": dov.group(1)})
    assert re.search(r'value="\d+" checked> Dov Dunmore', bea.get(me).text)
    assert " checked>" not in cai.get(me).text.split('id="not-with"')[1]
    # Cai sits with Bea every round: reads what she shares, never what she keeps
    table = cai.get(f"/events/{eid}/my-table").text
    assert "BRINGS-clinical-trials" in table
    assert "SECRET-batteries" not in table
    assert table.count('class="my-round"') == 2
    api = cai.get(f"/api/events/{eid}/my-table", headers=bearer(cai, "cai@m.org")).json()
    [bea_id] = {m["person_id"] for r in api["rounds"] for m in r["tablemates"]
                if m["name"] == "Bea Brightwater"}  # fmt: skip
    assert all(r["starter"] for r in api["rounds"])
    assert {m["shared"].get("brings") for r in api["rounds"] for m in r["tablemates"]
            if m["person_id"] == bea_id} == {"BRINGS-clinical-trials"}  # fmt: skip
    # Cai's feedback: the evening, each table, learned from Bea, follow up with Bea
    fb = f"/events/{eid}/feedback"
    form = cai.get(fb).text
    tables = re.findall(r'name="(table-\d+-\d+)" value="4"', form)
    assert len(tables) == 2
    stranger = next(
        int(pid)
        for pid, name in re.findall(r'name="follow_up" value="(\d+)"> ([^<]+)', form)
        if name.strip() not in re.findall(r'name="learned_from" value="\d+"> ([^<]+)', form)
    )  # someone seated that evening who never sat with Cai
    refused = cai.post(fb, data={FIELD: page_token(cai, fb), "learned_from": str(stranger)})
    assert refused.status_code == 422
    assert "one learns from tablemates" in refused.text
    sent = cai.post(
        fb,
        data={FIELD: page_token(cai, fb), "evening": "4", tables[0]: "5", tables[1]: "3",
              "learned_from": str(bea_id), "follow_up": str(bea_id), "comment": "Warm room"},
        follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303
    page = cai.get(me).text
    assert "Follow up with <strong>Bea Brightwater</strong>" in page
    reminder = re.search(r'name="reminder" value="(\d+)"', page)
    assert reminder
    cai.post(f"{me}/reminders", data={FIELD: page_token(cai, me), "reminder": reminder.group(1)})
    assert "· done" in cai.get(me).text
    # the organiser reads the ratings in aggregate on the event page
    event_page = meetup_site.organiser.get(f"/events/{eid}").text
    assert re.search(r'id="evening-rating">4\.0<', event_page)
    assert re.search(r'id="n-evening-ratings">1<', event_page)
    assert "Warm room" not in event_page  # comments are counted, not shown beside names
    # and no member reaches the organiser's pages of this meetup
    for path in (f"/events/{eid}", f"/meetups/{cid}/invitations", "/meetups"):
        response = cai.get(path)
        assert "Dov Dunmore" not in response.text or path == "/meetups", path
    assert cai.get(f"/events/{eid}").status_code == 404
    assert cai.get(f"/meetups/{cid}/invitations").status_code == 404


def test_the_organiser_makes_and_revokes_links_on_the_page(meetup_site: MeetupSite) -> None:
    client, cid = meetup_site.organiser, meetup_site.community_id
    path = f"/meetups/{cid}/invitations"
    made = client.post(path, data={FIELD: page_token(client, path), "expires": "7d"})
    assert made.status_code == 200
    link = re.search(r'id="invitation-link" value="([^"]+)"', made.text)
    assert link
    token = link.group(1).rsplit("/", 1)[1]
    visitor = TestClient(meetup_site.app)  # type: ignore[arg-type]
    assert visitor.get(f"/join/{token}").status_code == 200
    listed = client.get(path).text
    assert token not in listed  # shown once, never again
    newest = re.findall(r'data-invitation="(\d+)" data-state="open"', listed)[0]
    client.post(f"{path}/revoke", data={FIELD: page_token(client, path), "invitation": newest})
    assert visitor.get(f"/join/{token}").status_code == 410
    bad = client.post(path, data={FIELD: page_token(client, path), "expires": "soon"})
    assert bad.status_code == 422
    # every form on the member's pages carries the form token
    bea = _join(meetup_site, "bea@m.org", "Bea")
    for page in (f"/meetups/{cid}/me", f"/events/{meetup_site.event_id}/feedback"):
        html = bea.get(page).text
        forms = html.count('method="post"')
        assert forms >= 2
        assert html.count(f'name="{FIELD}"') >= forms, page
    assert not is_api("/join/x")


def test_a_co_organiser_runs_the_evening_but_not_the_owners_network(
    meetup_site: MeetupSite,
) -> None:
    with meetup_site.store.transaction() as session:
        create_user(session, "co@meetup.org", PASSWORD)
    organiser = meetup_site.organiser
    path = f"/meetups/{meetup_site.community_id}/invitations"
    organiser.post(
        f"/meetups/{meetup_site.community_id}/organisers",
        data={FIELD: page_token(organiser, path), "email": "co@meetup.org", "action": "add"},
    )
    co = TestClient(meetup_site.app)  # type: ignore[arg-type]
    sign_in(co, "co@meetup.org")
    assert "Long Table" in co.get("/meetups").text
    event_path = f"/events/{meetup_site.event_id}"
    page = co.get(event_path)
    assert page.status_code == 200
    assert "Bea Brightwater" in page.text
    assert "/people/" not in page.text  # no door into the owner's person pages
    token = page_token(co, event_path)
    done = co.post(f"{event_path}/checkin", data={FIELD: token, "person": "Bea Brightwater"})
    assert done.status_code == 200
    assert "Checked in Bea Brightwater" in done.text
    # someone of the owner's network who is not a member is not found, by name or id
    for ref in (SECRET_PERSON, str(meetup_site.secret_person_id), "olga@secret.org"):
        refused = co.post(f"{event_path}/checkin", data={FIELD: token, "person": ref})
        assert refused.status_code == 422
        assert "no member of this meetup" in refused.text
    assert co.get(f"/people/{meetup_site.secret_person_id}").status_code == 404
    assert co.get(f"/events/{meetup_site.rich_event_id}").status_code == 404
    assert co.get(path).status_code == 200  # the invitations page, without the owner's form
    assert 'id="organiser-form"' not in co.get(path).text


def test_a_member_answers_on_the_phone_and_waits_in_line(meetup_site: MeetupSite) -> None:
    with meetup_site.store.transaction() as session:
        owner = find_user(session, ORGANISER)
        upcoming = create_event(
            session,
            owner,
            meetup_site.community_id,
            title="Next week",
            on=dt.date.today() + dt.timedelta(days=7),
            tables=[3],
        )
        upcoming.capacity = 1
        upcoming_id = upcoming.id
    bea = _join(meetup_site, "bea@m.org", "Bea Brightwater")
    cai = _join(meetup_site, "cai@m.org", "Cai Cornwall")
    me = f"/meetups/{meetup_site.community_id}/me"
    for client, expected in ((bea, "going"), (cai, "waitlisted")):
        token = page_token(client, me)
        response = client.post(
            f"/events/{upcoming_id}/my-rsvp", data={"answer": "yes", FIELD: token}
        )
        assert response.status_code == 200
        row = response.text.split(f'data-event="{upcoming_id}"', 1)[1]
        assert f'data-status="{expected}"' in row.split("</div>", 1)[0]
    assert "1st in line" in cai.get(me).text
    token = page_token(bea, me)
    bea.post(f"/events/{upcoming_id}/my-rsvp", data={"answer": "no", FIELD: token})
    row = cai.get(me).text.split(f'data-event="{upcoming_id}"', 1)[1]
    assert 'data-status="going"' in row.split("</div>", 1)[0]  # promoted when Bea said no
    # another meetup's event is not there for a member: the same 404 as a made-up id
    token = page_token(cai, me)
    refused = cai.post(
        f"/events/{meetup_site.rich_event_id}/my-rsvp", data={"answer": "yes", FIELD: token}
    )
    assert refused.status_code == 404
