"""``/api``: the JSON API, on SQLite and PostgreSQL, against the services it calls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.web.conftest import Other, bearer
from tests.web.pages import OTHER_EMAIL, OWNER_EMAIL, Site

from salon.db.models import Interaction, Person
from salon.services.accounts import owner_account
from salon.services.people import list_people
from salon.services.report import build_report

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _n_people(site: Site) -> int:
    with site.store.reading() as session:
        return int(session.scalar(select(func.count(Person.id))) or 0)


def test_a_token_comes_from_the_password_flow_and_nothing_else_opens_the_api(site: Site) -> None:
    api = TestClient(site.client.app)
    issued = api.post(
        "/api/token", data={"username": OWNER_EMAIL, "password": "a long enough password"}
    )
    assert issued.status_code == 200
    body = issued.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    wrong = api.post("/api/token", data={"username": OWNER_EMAIL, "password": "wrong one"})
    assert (wrong.status_code, wrong.headers["www-authenticate"]) == (401, "Bearer")
    assert api.get("/api/people").status_code == 401
    # the signed-in browser's cookie is not a way in: only the header is
    assert site.client.get("/api/people").status_code == 401
    bad = api.get("/api/people", headers={"Authorization": "Bearer forged.token.here"})
    assert bad.status_code == 401
    assert "invalid or has expired" in bad.json()["detail"]
    ok = api.get("/api/people", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert ok.status_code == 200


def test_people_pages_and_search_match_the_service(site: Site) -> None:
    auth = bearer(site.client, OWNER_EMAIL)
    with site.store.reading() as session:
        everyone = [p.id for p in list_people(session, owner_account(session, "me"))]
        ana_like = [p.id for p in list_people(session, owner_account(session, "me"), search="an")]
    first = site.client.get("/api/people?limit=3", headers=auth).json()
    rest = site.client.get("/api/people?limit=500&offset=3", headers=auth).json()
    assert [p["id"] for p in first + rest] == everyone
    assert {"id", "name", "email", "organization", "url", "industry"} <= set(first[0])
    found = site.client.get("/api/people?q=an", headers=auth).json()
    assert [p["id"] for p in found] == ana_like
    ana = site.network.people["ana"]
    one = site.client.get(f"/api/people/{ana}", headers=auth)
    assert (one.status_code, one.json()["id"]) == (200, ana)
    assert site.client.get("/api/people?limit=0", headers=auth).status_code == 422


def test_another_accounts_person_is_a_404_like_a_missing_one(site: Site, other: Other) -> None:
    auth = bearer(site.client, OWNER_EMAIL)
    theirs = site.client.get(f"/api/people/{other.person_id}", headers=auth)
    missing = site.client.get("/api/people/999999", headers=auth)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == {"detail": f"no person with id {other.person_id}"}
    assert missing.json() == {"detail": "no person with id 999999"}
    mine = site.client.get("/api/people?limit=500", headers=bearer(other.client, OTHER_EMAIL))
    assert [p["name"] for p in mine.json()] == ["Olga Other"]


def test_adding_a_person_and_a_clash(site: Site) -> None:
    auth = bearer(site.client, OWNER_EMAIL)
    body = {"name": "Zoë Zed", "email": "zoe@zed.org", "industry": "energy", "tags": ["grid"]}
    made = site.client.post("/api/people", json=body, headers=auth)
    assert made.status_code == 201
    assert (made.json()["email"], made.json()["tags"]) == ("zoe@zed.org", ["grid"])
    fetched = site.client.get(f"/api/people/{made.json()['id']}", headers=auth).json()
    assert fetched == made.json()
    again = site.client.post("/api/people", json={**body, "name": "Zoe Z"}, headers=auth)
    assert again.status_code == 409
    assert site.client.post("/api/people", json={"name": ""}, headers=auth).status_code == 422


def test_an_import_counts_and_a_refused_file_writes_nothing(site: Site) -> None:
    auth = bearer(site.client, OWNER_EMAIL)
    good = LINKEDIN_HEADER + (
        "Nia,Okafor,https://www.linkedin.com/in/nia-okafor,nia@okafor.ng,Andela,CTO,3 Feb 2025\n"
        "Tomas,Berg,,,Volvo,Engineer,5 Jan 2024\n"
    )
    files = {"file": ("Connections.csv", good.encode(), "text/csv")}
    done = site.client.post("/api/imports/linkedin", files=files, headers=auth)
    assert done.status_code == 200, done.text
    assert done.json() == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 0}
    again = site.client.post("/api/imports/linkedin", files=files, headers=auth)
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}
    before = _n_people(site)
    bad = LINKEDIN_HEADER + (
        "Ada,Lovelace,,,Analytical,Engineer,1 Jan 2024\nBob,Byte,,,Acme,Dev,not a date\n"
    )
    refused = site.client.post(
        "/api/imports/linkedin", files={"file": ("Bad.csv", bad.encode())}, headers=auth
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert (problem["source"], problem["line"], problem["field"]) == ("Bad.csv", 3, "Connected On")
    assert problem["detail"].startswith("Bad.csv, line 3, field 'Connected On': not a date")
    assert _n_people(site) == before  # Ada, on the good line 2, was not stored either
    broken_json = site.client.post(
        "/api/imports/json", files={"file": ("a.json", b'{\n  "people": [,]\n}')}, headers=auth
    )
    assert (broken_json.status_code, broken_json.json()["line"]) == (422, 2)
    unknown = site.client.post("/api/imports/excel", files=files, headers=auth)
    assert unknown.status_code == 422


def test_logging_a_conversation_and_reading_the_report_and_suggestions(site: Site) -> None:
    auth = bearer(site.client, OWNER_EMAIL)
    ana, mei = site.network.people["ana"], site.network.people["mei"]
    body = {
        "people": [ana, "Mei Chen"],
        "purpose": ["learn"],
        "depth": 4,
        "challenged": True,
        "insight": "Hospitals buy pilots, not products.",
        "occurred_on": "2025-11-20",
    }
    logged = site.client.post("/api/interactions", json=body, headers=auth)
    assert logged.status_code == 201, logged.text
    assert sorted(logged.json()["people"]) == sorted([ana, mei])
    assert logged.json()["insights"] == ["Hospitals buy pilots, not products."]
    with site.store.reading() as session:
        stored = session.get(Interaction, logged.json()["id"])
        assert stored is not None
        assert (stored.depth, stored.challenged, stored.occurred_on) == (
            4,
            True,
            dt.date(2025, 11, 20),
        )
    bad = site.client.post("/api/interactions", json={**body, "purpose": ["gossip"]}, headers=auth)
    assert (bad.status_code, bad.json()["field"]) == (422, "purpose")
    report = site.client.get("/api/report?today=2025-12-01", headers=auth)
    with site.store.reading() as session:
        expected = build_report(session, owner_account(session, "me"), today=dt.date(2025, 12, 1))
    assert report.json() == expected.as_dict()
    meet = site.client.get("/api/suggest/meet?k=3", headers=auth)
    assert meet.status_code == 200
    assert len(meet.json()) <= 3
    assert all({"person_id", "name", "reason", "path"} <= set(p) for p in meet.json())


def test_the_api_is_documented_at_docs(site: Site, tmp_path: Path) -> None:
    schema = TestClient(site.client.app).get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/token", "/api/people", "/api/people/{person_id}", "/api/imports/{kind}"} <= paths
    assert {"/api/interactions", "/api/report", "/api/suggest/meet"} <= paths
    assert all(path.startswith("/api/") for path in paths)  # pages are not API
    docs = TestClient(site.client.app).get("/docs")
    assert docs.status_code == 200
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    bundle = TestClient(site.client.app).get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200
