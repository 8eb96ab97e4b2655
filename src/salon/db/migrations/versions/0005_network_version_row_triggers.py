"""network version on PostgreSQL: row triggers that stop at once when already bumped

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 16:00:00

The statement triggers of 0003 build transition tables and run an upsert for
every statement, and bulk inserts send one statement per row: a 20,000-person
import took half as long again.  A row trigger that first looks whether this
transaction has already bumped the owner's version does one index lookup in
the common case.  SQLite keeps its row triggers from 0003.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("people", "person_emails", "ties", "person_attributes", "person_tags")
EVENTS = ("insert", "update", "delete")

ROW_FUNCTION = """
CREATE FUNCTION network_version_bump_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner integer;
    changed record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    IF TG_TABLE_NAME IN ('person_attributes', 'person_tags') THEN
        SELECT p.owner_id INTO owner FROM people p WHERE p.id = changed.person_id;
        IF owner IS NULL THEN  -- its person is being deleted, which bumps the version
            RETURN NULL;
        END IF;
    ELSE
        owner := changed.owner_id;
    END IF;
    PERFORM 1 FROM network_versions
        WHERE owner_id = owner AND bumped_in = txid_current();
    IF NOT FOUND THEN
        INSERT INTO network_versions AS v (owner_id, version, bumped_in)
        VALUES (owner, 1, txid_current())
        ON CONFLICT (owner_id) DO UPDATE
            SET version = v.version + 1, bumped_in = excluded.bumped_in;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME IN ('people', 'person_emails', 'ties') THEN
        IF OLD.owner_id IS DISTINCT FROM NEW.owner_id THEN  -- moved to another owner
            INSERT INTO network_versions AS v (owner_id, version, bumped_in)
            VALUES (OLD.owner_id, 1, txid_current())
            ON CONFLICT (owner_id) DO UPDATE
                SET version = v.version + 1, bumped_in = excluded.bumped_in;
        END IF;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER network_version_after_{event} ON {table}")
    op.execute("DROP FUNCTION network_version_bump()")
    op.execute(ROW_FUNCTION)
    for table in TABLES:
        for event in EVENTS:
            op.execute(
                f"CREATE TRIGGER network_version_after_{event} AFTER {event.upper()} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION network_version_bump_row()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER network_version_after_{event} ON {table}")
    op.execute("DROP FUNCTION network_version_bump_row()")
    # 0003's statement triggers, as 0003 made them
    import importlib

    previous = importlib.import_module("salon.db.migrations.versions.0003_network_versions")
    for statement in previous._postgres_triggers():
        op.execute(statement)
