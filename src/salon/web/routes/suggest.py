"""``/suggest``: whom to meet next, and which contacts to introduce to each other."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from salon.services.suggestions import EMPTY_ANSWERS, suggest_introductions, suggest_meet
from salon.web.context import owner_transaction, page

router = APIRouter(prefix="/suggest")

HowMany = Annotated[int, Query(ge=1, le=50, description="How many suggestions.")]


@router.get("/meet", response_class=HTMLResponse)
def meet_page(request: Request, k: HowMany = 5) -> HTMLResponse:
    # a transaction, not a read: suggest_meet keeps the network's snapshot in the store
    with owner_transaction(request) as (session, owner):
        picks = suggest_meet(session, owner, k=k)
    return page(
        request, "suggest_meet.html", {"picks": picks, "k": k, "empty": EMPTY_ANSWERS["meet"]}
    )


@router.get("/introduce", response_class=HTMLResponse)
def introduce_page(request: Request, k: HowMany = 5) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        pairs = suggest_introductions(session, owner, k=k)
    context = {"pairs": pairs, "k": k, "empty": EMPTY_ANSWERS["introduce"]}
    return page(request, "suggest_introduce.html", context)
