"""Many signed-in people at once: ``salon web`` on one worker against several.

    python benchmarks/web_load.py --db postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    python benchmarks/web_load.py --quick        # SQLite, 4 users, 10 s per run

Builds a store (a fresh database beside the one ``--db`` names, dropped at
the end; SQLite in a temporary folder without ``--db``): ``--users`` accounts
that sign in, each with ``--contacts`` people imported from a generated
LinkedIn export and 50 logged conversations, and unsigned filler accounts
until the store holds ``--store-people`` people.  Then, for each worker
count in ``--workers`` (default 1 and 2), it starts ``salon web`` on
127.0.0.1 as a separate process, signs every user in (a session cookie for
the pages, a bearer token for the API), and has them all loop at once for
``--seconds``, each request drawn from this mix:

    people page  GET /people                        3
    search       GET /people?q=<3 letters>          3
    quick log    POST /api/interactions             2
    report       GET /                              1
    suggest meet GET /suggest/meet                  1

It prints, per worker count, p50 and p95 latency per kind of request,
requests per second, errors (any status but 200/201), the server's peak
resident memory (all its processes, sampled every 0.2 s) and its CPU
seconds (the users' sign-ins, before the clock starts, included).  The
load generator runs on the same machine as the server (only 127.0.0.1 is
ever contacted), so on a small machine it competes with the server for the
cores: read the figures as the server under that load, and
compare the worker counts with each other, measured in the same run.

Issue 9's target is 50 users with 5,000 contacts each in a 100,000-person
PostgreSQL store (p95 < 300 ms for people pages, search and the quick log;
< 1 s for the report and suggest meet); ``--users 50 --contacts 5000
--store-people 100000`` runs that, and takes long to build.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx  # the test dependency (pyproject: httpx2), httpx's API
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.importing import import_file
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.people import list_people
from salon.services.users import create_user

sys.path.insert(0, str(Path(__file__).parent))
from io_parsers import linkedin_file

PASSWORD = "benchmark password"
MIX = (("people", 3), ("search", 3), ("log", 2), ("report", 1), ("meet", 1))
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def _fresh_database(url: str | None, folder: Path) -> tuple[str, str | None]:
    """A new empty database URL (and its name, to drop it), beside the one given."""
    if url is None:
        return f"sqlite:///{folder / 'load.sqlite'}", None
    name = f"salon_web_load_{uuid.uuid4().hex[:8]}"
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


def build_store(url: str, folder: Path, users: int, contacts: int, store_people: int) -> list[str]:
    """The users' emails, after storing their networks and the filler (see the docstring)."""
    rng = random.Random(9)
    store = Store(url)
    emails = []
    n_filler = max(0, store_people - users * contacts)
    networks = [(f"user{i}@load.example", contacts, True) for i in range(users)]
    for j in range(0, n_filler, 10_000):
        networks.append((f"filler{j}", min(10_000, n_filler - j), False))
    for name, n, signs_in in networks:
        export = folder / f"{name}.csv"
        linkedin_file(export, n, rng)
        with store.transaction() as session:
            if signs_in:
                account = create_user(session, name, PASSWORD)
                emails.append(name)
            else:
                account = owner_account(session, name)
            import_file(session, account, "linkedin", export)
        if signs_in:  # conversations tie some contacts to each other: a report worth reading
            with store.transaction() as session:
                account = owner_account(session, name)
                people = list_people(session, account)
                for k in range(50):
                    log_interaction(
                        session,
                        account,
                        InteractionFields(
                            occurred_on=dt.date(2026, 1, 1 + k % 28),
                            participants=rng.sample(people, 3),
                            purposes=[rng.choice(["learn", "pitch", "collaborate"])],
                            depth=rng.randint(1, 5),
                        ),
                    )
    store.dispose()
    return emails


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children[int(fields[1])].append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _rss_and_cpu(pid: int) -> tuple[int, float]:
    """Resident bytes and CPU seconds of ``pid``'s whole process tree."""
    rss, cpu = 0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for member in _tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        rss += int(found.group(1)) * 1024 if found else 0
        cpu += (int(fields[11]) + int(fields[12])) / tick
    return rss, cpu


@dataclass
class Run:
    workers: int
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0
    peak_rss: int = 0
    cpu: float = 0.0


