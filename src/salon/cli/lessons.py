"""``salon lesson …``: lessons learned from others' successes and failures."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from salon.cli.app import AsJson, console, new_typer, print_json, state
from salon.cli.options import parse_date, split_list
from salon.services.history import get_lesson, lesson_dicts
from salon.services.lessons import add_lesson, list_lessons
from salon.services.people import get_person

app = new_typer(
    "Lessons learned from others' successes and failures.\n\n"
    "Example: salon lesson list --search handover"
)


@app.command("add")
def lesson_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="A short title.")],
    source: Annotated[str | None, typer.Option("--from", help="Who it was learned from.")] = None,
    context: Annotated[str | None, typer.Option(help="The situation.")] = None,
    happened: Annotated[str | None, typer.Option(help="What happened.")] = None,
    takeaway: Annotated[str | None, typer.Option(help="The takeaway.")] = None,
    kind: Annotated[str, typer.Option(help="success or failure.")] = "success",
    domain: Annotated[str | None, typer.Option(help="Domain, e.g. aviation.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tags (comma-separated).")] = None,
    learned: Annotated[str | None, typer.Option(help="When (YYYY-MM-DD).")] = None,
) -> None:
    """Keep a lesson learned from someone.

    Example: salon lesson add "Checklists before surgery" --from "Mia Chen" --domain medicine
    """
    with state(ctx).transaction() as (session, owner):
        person = get_person(session, owner, source) if source else None
        lesson = add_lesson(
            session,
            owner,
            title,
            person=person,
            context=context,
            what_happened=happened,
            takeaway=takeaway,
            kind=kind,
            domain=domain,
            tags=split_list(tag),
            learned_on=parse_date(learned, "--learned"),
        )
        console.print(f"Added lesson {lesson.id}.")


@app.command("list")
def lesson_list(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option(help="Words to look for.")] = None,
    as_json: AsJson = False,
) -> None:
    """List lessons with their takeaways, optionally those mentioning some words.

    Example: salon lesson list --search handover --json
    """
    with state(ctx).transaction() as (session, owner):
        rows = lesson_dicts(session, owner, list_lessons(session, owner, search=search))
    if as_json:
        print_json(rows)
        return
    table = Table("id", "title", "kind", "domain", "from", "takeaway")
    for row in rows:
        table.add_row(
            str(row["id"]),
            escape(row["title"]),
            row["kind"],
            escape(row["domain"] or ""),
            escape(row["from"] or ""),
            escape(row["takeaway"] or ""),
        )
    console.print(table)


@app.command("show")
def lesson_show(
    ctx: typer.Context,
    lesson: Annotated[int, typer.Argument(help="The lesson's id (salon lesson list).")],
    as_json: AsJson = False,
) -> None:
    """Show one lesson whole: context, what happened, takeaway, who it came from.

    Example: salon lesson show 3
    """
    with state(ctx).transaction() as (session, owner):
        row = lesson_dicts(session, owner, [get_lesson(session, owner, lesson)])[0]
    if as_json:
        print_json(row)
        return
    table = Table(show_header=False, box=None)
    for key, value in row.items():
        if isinstance(value, list):
            value = ", ".join(value)
        if value not in (None, ""):
            table.add_row(f"[bold]{key}[/]", escape(str(value)))
    console.print(table)
