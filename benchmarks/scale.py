"""One person's network at real size (issue 11): each command beside its floor, same run.

Stores, built once under ``--cache`` (SQLite files; with ``--db``, PostgreSQL
databases named ``salon_scale_<shape>`` on that server) by bulk Core
inserts, then reused:

- ``cap``: the user and 30,000 contacts (LinkedIn's cap) with 200,000 ties
  among them (mostly inside 300 circles of 100), 3,000 conversations;
- ``huge``: the user and 100,000 contacts with 300,000 ties among them;
- ``store``: 100,000 people, the user tied to 5,000 of them, three random
  ties per person, 1,000 conversations.

Each row runs in a fresh interpreter (``os.wait4`` gives that process's CPU
seconds and peak resident memory) and prints wall s, CPU s and peak MB for
salon and for its floor, then salon / floor:

- ``report`` (the CLI, ``salon report --json``, end to end) beside the floor:
  the same rows read with the driver's cursor (hand-written SQL) plus the same
  ego measures (Burt's, overlaps, diversity, Louvain clusters), the same
  libraries imported;
- in-process on ``store``: ``build_report``, ``suggest_meet`` and
  ``reconnect`` timed inside the process after the imports (CPU s; the issue's
  target is 1.5 CPU-s each), beside the cursor floor of the report;
- ``salon --version`` beside ``python -c pass``.

Not measured here (other slices of issue 11 add their rows to ``ROWS``):
``import linkedin`` of 100,000 people, ``export json``, ``suggest lessons``
and ``analogies`` on ``store``.

Run: python benchmarks/scale.py [--only cap,huge,store,startup] [--db postgresql://...]
[--cache DIR]; ``--quick`` builds stores a tenth the size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

TODAY = dt.date(2026, 11, 26)
INDUSTRIES = [f"industry {i}" for i in range(40)]
DISCIPLINES = [f"discipline {i}" for i in range(15)]
COUNTRIES = [f"country {i}" for i in range(60)]


class Shape(NamedTuple):
    people: int  # besides the user
    contacts: int
    ties: int  # besides the user's
    circle: int  # ties fall inside circles of this many contacts, 80% of them
    conversations: int


SHAPES = {
    "cap": Shape(30_000, 30_000, 200_000, 100, 3_000),
    "huge": Shape(100_000, 100_000, 300_000, 100, 3_000),
    "store": Shape(100_000, 5_000, 300_000, 0, 1_000),
}


# --- building the stores (bulk Core inserts) --------------------------------------------


def build(url: str, shape: Shape, seed: int = 1) -> None:
    """Fill an empty store at ``url`` with ``shape`` (Core executemany, one transaction)."""
    from sqlalchemy import insert, select

    from salon.db.models import (
        Interaction,
        InteractionParticipant,
        Person,
        PersonAttribute,
        Tie,
        TieEvidence,
    )
    from salon.db.store import Store
    from salon.services.accounts import me, owner_account

    rng = random.Random(seed)
    store = Store(url)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner).id
        now = dt.datetime.now(dt.UTC)
        connection = session.connection()
        connection.execute(
            insert(Person.__table__),
            [
                {
                    "owner_id": owner.id,
                    "name": f"Person {i}",
                    "name_key": f"person {i}",
                    "industry": rng.choice(INDUSTRIES[:8] if i < shape.contacts else INDUSTRIES),
                    "discipline": rng.choice(DISCIPLINES),
                    "is_me": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(shape.people)
            ],
        )
        ids = list(
            connection.scalars(
                select(Person.id).where(Person.owner_id == owner.id, Person.id != user)
            )
        )
        ids.sort()
        connection.execute(
            insert(PersonAttribute.__table__),
            [{"person_id": p, "key": "country", "value": rng.choice(COUNTRIES)} for p in ids],
        )
        contacts = ids[: shape.contacts]
        pairs = {(min(user, c), max(user, c)) for c in contacts}
        pool = contacts if shape.circle else ids
        while len(pairs) < shape.contacts + shape.ties:
            a = rng.randrange(len(pool))
            if shape.circle and rng.random() < 0.8:
                base = a - a % shape.circle
                b = base + rng.randrange(min(shape.circle, len(pool) - base))
            else:
                b = rng.randrange(len(pool))
            if a != b:
                pairs.add((min(pool[a], pool[b]), max(pool[a], pool[b])))
        connection.execute(
            insert(Tie.__table__),
            [
                {"owner_id": owner.id, "person_a_id": a, "person_b_id": b, "support": []}
                for a, b in sorted(pairs)
            ],
        )
        tie_ids = list(connection.scalars(select(Tie.id).where(Tie.owner_id == owner.id)))
        connection.execute(
            insert(TieEvidence.__table__),
            [
                {
                    "tie_id": t,
                    "kind": "same_organization" if t % 5 == 0 else "stated",
                    "inferred": t % 5 == 0,
                    "source_ref": "bench",
                }
                for t in tie_ids
            ],
        )
        # conversations: a few close contacts met often, some of them long ago (dormant)
        close = rng.sample(contacts, min(len(contacts), 300))
        for _ in range(shape.conversations):
            when = TODAY - dt.timedelta(days=rng.randint(0, 1400))
            row = connection.execute(
                insert(Interaction.__table__).returning(Interaction.id),
                {
                    "owner_id": owner.id,
                    "occurred_on": when,
                    "purposes": [rng.choice(["learn", "pitch", "explore_idea", "sell"])],
                    "depth": rng.randint(1, 5),
                    "challenged": rng.random() < 0.3,
                    "outcomes": [rng.choice(["insight", "lead", "idea"])],
                },
            )
            interaction = row.scalar_one()
            who = {rng.choice(close) for _ in range(rng.randint(1, 3))}
            connection.execute(
                insert(InteractionParticipant.__table__),
                [{"interaction_id": interaction, "person_id": p} for p in [user, *who]],
            )
    store.dispose()


def store_url(name: str, args: argparse.Namespace) -> str:
    """The store for ``name``, built on first use."""
    shape = SHAPES[name]
    if args.quick:
        shape = shape._replace(
            people=shape.people // 10,
            contacts=shape.contacts // 10,
            ties=shape.ties // 10,
            conversations=shape.conversations // 10,
        )
    tag = f"{name}-{shape.people}-{shape.contacts}-{shape.ties}"
    if args.db:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        base = make_url(args.db)
        database = f"salon_scale_{tag.replace('-', '_')}"
        server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
        server.dispose()
        url = base.set(database=database).render_as_string(hide_password=False)
        marker = Path(args.cache) / f"{database}.built"
    else:
        url = f"sqlite:///{Path(args.cache) / f'salon-scale-{tag}.sqlite'}"
        marker = Path(args.cache) / f"salon-scale-{tag}.built"
    if not marker.exists():
        start = time.perf_counter()
        # in a child: a process forked from a large parent starts with its peak memory
        # (Linux keeps ru_maxrss across exec), which would inflate every later figure
        subprocess.run(
            [sys.executable, __file__, "--build", json.dumps(shape._asdict()), url], check=True
        )
        marker.write_text(url)
        print(f"built {name} ({shape}) in {time.perf_counter() - start:.0f} s", flush=True)
    return url


# --- the floor: the report's rows with the driver's cursor, the same measures ------------

FLOOR_SQL = {
    "contacts": (
        "SELECT person_b_id, since FROM ties WHERE owner_id = {o} AND person_a_id = {u} "
        "UNION ALL SELECT person_a_id, since FROM ties WHERE owner_id + 0 = {o} "
        "AND person_b_id = {u}"
    ),
    "among": (
        "SELECT t.person_a_id, t.person_b_id, EXISTS (SELECT 1 FROM tie_evidence e "
        "WHERE e.tie_id = t.id AND NOT e.inferred) FROM ties t WHERE t.owner_id = {o} "
        "AND t.person_a_id IN ({c})"
    ),
    "degree_a": (
        "SELECT person_a_id, count(*) FROM ties WHERE owner_id = {o} "
        "AND person_a_id IN ({c}) GROUP BY person_a_id"
    ),
    "degree_b": (
        "SELECT person_b_id, count(*) FROM ties WHERE owner_id + 0 = {o} "
        "AND person_b_id IN ({c}) GROUP BY person_b_id"
    ),
    "people": (
        "SELECT id, name, industry, discipline FROM people WHERE owner_id = {o} "
        "AND id IN ({c}) ORDER BY id"
    ),
    "attributes": (
        "SELECT person_id, key, value FROM person_attributes WHERE person_id IN ({c}) "
        "AND key IN ('country', 'generation', 'education')"
    ),
    "log": (
        "SELECT i.id, i.occurred_on, i.depth, p.person_id FROM interactions i "
        "JOIN interaction_participants p ON p.interaction_id = i.id "
        "WHERE i.owner_id = {o} ORDER BY i.occurred_on, i.id"
    ),
}


def floor_report(url: str) -> dict[str, Any]:
    """Read the report's rows with the bare driver and compute the same ego measures
    (returned for a test to compare with the report's)."""
    import networkx as nx
    import numpy as np
    import scipy.sparse as sp
    from sqlalchemy import create_engine

    from salon.analytics.diversity import attribute_diversity
    from salon.analytics.structural_holes import ego_structural_holes
    from salon.analytics.ties import dormant_ties, ego_clusters, ego_overlap, tie_strength

    engine = create_engine(url)
    raw = engine.raw_connection()
    cursor = raw.cursor()
    cursor.execute(
        "SELECT a.id, p.id FROM accounts a JOIN people p ON p.owner_id = a.id "
        "WHERE a.name = 'me' AND p.is_me"
    )
    owner, user = cursor.fetchone()
    contact_sql = (
        f"SELECT person_b_id FROM ties WHERE owner_id = {owner} AND person_a_id = {user} "
        f"UNION ALL SELECT person_a_id FROM ties WHERE owner_id + 0 = {owner} "
        f"AND person_b_id = {user}"
    )

    def rows(name: str) -> list[Any]:
        cursor.execute(FLOOR_SQL[name].format(o=owner, u=user, c=contact_sql))
        return list(cursor.fetchall())

    contacts = np.array(sorted(c for c, _ in rows("contacts")), dtype=np.int64)
    n = contacts.size
    among_rows = np.array(rows("among"), dtype=np.int64).reshape(-1, 3)
    among_rows = among_rows[np.isin(among_rows[:, 1], contacts)]
    ends = np.searchsorted(contacts, among_rows[:, :2])
    degree = np.zeros(n, dtype=np.int64)
    for name in ("degree_a", "degree_b"):
        found = np.array(rows(name), dtype=np.int64).reshape(-1, 2)
        degree[np.searchsorted(contacts, found[:, 0])] += found[:, 1]
    people = rows("people")
    attributes = rows("attributes")
    among = sp.coo_array(
        (np.ones(2 * len(ends)), (ends.ravel(), ends[:, ::-1].ravel())), shape=(n, n)
    ).tocsr()
    holes = ego_structural_holes(np.full(n, 2.0), among, 2.0 * degree, np.full(n, 2.0))
    shared = np.bincount(ends.ravel(), minlength=n)
    ego_overlap(n, shared, degree)
    for column in (2, 3):
        attribute_diversity("x", [row[column] for row in people])
    attribute_diversity("country", [value for _, _, value in attributes])
    graph = nx.Graph()
    graph.add_edges_from((user, int(c)) for c in contacts)
    graph.add_edges_from((int(contacts[a]), int(contacts[b])) for a, b in ends)
    clusters = ego_clusters(graph, user)
    log = rows("log")
    days = [
        float((TODAY - dt.date.fromisoformat(str(when))).days) for _, when, _, p in log if p != user
    ]
    depths = [float(d) for _, _, d, p in log if p != user]
    keys = [p for *_, p in log if p != user]
    tie_strength(days, depths, keys)
    dormant = dormant_ties(days, depths, keys)
    cursor.close()
    raw.close()
    engine.dispose()
    return {
        "n_contacts": n,
        "n_alter_ties": len(ends),
        "constraint": float(holes.constraint[0]),
        "effective_size": float(holes.effective_size[0]),
        "clusters": sorted((size for size in clusters.sizes if size >= 2), reverse=True),
        "dormant": [t.key for t in dormant[:8]],
    }


# --- the children: one measured call in a fresh interpreter ------------------------------


def child(mode: str, url: str) -> None:
    """Run one workload in this (fresh) process; print the in-process timing as JSON."""
    import resource

    calls: dict[str, Callable[[], Any]] = {}
    if mode == "floor":
        # what salon's report imports too, loaded before the clock starts as there
        import networkx  # noqa: F401
        import scipy.sparse  # noqa: F401
        import sqlalchemy  # noqa: F401

        import salon.analytics  # noqa: F401

        calls[mode] = lambda: floor_report(url)
    else:
        from salon.db.store import Store
        from salon.services.accounts import owner_account
        from salon.services.report import build_report, reconnect
        from salon.services.suggestions import suggest_meet

        store = Store(url)
        work = {
            "report": lambda s, o: build_report(s, o, today=TODAY),
            "reconnect": lambda s, o: reconnect(s, o, today=TODAY),
            "meet": lambda s, o: suggest_meet(s, o, k=5),
        }[mode]

        def call() -> Any:
            with store.transaction() as session:
                return work(session, owner_account(session, "me"))

        calls[mode] = call
    wall, cpu = time.perf_counter(), time.process_time()
    calls[mode]()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "peak": peak}))


