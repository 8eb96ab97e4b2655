"""``salon meetup member import``: time per row at 1,000, 4,000 and 10,000 rows.

    python benchmarks/member_import.py            # 1,000 / 4,000 / 10,000 rows
    python benchmarks/member_import.py --quick    # 500 / 2,000

Each size is a members CSV (name, e-mail, organisation, industry, intent)
written by a seeded generator, imported into a fresh SQLite store's
community in one transaction.  Beside it, measured in the same run on the
same file, the reference: ``salon import csv`` of that file, which stores the
same people without making them members.  A linear import keeps both the
milliseconds per row and the ratio to the reference flat as the file grows;
the earlier import, which scanned and flushed the members per row, took
5 s at 1,000 rows, 40 s at 4,000 and more than 400 s at 10,000.

The store's contents (people, members) are checked before figures are
printed.  CPU seconds are the process's, peak memory its maximum RSS.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from salon.db.models import Member, Person
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.importing import import_file
from salon.services.meetup import create_community, import_members

INDUSTRIES = ("biotech", "fintech", "media", "logistics", "healthcare", "energy", "education")
INTENTS = ("learn", "pitch", "both", "")


def members_file(path: Path, n: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email", "organization", "industry", "intent"])
        for i in range(n):
            writer.writerow(
                [
                    f"Member {i} {rng.choice('ABCDEFGHJKLMNPRSTVWZ')}{rng.randrange(10**6)}",
                    f"member{i}@org{rng.randrange(n // 4 + 1)}.example",
                    f"Org {rng.randrange(n // 4 + 1)}",
                    rng.choice(INDUSTRIES),
                    rng.choice(INTENTS),
                ]
            )


def _timed(store: Store, run: Callable[[Store], None]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run(store)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 and 2,000 rows")
    args = parser.parse_args()
    sizes = (500, 2_000) if args.quick else (1_000, 4_000, 10_000)
    print(f"{'rows':>7} {'members s':>10} {'ms/row':>7} {'cpu s':>7} "
          f"{'import csv s':>13} {'ms/row':>7} {'ratio':>6}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            path = folder / f"members-{n}.csv"
            members_file(path, n, random.Random(n))

            def members(store: Store, path: Path = path) -> None:
                with store.transaction() as session:
                    import_members(session, owner_account(session, "me"), "Table", path)

            def reference(store: Store, path: Path = path) -> None:
                with store.transaction() as session:
                    import_file(session, owner_account(session, "me"), "csv", path)

            figures: dict[str, tuple[float, float]] = {}
            counts: dict[str, tuple[int, int]] = {}
            for name, run in (("members", members), ("reference", reference)):
                store = Store(f"sqlite:///{folder / f'{name}-{n}.sqlite'}")
                with store.transaction() as session:
                    create_community(session, owner_account(session, "me"), "Table")
                figures[name] = _timed(store, run)
                with store.reading() as session:
                    counts[name] = (
                        session.scalar(select(func.count(Person.id))) or 0,
                        session.scalar(select(func.count(Member.id))) or 0,
                    )
                store.dispose()
            assert counts["members"] == (n + 1, n), counts  # everyone, and "me"
            assert counts["reference"][0] == n + 1, counts
            (wall, cpu), (ref, _) = figures["members"], figures["reference"]
            print(f"{n:>7,} {wall:>10.2f} {1000 * wall / n:>7.2f} {cpu:>7.2f} "
                  f"{ref:>13.2f} {1000 * ref / n:>7.2f} {wall / ref:>5.2f}x")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
