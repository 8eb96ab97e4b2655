"""Opening a store: SQLite settings, bad URLs, first use, and transactions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from salon.db.models import Account, Interaction, Person
from salon.db.store import Store, current_revision, head_revision
from salon.errors import InputError, StoreError
from salon.services.accounts import owner_account


def test_sqlite_store_runs_in_wal_mode_with_foreign_keys_on(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'salon.sqlite'}")
    try:
        with store.reading() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.dispose()


def test_sqlite_foreign_keys_cascade_when_an_account_is_deleted(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'salon.sqlite'}")
    try:
        with store.transaction() as session:
            owner_account(session, "alice")
        with store.transaction() as session:
            session.execute(text("DELETE FROM accounts"))
        with store.reading() as session:
            # the "me" person was removed by ON DELETE CASCADE, which needs foreign keys on
            assert session.scalar(select(func.count(Person.id))) == 0
    finally:
        store.dispose()


def test_new_store_file_is_created_with_its_folder_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "salon.sqlite"
    store = Store(f"sqlite:///{path}")
    try:
        assert path.is_file()
        assert current_revision(store.engine) == head_revision()
    finally:
        store.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "not a url at all",
        "nosuchdialect://localhost/db",
        "mssql+pymssql://sa:pw@127.0.0.1/salon",
        "postgresql+psycopg://nobody@127.0.0.1:1/nowhere?connect_timeout=1",
    ],
)
def test_store_on_a_bad_url_raises_store_error(url: str) -> None:
    with pytest.raises(StoreError) as raised:
        Store(url)
    assert ":pw@" not in str(raised.value)


def test_store_on_an_unopenable_sqlite_path_raises_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="a-file"):
        Store(f"sqlite:///{blocker / 'salon.sqlite'}")


def test_failed_transaction_leaves_the_store_as_before(store: Store) -> None:
    with store.transaction() as session:
        owner_account(session, "alice")
    with pytest.raises(RuntimeError, match="boom"):
        with store.transaction() as session:
            owner_account(session, "bob")
            raise RuntimeError("boom")
    with store.reading() as session:
        assert list(session.scalars(select(Account.name))) == ["alice"]


def test_safe_url_hides_the_password() -> None:
    store = Store("postgresql+psycopg://salon:s3cret@127.0.0.1:1/x", migrate=False)
    try:
        assert "s3cret" not in store.safe_url
        assert "salon" in store.safe_url
    finally:
        store.dispose()


def test_a_string_too_long_for_its_column_is_an_input_error_on_every_backend(
    store: Store,
) -> None:
    # PostgreSQL would raise a driver error and SQLite keep the value: both refuse it alike
    with pytest.raises(InputError, match="channel is 60 characters long, at most 50") as raised:
        with store.transaction() as session:
            owner = owner_account(session, "alice")
            session.add(
                Interaction(owner_id=owner.id, occurred_on=dt.date(2025, 1, 1), channel="x" * 60)
            )
    assert raised.value.field == "interactions.channel"
    with store.reading() as session:
        assert session.scalar(select(func.count(Account.id))) == 0
    with store.transaction() as session:  # at the limit it is stored
        owner = owner_account(session, "alice")
        session.add(
            Interaction(owner_id=owner.id, occurred_on=dt.date(2025, 1, 1), channel="x" * 50)
        )
