"""Seating from the browser: the form, honest progress, the stored seating, the cards."""

from __future__ import annotations

import re
import time

from tests.web.meetup_site import MeetupSite
from tests.web.pages import OWNER_EMAIL, page_token

from salon.services.meetup import get_event
from salon.services.users import find_user
from salon.web.csrf import FIELD


def _wait_for_the_run(site: MeetupSite, path: str, limit: float) -> str:
    """Poll the page as the browser does until the run is over (bounded)."""
    states = []
    deadline = time.monotonic() + limit + 30
    while time.monotonic() < deadline:
        html = site.organiser.get(path, headers={"HX-Request": "true"}).text
        state = re.search(r'id="seat-progress" data-state="(\w+)"', html)
        assert state is not None
        states.append(state.group(1))
        if state.group(1) != "running":
            return html
        assert 'hx-trigger="every 1s"' in html  # the page keeps polling while it runs
        time.sleep(0.3)
    raise AssertionError(f"the seating did not finish: {states}")


def _seats(site: MeetupSite) -> dict[tuple[int, int], int]:
    with site.store.reading() as session:
        event = get_event(session, find_user(session, OWNER_EMAIL), site.event_id)
        return {(s.round, s.person_id): s.table_number for s in event.seats}


def test_seat_from_the_browser_then_reseat_a_late_arrival_from_round_two(
    meetup_site: MeetupSite,
) -> None:
    site = meetup_site
    path = f"/events/{site.event_id}/seat"
    token = page_token(site.organiser, path)
    people = list(site.people.values())
    site.organiser.post(
        f"/events/{site.event_id}/rsvp",
        data={FIELD: token, "action": "checkin", "people": people[:5]},
    )
    started = site.organiser.post(
        path, data={FIELD: token, "time_limit": "1"}, follow_redirects=False
    )
    assert started.status_code == 303
    done = _wait_for_the_run(site, path, 1)
    assert 'id="seat-done"' in done
    assert "Seated 5 people, rounds 1, 2" in done
    assert 'hx-trigger="every 1s"' not in done  # polling stops with the run
    first = _seats(site)
    assert {p for _, p in first} == set(people[:5])
    # a late arrival: round 1 stays as it was, round 2 on takes them in
    site.organiser.post(
        f"/events/{site.event_id}/rsvp",
        data={FIELD: token, "action": "checkin", "people": [people[5]]},
    )
    site.organiser.post(path, data={FIELD: token, "time_limit": "1", "from_round": "2"})
    again = _wait_for_the_run(site, path, 1)
    assert "rounds 2" in again
    second = _seats(site)
    assert {k: v for k, v in second.items() if k[0] == 1} == {
        k: v for k, v in first.items() if k[0] == 1
    }
    assert {p for r, p in second if r == 2} == set(people)
    cards = site.organiser.get(f"/events/{site.event_id}/cards")
    assert cards.status_code == 200
    assert cards.text.count('class="card"') == 4  # 2 tables × 2 rounds


def test_bad_seating_forms_are_refused_and_strangers_get_nothing(meetup_site: MeetupSite) -> None:
    site = meetup_site
    path = f"/events/{site.event_id}/seat"
    token = page_token(site.organiser, path)
    for form, message in (
        ({"time_limit": "0"}, "time limit: expected 0 &lt; seconds"),
        ({"time_limit": "lots"}, "time limit: not a number"),
        ({"time_limit": "1", "from_round": "3"}, "from round: expected 1–2"),
    ):
        refused = site.organiser.post(path, data={FIELD: token, **form})
        assert refused.status_code == 422
        assert message in refused.text
    # nobody to seat: the run fails and says why
    site.organiser.post(path, data={FIELD: token, "time_limit": "1"})
    failed = _wait_for_the_run(site, path, 1)
    assert 'id="seat-failed"' in failed
    for client in (site.stranger, site.member):
        assert client.get(path).status_code == 404
        assert client.get(f"/events/{site.event_id}/cards").status_code == 404
