"""Capture pages beyond the quick log: ties, ideas and feedback, lessons, notes."""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from tests.web.pages import MARKUP_NAME, Site, page_token

from salon.db.models import Feedback, Idea, IdeaVersion, Lesson, Note, Tie
from salon.services.accounts import me, owner_account
from salon.services.ideas import get_idea
from salon.services.people import get_person
from salon.services.ties import tie_between
from salon.web.csrf import FIELD


def _count(site: Site, model: type) -> int:
    with site.store.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_recording_who_knows_whom_with_an_introducer(site: Site) -> None:
    p = site.network.people
    response = site.client.post(
        "/ties/new",
        data={
            FIELD: page_token(site.client, "/ties/new"),
            "first": "Kwame Mensah",
            "second": "Emily O'Brien",
            "introduced_by": "Mei Chen",
            "since": "2024-05-01",
            "how_met": "sound ecology workshop",
            "support": ["advice"],
            "strength": "3",
        },
    )
    assert response.status_code == 200
    assert str(response.url).endswith(f"/people/{p['kwame']}?saved=1")
    assert "sound ecology workshop" in response.text
    with site.store.reading() as session:
        owner = owner_account(session, "me")
        kwame, emily, mei = (get_person(session, owner, p[k]) for k in ("kwame", "emily", "mei"))
        tie = tie_between(session, owner, kwame, emily)
        assert tie is not None
        assert (tie.introduced_by_id, tie.support, tie.manual_strength) == (mei.id, ["advice"], 3)
        assert tie_between(session, owner, mei, kwame) is not None  # the introducer knows both
        assert tie_between(session, owner, mei, emily) is not None


def test_a_tie_with_the_second_left_blank_is_with_the_user(site: Site) -> None:
    site.client.post(
        "/ties/new", data={FIELD: page_token(site.client, "/ties/new"), "first": "Emily O'Brien"}
    )
    with site.store.reading() as session:
        owner = owner_account(session, "me")
        emily = get_person(session, owner, site.network.people["emily"])
        assert tie_between(session, owner, me(session, owner), emily) is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first": "Nobody Known"}, "no person called"),
        ({"first": ""}, "name someone"),
        ({"first": "Kwame Mensah", "second": "Kwame Mensah"}, "cannot be tied to themselves"),
        ({"first": "Kwame Mensah", "strength": "9"}, "tie strength must be 1-5"),
        ({"first": "Kwame Mensah", "since": "May"}, "expected a date like"),
    ],
)
def test_a_refused_tie_says_why_and_stores_nothing(
    site: Site, data: dict[str, str], message: str
) -> None:
    before = _count(site, Tie)
    response = site.client.post(
        "/ties/new", data={FIELD: page_token(site.client, "/ties/new"), "how_met": "kept", **data}
    )
    assert response.status_code == 422
    assert message in response.text
    assert 'value="kept"' in response.text
    assert _count(site, Tie) == before


def test_an_idea_gets_versions_feedback_and_a_status(site: Site) -> None:
    response = site.client.post(
        "/ideas",
        data={
            FIELD: page_token(site.client, "/ideas"),
            "title": "Shared lab freezers",
            "problem": "Every lab buys its own -80 freezer.",
            "needs": "facilities, scheduling",
        },
    )
    assert response.status_code == 200
    path = str(response.url).split("?")[0].removeprefix("http://testserver")
    for data in (
        {"action": "version", "text": "Pool freezers across three labs per building"},
        {
            "action": "feedback",
            "person": "Rajesh Patel",
            "text": "Who owns it?",
            "stance": "challenging",
        },
        {"action": "status", "status": "testing"},
    ):
        answer = site.client.post(path, data={FIELD: page_token(site.client, path), **data})
        assert answer.status_code == 200, answer.text
    html = site.client.get(path).text
    assert "Version 2" in html
    assert "Who owns it?" in html
    with site.store.reading() as session:
        idea = get_idea(session, owner_account(session, "me"), "Shared lab freezers")
        assert idea.status == "testing"
        assert idea.needs == ["facilities", "scheduling"]
        assert [v.number for v in idea.versions] == [1, 2]
        assert [(f.stance, f.text) for f in idea.versions[1].feedback] == [
            ("challenging", "Who owns it?")
        ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "feedback", "person": "Nobody Known", "text": "x"}, "no person called"),
        ({"action": "feedback", "person": "Rajesh Patel", "text": " "}, "feedback needs text"),
        (
            {"action": "feedback", "person": "Rajesh Patel", "text": "x", "stance": "rude"},
            "unknown stance",
        ),
        ({"action": "version", "text": " "}, "a version needs text"),
        ({"action": "status", "status": "famous"}, "unknown idea status"),
    ],
)
def test_a_refused_idea_change_stores_nothing(
    site: Site, data: dict[str, str], message: str
) -> None:
    path = f"/ideas/{site.network.idea_id}"
    before = (_count(site, IdeaVersion), _count(site, Feedback))
    response = site.client.post(path, data={FIELD: page_token(site.client, path), **data})
    assert response.status_code == 422
    assert message in response.text
    assert (_count(site, IdeaVersion), _count(site, Feedback)) == before
    with site.store.reading() as session:
        assert (
            get_idea(session, owner_account(session, "me"), site.network.idea_id).status == "open"
        )


