"""``suggest lessons`` in a large store: only lessons and insights are read and embedded.

    python benchmarks/lessons_store.py                    # 100,000 people, 200 lessons
    python benchmarks/lessons_store.py --quick            # 20,000 people
    python benchmarks/lessons_store.py --people 50000 --lessons 500
    python benchmarks/lessons_store.py --lexical          # the TF-IDF fallback

A throw-away SQLite store gets ``--people`` people (role, organisation,
industry: a profile text each) written with one Core insert, and ``--lessons``
lessons told by some of them.  Rows, in one process:

* ``first call``: :func:`salon.services.conversations.similar_experiences` on a
  store whose lessons have never been embedded (it embeds them and stores the
  vectors);
* ``later call``: the same question again (vectors read back, nothing embedded);
* the floor beside each: embedding the same lesson texts with the model
  alone, and ranking them with the bare semantic core once embedded.

Wall and CPU seconds, and the peak resident memory of the process.  Before
this change the first call embedded every distinct profile as well and
loaded every person as an ORM object (issue 11: 499 s on 100,000 people).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import insert, select

from salon.db.models import Lesson, Person
from salon.db.store import Store
from salon.semantic import AnalogyIndex, Item, model_unavailable_reason
from salon.services.accounts import owner_account
from salon.services.conversations import similar_experiences
from salon.services.semantic_index import choose_embedder, collect_items

T = TypeVar("T")
ROLES = ("nurse", "engineer", "designer", "analyst", "teacher", "founder", "pilot", "chef")
FIELDS = ("healthcare", "aviation", "logistics", "retail", "energy", "education", "software")
PROBLEM = "shift handovers lose information between teams"


def timed(run: Callable[[], T]) -> tuple[T, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def build(store: Store, n_people: int, n_lessons: int) -> None:
    rng = random.Random(1)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        rows = [
            {
                "owner_id": owner.id,
                "name": f"Person {i}",
                "name_key": f"person {i}",
                "role": f"{rng.choice(ROLES)} {i % 97}",
                "organization": f"Org {i % 5000}",
                "industry": rng.choice(FIELDS),
            }
            for i in range(n_people)
        ]
        session.execute(insert(Person), rows)
        ids = list(session.scalars(select(Person.id).where(Person.is_me.is_(False)).limit(5000)))
        session.execute(
            insert(Lesson),
            [
                {
                    "owner_id": owner.id,
                    "person_id": rng.choice(ids),
                    "title": f"Lesson {i}: {rng.choice(ROLES)}s in {rng.choice(FIELDS)}",
                    "what_happened": f"Story {i} about {rng.choice(FIELDS)} and handovers, "
                    f"checklists or queues, case {i}.",
                    "takeaway": f"Takeaway {i}: rehearse the {rng.choice(ROLES)}'s routine.",
                    "kind": "success",
                    "domain": rng.choice(FIELDS),
                    "tags": [],
                }
                for i in range(n_lessons)
            ],
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--lessons", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="20,000 people")
    parser.add_argument("--lexical", action="store_true", help="time the TF-IDF fallback")
    args = parser.parse_args()
    if args.quick:
        args.people = 20_000
    reason = model_unavailable_reason()
    backend = "model" if reason is None and not args.lexical else "lexical"
    if reason is not None:
        print(f"sentence model unavailable ({reason}): lexical fallback timed instead")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'lessons.sqlite'}")
        _, build_s, _ = timed(lambda: build(store, args.people, args.lessons))
        print(f"{args.people} people, {args.lessons} lessons written in {build_s:.1f} s\n")

        def ask() -> int:
            with store.transaction() as session:
                owner = owner_account(session, "me")
                return len(similar_experiences(session, owner, PROBLEM, backend=backend)[1])

        with store.reading() as session:
            items = [
                s.item for s in collect_items(session, owner_account(session, "me"), ["lesson"])
            ]
        texts = [it.text for it in items]
        embedder, _ = choose_embedder(backend, texts)
        embedder.embed(["warm up: load the model once, outside every timing"])
        vectors, embed_s, embed_cpu = timed(lambda: embedder.embed(texts))
        index = AnalogyIndex.from_vectors(  # plain similarity: no sentence parts
            embedder, [Item(it.ref, it.text, it.domain) for it in items], vectors, part_weight=0.0
        )
        _, rank_s, rank_cpu = timed(lambda: index.similar(PROBLEM, top=5))

        found, first_s, first_cpu = timed(ask)
        assert found, "the lessons answer"
        later = [timed(ask) for _ in range(3)]
        _, later_s, later_cpu = min(later, key=lambda t: t[1])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    header = f"{'suggest lessons':<28} {'wall s':>8} {'CPU s':>8} {'floor s':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for label, wall, cpu, floor in (
        ("first call (embeds lessons)", first_s, first_cpu, embed_s + rank_s),
        ("later call (best of 3)", later_s, later_cpu, rank_s),
    ):
        print(f"{label:<28} {wall:8.2f} {cpu:8.2f} {floor:8.3f} {wall / floor:6.1f}")
    print(
        f"\nfloor: embedding the {len(texts)} lesson texts alone {embed_s:.2f} s"
        f" ({embed_cpu:.2f} CPU-s), ranking them with the bare core {rank_s * 1e3:.1f} ms"
        f" ({rank_cpu * 1e3:.1f} CPU-ms); backend {embedder.name}"
    )
    print(f"peak resident memory of the process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
