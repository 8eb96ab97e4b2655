"""The organiser's evening in headless Chromium (Playwright) on a 390-px-wide phone.

Create a meetup and an event with a capacity, RSVP people (one waitlisted,
then promoted when someone declines), open the door list and check people
in, seat, re-seat after a late arrival, download the .ics.  Uses the system
Chromium like tests/web/test_browser.py and skips where it is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from tests.web.live_server import PHONE, playwright_or_skip, serving
from tests.web.pages import OWNER_EMAIL, PASSWORD

from salon.config import Settings
from salon.db.store import Store
from salon.services.users import create_user
from salon.web import create_app

sync_api = playwright_or_skip()

NAMES = ("Ana López", "Raj Patel", "Mia Chen", "Tom Berg", "Lea Roth")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'salon.sqlite'}"
    store = Store(url)
    with store.transaction() as session:
        create_user(session, OWNER_EMAIL, PASSWORD)
    store.dispose()
    app = create_app(Settings(database_url=url, data_dir=tmp_path, login_delay=0))
    with serving(app) as base:
        yield base


@pytest.fixture
def phone(server: str, browser: Any) -> Iterator[Any]:
    """A phone's tab, signed in as the organiser."""
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    tab = context.new_page()
    tab.goto(f"{server}/login")
    tab.get_by_label("Email").fill(OWNER_EMAIL)
    tab.get_by_label("Password").fill(PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in").click()
    yield tab
    context.close()


def _status(tab: Any, name: str) -> str:
    row = tab.locator("tr[data-person]", has_text=name)
    return str(row.get_attribute("data-status"))


def _wait_for_seating(tab: Any) -> str:
    tab.wait_for_selector("#seat-done, #seat-failed", timeout=60_000)
    assert tab.locator("#seat-failed").count() == 0, tab.locator("#seat-failed").inner_text()
    return str(tab.locator("#seat-done").inner_text())


def test_an_organisers_evening_on_a_phone(server: str, phone: Any, tmp_path: Path) -> None:
    tab = phone
    tab.goto(f"{server}/meetups")
    tab.get_by_label("New meetup's name").fill("Browser Supper")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Create a meetup").click()
    assert tab.locator("#meetup-name").inner_text() == "Browser Supper"
    for k, name in enumerate(NAMES):
        form = tab.locator("#new-member")
        form.get_by_label("Name").fill(name)
        form.get_by_label("Email").fill(f"guest{k}@example.org")
        form.get_by_label("Intent").select_option(("learn", "pitch")[k % 2])
        with tab.expect_navigation():
            form.get_by_role("button", name="Add the member").click()
    assert tab.locator("ul.members li").count() == len(NAMES)
    event = tab.locator("#new-event")
    event.get_by_label("Date").fill((dt.date.today() + dt.timedelta(days=7)).isoformat())
    event.get_by_label("Starts at").fill("19:00")
    event.get_by_label("Tables (sizes)").fill("3,3")
    event.get_by_label("Rounds").fill("2")
    event.get_by_label("Capacity").fill("4")
    with tab.expect_navigation():
        event.get_by_role("button", name="Create the event").click()
    # the RSVP sheet: everyone says yes; the fifth waits
    for name in NAMES:
        tab.get_by_label(name).check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Going").click()
    assert tab.locator("#rsvp-notice").inner_text() == "Recorded for 5."
    # the sheet lists members by name, and answers go in that order: Tom, last, waits
    assert {n: _status(tab, n) for n in NAMES} == {
        **dict.fromkeys(NAMES, "expected"),
        "Tom Berg": "waitlisted",
    }
    tab.screenshot(path=str(tmp_path / "rsvp-sheet.png"), full_page=True)
    # Raj declines: Tom, first on the waitlist, is going at once
    tab.get_by_label("Raj Patel").check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Not coming").click()
    assert _status(tab, "Raj Patel") == "declined"
    assert _status(tab, "Tom Berg") == "expected"
    # the calendar file
    with tab.expect_download() as download:
        tab.locator("#ics-link").click()
    saved = tmp_path / "event.ics"
    download.value.save_as(saved)
    (entry,) = icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert entry.decoded("dtstart").time() == dt.time(19, 0)
    # at the door: search as you type, then "Arrived"
    tab.get_by_role("link", name="door").first.click()
    tab.wait_for_selector("#door-results")
    assert tab.locator("#count-expected").inner_text() == "4"
    tab.get_by_label("Search the door list").fill("lóp")
    # htmx swaps the results in place: only Ana's row is left
    sync_api.expect(tab.locator("#door-results tr[data-person]")).to_have_count(1)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Check in Ana López").click()
    assert tab.locator("#door-notice").inner_text() == "Checked in Ana López."
    for name in ("Mia Chen", "Tom Berg"):
        with tab.expect_navigation():
            tab.get_by_role("button", name=f"Check in {name}").click()
    assert tab.locator("#count-arrived").inner_text() == "3"
    tab.screenshot(path=str(tmp_path / "door.png"), full_page=True)
    # seat the three who came
    tab.get_by_role("link", name="seat").first.click()
    tab.get_by_label("Search for (seconds)").fill("1")
    tab.get_by_role("button", name="Seat").click()
    assert "Seated 3 people, rounds 1, 2" in _wait_for_seating(tab)
    # Lea arrives late: she is checked in at the door and round 2 takes her in
    tab.get_by_role("link", name="door").first.click()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Check in Lea Roth").click()
    tab.get_by_role("link", name="seat").first.click()
    tab.get_by_label("Search for (seconds)").fill("1")
    tab.get_by_label("Rounds").select_option("2")
    tab.get_by_role("button", name="Seat").click()
    assert "Seated 4 people, rounds 2" in _wait_for_seating(tab)
    tab.screenshot(path=str(tmp_path / "seated.png"), full_page=True)
    # the page fits a phone: nothing wider than the screen
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
