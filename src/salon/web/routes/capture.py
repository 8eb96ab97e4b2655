"""``/log``: log a conversation in a few taps, from any page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from salon.errors import InputError, SalonError
from salon.services.interactions import (
    OUTCOMES,
    PURPOSES,
    InteractionFields,
    log_interaction,
)
from salon.services.people import get_person, person_dict
from salon.web.context import owner_transaction, page
from salon.web.forms import form_date, form_items, problem

router = APIRouter()


class LogForm(BaseModel):
    """The quick log as typed.  ``person_id`` is the pick from the search; else ``person``."""

    person: str = ""
    person_id: str = ""
    also_with: str = ""
    occurred_on: str = ""
    purpose: str = ""
    depth: str = "3"
    challenged: bool = False
    insight: str = ""
    follow_up: str = ""
    channel: str = ""
    outcomes: list[str] = []


def _depth(text: str) -> int:
    try:
        depth = int(text)
    except ValueError:
        depth = 0
    if not 1 <= depth <= 5:
        raise InputError(f"depth is 1 to 5, got {text!r}", field="depth")
    return depth


def _form_page(
    request: Request, form: LogForm, *, error: SalonError | None = None, chosen: str = ""
) -> HTMLResponse:
    shown = problem(error)
    return page(
        request,
        "log.html",
        {
            "form": form,
            "chosen": chosen,
            "purposes": PURPOSES,
            "outcomes": OUTCOMES,
            "error": shown["error"],
            "error_field": shown["error_field"] or ("person" if error else None),
            "today": dt.date.today().isoformat(),
        },
        status_code=422 if error else 200,
    )


@router.get("/log", response_class=HTMLResponse)
def log_form(
    request: Request,
    person_id: Annotated[int | None, Query(description="Whom it was with.")] = None,
) -> HTMLResponse:
    """The quick log; from a person's page, with that person already chosen."""
    chosen = ""
    if person_id is not None:
        with owner_transaction(request) as (session, owner):
            chosen = person_dict(get_person(session, owner, person_id))["name"]
    return _form_page(
        request, LogForm(person_id=str(person_id or ""), person=chosen), chosen=chosen
    )


@router.post("/log", response_model=None)
def log_conversation(
    request: Request, form: Annotated[LogForm, Form()]
) -> RedirectResponse | HTMLResponse:
    """Store the conversation, then the person's page; a refusal stores nothing."""
    try:
        with owner_transaction(request) as (session, owner):
            ref = form.person_id.strip() or form.person.strip()
            if not ref:
                raise InputError("say whom you talked with", field="person")
            try:
                first = get_person(session, owner, ref)
            except SalonError as exc:  # unknown or ambiguous: the person field's problem
                raise InputError(str(exc), field="person") from None
            others = []
            for name in form_items(form.also_with):
                try:
                    others.append(get_person(session, owner, name))
                except SalonError as exc:
                    raise InputError(str(exc), field="also_with") from None
            follow_up = form.follow_up.strip()
            log_interaction(
                session,
                owner,
                InteractionFields(
                    occurred_on=form_date(form.occurred_on, "occurred_on") or dt.date.today(),
                    participants=[first, *others],
                    purposes=[form.purpose] if form.purpose else [],
                    depth=_depth(form.depth),
                    channel=form.channel.strip() or None,
                    challenged=form.challenged,
                    insights=[form.insight],
                    outcomes=form.outcomes,
                    notes=f"Follow up: {follow_up}" if follow_up else None,
                ),
            )
            person_id = first.id
    except SalonError as exc:
        return _form_page(request, form, error=exc)
    path = request.app.url_path_for("person_page", person_id=person_id)
    return RedirectResponse(f"{path}?logged=1", status_code=303)
