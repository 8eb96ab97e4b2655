"""network versions and snapshots: a counter triggers bump on every change to the network

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:35:00

``network_versions`` counts the changes to each owner's people, their fields
and ties; triggers keep it, so no write path can forget to.  SQLite bumps it
once per changed row (it has no statement triggers; an in-place update is
cheap).  PostgreSQL bumps it once per statement, from transition tables, and
at most once per transaction: updating one row again and again in one
transaction would leave a chain of versions that every later update walks.
``network_snapshots`` keeps the arrays of a network at a version.
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


POSTGRES_FUNCTION = """
CREATE FUNCTION network_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owners integer[];
BEGIN
    IF TG_TABLE_NAME IN ('person_attributes', 'person_tags') THEN
        IF TG_OP = 'INSERT' THEN
            owners := ARRAY(SELECT DISTINCT p.owner_id FROM new_rows r
                            JOIN people p ON p.id = r.person_id);
        ELSIF TG_OP = 'DELETE' THEN
            owners := ARRAY(SELECT DISTINCT p.owner_id FROM old_rows r
                            JOIN people p ON p.id = r.person_id);
        ELSE
            owners := ARRAY(SELECT DISTINCT p.owner_id
                            FROM (SELECT person_id FROM new_rows
                                  UNION SELECT person_id FROM old_rows) r
                            JOIN people p ON p.id = r.person_id);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        owners := ARRAY(SELECT DISTINCT owner_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        owners := ARRAY(SELECT DISTINCT owner_id FROM old_rows);
    ELSE
        owners := ARRAY(SELECT owner_id FROM new_rows UNION SELECT owner_id FROM old_rows);
    END IF;
    INSERT INTO network_versions AS v (owner_id, version, bumped_in)
    SELECT owner, 1, txid_current() FROM unnest(owners) AS owner
    ON CONFLICT (owner_id) DO UPDATE
        SET version = v.version + 1, bumped_in = excluded.bumped_in
        WHERE v.bumped_in IS DISTINCT FROM excluded.bumped_in;
    RETURN NULL;
END
$$
"""

POSTGRES_TRANSITIONS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


def _postgres_triggers() -> list[str]:
    statements = [POSTGRES_FUNCTION]
    for table in (*OWNED_DIRECTLY, *OWNED_THROUGH_PERSON):
        for event, transition in POSTGRES_TRANSITIONS.items():
            statements.append(
                f"CREATE TRIGGER network_version_after_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {transition} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION network_version_bump()"
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
        op.execute("DROP FUNCTION network_version_bump()")
    op.drop_table("network_snapshots")
    op.drop_table("network_versions")
