"""Short writes while an import runs: how many succeed, wait, fail, and how long they take.

    python benchmarks/contention.py            # 20,000-person import
    python benchmarks/contention.py --quick    # 5,000

On each backend (SQLite in a temp file; PostgreSQL at --postgres, skipped with
the reason when unreachable), a fresh store with one owner gets:

* one ``salon import linkedin`` of N distinct people, in its own process, as
  a user would run it (the reference: how long it takes alone, measured
  first on a copy of the same store);
* at the same time, 3 writer processes, each making short writes in a loop
  (alternately ``person add`` and ``log`` of a conversation with that
  person, through the services, each in its own ``Store.transaction()``),
  until the import has ended, pausing 50 ms between writes.

Reported per backend: writes attempted, succeeded, retried (the transaction
found SQLite's write lock taken and tried again), failed with a message (a
``SalonError``, e.g. StoreBusyError), tracebacks (any other exception), lost
(a write reported as succeeded whose person is not in the store afterwards),
the share that succeeded within 10 s, latency p50/p95/max, and the import
under contention beside the import alone.  Targets (issue 13): 0 tracebacks,
0 lost, at least 99 % of the short writes succeeding within 10 s on SQLite.
Bounded: the import is the only unbounded part (about 10 to 40 s here).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from salon.db.models import Person
from salon.db.store import Store
from salon.errors import SalonError
from salon.services.accounts import owner_account
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.people import PersonFields, add_person

sys.path.insert(0, str(Path(__file__).parent))
from io_parsers import linkedin_file

POSTGRES_URL = os.environ.get(
    "SALON_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
#: one short write: (ok | message | traceback, seconds, whether it retried, the name it added)
Result = tuple[str, float, bool, str]
N_WRITERS = 3
PAUSE = 0.05
WITHIN = 10.0


def writer(url: str, number: int, stop_file: str, results: multiprocessing.Queue[Result]) -> None:
    """Short writes until ``stop_file`` exists; each result: (kind, seconds, retried, name)."""
    store = Store(url)
    i = 0
    while not os.path.exists(stop_file):
        name = f"Writer{number} Person{i}"
        retries_before = store.busy_retries
        start = time.perf_counter()
        try:
            with store.transaction() as session:
                owner = owner_account(session, "me")
                if i % 2 == 0:
                    add_person(session, owner, PersonFields(name=name))
                else:
                    person = add_person(session, owner, PersonFields(name=name))
                    log_interaction(
                        session,
                        owner,
                        InteractionFields(occurred_on=dt.date(2026, 12, 1), participants=[person]),
                    )
            kind = "ok"
        except SalonError:
            kind = "message"
        except Exception:
            kind = "traceback"
            traceback.print_exc()
        results.put((kind, time.perf_counter() - start, store.busy_retries > retries_before, name))
        i += 1
        time.sleep(PAUSE)
    store.dispose()


def run_import(url: str, path: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "salon.cli.main", "--db", url, "import", "linkedin", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - start, done.returncode, done.stderr.strip()


def fresh(backend: str, folder: Path) -> tuple[str, Callable[[], None]]:
    if backend == "sqlite":
        url = f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.sqlite'}"
        return url, lambda: None
    name = f"salon_contention_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        POSTGRES_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False), drop


def people_in(url: str) -> int:
    store = Store(url)
    with store.reading() as session:
        n = session.scalar(select(func.count()).select_from(Person)) or 0
    store.dispose()
    return n


def prepared(url: str) -> None:
    store = Store(url)
    with store.transaction() as session:
        owner_account(session, "me")
    store.dispose()


def bench(backend: str, n: int, folder: Path) -> None:
    path = folder / "connections.csv"
    linkedin_file(path, n, random.Random(42))  # realistic names, distinct profile URLs
    alone_url, drop_alone = fresh(backend, folder)
    prepared(alone_url)
    alone, code, err = run_import(alone_url, path)
    imported = people_in(alone_url)
    drop_alone()
    assert code == 0, err

    url, drop = fresh(backend, folder)
    prepared(url)
    stop_file = str(folder / f"stop-{uuid.uuid4().hex[:6]}")
    results: multiprocessing.Queue[Result] = multiprocessing.Queue()
    writers = [
        multiprocessing.Process(target=writer, args=(url, k, stop_file, results))
        for k in range(N_WRITERS)
    ]
    for process in writers:
        process.start()
    time.sleep(1.0)  # the writers are writing before the import begins
    contended, code, err = run_import(url, path)
    Path(stop_file).touch()
    rows = []
    while any(p.is_alive() for p in writers) or not results.empty():
        with contextlib.suppress(queue.Empty):
            rows.append(results.get(timeout=0.5))
    for process in writers:
        process.join()
    store = Store(url)
    with store.reading() as session:
        stored = set(session.scalars(select(Person.name).where(Person.name.like("Writer%"))))
        n_people = session.scalar(select(func.count()).select_from(Person))
    store.dispose()
    drop()

    ok = [r for r in rows if r[0] == "ok"]
    latencies = sorted(r[1] for r in rows)
    lost = sum(1 for r in ok if r[3] not in stored)
    within = sum(1 for r in ok if r[1] <= WITHIN)
    print(f"\n{backend}: import of {n:,} people, {N_WRITERS} writers")
    print(
        f"  import alone {alone:6.1f} s; under contention {contended:6.1f} s "
        f"(exit {code}{', ' + err if err else ''})"
    )
    print(
        f"  people stored {n_people:,} (expected {imported + len(ok):,}: "
        f"{imported:,} as after the import alone, and {len(ok)} written beside it)"
    )
    print(
        f"  writes attempted {len(rows)}, succeeded {len(ok)}, "
        f"retried {sum(1 for r in rows if r[2])}, "
        f"failed with a message {sum(1 for r in rows if r[0] == 'message')}, "
        f"tracebacks {sum(1 for r in rows if r[0] == 'traceback')}, lost {lost}"
    )
    if rows:
        print(
            f"  succeeded within {WITHIN:g} s: {within}/{len(rows)} "
            f"= {100 * within / len(rows):.1f} %"
        )
        print(
            f"  latency p50 {statistics.median(latencies):.3f} s, "
            f"p95 {latencies[int(0.95 * (len(latencies) - 1))]:.3f} s, max {latencies[-1]:.3f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 people instead of 20,000")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    n = 5_000 if args.quick else 20_000
    start_cpu = time.process_time()
    print(f"load average at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as folder:
        for backend in ("sqlite", "postgresql"):
            if args.only and backend != args.only:
                continue
            try:
                bench(backend, n, Path(folder))
            except Exception as exc:  # PostgreSQL missing: say so and go on
                if backend == "postgresql" and "connect" in str(exc).lower():
                    print(
                        f"\npostgresql: skipped, not reachable at {POSTGRES_URL} "
                        f"({type(exc).__name__})"
                    )
                else:
                    raise
    print(
        f"\nload average at end: {os.getloadavg()}; "
        f"this process's CPU {time.process_time() - start_cpu:.1f} s"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
