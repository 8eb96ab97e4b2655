"""``salon web``: the web app, served by uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from salon.cli.app import say, state


def web(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes (several serve many people at once; best on PostgreSQL).",
            min=1,
        ),
    ] = 1,
    allow_signup: Annotated[
        bool,
        typer.Option(
            "--allow-signup",
            envvar="SALON_ALLOW_SIGNUP",
            help="Let anyone make an account at /signup (default: `salon user add` only).",
        ),
    ] = False,
    behind_proxy: Annotated[
        bool,
        typer.Option(
            "--behind-proxy",
            help="Trust X-Forwarded-Proto/For from the proxy at --proxy-ip (for HTTPS cookies"
            " and per-address sign-in limits).",
        ),
    ] = False,
    proxy_ip: Annotated[
        str, typer.Option(help="The proxy's address(es), comma-separated, or '*'.")
    ] = "127.0.0.1",
) -> None:
    """Serve salon in a browser: each user signs in to their own network (Ctrl+C stops it).

    Make an account first: salon user add EMAIL.

    Example: salon --db postgresql://salon@localhost/salon web --host 0.0.0.0 --workers 4
    """
    # imported here: FastAPI and uvicorn would slow every other command's start
    import uvicorn

    from salon.services.storage import open_store
    from salon.web import create_app
    from salon.web.app import BIND_HOST_VARIABLE
    from salon.web.keys import signing_key

    settings = state(ctx).settings
    if allow_signup:
        settings = settings.model_copy(update={"allow_signup": True})
    # without --behind-proxy no forwarded header is believed, whoever sends it
    proxy: dict[str, object] = {
        "proxy_headers": behind_proxy,
        "forwarded_allow_ips": proxy_ip if behind_proxy else None,
    }
    if workers == 1:
        app = create_app(settings, bind_host=host)
        say(f"salon web on http://{host}:{port}/ (1 worker)")
        uvicorn.run(app, host=host, port=port, log_level="warning", **proxy)  # type: ignore[arg-type]
        return
    # here first, once: the store migrated and the key file made before any worker
    # starts, and a problem with either reported as itself rather than by every worker
    open_store(settings).dispose()
    signing_key(settings)
    say(f"salon web on http://{host}:{port}/ ({workers} workers)")
    # each worker process imports the app factory and reads the settings from the environment
    os.environ.update(settings.as_environment())
    os.environ[BIND_HOST_VARIABLE] = host
    uvicorn.run(
        "salon.web.app:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        **proxy,  # type: ignore[arg-type]
    )
