"""``/meetups/{id}/invitations``: the organiser's invitation links and co-organisers.

Reached through :func:`salon.services.meetup_roles.organised_meetup`: the
owner and co-organisers see it, a member or anyone else gets "not found".
Only the owner adds or removes co-organisers.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.errors import DuplicateError, InputError, NotFoundError
from salon.services.invitations import (
    create_invitation,
    list_invitations,
    parse_expiry,
    revoke_invitation,
)
from salon.services.meetup_roles import (
    add_organiser,
    list_organisers,
    organised_meetup,
    remove_organiser,
)
from salon.web.context import OwnerSession, page

router = APIRouter()

#: the expiry choices the page offers ("" never expires)
EXPIRIES = {
    "": "never",
    "1d": "in a day",
    "7d": "in a week",
    "14d": "in two weeks",
    "4w": "in four weeks",
}


def _page(
    request: Request,
    owner_session: Any,
    community_id: int,
    *,
    link: str | None = None,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    session, account = owner_session
    community, owner = organised_meetup(session, account, community_id)
    is_owner = owner.id == account.id
    values = {
        "community": community,
        "invitations": list_invitations(session, account, community_id),
        "organisers": list_organisers(session, owner, community_id),
        "is_owner": is_owner,
        "expiries": EXPIRIES,
        "link": link,
        "notice": notice,
        "error": error,
    }
    return page(request, "meetup_admin.html", values, status_code=status_code)


@router.get("/meetups/{community_id:int}/invitations", response_class=HTMLResponse)
def invitations_page(
    request: Request, community_id: int, owner_session: OwnerSession
) -> HTMLResponse:
    """Invitation links (make, list, revoke) and the meetup's organisers."""
    return _page(request, owner_session, community_id)


@router.post("/meetups/{community_id:int}/invitations", response_class=HTMLResponse)
def make_invitation(
    request: Request,
    community_id: int,
    owner_session: OwnerSession,
    expires: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """A new link, shown on this answer only (only its hash is kept)."""
    session, account = owner_session
    try:
        expires_in = parse_expiry(expires) if expires else None
    except InputError as exc:
        return _page(request, owner_session, community_id, error=str(exc), status_code=422)
    _, token = create_invitation(session, account, community_id, expires_in=expires_in)
    link = str(request.url_for("join_page", token=token))
    return _page(request, owner_session, community_id, link=link)


@router.post("/meetups/{community_id:int}/invitations/revoke", response_model=None)
def revoke(
    request: Request,
    community_id: int,
    owner_session: OwnerSession,
    invitation: Annotated[int, Form()] = 0,
) -> RedirectResponse:
    session, account = owner_session
    organised_meetup(session, account, community_id)
    revoke_invitation(session, account, invitation)
    path = request.app.url_path_for("invitations_page", community_id=community_id)
    return RedirectResponse(path, status_code=303)


@router.post("/meetups/{community_id:int}/organisers", response_model=None)
def change_organisers(
    request: Request,
    community_id: int,
    owner_session: OwnerSession,
    email: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "add",
) -> HTMLResponse | RedirectResponse:
    """The owner adds or removes a co-organiser (a user who signs in)."""
    session, account = owner_session
    _, owner = organised_meetup(session, account, community_id)
    if owner.id != account.id:
        raise NotFoundError(f"no community {community_id!r} of yours")
    try:
        if action == "remove":
            remove_organiser(session, account, community_id, email)
        else:
            add_organiser(session, account, community_id, email)
    except (InputError, DuplicateError, NotFoundError) as exc:
        return _page(request, owner_session, community_id, error=str(exc), status_code=422)
    path = request.app.url_path_for("invitations_page", community_id=community_id)
    return RedirectResponse(path, status_code=303)
