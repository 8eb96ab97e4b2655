"""Every suggestion as a page: the same answers as the services, with reasons and paths."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from tests.web.pages import Site

from salon.services.accounts import owner_account
from salon.services.analogies import find_analogies
from salon.services.conversations import prepare_brief, similar_experiences, support_map
from salon.services.suggestions import suggest_panel


def _picked(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li data-person="(\d+)">', html)]


def test_the_panel_page_lists_suggest_panels_picks_with_reasons(site: Site) -> None:
    idea = site.network.idea_id
    html = site.client.get("/suggest/panel", params={"idea_id": idea, "k": 3}).text
    with site.store.transaction() as session:
        picks = suggest_panel(session, owner_account(session, "me"), idea, k=3)
    assert picks, "the rich network has reviewers for its idea"
    assert _picked(html) == [p.person_id for p in picks]
    for pick in picks:
        assert str(escape(pick.reason)) in html


def test_the_panel_page_without_an_idea_offers_the_ideas(site: Site) -> None:
    html = site.client.get("/suggest/panel").text
    assert 'id="idea-picker"' in html
    assert "Pit-stop theatre turnover" in html
    assert 'id="picks"' not in html


def test_partners_say_which_needs_nobody_offers(site: Site) -> None:
    html = site.client.get("/suggest/partners", params={"idea_id": site.network.idea_id}).text
    assert 'id="uncoverable">Nobody you know offers: change management, scheduling' in html


def test_the_brief_before_meeting_shows_what_prepare_brief_says(site: Site) -> None:
    ana = site.network.people["ana"]
    html = site.client.get("/suggest/prepare", params={"person": "Ana López"}).text
    with site.store.reading() as session:
        brief = prepare_brief(session, owner_account(session, "me"), ana)
    for question in brief.questions:
        assert str(escape(question)) in html
    assert f'href="http://testserver/log?person_id={ana}"' in html
    assert site.client.get("/suggest/prepare", params={"person": "Nobody"}).status_code == 404


def test_the_support_page_names_givers_and_gaps(site: Site) -> None:
    html = site.client.get("/suggest/support").text
    with site.store.reading() as session:
        found = support_map(session, owner_account(session, "me"))
    for kind, people in found.givers.items():
        row = re.search(rf'<tr data-kind="{kind}">(.*?)</tr>', html, re.S)
        assert row, kind
        for name in people:
            assert str(escape(name)) in row.group(1)
    if found.gaps:
        assert "Gaps: " + ", ".join(found.gaps) in html


def test_reconnect_says_what_to_do_when_no_tie_is_dormant(site: Site) -> None:
    html = site.client.get("/suggest/reconnect").text
    assert 'id="dormant"' in html or 'id="no-dormant"' in html


def test_who_has_been_through_this_matches_similar_experiences(site: Site) -> None:
    problem = "returns of clothes are rare"
    html = site.client.get(
        "/suggest/lessons", params={"problem": problem, "backend": "lexical"}
    ).text
    with site.store.transaction() as session:
        _, found = similar_experiences(
            session, owner_account(session, "me"), problem, backend="lexical"
        )
    assert found
    positions = [html.index(str(escape(e.text))) for e in found]
    assert positions == sorted(positions)  # best first, as the service ranks them


def test_analogies_page_matches_find_analogies(site: Site) -> None:
    problem = "operating theatres sit idle between surgeries"
    html = site.client.get("/analogies", params={"problem": problem, "backend": "lexical"}).text
    with site.store.transaction() as session:
        result = find_analogies(session, owner_account(session, "me"), problem, backend="lexical")
    for analogy in result.analogies:
        assert str(escape(analogy.text)) in html
    if not result.analogies:
        assert "Nothing from another domain matches yet" in html


@pytest.mark.parametrize(
    "path", ["/suggest/lessons?problem=x&backend=psychic", "/analogies?problem=x&backend=psychic"]
)
def test_an_unknown_backend_is_a_422_page(site: Site, path: str) -> None:
    assert site.client.get(path).status_code == 422


def test_every_suggestion_page_links_to_the_others(site: Site) -> None:
    html = site.client.get("/suggest/meet").text
    for path in ("panel", "partners", "prepare", "lessons", "reconnect", "support", "introduce"):
        assert f'href="http://testserver/suggest/{path}"' in html
    assert 'href="http://testserver/analogies"' in html
