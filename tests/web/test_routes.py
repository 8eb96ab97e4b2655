"""The web app's pages on a real store (SQLite and PostgreSQL), through FastAPI's TestClient."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from markupsafe import escape
from tests.web.pages import MARKUP_NAME, Site, form_token

from salon.services.accounts import owner_account
from salon.services.meetup import get_event
from salon.services.report import build_report
from salon.services.suggestions import suggest_introductions, suggest_meet
from salon.web.csrf import FIELD


def _text(html: str) -> str:
    """The page's text, tags dropped, whitespace collapsed (entities kept)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _cell(html: str, row_attr: str, cell_class: str) -> str:
    row = re.search(rf"<tr {row_attr}>(.*?)</tr>", html, re.S)
    assert row, f"no row {row_attr}"
    cell = re.search(rf'<td class="{cell_class}">(.*?)</td>', row.group(1), re.S)
    assert cell, f"no {cell_class} cell in row {row_attr}"
    return cell.group(1).strip()


def test_report_page_shows_the_numbers_of_build_report(site: Site) -> None:
    response = site.client.get("/", params={"today": "2025-12-01"})
    assert response.status_code == 200
    with site.store.reading() as session:
        expected = build_report(session, owner_account(session, "me"), today=dt.date(2025, 12, 1))
    html = response.text
    assert f'<strong id="n-contacts">{expected.n_contacts}</strong>' in html
    assert f'<strong id="n-interactions">{expected.n_interactions}</strong>' in html
    assert expected.diversity, "the rich network has attributes to report"
    for row in expected.diversity:
        attr = f'data-attribute="{row.attribute}"'
        assert _cell(html, attr, "blau") == ("n/a" if row.blau != row.blau else f"{row.blau:.2f}")
        assert _cell(html, attr, "n-categories") == str(row.n_categories)
    b = expected.brokerage
    assert f'<dd id="effective-size">{b.effective_size:.1f}</dd>' in html
    for d in expected.orientation:
        score = "n/a" if d.score != d.score else f"{d.score:.2f}"
        assert _cell(html, f'data-dimension="{d.name}"', "score") == score
    assert escape(expected.structure.reading) in html


def test_report_refuses_an_unknown_period_with_a_page_not_a_traceback(site: Site) -> None:
    response = site.client.get("/", params={"period": "fortnight"})
    assert response.status_code == 400
    assert "unknown period &#39;fortnight&#39;" in response.text
    assert "Traceback" not in response.text


def test_a_malformed_date_is_a_422_page_naming_the_field(site: Site) -> None:
    response = site.client.get("/", params={"today": "yesterday"})
    assert response.status_code == 422
    assert "today" in _text(response.text)
    assert "text/html" in response.headers["content-type"]


def test_people_search_finds_by_name_and_organisation(site: Site) -> None:
    everyone = site.client.get("/people").text
    assert "Ana López" in everyone
    assert "Rajesh Patel" in everyone
    found = site.client.get("/people", params={"q": "tata"}).text  # Raj's organisation
    assert "Rajesh Patel" in found
    assert "Ana López" not in found
    assert 'id="people-count">1 person matching' in found


def test_person_page_shows_the_profile(site: Site) -> None:
    ana = site.network.people["ana"]
    html = site.client.get(f"/people/{ana}").text
    text = _text(html)
    assert "Ana López" in text
    assert "Head of Innovation at Hospital Clínic de Barcelona" in text
    assert "clinical trials" in text
    assert "Spain" in text


@pytest.mark.parametrize("path", ["/people/987654", "/events/987654", "/no/such/page"])
def test_unknown_ids_and_pages_are_404_pages(site: Site, path: str) -> None:
    response = site.client.get(path)
    assert response.status_code == 404
    assert '<p class="error" role="alert" id="error-message">' in response.text
    assert "Traceback" not in response.text


def test_names_with_markup_render_as_text(site: Site) -> None:
    for path in ("/people", f"/people/{site.markup_id}", "/people?q=tags"):
        html = site.client.get(path).text
        assert escape(MARKUP_NAME) in html, path
        assert "<script>alert" not in html
        assert "<b>tags</b>" not in html
        assert "<i>Acme</i>" not in html


