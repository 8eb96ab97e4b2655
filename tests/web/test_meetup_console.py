"""The organiser's console: create a meetup, add members, create an event (SQLite and PG)."""

from __future__ import annotations

from tests.web.meetup_site import MeetupSite
from tests.web.pages import OWNER_EMAIL, page_token

from salon.services.meetup import get_community
from salon.services.users import find_user
from salon.web.csrf import FIELD


def test_create_a_meetup_add_a_member_and_an_event_with_capacity(
    meetup_site: MeetupSite,
) -> None:
    site = meetup_site
    token = page_token(site.organiser, "/meetups")
    made = site.organiser.post("/meetups/new", data={FIELD: token, "name": "Supper Club"})
    assert made.status_code == 200
    assert '<h1 id="meetup-name">Supper Club</h1>' in made.text
    manage = str(made.url)
    community_id = int(manage.rstrip("/").split("/")[-2])
    base = f"/meetups/{community_id}"
    member = {FIELD: token, "name": "Zoë Zed", "email": "zoe@zed.org", "intent": "learn"}
    added = site.organiser.post(f"{base}/members", data={**member, "industry": "energy"})
    assert "Zoë Zed" in added.text
    again = site.organiser.post(f"{base}/members", data=member)  # the same e-mail: no new person
    assert again.text.count("Zoë Zed") == 1
    bad = site.organiser.post(
        f"{base}/events", data={FIELD: token, "date": "tomorrow", "tables": "6,6"}
    )
    assert bad.status_code == 422
    assert "date: expected a day like 2026-12-03, got &#39;tomorrow&#39;" in bad.text
    event = {
        FIELD: token,
        "date": "2026-12-10",
        "start_time": "19:30",
        "tables": "6,6,6,5",
        "rounds": "3",
        "capacity": "20",
    }
    created = site.organiser.post(f"{base}/events", data=event)
    assert created.status_code == 200
    assert "RSVPs" in created.text
    with site.store.reading() as session:
        community = get_community(session, find_user(session, OWNER_EMAIL), community_id)
        (stored,) = community.events
        assert (stored.capacity, stored.rounds, stored.start_time.isoformat()) == (
            20,
            3,
            "19:30:00",
        )
        assert [t.max_size for t in stored.tables] == [6, 6, 6, 5]
        assert stored.door_code
        assert [m.person.name for m in community.members] == ["Zoë Zed"]
    taken = site.organiser.post("/meetups/new", data={FIELD: token, "name": "Supper Club"})
    assert taken.status_code == 409
    assert site.stranger.get(f"{base}/manage").status_code == 404


def test_every_route_has_its_own_name(meetup_site: MeetupSite) -> None:
    """``url_for`` finds a route by name: two of one name and a form posts to the wrong one."""
    names = [route.name for route in meetup_site.organiser.app.routes if hasattr(route, "methods")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
