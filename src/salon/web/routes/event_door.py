"""The door and the RSVP sheet: ``/events/{id}/door``, ``/rsvp``, ``/checkin/self``.

The organiser's door list (search-as-you-type through htmx, like the people
page), walk-ins confirmed in a second step, the door's QR code (``segno``)
that opens a member's self check-in, and a sheet with a checkbox per member
to answer or check in many at once.
"""

from __future__ import annotations

import io
from typing import Annotated, Any
from urllib.parse import quote

import segno
from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.errors import NotFoundError, SalonError
from salon.services.event_door import (
    WalkInQuestion,
    add_walk_in,
    door_check_in,
    door_list,
    self_check_in,
    self_check_in_view,
)
from salon.services.event_rsvp import bulk_check_in, bulk_rsvp, set_capacity
from salon.services.meetup_events import ensure_door_code
from salon.web.context import owner_transaction, page

router = APIRouter()


def _door_page(
    request: Request,
    event_id: int,
    *,
    search: str = "",
    notice: str | None = None,
    error: str | None = None,
    question: WalkInQuestion | None = None,
    typed: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        view = door_list(session, owner, event_id, search=search)
    values: dict[str, Any] = {
        "door": view,
        "notice": notice,
        "error": error,
        "question": question,
        "typed": typed,
        "self_url": _self_url(request, event_id, view.door_code),
    }
    return page(request, "event_door.html", values, status_code=status_code)


def _self_url(request: Request, event_id: int, code: str | None) -> str | None:
    if code is None:
        return None
    path = request.app.url_path_for("self_check_in_page", event_id=event_id)
    return f"{str(request.base_url).rstrip('/')}{path}?code={code}"


@router.get("/events/{event_id:int}/door", response_class=HTMLResponse)
def door_page(
    request: Request,
    event_id: int,
    q: Annotated[str, Query(description="Part of a name or organisation.")] = "",
    arrived: Annotated[str, Query(description="Who was just checked in.")] = "",
) -> HTMLResponse:
    """Arrived, expected, waitlisted and no-shows; check in by name; the door's QR code."""
    notice = f"Checked in {arrived}." if arrived else None
    return _door_page(request, event_id, search=q, notice=notice)


@router.get("/events/{event_id:int}/door/qr.svg")
def door_qr(request: Request, event_id: int) -> Response:
    """The QR code that opens self check-in on a member's phone (404 until a code is made)."""
    with owner_transaction(request) as (session, owner):
        code = door_list(session, owner, event_id).door_code
    url = _self_url(request, event_id, code)
    if url is None:
        raise NotFoundError(f"event {event_id} has no door code yet")
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2, title="Self check-in")
    return Response(out.getvalue(), media_type="image/svg+xml")


@router.post("/events/{event_id:int}/door/code", response_model=None)
def make_door_code(request: Request, event_id: int) -> RedirectResponse:
    """Make the event's door code (events created before codes existed have none)."""
    with owner_transaction(request) as (session, owner):
        ensure_door_code(session, owner, event_id)
    return RedirectResponse(
        request.app.url_path_for("door_page", event_id=event_id), status_code=303
    )


@router.post("/events/{event_id:int}/door/checkin", response_model=None)
def door_checkin(
    request: Request, event_id: int, person: Annotated[str, Form()] = ""
) -> RedirectResponse | HTMLResponse:
    """Check in an existing person; a name that matches nobody asks before adding them."""
    try:
        with owner_transaction(request) as (session, owner):
            outcome = door_check_in(session, owner, event_id, person)
    except NotFoundError as exc:
        if "no event" in str(exc):
            raise
        return _door_page(request, event_id, error=str(exc), typed=person, status_code=422)
    except SalonError as exc:
        return _door_page(request, event_id, error=str(exc), typed=person, status_code=422)
    if isinstance(outcome, WalkInQuestion):
        return _door_page(request, event_id, question=outcome, typed=person)
    path = request.app.url_path_for("door_page", event_id=event_id)
    return RedirectResponse(f"{path}?arrived={quote(outcome.name)}", status_code=303)