def test_whom_to_meet_lists_the_services_picks_with_reasons_and_paths(site: Site) -> None:
    with site.store.transaction() as session:
        picks = suggest_meet(session, owner_account(session, "me"), k=3)
    assert picks
    html = site.client.get("/suggest/meet", params={"k": 3}).text
    shown = re.findall(r'<li data-person="(\d+)">', html)
    assert shown == [str(p.person_id) for p in picks]
    for pick in picks:
        assert escape(pick.reason) in html
        if pick.path:
            assert escape(" → ".join(pick.path)) in html


def test_introductions_list_the_services_pairs(site: Site) -> None:
    with site.store.transaction() as session:
        pairs = suggest_introductions(session, owner_account(session, "me"), k=5)
    html = site.client.get("/suggest/introduce").text
    shown = re.findall(r'<li data-pair="(\d+)-(\d+)">', html)
    assert shown == [(str(p.first_id), str(p.second_id)) for p in pairs]
    for pair in pairs:
        assert escape(pair.reason) in html


def test_a_bad_number_of_suggestions_is_refused(site: Site) -> None:
    assert site.client.get("/suggest/meet", params={"k": 0}).status_code == 422


def test_meetups_page_lists_communities_and_their_events(site: Site) -> None:
    html = site.client.get("/meetups").text
    assert f'<tr data-event="{site.network.event_id}">' in html
    assert f'href="http://testserver/events/{site.network.event_id}"' in html


def test_event_page_seats_everyone_once_per_round_with_a_starter_per_table(site: Site) -> None:
    event_id = site.network.event_id
    with site.store.reading() as session:
        event = get_event(session, owner_account(session, "me"), event_id)
        seats = {(s.round, s.person_id) for s in event.seats}
        n_tables = len({(s.round, s.table_number) for s in event.seats})
    html = site.client.get(f"/events/{event_id}").text
    rounds = re.split(r'<section class="round" data-round="', html)[1:]
    assert len(rounds) == len({r for r, _ in seats})
    shown = set()
    for section in rounds:
        number = int(section.split('"', 1)[0])
        cards = section.split("</section>", 1)[0]
        ids = [int(i) for i in re.findall(r'<li data-person="(\d+)">', cards)]
        assert len(ids) == len(set(ids)), f"someone seated twice in round {number}"
        shown |= {(number, i) for i in ids}
    assert shown == seats
    # each seated name links to the person's page (the printed cards do not)
    assert all(f'href="http://testserver/people/{p}"' in html for _, p in seats)
    assert html.count('<p class="prompt">') == n_tables
    assert f'<dd id="n-seated">{len({p for _, p in seats})}</dd>' in html


def test_check_in_redirects_back_and_shows_the_person_as_arrived(site: Site) -> None:
    event_id, mei = site.network.event_id, site.network.people["mei"]
    before = site.client.get(f"/events/{event_id}").text
    assert re.search(rf'<tr data-person="{mei}" class="expected">', before)
    response = site.client.post(
        f"/events/{event_id}/checkin",
        data={"person": "Mei Chen", FIELD: form_token(site.client, event_id)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/events/{event_id}?checked_in={mei}"
    after = site.client.get(response.headers["location"]).text
    assert 'id="checked-in-notice">Checked in' in after
    assert re.search(rf'<tr data-person="{mei}" class="checked-in">', after)


def test_check_in_of_an_unknown_person_says_so_beside_the_form(site: Site) -> None:
    event_id = site.network.event_id
    before = site.client.get(f"/events/{event_id}").text
    response = site.client.post(
        f"/events/{event_id}/checkin",
        data={"person": "Nobody Known", FIELD: form_token(site.client, event_id)},
    )
    assert response.status_code == 422
    assert 'id="checkin-error">no person called &#39;Nobody Known&#39;' in response.text
    assert 'value="Nobody Known"' in response.text
    # nothing was written
    assert before.count('class="checked-in"') == response.text.count('class="checked-in"')


def test_check_in_at_an_unknown_event_is_a_404_page(site: Site) -> None:
    token = form_token(site.client, site.network.event_id)  # one cookie, one token: any page's
    response = site.client.post(
        "/events/987654/checkin", data={"person": "Ana López", FIELD: token}
    )
    assert response.status_code == 404
    assert "no event with id 987654" in response.text


def test_the_network_map_is_an_svg(site: Site) -> None:
    response = site.client.get("/report/map.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in response.content[:500]
