"""Migrations that cannot be half-applied: one transaction, one migrator at a time.

An older salon committed SQLite DDL statement by statement, so a first use or
an upgrade killed half-way left a store that no later command could open; and
four processes opening a fresh store at once raced each other to create it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from salon.db.models import Base
from salon.db.store import Store, create_store_engine, current_revision, head_revision, upgrade
from salon.errors import StoreError

OPEN_STORE = "import sys; from salon.db.store import Store; Store(sys.argv[1]).dispose()"


def _sqlite_master_sql(url: str, name: str) -> str:
    """The CREATE statement of ``name`` in a store migrated to head."""
    engine = create_engine(url)
    with engine.connect() as connection:
        sql = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = :name"), {"name": name}
        ).scalar_one()
    engine.dispose()
    return str(sql)


def _autocommit(url: str, *statements: str) -> None:
    """Run statements the way pysqlite used to run DDL: each committed on its own."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


def test_four_processes_opening_a_fresh_store_at_once_all_succeed(empty_url: str) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_STORE, empty_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], errors
    engine = create_store_engine(empty_url)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    engine.dispose()


def test_a_first_use_killed_half_way_by_an_older_salon_is_repaired(tmp_path: Path) -> None:
    reference = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    Store(reference).dispose()
    url = f"sqlite:///{tmp_path / 'salon.sqlite'}"
    # what the older salon left: some tables and an index of 0001, no alembic_version
    _autocommit(
        url,
        _sqlite_master_sql(reference, "accounts"),
        _sqlite_master_sql(reference, "people"),
        _sqlite_master_sql(reference, "ix_people_owner_name_key"),
    )
    store = Store(url)
    assert current_revision(store.engine) == head_revision()
    with store.transaction() as session:
        assert session.execute(text("SELECT count(*) FROM people")).scalar() == 0
    store.dispose()


def test_an_upgrade_killed_half_way_by_an_older_salon_is_repaired(tmp_path: Path) -> None:
    reference = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    Store(reference).dispose()
    url = f"sqlite:///{tmp_path / 'salon.sqlite'}"
    engine = create_store_engine(url)
    upgrade(engine, "0003")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO accounts (name, created_at) VALUES ('me', '2026-01-01')")
        )
    engine.dispose()
    # 0004 had created its table before the kill; alembic_version still says 0003
    _autocommit(url, _sqlite_master_sql(reference, "network_changes"))

    store = Store(url)
    assert current_revision(store.engine) == head_revision()
    with store.reading() as session:
        assert session.execute(text("SELECT name FROM accounts")).scalars().all() == ["me"]
    store.dispose()


def test_a_store_missing_a_table_of_its_revision_is_refused_with_the_way_out(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'salon.sqlite'}"
    engine = create_store_engine(url)
    upgrade(engine, "0003")
    engine.dispose()
    _autocommit(url, "DROP TABLE network_versions")
    with pytest.raises(StoreError, match=r"tables missing: network_versions.*import json"):
        Store(url)
    engine = create_store_engine(url)
    assert current_revision(engine) == "0003"  # refused before anything was changed
    engine.dispose()


def test_tables_that_are_not_salons_are_left_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'salon.sqlite'}"
    _autocommit(url, "CREATE TABLE notes_of_another_tool (x INTEGER)")
    Store(url).dispose()
    engine = create_store_engine(url)
    assert "notes_of_another_tool" in inspect(engine).get_table_names()
    engine.dispose()
