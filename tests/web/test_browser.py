"""The web app in a real headless Chromium (Playwright), served by uvicorn on the demo sample.

These tests drive the system Chromium (``/usr/bin/chromium``, Debian's
``chromium`` package, or the executable ``SALON_TEST_CHROMIUM`` names); they
skip, saying why, where it or the ``playwright`` package is missing.  No
browser is ever downloaded.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.web.live_server import playwright_or_skip, serving
from tests.web.pages import OTHER_EMAIL, OWNER_EMAIL, PASSWORD

from salon.config import Settings
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.demo import load_sample, seat_next_meetup
from salon.services.meetup import attendee_ids, get_community, get_event
from salon.services.people import PersonFields, add_person
from salon.services.report import Report, build_report
from salon.services.sample import DEFAULT_TODAY, generate_sample
from salon.services.users import create_user
from salon.web import create_app

MARKUP_NAME = "<b>tags</b> Ørsted"

playwright_or_skip()


@dataclass(frozen=True)
class Demo:
    url: str
    store: Store
    report: Report
    next_event_id: int
    next_attendees: list[int]
    past_event_id: int
    newcomer: str  # a member who was not at the past event
    markup_id: int


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("web-demo")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    store = Store(url)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        loaded = load_sample(session, owner, generate_sample(2026))
        markup_id = add_person(session, owner, PersonFields(name=MARKUP_NAME)).id
    with store.transaction() as session:
        owner = owner_account(session, "me")
        meetup = seat_next_meetup(session, owner, loaded, time_limit=0.5)
        next_attendees = attendee_ids(get_event(session, owner, meetup.event_id))
        past = get_event(session, owner, loaded.event_ids[0])
        there = {a.person_id for a in past.attendance} | {s.person_id for s in past.seats}
        members = get_community(session, owner, loaded.community_id).members
        newcomer = next(m.person.name for m in members if m.person_id not in there)
        report = build_report(session, owner, today=DEFAULT_TODAY)
        create_user(session, OWNER_EMAIL, PASSWORD, account="me")
        create_user(session, OTHER_EMAIL, PASSWORD)
    app = create_app(Settings(database_url=url, data_dir=folder, login_delay=0))
    with serving(app) as base:
        yield Demo(
            base,
            store,
            report,
            meetup.event_id,
            next_attendees,
            loaded.event_ids[0],
            newcomer,
            markup_id,
        )
    store.dispose()


def _sign_in(page: Any, demo: Demo, email: str) -> None:
    page.goto(f"{demo.url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def page(browser: Any, demo: Demo) -> Iterator[Any]:
    """A browser tab signed in as the owner of the demo network."""
    context = browser.new_context()
    opened = context.new_page()
    _sign_in(opened, demo, OWNER_EMAIL)
    yield opened
    context.close()


def test_sign_in_see_the_report_sign_out_and_another_account_sees_none_of_it(
    demo: Demo, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(f"{demo.url}/people")
    assert tab.url == f"{demo.url}/login?next=/people"  # a stranger is asked to sign in
    tab.get_by_label("Email").fill(OWNER_EMAIL)
    tab.get_by_label("Password").fill("not the password")
    tab.get_by_role("button", name="Sign in").click()
    assert tab.locator("#error-message").inner_text() == "Wrong email or password."
    tab.get_by_label("Password").fill(PASSWORD)
    with tab.expect_navigation(url=f"{demo.url}/people"):
        tab.get_by_role("button", name="Sign in").click()
    tab.screenshot(path=str(tmp_path / "people-signed-in.png"))
    owners_people = demo.report.n_contacts
    assert owners_people > 10
    tab.goto(f"{demo.url}/?today={DEFAULT_TODAY.isoformat()}")
    assert tab.locator("h1").first.is_visible()
    tab.screenshot(path=str(tmp_path / "report.png"))
    with tab.expect_navigation(url=f"{demo.url}/login"):
        tab.get_by_role("button", name="Sign out").click()
    tab.goto(f"{demo.url}/")
    assert tab.url.startswith(f"{demo.url}/login")  # signed out: the report is closed
    # another account on the same server sees an empty network, and none of the owner's people
    _sign_in(tab, demo, OTHER_EMAIL)
    tab.goto(f"{demo.url}/people")
    tab.screenshot(path=str(tmp_path / "other-account-people.png"))
    text = tab.locator("main").inner_text()
    assert demo.newcomer not in text
    assert 'id="people-count">0 people' in tab.content()
    assert tab.goto(f"{demo.url}/people/{demo.markup_id}").status == 404
    context.close()


def _number(value: float, spec: str = ".2f") -> str:
    return "n/a" if math.isnan(value) else format(value, spec)


def test_report_page_shows_build_reports_numbers(demo: Demo, page: Any) -> None:
    page.goto(f"{demo.url}/?today={DEFAULT_TODAY.isoformat()}")
    report = demo.report
    assert page.locator("#n-contacts").inner_text() == str(report.n_contacts)
    assert page.locator("#n-interactions").inner_text() == str(report.n_interactions)
    for row in report.diversity:
        cells = page.locator(f'#diversity tr[data-attribute="{row.attribute}"]')
        assert cells.locator(".blau").inner_text() == _number(row.blau)
        assert cells.locator(".iqv").inner_text() == _number(row.iqv)
        assert cells.locator(".coverage").inner_text() == _number(row.coverage, ".0%")
    assert page.locator("#constraint").inner_text() == _number(report.brokerage.constraint)
    assert page.locator("#effective-size").inner_text() == _number(
        report.brokerage.effective_size, ".1f"
    )
    for d in report.orientation:
        row = page.locator(f'#orientation tr[data-dimension="{d.name}"]')
        assert row.locator(".score").inner_text() == _number(d.score)
        assert row.locator(".n").inner_text() == str(d.n)
    assert page.locator("#dormant-ties tbody tr").count() == len(report.dormant_ties)
    assert page.locator("#bridging-ties tbody tr").count() == len(report.bridging_ties)


def test_seating_page_shows_every_attendee_once_per_round(demo: Demo, page: Any) -> None:
    page.goto(f"{demo.url}/events/{demo.next_event_id}")
    rounds = page.locator("section.round")
    assert rounds.count() == 3
    for r in range(rounds.count()):
        ids = (
            rounds.nth(r)
            .locator("li[data-person]")
            .evaluate_all("items => items.map(li => Number(li.dataset.person))")
        )
        assert sorted(ids) == demo.next_attendees, f"round {r + 1}"
        cards = rounds.nth(r).locator("article.card")
        for c in range(cards.count()):
            assert cards.nth(c).locator(".prompt").inner_text().strip()
    assert page.locator("#n-seated").inner_text() == str(len(demo.next_attendees))


def test_check_in_form_marks_the_person_arrived_after_the_redirect(demo: Demo, page: Any) -> None:
    page.goto(f"{demo.url}/events/{demo.past_event_id}")
    assert page.locator("#attendance tr", has_text=demo.newcomer).count() == 0
    page.fill("#checkin input[name=person]", "Nobody By This Name")
    page.click("#checkin button")
    assert "no person called 'Nobody By This Name'" in page.locator("#checkin-error").inner_text()
    page.fill("#checkin input[name=person]", demo.newcomer)
    page.click("#checkin button")
    page.wait_for_url("**/events/*?checked_in=*")
    assert page.locator("#checked-in-notice").inner_text() == f"Checked in {demo.newcomer}."
    row = page.locator("#attendance tr.checked-in", has_text=demo.newcomer)
    assert row.count() == 1
    arrived = row.locator(".arrival").inner_text()
    assert arrived.startswith(dt.datetime.now(dt.UTC).date().isoformat())
    page.reload()  # Post/Redirect/Get: reloading does not post again
    assert page.locator("#attendance tr.checked-in", has_text=demo.newcomer).count() == 1


def test_a_name_with_tags_shows_literally(demo: Demo, page: Any) -> None:
    page.goto(f"{demo.url}/people?q=tags")
    cell = page.locator(f'#people tr[data-person="{demo.markup_id}"] .name')
    assert cell.inner_text() == MARKUP_NAME
    assert cell.locator("b").count() == 0
    page.goto(f"{demo.url}/people/{demo.markup_id}")
    assert page.locator("#person-name").inner_text() == MARKUP_NAME
    assert page.title() == f"{MARKUP_NAME} · salon"


def test_unknown_event_is_a_404_page_in_the_browser(demo: Demo, page: Any) -> None:
    response = page.goto(f"{demo.url}/events/987654")
    assert response is not None
    assert response.status == 404
    assert page.locator("#error-message").inner_text() == "no event with id 987654"


def test_a_page_on_another_site_cannot_check_anyone_in(demo: Demo, page: Any) -> None:
    with demo.store.reading() as session:
        owner = owner_account(session, "me")
        past = get_event(session, owner, demo.past_event_id)
        arrived = {a.person_id for a in past.attendance if a.checked_in_at is not None}
        members = get_community(session, owner, past.community_id).members
        target = next(m.person.name for m in members if m.person_id not in arrived)
    page.goto(f"{demo.url}/events/{demo.past_event_id}")  # the browser has salon's cookie
    # a page that would post the check-in form as soon as it loads, served from elsewhere
    attack = (
        f'<form method="post" action="{demo.url}/events/{demo.past_event_id}/checkin">'
        f'<input name="person" value="{target}"></form>'
        "<script>document.forms[0].submit()</script>"
    )
    page.route(
        "http://attacker.test/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=attack),
    )
    with page.expect_navigation(url=f"{demo.url}/**"):
        page.goto("http://attacker.test/prize.html")
    # the session cookie is SameSite=Lax: a cross-site POST comes without it, as a stranger's
    # (the Origin check and the form token would refuse it next: tests/web/test_csrf.py)
    assert page.url == f"{demo.url}/login"
    with demo.store.reading() as session:
        after = get_event(session, owner_account(session, "me"), demo.past_event_id)
        assert {a.person_id for a in after.attendance if a.checked_in_at is not None} == arrived


def test_the_api_documentation_renders_under_the_content_security_policy(
    demo: Demo, page: Any
) -> None:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{demo.url}/docs")
    page.locator(".opblock-summary-path", has_text="/api/people").first.wait_for()
    assert page.locator(".opblock-summary-path", has_text="/api/token").count() == 1
    assert refused == []
