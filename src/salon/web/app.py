"""The app factory: one store per app, opened from the settings given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from salon import __version__
from salon.config import Settings
from salon.db.store import Store
from salon.web.context import WebContext, templates
from salon.web.csrf import install_csrf_protection, require_csrf_token
from salon.web.errors import install_error_pages
from salon.web.routes import meetups, people, report, suggest

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings) -> FastAPI:
    """The salon web app over the store ``settings`` name (migrated on opening).

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
    for routes in (report, people, suggest, meetups):
        app.include_router(routes.router)
    return app
