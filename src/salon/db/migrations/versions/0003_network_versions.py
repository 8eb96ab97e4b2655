"""network versions and snapshots: a counter triggers bump on every change to the network

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:35:00

``network_versions`` counts the changes to each owner's people, their fields
and ties; triggers keep it, so no write path can forget to.  SQLite bumps it
once per changed row (an in-place update is cheap).  PostgreSQL bumps it at
most once per transaction: a row trigger first looks whether this
transaction has already bumped the owner's version (one index lookup in the
common case), since updating one row again and again in one transaction
would leave a chain of row versions that every later update walks.
(Statement triggers over transition tables cost a bulk import of 20,000
people half as long again: bulk inserts send one statement per row.)

``network_snapshots`` keeps the arrays of a network at a version, and beside
them per-node scores (relevance to the open ideas) keyed by a hash of their
other inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table -> how a changed row names its owner (directly, or through its person)
OWNED_DIRECTLY = ("people", "person_emails", "ties")
OWNED_THROUGH_PERSON = ("person_attributes", "person_tags")
EVENTS = {"insert": ("NEW",), "update": ("NEW", "OLD"), "delete": ("OLD",)}


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in (*OWNED_DIRECTLY, *OWNED_THROUGH_PERSON):
        for event, rows in EVENTS.items():
            if table in OWNED_DIRECTLY:
                changed = " UNION ".join(f"SELECT {row}.owner_id AS owner_id" for row in rows)
            else:
                ids = ", ".join(f"{row}.person_id" for row in rows)
                changed = f"SELECT owner_id FROM people WHERE id IN ({ids})"
            # "WHERE true" tells SQLite's parser that ON CONFLICT is the upsert's
            statements.append(
                f"CREATE TRIGGER network_version_after_{event}_{table} "
                f"AFTER {event.upper()} ON {table} FOR EACH ROW BEGIN "
                f"INSERT INTO network_versions (owner_id, version) "
                f"SELECT owner_id, 1 FROM ({changed}) WHERE true "
                f"ON CONFLICT (owner_id) DO UPDATE SET version = version + 1; END"
            )
    return statements


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


def _postgres_triggers() -> list[str]:
    statements = [ROW_FUNCTION]
    for table in (*OWNED_DIRECTLY, *OWNED_THROUGH_PERSON):
        for event in EVENTS:
            statements.append(
                f"CREATE TRIGGER network_version_after_{event} AFTER {event.upper()} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION network_version_bump_row()"
            )
    return statements


def upgrade() -> None:
    op.create_table(
        "network_versions",
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("bumped_in", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("owner_id", name=op.f("pk_network_versions")),
    )
    op.create_table(
        "network_snapshots",
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("scores_key", sa.String(length=100), nullable=True),
        sa.Column("scores", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["accounts.id"],
            name=op.f("fk_network_snapshots_owner_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", name=op.f("pk_network_snapshots")),
    )
    # networks stored before the triggers existed start at version 1
    op.execute("INSERT INTO network_versions (owner_id, version) SELECT id, 1 FROM accounts")
    dialect = op.get_bind().dialect.name
    for statement in _postgres_triggers() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in (*OWNED_DIRECTLY, *OWNED_THROUGH_PERSON):
        for event in EVENTS:
            if dialect == "postgresql":
                op.execute(f"DROP TRIGGER network_version_after_{event} ON {table}")
            else:
                op.execute(f"DROP TRIGGER network_version_after_{event}_{table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION network_version_bump_row()")
    op.drop_table("network_snapshots")
    op.drop_table("network_versions")
