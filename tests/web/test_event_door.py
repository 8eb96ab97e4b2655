"""The door list, walk-ins, the QR code, self check-in and the RSVP sheet (SQLite and PG)."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from tests.web.meetup_site import MeetupSite
from tests.web.pages import OWNER_EMAIL, page_token

from salon.db.models import Person
from salon.services.event_door import door_list
from salon.services.event_rsvp import event_roster
from salon.services.meetup import get_event
from salon.services.users import find_user
from salon.web.csrf import FIELD


def _roster(site: MeetupSite):  # type: ignore[no-untyped-def]
    with site.store.reading() as session:
        return event_roster(get_event(session, find_user(session, OWNER_EMAIL), site.event_id))


def token_of(site: MeetupSite) -> str:
    return page_token(site.organiser, f"/events/{site.event_id}/rsvp")


def _statuses(html: str) -> dict[int, str]:
    return {int(p): s for p, s in re.findall(r'data-person="(\d+)" data-status="([^"]+)"', html)}


def test_the_rsvp_sheet_answers_many_then_a_decline_promotes(meetup_site: MeetupSite) -> None:
    site = meetup_site
    path = f"/events/{site.event_id}/rsvp"
    token = page_token(site.organiser, path)
    everyone = list(site.people.values())  # six members, capacity four
    done = site.organiser.post(
        path, data={FIELD: token, "action": "yes", "people": everyone}, follow_redirects=True
    )
    assert done.status_code == 200
    assert "Recorded for 6." in done.text
    statuses = _statuses(done.text)
    assert sorted(statuses.values()) == ["expected"] * 4 + ["waitlisted"] * 2
    first_waiting = _roster(site).waitlisted[0]
    going = _roster(site).going[0]
    site.organiser.post(path, data={FIELD: token, "action": "no", "people": [going]})
    roster = _roster(site)
    assert first_waiting in roster.going
    assert going not in roster.going
    # the capacity form: one more seat promotes the last one waiting
    site.organiser.post(f"/events/{site.event_id}/capacity", data={FIELD: token, "capacity": "5"})
    assert _roster(site).waitlisted == []
    bad = site.organiser.post(
        f"/events/{site.event_id}/capacity", data={FIELD: token, "capacity": "many"}
    )
    assert bad.status_code == 422
    assert "not a number" in bad.text
    # ticking and "arrived" checks in several at once
    site.organiser.post(path, data={FIELD: token, "action": "checkin", "people": everyone[:2]})
    assert _roster(site).checked_in == sorted(everyone[:2])


def test_the_door_list_searches_checks_in_and_asks_before_adding_a_walk_in(
    meetup_site: MeetupSite,
) -> None:
    site = meetup_site
    door = f"/events/{site.event_id}/door"
    token = page_token(site.organiser, door)
    sheet = f"/events/{site.event_id}/rsvp"
    ana, raj = site.people["Ana López"], site.people["Raj Patel"]
    site.organiser.post(sheet, data={FIELD: token, "action": "yes", "people": [ana, raj]})
    page = site.organiser.get(door)
    assert _statuses(page.text)[ana] == "expected"
    assert 'id="count-expected">2<' in page.text
    found = site.organiser.get(f"{door}?q=lóp", headers={"HX-Request": "true"})
    assert list(_statuses(found.text)) == [ana]
    # an existing person by name is checked in, never created
    arrived = site.organiser.post(
        f"{door}/checkin", data={FIELD: token, "person": "Ana López"}, follow_redirects=True
    )
    assert "Checked in Ana López." in arrived.text
    assert _statuses(arrived.text)[ana] == "arrived"
    with site.store.reading() as session:
        n_people = session.scalar(select(func.count(Person.id)))
    # a new name: a question first, nothing written
    asked = site.organiser.post(f"{door}/checkin", data={FIELD: token, "person": "Walk In Wanda"})
    assert asked.status_code == 200
    assert "Nobody called “Walk In Wanda”" in asked.text
    with site.store.reading() as session:
        assert session.scalar(select(func.count(Person.id))) == n_people
    added = site.organiser.post(
        f"{door}/walk-in", data={FIELD: token, "name": "Walk In Wanda"}, follow_redirects=True
    )
    assert "Checked in Walk In Wanda." in added.text
    with site.store.reading() as session:
        assert session.scalar(select(func.count(Person.id))) == n_people + 1
        owner = find_user(session, OWNER_EMAIL)
        view = door_list(
            session,
            owner,
            site.event_id,
            now=dt.datetime.combine(site.starts_on, dt.time(23), dt.UTC),
        )
    # the evening over: Raj, who said yes and never came, is a no-show
    assert {r.name: r.status for r in view.rows}["Raj Patel"] == "no-show"
    assert view.counts["arrived"] == 2
    missing = site.organiser.post(f"{door}/checkin", data={FIELD: token, "person": "999999"})
    assert missing.status_code == 422
    assert site.stranger.get(door).status_code == 404
    assert site.member.get(door).status_code == 404


def test_the_qr_code_opens_self_check_in_for_a_member_with_the_right_code(
    meetup_site: MeetupSite,
) -> None:
    site = meetup_site
    door = site.organiser.get(f"/events/{site.event_id}/door")
    link = re.search(r'id="self-link">([^<]+)<', door.text)
    assert link is not None
    assert link.group(1).endswith(f"/events/{site.event_id}/checkin/self?code={site.door_code}")
    qr = site.organiser.get(f"/events/{site.event_id}/door/qr.svg")
    assert qr.headers["content-type"] == "image/svg+xml"
    assert qr.text.lstrip().startswith("<?xml") or "<svg" in qr.text[:200]
    assert site.member.get(f"/events/{site.event_id}/door/qr.svg").status_code == 404
    path = f"/events/{site.event_id}/checkin/self"
    # opening the link writes nothing; the button does
    opened = site.member.get(f"{path}?code={site.door_code}")
    assert opened.status_code == 200
    assert 'id="self-check-in"' in opened.text
    assert _roster(site).checked_in == []
    token = page_token(site.member, f"{path}?code={site.door_code}")
    # on the waitlist, the phone does not take a seat: the organiser decides at the door
    mia = site.people["Mia Chen"]
    others = [p for p in site.people.values() if p != mia][:4]
    sheet = f"/events/{site.event_id}/rsvp"
    site.organiser.post(sheet, data={FIELD: token_of(site), "action": "yes", "people": others})
    assert site.member.get(sheet).status_code == 404  # the sheet is the organiser's
    site.organiser.post(sheet, data={FIELD: token_of(site), "action": "yes", "people": [mia]})
    waiting = site.member.get(f"{path}?code={site.door_code}")
    assert 'id="self-waitlisted"' in waiting.text
    refused = site.member.post(path, data={FIELD: token, "code": site.door_code})
    assert 'id="self-waitlisted"' in refused.text
    assert _roster(site).checked_in == []
    site.organiser.post(sheet, data={FIELD: token_of(site), "action": "no", "people": others[:1]})
    wrong = site.member.post(path, data={FIELD: token, "code": "guessed"})
    assert wrong.status_code == 403
    assert _roster(site).checked_in == []
    assert site.member.get(path).status_code == 403  # no code at all
    done = site.member.post(path, data={FIELD: token, "code": site.door_code})
    assert done.status_code == 200
    assert 'id="self-done"' in done.text
    assert _roster(site).checked_in == [site.people["Mia Chen"]]
    # someone who is no member of this meetup: as if the event did not exist
    stranger = site.stranger.get(f"{path}?code={site.door_code}")
    assert stranger.status_code == 404
    organiser = site.organiser.get(f"{path}?code={site.door_code}")
    assert organiser.status_code == 404  # the organiser is no member: the door list is theirs
