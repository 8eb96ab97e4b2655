"""network changes: the triggers also note whose part of the network each write touched

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 18:20:00

A snapshot of the network (``network_snapshots``) was current only while the
owner's version was unchanged; any write meant rereading all of it.  The
triggers of migration 0003 now also note, in ``network_changes``, each person
whose row, emails, attributes, tags or ties a write touched, with the owner's
version after the write.  A snapshot at version ``v`` is brought up to date by
rereading just the people noted after ``v``.

Each trigger bumps the version first and notes the people second, in one
body, so the noted version is never older than the change: on PostgreSQL,
another transaction may commit a newer version between a note taken before
the bump and the bump itself.  A person has one note at most.  PostgreSQL
moves it to the newest version (a snapshot read under READ COMMITTED may miss
a change committed while it is stored, and must not drop that change's
note).  SQLite keeps the first note since the last snapshot: with one writer
at a time no snapshot can be stored in between, and not rewriting the note
on every tie of a bulk import halves what the notes cost it (benchmarks/
network_triggers.py: a bulk import 1.34x as long as with no triggers, against
2.1x when every touch rewrote the note; 1.19x for the version alone).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table -> the person ids a changed row touches (as SQL over NEW or OLD)
PEOPLE_OF_ROW = {
    "people": ("id",),
    "person_emails": ("person_id",),
    "person_attributes": ("person_id",),
    "person_tags": ("person_id",),
    "ties": ("person_a_id", "person_b_id"),
}
OWNED_DIRECTLY = ("people", "person_emails", "ties")
EVENTS = {"insert": ("NEW",), "update": ("NEW", "OLD"), "delete": ("OLD",)}


def _previous() -> ModuleType:
    """Migration 0003, whose triggers this one replaces (and restores on downgrade)."""
    path = Path(__file__).with_name("0003_network_versions.py")
    spec = importlib.util.spec_from_file_location("salon_migration_0003", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sqlite_trigger(table: str, event: str) -> str:
    """The trigger: bump the owners' versions, then note each touched person.

    One plain statement per owner and per person, without unions: a bulk
    import fires this for every row, and a union's temporary table costs as
    much as the writes themselves.
    """
    rows = EVENTS[event]
    version_of = "(SELECT version FROM network_versions WHERE owner_id = {owner})"
    # A person already noted keeps their note: SQLite runs one writer at a time,
    # so no snapshot was stored since the note was taken (storing one drops the
    # notes it covers), and the older version still marks them as changed since.
    note = (
        "INSERT INTO network_changes (owner_id, person_id, version) {values} "
        "ON CONFLICT DO NOTHING; "
    )
    if table in OWNED_DIRECTLY:
        owners = " UNION ".join(f"SELECT {row}.owner_id AS owner_id" for row in rows)
        # "WHERE true" tells SQLite's parser that ON CONFLICT is the upsert's
        bump = (
            f"INSERT INTO network_versions (owner_id, version) SELECT owner_id, 1 FROM ({owners}) "
            "WHERE true ON CONFLICT (owner_id) DO UPDATE SET version = version + 1; "
            if len(rows) > 1
            else f"INSERT INTO network_versions (owner_id, version) VALUES ({rows[0]}.owner_id, 1) "
            "ON CONFLICT (owner_id) DO UPDATE SET version = version + 1; "
        )
        notes = "".join(
            note.format(
                values=f"VALUES ({row}.owner_id, {row}.{column}, "
                f"{version_of.format(owner=f'{row}.owner_id')})"
            )
            for row in rows
            for column in PEOPLE_OF_ROW[table]
        )
    else:  # owned through the person; a person being deleted notes itself
        ids = ", ".join(f"{row}.person_id" for row in rows)
        bump = (
            f"INSERT INTO network_versions (owner_id, version) "
            f"SELECT DISTINCT owner_id, 1 FROM people WHERE id IN ({ids}) "
            "ON CONFLICT (owner_id) DO UPDATE SET version = version + 1; "
        )
        notes = note.format(
            values=f"SELECT owner_id, id, {version_of.format(owner='people.owner_id')} "
            f"FROM people WHERE id IN ({ids})"
        )
    return (
        f"CREATE TRIGGER network_version_after_{event}_{table} "
        f"AFTER {event.upper()} ON {table} FOR EACH ROW BEGIN {bump}{notes}END"
    )


ROW_FUNCTION = """
CREATE OR REPLACE FUNCTION network_version_bump_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner integer;
    old_owner integer;
    touched integer[];
    old_touched integer[];
