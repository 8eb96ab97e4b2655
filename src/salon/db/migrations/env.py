"""Alembic environment: runs on the connection salon hands over (never from an ini file).

:func:`salon.db.store.upgrade` opens that connection, begins its transaction
and takes the migration lock; every revision runs inside that one transaction
(SQLite included: its DDL is transactional once pysqlite stops committing it
statement by statement), so an interrupted upgrade leaves the store as it was.
"""

from __future__ import annotations

from alembic import context

from salon.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("salon runs its migrations through salon.db.store.upgrade(engine)")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER tables by copying them
        compare_type=True,
        transactional_ddl=True,
        transaction_per_migration=False,
    )
    # the caller's transaction is open: Alembic joins it and commits nothing itself
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