def test_an_idea_without_a_title_is_refused(site: Site) -> None:
    before = _count(site, Idea)
    response = site.client.post(
        "/ideas", data={FIELD: page_token(site.client, "/ideas"), "title": " ", "problem": "kept"}
    )
    assert response.status_code == 422
    assert "an idea needs a title" in response.text
    assert _count(site, Idea) == before


def test_an_unknown_idea_is_a_404_page(site: Site) -> None:
    assert site.client.get("/ideas/987654").status_code == 404


def test_a_lesson_is_kept_and_found_by_search(site: Site) -> None:
    response = site.client.post(
        "/lessons",
        data={
            FIELD: page_token(site.client, "/lessons"),
            "title": "Checklists before surgery",
            "person": "Ana López",
            "kind": "success",
            "takeaway": "A pause before the first cut catches wrong-site errors",
            "tags": "safety, checklists",
        },
    )
    assert response.status_code == 200
    assert "Lesson kept." in response.text
    found = site.client.get("/lessons", params={"q": "first cut"}).text
    assert "Checklists before surgery" in found
    assert "Take-back schemes" not in found
    history = site.client.get(f"/people/{site.network.people['ana']}").text
    assert "Checklists before surgery" in history


def test_a_refused_lesson_stores_nothing(site: Site) -> None:
    before = _count(site, Lesson)
    response = site.client.post(
        "/lessons",
        data={
            FIELD: page_token(site.client, "/lessons"),
            "title": "X",
            "kind": "draw",
            "context": "kept",
        },
    )
    assert response.status_code == 422
    assert "a success or a failure" in response.text
    assert "kept" in response.text
    assert _count(site, Lesson) == before


def test_a_note_is_kept_with_who_shared_it(site: Site) -> None:
    response = site.client.post(
        "/notes",
        data={
            FIELD: page_token(site.client, "/notes"),
            "text": "Ask Raj about event-driven rostering",
            "person": "Rajesh Patel",
            "domain": "software",
        },
    )
    assert response.status_code == 200
    assert "Note kept." in response.text
    with site.store.reading() as session:
        note = session.scalars(select(Note).where(Note.text.like("Ask Raj%"))).one()
        assert note.person_id == site.network.people["raj"]
        assert note.ref.startswith("web-")
    refused = site.client.post(
        "/notes", data={FIELD: page_token(site.client, "/notes"), "text": "  "}
    )
    assert refused.status_code == 422
    assert "a note needs text" in refused.text


@pytest.mark.parametrize("path", ["/ideas", "/lessons", "/notes"])
def test_hostile_text_on_record_pages_is_escaped(site: Site, path: str) -> None:
    with site.store.transaction() as session:
        owner = owner_account(session, "me")
        session.add(Idea(owner_id=owner.id, title=MARKUP_NAME, needs=[], versions=[]))
        session.add(Lesson(owner_id=owner.id, title=MARKUP_NAME, tags=[]))
        session.add(Note(owner_id=owner.id, ref="x-1", text=MARKUP_NAME))
    html = site.client.get(path).text
    assert MARKUP_NAME not in html
    assert str(escape(MARKUP_NAME)) in html
