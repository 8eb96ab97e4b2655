"""A member's phone: joining by invitation, their profile, their table, their feedback.

Every route reaches the meetup through the roles guard
(:mod:`salon.services.meetup_roles`): a member gets their own member row and
the meetup's events, nothing of the organiser's network; anyone else gets
the "not found" page.  ``/join/{token}`` and its sign-up are public
(:data:`salon.web.auth.PUBLIC_PATTERNS`): the visitor has no account yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from salon.errors import DuplicateError, InputError, NotFoundError, SignInError
from salon.services.invitations import InvitationError, invitation_for, join_meetup
from salon.services.meetup_roles import my_event, my_membership
from salon.services.member_feedback import (
    feedback_form,
    give_member_feedback,
    mark_reminder_done,
    my_reminders,
)
from salon.services.member_profiles import (
    PROFILE_FIELDS,
    profile_view,
    save_profile,
    set_not_with,
    set_snooze,
)
from salon.services.member_rsvp import answer_for_myself, my_events
from salon.services.my_table import my_table
from salon.services.storage import Account
from salon.services.users import create_user, session_fingerprint, signed_in_account
from salon.web.auth import SESSION_COOKIE, Identity, sign_in, signer_of
from salon.web.context import OwnerSession, page, web_context
from salon.web.routes.api import bearer

router = APIRouter()
api_router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(bearer)])

FIELD_LABELS = {
    "brings": "What I bring",
    "curious_about": "What I am curious about",
    "industry": "Industry",
    "discipline": "Discipline",
    "intents": "Tonight I come to",
}
INTENT_LABELS = {
    "learn": "learn",
    "pitch": "pitch",
    "partners": "find partners",
    "feedback": "get feedback",
}
JOINED = {
    "linked": "Welcome! You joined as the person the organiser already knew by your e-mail.",
    "new": "Welcome! You joined; the organiser now has you as a new member.",
    "again": "You are a member already.",
}


# --- joining -------------------------------------------------------------------------


def _visitor(request: Request) -> Identity | None:
    return signer_of(request).from_cookie(request.cookies.get(SESSION_COOKIE, ""))


def _join_page(
    request: Request,
    token: str,
    *,
    name: str = "",
    email: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    identity = _visitor(request)
    with web_context(request).store.transaction(write=False) as session:
        try:
            _, community = invitation_for(session, token)
        except InvitationError as exc:
            gone = "expired" in str(exc) or "withdrawn" in str(exc)
            values: dict[str, Any] = {"invalid": str(exc), "community": None}
            return page(request, "join.html", values, status_code=410 if gone else 404)
        account: Account | None = None
        if identity is not None:
            try:
                account = signed_in_account(session, identity.account_id, identity.fingerprint)
            except SignInError:
                account = None
        values = {
            "invalid": None,
            "community": community,
            "token": token,
            "account": account,
            "name": name,
            "email": email,
            "error": error,
        }
        return page(request, "join.html", values, status_code=status_code)


@router.get("/join/{token}", response_class=HTMLResponse)
def join_page(request: Request, token: str) -> HTMLResponse:
    """The meetup an invitation is for; sign up, sign in, or join as the signed-in account."""
    return _join_page(request, token)


def _welcome(request: Request, community_id: int, how: str) -> RedirectResponse:
    path = request.app.url_path_for("my_profile_page", community_id=community_id)
    return RedirectResponse(f"{path}?joined={how}", status_code=303)


@router.post("/join/{token}/signup", response_model=None)
def join_signup(
    request: Request,
    token: str,
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    repeat: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    """Make an account and join, in one go: a valid invitation allows sign-up for it,
    even on a server whose own sign-up is closed."""
    if not name.strip():
        return _join_page(request, token, email=email, error="Enter your name.", status_code=422)
    if password != repeat:
        return _join_page(
            request, token, name=name, email=email, error="The two passwords differ.",
            status_code=422,
        )  # fmt: skip
    try:
        with web_context(request).store.transaction() as session:
            invitation_for(session, token)  # an unusable link creates no account
            account = create_user(session, email, password)
            joined = join_meetup(session, token, account, name=name)
            identity = Identity(account.id, session_fingerprint(account))
            community_id = joined.member.community_id
            how = "linked" if joined.linked_existing else "new"
    except InvitationError:
        return _join_page(request, token)
    except (InputError, DuplicateError) as exc:
        return _join_page(request, token, name=name, email=email, error=str(exc), status_code=422)
    response = _welcome(request, community_id, how)
    sign_in(response, request, identity)
    return response


@router.post("/join/{token}/accept", response_model=None)
def join_accept(
    request: Request, token: str, owner_session: OwnerSession
) -> HTMLResponse | RedirectResponse:
    """The signed-in account joins the meetup."""
    session, account = owner_session
    try:
        joined = join_meetup(session, token, account)
    except InvitationError:
        return _join_page(request, token)
    how = "again" if joined.already_member else "linked" if joined.linked_existing else "new"
    return _welcome(request, joined.member.community_id, how)


# --- the member's profile --------------------------------------------------------------


def _profile_values(session: Any, account: Account, community_id: int) -> dict[str, Any]:
    member = my_membership(session, account, community_id)
    events = my_events(member)
    return {
        "profile": profile_view(session, member),
        "labels": FIELD_LABELS,
        "text_fields": [f for f in PROFILE_FIELDS if f != "intents"],
        "intent_labels": INTENT_LABELS,
        "events": events,
        "reminders": my_reminders(session, member),
        "today": dt.date.today(),
    }


@router.get("/meetups/{community_id:int}/me", response_class=HTMLResponse)
def my_profile_page(
    request: Request,
    community_id: int,
    owner_session: OwnerSession,
    joined: Annotated[str | None, Query(description="How the member just joined.")] = None,
    saved: Annotated[str | None, Query(description="What was just saved.")] = None,
) -> HTMLResponse:
    """The member's own page: profile, "not with", snooze, events, follow-up reminders."""
    session, account = owner_session
    values = _profile_values(session, account, community_id)
    values["notice"] = JOINED.get(joined or "") or (f"Saved your {saved}." if saved else None)
    values["error"] = None
    return page(request, "member_me.html", values)


