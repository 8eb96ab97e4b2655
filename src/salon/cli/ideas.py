"""``salon idea …``: ideas, their versions and the feedback on them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from salon.cli.app import AsJson, console, new_typer, print_json, say, state
from salon.cli.options import split_list
from salon.services.history import idea_dict
from salon.services.ideas import (
    IDEA_STATUSES,
    add_feedback,
    add_idea,
    add_version,
    get_idea,
    list_ideas,
    set_idea_status,
)
from salon.services.people import get_person

app = new_typer("Ideas, their versions and the feedback on them.\n\nExample: salon idea list")


@app.command("add")
def idea_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="A short title.")],
    problem: Annotated[str | None, typer.Option(help="The problem it solves.")] = None,
    domain: Annotated[str | None, typer.Option(help="Its domain, e.g. healthcare.")] = None,
    need: Annotated[
        list[str] | None, typer.Option("--need", help="A skill or resource it needs.")
    ] = None,
    text: Annotated[str | None, typer.Option(help="Version 1 text (default: the problem).")] = None,
) -> None:
    """Add an idea.

    Example: salon idea add "Lab freezer" --problem "Small labs waste reagents" --need logistics
    """
    with state(ctx).transaction() as (session, owner):
        idea = add_idea(
            session, owner, title, problem=problem, domain=domain, needs=split_list(need), text=text
        )
        say(f"Added idea {idea.id}: {idea.title}.")


@app.command("list")
def idea_list(
    ctx: typer.Context,
    as_json: AsJson = False,
) -> None:
    """List ideas with their versions and feedback counts.

    Example: salon idea list --json
    """
    with state(ctx).transaction() as (session, owner):
        ideas = list_ideas(session, owner)
        rows = [
            {
                "id": i.id,
                "title": i.title,
                "domain": i.domain,
                "status": i.status,
                "versions": len(i.versions),
                "feedback": sum(len(v.feedback) for v in i.versions),
                "needs": i.needs,
            }
            for i in ideas
        ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "title", "domain", "status", "versions", "feedback")
    for row in rows:
        table.add_row(
            str(row["id"]),
            escape(str(row["title"])),
            escape(str(row["domain"] or "")),
            str(row["status"]),
            str(row["versions"]),
            str(row["feedback"]),
        )
    console.print(table)


@app.command("show")
def idea_show(
    ctx: typer.Context,
    idea: Annotated[str, typer.Argument(help="Id or title.")],
    as_json: AsJson = False,
) -> None:
    """Show an idea, every version and its feedback.

    Example: salon idea show 1 --json
    """
    with state(ctx).transaction() as (session, owner):
        found = idea_dict(session, owner, get_idea(session, owner, idea))
    if as_json:
        print_json(found)
        return
    console.print(
        f"[bold]{escape(found['title'])}[/] ({escape(found['domain'] or 'no domain')}, "
        f"{found['status']})"
    )
    if found["problem"]:
        say(f"Problem: {found['problem']}")
    if found["needs"]:
        say(f"Needs: {', '.join(found['needs'])}")
    for version in found["versions"]:
        console.print(
            f"\n[bold]v{version['number']}[/] ({version['created_on']}): {escape(version['text'])}"
        )
        for fb in version["feedback"]:
            say(f"  - {fb['person']} [{fb['stance']}]: {fb['text']}")


@app.command("status")
def idea_status(
    ctx: typer.Context,
    idea: Annotated[str, typer.Argument(help="Id or title.")],
    status: Annotated[str, typer.Argument(help=f"One of {', '.join(IDEA_STATUSES)}.")],
) -> None:
    """Change an idea's status (done, shelved and dropped ideas stop steering suggestions).

    Example: salon idea status 1 testing
    """
    with state(ctx).transaction() as (session, owner):
        found = get_idea(session, owner, idea)
        former = set_idea_status(session, owner, found.id, status)
        say(f"Idea {found.id} {found.title!r}: {former} → {found.status}.")


@app.command("version")
def idea_version(
    ctx: typer.Context,
    idea: Annotated[str, typer.Argument(help="Id or title.")],
    text: Annotated[str, typer.Argument(help="The new version's text.")],
) -> None:
    """Add a new version of an idea.

    Example: salon idea version 1 "Pool freezers across three labs per building"
    """
    with state(ctx).transaction() as (session, owner):
        version = add_version(session, get_idea(session, owner, idea), text)
        console.print(f"Added version {version.number}.")


@app.command("feedback")
def idea_feedback(
    ctx: typer.Context,
    idea: Annotated[str, typer.Argument(help="Id or title.")],
    person: Annotated[str, typer.Argument(help="Who gave it.")],
    text: Annotated[str, typer.Argument(help="What they said.")],
    stance: Annotated[str, typer.Option(help="supportive, challenging or neutral.")] = "neutral",
    version: Annotated[int | None, typer.Option(help="Version number (default: newest).")] = None,
) -> None:
    """Keep feedback on an idea's version.

    Example: salon idea feedback 1 "Raj Patel" "Who owns the freezer?" --stance challenging
    """
    with state(ctx).transaction() as (session, owner):
        found = get_idea(session, owner, idea)
        add_feedback(
            session, found, get_person(session, owner, person), text, stance=stance, version=version
        )
        console.print("Feedback kept.")
