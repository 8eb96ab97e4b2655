"""``/docs``: the JSON API's documentation (Swagger UI, served from the package's files)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from salon.web.context import page

router = APIRouter()


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Every ``/api`` route, its parameters and answers; try them with a token."""
    return page(request, "docs.html", {"openapi_url": request.app.openapi_url})
