"""Error pages: salon's own errors and unknown pages become a status page, never a traceback."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from salon.errors import (
    DuplicateError,
    InfeasibleError,
    NotFoundError,
    SalonError,
    StoreBusyError,
    StoreError,
)
from salon.web.context import page
from salon.web.csrf import FIELD

TITLES = {
    400: "Bad request",
    403: "Refused",
    404: "Not found",
    409: "Conflict",
    422: "Check the input",
    503: "Busy, nothing was saved",
}
#: how much of a refused value an error page repeats
SHOWN_INPUT = 80
#: seconds a client is asked to wait before sending a request the busy store refused
RETRY_AFTER = 5


def status_of(error: SalonError) -> int:
    """The HTTP status that says what went wrong."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, DuplicateError | InfeasibleError):
        return 409
    if isinstance(error, StoreError):  # the server's store, not the request
        return 503
    return 400


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


async def _store_busy(request: Request, exc: Exception) -> HTMLResponse:
    """503 for a store another program kept busy: the form comes back filled in.

    Nothing was written (the write lock is taken before any write), so the
    page shows what was submitted in a form that sends it again.
    """
    assert isinstance(exc, StoreBusyError)
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


def _salon_error(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, SalonError)
    return error_page(request, status_of(exc), str(exc))


def _http_error(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, HTTPException)
    message = f"There is no page at {request.url.path}." if exc.status_code == 404 else exc.detail
    return error_page(request, exc.status_code, str(message))


def _invalid_request(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for problem in exc.errors():
        where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "request"
        got = repr(problem.get("input"))
        got = got if len(got) <= SHOWN_INPUT else f"{got[:SHOWN_INPUT]}... ({len(got)} characters)"
        problems.append(f"{where}: {problem.get('msg', 'invalid')} (got {got})")
    return error_page(request, 422, "; ".join(problems))


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(StoreBusyError, _store_busy)
    app.add_exception_handler(SalonError, _salon_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
