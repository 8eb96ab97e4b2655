"""``/map``: the interactive map of the user's network, and the JSON it draws."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from salon.services.network_map import DEFAULT_MAP_LIMIT, network_map
from salon.services.report import build_report
from salon.web.context import owner_transaction, page

router = APIRouter()

Limit = Annotated[
    int, Query(ge=1, le=5000, description="Draw at most this many contacts (the strongest).")
]


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, limit: Limit = DEFAULT_MAP_LIMIT) -> HTMLResponse:
    """The map (drawn by static/map.js from /map.json) beside the user's brokerage figures."""
    with owner_transaction(request) as (session, owner):
        report = build_report(session, owner)
    return page(
        request,
        "map.html",
        {"brokerage": report.brokerage, "n_contacts": report.n_contacts, "limit": limit},
    )


@router.get("/map.json")
def map_data(request: Request, limit: Limit = DEFAULT_MAP_LIMIT) -> JSONResponse:
    """The user, their strongest contacts and the ties among them, as JSON."""
    with owner_transaction(request) as (session, owner):
        found = network_map(session, owner, limit=limit)
    return JSONResponse(found.as_dict())
