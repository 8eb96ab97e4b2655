"""Storing a LinkedIn export of distinct people: ``salon import linkedin`` beside a bulk insert.

    python benchmarks/import_store.py                 # 100,000 connections, SQLite
    python benchmarks/import_store.py --quick         # 10,000
    python benchmarks/import_store.py --db postgresql+psycopg://postgres@127.0.0.1/x

The file holds ``n`` distinct people as LinkedIn exports them: every row with
its own profile URL, names drawn from a few hundred first and last names and
organisations from a short list, so thousands of rows share a name and many
share name + organisation (the case that once collapsed 100,000 people into
810).  Each measurement runs in a fresh process on a fresh, migrated store,
one transaction each, timed in the same run:

* **salon**: ``import_file`` as ``salon import linkedin`` calls it (parse,
  match, people, e-mail addresses, a tie to the user with its evidence);
* **salon again**: the same file imported a second time (nothing changes);
* **parse**: ``read_linkedin`` alone, beside ``csv.DictReader`` over the same
  file (its floor);
* **export**: ``salon export json`` of the store the import made, streamed to
  a file, beside its floor: every row it writes (people, e-mail addresses,
  attributes, tags, ties, evidence) read with the driver's cursor, and
  beside the same rows read in the archive's order (people by name, ties
  by their ends' keys), which the document's order costs any writer;
* **graphml**: ``salon export graphml`` of that store (streamed), beside
  the same rows read and beside what it did before: the network as a
  NetworkX graph, then ``networkx.write_graphml``;
* **floor**: ``csv.DictReader`` and one SQLAlchemy Core ``INSERT``
  executemany of the people rows into the same schema (its triggers
  included), with no normalising, matching, e-mail, tie or evidence rows.

Printed: wall seconds, CPU seconds of the process (the machine is shared),
peak resident memory, and salon ÷ floor.  The benchmark fails if the import
does not store ``n`` people (plus the user) or the second import changes
anything.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

FIRST = [
    "Ana",
    "Raj",
    "Mei",
    "Kwame",
    "Lucía",
    "Tomáš",
    "Søren",
    "Emily",
    "François",
    "Olúwaseun",
    "Hiroshi",
    "Priya",
    "Maria",
    "José",
    "David",
    "Sarah",
    "Michael",
    "Laura",
    "Ahmed",
    "Fatima",
    "Wei",
    "Li",
    "Chen",
    "Yuki",
    "Ivan",
    "Olga",
    "Pedro",
    "Sofia",
    "Jan",
    "Eva",
    "Lars",
    "Ingrid",
    "Omar",
    "Aisha",
    "Carlos",
    "Elena",
    "Diego",
    "Camila",
    "Noah",
    "Emma",
    "Liam",
    "Olivia",
    "Lucas",
    "Mia",
    "Ethan",
    "Zoe",
    "Arjun",
    "Ananya",
    "Kenji",
    "Sakura",
    "Tariq",
    "Leila",
    "Mateo",
    "Valentina",
    "Hugo",
    "Chloé",
    "Felix",
    "Clara",
]
LAST = [
    "López",
    "Patel",
    "Chen",
    "Mensah",
    "Novák",
    "Holm",
    "Dubois",
    "Adébáyọ̀",
    "Tanaka",
    "Sharma",
    "García",
    "Silva",
    "Müller",
    "Schmidt",
    "Rossi",
    "Bianchi",
    "Kim",
    "Park",
    "Nguyen",
    "Tran",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Turner",
    "Torres",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Flores",
    "Morris",
]
ORGS = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hospital Clínic",
    "Tata Consultancy Services",
    "IDEO",
    "Airbus",
    "Danone",
    "Siemens",
    "Fundación Ñ",
    "Stark Industries",
    "Wayne Enterprises",
    "Cyberdyne",
    "Hooli",
    "Pied Piper",
    "Aperture Science",
    "Soylent",
    "Tyrell",
    "Massive Dynamic",
    "self-employed",
]
ROLES = [
    "Engineer",
    "Designer",
    "Head of R&D",
    "Founder",
    "Product Manager",
    "Researcher",
    "Nurse",
    "Data Scientist",
    "Partner",
    "Consultant",
    "Teacher",
    "Chief Innovation Officer",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


LINKEDIN_COLUMNS = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)


def linkedin_people(path: Path, n: int, seed: int = 42) -> None:
    """A current-layout ``Connections.csv`` of ``n`` distinct people (see the module)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the '
            'email addresses are missing."\n\n'
        )
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for i in range(n):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            slug = f"{first}-{last}".casefold().replace(" ", "-")
            email = f"{slug}.{i}@mail.example" if rng.random() < 0.05 else ""
            writer.writerow(
                [
                    first,
                    last,
                    f"https://www.linkedin.com/in/{slug}-{i:x}",
                    email,
                    rng.choice(ORGS),
                    rng.choice(ROLES),
                    f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2008, 2026)}",
                ]
            )


# --- the measured work, each run in a child process (peak memory is per process) ---


def _rows(path: Path) -> Any:
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in range(3):  # the Notes: preamble
            next(handle)
        yield from csv.DictReader(handle)


