"""Several processes writing one store at once: no failure, nobody twice.

Two imports of one file for one owner used to add everyone twice; a new
``--owner`` created by two commands at once failed on the accounts' unique
name; and nothing in the database said that one owner has one person per
profile URL.  Each test runs real ``salon`` processes side by side.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from salon.db.models import Account, Person, PersonEmail
from salon.db.store import Store, create_store_engine, current_revision, head_revision, upgrade
from salon.errors import DuplicateError

N_PEOPLE = 400


def linkedin_file(path: Path, n: int = N_PEOPLE) -> Path:
    """A LinkedIn connections export of ``n`` distinct people (half with an e-mail)."""
    lines = [
        "Notes:",
        '"exported"',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(n):
        email = f"person{i}@example.org" if i % 2 else ""
        lines.append(
            f"Person{i},Surname{i % 37},https://www.linkedin.com/in/person-{i},{email},"
            f"Company {i % 11},Role {i % 5},01 Mar 2025"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_at_once(*commands: list[str]) -> list[tuple[int, str]]:
    """Start every ``salon`` command, then wait for all: [(exit code, stderr)]."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "salon.cli.main", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    results = []
    for process in processes:
        _, err = process.communicate(timeout=300)
        results.append((process.returncode, err))
    return results


def test_two_imports_of_one_file_at_once_store_everyone_once(
    store_url: str, tmp_path: Path
) -> None:
    path = linkedin_file(tmp_path / "connections.csv")
    Store(store_url).dispose()
    results = run_at_once(*(["--db", store_url, "import", "linkedin", str(path)] for _ in range(3)))
    assert results == [(0, "")] * 3
    store = Store(store_url)
    with store.reading() as session:
        n_people = session.scalar(select(func.count()).select_from(Person))
        n_emails = session.scalar(select(func.count()).select_from(PersonEmail))
    store.dispose()
    assert n_people == N_PEOPLE + 1  # and "me"
    assert n_emails == N_PEOPLE // 2


def test_a_new_owner_created_by_four_commands_at_once_exists_once(store_url: str) -> None:
    Store(store_url).dispose()
    results = run_at_once(
        *(["--db", store_url, "--owner", "newcomer", "person", "list"] for _ in range(4))
    )
    assert results == [(0, "")] * 4
    store = Store(store_url)
    with store.reading() as session:
        accounts = session.scalars(select(Account.name)).all()
        n_me = session.scalar(select(func.count()).where(Person.is_me.is_(True)))
    store.dispose()
    assert accounts == ["newcomer"]
    assert n_me == 1


def _store_at_0004_with_a_duplicate_url(url: str) -> None:
    engine = create_store_engine(url)
    upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO accounts (id, name, created_at) VALUES (1, 'me', '2026-01-01')")
        )
        for person_id, name in ((1, "me"), (2, "Ana Lopez"), (3, "Ana López"), (4, "Raj")):
            connection.execute(
                text(
                    "INSERT INTO people (id, owner_id, name, name_key, is_me, url, "
                    "created_at, updated_at) VALUES (:id, 1, :name, :key, :me, :url, "
                    "'2026-01-01', '2026-01-01')"
                ),
                {
                    "id": person_id,
                    "name": name,
                    "key": name.casefold(),
                    "me": person_id == 1,
                    "url": "https://linkedin.com/in/ana" if person_id in (2, 3) else None,
                },
            )
    engine.dispose()


def test_upgrading_a_store_with_two_people_on_one_url_is_refused_naming_them(
    empty_url: str,
) -> None:
    _store_at_0004_with_a_duplicate_url(empty_url)
    with pytest.raises(DuplicateError) as refused:
        Store(empty_url)
    message = str(refused.value)
    assert "owner 'me': https://linkedin.com/in/ana (people 2, 3)" in message
    assert "salon db upgrade --merge-duplicates" in message
    engine = create_store_engine(empty_url)
    assert current_revision(engine) == "0004"  # nothing changed
    engine.dispose()


def test_db_upgrade_merge_duplicates_merges_them_and_upgrades(empty_url: str) -> None:
    _store_at_0004_with_a_duplicate_url(empty_url)
    ((code, err),) = run_at_once(["--db", empty_url, "db", "upgrade", "--merge-duplicates"])
    assert (code, err) == (0, "")
    store = Store(empty_url)
    assert current_revision(store.engine) == head_revision()
    with store.reading() as session:
        people = session.execute(select(Person.id, Person.url).order_by(Person.id)).all()
    store.dispose()
    assert people == [(1, None), (2, "https://linkedin.com/in/ana"), (4, None)]


def test_the_database_refuses_a_second_person_with_the_same_url(store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.transaction() as session:
        for name in ("Ana", "Ana again"):
            session.add(
                Person(owner_id=1, name=name, name_key=name, url="https://linkedin.com/in/ana")
            )
        session.add(Account(id=1, name="me"))
        session.flush()