@router.post("/events/{event_id:int}/door/walk-in", response_model=None)
def door_walk_in(
    request: Request, event_id: int, name: Annotated[str, Form()] = ""
) -> RedirectResponse | HTMLResponse:
    """The organiser confirmed: add the walk-in as a new person and check them in."""
    try:
        with owner_transaction(request) as (session, owner):
            result = add_walk_in(session, owner, event_id, name)
    except NotFoundError:
        raise
    except SalonError as exc:
        return _door_page(request, event_id, error=str(exc), typed=name, status_code=422)
    path = request.app.url_path_for("door_page", event_id=event_id)
    return RedirectResponse(f"{path}?arrived={quote(result.name)}", status_code=303)


@router.get("/events/{event_id:int}/checkin/self", response_class=HTMLResponse)
def self_check_in_page(
    request: Request,
    event_id: int,
    code: Annotated[str, Query(description="The door's code, from its QR code.")] = "",
) -> HTMLResponse:
    """On a member's phone: check in here (a button; opening the link writes nothing)."""
    with owner_transaction(request) as (session, account):
        view = self_check_in_view(session, account, event_id, code)
    return page(
        request,
        "self_checkin.html",
        {"view": view, "code": code, "done": False},
        status_code=200 if view.code_ok else 403,
    )


@router.post("/events/{event_id:int}/checkin/self", response_class=HTMLResponse)
def self_check_in_post(
    request: Request, event_id: int, code: Annotated[str, Form()] = ""
) -> HTMLResponse:
    """Check the signed-in member in, with the door's code."""
    try:
        with owner_transaction(request) as (session, account):
            self_check_in(session, account, event_id, code)
    except NotFoundError:
        raise
    except SalonError:
        pass  # the page below says the code is wrong
    with owner_transaction(request) as (session, account):
        view = self_check_in_view(session, account, event_id, code)
    return page(
        request,
        "self_checkin.html",
        {"view": view, "code": code, "done": view.arrived},
        status_code=200 if view.code_ok else 403,
    )


@router.get("/events/{event_id:int}/rsvp", response_class=HTMLResponse)
def rsvp_sheet(request: Request, event_id: int, done: Annotated[str, Query()] = "") -> HTMLResponse:
    """A checkbox per member: answer yes or no, or check in, for many at once."""
    with owner_transaction(request) as (session, owner):
        view = door_list(session, owner, event_id)
    return page(request, "event_rsvp.html", {"door": view, "done": done, "error": None})


@router.post("/events/{event_id:int}/rsvp", response_model=None)
def rsvp_many(
    request: Request,
    event_id: int,
    action: Annotated[str, Form()] = "yes",
    people: Annotated[list[int] | None, Form()] = None,
) -> RedirectResponse | HTMLResponse:
    """Apply one answer (yes, no) or a check-in to every ticked member."""
    try:
        with owner_transaction(request) as (session, owner):
            if action == "checkin":
                results = bulk_check_in(session, owner, event_id, list(people or []))
            else:
                results = bulk_rsvp(session, owner, event_id, list(people or []), action)
    except NotFoundError:
        raise
    except SalonError as exc:
        with owner_transaction(request) as (session, owner):
            view = door_list(session, owner, event_id)
        values = {"door": view, "done": "", "error": str(exc)}
        return page(request, "event_rsvp.html", values, status_code=422)
    path = request.app.url_path_for("rsvp_sheet", event_id=event_id)
    return RedirectResponse(f"{path}?done={len(results)}", status_code=303)


@router.post("/events/{event_id:int}/capacity", response_model=None)
def capacity(
    request: Request, event_id: int, capacity: Annotated[str, Form()] = ""
) -> RedirectResponse | HTMLResponse:
    """Set the capacity (empty: no limit); a larger one promotes the first waiting."""
    try:
        value = int(capacity) if capacity.strip() else None
        with owner_transaction(request) as (session, owner):
            set_capacity(session, owner, event_id, value)
    except NotFoundError:
        raise
    except (SalonError, ValueError) as exc:
        with owner_transaction(request) as (session, owner):
            view = door_list(session, owner, event_id)
        message = (
            str(exc) if isinstance(exc, SalonError) else f"capacity: not a number: {capacity!r}"
        )
        values = {"door": view, "done": "", "error": message}
        return page(request, "event_rsvp.html", values, status_code=422)
    path = request.app.url_path_for("rsvp_sheet", event_id=event_id)
    return RedirectResponse(path, status_code=303)
