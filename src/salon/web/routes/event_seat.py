"""``/events/{id}/seat``: seat an event from the browser, watch its progress, print cards.

The run happens in a thread of the process that got the form; its progress
(the solver's own callback: elapsed seconds, iterations, best objective) is
kept in a file that any worker can read (:mod:`salon.services.seating_jobs`),
and the page polls it with htmx while the run lasts.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.errors import InputError, NotFoundError, SalonError
from salon.render.seating import table_cards_html
from salon.services.meetup import get_event
from salon.services.meetup.reports import seating_view
from salon.services.seating_jobs import read_job, run_seating_job, start_job
from salon.web.context import owner_transaction, page, web_context

router = APIRouter()

#: the longest search the form accepts: the run holds the store's write lock meanwhile
MAX_SECONDS = 120.0


def _seat_page(request: Request, event_id: int, *, error: str | None = None) -> HTMLResponse:
    context = web_context(request)
    with owner_transaction(request) as (session, owner):
        event = get_event(session, owner, event_id)
        values = {
            "event_id": event.id,
            "title": event.title,
            "rounds": event.rounds,
            "seated": bool(event.seats),
            "job": read_job(context.settings.data_dir, event.id),
            "error": error,
        }
    return page(request, "event_seat.html", values, status_code=422 if error else 200)


@router.get("/events/{event_id:int}/seat", response_class=HTMLResponse)
def seat_page(request: Request, event_id: int) -> HTMLResponse:
    """The seating form, and the progress of the last run (polled while it runs)."""
    return _seat_page(request, event_id)


@router.post("/events/{event_id:int}/seat", response_model=None)
def seat_start(
    request: Request,
    event_id: int,
    time_limit: Annotated[str, Form()] = "5",
    from_round: Annotated[str, Form()] = "",
) -> RedirectResponse | HTMLResponse:
    """Start seating (all rounds, or from a round for late arrivals and no-shows)."""
    context = web_context(request)
    with owner_transaction(request) as (session, owner):
        event = get_event(session, owner, event_id)
        account_id, n_rounds = owner.id, event.rounds
    try:
        seconds = _number(time_limit, "time limit")
        if not 0 < seconds <= MAX_SECONDS:
            raise InputError(
                f"time limit: expected 0 < seconds ≤ {MAX_SECONDS:g}, got {time_limit}",
                field="time_limit",
            )
        start = int(_number(from_round, "from round")) if from_round.strip() else None
        if start is not None and not 1 <= start <= n_rounds:
            raise InputError(f"from round: expected 1–{n_rounds}, got {from_round}")
        job = start_job(context.settings.data_dir, event_id, time_limit=seconds, from_round=start)
    except NotFoundError:
        raise
    except SalonError as exc:
        return _seat_page(request, event_id, error=str(exc))
    threading.Thread(
        target=run_seating_job,
        args=(context.store, account_id, job, context.settings.data_dir),
        name=f"seat-event-{event_id}",
        daemon=True,
    ).start()
    return RedirectResponse(
        request.app.url_path_for("seat_page", event_id=event_id), status_code=303
    )


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{what}: not a number: {text!r}") from None


@router.get("/events/{event_id:int}/cards", response_class=HTMLResponse)
def table_cards(request: Request, event_id: int) -> HTMLResponse:
    """Printable table cards, one per table per round (as ``salon meetup seating --html``)."""
    with owner_transaction(request) as (session, owner):
        get_event(session, owner, event_id)
        html = table_cards_html(seating_view(session, owner, event_id))
    return HTMLResponse(html)
