"""Three members on 390-px phones (headless Chromium): join by link, profile, RSVP, QR check-in,
my table, feedback.

The organiser makes the link on the invitations page, the door's QR code on
the door page, and reads the ratings on the event page; the organiser's own
RSVPs, check-ins and seating go through the services (as the CLI does; the
organiser's pages have their own browser test).
Uses the system Chromium like tests/web/test_browser.py and skips likewise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from tests.web.live_server import PHONE, playwright_or_skip, serving

from salon.config import Settings
from salon.db.models import Person
from salon.db.store import Store
from salon.services.event_rsvp import bulk_rsvp, set_capacity
from salon.services.meetup import add_member, check_in, create_community, create_event, get_event
from salon.services.meetup.seating import seat_event
from salon.services.people import PersonFields, add_person
from salon.services.users import create_user, find_user
from salon.web import create_app

ORGANISER = "host@longtable.org"
PASSWORD = "a long enough password"
KNOWN = [("Una Umber", "health"), ("Vic Vale", "fintech"), ("Wes Wold", "energy")]
JOINERS = [
    ("Xia Xu", "xia@phone.org", "battery chemistry", 3),
    ("Yan Yates", "yan@phone.org", "hospital logistics", 4),
    ("Zoe Zane", "zoe@phone.org", "design research", 5),
]

playwright_or_skip()


@dataclass(frozen=True)
class Server:
    url: str
    store: Store
    community_id: int
    event_id: int


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("meetup-members")
    url = f"sqlite:///{folder / 'salon.sqlite'}"
    store = Store(url)
    with store.transaction() as session:
        owner = create_user(session, ORGANISER, PASSWORD)
        community = create_community(session, owner, "Long Table", cadence="weekly")
        for name, industry in KNOWN:
            add_person(session, owner, PersonFields(name=name, industry=industry))
            add_member(session, owner, community.id, name)
        event = create_event(
            session, owner, community, title="Tonight", on=dt.date.today(), tables=[3, 3], rounds=2
        )
        ids = (community.id, event.id)
    app = create_app(Settings(database_url=url, data_dir=folder, login_delay=0))
    with serving(app) as base:
        yield Server(base, store, *ids)
    store.dispose()


def _fits_the_phone(tab: Any) -> None:
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.url} is {width} px wide on a 390-px phone"


def test_three_members_join_fill_profiles_read_their_tables_and_rate(
    server: Server, browser: Any, tmp_path: Path
) -> None:
    organiser = browser.new_context(viewport=PHONE).new_page()
    organiser.goto(f"{server.url}/login")
    organiser.get_by_label("Email").fill(ORGANISER)
    organiser.get_by_label("Password").fill(PASSWORD)
    organiser.get_by_role("button", name="Sign in").click()
    organiser.goto(f"{server.url}/meetups/{server.community_id}/invitations")
    organiser.get_by_label("The link expires").select_option("14d")
    organiser.get_by_role("button", name="Make an invitation link").click()
    link = organiser.locator("#invitation-link").input_value()
    assert "/join/" in link

    phones = []
    for name, email, brings, _ in JOINERS:
        phone = browser.new_context(viewport=PHONE).new_page()
        phone.goto(link)
        assert phone.locator("#meetup-name").inner_text() == "Long Table"
        _fits_the_phone(phone)
        phone.get_by_label("Your name").fill(name)
        phone.get_by_label("Email").fill(email)
        phone.get_by_label("Password", exact=True).fill(PASSWORD)
        phone.get_by_label("Password again").fill(PASSWORD)
        phone.get_by_role("button", name="Join").click()
        phone.wait_for_url(re.compile(r"/meetups/\d+/me\?joined=new"))
        assert phone.locator("#member-name").inner_text() == name
        phone.get_by_label("What I bring").fill(brings)
        phone.locator("#share-brings").check()
        phone.locator("#intent-learn").check()
        phone.get_by_role("button", name="Save my profile").click()
        phone.wait_for_url(re.compile(r"saved=profile"))
        assert phone.locator("#field-brings").input_value() == brings
        _fits_the_phone(phone)
        phones.append(phone)
    phones[0].screenshot(path=str(tmp_path / "member-profile.png"), full_page=True)

    # five seats tonight, three of them taken by the organiser's RSVPs for the known members
    with server.store.transaction() as session:
        owner = find_user(session, ORGANISER)
        set_capacity(session, owner, server.event_id, 5)
        bulk_rsvp(session, owner, server.event_id, [name for name, _ in KNOWN], "yes")
    for phone, expected in zip(phones, ("going", "going", "waitlisted"), strict=True):
        phone.locator(f'[data-event="{server.event_id}"] button.rsvp-yes').click()
        phone.wait_for_url(re.compile(r"saved=answer"))
        status = phone.locator(f'[data-event="{server.event_id}"] .rsvp-status')
        assert status.get_attribute("data-status") == expected
        _fits_the_phone(phone)
    assert "1st in line" in status.inner_text()
    # Una cannot come after all: the first in line (Zoe) is promoted
    with server.store.transaction() as session:
        bulk_rsvp(session, find_user(session, ORGANISER), server.event_id, ["Una Umber"], "no")
    phones[2].reload()
    status = phones[2].locator(f'[data-event="{server.event_id}"] .rsvp-status')
    assert status.get_attribute("data-status") == "going"

    # the door's QR code opens self check-in on each member's phone
    organiser.goto(f"{server.url}/events/{server.event_id}/door")
    organiser.get_by_role("button", name="Make the door's QR code").click()
    assert organiser.locator('img[alt="QR code for self check-in"]').count() == 1
    self_link = organiser.locator("#self-link").get_attribute("href")
    assert self_link is not None
    assert "code=" in self_link
    for phone in phones:
        phone.goto(self_link)
        phone.locator("#self-check-in").click()
        assert "checked in" in phone.locator("#self-done").inner_text()
        _fits_the_phone(phone)
    for phone in phones:
        phone.goto(f"{server.url}/meetups/{server.community_id}/me")

    # Una turns up all the same and the organiser lets her in at the door, with the
    # other known members; then seats the evening (as `salon meetup seat` does)
    with server.store.transaction() as session:
        owner = find_user(session, ORGANISER)
        event = get_event(session, owner, server.event_id)
        for name, _ in KNOWN:
            person = session.scalars(
                select(Person).where(Person.owner_id == owner.id, Person.name == name)
            ).one()
            check_in(session, owner, event, person)
    with server.store.transaction() as session:
        seat_event(session, find_user(session, ORGANISER), server.event_id, max_iterations=300)

    shared = {brings for _, _, brings, _ in JOINERS}
    for phone, (name, _, brings, rating) in zip(phones, JOINERS, strict=True):
        phone.get_by_role("link", name="My table").click()
        phone.wait_for_url(re.compile(r"/events/\d+/my-table"))
        rounds = phone.locator("section.my-round")
        assert rounds.count() == 2
        text = phone.locator("main").inner_text()
        assert name not in phone.locator("ul.tablemates").all_inner_texts()[0]
        assert brings not in text  # one's own profile is not one's tablemate
        assert all(r.locator("ul.tablemates li").count() == 2 for r in rounds.all())
        assert phone.locator("p.starter").count() == 2
        # a fellow joiner at the table shows what they shared
        mates = " ".join(phone.locator("ul.tablemates").all_inner_texts())
        for other, _, other_brings, _ in JOINERS:
            if other in mates:
                assert other_brings in mates
        _fits_the_phone(phone)
        phone.go_back()
        phone.get_by_role("link", name="Feedback").click()
        phone.locator("#rate-evening").get_by_label(str(rating)).check()
        for fieldset in phone.locator("fieldset.rate-table").all():
            fieldset.get_by_label("4").check()
        phone.get_by_role("button", name="Send my feedback").click()
        phone.wait_for_url(re.compile(r"saved=1"))
        assert "Thank you" in phone.locator("#notice").inner_text()
        _fits_the_phone(phone)
    phones[1].screenshot(path=str(tmp_path / "member-feedback.png"), full_page=True)
    assert shared  # every joiner shared what they bring

    organiser.goto(f"{server.url}/events/{server.event_id}")
    assert organiser.locator("#evening-rating").inner_text() == "4.0"
    assert organiser.locator("#n-evening-ratings").inner_text() == "3"
    table_rows = organiser.locator("#table-ratings tbody tr")
    assert table_rows.count() >= 2
    assert set(organiser.locator("#table-ratings tbody td:nth-child(3)").all_inner_texts()) == {
        "4.0"
    }
