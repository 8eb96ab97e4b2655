"""``salon db …``: the store's schema."""

from __future__ import annotations

from typing import Annotated

import typer

from salon.cli.app import new_typer, say, state
from salon.services.storage import upgrade_schema

app = new_typer("Manage the database schema.\n\nExample: salon db upgrade")


@app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    merge_duplicates: Annotated[
        bool,
        typer.Option(
            "--merge-duplicates",
            help="Also merge people of one owner who share a profile URL, in the "
            "upgrade's transaction (the upgrade to one person per profile URL refuses "
            "them otherwise).",
        ),
    ] = False,
) -> None:
    """Apply pending migrations (salon also does this on first use).

    The whole upgrade is one transaction: interrupted, it leaves the store as it was.

    Example: salon --db postgresql://postgres@localhost/salon db upgrade
    """
    status = upgrade_schema(state(ctx).settings, merge_duplicates=merge_duplicates)
    if status.n_merged is not None:
        say(f"Merged {status.n_merged} people who shared a profile URL.")
    say(f"{status.safe_url}: schema at revision {status.revision} (head {status.head}).")
