"""Error pages: salon's own errors and unknown pages become a status page, never a traceback."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from salon.errors import DuplicateError, InfeasibleError, NotFoundError, SalonError, StoreError
from salon.web.context import page

TITLES = {
    400: "Bad request",
    403: "Refused",
    404: "Not found",
    409: "Conflict",
    422: "Check the input",
}


def status_of(error: SalonError) -> int:
    """The HTTP status that says what went wrong."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, DuplicateError | InfeasibleError):
        return 409
    if isinstance(error, StoreError):  # the server's store, not the request
        return 503
    return 400


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    title = TITLES.get(status_code, "Something went wrong")
    return page(
        request,
        "error.html",
        {"status_code": status_code, "title": title, "message": message},
        status_code=status_code,
    )


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
        problems.append(f"{where}: {problem.get('msg', 'invalid')} (got {problem.get('input')!r})")
    return error_page(request, 422, "; ".join(problems))


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(SalonError, _salon_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
