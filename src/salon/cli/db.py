"""``salon db …``: the store's schema."""

from __future__ import annotations

import typer

from salon.cli.app import new_typer, say, state
from salon.db.store import Store, current_revision, head_revision

app = new_typer("Manage the database schema.\n\nExample: salon db upgrade")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Apply pending migrations (salon also does this on first use).

    Example: salon --db postgresql://postgres@localhost/salon db upgrade
    """
    url = state(ctx).settings.resolved_database_url()
    store = Store(url)
    say(
        f"{store.safe_url}: schema at revision {current_revision(store.engine)} "
        f"(head {head_revision()})."
    )
    store.dispose()
