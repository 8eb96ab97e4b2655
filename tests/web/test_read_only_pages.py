"""No GET writes: every page and every API read leaves the store as it was.

A GET may be repeated, prefetched or replayed by a browser, a proxy or a
crawler; it must not change the store, not even a cache.  The test walks
``app.routes`` (as the isolation test does), calls every GET route with
examples of all its path and query parameters (so the branches that search,
suggest or rank run, not only the empty forms), and records every statement
the app's engine sends that could change a row.  A route, path parameter or
query parameter this file has no example for fails the test, saying which to add.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from tests.web.conftest import bearer
from tests.web.pages import OWNER_EMAIL, Site, page_token

from salon.db.models import Lesson, NetworkSnapshot, NetworkVersion, Person
from salon.semantic import MODEL_NAME, model_unavailable_reason
from salon.services.accounts import owner_account
from salon.services.caches import SNAPSHOT_LAG, prepare_semantic_index
from salon.services.import_jobs import JobProgress, jobs_folder, start_job
from salon.services.invitations import create_invitation
from salon.services.lessons import add_lesson
from salon.services.network import network_graph
from salon.services.people import PersonFields, add_person
from salon.services.semantic_index import stored_refs
from salon.services.suggestions import suggest_meet
from salon.services.ties import ensure_tie
from salon.web.csrf import FIELD

#: statements that change rows (a trigger fires only from one of these)
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE|CREATE|DROP|ALTER)\b", re.I)


@dataclass
class Recorder:
    """The writing statements the engine ran while ``recording`` was on."""

    recording: bool = False
    statements: list[str] | None = None

    def __post_init__(self) -> None:
        self.statements = []


@pytest.fixture
def writes(site: Site) -> Iterator[Recorder]:
    engine: Engine = site.client.app.state.salon.store.engine  # type: ignore[attr-defined]
    recorder = Recorder()

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if recorder.recording and WRITES.match(statement):
            assert recorder.statements is not None
            recorder.statements.append(statement.split("\n")[0][:120])

    event.listen(engine, "before_cursor_execute", record)
    yield recorder
    event.remove(engine, "before_cursor_execute", record)


def _job(site: Site) -> str:
    """An import of the owner's, half-way through (its page follows it)."""
    folder = jobs_folder(site.client.app.state.salon.settings.data_dir)  # type: ignore[attr-defined]
    with site.store.reading() as session:
        job, _ = start_job(folder, owner_account(session, "me"), "linkedin", "Connections.csv")
    JobProgress(folder, job)("matching", 2_000, 5_000)
    return job.id


def _invitation(site: Site) -> str:
    """A working invitation link's token to the owner's meetup (its page only shows it)."""
    with site.store.transaction() as session:
        owner = owner_account(session, "me")
        _, token = create_invitation(session, owner, site.network.community_id)
    return token


def _examples(site: Site) -> dict[str, Any]:
    """A meaningful value for every parameter name a GET route takes (its own records)."""
    people = site.network.people
    return {
        "job_id": _job(site),
        # path parameters: the owner's own records, so that the pages show them
        "person_id": people["ana"],
        "idea_id": site.network.idea_id,
        "event_id": site.network.event_id,
        "community_id": site.network.community_id,
        "token": _invitation(site),
        # query parameters
        "limit": 20,
        "offset": 0,
        "q": "Ana",
        "period": "all",
        "today": "2026-06-01",
        "industry": "Healthcare",
        "tag": "health",
        "attribute": "country=Spain",
        "page": 1,
        "removed": "Someone",
        "person": "Ana López",
        "saved": "true",
        "joined": "linked",
        "arrived": "Ana López",
        "code": "not-the-door-code",
        "done": "3",
        "logged": "true",
        "keep": people["ana"],
        "other": people["raj"],
        "first": people["ana"],
        "k": 3,
        "problem": "patients wait too long because the handover between shifts loses information",
        "domain": "Healthcare",
        "backend": "auto",
        "checked_in": people["ana"],
        "preparing": "true",
        "next": "/people",
    }


@dataclass(frozen=True)
class Read:
    path: str
    query: dict[str, Any]


def _reads(site: Site) -> list[Read]:
    examples = _examples(site)
    found = []
    for context in iter_route_contexts(site.client.app.routes):  # type: ignore[attr-defined]
        if not isinstance(context.original_route, APIRoute):
            continue
        if "GET" not in (context.methods or ()):
            continue
        path_params = [p.name for p in context.dependant.path_params]
        query_params = [p.alias for p in context.dependant.query_params]
        missing = [p for p in (*path_params, *query_params) if p not in examples]
        assert not missing, f"add an example of {missing} for GET {context.path} to this test"
        path = context.path_format.format(**{p: examples[p] for p in path_params})
        found.append(Read(path, {}))
        if query_params:
            found.append(Read(path, {p: examples[p] for p in query_params}))
    return found


def _changes_since_last_read(site: Site) -> None:
    """Make every cache stale: a new tie and a new lesson since the caches were kept."""
    people = site.network.people
    with site.store.transaction() as session:
        owner = owner_account(session, "me")
        ensure_tie(
            session,
            owner,
            session.get(Person, people["kwame"]),
            session.get(Person, people["emily"]),
            evidence="stated",
        )
        add_lesson(
            session,
            owner,
            title="Checklists at shift change",
            takeaway="A written handover list stops the night shift from losing what they knew.",
            person=session.get(Person, people["emily"]),
        )


