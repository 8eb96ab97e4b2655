"""``salon web``: the web app, served by uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from salon.cli.app import say, state


def web(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Serve the report, people, suggestions and meetups in a browser (Ctrl+C stops it).

    Example: salon web --port 8080
    """
    # imported here: FastAPI and uvicorn would slow every other command's start
    import uvicorn

    from salon.web import create_app

    app = create_app(state(ctx).settings, bind_host=host)
    say(f"salon web on http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")
