"""A new user's pages: nothing stored yet, and each page says what to do next."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from salon.config import Settings
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


@pytest.mark.parametrize("path", EMPTY_PAGES)
def test_an_empty_page_says_what_to_do_next(store_url: str, tmp_path: Path, path: str) -> None:
    app = create_app(Settings(database_url=store_url, data_dir=tmp_path))
    with TestClient(app) as client:
        response = client.get(path)
    assert response.status_code == 200
    assert 'class="empty"' in response.text
    advice = response.text.split('class="empty"', 1)[1].split("</p>", 1)[0]
    # a link to the next step, or the form for it on the same page
    assert "<a href=" in advice or '<form method="post"' in response.text


def test_the_report_and_the_quick_log_work_on_an_empty_network(
    store_url: str, tmp_path: Path
) -> None:
    app = create_app(Settings(database_url=store_url, data_dir=tmp_path))
    with TestClient(app) as client:
        assert client.get("/").status_code == 200
        assert client.get("/log").status_code == 200
        assert client.get("/map.json").json()["n_contacts"] == 0
