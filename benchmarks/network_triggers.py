"""What the network triggers cost writes: the same writes with no triggers, 0003's, and 0004's.

    python benchmarks/network_triggers.py            # 20,000 people
    python benchmarks/network_triggers.py --quick    # 2,000

Triggers on people, person_emails, person_attributes, person_tags and ties
keep each owner's network version (migration 0003) and, since 0004, a note of
every person a write touched (``network_changes``), so that `salon suggest
meet` rereads only those people after a change.  Every write pays for that.
This script times the same writes on three schemas:

* no triggers: the newest schema with the network triggers (and on
  PostgreSQL their function) dropped, the floor;
* 0003: the newest schema with 0003's triggers in place of 0004's (the
  version bumped; ``network_changes`` is there but nothing writes it);
* head (0004's triggers): the version bumped and the touched people noted.

Every state is the newest schema, so the same ORM models write to all three
(a store migrated only to 0003 lacks the columns later migrations added to
tables the writes read, such as ``accounts.email``).

Two workloads, on a fresh copy of a migrated database holding one account:

* bulk: in ONE transaction, N people by a Core ``insert(Person)`` executemany,
  one attribute each, 3 random ties per person (unique, a < b), the shape of
  an import;
* small transactions: then, 500 transactions each updating one person's
  organization and adding one tie, the "log a conversation" pattern.

Both backends: SQLite in a temp file, and PostgreSQL at --postgres (a
database per run, created from a migrated template and dropped at the end;
skipped with the reason if the server cannot be reached).  Each measurement
is repeated (--repeat, 3) with the states interleaved, and the best wall and
the best CPU seconds are kept, each on its own, and the median of the small
transactions over all runs (a few that waited for the shared cores move the
total but not the median).  CPU is this process's: on
SQLite it includes the triggers, on PostgreSQL they run in the server and show
only in the wall time.  After each run the stored rows are checked: the same
people and ties in every state, the version bumped only where triggers are,
and under head a note for every person.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import NamedTuple, TypeVar

from sqlalchemy import Engine, create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url

from salon.db.models import Person, PersonAttribute, Tie
from salon.db.store import MIGRATIONS, Store, create_store_engine, upgrade
from salon.services.accounts import owner_account

POSTGRES_URL = os.environ.get(
    "SALON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
#: schema state -> the migration whose triggers it has (all are at the newest schema)
STATES = {"no triggers": "none", "0003: version": "0003", "head: version + notes": "head"}
FLOOR = "no triggers"
TRIGGERED_TABLES = 5  # people, person_emails, person_attributes, person_tags, ties
COUNTRIES = [f"country {i}" for i in range(60)]
T = TypeVar("T")


class Timing(NamedTuple):
    """Wall-clock and CPU seconds: on a shared machine the CPU time is the steadier one."""

    wall: float
    cpu: float


def timed(fn: Callable[[], T]) -> tuple[Timing, T]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), result


def best(timings: list[Timing]) -> Timing:
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


class Workload(NamedTuple):
    """The writes, drawn once so that every state stores exactly the same rows."""

    people: list[dict[str, str]]
    countries: list[str]
    ties: list[tuple[int, int]]  # positions in ``people``, a < b
    #: per small transaction: (person to update, new organization, tie to add)
    edits: list[tuple[int, str, tuple[int, int]]]


def draw(n_people: int, ties_per_person: int, n_edits: int, seed: int) -> Workload:
    rng = random.Random(seed)
    people = [
        {"name": f"Person {i}", "name_key": f"person {i}", "organization": f"org {i % 997}"}
        for i in range(n_people)
    ]
    ties: set[tuple[int, int]] = set()
    for i in range(n_people):
        for _ in range(ties_per_person):
            j = rng.randrange(n_people)
            if j != i:
                ties.add((min(i, j), max(i, j)))
    bulk_ties = sorted(ties)
    if n_people * (n_people - 1) // 2 - len(ties) < n_edits:
        raise ValueError(f"{n_people} people leave fewer than {n_edits} pairs untied for the edits")
    edits: list[tuple[int, str, tuple[int, int]]] = []
    while len(edits) < n_edits:
        i, j = sorted(rng.sample(range(n_people), 2))
        if (i, j) not in ties:
            ties.add((i, j))  # unique across the edits too
            edits.append((rng.randrange(n_people), f"met again {len(edits)}", (i, j)))
    return Workload(people, [rng.choice(COUNTRIES) for _ in range(n_people)], bulk_ties, edits)


def bulk(store: Store, work: Workload) -> list[int]:
    """An import's shape, in one transaction; returns the new people's ids in order."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        session.execute(insert(Person), [{"owner_id": owner.id, **row} for row in work.people])
        ids = list(
            session.scalars(select(Person.id).where(Person.is_me.is_(False)).order_by(Person.id))
        )
        session.execute(
            insert(PersonAttribute),
            [
                {"person_id": pid, "key": "country", "value": country}
                for pid, country in zip(ids, work.countries, strict=True)
            ],
        )
        session.execute(
            insert(Tie),
            [
                {"owner_id": owner.id, "person_a_id": ids[a], "person_b_id": ids[b], "support": []}
                for a, b in work.ties
            ],
        )
    return ids


