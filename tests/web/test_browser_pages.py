"""The pages in headless Chromium: the quick log on a phone, a history, the map, a suggestion.

Reuses the demo site of :mod:`tests.web.test_browser` (skipped, saying why,
where Chromium or Playwright is missing).  Screenshots go to
``$SALON_TEST_ARTEFACTS`` (default: a ``salon-artefacts`` folder in the
temporary directory), never into the repository.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmark_code import load_benchmark
from tests.web.live_server import PHONE
from tests.web.pages import OTHER_EMAIL, OWNER_EMAIL
from tests.web.test_browser import Demo, _sign_in, demo  # noqa: F401 (a fixture)

from salon.services.accounts import owner_account
from salon.services.interactions import list_interactions
from salon.services.people import get_person

ARTEFACTS = Path(
    os.environ.get("SALON_TEST_ARTEFACTS", Path(tempfile.gettempdir()) / "salon-artefacts")
)


def _wait_until(page: Any, expression: str, timeout: float = 30.0) -> None:
    """Poll ``expression`` with page.evaluate until it holds.

    Not Playwright's wait_for_function: it evaluates its string with eval,
    which the app's Content-Security-Policy (no 'unsafe-eval') refuses.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(100)


def _shot(page: Any, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def _talked_with(site: Demo) -> tuple[int, str]:
    with site.store.reading() as session:
        owner = owner_account(session, "me")
        latest = list_interactions(session, owner)[-1]
        person = get_person(session, owner, latest.participants[0].person_id)
        return person.id, person.name


def test_logging_a_conversation_on_a_phone(demo: Demo, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    _sign_in(page, demo, OWNER_EMAIL)
    try:
        person_id, name = _talked_with(demo)
        page.goto(f"{demo.url}/people")
        _no_sideways_scroll(page)
        page.click("#quick-log-link")
        page.wait_for_url("**/log")
        _no_sideways_scroll(page)
        page.fill("#f-person", name[:5])
        choice = page.locator("#person-choices label", has_text=name)
        choice.wait_for()
        choice.locator("input").check()
        page.select_option("#f-purpose", "learn")
        page.check("fieldset.depth input[value='4']")
        page.check("input[name=challenged]")
        page.fill("#f-insight", "Queues move faster when the slowest step is done first")
        page.fill("#f-follow-up", "send the article")
        _shot(page, "quick-log-phone")
        page.click("#log-form button[type=submit]")
        page.wait_for_url(f"**/people/{person_id}?logged=1")
        assert page.locator("#logged-notice").inner_text() == "Conversation logged."
        first = page.locator("#conversations li").first
        assert "Queues move faster when the slowest step is done first" in first.inner_text()
        assert "challenged my thinking" in first.inner_text()
        _no_sideways_scroll(page)
    finally:
        page.close()


def test_a_persons_history_in_the_browser(demo: Demo, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    _sign_in(page, demo, OWNER_EMAIL)
    try:
        person_id, name = _talked_with(demo)
        page.goto(f"{demo.url}/people/{person_id}")
        assert page.locator("#person-name").inner_text().startswith(name)
        assert page.locator("#conversations li").count() >= 1
        assert page.locator("#ties tbody tr").count() >= 1
        links = page.locator("a[href^='javascript:']")
        assert links.count() == 0
        _no_sideways_scroll(page)
        _shot(page, "person-history-phone")
    finally:
        page.close()


def test_the_map_shows_labelled_nodes(demo: Demo, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, demo, OWNER_EMAIL)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{demo.url}/map")
        _wait_until(page, "window.salonMap && window.salonMap.nodes().length > 1")
        labels = page.evaluate("window.salonMap.nodes().map(n => n.style('label'))")
        assert len(labels) == demo.report.n_contacts + 1 or len(labels) == 301
        assert all(labels), "every node carries its name"
        with demo.store.reading() as session:
            owner = owner_account(session, "me")
            expected = {p.name for p in [get_person(session, owner, _talked_with(demo)[0])]}
        assert expected <= set(labels)
        assert "contacts" in page.locator("#map-status").inner_text()
        page.select_option("#map-colour", "cluster")
        assert page.locator("#map-legend li").first.inner_text().startswith("cluster")
        _shot(page, "network-map")
        assert errors == []
    finally:
        page.close()


def test_a_suggestion_page_on_a_phone(demo: Demo, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    _sign_in(page, demo, OWNER_EMAIL)
    try:
        page.goto(f"{demo.url}/suggest/meet")
        picks = page.locator("#picks li")
        assert picks.count() >= 1
        assert picks.first.locator(".reason").inner_text().strip()
        _no_sideways_scroll(page)
        _shot(page, "suggest-meet-phone")
    finally:
        page.close()


def test_the_report_with_its_charts_on_a_phone(demo: Demo, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    _sign_in(page, demo, OWNER_EMAIL)
    try:
        page.goto(f"{demo.url}/")
        assert page.locator("#diversity-chart g").count() == len(demo.report.diversity)
        assert page.locator("#orientation-radar polygon.scores").count() == 1
        assert "`" not in page.locator("main").inner_text()
        _no_sideways_scroll(page)
        _shot(page, "report-phone")
    finally:
        page.close()


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "io"


def test_people_search_and_filters_update_in_place(demo: Demo, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    _sign_in(page, demo, OWNER_EMAIL)
    try:
        page.goto(f"{demo.url}/people")
        page.fill("input[name=attribute]", "country")  # not key=value: explained in place
        page.locator("#filter-error").wait_for()
        assert "key=value" in page.locator("#filter-error").inner_text()
        page.fill("input[name=attribute]", "")
        page.fill("input[name=q]", "tags")
        _wait_until(page, "document.querySelectorAll('#people tbody tr').length === 1")
        assert page.url.endswith("q=tags&industry=&tag=&attribute=")  # the URL follows
    finally:
        page.close()


def test_uploading_a_linkedin_export(demo: Demo, browser: Any) -> None:  # noqa: F811
    # last in this module: it adds people to the shared demo network
    page = browser.new_page(viewport=PHONE)
    _sign_in(page, demo, OWNER_EMAIL)
    try:
        page.goto(f"{demo.url}/import")
        page.set_input_files("#f-file", str(FIXTURES / "malformed" / "linkedin_bad_rows.csv"))
        page.click("#import-form button[type=submit]")
        page.locator("#import-error").wait_for()
        assert "linkedin_bad_rows.csv, line 6" in page.locator("#import-error").inner_text()
        page.set_input_files("#f-file", str(FIXTURES / "linkedin_connections.csv"))
        page.click("#import-form button[type=submit]")
        page.locator("#import-done").wait_for()
        assert "Imported linkedin_connections.csv" in page.locator("#import-done").inner_text()
        _shot(page, "import-phone")
    finally:
        page.close()


def test_a_large_upload_shows_progress_of_the_total_until_it_is_done(
    demo: Demo,  # noqa: F811
    browser: Any,
    tmp_path: Path,
) -> None:
    """A realistic 20,000-row LinkedIn export, uploaded from a phone by the second account."""
    n_rows = 20_000
    export = tmp_path / "Connections.csv"
    load_benchmark("import_store").linkedin_people(export, n_rows)
    page = browser.new_page(viewport=PHONE)
    _sign_in(page, demo, OTHER_EMAIL)  # the owner's demo network stays as the other tests know it
    try:
        page.goto(f"{demo.url}/import")
        page.set_input_files("#f-file", str(export))
        page.click("#import-form button[type=submit]")
        seen = []
        deadline = time.monotonic() + 300
        while not page.locator("#import-done").count():
            assert time.monotonic() < deadline, f"the import never ended; last seen {seen[-1:]}"
            progress = page.locator("#import-progress")
            if progress.count():
                text = progress.inner_text()
                if not seen or seen[-1] != text:
                    seen.append(text)
                    if "of 20,000" in text:
                        _shot(page, "import-progress-phone")
            page.wait_for_timeout(100)
        # the page refreshes its progress every second: on a quick machine reading the
        # file ends between two refreshes, so any counted stage of the total will do
        # (tests/services/test_import_jobs.py checks each stage's counts)
        stages = r"[\d,]+ of 20,000 (rows read and matched|new people written)"
        counted = [t for t in seen if re.search(stages, t)]
        assert counted, f"no counted progress among {seen}"
        assert (
            "Imported Connections.csv: 20000 created" in page.locator("#import-done").inner_text()
        )
        _no_sideways_scroll(page)
        _shot(page, "import-large-done-phone")
    finally:
        page.close()
