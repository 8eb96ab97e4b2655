"""No account reads or changes another's network through any route of the app.

The tests walk ``app.routes`` itself, so a route added later is covered
without anyone remembering to: it must need a signed-in account (or be in
:data:`PUBLIC`, on purpose), it must answer another account's ids as if they
did not exist, and nothing it does may change the other account's network.
A route with a path parameter this file has no example for fails the test,
saying which to add.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route
from tests.services.builders import RichNetwork, build_rich_network
from tests.web.conftest import bearer
from tests.web.pages import OTHER_EMAIL, OWNER_EMAIL, PASSWORD, Site, page_token

from salon.db.store import Store
from salon.services.archive import export_archive
from salon.services.import_jobs import ImportOutcome, finish_job, jobs_folder, start_job
from salon.services.people import PersonFields, add_person
from salon.services.users import create_user, find_user
from salon.web.auth import PUBLIC_PATHS, PUBLIC_PATTERNS, is_api, is_public
from salon.web.csrf import FIELD

#: the routes anyone may use, signed in or not: adding one is a decision, made here too
PUBLIC = {"/login", "/logout", "/signup", "/api/token", "/docs"}
#: public whatever their parameter: an invitation link and its sign-up
PUBLIC_PATTERN_ROUTES = {"/join/{token}", "/join/{token}/signup"}
#: routes that are not salon's own endpoints: the schema, and the static files
NOT_ENDPOINTS = {"/openapi.json", "/static"}
MARKERS = ("Olga Other", "olga@other.org", "olga-other-contacts.csv")


@dataclass(frozen=True)
class Victim:
    """The second account: a full network of its own, a person only it has, an import."""

    network: RichNetwork
    olga: int
    job_id: str


@pytest.fixture
def victim(site: Site) -> Victim:
    with site.store.transaction() as session:
        account = create_user(session, OTHER_EMAIL, PASSWORD)
        network = build_rich_network(session, account)
        olga = add_person(
            session,
            account,
            PersonFields(name=MARKERS[0], emails=[MARKERS[1]], organization="Other Co"),
        ).id
        folder = jobs_folder(site.client.app.state.salon.settings.data_dir)  # type: ignore[attr-defined]
        job, _ = start_job(folder, account, "csv", "olga-other-contacts.csv")
        finish_job(folder, job, ImportOutcome({"created": 1}))
    return Victim(network, olga, job.id)


def _archive(store: Store, email: str) -> str:
    with store.reading() as session:
        return json.dumps(export_archive(session, find_user(session, email)), sort_keys=True)


@dataclass(frozen=True)
class Endpoint:
    """One route as the app serves it (its full path, after the routers' prefixes)."""

    path: str
    path_format: str
    methods: frozenset[str]
    params: tuple[str, ...]


def _endpoints(site: Site) -> list[Endpoint]:
    """Every route of the app, included routers flattened, as FastAPI itself walks them."""
    found = []
    for context in iter_route_contexts(site.client.app.routes):  # type: ignore[attr-defined]
        route = context.original_route
        if isinstance(route, APIRoute):
            params = tuple(p.name for p in context.dependant.path_params)
            methods = frozenset(context.methods or ())
            found.append(Endpoint(context.path, context.path_format, methods, params))
        else:
            assert isinstance(route, Mount | Route), f"a new kind of route: {route!r}"
            assert context.path in NOT_ENDPOINTS, f"{context.path} is not walked by this test"
    return found


def _path(route: Endpoint, victim: Victim) -> str:
    """The route's path with the *victim's* ids in it."""
    examples: dict[str, Any] = {
        "person_id": victim.olga,
        "event_id": victim.network.event_id,
        "community_id": victim.network.community_id,
        "idea_id": victim.network.idea_id,
        "interaction_id": victim.network.interactions[0],
        "job_id": victim.job_id,
        "kind": "csv",
        "token": "no-such-invitation",
    }
    missing = [p for p in route.params if p not in examples]
    assert not missing, f"add an example of the victim's {missing} for {route.path} to this test"
    return route.path_format.format(**{p: examples[p] for p in route.params})


def _calls(site: Site, victim: Victim) -> list[tuple[str, Endpoint, str]]:
    return [
        (method, route, _path(route, victim))
        for route in _endpoints(site)
        for method in sorted(route.methods - {"HEAD"})
    ]


def test_only_the_chosen_routes_are_public(site: Site) -> None:
    assert PUBLIC_PATHS == PUBLIC
    assert PUBLIC_PATTERNS == PUBLIC_PATTERN_ROUTES
    assert {route.path for route in _endpoints(site)} >= PUBLIC | PUBLIC_PATTERN_ROUTES
    assert is_public("/join/abc")
    assert not is_public("/join/abc/accept")
    assert not is_public("/join/a/b/signup")


def test_a_stranger_gets_nothing_from_any_route(site: Site, victim: Victim) -> None:
    stranger = TestClient(site.client.app)
    token = page_token(stranger)  # a valid form token: only the sign-in is missing
    calls = _calls(site, victim)
    assert len(calls) > 10
    for method, route, path in calls:
        if route.path in PUBLIC | PUBLIC_PATTERN_ROUTES:
            continue
        response = stranger.request(method, path, data={FIELD: token}, follow_redirects=False)
        where = f"{method} {route.path}"
        if is_api(route.path):
            assert response.status_code == 401, where
            assert response.headers["www-authenticate"] == "Bearer", where
        else:
            assert response.status_code == 303, where
            assert response.headers["location"].startswith("/login"), where
        assert not any(marker in response.text for marker in MARKERS), where


def test_no_route_shows_or_changes_another_accounts_network(site: Site, victim: Victim) -> None:
    """The owner, signed in on both doors (cookie and token), tries the victim's ids everywhere."""
    before = _archive(site.store, OTHER_EMAIL)
    auth = bearer(site.client, OWNER_EMAIL)
    token = page_token(site.client, "/")
    olga = victim.olga
    # the victim's person by id wherever a form or body names people; new names are new
    form = {
        FIELD: token,
        "person": str(olga),
        "person_id": str(olga),
        "people": str(olga),
        "name": "Posted Person",
        "email": "posted@new.org",
    }
    body = {"people": [olga], "name": "Posted Person", "email": "posted@new.org"}
    for method, route, path in _calls(site, victim):
        where = f"{method} {route.path}"
        if route.path in {"/logout", "/login", "/signup"}:
            continue  # they touch no network; signing out here would end the walk
        if method == "GET":
            response = site.client.get(path, headers=auth, follow_redirects=False)
            if route.params and route.path not in PUBLIC:
                # another account's record is a record that does not exist
                assert response.status_code in {404, 422}, where
        elif is_api(route.path):
            if "{kind}" in route.path:
                csv = b"name,email\nImported Person,imported@new.org\n"
                response = site.client.post(path, files={"file": ("x.csv", csv)}, headers=auth)
            else:
                response = site.client.request(method, path, json=body, headers=auth)
        else:
            response = site.client.request(
                method, path, data=form, headers=auth, follow_redirects=False
            )
        assert response.status_code < 500, f"{where}: {response.status_code}"
        # nothing the owner sees comes from the victim
        assert not any(marker in response.text for marker in MARKERS), where
    assert _archive(site.store, OTHER_EMAIL) == before


def test_searching_finds_only_ones_own_people(site: Site, victim: Victim) -> None:
    auth = bearer(site.client, OWNER_EMAIL)
    for path in ("/people?q=Olga", "/api/people?q=Olga", "/api/people?limit=500"):
        response = site.client.get(path, headers=auth)
        assert response.status_code == 200, path
        assert not any(marker in response.text for marker in MARKERS), path
    # and the victim does see her, through the same routes
    theirs = TestClient(site.client.app)
    found = theirs.get("/api/people?q=Olga", headers=bearer(theirs, OTHER_EMAIL)).json()
    assert [p["id"] for p in found] == [victim.olga]
