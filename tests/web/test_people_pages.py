"""The people pages and the quick log on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from tests.web.pages import MARKUP_NAME, Site, page_token
from typer.testing import CliRunner

from salon.cli.main import app as cli
from salon.db.models import Interaction, Person
from salon.services.accounts import owner_account
from salon.services.interactions import list_interactions
from salon.services.people import PersonFields, add_person, get_person, person_dict
from salon.services.person_history import HISTORY_SECTIONS
from salon.web.csrf import FIELD


def _people(site: Site) -> int:
    with site.store.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def _interactions(site: Site) -> int:
    with site.store.reading() as session:
        return session.scalar(select(func.count()).select_from(Interaction)) or 0


def _person(site: Site, person_id: int) -> dict[str, object]:
    with site.store.reading() as session:
        return person_dict(get_person(session, owner_account(session, "me"), person_id))


def _shown(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-person="(\d+)">', html)]


def test_people_are_listed_fifty_a_page_with_links_that_keep_the_filter(site: Site) -> None:
    with site.store.transaction() as session:
        owner = owner_account(session, "me")
        for i in range(120):
            add_person(session, owner, PersonFields(name=f"Zed {i:03d}", industry="Energy"))
    first = site.client.get("/people", params={"industry": "Energy"})
    assert first.status_code == 200
    assert len(_shown(first.text)) == 50
    assert "121 people" in first.text
    assert "page 1 of 3" in first.text
    links = re.findall(r'href="http://testserver/people\?([^"]+)"', first.text)
    assert "industry=Energy&amp;page=3" in links
    last = site.client.get("/people", params={"industry": "Energy", "page": 3})
    assert len(_shown(last.text)) == 21
    seen = set(_shown(first.text)) | set(_shown(last.text))
    seen |= set(_shown(site.client.get("/people?industry=Energy&page=2").text))
    assert len(seen) == 121


def test_people_filters_by_tag_and_attribute(site: Site) -> None:
    ana, mei = site.network.people["ana"], site.network.people["mei"]
    assert _shown(site.client.get("/people", params={"attribute": "country=Spain"}).text) == [ana]
    assert _shown(site.client.get("/people", params={"tag": "repair"}).text) == [mei]
    empty = site.client.get("/people", params={"tag": "no-such-tag"}).text
    assert "No one matches" in empty


def test_a_malformed_attribute_filter_is_explained_beside_the_form(site: Site) -> None:
    response = site.client.get("/people", params={"attribute": "Spain"})
    assert response.status_code == 422
    assert 'id="filter-error">an attribute filter is key=value' in response.text
    assert len(_shown(response.text)) > 0  # the list is still there, unfiltered


def test_adding_a_person_stores_them_and_shows_their_page(site: Site) -> None:
    token = page_token(site.client, "/people/new")
    response = site.client.post(
        "/people/new",
        data={
            FIELD: token,
            "name": "Nadia Haddad",
            "emails": "nadia@example.org, n.haddad@lab.example",
            "organization": "Institut Pasteur",
            "industry": "Research",
            "url": "linkedin.com/in/nadia-haddad",
            "connected_on": "2025-04-01",
            "expertise": "virology, lab automation",
            "attributes": "country=France\ngeneration=Gen X",
        },
    )
    assert response.status_code == 200  # after the 303 to the person's page
    assert "Saved." in response.text
    person_id = int(re.search(r"/people/(\d+)", str(response.url)).group(1))  # type: ignore[union-attr]
    stored = _person(site, person_id)
    assert stored["emails"] == ["nadia@example.org", "n.haddad@lab.example"]
    assert stored["attributes"] == {"country": "France", "generation": "Gen X"}
    assert stored["expertise"] == ["lab automation", "virology"]
    assert '<a href="mailto:nadia@example.org">' in response.text
    assert 'href="https://linkedin.com/in/nadia-haddad"' in response.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": " "}, "name", "a person needs a name"),
        ({"name": "X", "connected_on": "1 April"}, "connected_on", "expected a date like"),
        ({"name": "X", "url": "javascript:alert(1)"}, "url", "expected a web address"),
        ({"name": "X", "attributes": "country"}, "attributes", "line 1 is not key=value"),
        ({"name": "X", "emails": "raj.patel@example.com"}, None, "already belongs to Rajesh"),
    ],
)
def test_a_refused_person_form_says_why_keeps_the_input_and_stores_nothing(
    site: Site, data: dict[str, str], field: str | None, message: str
) -> None:
    before = _people(site)
    token = page_token(site.client, "/people/new")
    response = site.client.post(
        "/people/new", data={FIELD: token, "organization": "Kept Org", **data}
    )
    assert response.status_code == 422
    assert message in response.text
    assert 'value="Kept Org"' in response.text  # what was typed is still there
    if field is not None:
        assert f'id="f-{field}"' in response.text
        assert re.search(rf'id="f-{field}"[^>]*aria-invalid="true"', response.text)
    assert _people(site) == before


def test_editing_a_person_replaces_their_details(site: Site) -> None:
    mei = site.network.people["mei"]
    form = site.client.get(f"/people/{mei}/edit").text
    assert 'value="mei@chenwong.studio"' in form
    assert "country=United States" in form
    response = site.client.post(
        f"/people/{mei}/edit",
        data={
            FIELD: page_token(site.client, f"/people/{mei}/edit"),
            "name": "Mei Chen",
            "organization": "Frog Design",
            "interests": "repair",
            "attributes": "country=Singapore",
        },
    )
    assert response.status_code == 200
    assert "Saved." in response.text
    stored = _person(site, mei)
    assert stored["organization"] == "Frog Design"
    assert stored["emails"] == []
    assert stored["interests"] == ["repair"]
    assert stored["attributes"] == {"country": "Singapore"}


def test_a_refused_edit_changes_nothing(site: Site) -> None:
    mei = site.network.people["mei"]
    before = _person(site, mei)
    response = site.client.post(
        f"/people/{mei}/edit",
        data={
            FIELD: page_token(site.client, f"/people/{mei}/edit"),
            "name": "Mei Chen",
            "organization": "Frog Design",
            "emails": "ana.lopez@clinic.example",
        },
    )
    assert response.status_code == 422
    assert "already belongs to Ana López" in response.text
    assert _person(site, mei) == before


def test_removing_a_person_asks_first_then_removes_them(site: Site) -> None:
    kwame = site.network.people["kwame"]
    ask = site.client.get(f"/people/{kwame}/remove")
    assert "Remove Kwame Mensah?" in ask.text
    response = site.client.post(
        f"/people/{kwame}/remove", data={FIELD: page_token(site.client, f"/people/{kwame}/remove")}
    )
    assert response.status_code == 200
    assert "Removed Kwame Mensah." in response.text
    assert site.client.get(f"/people/{kwame}").status_code == 404


@pytest.mark.parametrize(
    "path", ["/people/987654/edit", "/people/987654/remove", "/log?person_id=987654"]
)
def test_an_unknown_person_is_a_404_page(site: Site, path: str) -> None:
    response = site.client.get(path)
    assert response.status_code == 404
    assert "no person with id 987654" in response.text


def test_a_persons_page_shows_their_whole_history(site: Site) -> None:
    ana = site.network.people["ana"]
    html = site.client.get(f"/people/{ana}").text
    assert escape("Pit-stop choreography shortens theatre changeovers") in html
    assert "challenged my thinking" in html
    assert escape("Surgeons will resist choreography.") in html
    assert "Dinner #12" in html
    assert "Health Hackathon 2024" in html
    assert '<a href="mailto:ana.lopez@clinic.example">' in html
    assert 'href="https://linkedin.com/in/ana-lopez-4b2a1c"' in html
    soren = site.client.get(f"/people/{site.network.people['soren']}").text
    assert "Aerospace coatings transferred well to turbine blades." in soren
    lucia = site.client.get(f"/people/{site.network.people['lucia']}").text
    assert "Take-back schemes fail" in lucia


def test_the_page_and_person_show_tell_the_same_history(site: Site) -> None:
    """One service behind both: every record ``salon person show --json`` lists is on the page."""
    url = site.store.engine.url.render_as_string(hide_password=False)
    for key, person_id in site.network.people.items():
        result = CliRunner().invoke(cli, ["--db", url, "person", "show", str(person_id), "--json"])
        assert result.exit_code == 0, result.stderr
        shown = json.loads(result.stdout)
        html = site.client.get(f"/people/{person_id}").text
        where = f"{key}'s page"
        assert [int(i) for i in re.findall(r'data-interaction="(\d+)"', html)] == [
            c["id"] for c in reversed(shown["conversations"])
        ], where
        others = {pid for t in shown["ties"] for pid in t["person_ids"] if pid != person_id}
        assert set(_shown(html)) == others, where
        texts = [
            *(f["text"] for f in shown["feedback"]),
            *(i["title"] for i in shown["ideas"]),
            *(lesson["title"] for lesson in shown["lessons"]),
            *(n["text"] for n in shown["notes"]),
            *(m["name"] for m in shown["meetups"]),
            *(e["title"] for e in shown["events"]),
        ]
        for text in texts:
            assert str(escape(text)) in html, f"{where} lacks {text!r}"
        assert ("history-empty" in html) == (not any(shown[s] for s in HISTORY_SECTIONS))


def test_a_stored_javascript_url_is_never_a_link(site: Site) -> None:
    with site.store.transaction() as session:
        person = session.get(Person, site.markup_id)
        assert person is not None
        person.url = "javascript:alert(document.cookie)"  # as an old import might hold it
    html = site.client.get(f"/people/{site.markup_id}").text
    assert "javascript:alert(document.cookie)" in html  # shown as text
    assert 'href="javascript:' not in html.lower()


@pytest.mark.parametrize(
    "path",
    ["/people?q=tags", "/people/choices?person=tags", "/log?person_id={id}", "/people/{id}/edit"],
)
def test_hostile_names_are_escaped_on_every_people_page(site: Site, path: str) -> None:
    html = site.client.get(path.format(id=site.markup_id)).text
    assert MARKUP_NAME not in html
    assert str(escape(MARKUP_NAME)) in html


def test_the_quick_log_is_linked_from_every_page(site: Site) -> None:
    for path in ("/", "/people", f"/people/{site.network.people['ana']}", "/meetups"):
        assert 'id="quick-log-link" href="http://testserver/log"' in site.client.get(path).text


def test_typing_a_name_offers_the_matching_people_as_a_fragment(site: Site) -> None:
    fragment = site.client.get("/people/choices", params={"person": "lóp"}).text
    assert "<html" not in fragment
    assert re.findall(r'name="person_id" value="(\d+)"', fragment) == [
        str(site.network.people["ana"])
    ]
    nobody = site.client.get("/people/choices", params={"person": "zzz"}).text
    assert "No one called" in nobody
    assert "add them first" in nobody


def test_logging_a_conversation_stores_it_and_shows_it_on_the_persons_page(site: Site) -> None:
    emily = site.network.people["emily"]
    response = site.client.post(
        "/log",
        data={
            FIELD: page_token(site.client, "/log"),
            "person": "Emi",
            "person_id": str(emily),
            "purpose": "learn",
            "depth": "5",
            "challenged": "true",
            "insight": "Hedgerows are corridors, not walls",
            "follow_up": "send her the theatre data",
            "occurred_on": "2025-11-04",
        },
    )
    assert response.status_code == 200
    assert "Conversation logged." in response.text
    assert "Hedgerows are corridors, not walls" in response.text
    with site.store.reading() as session:
        owner = owner_account(session, "me")
        logged = list_interactions(session, owner, person=get_person(session, owner, emily))
    assert len(logged) == 1
    talk = logged[0]
    assert (talk.purposes, talk.depth, talk.challenged) == (["learn"], 5, True)
    assert [i.text for i in talk.insights] == ["Hedgerows are corridors, not walls"]
    assert talk.notes == "Follow up: send her the theatre data"
    assert talk.occurred_on.isoformat() == "2025-11-04"


def test_the_quick_log_takes_a_typed_name_without_javascript(site: Site) -> None:
    response = site.client.post(
        "/log", data={FIELD: page_token(site.client, "/log"), "person": "Kwame Mensah"}
    )
    assert response.status_code == 200
    assert str(response.url).endswith(f"/people/{site.network.people['kwame']}?logged=1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"person": "Nobody Known"}, "no person called &#39;Nobody Known&#39;"),
        ({"person": ""}, "say whom you talked with"),
        ({"person": "Kwame Mensah", "depth": "9"}, "depth is 1 to 5"),
        ({"person": "Kwame Mensah", "occurred_on": "yesterday"}, "expected a date like"),
        ({"person": "Kwame Mensah", "also_with": "Nobody Known"}, "no person called"),
    ],
)
def test_a_refused_log_says_why_and_stores_nothing(
    site: Site, data: dict[str, str], message: str
) -> None:
    before = _interactions(site)
    response = site.client.post(
        "/log",
        data={FIELD: page_token(site.client, "/log"), "insight": "kept text", **data},
    )
    assert response.status_code == 422
    assert message in response.text
    assert "kept text" in response.text
    assert _interactions(site) == before


def _add_twin(site: Site) -> int:
    with site.store.transaction() as session:
        return add_person(
            session,
            owner_account(session, "me"),
            PersonFields(name="Mei Chen", organization="ideo", role="Design Director"),
        ).id


def test_duplicates_are_listed_with_a_merge_preview_that_writes_nothing(site: Site) -> None:
    assert "No duplicates found" in site.client.get("/people/duplicates").text
    mei, twin = site.network.people["mei"], _add_twin(site)
    listing = site.client.get("/people/duplicates").text
    assert f'href="http://testserver/people/merge?keep={mei}&amp;other={twin}"' in listing
    before = _people(site)
    preview = site.client.get("/people/merge", params={"keep": mei, "other": twin})
    assert preview.status_code == 200
    role = re.search(r'<tr data-field="role" class="aside">(.*?)</tr>', preview.text, re.S)
    assert role, "the conflicting role is kept aside"
    assert "Design Lead, Health" in role.group(1)
    assert "merged.role" in role.group(1)
    assert _people(site) == before


def test_merging_from_the_preview_keeps_one_person(site: Site) -> None:
    mei, twin = site.network.people["mei"], _add_twin(site)
    path = f"/people/merge?keep={mei}&other={twin}"
    response = site.client.post(
        "/people/merge", data={FIELD: page_token(site.client, path), "keep": mei, "other": twin}
    )
    assert response.status_code == 200
    assert str(response.url).endswith(f"/people/{mei}?saved=1")
    assert site.client.get(f"/people/{twin}").status_code == 404
    assert _person(site, mei)["attributes"]["merged.role"] == "Design Director"  # type: ignore[index]


def test_a_merge_preview_of_an_unknown_person_is_a_404_page(site: Site) -> None:
    response = site.client.get(
        "/people/merge", params={"keep": site.network.people["mei"], "other": 987654}
    )
    assert response.status_code == 404
