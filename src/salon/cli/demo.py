"""``salon demo``: a realistic sample network, and what salon tells about it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table

from salon.cli.app import console, state
from salon.cli.report import render
from salon.services.accounts import owner_account
from salon.services.analogies import find_analogies
from salon.services.demo import DemoMeetup, load_sample, seat_next_meetup
from salon.services.report import build_report
from salon.services.sample import DEFAULT_TODAY, generate_sample
from salon.services.storage import Store
from salon.services.suggestions import suggest_meet

DEMO_PROBLEM = "small pharmacies run out of fast-moving medicines while the stockroom is full"


def demo(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Option(
            "--path",
            help="The demo's own SQLite file, rebuilt each run "
            "(default: demo.sqlite in your data folder).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the generated sample.")] = 2026,
) -> None:
    """Build a seeded sample network in its own SQLite file and show what salon tells about it.

    Example: salon demo --path /tmp/salon-demo.sqlite
    """
    settings = state(ctx).settings
    target = path or settings.data_dir / "demo.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    sample = generate_sample(seed)
    store = Store(f"sqlite:///{target}")
    try:
        with console.status("Building the sample network…"), store.transaction() as session:
            loaded = load_sample(session, owner_account(session, "me"), sample)
        _introduce(sample.summary(), target)
        with store.reading() as session:
            report = build_report(session, owner_account(session, "me"), today=DEFAULT_TODAY)
        console.print(Rule("What salon tells about this network  (salon report)"))
        render(report)
        with store.reading() as session:
            picks = suggest_meet(session, owner_account(session, "me"), k=3)
        console.print(Rule("Whom to meet next  (salon suggest meet)"))
        table = Table("who", "why", "introduction")
        for pick in picks:
            table.add_row(
                escape(f"{pick.name}\n{pick.organization or ''}"),
                escape(pick.reason),
                escape(" → ".join(pick.path)),
            )
        console.print(table)
        with console.status("Seating the meetup…"), store.transaction() as session:
            meetup = seat_next_meetup(session, owner_account(session, "me"), loaded)
        console.print(Rule("Last week's meetup, seated by hand and by salon  (salon meetup seat)"))
        _meetup(meetup)
        with store.reading() as session:
            found = find_analogies(
                session, owner_account(session, "me"), DEMO_PROBLEM, top=3, kinds=["lesson"]
            )
        console.print(Rule("Far analogies  (salon analogies)"))
        console.print(f"Problem: “{DEMO_PROBLEM}”")
        for analogy in found.analogies:
            who = analogy.person.name if analogy.person else "unknown"
            console.print(
                f"  • ({escape(analogy.domain)}) {escape(analogy.text[:160])}… — ask {escape(who)}",
                highlight=False,
            )
        console.print(f"[dim]backend: {escape(found.backend)}[/]")
    finally:
        store.dispose()
    console.print(
        "\nExplore the demo store yourself: "
        f"[bold]salon --db sqlite:///{escape(str(target))} person list[/]",
        soft_wrap=True,
    )


def _introduce(counts: dict[str, int], target: Path) -> None:
    console.print(
        Panel.fit(
            f"A seeded sample of {counts['people']} people in {counts['industries']} industries, "
            f"{counts['ties']} known ties, {counts['interactions']} conversations over two years,\n"
            f"{counts['ideas']} ideas with {counts['feedback']} pieces of feedback, "
            f"{counts['lessons']} lessons, and a weekly meetup with {counts['members']} members "
            f"and {counts['events']} past events.\nStored in {escape(str(target))}",
            title="salon demo",
        )
    )


def _meetup(meetup: DemoMeetup) -> None:
    table = Table("same people, tables and rounds", "seated by hand", "seated by salon")
    for label, attribute, spec in (
        ("people seated", "n_seated", "d"),
        ("pairs meeting for the first time", "n_new_encounters", "d"),
        ("of them across industries", "n_new_cross_industry", "d"),
        ("repeat rate (pairs who sat together before)", "repeat_rate", ".0%"),
        ("mean table diversity", "mean_table_diversity", ".2f"),
    ):
        table.add_row(
            label,
            format(getattr(meetup.by_hand, attribute), spec),
            format(getattr(meetup.by_salon, attribute), spec),
        )
    console.print(table)
    console.print(
        f"[dim]salon seated {meetup.by_salon.title!r} in {meetup.elapsed:.1f} s "
        "(shown, not kept). Next week's meetup is seated too: "
        f"salon meetup seating {meetup.event_id}[/]"
    )