async def _sign_in(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    form = (await client.get("/login")).text
    token = TOKEN_FIELD.search(form)
    assert token, "no form token on /login"
    data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    response = await client.post("/login", data=data)
    assert response.status_code == 303, f"sign-in failed: {response.status_code}"
    issued = await client.post("/api/token", data={"username": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {issued.json()['access_token']}"}


@dataclass
class User:
    client: httpx.AsyncClient
    bearer: dict[str, str]
    contacts: list[dict[str, object]]


async def _signed_in(base: str, email: str) -> User:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    bearer = await _sign_in(client, email)
    contacts = (await client.get("/api/people?limit=500", headers=bearer)).json()
    return User(client, bearer, contacts)


async def _loop(user: User, until: float, run: Run, seed: int) -> None:
    rng = random.Random(seed)
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    client, ids = user.client, [p["id"] for p in user.contacts]
    while time.monotonic() < until:
        kind = rng.choice(kinds)
        start = time.perf_counter()
        if kind == "people":
            response = await client.get("/people")
        elif kind == "search":
            name = str(rng.choice(user.contacts)["name"])
            response = await client.get("/people", params={"q": name[:3]})
        elif kind == "log":
            body = {"people": rng.sample(ids, 2), "purpose": ["learn"], "depth": 3}
            response = await client.post("/api/interactions", json=body, headers=user.bearer)
        elif kind == "report":
            response = await client.get("/")
        else:
            response = await client.get("/suggest/meet")
        run.latencies[kind].append(time.perf_counter() - start)
        if response.status_code not in (200, 201):
            run.errors[kind] += 1


def measure(url: str, folder: Path, emails: list[str], workers: int, seconds: float) -> Run:
    port = _free_port()
    env = {**os.environ, "SALON_DATA_DIR": str(folder), "SALON_LOGIN_DELAY": "0"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "salon.cli.main",
            "--db",
            url,
            "web",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    run = Run(workers)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("salon web did not start")
            time.sleep(0.5)
        _, cpu_before = _rss_and_cpu(server.pid)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                run.peak_rss = max(run.peak_rss, _rss_and_cpu(server.pid)[0])
                stop.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        async def everyone() -> float:
            # everyone signs in first (argon2 is slow on purpose); then the clock starts
            users = [await _signed_in(base, email) for email in emails]
            started = time.monotonic()
            until = started + seconds
            await asyncio.gather(*(_loop(u, until, run, i) for i, u in enumerate(users)))
            for user in users:
                await user.client.aclose()
            return time.monotonic() - started

        run.seconds = asyncio.run(everyone())
        stop.set()
        sampler.join()
        run.cpu = _rss_and_cpu(server.pid)[1] - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return run


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0] * 1000:.0f}"
    return f"{statistics.quantiles(values, n=100)[int(q) - 1] * 1000:.0f}"


def report(runs: list[Run]) -> None:
    print(f"{'workers':>7} {'request':<8} {'n':>6} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    for run in runs:
        for kind, _ in MIX:
            values = run.latencies[kind]
            print(
                f"{run.workers:>7} {kind:<8} {len(values):>6} {_ms(values, 50):>7}"
                f" {_ms(values, 95):>7} {run.errors[kind]:>6}"
            )
        total = sum(len(v) for v in run.latencies.values())
        print(
            f"{run.workers:>7} all      {total:>6}  {total / run.seconds:.1f} req/s,"
            f" server peak RSS {run.peak_rss / 2**20:.0f} MiB, CPU {run.cpu:.1f} s"
            f" in {run.seconds:.1f} s"
        )
    one = runs[0]
    for run in runs[1:]:
        for kind, _ in MIX:
            a, b = one.latencies[kind], run.latencies[kind]
            if len(a) > 1 and len(b) > 1:
                ratio = statistics.quantiles(b, n=100)[94] / statistics.quantiles(a, n=100)[94]
                print(f"p95 {kind}: {run.workers} workers / 1 worker = {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="a PostgreSQL URL; a fresh database is made beside it")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--contacts", type=int, default=500)
    parser.add_argument("--store-people", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--quick", action="store_true", help="4 users x 200, 10 s per run")
    args = parser.parse_args()
    if args.quick:
        args.users, args.contacts, args.store_people, args.seconds = 4, 200, 2_000, 10
    with tempfile.TemporaryDirectory(prefix="salon-web-load-") as tmp:
        folder = Path(tmp)
        url, name = _fresh_database(args.db, folder)
        try:
            started = time.monotonic()
            emails = build_store(url, folder, args.users, args.contacts, args.store_people)
            print(
                f"store: {args.users} users x {args.contacts} contacts, "
                f"{max(args.store_people, args.users * args.contacts)} people, "
                f"{'PostgreSQL' if name else 'SQLite'}; built in {time.monotonic() - started:.0f} s"
            )
            print(f"load before: {os.getloadavg()[0]:.1f} (1-min), {os.cpu_count()} CPUs")
            runs = [measure(url, folder, emails, workers, args.seconds) for workers in args.workers]
            report(runs)
            print(f"load after: {os.getloadavg()[0]:.1f} (1-min)")
        finally:
            if name is not None:
                _drop_database(args.db, name)


if __name__ == "__main__":
    main()