def small_transactions(store: Store, work: Workload, ids: list[int]) -> list[float]:
    """One transaction per logged conversation: a field of one person, one new tie.

    Returns each transaction's wall seconds: their median, unlike the total,
    is not moved by a few transactions that waited for the shared cores.
    """
    seconds = []
    for who, organization, (a, b) in work.edits:
        start = time.perf_counter()
        with store.transaction() as session:
            owner = owner_account(session, "me")
            session.execute(
                update(Person).where(Person.id == ids[who]).values(organization=organization)
            )
            session.execute(
                insert(Tie),
                {"owner_id": owner.id, "person_a_id": ids[a], "person_b_id": ids[b], "support": []},
            )
        seconds.append(time.perf_counter() - start)
    return seconds


def check(store: Store, state: str, work: Workload) -> None:
    """The writes landed, the same in every state, and the triggers did their part."""
    with store.reading() as session:
        people = session.scalar(select(func.count(Person.id)))
        ties = session.scalar(select(func.count(Tie.id)))
        version = session.scalar(text("SELECT max(version) FROM network_versions"))
        notes = (
            session.scalar(text("SELECT count(*) FROM network_changes"))
            if STATES[state] == "head"
            else None
        )
    assert people == len(work.people) + 1, (state, people)
    assert ties == len(work.ties) + len(work.edits), (state, ties)
    if state == FLOOR:
        assert version is None, (state, version)  # the account came after the migration
    else:
        assert version is not None, state
        assert version > len(work.edits), (state, version)
    if notes is not None:
        assert notes == people, (state, notes, people)


