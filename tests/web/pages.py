"""What the web tests share: a site on a real store, and the token its forms carry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient
from tests.services.builders import RichNetwork

from salon.db.store import Store
from salon.web.csrf import FIELD

MARKUP_NAME = '<script>alert("hi")</script> <b>tags</b> & [brackets]'


@dataclass(frozen=True)
class Site:
    client: TestClient
    store: Store
    network: RichNetwork
    markup_id: int


def form_token(client: TestClient, event_id: int) -> str:
    """The token in the event page's check-in form, as this client's browser would send it."""
    html = client.get(f"/events/{event_id}").text
    found = re.search(rf'<input type="hidden" name="{FIELD}" value="([^"]*)">', html)
    assert found, "the check-in form carries no token"
    return found.group(1)


def page_token(client: TestClient, path: str) -> str:
    """The form token in the page at ``path`` (any page with a POST form)."""
    html = client.get(path).text
    found = re.search(rf'<input type="hidden" name="{FIELD}" value="([^"]*)">', html)
    assert found, f"the page {path} carries no form token"
    return found.group(1)
