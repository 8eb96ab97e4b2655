"""Signing in and out, the brake on guessing, the signing key, and the safety headers."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.web.conftest import web_settings
from tests.web.pages import OTHER_EMAIL, OWNER_EMAIL, PASSWORD, Site, page_token

from salon.config import Settings
from salon.db.models import Account, LoginFailure, SignupAttempt
from salon.db.store import Store
from salon.services.users import MAX_FAILURES_PER_ACCOUNT, MAX_SIGNUPS_PER_ADDRESS, set_password
from salon.web import create_app
from salon.web.auth import SESSION_COOKIE
from salon.web.csrf import FIELD
from salon.web.keys import KEY_FILE, KeyFileError, signing_key
from salon.web.safety import CONTENT_SECURITY_POLICY

LABEL = re.compile(r'<label for="(\w+)">([^<]+)</label>')


def _post_login(client: TestClient, email: str, password: str, **extra: str) -> Any:
    data = {"email": email, "password": password, FIELD: page_token(client), **extra}
    return client.post("/login", data=data, follow_redirects=False)


def test_a_stranger_is_sent_to_sign_in_and_comes_back_after(site: Site) -> None:
    stranger = TestClient(site.client.app)
    asked = stranger.get("/people?q=ana", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/login?next=/people%3Fq%3Dana"
    form = stranger.get(asked.headers["location"]).text
    # visible labels, tied to their inputs
    assert {label: field for field, label in LABEL.findall(form)} == {
        "Email": "email",
        "Password": "password",
    }
    assert 'name="next" value="/people?q=ana"' in form
    response = _post_login(stranger, OWNER_EMAIL, PASSWORD, next="/people?q=ana")
    assert response.status_code == 303
    assert response.headers["location"] == "/people?q=ana"
    assert "Ana" in stranger.get("/people?q=ana").text


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(site: Site) -> None:
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        browser = TestClient(site.client.app, base_url=base)
        response = _post_login(browser, OWNER_EMAIL, PASSWORD)
        cookie = next(
            c for c in response.headers.get_list("set-cookie") if c.startswith(f"{SESSION_COOKIE}=")
        )
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "samesite=lax", "path=/"} <= flags
        assert ("secure" in flags) is secure


def test_a_wrong_password_is_refused_stored_and_the_account_locked_after_several(
    site: Site,
) -> None:
    stranger = TestClient(site.client.app)
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        refused = _post_login(stranger, OWNER_EMAIL, "not the password")
        assert refused.status_code == 401
        assert "Wrong email or password." in refused.text
        assert SESSION_COOKIE not in stranger.cookies
    with site.store.reading() as session:
        assert session.scalar(select(func.count(LoginFailure.id))) == MAX_FAILURES_PER_ACCOUNT
    # now even the right password waits: the lock is in the store, for every worker
    locked = _post_login(TestClient(site.client.app), OWNER_EMAIL, PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert "too many failed sign-ins for this account" in locked.text
    # the API's token endpoint counts the same failures
    token = TestClient(site.client.app).post(
        "/api/token", data={"username": OWNER_EMAIL, "password": PASSWORD}
    )
    assert token.status_code == 429


def test_an_unknown_email_is_refused_like_a_wrong_password(site: Site) -> None:
    refused = _post_login(TestClient(site.client.app), "nobody@example.org", PASSWORD)
    assert refused.status_code == 401
    assert "Wrong email or password." in refused.text


def test_logging_out_ends_the_session_and_needs_the_form_token(site: Site) -> None:
    assert site.client.post("/logout", follow_redirects=False).status_code == 403  # no token
    assert site.client.get("/", follow_redirects=False).status_code == 200
    token = page_token(site.client, "/")  # the sign-out form in the header
    out = site.client.post("/logout", data={FIELD: token}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    assert SESSION_COOKIE not in site.client.cookies
    assert site.client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_a_new_password_ends_open_sessions(site: Site) -> None:
    with site.store.transaction() as session:
        set_password(session, OWNER_EMAIL, "a brand new password")
    gone = site.client.get("/people", follow_redirects=False)
    assert gone.headers["location"] == "/login?next=/people"
    assert SESSION_COOKIE not in site.client.cookies  # dropped, so /login does not loop


def test_a_forged_or_foreign_cookie_is_a_stranger(site: Site, tmp_path: Path) -> None:
    forged = TestClient(site.client.app, cookies={SESSION_COOKIE: "eyJhIjoxfQ.forged.sig"})
    assert forged.get("/", follow_redirects=False).status_code == 303
    url = site.store.engine.url.render_as_string(hide_password=False)
    other_key = create_app(web_settings(url, tmp_path / "elsewhere"))
    cookie = {SESSION_COOKIE: site.client.cookies[SESSION_COOKIE]}
    with TestClient(other_key, cookies=cookie) as foreign:
        assert foreign.get("/", follow_redirects=False).status_code == 303


def test_signup_only_when_the_server_allows_it(store_url: str, tmp_path: Path) -> None:
    with TestClient(create_app(web_settings(store_url, tmp_path))) as closed:
        assert closed.get("/signup").status_code == 404
        assert "salon user add" in closed.get("/login").text
    with TestClient(create_app(web_settings(store_url, tmp_path, allow_signup=True))) as open_:
        assert '/signup">Make an account' in open_.get("/login").text
        data = {"email": OTHER_EMAIL, "password": PASSWORD, "repeat": "different", FIELD: ""}
        data[FIELD] = page_token(open_, "/signup")
        differ = open_.post("/signup", data=data)
        assert (differ.status_code, "The two passwords differ." in differ.text) == (422, True)
        data["repeat"] = PASSWORD
        made = open_.post("/signup", data=data, follow_redirects=False)
        assert (made.status_code, made.headers["location"]) == (303, "/")
        assert open_.get("/people").status_code == 200  # signed in, to an empty network
        again = open_.post("/signup", data=data)
        assert again.status_code == 422
        assert "already exists" in again.text


def test_signups_are_rate_limited_per_address_and_counted_in_the_store(
    store_url: str, tmp_path: Path
) -> None:
    app = create_app(web_settings(store_url, tmp_path, allow_signup=True))
    with TestClient(app, client=("203.0.113.7", 40000)) as spammer:
        token = page_token(spammer, "/signup")
        answers = []
        for i in range(MAX_SIGNUPS_PER_ADDRESS + 2):
            # one in two refused (passwords differ): a refused attempt counts as well
            repeat = PASSWORD if i % 2 == 0 else "different"
            data = {"email": f"user{i}@spam.org", "password": PASSWORD, "repeat": repeat}
            answer = spammer.post("/signup", data={**data, FIELD: token}, follow_redirects=False)
            answers.append(answer.status_code)
            spammer.cookies.clear()  # a made account signs in; stay a stranger
            token = page_token(spammer, "/signup")
        assert answers[:MAX_SIGNUPS_PER_ADDRESS] == [303, 422] * 2 + [303]
        assert answers[MAX_SIGNUPS_PER_ADDRESS:] == [429, 429]
        refused = spammer.post(
            "/signup",
            data={"email": "late@spam.org", "password": PASSWORD, "repeat": PASSWORD, FIELD: token},
        )
        assert refused.status_code == 429
        assert "too many sign-ups from this address" in refused.text
        assert 60 < int(refused.headers["Retry-After"]) <= 3601
    # the counts are in the store (every worker sees them), refused accounts were not made
    store = Store(store_url)
    with store.reading() as session:
        assert session.scalar(select(func.count(SignupAttempt.id))) == MAX_SIGNUPS_PER_ADDRESS
        emails = set(session.scalars(select(Account.email).where(Account.email.is_not(None))))
    store.dispose()
    assert emails == {"user0@spam.org", "user2@spam.org", "user4@spam.org"}
    # another worker (a new app on the same store) refuses the address too; others may sign up
    again = create_app(web_settings(store_url, tmp_path, allow_signup=True))
    with TestClient(again, client=("203.0.113.7", 40001)) as same:
        data = {"email": "x@spam.org", "password": PASSWORD, "repeat": PASSWORD}
        data[FIELD] = page_token(same, "/signup")
        assert same.post("/signup", data=data).status_code == 429
    with TestClient(again, client=("198.51.100.2", 40000)) as neighbour:
        data = {"email": "fine@example.org", "password": PASSWORD, "repeat": PASSWORD}
        data[FIELD] = page_token(neighbour, "/signup")
        assert neighbour.post("/signup", data=data, follow_redirects=False).status_code == 303


def test_the_key_file_is_made_once_with_0600_and_kept(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    key = signing_key(settings)
    path = tmp_path / "data" / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing_key(settings) == key  # a restart, or another worker
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        signing_key(settings)
    from_env = Settings(data_dir=tmp_path / "none", secret_key="x" * 40)
    assert signing_key(from_env) == b"x" * 40
    assert not (tmp_path / "none").exists()
    with pytest.raises(KeyFileError, match="too short"):
        signing_key(Settings(data_dir=tmp_path, secret_key="short"))


def test_every_response_carries_the_safety_headers(site: Site) -> None:
    stranger = TestClient(site.client.app)
    for client, path in (
        (site.client, "/"),
        (site.client, "/people/999999"),  # the 404 page
        (stranger, "/login"),
        (stranger, "/static/salon.css"),
        (stranger, "/api/people"),  # a 401
        (stranger, "/docs"),
    ):
        headers = client.get(path, follow_redirects=False).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"


def test_no_page_has_an_inline_script(site: Site) -> None:
    for path in ("/", "/people", "/login", "/docs", f"/events/{site.network.event_id}"):
        html = site.client.get(path).text
        for attributes in re.findall(r"<script\b([^>]*)>", html):
            assert "src=" in attributes, f"an inline script on {path}"
        assert not re.search(r"\son[a-z]+=", html), f"an inline event handler on {path}"


def test_an_unknown_id_is_a_404_page_never_a_500(site: Site) -> None:
    for path in ("/people/999999", "/events/999999", "/no/such/page"):
        response = site.client.get(path)
        assert response.status_code == 404, path
        assert "Not found" in response.text


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(
    store_url: str, tmp_path: Path
) -> None:
    settings = web_settings(store_url, tmp_path, max_request_bytes=4096)
    with TestClient(create_app(settings)) as client:
        big = client.post("/login", content=b"x" * 5000)
        assert big.status_code == 413
        assert "4096" not in big.text
        assert "larger than this server accepts" in big.text
        assert "nothing was saved" in big.text
        api = client.post("/api/imports/csv", files={"file": ("a.csv", b"x" * 5000)})
        assert api.status_code == 413
        assert "larger than this server accepts" in api.json()["detail"]

        def chunks() -> Iterator[bytes]:
            for _ in range(5):
                yield b"x" * 1000

        streamed = client.post("/login", content=chunks())
        assert streamed.status_code == 413
        small = client.post("/login", data={"email": "a", "password": "b"})
        assert small.status_code == 403  # read and passed on: only the form token is missing