def _back(request: Request, community_id: int, saved: str) -> RedirectResponse:
    path = request.app.url_path_for("my_profile_page", community_id=community_id)
    return RedirectResponse(f"{path}?saved={saved}", status_code=303)


def _refused(request: Request, owner_session: Any, community_id: int, error: str) -> HTMLResponse:
    session, account = owner_session
    values = _profile_values(session, account, community_id)
    values["notice"] = None
    values["error"] = error
    return page(request, "member_me.html", values, status_code=422)


@router.post("/meetups/{community_id:int}/me", response_model=None)
async def save_my_profile(
    request: Request, community_id: int, owner_session: OwnerSession
) -> HTMLResponse | RedirectResponse:
    """Save the profile: each field's value, whether tablemates see it, tonight's intents."""
    session, account = owner_session
    form = await request.form()
    member = my_membership(session, account, community_id)
    values = {f: str(form.get(f, "")) for f in PROFILE_FIELDS if f != "intents"}
    shared = {str(v) for v in form.getlist("shared")}
    intents = [str(v) for v in form.getlist("intents")]
    try:
        save_profile(session, member, values, shared, intents)
    except InputError as exc:
        session.rollback()
        return _refused(request, owner_session, community_id, str(exc))
    return _back(request, community_id, "profile")


@router.post("/meetups/{community_id:int}/me/not-with", response_model=None)
async def save_not_with(
    request: Request, community_id: int, owner_session: OwnerSession
) -> HTMLResponse | RedirectResponse:
    """Replace the private "not with" list (only this member ever sees it)."""
    session, account = owner_session
    form = await request.form()
    member = my_membership(session, account, community_id)
    chosen = [str(v) for v in form.getlist("not_with")]
    try:
        if any(not v.isdigit() for v in chosen):
            raise InputError("pick fellow members from the list", field="not_with")
        set_not_with(session, member, [int(v) for v in chosen])
    except InputError as exc:
        session.rollback()
        return _refused(request, owner_session, community_id, str(exc))
    return _back(request, community_id, "not-with list")


