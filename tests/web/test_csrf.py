"""Only salon's own pages can make it write: form tokens and the Origin check (salon.web.csrf)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from markupsafe import escape
from tests.web.conftest import web_settings
from tests.web.pages import OWNER_EMAIL, Site, form_token, sign_in

import salon.web.routes
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.import_jobs import jobs_folder, start_job
from salon.services.meetup import get_event
from salon.web import create_app
from salon.web.auth import SESSION_COOKIE, is_api
from salon.web.csrf import COOKIE, FIELD, SAFE_METHODS, STALE_TOKEN

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)


def _checked_in(store: Store, event_id: int) -> set[int]:
    with store.reading() as session:
        event = get_event(session, owner_account(session, "me"), event_id)
        return {row.person_id for row in event.attendance if row.checked_in_at is not None}


def _check_in_mei(
    site: Site, client: TestClient, token: str | None, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    data = {"person": "Mei Chen"} if token is None else {"person": "Mei Chen", FIELD: token}
    response = client.post(
        f"/events/{site.network.event_id}/checkin",
        data=data,
        headers=headers,
        follow_redirects=False,
    )
    return response.status_code, response.text


def _refused_saying(html: str, message: str) -> bool:
    found = re.search(r'<p class="error" role="alert" id="error-message">(.*?)</p>', html, re.S)
    return found is not None and found.group(1) == str(escape(message))


def test_a_check_in_without_a_token_is_a_403_page_and_writes_nothing(site: Site) -> None:
    event_id, mei = site.network.event_id, site.network.people["mei"]
    site.client.get(f"/events/{event_id}")  # the browser has its cookie, the attacker no token
    before = _checked_in(site.store, event_id)
    assert mei not in before
    status, html = _check_in_mei(site, site.client, token=None)
    assert status == 403
    assert _refused_saying(html, STALE_TOKEN)
    assert "<title>Refused · salon</title>" in html
    assert _checked_in(site.store, event_id) == before


@pytest.mark.parametrize("forged", ["", "0" * 64, "not-a-token"])
def test_an_empty_or_made_up_token_is_refused(site: Site, forged: str) -> None:
    before = _checked_in(site.store, site.network.event_id)
    status, html = _check_in_mei(site, site.client, token=forged)
    assert status == 403
    assert _refused_saying(html, STALE_TOKEN)
    assert _checked_in(site.store, site.network.event_id) == before


def test_a_token_read_under_another_cookie_is_refused(site: Site) -> None:
    event_id = site.network.event_id
    attackers_token = form_token(site.client, event_id)  # the attacker's own browser
    victim = TestClient(site.client.app)
    sign_in(victim, OWNER_EMAIL)  # signed in, with a form-token cookie of its own
    assert victim.cookies[COOKIE] != site.client.cookies[COOKIE]
    before = _checked_in(site.store, event_id)
    status, html = _check_in_mei(site, victim, token=attackers_token)
    assert status == 403
    assert _refused_saying(html, STALE_TOKEN)
    # nor does the token work for a signed-in browser that has no form cookie yet
    fresh = TestClient(site.client.app, cookies={SESSION_COOKIE: victim.cookies[SESSION_COOKIE]})
    assert _check_in_mei(site, fresh, token=attackers_token)[0] == 403
    assert _checked_in(site.store, event_id) == before


@pytest.mark.parametrize(
    ("header", "value", "named"),
    [
        ("origin", "https://evil.example", "https://evil.example"),
        ("origin", "http://testserver:3000", "http://testserver:3000"),  # same site, other port
        ("origin", "null", "null"),  # a sandboxed frame or a data: page
        ("referer", "https://evil.example/attack.html", "https://evil.example"),
    ],
)
def test_a_form_from_another_origin_is_refused_even_with_a_valid_token(
    site: Site, header: str, value: str, named: str
) -> None:
    token = form_token(site.client, site.network.event_id)
    before = _checked_in(site.store, site.network.event_id)
    status, html = _check_in_mei(site, site.client, token, headers={header: value})
    assert status == 403
    assert _refused_saying(
        html,
        f"this form was sent from another site ({named}), not from salon at "
        "http://testserver: nothing was saved",
    )
    assert _checked_in(site.store, site.network.event_id) == before


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://testserver"},
        {"origin": "HTTP://TestServer"},
        {"referer": "http://testserver/events/1"},
        {},  # not a browser: the token alone decides
    ],
)
def test_the_apps_own_origin_or_none_with_a_valid_token_checks_in(
    site: Site, headers: dict[str, str]
) -> None:
    token = form_token(site.client, site.network.event_id)
    assert _check_in_mei(site, site.client, token, headers=headers)[0] == 303
    assert site.network.people["mei"] in _checked_in(site.store, site.network.event_id)


def test_the_cookie_is_httponly_strict_and_set_once(site: Site) -> None:
    browser = TestClient(site.client.app)
    first = browser.get("/login")
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= {p.strip() for p in cookie.split(";")}
    assert "Secure" not in cookie  # plain HTTP: a Secure cookie would never come back
    assert "set-cookie" not in browser.get("/login").headers
    tampered = TestClient(site.client.app, cookies={COOKIE: "tampered"})
    assert tampered.get("/login").headers["set-cookie"].startswith(f"{COOKIE}=")  # replaced
    over_https = TestClient(site.client.app, base_url="https://testserver")
    assert "Secure" in over_https.get("/login").headers["set-cookie"].split("; ")


def test_a_restarted_server_accepts_an_open_forms_token_and_the_session(
    site: Site, store_url: str, tmp_path: Path
) -> None:
    """The key comes from the data folder's key file, not from the process."""
    event_id = site.network.event_id
    old_token = form_token(site.client, event_id)
    with TestClient(create_app(web_settings(store_url, tmp_path))) as restarted:
        restarted.cookies = site.client.cookies  # the same browser, still signed in
        assert _check_in_mei(site, restarted, old_token)[0] == 303
    assert site.network.people["mei"] in _checked_in(site.store, event_id)
    # a server with another key (another data folder) accepts neither
    with TestClient(create_app(web_settings(store_url, tmp_path / "other"))) as stranger:
        stranger.cookies = site.client.cookies
        refused = _check_in_mei(site, stranger, old_token)
        assert refused[0] == 303  # to the sign-in page: the session is not this server's
        stranger.cookies.delete(SESSION_COOKIE)
        sign_in(stranger, OWNER_EMAIL)
        status, html = _check_in_mei(site, stranger, old_token)
        assert status == 403
        assert _refused_saying(html, STALE_TOKEN)


