"""What every page needs: the store, the owner's transaction, the templates."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from sqlalchemy.orm import Session

from salon.config import Settings
from salon.services.storage import Account, Store
from salon.services.users import signed_in_account
from salon.web.auth import identity_of
from salon.web.charts import code_spans
from salon.web.csrf import SAFE_METHODS, csrf_input
from salon.web.links import mailto, web_url

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class WebContext:
    """The app's settings, its open store and its templates (one per app)."""

    settings: Settings
    store: Store
    templates: Jinja2Templates


def number(value: float | None, spec: str = ".2f") -> str:
    """``value`` formatted by ``spec``; "n/a" where it is undefined (NaN or missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return format(value, spec)


def templates() -> Jinja2Templates:
    # autoescape for every template: names and notes are user data and may hold markup
    environment = Environment(
        # the services' templates too: the seating cards are shared with the printout
        loader=ChoiceLoader(
            [FileSystemLoader(TEMPLATES), PackageLoader("salon.render", "templates")]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["number"] = number
    # user-given addresses: only http(s) profile links and mailto: ever become links
    environment.filters["web_url"] = web_url
    environment.filters["mailto"] = mailto
    environment.filters["code_spans"] = code_spans
    # one way for every POST form to carry its token; tests/web checks each form has it
    environment.globals["csrf_input"] = csrf_input
    return Jinja2Templates(env=environment)


def web_context(request: Request) -> WebContext:
    context = request.app.state.salon
    if not isinstance(context, WebContext):  # only create_app builds these apps
        raise TypeError(f"expected the app's WebContext, got {type(context).__name__}")
    return context


@contextmanager
def owner_transaction(request: Request) -> Iterator[tuple[Session, Account]]:
    """A session and the signed-in account; committed on success, rolled back on error.

    Raises
    ------
    SignInError
        The account is gone or its password changed since the session began
        (the answer is the sign-in page, or 401 from the API).

    A page (GET, HEAD) reads beside a CLI import instead of waiting for
    SQLite's write lock, and writes nothing, not even a cache (a GET may be
    repeated or prefetched; see :func:`salon.db.store.keeps_caches`); a form
    (POST) takes the lock first.
    """
    identity = identity_of(request)
    read_only = request.method in SAFE_METHODS
    with web_context(request).store.transaction(read_only=read_only) as session:
        yield session, signed_in_account(session, identity.account_id, identity.fingerprint)


def _owner_session(request: Request) -> Iterator[tuple[Session, Account]]:
    with owner_transaction(request) as pair:
        yield pair


#: a route's session and signed-in account, as a typed dependency: committed when
#: the route returns, before the response is sent; rolled back if it raises
OwnerSession = Annotated[tuple[Session, Account], Depends(_owner_session, scope="function")]


def page(
    request: Request, name: str, values: Mapping[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """``name`` rendered now (inside the caller's transaction, so ORM records may lazy-load)."""
    return web_context(request).templates.TemplateResponse(
        request, name, dict(values), status_code=status_code
    )
