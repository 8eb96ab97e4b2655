"""How the CLI and the web app reach the store: open it, upgrade it, name its handles.

The shells hold two handles between service calls, the open :class:`Store`
and the owner's :class:`Account`, and pass them back to services; they never
query through them.  Naming both here keeps ``salon.cli`` and ``salon.web``
importing services only (``tests/test_layers.py``), while the types stay the
database layer's own (a copy or a wrapper would only add a second name for
one thing).
"""

from __future__ import annotations

from dataclasses import dataclass

from salon.config import Settings
from salon.db.models import Account
from salon.db.store import Store, current_revision, head_revision

__all__ = ["Account", "SchemaStatus", "Store", "open_store", "upgrade_schema"]


def open_store(settings: Settings, *, migrate: bool = True) -> Store:
    """The store ``settings`` names, migrated to the current schema unless ``migrate=False``.

    Raises
    ------
    StoreError
        The store cannot be opened or migrated.
    """
    return Store(
        settings.resolved_database_url(), migrate=migrate, busy_timeout=settings.busy_timeout
    )


@dataclass(frozen=True)
class SchemaStatus:
    """Where a store's schema stands after :func:`upgrade_schema`."""

    safe_url: str  # the URL without its password
    revision: str | None
    head: str | None
    n_merged: int | None  # people merged first (None: merging was not asked for)


def upgrade_schema(settings: Settings, *, merge_duplicates: bool = False) -> SchemaStatus:
    """Apply pending migrations to the store ``settings`` names (one transaction).

    With ``merge_duplicates``, people of one owner who share a profile URL
    (which the upgrade to one person per profile URL refuses) are merged at
    the newest schema, in the upgrade's own transaction.

    Raises
    ------
    StoreError
        The store cannot be opened or the upgrade fails (the store is left as it was).
    """
    # imported here: the duplicate finder loads the similarity models every other use skips
    from salon.services.duplicates import merge_duplicate_identities

    store = open_store(settings, migrate=False)
    try:
        n_merged = merge_duplicate_identities(store) if merge_duplicates else None
        store.ensure_schema()
        return SchemaStatus(
            store.safe_url, current_revision(store.engine), head_revision(), n_merged
        )
    finally:
        store.dispose()