def test_no_get_of_any_route_writes_to_the_store(site: Site, writes: Recorder) -> None:
    auth = bearer(site.client, OWNER_EMAIL)
    reads = _reads(site)
    assert len(reads) > 30
    # twice: first over a network no page has read yet, then after a change to it,
    # when a page could be tempted to bring a stale cache up to date
    for round_ in ("first", "after a change"):
        for read in reads:
            writes.recording = True
            response = site.client.get(
                read.path, params=read.query, headers=auth, follow_redirects=False
            )
            writes.recording = False
            where = f"GET {read.path} {read.query or ''} ({round_})"
            assert response.status_code < 500, f"{where}: {response.status_code}"
            assert writes.statements == [], f"{where} wrote: {writes.statements}"
        _changes_since_last_read(site)


def test_the_recorder_sees_a_write(site: Site, writes: Recorder) -> None:
    """The test above could not pass by recording nothing: a POST that writes is seen."""
    token = page_token(site.client, "/")
    writes.recording = True
    response = site.client.post(
        "/notes", data={FIELD: token, "text": "A note to be seen written."}, follow_redirects=False
    )
    writes.recording = False
    assert response.status_code == 303, response.text
    assert writes.statements
    assert any("INSERT" in s.upper() for s in writes.statements)


def _snapshot_lag(site: Site) -> tuple[int, int | None]:
    """The owner's network version, and the version its stored snapshot was taken at."""
    with site.store.reading() as session:
        owner = owner_account(session, "me")
        version = session.scalar(
            select(NetworkVersion.version).where(NetworkVersion.owner_id == owner.id)
        )
        snapshot = session.scalar(
            select(NetworkSnapshot.version).where(NetworkSnapshot.owner_id == owner.id)
        )
    assert version is not None
    return int(version), snapshot


def test_a_write_brings_the_snapshot_the_pages_read_up_to_date(site: Site) -> None:
    """The caches a GET no longer writes are kept by the writes, after they answer."""
    site.client.get("/suggest/meet")
    version, snapshot = _snapshot_lag(site)
    assert snapshot is None  # no page stored one
    people = site.network.people
    token = page_token(site.client, "/ties/new")
    response = site.client.post(
        "/ties/new",
        data={FIELD: token, "first": str(people["kwame"]), "second": str(people["mei"])},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    after, snapshot = _snapshot_lag(site)
    assert after > version  # the tie changed the network...
    assert snapshot == after  # ...and the snapshot was brought up to date with it
    # the suggestions read from it are those of the network read afresh
    with site.store.reading() as session:
        owner = owner_account(session, "me")
        kept = suggest_meet(session, owner, k=3)
        fresh = suggest_meet(session, owner, k=3, graph=network_graph(session, owner))
    assert [p.person_id for p in kept] == [p.person_id for p in fresh]
    assert "Kwame" in site.client.get("/people/" + str(people["mei"])).text

    # one more change: a lag a page catches up in memory, left for later
    token = page_token(site.client, "/people/new")
    data = {FIELD: token, "name": "Zoe Newcomer", "industry": "Logistics"}
    assert site.client.post("/people/new", data=data, follow_redirects=False).status_code == 303
    version, snapshot = _snapshot_lag(site)
    assert snapshot is not None
    assert snapshot < version
    # many changes (an import, say): the next write stores the snapshot again
    with site.store.transaction() as session:
        owner = owner_account(session, "me")
        for i in range(SNAPSHOT_LAG):
            add_person(session, owner, PersonFields(name=f"New Person {i}", industry="Retail"))
    token = page_token(site.client, "/notes")
    data = {FIELD: token, "text": "Retail people know queues."}
    assert site.client.post("/notes", data=data, follow_redirects=False).status_code == 303
    version, snapshot = _snapshot_lag(site)
    assert snapshot == version


@pytest.mark.skipif(model_unavailable_reason() is not None, reason="no sentence model")
def test_a_new_lesson_is_embedded_and_stored_after_the_post_not_by_the_search(
    site: Site, writes: Recorder
) -> None:
    with site.store.transaction() as session:
        prepare_semantic_index(session, owner_account(session, "me"))
    token = page_token(site.client, "/lessons")
    title = "Night-shift handover checklists"
    response = site.client.post(
        "/lessons",
        data={FIELD: token, "title": title, "takeaway": "Write the handover down."},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    with site.store.reading() as session:
        owner = owner_account(session, "me")
        lesson = session.scalar(select(Lesson.id).where(Lesson.title == title))
        assert f"lesson:{lesson}" in stored_refs(session, owner, MODEL_NAME)
    writes.recording = True
    found = site.client.get("/suggest/lessons", params={"problem": "handover at shift change"})
    writes.recording = False
    assert found.status_code == 200
    assert title in found.text
    assert writes.statements == []


@pytest.mark.skipif(model_unavailable_reason() is not None, reason="no sentence model")
def test_a_search_offers_to_keep_what_it_embedded_and_a_post_keeps_it(site: Site) -> None:
    search = {"problem": "idle operating theatres between surgeries"}
    html = site.client.get("/analogies", params=search).text
    assert 'id="prepare-index"' in html
    with site.store.reading() as session:
        assert stored_refs(session, owner_account(session, "me"), MODEL_NAME) == []
    token = page_token(site.client, "/analogies")
    kept = site.client.post(
        "/analogies/index", data={FIELD: token, **search}, follow_redirects=False
    )
    assert kept.status_code == 303
    assert "preparing=true" in kept.headers["location"]
    with site.store.reading() as session:
        refs = stored_refs(session, owner_account(session, "me"), MODEL_NAME)
    assert any(ref.startswith("person:") for ref in refs)
    assert any(ref.startswith("lesson:") for ref in refs)
    assert 'id="prepare-index"' not in site.client.get("/analogies", params=search).text
