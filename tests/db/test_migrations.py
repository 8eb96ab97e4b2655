"""Alembic migrations on SQLite and PostgreSQL: up, down, up again, and in step with the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from salon.db.models import Base
from salon.db.store import (
    alembic_config,
    create_store_engine,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)

APP_TABLES = set(Base.metadata.tables)


def _tables(url: str) -> set[str]:
    engine = create_store_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_go_from_empty_to_head_to_base_and_back_to_head(empty_url: str) -> None:
    engine = create_store_engine(empty_url)
    try:
        assert current_revision(engine) is None
        assert _tables(empty_url) == set()

        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert _tables(empty_url) == APP_TABLES

        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert _tables(empty_url) == set()

        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert _tables(empty_url) == APP_TABLES
    finally:
        engine.dispose()


def test_the_revisions_salon_reads_without_alembic_are_alembics(empty_url: str) -> None:
    """Opening a store compares revisions without importing Alembic: same answers."""

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
    engine = create_store_engine(empty_url)
    try:
        for step in (None, "0001", "0002", "head", "base"):
            if step == "base":
                downgrade(engine, step)
            elif step is not None:
                upgrade(engine, step)
            with engine.connect() as connection:
                expected = MigrationContext.configure(connection).get_current_revision()
            assert current_revision(engine) == expected
    finally:
        engine.dispose()


def test_models_and_migrations_agree(empty_url: str) -> None:
    engine = create_store_engine(empty_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_postgresql_stores_snapshots_uncompressed(empty_url: str) -> None:
    """A snapshot is numpy arrays that shrink little: compressing them cost most of a store."""
    if not empty_url.startswith("postgresql"):
        pytest.skip("storage settings are PostgreSQL's; SQLite never compresses")
    engine = create_store_engine(empty_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            storage = dict(
                connection.exec_driver_sql(
                    "SELECT attname, attstorage FROM pg_attribute "
                    "WHERE attrelid = 'network_snapshots'::regclass "
                    "AND attname IN ('payload', 'scores')"
                ).all()
            )
        assert storage == {"payload": "e", "scores": "e"}
    finally:
        engine.dispose()


def test_signup_attempts_come_and_go_with_0010_and_nothing_else_is_touched(
    empty_url: str,
) -> None:
    engine = create_store_engine(empty_url)
    try:
        upgrade(engine, "0008")
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO accounts (name, created_at) VALUES ('kept', CURRENT_TIMESTAMP)")
            )
        upgrade(engine, "0010")
        assert "signup_attempts" in _tables(empty_url)
        indexes = {i["name"] for i in inspect(engine).get_indexes("signup_attempts")}
        assert indexes == {"ix_signup_attempts_address", "ix_signup_attempts_attempted_at"}
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO signup_attempts (address, attempted_at) "
                    "VALUES ('203.0.113.7', CURRENT_TIMESTAMP)"
                )
            )
        downgrade(engine, "0008")
        assert "signup_attempts" not in _tables(empty_url)
        with engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM accounts")).scalars().all()
        assert names == ["kept"]
        upgrade(engine)
        assert _tables(empty_url) == APP_TABLES
    finally:
        engine.dispose()
