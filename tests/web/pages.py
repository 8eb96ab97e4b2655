"""What the web tests share: a site on a real store, and the token its forms carry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient
from tests.services.builders import RichNetwork

from salon.db.store import Store
from salon.web.csrf import FIELD

MARKUP_NAME = '<script>alert("hi")</script> <b>tags</b> & [brackets]'


OWNER_EMAIL = "owner@example.org"
OTHER_EMAIL = "other@example.org"
PASSWORD = "a long enough password"


@dataclass(frozen=True)
class Site:
    """The app over the rich network, its client signed in as the network's owner."""

    client: TestClient
    store: Store
    network: RichNetwork
    markup_id: int


def page_token(client: TestClient, path: str = "/login") -> str:
    """The form token in the page at ``path``, as this client's browser would send it."""
    html = client.get(path).text
    found = re.search(rf'<input type="hidden" name="{FIELD}" value="([^"]*)">', html)
    assert found, f"the page at {path} carries no form token"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> None:
    """Sign ``client`` in through the login form, as a browser would."""
    response = client.post(
        "/login",
        data={"email": email, "password": password, FIELD: page_token(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def form_token(client: TestClient, event_id: int) -> str:
    """The token in the event page's check-in form, as this client's browser would send it."""
    return page_token(client, f"/events/{event_id}")