def work_salon(url: str, path: Path) -> dict[str, Any]:
    from salon.db.store import Store
    from salon.services.accounts import owner_account
    from salon.services.importing import import_file

    store = Store(url)
    with store.transaction() as session:
        report = import_file(session, owner_account(session, "me"), "linkedin", path)
        counts = (report.created, report.updated, report.unchanged, report.ties_added)
    store.dispose()
    return {"counts": counts}


def work_parse(url: str, path: Path) -> dict[str, Any]:
    from salon.io import read_linkedin

    return {"counts": [len(read_linkedin(path).records)]}


def work_dictreader(url: str, path: Path) -> dict[str, Any]:
    return {"counts": [sum(1 for _ in _rows(path))]}


def work_floor(url: str, path: Path) -> dict[str, Any]:
    from sqlalchemy import insert

    from salon.db.models import Person
    from salon.db.store import Store
    from salon.services.accounts import owner_account

    store = Store(url)
    with store.transaction() as session:
        owner_id = owner_account(session, "floor").id
        rows = [
            {
                "owner_id": owner_id,
                "name": f"{row['First Name']} {row['Last Name']}",
                "name_key": f"{row['First Name']} {row['Last Name']}".casefold(),
                "url": row["URL"],
                "organization": row["Company"],
                "role": row["Position"],
            }
            for row in _rows(path)
        ]
        for start in range(0, len(rows), 2_000):
            session.execute(insert(Person), rows[start : start + 2_000])
    store.dispose()
    return {"counts": [len(rows)]}


def work_export(url: str, path: Path) -> dict[str, Any]:
    from salon.db.store import Store
    from salon.services.accounts import owner_account
    from salon.services.archive import write_archive

    store = Store(url)
    target = path.with_name("archive.json")
    with store.reading() as session, target.open("w", encoding="utf-8") as out:
        write_archive(session, owner_account(session, "me"), out)
    store.dispose()
    return {"counts": [target.stat().st_size]}


def work_graphml(url: str, path: Path) -> dict[str, Any]:
    from salon.db.store import Store
    from salon.services.accounts import owner_account
    from salon.services.network_export import export_graphml

    store = Store(url)
    target = path.with_name("network.graphml")
    with store.reading() as session:
        export_graphml(session, owner_account(session, "me"), target)
    store.dispose()
    return {"counts": [target.stat().st_size]}


def work_graphml_networkx(url: str, path: Path) -> dict[str, Any]:
    """GraphML as salon wrote it before streaming: the graph in memory, then NetworkX's writer."""
    import networkx as nx

    from salon.db.store import Store
    from salon.services.accounts import owner_account
    from salon.services.network import network_graph

    store = Store(url)
    target = path.with_name("network-nx.graphml")
    with store.reading() as session:
        nx.write_graphml(network_graph(session, owner_account(session, "me")), target)
    store.dispose()
    return {"counts": [target.stat().st_size]}


def work_read_rows(url: str, path: Path) -> dict[str, Any]:
    """The export's floor: every row it writes, read with the driver's cursor and dropped."""
    from sqlalchemy import text

    from salon.db.store import Store

    store = Store(url)
    n = 0
    with store.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for table in ("people", "person_emails", "person_attributes", "person_tags", "ties"):
            cursor.execute(text(f"SELECT * FROM {table}").text)
            while rows := cursor.fetchmany(5_000):
                n += len(rows)
        cursor.execute("SELECT * FROM tie_evidence")
        while rows := cursor.fetchmany(5_000):
            n += len(rows)
    store.dispose()
    return {"counts": [n]}


_OWNER = "(SELECT id FROM accounts WHERE name = 'me')"
_BEFORE = "(pa.name_key < pb.name_key OR (pa.name_key = pb.name_key AND pa.id < pb.id))"
# the rows the archive writes, in the archive's order, as salon's export asks for them
ORDERED_SQL = (
    f"SELECT id FROM people WHERE owner_id = {_OWNER} ORDER BY name_key, id",
    f"SELECT * FROM people WHERE owner_id = {_OWNER} ORDER BY name_key, id",
    *(
        f"SELECT x.* FROM {table} x JOIN people p ON p.id = x.person_id "
        f"WHERE p.owner_id = {_OWNER} ORDER BY p.name_key, p.id"
        for table in ("person_emails", "person_attributes", "person_tags", "inferred_values")
    ),
    "SELECT t.*, e.* FROM ties t JOIN people pa ON pa.id = t.person_a_id "
    "JOIN people pb ON pb.id = t.person_b_id LEFT JOIN tie_evidence e ON e.tie_id = t.id "
    f"WHERE t.owner_id = {_OWNER} ORDER BY "
    f"CASE WHEN {_BEFORE} THEN pa.name_key ELSE pb.name_key END, "
    f"CASE WHEN {_BEFORE} THEN pa.id ELSE pb.id END, "
    f"CASE WHEN {_BEFORE} THEN pb.name_key ELSE pa.name_key END, "
    f"CASE WHEN {_BEFORE} THEN pb.id ELSE pa.id END",
)