def drop_triggers(engine: Engine) -> None:
    """The network triggers dropped: what a write costs with none."""
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        if postgres:
            found = connection.execute(
                text(
                    "SELECT tgname, tgrelid::regclass::text FROM pg_trigger "
                    "WHERE NOT tgisinternal AND tgname LIKE 'network_version%'"
                )
            ).all()
        else:
            found = connection.execute(
                text("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
            ).all()
        assert len(found) == TRIGGERED_TABLES * 3, found  # insert, update, delete each
        for name, table in found:
            connection.execute(
                text(f'DROP TRIGGER "{name}" ON {table}' if postgres else f'DROP TRIGGER "{name}"')
            )
        if postgres:
            connection.execute(text("DROP FUNCTION network_version_bump_row()"))


def _migration(name: str) -> ModuleType:
    """A migration script as a module, for the trigger SQL it declares."""
    path = MIGRATIONS / "versions" / name
    spec = importlib.util.spec_from_file_location(f"salon_migration_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def use_0003_triggers(engine: Engine) -> None:
    """0004's triggers replaced by 0003's, as 0004's downgrade does (its table stays)."""
    v3 = _migration("0003_network_versions.py")
    v4 = _migration("0004_network_changes.py")
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # the triggers call the row function by name: 0003's body bumps only
            connection.exec_driver_sql(
                v3.ROW_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
            )
            return
        for table in v4.PEOPLE_OF_ROW:
            for event in v4.EVENTS:
                connection.exec_driver_sql(f"DROP TRIGGER network_version_after_{event}_{table}")
        for statement in v3._sqlite_triggers():
            connection.exec_driver_sql(statement)


def prepare(url: str, state: str) -> None:
    """Migrate ``url`` to the newest schema with ``state``'s triggers, and give it its account."""
    engine = create_store_engine(url)
    upgrade(engine)
    if state == FLOOR:
        drop_triggers(engine)
    elif STATES[state] == "0003":
        use_0003_triggers(engine)
    engine.dispose()
    store = Store(url, migrate=False)
    with store.transaction() as session:
        owner_account(session, "me")
    store.dispose()


class SQLiteBackend:
    """Fresh databases in a given state: copies of one migrated template file per state."""

    name = "SQLite (temp file, WAL)"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, state: str) -> Path:
        return self.folder / f"template-{list(STATES).index(state)}.sqlite"

    def template(self, state: str) -> None:
        prepare(f"sqlite:///{self._path(state)}", state)

    @contextmanager
    def fresh(self, state: str) -> Iterator[Store]:
        path = self.folder / "run.sqlite"
        shutil.copyfile(self._path(state), path)
        store = Store(f"sqlite:///{path}", migrate=False)
        try:
            yield store
        finally:
            store.dispose()
            for leftover in self.folder.glob("run.sqlite*"):
                leftover.unlink()


class PostgresBackend:
    """Fresh databases in a given state: created from one migrated template database per state."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(
            url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
        )
        self.prefix = f"salon_bench_triggers_{uuid.uuid4().hex[:8]}"
        self.created: list[str] = []
        with self.admin.connect() as connection:
            server = str(connection.scalar(text("SHOW server_version"))).split()[0]
        self.name = f"PostgreSQL {server} ({self.url.host}:{self.url.port})"

    def _create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as connection:
            clause = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.created.remove(name)

    def _template_name(self, state: str) -> str:
        return f"{self.prefix}_t{list(STATES).index(state)}"

    def template(self, state: str) -> None:
        prepare(self._create(self._template_name(state)), state)

    @contextmanager
    def fresh(self, state: str) -> Iterator[Store]:
        name = f"{self.prefix}_run"
        store = Store(self._create(name, self._template_name(state)), migrate=False)
        try:
            yield store
        finally:
            store.dispose()
            self._drop(name)

    def close(self) -> None:
        for name in list(self.created):
            self._drop(name)
        self.admin.dispose()


Backend = SQLiteBackend | PostgresBackend


class Result(NamedTuple):
    bulk: Timing
    small: Timing
    #: the median of the small transactions, over all runs
    median_small: float


def measure(backend: Backend, work: Workload, repeat: int) -> dict[str, Result]:
    for state in STATES:
        backend.template(state)
    bulks: dict[str, list[Timing]] = {state: [] for state in STATES}
    smalls: dict[str, list[Timing]] = {state: [] for state in STATES}
    each: dict[str, list[float]] = {state: [] for state in STATES}
    for _ in range(repeat):
        for state in STATES:  # interleaved, so a busy spell on the machine hits all states
            with backend.fresh(state) as store:
                t_bulk, ids = timed(lambda: bulk(store, work))
                t_small, seconds = timed(lambda: small_transactions(store, work, ids))  # noqa: B023 (called at once)
                check(store, state, work)
            bulks[state].append(t_bulk)
            smalls[state].append(t_small)
            each[state].extend(seconds)
    return {
        state: Result(best(bulks[state]), best(smalls[state]), statistics.median(each[state]))
        for state in STATES
    }


def report(name: str, work: Workload, results: dict[str, Result]) -> None:
    floor = results[FLOOR]
    print(
        f"\n{name}: {len(work.people):,} people, {len(work.people):,} attributes, "
        f"{len(work.ties):,} ties in one transaction; then {len(work.edits)} small transactions"
    )
    print(
        f"{'schema state':<24}{'bulk s':>9}{'CPU s':>8}{'x no-triggers':>15}"
        f"{'small-transactions s':>22}{'CPU s':>8}{'x no-triggers':>15}"
        f"{'median ms':>11}{'x':>6}"
    )
    for state, result in results.items():
        print(
            f"{state:<24}{result.bulk.wall:>9.2f}{result.bulk.cpu:>8.2f}"
            f"{result.bulk.wall / floor.bulk.wall:>8.2f}{result.bulk.cpu / floor.bulk.cpu:>7.2f}"
            f"{result.small.wall:>22.2f}{result.small.cpu:>8.2f}"
            f"{result.small.wall / floor.small.wall:>8.2f}"
            f"{result.small.cpu / floor.small.cpu:>7.2f}"
            f"{result.median_small * 1e3:>11.2f}{result.median_small / floor.median_small:>6.2f}"
        )
    print(
        "(best of the runs, wall and CPU each on its own; x no-triggers: wall ratio, then CPU "
        "ratio;\n median ms: the median small transaction, wall, over all runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--ties-per-person", type=int, default=3)
    parser.add_argument("--edits", type=int, default=500, help="small transactions")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=POSTGRES_URL, help="a server to create databases on")
    parser.add_argument("--quick", action="store_true", help="2,000 people")
    args = parser.parse_args()
    if args.quick:
        args.people = 2_000
    if args.people < 2 or args.edits < 0 or args.repeat < 1 or args.ties_per_person < 0:
        parser.error("need --people >= 2, --edits >= 0, --ties-per-person >= 0, --repeat >= 1")
    try:
        work = draw(args.people, args.ties_per_person, args.edits, seed=7)
    except ValueError as problem:
        parser.error(str(problem))
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = SQLiteBackend(Path(tmp))
        report(sqlite.name, work, measure(sqlite, work, args.repeat))
    try:
        postgres = PostgresBackend(args.postgres)
    except Exception as exc:  # any failure to connect means: no PostgreSQL here
        safe = make_url(args.postgres).render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"\nPostgreSQL skipped: not reachable at {safe} ({type(exc).__name__}: {reason})")
    else:
        try:
            report(postgres.name, work, measure(postgres, work, args.repeat))
        finally:
            postgres.close()
    print(f"\nload average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
