"""A new user's pages: nothing stored yet, and each page says what to do next."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import web_settings
from tests.web.pages import OWNER_EMAIL, PASSWORD, sign_in

from salon.db.store import Store
from salon.services.users import create_user
from salon.web import create_app

EMPTY_PAGES = [
    "/people",
    "/people/duplicates",
    "/suggest/meet",
    "/suggest/introduce",
    "/suggest/panel",
    "/suggest/reconnect",
    "/ideas",
    "/lessons",
    "/notes",
    "/map",
]


@contextmanager
def _signed_in_on_an_empty_network(store_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """A client signed in as a new user, whose network holds no one yet."""
    store = Store(store_url)
    with store.transaction() as session:
        create_user(session, OWNER_EMAIL, PASSWORD)
    store.dispose()
    app = create_app(web_settings(store_url, tmp_path))
    with TestClient(app) as client:
        sign_in(client, OWNER_EMAIL)
        yield client


@pytest.mark.parametrize("path", EMPTY_PAGES)
def test_an_empty_page_says_what_to_do_next(store_url: str, tmp_path: Path, path: str) -> None:
    with _signed_in_on_an_empty_network(store_url, tmp_path) as client:
        response = client.get(path)
    assert response.status_code == 200
    assert 'class="empty"' in response.text
    advice = response.text.split('class="empty"', 1)[1].split("</p>", 1)[0]
    # a link to the next step, or the form for it on the same page
    assert "<a href=" in advice or '<form method="post"' in response.text


def test_the_report_and_the_quick_log_work_on_an_empty_network(
    store_url: str, tmp_path: Path
) -> None:
    with _signed_in_on_an_empty_network(store_url, tmp_path) as client:
        assert client.get("/").status_code == 200
        assert client.get("/log").status_code == 200
        assert client.get("/map.json").json()["n_contacts"] == 0
