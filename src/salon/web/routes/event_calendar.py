"""``/events/{id}/calendar.ics`` and a meetup's reminder channels (``/meetups/{id}/reminders``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.errors import NotFoundError, SalonError
from salon.services.meetup import get_community, get_event
from salon.services.meetup_access import member_event
from salon.services.reminders import calendar_file, set_reminder_channels
from salon.web.context import owner_transaction, page

router = APIRouter()


@router.get("/events/{event_id:int}/calendar.ics")
def calendar(request: Request, event_id: int) -> Response:
    """The event as a calendar file, for its organiser and for the meetup's members."""
    with owner_transaction(request) as (session, account):
        try:
            event = get_event(session, account, event_id)
        except NotFoundError:
            event, _ = member_event(session, account, event_id)
        data = calendar_file(event, site=request.url.hostname or "salon")
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="event-{event_id}.ics"'},
    )


@dataclass(frozen=True)
class ChannelsView:
    """A meetup's reminder channels, as the form shows them."""

    community_id: int
    name: str
    webhook: str
    ntfy: str
    email: bool


def _channels_page(
    request: Request,
    community_id: int,
    *,
    saved: bool = False,
    error: str | None = None,
    typed: ChannelsView | None = None,
) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        found = get_community(session, owner, community_id)
        view = typed or ChannelsView(
            found.id,
            found.name,
            found.webhook_url or "",
            found.ntfy_url or "",
            found.email_reminders,
        )
    return page(
        request,
        "meetup_reminders.html",
        {"view": view, "saved": saved, "error": error},
        status_code=422 if error else 200,
    )


@router.get("/meetups/{community_id:int}/reminders", response_class=HTMLResponse)
def reminders_page(request: Request, community_id: int, saved: bool = False) -> HTMLResponse:
    """Which reminder channels the meetup uses (each off until set)."""
    return _channels_page(request, community_id, saved=saved)


@router.post("/meetups/{community_id:int}/reminders", response_model=None)
def save_reminders(
    request: Request,
    community_id: int,
    webhook: Annotated[str, Form()] = "",
    ntfy: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
) -> RedirectResponse | HTMLResponse:
    """Save the channels; a bad URL is the form again with the message and what was typed."""
    try:
        with owner_transaction(request) as (session, owner):
            set_reminder_channels(
                session, owner, community_id, webhook=webhook, ntfy=ntfy, email=email == "on"
            )
    except NotFoundError:
        raise
    except SalonError as exc:
        with owner_transaction(request) as (session, owner):
            name = get_community(session, owner, community_id).name
        typed = ChannelsView(community_id, name, webhook, ntfy, email == "on")
        return _channels_page(request, community_id, error=str(exc), typed=typed)
    path = request.app.url_path_for("reminders_page", community_id=community_id)
    return RedirectResponse(f"{path}?saved=1", status_code=303)
