"""The ``site`` fixture: the web app over the rich network, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.services.builders import build_rich_network
from tests.web.pages import MARKUP_NAME, Site

from salon.config import Settings
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.people import PersonFields, add_person
from salon.web import create_app


@pytest.fixture
def site(store_url: str, tmp_path: Path) -> Iterator[Site]:
    store = Store(store_url)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        network = build_rich_network(session, owner)
        markup_id = add_person(
            session, owner, PersonFields(name=MARKUP_NAME, organization="<i>Acme</i>")
        ).id
    app = create_app(Settings(database_url=store_url, data_dir=tmp_path))
    with TestClient(app) as client:
        yield Site(client, store, network, markup_id)
    store.dispose()