BEGIN
    IF TG_TABLE_NAME = 'ties' THEN
        IF TG_OP <> 'DELETE' THEN
            touched := ARRAY[NEW.person_a_id, NEW.person_b_id];
            owner := NEW.owner_id;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            old_touched := ARRAY[OLD.person_a_id, OLD.person_b_id];
            old_owner := OLD.owner_id;
        END IF;
    ELSIF TG_TABLE_NAME = 'people' THEN
        IF TG_OP <> 'DELETE' THEN
            touched := ARRAY[NEW.id];
            owner := NEW.owner_id;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            old_touched := ARRAY[OLD.id];
            old_owner := OLD.owner_id;
        END IF;
    ELSIF TG_TABLE_NAME = 'person_emails' THEN
        IF TG_OP <> 'DELETE' THEN
            touched := ARRAY[NEW.person_id];
            owner := NEW.owner_id;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            old_touched := ARRAY[OLD.person_id];
            old_owner := OLD.owner_id;
        END IF;
    ELSE  -- person_attributes, person_tags: owned through their person
        IF TG_OP <> 'DELETE' THEN
            touched := ARRAY[NEW.person_id];
            SELECT p.owner_id INTO owner FROM people p WHERE p.id = NEW.person_id;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            old_touched := ARRAY[OLD.person_id];
            SELECT p.owner_id INTO old_owner FROM people p WHERE p.id = OLD.person_id;
        END IF;
    END IF;
    IF owner IS NOT DISTINCT FROM old_owner THEN  -- one owner: note both rows' people
        touched := ARRAY(SELECT DISTINCT unnest(touched || old_touched));
        owner := coalesce(owner, old_owner);
        old_owner := NULL;
    END IF;
    -- an owner of NULL: the row's person is being deleted, which notes itself
    IF owner IS NOT NULL THEN
        PERFORM network_version_note(owner, touched);
    END IF;
    IF old_owner IS NOT NULL THEN  -- moved from another owner
        PERFORM network_version_note(old_owner, old_touched);
    END IF;
    RETURN NULL;
END
$$
"""

NOTE_FUNCTION = """
CREATE FUNCTION network_version_note(owner integer, touched integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    noted_version bigint;
BEGIN
    -- bump at most once per transaction: updating one row again and again
    -- leaves a chain of row versions that every later update walks
    SELECT version INTO noted_version FROM network_versions
        WHERE owner_id = owner AND bumped_in = txid_current();
    IF NOT FOUND THEN
        INSERT INTO network_versions AS v (owner_id, version, bumped_in)
        VALUES (owner, 1, txid_current())
        ON CONFLICT (owner_id) DO UPDATE
            SET version = v.version + 1, bumped_in = excluded.bumped_in
        RETURNING version INTO noted_version;
    END IF;
    INSERT INTO network_changes AS c (owner_id, person_id, version)
    SELECT owner, person, noted_version FROM unnest(touched) AS person
    ON CONFLICT (owner_id, person_id) DO UPDATE SET version = excluded.version
        WHERE c.version <> excluded.version;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "network_changes",
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "person_id", name=op.f("pk_network_changes")),
    )
    # a snapshot stored before this migration has no notes to catch up from
    op.execute("DELETE FROM network_snapshots")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTE_FUNCTION)
        op.execute(ROW_FUNCTION)  # the triggers of 0003 call it by name
        # stored as is: compressing a 9 MB snapshot (numpy arrays, which shrink
        # little) on every store cost 0.3 s of the 0.45 s its write took
        op.execute(
            "ALTER TABLE network_snapshots ALTER COLUMN payload SET STORAGE EXTERNAL, "
            "ALTER COLUMN scores SET STORAGE EXTERNAL"
        )
        return
    for table in PEOPLE_OF_ROW:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER network_version_after_{event}_{table}")
            op.execute(_sqlite_trigger(table, event))


def downgrade() -> None:
    previous = _previous()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(previous.ROW_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
        op.execute("DROP FUNCTION network_version_note(integer, integer[])")
        op.execute(
            "ALTER TABLE network_snapshots ALTER COLUMN payload SET STORAGE EXTENDED, "
            "ALTER COLUMN scores SET STORAGE EXTENDED"
        )
    else:
        for table in PEOPLE_OF_ROW:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER network_version_after_{event}_{table}")
        for statement in previous._sqlite_triggers():
            op.execute(statement)
    op.execute("DELETE FROM network_snapshots")  # they may have caught up from notes
    op.drop_table("network_changes")
