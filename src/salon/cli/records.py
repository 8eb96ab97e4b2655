"""``salon log``: record a conversation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from salon.cli.app import say, state
from salon.cli.options import parse_date, split_list
from salon.db.models import OUTCOMES, PURPOSES
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.people import get_person


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
