"""``salon``: networking for innovation, from the command line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar, cast

import typer

from salon import __version__
from salon.cli.app import AppState, new_typer
from salon.cli.lazy import LazyGroup, Place
from salon.logs import LOG_LEVELS, LogLevel, configure_logging


class SalonRoot(LazyGroup):
    """``salon``: each command's module is imported only when that command runs (start-up time)."""

    # in the order help lists them: the single commands, then the groups
    places: ClassVar[Mapping[str, Place]] = {
        "log": ("log", "app"),
        "demo": ("demo", "demo"),
        "report": ("report", "report"),
        "analogies": ("analogies", "analogies"),
        "web": ("web", "web"),
        "person": ("people", "app"),
        "tie": ("people", "tie_app"),
        "idea": ("ideas", "app"),
        "lesson": ("lessons", "app"),
        "import": ("data", "import_app"),
        "export": ("data", "export_app"),
        "db": ("db", "app"),
        "meetup": ("meetup", "app"),
        "suggest": ("suggest", "app"),
        "note": ("notes", "app"),
        "user": ("user", "app"),
    }
    # what `salon --help` shows of each, without importing it (tests/cli/test_startup.py
    # checks these against the commands' own help)
    summaries: ClassVar[Mapping[str, str]] = {
        "log": "Log a conversation, or review the log.",
        "demo": "Build a seeded sample network in its own SQLite file and show what salon "
        "tells about it.",
        "report": "How diverse and bridging your network is, which ties to revive, ideas vs "
        "resources.",
        "analogies": "Far analogies: who in another field has solved a problem of the same shape.",
        "web": "Serve salon in a browser: each user signs in to their own network "
        "(Ctrl+C stops it).",
        "person": "Add, find, edit, merge and remove people.",
        "tie": "Say who knows whom.",
        "idea": "Ideas, their versions and the feedback on them.",
        "lesson": "Lessons learned from others' successes and failures.",
        "import": "Import people from LinkedIn, vCard, Google Contacts, any CSV, or a salon "
        "archive.",
        "export": "Export your network as JSON (everything), GraphML (Gephi) or CSV.",
        "db": "Manage the database schema.",
        "meetup": "Run a recurring meetup: members, events, check-in, diverse seating, table "
        "cards, feedback and a summary.",
        "suggest": "Suggestions that widen your perspective, each with why.",
        "note": "Notes people shared with you, searchable by `salon analogies`.",
        "user": "Accounts that sign in to `salon web`: each has its own private network.",
    }


app = new_typer(
    "Networking for innovation: see how diverse and bridging your network is, "
    "whom to meet, and seat a meetup so every table mixes backgrounds.\n\n"
    "Example: [bold]salon demo[/]",
    cls=SalonRoot,
)


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
    log_level: Annotated[
        str | None,
        typer.Option(
            "--log-level",
            envvar="SALON_LOG_LEVEL",
            help=f"What to log on stderr: {', '.join(LOG_LEVELS)} (default WARNING). "
            "Example: --log-level INFO",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Global options."""
    from salon.config import settings_from_environment  # pydantic-settings: only now

    settings = settings_from_environment()
    updates: dict[str, str] = {}
    if db_url:
        updates["database_url"] = db_url
    if owner:
        updates["owner"] = owner
    if log_level:
        level = log_level.upper()
        if level not in LOG_LEVELS:
            raise typer.BadParameter(
                f"{log_level!r} is not one of {', '.join(LOG_LEVELS)}", param_hint="--log-level"
            )
        updates["log_level"] = level
    ctx.obj = AppState(settings.model_copy(update=updates))
    configure_logging(cast(LogLevel, ctx.obj.settings.log_level))
    ctx.call_on_close(ctx.obj.close)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
