"""``/login``, ``/logout`` and (when the server allows it) ``/signup``."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from salon.errors import DuplicateError, InputError, TooManyAttemptsError
from salon.services.users import (
    authenticate,
    count_signup_attempt,
    create_user,
    session_fingerprint,
)
from salon.web.auth import (
    SESSION_COOKIE,
    Identity,
    client_address,
    safe_next,
    sign_in,
    sign_out,
    signer_of,
)
from salon.web.context import page, web_context

router = APIRouter()

WRONG = "Wrong email or password."
Next = Annotated[str, Query(description="The page to go to after signing in.")]


def _login_page(
    request: Request,
    *,
    email: str = "",
    next_path: str = "/",
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    values = {
        "email": email,
        "next": safe_next(next_path),
        "error": error,
        "allow_signup": web_context(request).settings.allow_signup,
    }
    return page(request, "login.html", values, status_code=status_code)


async def check_password(request: Request, email: str, password: str) -> Identity | None:
    """The identity ``email`` and ``password`` sign in as; None, answered late, if wrong.

    Raises
    ------
    TooManyAttemptsError
        Too many recent failures for this email or from this address.
    """
    context = web_context(request)
    address = client_address(request)

    def attempt() -> Identity | None:
        with context.store.transaction() as session:
            account = authenticate(session, email, password, address)
            return None if account is None else Identity(account.id, session_fingerprint(account))

    identity = await run_in_threadpool(attempt)
    if identity is None:
        # slows guessing; awaited, so a worker thread is not held meanwhile
        await asyncio.sleep(context.settings.login_delay)
    return identity


@router.get("/login", response_class=HTMLResponse, response_model=None)
def login_page(request: Request, next: Next = "/") -> HTMLResponse | RedirectResponse:
    """The sign-in form (the signed-in go on to where they were going)."""
    if signer_of(request).from_cookie(request.cookies.get(SESSION_COOKIE, "")) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_path=next)


@router.post("/login", response_model=None)
async def login(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> HTMLResponse | RedirectResponse:
    """Sign in; a wrong password is answered late, and refused for a while after several."""
    try:
        identity = await check_password(request, email, password)
    except TooManyAttemptsError as exc:
        refused = _login_page(
            request, email=email, next_path=next, error=f"{exc}.", status_code=429
        )
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    if identity is None:
        return _login_page(request, email=email, next_path=next, error=WRONG, status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    sign_in(response, request, identity)
    return response


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    """Sign out: the session cookie is dropped, back to the sign-in form."""
    response = RedirectResponse("/login", status_code=303)
    sign_out(response, request)
    return response


def _require_signup(request: Request) -> None:
    if not web_context(request).settings.allow_signup:
        raise HTTPException(404, "Sign-up is closed on this server: ask its admin for an account.")


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request) -> HTMLResponse:
    """Make an account (only on a server started with --allow-signup)."""
    _require_signup(request)
    return page(request, "signup.html", {"email": "", "error": None})


@router.post("/signup", response_model=None)
def signup(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    repeat: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    """Make the account and sign in to its (empty) network; a few a time per address."""
    _require_signup(request)
    store = web_context(request).store
    try:
        # counted in a transaction of its own: a refused sign-up counts too
        with store.transaction() as session:
            count_signup_attempt(session, client_address(request))
    except TooManyAttemptsError as exc:
        refused = page(
            request, "signup.html", {"email": email, "error": f"{exc}."}, status_code=429
        )
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    error = None
    if password != repeat:
        error = "The two passwords differ."
    else:
        try:
            with store.transaction() as session:
                account = create_user(session, email, password)
                identity = Identity(account.id, session_fingerprint(account))
        except (InputError, DuplicateError) as exc:
            error = str(exc)
    if error is not None:
        return page(request, "signup.html", {"email": email, "error": error}, status_code=422)
    response = RedirectResponse("/", status_code=303)
    sign_in(response, request, identity)
    return response
