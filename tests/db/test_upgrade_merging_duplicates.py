"""``salon db upgrade --merge-duplicates`` whatever migrations come after 0008.

The merge uses the ORM models, which describe the newest schema only.  It
used to run at revision 0007, so a later migration adding a column to a
table the merge reads (members, events, attendance, ...) broke it.  Now 0008
leaves the index plain, every migration runs, and the merge and the unique
index follow at head, in the upgrade's one transaction.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from tests.db.conftest import POSTGRES_TIER
from tests.db.test_fault_injection import SEED, Stores, integrity, run

from salon.db.store import MIGRATIONS, Store, create_store_engine, current_revision, head_revision
from salon.db.store import upgrade as upgrade_to
from salon.errors import DuplicateError
from salon.services import duplicates

ANA = "https://linkedin.com/in/ana"
LATER = "9001"

# members get a column 0007 lacks: the kind of change migration 0009 makes
LATER_MIGRATION = '''"""members get a role (a later migration, made up by the test)"""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(20), nullable=False, server_default="member")
        )


def downgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("role")
'''

# salon as it would be with that migration: its scripts, and a model that maps the column
WITH_LATER_MIGRATION = """
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import mapped_column

import salon.db.store
from salon.db.models import Member

salon.db.store.MIGRATIONS = Path(sys.argv[1])
Member.role = mapped_column(sa.String(20), server_default="member")
assert "role" in Member.__table__.c

from salon.cli.main import app

app(sys.argv[2:], prog_name="salon")
"""


def at_0007_with_a_duplicate_url(url: str) -> None:
    """Ana twice on one URL (the second in a meetup group), Raj, and the owner."""
    engine = create_store_engine(url)
    upgrade_to(engine, "0007")
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
                    "url": ANA if person_id in (2, 3) else None,
                },
            )
        connection.execute(
            text("INSERT INTO communities (id, owner_id, name) VALUES (1, 1, 'Founders')")
        )
        connection.execute(
            text(
                "INSERT INTO members (community_id, person_id, intent, is_organiser) "
                "VALUES (1, 3, 'learn', false), (1, 4, 'both', false)"
            )
        )
    engine.dispose()


def store_state(url: str) -> tuple[str | None, list[tuple[int, str | None]], bool, list[int]]:
    """(revision, people (id, url), whether URLs are unique, members' person ids)."""
    engine = create_store_engine(url)
    try:
        with engine.connect() as connection:
            people = [
                (int(i), u)
                for i, u in connection.execute(text("SELECT id, url FROM people ORDER BY id"))
            ]
            members = list(
                connection.execute(text("SELECT person_id FROM members ORDER BY 1")).scalars()
            )
            indexes = inspect(connection).get_indexes("people")
        unique = any(i["name"] == "uq_people_owner_url" for i in indexes)
        return current_revision(engine), people, unique, members
    finally:
        engine.dispose()


BEFORE = ("0007", [(1, None), (2, ANA), (3, ANA), (4, None)], False, [3, 4])
MERGED = ([(1, None), (2, ANA), (4, None)], True, [2, 4])


def test_the_merge_runs_after_a_later_migration_added_a_column_it_reads(
    empty_url: str, tmp_path: Path
) -> None:
    at_0007_with_a_duplicate_url(empty_url)
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / f"{LATER}_member_roles.py").write_text(
        LATER_MIGRATION.format(revision=LATER, down=head_revision()), encoding="utf-8"
    )
    upgrade = ["--db", empty_url, "db", "upgrade", "--merge-duplicates"]
    done = subprocess.run(
        [sys.executable, "-c", WITH_LATER_MIGRATION, str(migrations), *upgrade],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert "Merged 1 people who shared a profile URL." in done.stdout
    assert f"schema at revision {LATER}" in done.stdout
    assert store_state(empty_url) == (LATER, *MERGED)
    engine = create_store_engine(empty_url)
    with engine.connect() as connection:  # the later migration's column, its default kept
        roles = connection.execute(text("SELECT person_id, role FROM members ORDER BY 1")).all()
    engine.dispose()
    assert [tuple(r) for r in roles] == [(2, "member"), (4, "member")]


def test_a_failure_between_the_merge_and_the_unique_index_leaves_the_store_as_it_was(
    empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_0007_with_a_duplicate_url(empty_url)

    def killed(_connection: object) -> None:
        raise RuntimeError("killed between the merge and the unique index")

    with monkeypatch.context() as patched:
        patched.setattr(duplicates, "make_profile_urls_unique", killed)
        store = Store(empty_url, migrate=False)
        with pytest.raises(RuntimeError, match="killed between"):
            duplicates.merge_duplicate_identities(store)
        store.dispose()
    assert store_state(empty_url) == BEFORE  # neither the migrations nor the merge
    with pytest.raises(DuplicateError, match="--merge-duplicates"):
        Store(empty_url)
    store = Store(empty_url, migrate=False)
    assert duplicates.merge_duplicate_identities(store) == 1  # the way out completes it
    store.dispose()
    assert store_state(empty_url) == (head_revision(), *MERGED)


def test_merging_a_store_without_duplicates_only_upgrades_it(empty_url: str) -> None:
    engine = create_store_engine(empty_url)
    upgrade_to(engine, "0007")
    engine.dispose()
    store = Store(empty_url, migrate=False)
    assert duplicates.merge_duplicate_identities(store) == 0
    assert duplicates.merge_duplicate_identities(store) == 0  # at head: nothing to do
    store.dispose()
    revision, people, unique, members = store_state(empty_url)
    assert (revision, people, unique, members) == (head_revision(), [], True, [])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=POSTGRES_TIER)])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stores]:
    found = Stores(request.param, tmp_path)
    yield found
    found.close()


def test_a_killed_merging_upgrade_leaves_the_store_before_or_after(stores: Stores) -> None:
    """SIGKILL at random moments of the work: the old store or the merged one, never between."""
    rng = random.Random(f"{SEED}-{stores.backend}-merge-duplicates")
    print(f"fault injection seed {SEED} (SALON_FAULT_SEED replays it)")
    template = stores.template(at_0007_with_a_duplicate_url)
    complete = stores.copy(template)

    def upgrade(url: str) -> list[str]:
        return ["--db", url, "db", "upgrade", "--merge-duplicates"]

    duration, _ = run(upgrade(complete))
    after = store_state(complete)
    assert after == (head_revision(), *MERGED)
    for attempt in range(3):
        url = stores.copy(template)
        delay = rng.uniform(0, duration * 1.1)
        run(upgrade(url), kill_after=delay)
        where = f"seed {SEED}, kill {attempt} after {delay:.3f} s of {duration:.3f} s"
        assert integrity(url) == "ok", where
        assert store_state(url) in (BEFORE, after), where
        run(upgrade(url))  # and the way out finishes it
        assert store_state(url) == after, where
