"""The ``site`` fixture: the web app over the rich network, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.services.builders import build_rich_network
from tests.web.live_server import CHROMIUM, playwright_or_skip
from tests.web.meetup_site import meetup_site  # noqa: F401  (a fixture for the meetup pages)
from tests.web.pages import MARKUP_NAME, OTHER_EMAIL, OWNER_EMAIL, PASSWORD, Site, sign_in

from salon.config import Settings
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.people import PersonFields, add_person
from salon.services.users import create_user
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
        # the CLI's default account, claimed by a user who signs in to see it
        create_user(session, OWNER_EMAIL, PASSWORD, account="me")
    with TestClient(create_app(web_settings(store_url, tmp_path))) as client:
        sign_in(client, OWNER_EMAIL)
        yield Site(client, store, network, markup_id)
    store.dispose()


def web_settings(store_url: str, data_dir: Path, **changes: Any) -> Settings:
    """The test app's settings: failed sign-ins answered at once (no 1 s delay)."""
    return Settings(database_url=store_url, data_dir=data_dir, login_delay=0, **changes)


@dataclass(frozen=True)
class Other:
    """A second account on the same site, with a network of its own (one person)."""

    client: TestClient
    person_id: int


@pytest.fixture
def other(site: Site) -> Other:
    """Another user, signed in on their own client, owning "Olga Other"."""
    with site.store.transaction() as session:
        account = create_user(session, OTHER_EMAIL, PASSWORD)
        person_id = add_person(
            session, account, PersonFields(name="Olga Other", emails=["olga@other.org"])
        ).id
    client = TestClient(site.client.app)
    sign_in(client, OTHER_EMAIL)
    return Other(client, person_id)


def bearer(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """The ``Authorization`` header of an API token for ``email``."""
    response = client.post("/api/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system Chromium, headless, for one test module (skips where it is missing)."""
    sync_api = playwright_or_skip()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()