#: pages only a member of a meetup (or a visitor with a valid link) opens: not the owner here
MEMBER_PAGES = {
    "/join/{token}",
    "/meetups/{community_id:int}/me",
    "/events/{event_id:int}/my-table",
    "/events/{event_id:int}/feedback",
}


def _routes() -> list[APIRoute]:
    """Every page of every router module (FastAPI lists included routers, not their routes)."""
    found = []
    for module in pkgutil.iter_modules(salon.web.routes.__path__):
        router = importlib.import_module(f"salon.web.routes.{module.name}").router
        found += [route for route in router.routes if isinstance(route, APIRoute)]
    return found


def _example_path(route: APIRoute, site: Site) -> str:
    examples: dict[str, object] = {
        "event_id": site.network.event_id,
        "community_id": site.network.community_id,
        "person_id": site.network.people["ana"],
        "kind": "csv",
        "idea_id": site.network.idea_id,
        "token": "no-such-invitation",
    }
    params = [p.name for p in route.dependant.path_params]
    if "job_id" in params:  # an import of the owner's, still running (its page polls)
        folder = jobs_folder(site.client.app.state.salon.settings.data_dir)  # type: ignore[attr-defined]
        with site.store.reading() as session:
            examples["job_id"] = start_job(folder, owner_account(session, "me"), "csv", "a.csv")[
                0
            ].id
    missing = [p for p in params if p not in examples]
    assert not missing, f"add an example value for {missing} of {route.path} to this test"
    return route.path_format.format(**{p: examples[p] for p in params})


def test_every_route_that_writes_refuses_a_request_without_a_token(site: Site) -> None:
    unsafe = [
        (method, route) for route in _routes() for method in sorted(route.methods - SAFE_METHODS)
    ]
    assert unsafe, "the app has at least the check-in form"
    before = _checked_in(site.store, site.network.event_id)
    for method, route in unsafe:
        if route.path == "/api/token":  # reads no cookie: a forged form gains nothing there
            continue
        response = site.client.request(method, _example_path(route, site), data={"person": "Mei"})
        # /api signs in by bearer token only: with the cookie alone it is a stranger (401)
        expected = 401 if is_api(route.path) else 403
        assert response.status_code == expected, f"{method} {route.path}"
    assert _checked_in(site.store, site.network.event_id) == before


#: pages that are not there for this site's owner and event: the event has no door code
#: yet (so no QR code), and self check-in is a member's page, not the organiser's
#: (tests/web/test_event_door.py shows both with their forms)
NOT_HERE = {"/events/{event_id:int}/door/qr.svg", "/events/{event_id:int}/checkin/self"}


def test_every_post_form_on_every_page_carries_the_token_and_no_get_form_does(
    site: Site,
) -> None:
    token = form_token(site.client, site.network.event_id)
    n_post_forms = 0
    for route in _routes():
        if "GET" not in route.methods or is_api(route.path) or route.path == "/signup":
            continue  # the JSON API has no forms; sign-up is closed on this site (404)
        if route.path in MEMBER_PAGES:
            continue  # a member's own: tests/web/test_meetup_member_pages.py checks their forms
        response = site.client.get(_example_path(route, site))
        if route.path in NOT_HERE:
            assert response.status_code == 404, route.path
            continue
        assert response.status_code == 200, route.path
        if not response.headers["content-type"].startswith("text/html"):
            continue
        for attributes, body in FORM.findall(response.text):
            hidden = f'<input type="hidden" name="{FIELD}" value="{token}">'
            if 'method="post"' in attributes.lower():
                n_post_forms += 1
                assert hidden in body, f"a POST form on {route.path} has no token"
            else:  # a token in a URL would leak through history and Referer
                assert FIELD not in body, f"a GET form on {route.path} carries the token"
    assert n_post_forms >= 1
