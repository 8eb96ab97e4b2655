"""``salon suggest …``: whom to meet, introduce, ask and partner with."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from salon.cli.app import console, new_typer, state
from salon.services.suggestions import (
    suggest_introductions,
    suggest_meet,
    suggest_panel,
    suggest_partners,
)

app = new_typer(
    "Suggestions that widen your perspective, each with why.\n\nExample: salon suggest meet --k 5"
)

K = Annotated[int, typer.Option("--k", "-k", min=1, max=50, help="How many suggestions.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("meet")
def meet(ctx: typer.Context, k: K = 5, as_json: AsJson = False) -> None:
    """Whom to meet next: people who add the most perspective, not the most familiar.

    Example: salon suggest meet --k 5
    """
    with state(ctx).transaction() as (session, owner):
        picks = suggest_meet(session, owner, k=k)
    if as_json:
        typer.echo(json.dumps([asdict(p) for p in picks], ensure_ascii=False, indent=2))
        return
    table = Table("#", "who", "why", "how to reach", title="Whom to meet next")
    for rank, pick in enumerate(picks, start=1):
        who = pick.name + (f"\n{pick.organization}" if pick.organization else "")
        reach = " → ".join(pick.path) if pick.path else (pick.community or "no known path")
        table.add_row(str(rank), who, pick.reason, reach)
    console.print(table)


@app.command("introduce")
def introduce(ctx: typer.Context, k: K = 5, as_json: AsJson = False) -> None:
    """Pairs of your contacts who do not know each other and should.

    Example: salon suggest introduce --k 3
    """
    with state(ctx).transaction() as (session, owner):
        pairs = suggest_introductions(session, owner, k=k)
    if as_json:
        typer.echo(json.dumps([asdict(p) for p in pairs], ensure_ascii=False, indent=2))
        return
    table = Table("introduce", "to", "why", title="Introductions to make")
    for pair in pairs:
        table.add_row(pair.first, pair.second, pair.reason)
    console.print(table)


@app.command("panel")
def panel(
    ctx: typer.Context,
    idea: Annotated[str, typer.Argument(help="Idea id or title.")],
    k: K = 3,
    as_json: AsJson = False,
) -> None:
    """A feedback panel for an idea: relevant, diverse, with at least one challenger.

    Example: salon suggest panel 1 --k 4
    """
    with state(ctx).transaction() as (session, owner):
        picks = suggest_panel(session, owner, idea, k=k)
    if as_json:
        typer.echo(json.dumps([asdict(p) for p in picks], ensure_ascii=False, indent=2))
        return
    table = Table("#", "reviewer", "why", title="Feedback panel")
    for rank, pick in enumerate(picks, start=1):
        table.add_row(str(rank), pick.name, pick.reason)
    console.print(table)


@app.command("partners")
def partners(
    ctx: typer.Context,
    idea: Annotated[str, typer.Argument(help="Idea id or title.")],
    k: K = 3,
) -> None:
    """A small set of partners whose expertise covers the idea's stated needs.

    Example: salon suggest partners 1
    """
    with state(ctx).transaction() as (session, owner):
        plan, names = suggest_partners(session, owner, idea, k=k)
    table = Table("partner", "covers", title="Partners")
    for person, needs in plan.partners:
        table.add_row(names.get(int(person), str(person)), ", ".join(sorted(needs)))  # type: ignore[call-overload]
    console.print(table)
    if plan.uncovered:
        console.print(f"Not covered: {', '.join(sorted(plan.uncovered))}")
    if plan.uncoverable:
        console.print(f"Nobody you know offers: {', '.join(sorted(plan.uncoverable))}")
