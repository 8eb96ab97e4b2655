"""``salon``: networking for innovation, from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from salon import __version__
from salon.cli import (
    analogies,
    data,
    db,
    demo,
    ideas,
    meetup,
    people,
    records,
    report,
    suggest,
    web,
)
from salon.cli.app import AppState, new_typer
from salon.config import Settings

app = new_typer(
    "Networking for innovation: see how diverse and bridging your network is, "
    "whom to meet, and seat a meetup so every table mixes backgrounds.\n\n"
    "Example: [bold]salon demo[/]"
)
app.add_typer(people.app, name="person")
app.add_typer(people.tie_app, name="tie")
app.add_typer(ideas.app, name="idea")
app.add_typer(ideas.lesson_app, name="lesson")
app.add_typer(data.import_app, name="import")
app.add_typer(data.export_app, name="export")
app.add_typer(db.app, name="db")
app.add_typer(meetup.app, name="meetup")
app.add_typer(suggest.app, name="suggest")
app.command("log")(records.log)
app.command("demo")(demo.demo)
app.command("report")(report.report)
app.command("analogies")(analogies.analogies)
app.add_typer(analogies.notes_app, name="note")
app.command("web")(web.web)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"salon {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db_url: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="SALON_DATABASE_URL",
            help="Database URL (default: SQLite in your data folder). Example: postgresql://user@host/salon",
            show_default=False,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(envvar="SALON_OWNER", help="Whose network to use (one store can hold many)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Global options."""
    settings = Settings()
    updates: dict[str, str] = {}
    if db_url:
        updates["database_url"] = db_url
    if owner:
        updates["owner"] = owner
    ctx.obj = AppState(settings.model_copy(update=updates))
    ctx.call_on_close(ctx.obj.close)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
