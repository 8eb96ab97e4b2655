"""``/meetups`` and ``/events/{id}``: communities, their events, seatings and check-in."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.errors import SalonError
from salon.services.meetup import check_in as check_in_person
from salon.services.meetup.reports import event_summary, seating_view
from salon.services.meetup.views import event_attendance, event_view, list_meetups
from salon.services.meetup_roles import (
    co_organiser_member,
    event_organiser,
    meetups_of,
    organised_meetup,
)
from salon.services.member_feedback import rating_summary
from salon.web.context import owner_transaction, page

router = APIRouter()


@router.get("/meetups", response_class=HTMLResponse)
def meetups_page(request: Request) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        meetups = list_meetups(session, owner)
        roles = meetups_of(session, owner)
        joined = [r for r in roles if r.role == "member"]
        owned = {m.id for m in meetups}
        for role in roles:  # the meetups co-organised for another account
            if role.role == "organiser" and role.community_id not in owned:
                community, runs_as = organised_meetup(session, owner, role.community_id)
                meetups += [m for m in list_meetups(session, runs_as) if m.id == community.id]
    return page(request, "meetups.html", {"communities": meetups, "joined": joined})


def _event_page(
    request: Request,
    event_id: int,
    *,
    checked_in: int | None = None,
    error: str | None = None,
    typed: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    with owner_transaction(request) as (session, account):
        owner = event_organiser(session, account, event_id)
        event = event_view(session, owner, event_id)
        attendees = event_attendance(session, owner, event_id)
        values: dict[str, Any] = {
            "event": event,
            "view": seating_view(session, owner, event_id) if event.seated else None,
            "summary": event_summary(session, owner, event_id) if event.seated else None,
            "ratings": rating_summary(session, owner, event_id) if event.seated else None,
            "attendees": attendees,
            "checked_in": next((row for row in attendees if row.person_id == checked_in), None),
            "error": error,
            "typed": typed,
            # a co-organiser runs the evening but does not open the owner's person pages
            "link_people": owner.id == account.id,
        }
    return page(request, "event.html", values, status_code=status_code)


@router.get("/events/{event_id:int}", response_class=HTMLResponse)
def event_page(
    request: Request,
    event_id: int,
    checked_in: Annotated[int | None, Query(description="Who was just checked in.")] = None,
) -> HTMLResponse:
    """The seating per round with each table's starter, the summary, the attendance."""
    return _event_page(request, event_id, checked_in=checked_in)


@router.post("/events/{event_id:int}/checkin", response_model=None)
def check_in(
    request: Request, event_id: int, person: Annotated[str, Form()] = ""
) -> RedirectResponse | HTMLResponse:
    """Check someone in by name, email or id; back to the event page (Post/Redirect/Get).

    A person who cannot be found (or named ambiguously) is the form's problem:
    the event page again, with the message beside the form and what was typed.
    """
    with owner_transaction(request) as (session, account):
        event_organiser(session, account, event_id)  # an unknown event is the 404 page
    ref = person.strip()
    if not ref:
        return _event_page(
            request,
            event_id,
            error="Enter the name, email or id of the person arriving.",
            status_code=422,
        )
    try:
        with owner_transaction(request) as (session, account):
            owner = event_organiser(session, account, event_id)
            if owner.id != account.id:  # a co-organiser names members of the meetup only
                ref = str(co_organiser_member(session, event_id, ref))
            person_id = check_in_person(session, owner, event_id, ref).person_id
    except SalonError as exc:
        return _event_page(request, event_id, error=str(exc), typed=ref, status_code=422)
    path = request.app.url_path_for("event_page", event_id=event_id)
    return RedirectResponse(f"{path}?checked_in={person_id}", status_code=303)
