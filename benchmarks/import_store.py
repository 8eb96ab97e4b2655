"""Storing an import: a LinkedIn export into a fresh SQLite store.

    python benchmarks/import_store.py            # 10,000 connections
    python benchmarks/import_store.py --quick    # 2,000

Three ways to store the same parsed file, each in one transaction on a new
store, timed in the same run:

* salon's ``import_file``: every record matched in memory against the people
  read once (``PeopleIndex``), new people inserted in one batch, a tie to the
  user per person;
* the same match and upsert asking the database per record (``match_person``,
  what an import did before the index), flushing each new person;
* the floor: one SQLAlchemy Core ``INSERT`` of the people rows, with no
  matching, emails, tags or ties.

The generator repeats names and emails the way real exports overlap, so the
stores' contents are compared (same people, same emails) before any figure
is printed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from salon.db.models import Person, PersonEmail
from salon.db.store import Store
from salon.io import read_linkedin
from salon.io.normalise import normalise_name
from salon.services.accounts import me, owner_account
from salon.services.importing import import_file, match_record, upsert_record
from salon.services.ties import ensure_tie

sys.path.insert(0, str(Path(__file__).parent))
from io_parsers import linkedin_file


def contents(store: Store) -> tuple[int, int]:
    with store.reading() as session:
        return (
            session.scalar(select(func.count(Person.id))) or 0,
            session.scalar(select(func.count(PersonEmail.id))) or 0,
        )


def indexed(store: Store, path: Path) -> None:
    with store.transaction() as session:
        import_file(session, owner_account(session, "me"), "linkedin", path)


def per_record(store: Store, path: Path) -> None:
    parsed = read_linkedin(path)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        for record in parsed.records:
            person, _ = upsert_record(session, owner, record, match_record(session, owner, record))
            ensure_tie(
                session, owner, user, person, evidence="stated", source_ref="import:linkedin"
            )


def floor(store: Store, path: Path) -> None:
    parsed = read_linkedin(path)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        rows = [
            {
                "owner_id": owner.id,
                "name": r.name,
                "name_key": normalise_name(r.name),
                "organization": r.organization,
                "role": r.role,
                "url": r.url,
            }
            for r in parsed.records
        ]
        session.execute(insert(Person), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 records instead of 10,000")
    args = parser.parse_args()
    n = 2_000 if args.quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "Connections.csv"
        linkedin_file(path, n, random.Random(42))
        timings: dict[str, float] = {}
        stored: dict[str, tuple[int, int]] = {}
        for name, run in (("salon", indexed), ("per record", per_record), ("floor", floor)):
            store = Store(f"sqlite:///{folder / name.replace(' ', '_')}.sqlite")
            with store.transaction() as session:
                owner_account(session, "me")
            start = time.perf_counter()
            run(store, path)
            timings[name] = time.perf_counter() - start
            stored[name] = contents(store)
            store.dispose()
        assert stored["salon"] == stored["per record"], stored
        print(f"{n:,} LinkedIn rows -> {stored['salon'][0]:,} people, SQLite, one run each\n")
        print(f"{'path':<44} {'s':>8} {'rows/s':>9} {'x salon':>8}")
        for name, label in (
            ("salon", "salon import (in-memory index, batch insert)"),
            ("per record", "match and upsert asking the database per row"),
            ("floor", "floor: one Core INSERT of the people rows"),
        ):
            seconds = timings[name]
            print(
                f"{label:<44} {seconds:>8.2f} {n / seconds:>9,.0f} "
                f"{seconds / timings['salon']:>7.2f}x"
            )


if __name__ == "__main__":
    main()
