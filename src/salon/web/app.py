"""The app factory: one store per app, opened from the settings given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from salon import __version__
from salon.config import Settings
from salon.db.store import Store
from salon.web.context import WebContext, templates
from salon.web.csrf import install_csrf_protection, require_csrf_token
from salon.web.errors import install_error_pages
from salon.web.routes import (
    analogies,
    capture,
    data,
    meetups,
    network_map,
    people,
    records,
    report,
    suggest,
)

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings, *, bind_host: str | None = None) -> FastAPI:
    """The salon web app over the store ``settings`` name (migrated on opening).

    With ``bind_host`` (the address it will listen on), requests naming any
    other host are refused (see :func:`accepted_hosts`).

    Raises
    ------
    StoreError
        The store cannot be opened or migrated.
    """
    store = Store(settings.resolved_database_url())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.dispose()

    # server-rendered pages only: no OpenAPI schema or API docs to serve; every route
    # that writes needs this browser's form token (see salon.web.csrf)
    app = FastAPI(
        title="salon",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(require_csrf_token)],
    )
    app.state.salon = WebContext(settings, store, templates())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_pages(app)
    install_csrf_protection(app)
    for routes in (
        report,
        people,
        capture,
        records,
        suggest,
        analogies,
        data,
        network_map,
        meetups,
    ):
        app.include_router(routes.router)
    if bind_host is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=accepted_hosts(bind_host))
    return app


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
