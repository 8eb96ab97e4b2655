"""``/people``: the network's people, searchable, and one person's page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from salon.services.people import MAX_SEARCH_LENGTH, get_person, list_people, person_dict
from salon.web.context import owner_transaction, page

router = APIRouter()


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request,
    q: Annotated[
        str,
        Query(description="Part of a name, organisation or email.", max_length=MAX_SEARCH_LENGTH),
    ] = "",
) -> HTMLResponse:
    search = q.strip()
    with owner_transaction(request) as (session, owner):
        found = list_people(session, owner, search=search or None)
        return page(request, "people.html", {"people": found, "search": search})


@router.get("/people/{person_id:int}", response_class=HTMLResponse)
def person_page(request: Request, person_id: int) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        person = person_dict(get_person(session, owner, person_id))
    return page(request, "person.html", {"person": person})