def work_read_ordered(url: str, path: Path) -> dict[str, Any]:
    """The same rows in the archive's order (people by name, ties by their ends' keys)."""
    from salon.db.store import Store

    store = Store(url)
    n = 0
    with store.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for sql in ORDERED_SQL:
            cursor.execute(sql)
            while rows := cursor.fetchmany(5_000):
                n += len(rows)
    store.dispose()
    return {"counts": [n]}


WORK = {
    "export": work_export,
    "graphml": work_graphml,
    "graphml networkx": work_graphml_networkx,
    "read rows": work_read_rows,
    "read ordered": work_read_ordered,
    "salon": work_salon,
    "parse": work_parse,
    "dictreader": work_dictreader,
    "floor": work_floor,
}


def child(name: str, url: str, path: Path) -> None:
    # the modules first, outside the timings: every process pays for them alike
    import salon.db.store
    import salon.services.archive
    import salon.services.importing
    import salon.services.network_export  # noqa: F401

    wall, cpu = time.perf_counter(), time.process_time()
    result = WORK[name](url, path)
    result["wall"] = time.perf_counter() - wall
    result["cpu"] = time.process_time() - cpu
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(name: str, url: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, "--url", url, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- stores ---


def fresh_store(db: str | None, folder: Path, label: str) -> tuple[str, Any]:
    """A migrated empty store URL, and how to drop it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from salon.db.store import Store

    if db is None:
        url = f"sqlite:///{folder / f'{label}.sqlite'}"
        Store(url).dispose()
        return url, lambda: None
    name = f"salon_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(db, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(db).set(database=name).render_as_string(hide_password=False)
    Store(url).dispose()

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def people_in(url: str) -> int:
    from sqlalchemy import func, select

    from salon.db.models import Person
    from salon.db.store import Store

    store = Store(url)
    with store.reading() as session:
        n = session.scalar(select(func.count(Person.id))) or 0
    store.dispose()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 people instead of 100,000")
    parser.add_argument("-n", type=int, help="number of people (default 100,000)")
    parser.add_argument("--db", help="a PostgreSQL server URL (default: SQLite files)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, Path(args.file))
        return
    n = args.n or (10_000 if args.quick else 100_000)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "Connections.csv"
        linkedin_people(path, n)
        size_mb = path.stat().st_size / 1e6
        salon_url, drop_salon = fresh_store(args.db, folder, "salon")
        floor_url, drop_floor = fresh_store(args.db, folder, "floor")
        try:
            results = {
                "floor": measure("floor", floor_url, path),
                "salon": measure("salon", salon_url, path),
            }
            stored = people_in(salon_url)
            results["salon again"] = measure("salon", salon_url, path)
            results["export"] = measure("export", salon_url, path)
            results["read rows"] = measure("read rows", salon_url, path)
            results["read ordered"] = measure("read ordered", salon_url, path)
            results["graphml"] = measure("graphml", salon_url, path)
            results["graphml networkx"] = measure("graphml networkx", salon_url, path)
            results["dictreader"] = measure("dictreader", floor_url, path)
            results["parse"] = measure("parse", floor_url, path)
        finally:
            drop_salon()
            drop_floor()
    backend = "PostgreSQL" if args.db else "SQLite"
    created = results["salon"]["counts"][0]
    assert created == n, f"{n:,} distinct people but {created:,} created"
    assert stored == n + 1, f"{stored:,} people stored, expected {n:,} and the user"
    assert results["salon again"]["counts"][:2] == [0, 0], results["salon again"]
    print(
        f"{n:,} distinct LinkedIn connections ({size_mb:.1f} MB), {backend}, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load {load[0]:.1f} {load[1]:.1f}\n"
        f"-> {created:,} people created, {results['salon']['counts'][3]:,} tie evidence added\n"
    )
    print(
        f"{'measurement':<44} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} "
        f"{'x floor wall':>12} {'x floor CPU':>11}"
    )
    rows = (
        ("salon", "salon import linkedin", "floor"),
        ("salon again", "salon import linkedin, same file again", "floor"),
        ("floor", "floor: DictReader + Core INSERT of the rows", "floor"),
        ("export", "salon export json (streamed to a file)", "read rows"),
        ("read rows", "floor: the same rows by the driver's cursor", "read rows"),
        ("read ordered", "the same rows in the archive's order", "read rows"),
        ("graphml", "salon export graphml (streamed)", "read rows"),
        ("graphml networkx", "graph in memory + nx.write_graphml (before)", "read rows"),
        ("parse", "read_linkedin (parse only)", "dictreader"),
        ("dictreader", "csv.DictReader over the file", "dictreader"),
    )
    for key, label, reference in rows:
        r, f = results[key], results[reference]
        print(
            f"{label:<44} {r['wall']:>7.2f} {r['cpu']:>7.2f} {r['rss_mb']:>8.0f} "
            f"{r['wall'] / f['wall']:>11.2f}x {r['cpu'] / f['cpu']:>10.2f}x"
        )
    print(
        "\n(x floor: over the floor's wall / CPU time, parse over DictReader's; CPU s of the "
        "measuring process, modules imported beforehand)"
    )


if __name__ == "__main__":
    main()
