"""``salon db …``: the store's schema."""

from __future__ import annotations

from typing import Annotated

import typer

from salon.cli.app import new_typer, say, state
from salon.db.store import Store, current_revision, head_revision

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
    from salon.services.duplicates import merge_duplicate_identities

    settings = state(ctx).settings
    store = Store(
        settings.resolved_database_url(), migrate=False, busy_timeout=settings.busy_timeout
    )
    try:
        if merge_duplicates:  # upgrades to head itself and merges there, in one transaction
            say(f"Merged {merge_duplicate_identities(store)} people who shared a profile URL.")
        store.ensure_schema()
        say(
            f"{store.safe_url}: schema at revision {current_revision(store.engine)} "
            f"(head {head_revision()})."
        )
    finally:
        store.dispose()
