"""The door rush: 200 members check in at once, then 200 people are seated.

    python benchmarks/door_rush.py                     # SQLite and PostgreSQL, 200 people
    python benchmarks/door_rush.py --quick             # SQLite only, 40 people, 5 tables
    python benchmarks/door_rush.py --db postgresql+psycopg://postgres@127.0.0.1:5432/postgres

For each store (a fresh SQLite file in a temporary folder; a fresh
PostgreSQL database beside the one ``--pg`` names, dropped at the end) it
builds one organiser with a meetup of ``--people`` members who all said yes
to an event of ``--tables`` tables of 8 for 3 rounds, starts ``salon web``
on 127.0.0.1 (``--workers`` processes, as ``salon web --workers`` runs), and
sends every member's check-in at once: ``POST /api/events/{id}/checkin``
with the organiser's bearer token, all requests in flight together.  It
then counts the attendance rows in the database (every member checked in
exactly once: none lost, none twice) and prints p50/p95/max latency and the
wall time of the rush.  Last, ``POST /api/events/{id}/seat`` seats everyone
(``--seat-seconds`` of search) and the call is timed.

Only 127.0.0.1 is contacted; every loop is bounded (one request per member,
a 120 s timeout each).  The load generator shares the machine's cores with
the server: compare the stores with each other, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

# the test extra's HTTP client (httpx's successor; the same API for what is used here)
import httpx2 as httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from salon.db.models import Attendance
from salon.db.store import Store
from salon.services.event_rsvp import bulk_rsvp
from salon.services.meetup import add_member, create_community
from salon.services.meetup_events import create_event_with_capacity
from salon.services.people import PersonFields, add_person
from salon.services.users import create_user

EMAIL = "organiser@door.example"
PASSWORD = "benchmark password"
INDUSTRIES = ("biotech", "fintech", "logistics", "media", "healthcare", "energy", "agrifood")
INTENTS = ("learn", "pitch", "pitch", "both")


def _fresh_database(url: str | None, folder: Path) -> tuple[str, str | None]:
    """A new empty database URL (and its name, to drop it), beside the one given."""
    if url is None:
        return f"sqlite:///{folder / 'door.sqlite'}", None
    name = f"salon_door_rush_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False), name


def _drop_database(url: str, name: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def build(url: str, n_people: int, n_tables: int) -> tuple[int, list[int]]:
    """The organiser, the meetup, its members and an event everyone said yes to."""
    store = Store(url)
    with store.transaction() as session:
        owner = create_user(session, EMAIL, PASSWORD)
        community = create_community(session, owner, "Door Rush")
        ids = []
        for k in range(n_people):
            person = add_person(
                session,
                owner,
                PersonFields(name=f"Member {k:03d}", industry=INDUSTRIES[k % len(INDUSTRIES)]),
            )
            add_member(session, owner, community, person, intent=INTENTS[k % len(INTENTS)])
            ids.append(person.id)
        event = create_event_with_capacity(
            session,
            owner,
            community.id,
            on=dt.date.today(),
            tables=[8] * n_tables,
            rounds=3,
            capacity=n_people,
        )
        bulk_rsvp(session, owner, event.id, ids, "yes")
        event_id = event.id
    store.dispose()
    return event_id, ids


@dataclass
class Figures:
    store: str
    workers: int
    n_people: int
    rush_seconds: float
    latencies: list[float]
    errors: int
    rows: int
    checked_in: int
    distinct: int
    seat_seconds: float
    seat_status: int
    seated: int


def _start_server(url: str, folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "SALON_DATA_DIR": str(folder), "SALON_LOGIN_DELAY": "0"}
    command = [sys.executable, "-m", "salon.cli.main", "--db", url, "web"]
    command += ["--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            os.killpg(server.pid, signal.SIGTERM)
            raise SystemExit("salon web did not start")
        time.sleep(0.5)


async def _rush(base: str, event_id: int, ids: list[int]) -> tuple[float, list[float], int]:
    limits = httpx.Limits(max_connections=len(ids), max_keepalive_connections=len(ids))
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        issued = await client.post("/api/token", data={"username": EMAIL, "password": PASSWORD})
        auth = {"Authorization": f"Bearer {issued.json()['access_token']}"}
        latencies: list[float] = []
        errors = 0

        async def one(person_id: int) -> None:
            nonlocal errors
            start = time.perf_counter()
            response = await client.post(
                f"/api/events/{event_id}/checkin", json={"person_id": person_id}, headers=auth
            )
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(p) for p in ids))
        return time.perf_counter() - started, latencies, errors


def _seat(base: str, event_id: int, seconds: float) -> tuple[float, int, int]:
    issued = httpx.post(f"{base}/api/token", data={"username": EMAIL, "password": PASSWORD})
    auth = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    started = time.perf_counter()
    response = httpx.post(
        f"{base}/api/events/{event_id}/seat",
        json={"time_limit": seconds},
        headers=auth,
        timeout=seconds + 120,
    )
    took = time.perf_counter() - started
    seated = 0
    if response.status_code == 200:
        seated = min(len({p for table in r for p in table}) for r in response.json()["rounds"])
    return took, response.status_code, seated


def run(name: str, url: str, folder: Path, args: argparse.Namespace) -> Figures:
    event_id, ids = build(url, args.people, args.tables)
    server, base = _start_server(url, folder, args.workers)
    try:
        rush_seconds, latencies, errors = asyncio.run(_rush(base, event_id, ids))
        seat_seconds, seat_status, seated = _seat(base, event_id, args.seat_seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    store = Store(url)
    with store.reading() as session:
        where = Attendance.event_id == event_id
        rows = session.scalar(select(func.count(Attendance.id)).where(where)) or 0
        checked = session.scalar(
            select(func.count(Attendance.id)).where(where, Attendance.checked_in_at.is_not(None))
        )
        distinct = session.scalar(
            select(func.count(func.distinct(Attendance.person_id))).where(
                where, Attendance.checked_in_at.is_not(None)
            )
        )
    store.dispose()
    return Figures(
        name,
        args.workers,
        len(ids),
        rush_seconds,
        latencies,
        errors,
        rows,
        checked or 0,
        distinct or 0,
        seat_seconds,
        seat_status,
        seated,
    )


def _ms(values: list[float], q: float) -> str:
    if len(values) < 2:
        return "-"
    return f"{statistics.quantiles(values, n=100, method='inclusive')[q - 1] * 1000:.0f}"


def report(results: list[Figures], load_before: float) -> None:
    print(
        f"load (1-min average): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"{os.cpu_count()} cores"
    )
    header = (
        "| store | workers | members | rush s | p50 ms | p95 ms | max ms | errors "
        "| rows | checked in | distinct | exactly once | seat s | seated per round |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for f in results:
        once = f.rows == f.checked_in == f.distinct == f.n_people and f.errors == 0
        print(
            f"| {f.store} | {f.workers} | {f.n_people} | {f.rush_seconds:.2f} "
            f"| {_ms(f.latencies, 50)} | {_ms(f.latencies, 95)} | {max(f.latencies) * 1000:.0f} "
            f"| {f.errors} | {f.rows} | {f.checked_in} | {f.distinct} | {'yes' if once else 'NO'} "
            f"| {f.seat_seconds:.1f} | {f.seated if f.seat_status == 200 else f.seat_status} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--tables", type=int, default=25, help="tables of 8")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seat-seconds", type=float, default=10.0)
    parser.add_argument(
        "--pg",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL URL to create the benchmark's database beside ('' to skip)",
    )
    parser.add_argument("--quick", action="store_true", help="SQLite only, 40 people, 5 tables")
    args = parser.parse_args()
    if args.quick:
        args.people, args.tables, args.pg, args.seat_seconds = 40, 5, "", 2.0
    load_before = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        sqlite_url, _ = _fresh_database(None, folder)
        results.append(run("SQLite", sqlite_url, folder, args))
        if args.pg:
            pg_url, name = _fresh_database(args.pg, folder)
            try:
                results.append(run("PostgreSQL", pg_url, folder, args))
            finally:
                assert name is not None
                _drop_database(args.pg, name)
    report(results, load_before)


if __name__ == "__main__":
    main()
