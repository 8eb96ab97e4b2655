"""The web app when the store is busy, and on ids and queries out of range."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.services.builders import build_rich_network
from tests.web.conftest import web_settings
from tests.web.pages import OWNER_EMAIL, PASSWORD, Site, form_token, sign_in

from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.users import create_user
from salon.web import create_app
from salon.web.csrf import FIELD


@pytest.fixture
def busy_site(tmp_path: Path) -> Iterator[tuple[TestClient, Store, int]]:
    """A site on SQLite that waits only half a second for another writer."""
    url = f"sqlite:///{tmp_path / 'salon.sqlite'}"
    store = Store(url)
    with store.transaction() as session:
        event_id = build_rich_network(session, owner_account(session, "me")).event_id
        create_user(session, OWNER_EMAIL, PASSWORD, account="me")
    app = create_app(web_settings(url, tmp_path, busy_timeout=0.5))
    with TestClient(app) as client:
        sign_in(client, OWNER_EMAIL)
        yield client, store, event_id
    store.dispose()


def test_a_check_in_while_another_program_writes_is_a_503_that_keeps_the_input(
    busy_site: tuple[TestClient, Store, int],
) -> None:
    client, store, event_id = busy_site
    token = form_token(client, event_id)
    writer = sqlite3.connect(store.engine.url.database or "", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # e.g. a long import in the CLI
    try:
        response = client.post(
            f"/events/{event_id}/checkin", data={"person": "Mei <Chen>", FIELD: token}
        )
        # pages go on meanwhile: they read beside the writer
        assert client.get(f"/events/{event_id}").status_code == 200
        assert client.get("/people").status_code == 200
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "stayed busy" in response.text
    assert "nothing was written" in response.text
    # the form comes back filled in (escaped), ready to send again
    assert f'action="/events/{event_id}/checkin"' in response.text
    assert 'name="person" value="Mei &lt;Chen&gt;"' in response.text
    assert f'name="{FIELD}"' in response.text
    again = client.post(
        f"/events/{event_id}/checkin",
        data={"person": "Mei Chen", FIELD: token},
        follow_redirects=False,
    )
    assert again.status_code == 303


@pytest.mark.parametrize("person_id", ["2147483648", "99999999999999999999", "0"])
def test_an_id_no_record_can_have_is_a_404_page(site: Site, person_id: str) -> None:
    response = site.client.get(f"/people/{person_id}")
    assert response.status_code == 404
    assert f"no person with id {person_id}" in response.text


def test_an_event_id_out_of_range_is_a_404_page(site: Site) -> None:
    response = site.client.get("/events/99999999999999999999")
    assert response.status_code == 404


def test_an_oversized_search_is_a_422_page_naming_the_limit(site: Site) -> None:
    response = site.client.get("/people", params={"q": "a" * 60000})  # httpx's longest
    assert response.status_code == 422
    assert "at most 300 characters" in response.text
    assert len(response.text) < 10000  # the page does not echo all of it back
    assert site.client.get("/people", params={"q": "a" * 300}).status_code == 200
