"""``salon demo``: a realistic sample network, and what salon tells about it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from salon.cli.app import console, state
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.demo import load_sample
from salon.services.overview import network_overview
from salon.services.sample import generate_sample


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
    with console.status("Building the sample network…"):
        store = Store(f"sqlite:///{target}")
        with store.transaction() as session:
            owner = owner_account(session, "me")
            load_sample(session, owner, sample)
    counts = sample.summary()
    console.print(
        Panel.fit(
            f"A seeded sample of {counts['people']} people in {counts['industries']} industries, "
            f"{counts['ties']} known ties, {counts['interactions']} conversations over two years, "
            f"{counts['ideas']} ideas with {counts['feedback']} pieces of feedback, "
            f"{counts['lessons']} lessons, and a weekly meetup with {counts['members']} members "
            f"and {counts['events']} past events.\nStored in {target}",
            title="salon demo",
        )
    )
    with store.reading() as session:
        overview = network_overview(session, owner_account(session, "me"))
    table = Table("industry", "contacts", title="Your contacts by industry")
    for industry, n in overview.contacts_by_industry:
        table.add_row(industry, str(n))
    console.print(table)
    console.print(
        f"Who knows whom: {overview.n_alter_ties} ties among your {overview.n_contacts} "
        "contacts are known "
        f"({overview.alter_density:.1%} of the pairs), {overview.n_inferred} of them only inferred."
    )
    console.print(f"\nTry it on the demo store: [bold]salon --db sqlite:///{target} person list[/]")
    store.dispose()
