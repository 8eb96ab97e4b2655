"""``/people``: the network's people, searchable, and one person's page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.db.models import INFERABLE_FIELDS
from salon.services.enrichment import accept_inferred, correct_value, pending_inferences
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


@router.get("/people/inferred", response_class=HTMLResponse)
def inferred_page(request: Request) -> HTMLResponse:
    """The industries and disciplines salon inferred, to confirm or correct one by one or all."""
    with owner_transaction(request) as (session, owner):
        rows = pending_inferences(session, owner)
    return page(request, "inferred.html", {"rows": rows, "fields": INFERABLE_FIELDS})


@router.post("/people/inferred/accept", response_model=None)
def accept_inferred_values(
    request: Request, person_id: Annotated[int | None, Form()] = None
) -> RedirectResponse:
    """Confirm one person's inferred values (or, without a person, everyone's)."""
    with owner_transaction(request) as (session, owner):
        accept_inferred(session, owner, person_id)
    return RedirectResponse(request.app.url_path_for("inferred_page"), status_code=303)


@router.post("/people/inferred/correct", response_model=None)
def correct_inferred_value(
    request: Request,
    person_id: Annotated[int, Form()],
    field: Annotated[str, Form()],
    value: Annotated[str, Form()],
) -> RedirectResponse:
    """Replace an inferred value with the one a person types (stated from then on)."""
    with owner_transaction(request) as (session, owner):
        correct_value(session, owner, person_id, field, value)
    return RedirectResponse(request.app.url_path_for("inferred_page"), status_code=303)
