"""The organiser's console for one meetup: create it, add members, create events.

``POST /meetups/new``, ``/meetups/{id}/manage`` (members and events, with a
form each), through the same services as the JSON API and the CLI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.errors import InputError, NotFoundError, SalonError
from salon.services.event_rsvp import event_roster
from salon.services.meetup import create_community, get_community, parse_table_sizes
from salon.services.meetup.views import meetup_members
from salon.services.meetup_events import add_member_from_details, create_event_with_capacity
from salon.web.context import owner_transaction, page

router = APIRouter()


@dataclass(frozen=True)
class MemberRow:
    person_id: int
    name: str
    intent: str
    industry: str | None


@dataclass(frozen=True)
class EventRow:
    event_id: int
    title: str
    starts_on: dt.date
    capacity: int | None
    n_going: int
    n_waiting: int
    n_checked_in: int


def _manage_page(
    request: Request, community_id: int, *, error: str | None = None, where: str = ""
) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        community = get_community(session, owner, community_id)
        members = [
            MemberRow(m.person_id, m.name, m.intent, m.industry)
            for m in meetup_members(session, owner, community)
        ]
        events = []
        for e in sorted(community.events, key=lambda e: (e.starts_on, e.id), reverse=True):
            roster = event_roster(e)
            events.append(
                EventRow(
                    e.id,
                    e.title,
                    e.starts_on,
                    e.capacity,
                    len(roster.going),
                    len(roster.waitlisted),
                    len(roster.checked_in),
                )
            )
        values = {
            "community_id": community.id,
            "name": community.name,
            "members": members,
            "events": events,
            "error": error,
            "where": where,
        }
    return page(request, "meetup_manage.html", values, status_code=422 if error else 200)


@router.post("/meetups/new", response_model=None)
def new_meetup(request: Request, name: Annotated[str, Form()] = "") -> RedirectResponse:
    """Create a meetup; on to its console (a missing or taken name is the error page)."""
    with owner_transaction(request) as (session, owner):
        community_id = create_community(session, owner, name).id
    path = request.app.url_path_for("manage_page", community_id=community_id)
    return RedirectResponse(path, status_code=303)


@router.get("/meetups/{community_id:int}/manage", response_class=HTMLResponse)
def manage_page(request: Request, community_id: int) -> HTMLResponse:
    """Members and events of a meetup, with forms to add them."""
    return _manage_page(request, community_id)


@router.post("/meetups/{community_id:int}/members", response_model=None)
def add_member_form(
    request: Request,
    community_id: int,
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    intent: Annotated[str, Form()] = "both",
    industry: Annotated[str, Form()] = "",
) -> RedirectResponse | HTMLResponse:
    """Add a member: the person with that e-mail, else a new person."""
    try:
        with owner_transaction(request) as (session, owner):
            add_member_from_details(
                session,
                owner,
                community_id,
                name=name,
                email=email or None,
                intent=intent,
                industry=industry or None,
            )
    except NotFoundError:
        raise
    except SalonError as exc:
        return _manage_page(request, community_id, error=str(exc), where="member")
    path = request.app.url_path_for("manage_page", community_id=community_id)
    return RedirectResponse(path, status_code=303)


@router.post("/meetups/{community_id:int}/events", response_model=None)
def new_event_form(
    request: Request,
    community_id: int,
    date: Annotated[str, Form()] = "",
    start_time: Annotated[str, Form()] = "",
    tables: Annotated[str, Form()] = "",
    rounds: Annotated[str, Form()] = "1",
    capacity: Annotated[str, Form()] = "",
    venue: Annotated[str, Form()] = "",
) -> RedirectResponse | HTMLResponse:
    """Create an event with its tables, rounds, capacity and start time."""
    try:
        day = _parse(dt.date.fromisoformat, date, "date", "a day like 2026-12-03")
        at = _parse(dt.time.fromisoformat, start_time, "start time", "a time like 19:00")
        with owner_transaction(request) as (session, owner):
            event = create_event_with_capacity(
                session,
                owner,
                community_id,
                on=day,
                tables=parse_table_sizes(tables),
                rounds=int(_parse(int, rounds, "rounds", "a whole number")),
                capacity=_parse(int, capacity, "capacity", "a whole number") if capacity else None,
                venue=venue.strip() or None,
                start_time=at if start_time else None,
            )
            event_id = event.id
    except NotFoundError:
        raise
    except SalonError as exc:
        return _manage_page(request, community_id, error=str(exc), where="event")
    return RedirectResponse(
        request.app.url_path_for("rsvp_sheet", event_id=event_id), status_code=303
    )


def _parse(parse, text: str, what: str, expected: str):  # type: ignore[no-untyped-def]
    """``parse(text)``, or an InputError naming the field and what was expected."""
    if not text.strip():
        if what in ("start time", "capacity"):
            return None
        raise InputError(f"{what}: expected {expected}", field=what)
    try:
        return parse(text.strip())
    except ValueError:
        raise InputError(f"{what}: expected {expected}, got {text!r}", field=what) from None
