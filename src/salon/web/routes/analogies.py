"""``/analogies``: far analogies for a problem, from the user's network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from salon.services.analogies import find_analogies
from salon.web.context import owner_transaction, page
from salon.web.routes.suggest import Backend

router = APIRouter()


@router.get("/analogies", response_class=HTMLResponse)
def analogies_page(
    request: Request,
    problem: Annotated[str, Query(description="The problem, in your own words.")] = "",
    domain: Annotated[str, Query(description="Its own domain (default: inferred).")] = "",
    backend: Backend = "auto",
) -> HTMLResponse:
    """Far analogies: the same problem shape, heard from someone in another domain."""
    result = None
    if problem.strip():
        with owner_transaction(request) as (session, owner):
            result = find_analogies(
                session, owner, problem, domain=domain.strip() or None, backend=backend
            )
    return page(request, "analogies.html", {"problem": problem, "domain": domain, "result": result})
