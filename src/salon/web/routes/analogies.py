"""``/analogies``: far analogies for a problem, from the user's network."""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.errors import SalonError
from salon.services.analogies import find_analogies
from salon.services.caches import prepare_semantic_index
from salon.services.storage import Account
from salon.web.auth import identity_of
from salon.web.context import owner_transaction, page, web_context
from salon.web.routes.suggest import Backend

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/analogies", response_class=HTMLResponse)
def analogies_page(
    request: Request,
    problem: Annotated[str, Query(description="The problem, in your own words.")] = "",
    domain: Annotated[str, Query(description="Its own domain (default: inferred).")] = "",
    backend: Backend = "auto",
    preparing: Annotated[bool, Query(description="The index is being prepared: say so.")] = False,
) -> HTMLResponse:
    """Far analogies: the same problem shape, heard from someone in another domain."""
    result = None
    if problem.strip():
        with owner_transaction(request) as (session, owner):
            result = find_analogies(
                session, owner, problem, domain=domain.strip() or None, backend=backend
            )
    values = {"problem": problem, "domain": domain, "result": result, "preparing": preparing}
    return page(request, "analogies.html", values)


@router.post("/analogies/index", response_model=None)
def prepare_index(
    request: Request,
    background: BackgroundTasks,
    problem: Annotated[str, Form()] = "",
    domain: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Embed and keep every text of the network, after answering (it may take minutes).

    A search (a GET) never stores what it embeds; this is how a user asks for
    it once, after which each change is kept current as it is made.
    """
    account_id = identity_of(request).account_id
    store = web_context(request).store

    def work() -> None:
        try:
            # write=False: SQLite's lock only for the moment the vectors are stored
            with store.transaction(write=False) as session:
                account = session.get(Account, account_id)
                if account is not None:
                    prepare_semantic_index(session, account)
        except SalonError as exc:
            log.info("search index not prepared for account %s: %s", account_id, exc)

    background.add_task(work)
    query = urlencode({"problem": problem, "domain": domain, "preparing": "true"})
    return RedirectResponse(f"{request.app.url_path_for('analogies_page')}?{query}", 303)