class Measure(NamedTuple):
    wall: float
    cpu: float
    peak: float  # MB
    inside: dict[str, float] | None  # the child's own in-process figures


def run(command: list[str], timeout: float) -> Measure:
    """``command`` in a child, with its own CPU seconds and peak memory from ``os.wait4``."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                return Measure(float("nan"), float("nan"), float("nan"), None)
            time.sleep(0.005)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode(errors="replace")
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{text[-3000:]}")
    last = text.strip().splitlines()[-1] if text.strip() else ""
    inside = json.loads(last) if last.startswith("{") and '"cpu"' in last else None
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, inside)


def row(label: str, salon: Measure, floor: Measure, floor_label: str) -> None:
    def cell(m: Measure) -> str:
        return f"{m.wall:8.2f} {m.cpu:8.2f} {m.peak:8.0f}"

    ratio = salon.wall / floor.wall if floor.wall else float("nan")
    cpu_ratio = salon.cpu / floor.cpu if floor.cpu else float("nan")
    print(
        f"{label:<34} {cell(salon)} | {floor_label:<22} {cell(floor)} | "
        f"{ratio:5.2f}× wall {cpu_ratio:5.2f}× CPU",
        flush=True,
    )


HEADER = (
    f"{'workload':<34} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} | {'floor':<22} "
    f"{'wall s':>8} {'CPU s':>8} {'peak MB':>8} | salon / floor"
)


def best(command: list[str], repeat: int, timeout: float) -> Measure:
    """The run with the least CPU of ``repeat`` (the machine is shared)."""
    runs = [run(command, timeout) for _ in range(repeat)]
    return min(runs, key=lambda m: m.cpu)


def report_rows(name: str, args: argparse.Namespace) -> None:
    url = store_url(name, args)
    me = [sys.executable, __file__, "--child"]
    cli = [sys.executable, "-m", "salon.cli.main", "--db", url, "report", "--json"]
    salon = best(cli, args.repeat, args.timeout)
    floor = best([*me, "floor", url], args.repeat, args.timeout)
    row(f"report @{name} (CLI, end to end)", salon, floor, "cursor + ego measures")
    inside = best([*me, "report", url], args.repeat, args.timeout)
    if inside.inside and floor.inside:
        row(
            f"  build_report in-process @{name}",
            Measure(inside.inside["wall"], inside.inside["cpu"], inside.peak, None),
            Measure(floor.inside["wall"], floor.inside["cpu"], floor.peak, None),
            "same, in-process",
        )


def store_rows(args: argparse.Namespace) -> None:
    url = store_url("store", args)
    me = [sys.executable, __file__, "--child"]
    floor = best([*me, "floor", url], args.repeat, args.timeout)
    assert floor.inside is not None
    floor_inside = Measure(floor.inside["wall"], floor.inside["cpu"], floor.peak, None)
    for mode in ("report", "meet", "reconnect"):
        m = best([*me, mode, url], args.repeat, args.timeout)
        assert m.inside is not None
        row(
            f"{mode} in-process @store (5k/100k)",
            Measure(m.inside["wall"], m.inside["cpu"], m.peak, None),
            floor_inside,
            "report's cursor floor",
        )
    for label in ("import linkedin 100k", "export json", "suggest lessons", "analogies"):
        print(f"{label:<34} not measured here (issue 11's other slices add the row)")


def startup_rows(args: argparse.Namespace) -> None:
    salon = best([sys.executable, "-m", "salon.cli.main", "--version"], 5, args.timeout)
    floor = best([sys.executable, "-c", "pass"], 5, args.timeout)
    row("salon --version", salon, floor, "python -c pass")
    salon = best([sys.executable, "-m", "salon.cli.main", "--help"], 5, args.timeout)
    row("salon --help", salon, floor, "python -c pass")


ROWS: dict[str, Callable[[argparse.Namespace], None]] = {
    "startup": startup_rows,
    "cap": lambda args: report_rows("cap", args),
    "store": store_rows,
    "huge": lambda args: report_rows("huge", args),
}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--build":
        build(sys.argv[3], Shape(**json.loads(sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(ROWS), help=f"rows among {', '.join(ROWS)}")
    parser.add_argument("--db", help="a PostgreSQL server URL (databases are created on it)")
    parser.add_argument(
        "--cache", default=str(Path(tempfile.gettempdir()) / "salon-scale"), help="store folder"
    )
    parser.add_argument("--quick", action="store_true", help="stores a tenth the size")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (least CPU)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    args = parser.parse_args()
    Path(args.cache).mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.2f}; {args.db or 'SQLite'}", flush=True)
    print(HEADER, flush=True)
    for name in args.only.split(","):
        ROWS[name](args)


if __name__ == "__main__":
    main()
