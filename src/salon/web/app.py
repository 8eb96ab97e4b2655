"""The app factory: one store per app, opened from the settings given."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from salon import __version__
from salon.config import Settings, configure_logging
from salon.services.storage import open_store
from salon.web.auth import Signer, require_sign_in
from salon.web.context import WebContext, templates
from salon.web.csrf import install_csrf_protection, require_csrf_token
from salon.web.errors import install_error_pages
from salon.web.keys import signing_key
from salon.web.routes import (
    analogies,
    api,
    api_meetups,
    capture,
    data,
    docs,
    event_calendar,
    event_door,
    event_seat,
    meetup_admin,
    meetup_console,
    meetup_members,
    meetups,
    network_map,
    people,
    records,
    report,
    signin,
    suggest,
)
from salon.web.safety import SafetyMiddleware
from salon.web.upkeep import refresh_caches_after_writes

STATIC = Path(__file__).resolve().parent / "static"
API_DESCRIPTION = (
    "salon's JSON API: the same services as the pages, scoped to the signed-in account. "
    "Get a token with `POST /api/token` (form fields `username` = your email, `password`), "
    "then send `Authorization: Bearer <token>` with every other call."
)


def create_app(settings: Settings, *, bind_host: str | None = None) -> FastAPI:
    """The salon web app over the store ``settings`` name (migrated on opening).

    With ``bind_host`` (the address it will listen on), requests naming any
    other host are refused (see :func:`accepted_hosts`).

    Raises
    ------
    StoreError
        The store cannot be opened or migrated.
    KeyFileError
        The signing key cannot be read or made (see :mod:`salon.web.keys`).
    """
    configure_logging(settings.log_level)
    key = signing_key(settings)
    store = open_store(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.dispose()

    # every route needs a signed-in account (but the few in salon.web.auth.PUBLIC_PATHS),
    # and every route that writes needs this browser's form token (see salon.web.csrf),
    # and brings the store's caches up to date once answered (see salon.web.upkeep);
    # the OpenAPI schema describes the JSON API only (/docs)
    app = FastAPI(
        title="salon",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[
            Depends(require_sign_in),
            Depends(require_csrf_token),
            Depends(refresh_caches_after_writes),
        ],
    )
    app.state.salon = WebContext(settings, store, templates())
    app.state.signer = Signer(key, settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_pages(app)
    install_csrf_protection(app, key)
    app.include_router(api.router)
    app.include_router(meetup_members.api_router)
    app.include_router(api_meetups.router)
    pages = (signin, docs, report, people, capture, records, suggest, analogies, data)
    for routes in (
        *pages,
        network_map,
        meetups,
        meetup_members,
        meetup_admin,
        event_calendar,
        event_door,
        event_seat,
        meetup_console,
    ):
        app.include_router(routes.router, include_in_schema=False)
    if bind_host is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=accepted_hosts(bind_host))
    # outermost: its headers go on every response, the refusals of the others included
    app.add_middleware(SafetyMiddleware, limit=settings.max_request_bytes)
    return app


#: how ``salon web --workers N`` hands its options to each worker process
BIND_HOST_VARIABLE = "SALON_WEB_BIND_HOST"


def app_from_environment() -> FastAPI:
    """The app for a worker process: settings from ``SALON_*`` variables (uvicorn's factory)."""
    return create_app(Settings(), bind_host=os.environ.get(BIND_HOST_VARIABLE))


def accepted_hosts(bind_host: str) -> list[str]:
    """The Host headers to answer when listening on ``bind_host``.

    On a loopback address, only the loopback names: a page that makes its own
    domain resolve to 127.0.0.1 (DNS rebinding) is the same origin as the app
    to the browser, so it could read every page, form token included, and
    post; its requests still name its own domain, and are refused.  Listening
    on every interface (0.0.0.0, ::) the user chose to be reachable by any
    name, so any is accepted.
    """
    if bind_host in ("0.0.0.0", "::"):
        return ["*"]
    return sorted({bind_host, "127.0.0.1", "localhost"})
