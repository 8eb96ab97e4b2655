"""``salon suggest …``: whom to meet, introduce, ask and partner with."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from salon.cli.app import AsJson, console, new_typer, print_json, say, state
from salon.cli.progress import embedding_bar
from salon.services.conversations import prepare_brief, similar_experiences, support_map
from salon.services.report import reconnect as reconnect_ties
from salon.services.suggestions import (
    EMPTY_ANSWERS,
    suggest_introductions,
    suggest_meet,
    suggest_panel,
    suggest_partners,
)

app = new_typer(
    "Suggestions that widen your perspective, each with why.\n\nExample: salon suggest meet --k 5"
)

K = Annotated[int, typer.Option("--k", "-k", min=1, max=50, help="How many suggestions.")]


@app.command("meet")
def meet(ctx: typer.Context, k: K = 5, as_json: AsJson = False) -> None:
    """Whom to meet next: people who add the most perspective, not the most familiar.

    Example: salon suggest meet --k 5
    """
    with state(ctx).transaction(write=False) as (session, owner):
        picks = suggest_meet(session, owner, k=k)
    if as_json:
        print_json([asdict(p) for p in picks])
        return
    if not picks:
        say(EMPTY_ANSWERS["meet"])
        return
    if any(p.origin != "network" for p in picks):
        say(
            "Nobody is two steps away yet, so these are members of your meetups and authors "
            "of notes you imported whom you have not met."
        )
    table = Table("#", "who", "why", "how to reach", title="Whom to meet next")
    for rank, pick in enumerate(picks, start=1):
        who = pick.name + (f"\n{pick.organization}" if pick.organization else "")
        reach = " → ".join(pick.path) if pick.path else (pick.community or "no known path")
        table.add_row(str(rank), escape(who), escape(pick.reason), escape(reach))
    console.print(table)


@app.command("introduce")
def introduce(ctx: typer.Context, k: K = 5, as_json: AsJson = False) -> None:
    """Pairs of your contacts who do not know each other and should.

    Example: salon suggest introduce --k 3
    """
    with state(ctx).transaction(write=False) as (session, owner):
        pairs = suggest_introductions(session, owner, k=k)
    if as_json:
        print_json([asdict(p) for p in pairs])
        return
    if not pairs:
        say(EMPTY_ANSWERS["introduce"])
        return
    table = Table("introduce", "to", "why", title="Introductions to make")
    for pair in pairs:
        table.add_row(escape(pair.first), escape(pair.second), escape(pair.reason))
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
    with state(ctx).transaction(write=False) as (session, owner):
        picks = suggest_panel(session, owner, idea, k=k)
    if as_json:
        print_json([asdict(p) for p in picks])
        return
    if not picks:
        say(EMPTY_ANSWERS["panel"])
        return
    table = Table("#", "reviewer", "why", title="Feedback panel")
    for rank, pick in enumerate(picks, start=1):
        table.add_row(str(rank), escape(pick.name), escape(pick.reason))
    console.print(table)


@app.command("partners")
def partners(
    ctx: typer.Context,
    idea: Annotated[str, typer.Argument(help="Idea id or title.")],
    k: K = 3,
    as_json: AsJson = False,
) -> None:
    """A small set of partners who cover the idea's stated needs, and through which field.

    A need is covered by expertise, or by a person's industry, discipline,
    organisation, role, notes or bio that names it.

    Example: salon suggest partners 1 --json
    """
    with state(ctx).transaction(write=False) as (session, owner):
        answer = suggest_partners(session, owner, idea, k=k)
    plan = answer.plan
    chosen = [
        (int(person), answer.names.get(int(person), str(person)))  # type: ignore[call-overload]
        for person, _ in plan.partners
    ]
    if as_json:
        data = {
            "partners": [
                {
                    "person_id": pid,
                    "name": name,
                    "covers": {
                        need: answer.evidence.get(pid, {}).get(need, "expertise")
                        for need in sorted(dict(plan.partners)[pid])
                    },
                }
                for pid, name in chosen
            ],
            "uncovered": sorted(plan.uncovered),
            "uncoverable": sorted(plan.uncoverable),
        }
        print_json(data)
        return
    if not plan.partners:
        say(EMPTY_ANSWERS["partners"])
    table = Table("partner", "covers (through)", title="Partners")
    for pid, name in chosen:
        table.add_row(escape(name), escape(answer.reason(pid)))
    console.print(table)
    if plan.uncovered:
        say(f"Not covered: {', '.join(sorted(plan.uncovered))}")
    if plan.uncoverable:
        say(f"Nobody you know offers: {', '.join(sorted(plan.uncoverable))}")


@app.command("prepare")
def prepare(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Whom you are about to meet.")],
    as_json: AsJson = False,
) -> None:
    """A one-screen brief before a conversation: what they bring, what to ask.

    Example: salon suggest prepare "Ana López"
    """
    with state(ctx).transaction(write=False) as (session, owner):
        brief = prepare_brief(session, owner, person)
    if as_json:
        print_json(asdict(brief))
        return
    lines = [f"[bold]{escape(brief.name)}[/] — {escape(brief.who)}"]
    if brief.brings:
        lines.append("\n[bold]What they bring that your network lacks[/]")
        lines += [f"  • {escape(item)}" for item in brief.brings]
    if brief.ideas_to_test:
        lines.append("\n[bold]Your open ideas they could challenge[/]")
        lines += [
            f"  • {escape(title)} (relevance {score:.2f})" for title, score in brief.ideas_to_test
        ]
    lines.append("\n[bold]Questions worth asking[/]")
    lines += [f"  {n}. {escape(q)}" for n, q in enumerate(brief.questions, start=1)]
    if brief.last_time is not None:
        last = brief.last_time
        lines.append(
            f"\n[bold]Last time[/] ({last.occurred_on}, "
            f"{escape(', '.join(last.purposes) or 'no purpose')}; "
            f"{brief.n_conversations} conversations in all)"
        )
        lines += [f"  • {escape(text)}" for text in last.insights]
        if last.notes:
            lines.append(f"  notes: {escape(last.notes)}")
    else:
        lines.append("\nYou have not logged a conversation with them yet.")
    console.print(Panel("\n".join(lines), title="Before you meet", expand=False))


@app.command("lessons")
def lessons(
    ctx: typer.Context,
    problem: Annotated[str, typer.Argument(help="The problem, in your words.")],
    top: Annotated[int, typer.Option(min=1, max=50, help="How many.")] = 5,
    backend: Annotated[str, typer.Option(help="auto, model or lexical.")] = "auto",
    as_json: AsJson = False,
) -> None:
    """Lessons and insights from people who have been through a similar problem.

    Example: salon suggest lessons "shift handovers lose information"
    """
    with embedding_bar() as progress, state(ctx).transaction(write=False) as (session, owner):
        used, found = similar_experiences(
            session, owner, problem, top=top, backend=backend, progress=progress
        )
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "ref": e.ref,
                        "kind": e.kind,
                        "text": e.text,
                        "domain": e.domain,
                        "similarity": e.similarity,
                        "person": e.person.name if e.person else None,
                    }
                    for e in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table("who", "what they went through", "domain", title="Who has been through this")
    for e in found:
        who = f"{e.person.name}\n{e.person.how_to_reach}" if e.person else "unknown"
        table.add_row(escape(who), escape(e.text), escape(e.domain or ""))
    console.print(table)
    console.print(f"[dim]backend: {used}[/]")


@app.command("support")
def support(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Who gives you moral support, strategic advice and tangible resources; the gaps.

    Example: salon suggest support --json
    """
    with state(ctx).transaction(write=False) as (session, owner):
        found = support_map(session, owner)
    if as_json:
        print_json(
            {
                "givers": {kind: list(people) for kind, people in found.givers.items()},
                "gaps": list(found.gaps),
                "contacts": found.n_contacts,
            }
        )
        return
    table = Table("support", "from", title="Your support system")
    for kind, people in found.givers.items():
        table.add_row(kind, escape(", ".join(people)) or "[red]nobody recorded[/]")
    console.print(table)
    if found.gaps:
        console.print(
            f"Gaps: {', '.join(found.gaps)} (fewer than two people). Record support with "
            "`salon tie add PERSON --support advice`."
        )


@app.command("reconnect")
def reconnect(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Dormant ties worth reviving: once strong, silent for over a year.

    Example: salon suggest reconnect
    """
    with state(ctx).transaction(write=False) as (session, owner):
        dormant = reconnect_ties(session, owner)
    if as_json:
        print_json([asdict(t) for t in dormant])
        return
    if not dormant:
        console.print("No dormant ties: nobody once close has gone silent for over a year.")
        return
    table = Table("who", "silent", "last thing you learned from them", title="Worth reviving")
    for tie in dormant:
        table.add_row(
            escape(tie.name), f"{tie.days_silent:.0f} days", escape(tie.last_insight or "")
        )
    console.print(table)
    console.print(
        "[dim]Dormant ties bring more novel knowledge than active ones "
        "(Levin, Walter & Murnighan 2011).[/]"
    )