@router.post("/meetups/{community_id:int}/me/snooze", response_model=None)
def save_snooze(
    request: Request,
    community_id: int,
    owner_session: OwnerSession,
    until: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    """Snooze until a date (skipped when seating and in reminders), or end the snooze."""
    session, account = owner_session
    member = my_membership(session, account, community_id)
    try:
        day = dt.date.fromisoformat(until) if until.strip() else None
    except ValueError:
        return _refused(
            request, owner_session, community_id, f"not a date: {until[:40]!r} (YYYY-MM-DD)"
        )
    try:
        set_snooze(session, member, day)
    except InputError as exc:
        return _refused(request, owner_session, community_id, str(exc))
    return _back(request, community_id, "snooze")


@router.post("/meetups/{community_id:int}/me/reminders", response_model=None)
def reminder_done(
    request: Request,
    community_id: int,
    owner_session: OwnerSession,
    reminder: Annotated[int, Form()] = 0,
) -> RedirectResponse:
    """Mark one of the member's follow-ups done."""
    session, account = owner_session
    my_membership(session, account, community_id)
    mark_reminder_done(session, account, reminder)
    return _back(request, community_id, "reminders")


@router.post("/events/{event_id:int}/my-rsvp", response_model=None)
def my_rsvp(
    request: Request,
    event_id: int,
    owner_session: OwnerSession,
    answer: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    """The member's own answer: going (or waitlisted, beyond the capacity), or not."""
    session, account = owner_session
    event, _ = my_event(session, account, event_id)
    try:
        answer_for_myself(session, account, event_id, answer)
    except InputError as exc:  # a snoozed yes, a past event, an unknown answer
        return _refused(request, owner_session, event.community_id, str(exc))
    return _back(request, event.community_id, "answer")


# --- my table --------------------------------------------------------------------------


@router.get("/events/{event_id:int}/my-table", response_class=HTMLResponse)
def my_table_page(request: Request, event_id: int, owner_session: OwnerSession) -> HTMLResponse:
    """The member's table per round, tablemates with what they share, the starter."""
    session, account = owner_session
    return page(
        request,
        "my_table.html",
        {"table": my_table(session, account, event_id), "labels": FIELD_LABELS},
    )


class TablemateOut(BaseModel):
    person_id: int
    name: str
    shared: dict[str, str]


class MyRoundOut(BaseModel):
    round: int
    table: int
    starter: str
    tablemates: list[TablemateOut]


class MyTableOut(BaseModel):
    event_id: int
    title: str
    starts_on: str
    person_id: int
    rounds: list[MyRoundOut]


@api_router.get("/events/{event_id}/my-table", response_model=MyTableOut)
def my_table_api(event_id: int, owner_session: OwnerSession) -> dict[str, object]:
    """The signed-in member's table per round (empty until the event is seated)."""
    session, account = owner_session
    return my_table(session, account, event_id).as_dict()


# --- feedback --------------------------------------------------------------------------


def _feedback_page(
    request: Request,
    owner_session: Any,
    event_id: int,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    session, account = owner_session
    values = {"form": feedback_form(session, account, event_id), "notice": notice, "error": error}
    return page(request, "member_feedback.html", values, status_code=status_code)


@router.get("/events/{event_id:int}/feedback", response_class=HTMLResponse)
def feedback_page(
    request: Request,
    event_id: int,
    owner_session: OwnerSession,
    saved: Annotated[int | None, Query(description="1 after saving.")] = None,
) -> HTMLResponse:
    """Rate the evening and each table, whom you learned from, whom to follow up with."""
    notice = "Thank you: your feedback is saved." if saved else None
    return _feedback_page(request, owner_session, event_id, notice=notice)


def _rating(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@router.post("/events/{event_id:int}/feedback", response_model=None)
async def save_feedback(
    request: Request, event_id: int, owner_session: OwnerSession
) -> HTMLResponse | RedirectResponse:
    session, account = owner_session
    form = await request.form()
    tables: dict[tuple[int, int], int] = {}
    for key, value in form.multi_items():
        parts = key.split("-")  # table-<round>-<number>
        if parts[0] == "table" and len(parts) == 3 and all(p.isdigit() for p in parts[1:]):
            rating = _rating(str(value))
            if rating is not None:
                tables[(int(parts[1]), int(parts[2]))] = rating
    people = {
        kind: [int(str(v)) for v in form.getlist(kind) if str(v).isdigit()]
        for kind in ("learned_from", "follow_up")
    }
    remind = str(form.get("remind_on", "")).strip()
    try:
        remind_on = dt.date.fromisoformat(remind) if remind else None
        give_member_feedback(
            session,
            account,
            event_id,
            evening=_rating(str(form.get("evening", ""))),
            tables=tables,
            learned_from=people["learned_from"],
            follow_up=people["follow_up"],
            remind_on=remind_on,
            comment=str(form.get("comment", "")),
        )
    except NotFoundError:
        raise
    except (InputError, ValueError) as exc:
        session.rollback()
        return _feedback_page(request, owner_session, event_id, error=str(exc), status_code=422)
    path = request.app.url_path_for("feedback_page", event_id=event_id)
    return RedirectResponse(f"{path}?saved=1", status_code=303)
