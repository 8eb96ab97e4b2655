"""Error pages: salon's own errors and unknown pages become a status page, never a traceback.

Under ``/api`` the same errors are JSON: ``{"detail": message}``, with the
file's ``source``, ``line`` and ``field`` when a refused input names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from salon.errors import (
    DuplicateError,
    InfeasibleError,
    InputError,
    NotFoundError,
    SalonError,
    SignInError,
    StoreBusyError,
    StoreError,
)
from salon.web.auth import is_api, login_url, sign_out
from salon.web.context import page
from salon.web.csrf import FIELD

TITLES = {
    400: "Bad request",
    401: "Sign in",
    403: "Refused",
    404: "Not found",
    409: "Conflict",
    413: "Too large",
    422: "Check the input",
    503: "Busy, nothing was saved",
    429: "Too many attempts",
}
#: how much of a refused value an error page repeats
SHOWN_INPUT = 80
#: seconds a client is asked to wait before sending a request the busy store refused
RETRY_AFTER = 5


def status_of(error: SalonError, *, api: bool = False) -> int:
    """The HTTP status that says what went wrong (the API answers bad input with 422)."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, DuplicateError | InfeasibleError):
        return 409
    if isinstance(error, StoreError):  # the server's store, not the request
        return 503
    if isinstance(error, SignInError):
        return 401
    return 422 if api else 400


def error_page(
    request: Request,
    status_code: int,
    message: str,
    *,
    resubmit: list[tuple[str, str]] | None = None,
) -> HTMLResponse:
    """The error page; with ``resubmit``, a form that sends those fields again."""
    title = TITLES.get(status_code, "Something went wrong")
    return page(
        request,
        "error.html",
        {
            "status_code": status_code,
            "title": title,
            "message": message,
            "resubmit": resubmit or [],
            "action": request.url.path,
        },
        status_code=status_code,
    )


def _answer(
    request: Request,
    status_code: int,
    message: str,
    *,
    where: dict[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    if is_api(request.url.path):
        body = {"detail": message, **(where or {})}
        return JSONResponse(body, status_code=status_code, headers=headers)
    response = error_page(request, status_code, message)
    response.headers.update(headers or {})
    return response


async def _store_busy(request: Request, exc: Exception) -> Response:
    """503 for a store another program kept busy: the form comes back filled in.

    Nothing was written (the write lock is taken before any write), so the
    page shows what was submitted in a form that sends it again.
    """
    assert isinstance(exc, StoreBusyError)
    if is_api(request.url.path):
        return _answer(request, 503, str(exc), headers={"Retry-After": str(RETRY_AFTER)})
    submitted: list[tuple[str, str]] = []
    if request.method == "POST":
        form = await request.form()  # already read by the route: Starlette keeps it
        submitted = [
            (key, value)
            for key, value in form.multi_items()
            if key != FIELD and isinstance(value, str)
        ]
    response = error_page(request, 503, str(exc), resubmit=submitted)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def _salon_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SalonError)
    api = is_api(request.url.path)
    where = None
    if isinstance(exc, InputError):
        where = {"source": exc.source, "line": exc.line, "field": exc.field}
    return _answer(request, status_of(exc, api=api), str(exc), where=where)


def _signed_out(request: Request, exc: Exception) -> Response:
    """No valid session: the API says 401; a page sends the browser to sign in."""
    assert isinstance(exc, SignInError)
    if is_api(request.url.path):
        return _answer(request, 401, str(exc), headers={"WWW-Authenticate": "Bearer"})
    response = RedirectResponse(login_url(request), status_code=303)
    sign_out(response, request)  # a cookie for an account that is gone: drop it
    return response


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = f"There is no page at {request.url.path}." if exc.status_code == 404 else exc.detail
    return _answer(request, exc.status_code, str(message), headers=exc.headers)


def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for problem in exc.errors():
        where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "request"
        got = repr(problem.get("input"))
        got = got if len(got) <= SHOWN_INPUT else f"{got[:SHOWN_INPUT]}... ({len(got)} characters)"
        problems.append(f"{where}: {problem.get('msg', 'invalid')} (got {got})")
    return _answer(request, 422, "; ".join(problems))


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(StoreBusyError, _store_busy)
    app.add_exception_handler(SalonError, _salon_error)
    app.add_exception_handler(SignInError, _signed_out)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
