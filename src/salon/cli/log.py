"""``salon log``: record a conversation; ``salon log list``: review them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from salon.cli.app import AsJson, SalonGroup, new_typer, print_json, say, state
from salon.cli.options import parse_date, split_list
from salon.services.history import conversation_line, conversation_log, parse_period
from salon.services.interactions import (
    OUTCOMES,
    PURPOSES,
    InteractionFields,
    log_interaction,
)
from salon.services.people import get_person


class LogGroup(SalonGroup):
    """``salon log PEOPLE…`` stays the way to log; ``salon log list`` reviews the log.

    Arguments that do not start with a subcommand's name are ``salon log add``'s
    (a person called "list" is logged with ``salon log add list``).
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["add", *args]
        return super().parse_args(ctx, args)


app = new_typer(
    "Log a conversation, or review the log.\n\n"
    'Example: salon log "Ana López" --purpose learn --depth 4, then salon log list --period 6m',
    cls=LogGroup,
)


@app.command("add")
def log(
    ctx: typer.Context,
    people: Annotated[
        list[str], typer.Argument(help="Who you talked with (names, emails or ids).")
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="When (YYYY-MM-DD, default today).")
    ] = None,
    purpose: Annotated[
        list[str] | None, typer.Option("--purpose", "-p", help=f"Purpose: {', '.join(PURPOSES)}.")
    ] = None,
    depth: Annotated[int, typer.Option(min=1, max=5, help="Depth of the conversation, 1-5.")] = 3,
    channel: Annotated[str | None, typer.Option(help="coffee, call, video, email, event…")] = None,
    challenged: Annotated[
        bool, typer.Option("--challenged", help="It challenged my thinking.")
    ] = False,
    insight: Annotated[
        list[str] | None, typer.Option("--insight", "-i", help="What I learned (repeatable).")
    ] = None,
    outcome: Annotated[
        list[str] | None, typer.Option("--outcome", help=f"Outcome: {', '.join(OUTCOMES)}.")
    ] = None,
    goal: Annotated[str | None, typer.Option(help="My learning goal for it.")] = None,
    notes: Annotated[str | None, typer.Option(help="Free notes.")] = None,
) -> None:
    """Log a conversation; everyone in it becomes tied by a shared conversation.

    Example: salon log "Ana López" --purpose learn --depth 4 --challenged --insight "Pool orders"
    """
    with state(ctx).transaction() as (session, owner):
        participants = [get_person(session, owner, ref) for ref in people]
        interaction = log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=parse_date(date, "--date") or dt.date.today(),
                participants=participants,
                purposes=split_list(purpose),
                depth=depth,
                channel=channel,
                challenged=challenged,
                insights=insight or [],
                outcomes=split_list(outcome),
                learning_goal=goal,
                notes=notes,
            ),
        )
        names = ", ".join(p.name for p in participants)
        say(f"Logged interaction {interaction.id} with {names}.")


@app.command("list")
def log_list(
    ctx: typer.Context,
    person: Annotated[
        str | None, typer.Option("--person", help="Only conversations with this person.")
    ] = None,
    purpose: Annotated[
        str | None,
        typer.Option("--purpose", "-p", help=f"Only this purpose: {', '.join(PURPOSES)}."),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="Only the last 1y, 6m, 2w, 30d…")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List logged conversations, oldest first, with insights and outcomes.

    Example: salon log list --person "Ana López" --period 6m --json
    """
    since = dt.date.today() - parse_period(period) if period else None
    with state(ctx).transaction() as (session, owner):
        who = get_person(session, owner, person) if person else None
        rows = conversation_log(session, owner, person=who, purpose=purpose, since=since)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        say(conversation_line(row))
    say(f"{len(rows)} conversation{'' if len(rows) == 1 else 's'}")
