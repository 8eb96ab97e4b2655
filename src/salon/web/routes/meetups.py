"""``/meetups`` and ``/events/{id}``: communities, their events, seatings and check-in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from salon.db.models import Account, Event
from salon.errors import SalonError
from salon.services.communities import get_community, get_event, list_communities
from salon.services.meetup_reports import event_summary, seating_view
from salon.services.meetup_roles import (
    co_organiser_member,
    event_organiser,
    meetups_of,
    organised_meetup,
)
from salon.services.meetups import check_in_person, community_members
from salon.services.member_feedback import rating_summary
from salon.services.people import get_person
from salon.web.context import owner_transaction, page

router = APIRouter()


@dataclass(frozen=True)
class AttendeeRow:
    """One person's RSVP and check-in at an event."""

    person_id: int
    name: str
    rsvp: str
    checked_in_at: dt.datetime | None


@router.get("/meetups", response_class=HTMLResponse)
def meetups_page(request: Request) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        communities = [
            get_community(session, owner, c.id) for c in list_communities(session, owner)
        ]
        roles = meetups_of(session, owner)
        joined = [r for r in roles if r.role == "member"]
        owned = {c.id for c in communities}
        for role in roles:  # the meetups co-organised for another account
            if role.role == "organiser" and role.community_id not in owned:
                community, runs_as = organised_meetup(session, owner, role.community_id)
                communities.append(get_community(session, runs_as, community.id))
        return page(request, "meetups.html", {"communities": communities, "joined": joined})


def _attendees(session: Session, owner: Account, event: Event) -> list[AttendeeRow]:
    members = community_members(get_community(session, owner, event.community_id))
    names = {m.person_id: m.person.name for m in members}
    rows = []
    for row in event.attendance:
        name = names.get(row.person_id)
        if name is None:  # a walk-in who is not a member
            name = get_person(session, owner, row.person_id).name
        rows.append(AttendeeRow(row.person_id, name, row.rsvp, row.checked_in_at))
    return sorted(rows, key=lambda r: (r.name.casefold(), r.person_id))


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
        event = get_event(session, owner, event_id)
        seated = bool(event.seats)
        values: dict[str, Any] = {
            "event": event,
            "community": event.community.name,
            "view": seating_view(session, owner, event_id) if seated else None,
            "summary": event_summary(session, owner, event_id) if seated else None,
            "ratings": rating_summary(session, owner, event_id) if seated else None,
            "attendees": _attendees(session, owner, event),
            "checked_in": None,
            "error": error,
            "typed": typed,
            # a co-organiser runs the evening but does not open the owner's person pages
            "link_people": owner.id == account.id,
        }
        if checked_in is not None:
            values["checked_in"] = next(
                (row for row in values["attendees"] if row.person_id == checked_in), None
            )
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
