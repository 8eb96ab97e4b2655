"""`salon suggest meet` end to end on a large store, beside the pure recommender and Adamic–Adar.

Builds (once, cached in a temp folder) a SQLite store with N people, a user
with C contacts and random ties among everyone, then times:

- salon's whole service call (`suggest_meet`: the network as arrays, from the
  snapshot stored in the database, relevance to open ideas kept per person
  beside it, the greedy recommender), one transaction per call as in the CLI:
  first in the process, with the network unchanged, and just after a change
  (the user's own row: the snapshot is brought up to date by rereading the
  people the triggers noted, here the user and 5,000 ties, and stored again);
- its parts: reading the snapshot, reading the arrays (`network_arrays`), the
  pure `who_to_meet`;
- the same service call on the full networkx graph (`network_graph`), the way
  it worked before the arrays, and checks that both give the same picks;
- the "people you may know" reference on the same graph: NetworkX's
  Adamic–Adar ranking of the same candidate pool.

Run: python benchmarks/suggest_store.py [--people 100000 --contacts 5000] [--quick]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import networkx as nx
from sqlalchemy import insert, select, update

from salon.db.models import (
    Idea,
    IdeaVersion,
    Person,
    PersonAttribute,
    Tie,
    TieEvidence,
    utcnow,
)
from salon.db.store import Store
from salon.recommend import who_to_meet
from salon.services.accounts import owner_account
from salon.services.network import network_arrays, network_graph
from salon.services.network_snapshot import snapshot_arrays
from salon.services.suggestions import DEFAULT_ATTRIBUTES, PROFILE_FIELDS, suggest_meet

INDUSTRIES = [f"industry {i}" for i in range(40)]
DISCIPLINES = [f"discipline {i}" for i in range(15)]
COUNTRIES = [f"country {i}" for i in range(60)]


def build(path: Path, n_people: int, n_contacts: int, ties_per_person: int, seed: int) -> Store:
    rng = random.Random(seed)
    store = Store(f"sqlite:///{path}")
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user_id = session.scalar(select(Person.id).where(Person.is_me.is_(True)))
        rows = [
            {
                "owner_id": owner.id,
                "name": f"Person {i}",
                "name_key": f"person {i}",
                # contacts lean to a few industries, as real networks do
                "industry": rng.choice(INDUSTRIES[:6] if i < n_contacts else INDUSTRIES),
                "discipline": rng.choice(DISCIPLINES),
                "is_me": False,
            }
            for i in range(n_people)
        ]
        session.execute(insert(Person), rows)
        ids = list(
            session.scalars(select(Person.id).where(Person.is_me.is_(False)).order_by(Person.id))
        )
        session.execute(
            insert(PersonAttribute),
            [{"person_id": pid, "key": "country", "value": rng.choice(COUNTRIES)} for pid in ids],
        )
        pairs: set[tuple[int, int]] = {(min(user_id, c), max(user_id, c)) for c in ids[:n_contacts]}
        for pid in ids:
            for _ in range(ties_per_person):
                other = rng.choice(ids)
                if other != pid:
                    pairs.add((min(pid, other), max(pid, other)))
        session.execute(
            insert(Tie),
            [
                {"owner_id": owner.id, "person_a_id": a, "person_b_id": b, "support": []}
                for a, b in pairs
            ],
        )
        tie_ids = list(session.scalars(select(Tie.id)))
        session.execute(
            insert(TieEvidence),
            [
                {"tie_id": t, "kind": "stated", "inferred": False, "source_ref": "bench"}
                for t in tie_ids
            ],
        )
        idea = Idea(
            owner_id=owner.id, title="Shared lab freezer", problem="Small labs waste reagents"
        )
        idea.versions = [IdeaVersion(number=1, text="Pool freezers across labs")]
        session.add(idea)
    return store


class Timing(NamedTuple):
    """Wall-clock and CPU seconds: on a shared machine the CPU time is the steadier one."""

    wall: float
    cpu: float


def timed(fn, repeat: int = 3):  # type: ignore[no-untyped-def]
    best, result = Timing(float("inf"), float("inf")), None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        best = min(best, Timing(time.perf_counter() - wall, time.process_time() - cpu))
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=5_000)
    parser.add_argument("--ties-per-person", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10,000 people, 1,000 contacts")
    args = parser.parse_args()
    if args.quick:
        args.people, args.contacts = 10_000, 1_000
    path = Path(tempfile.gettempdir()) / f"salon-bench-{args.people}-{args.contacts}.sqlite"
    start = time.perf_counter()
    store = (
        build(path, args.people, args.contacts, args.ties_per_person, seed=1)
        if not path.exists()
        else Store(f"sqlite:///{path}")
    )
    print(f"store ready in {time.perf_counter() - start:.1f} s: {path}")
    fields = {"name", *DEFAULT_ATTRIBUTES, *PROFILE_FIELDS}

    def meet(graph: nx.Graph | None = None):  # type: ignore[no-untyped-def]
        # one transaction per call, as the CLI does: a snapshot read is stored
        with store.transaction() as session:
            return suggest_meet(session, owner_account(session, "me"), k=5, graph=graph)

    def touch() -> None:
        """A change to the network that changes no pick: the snapshot is stale."""
        with store.transaction() as session:
            session.execute(
                update(Person).where(Person.is_me.is_(True)).values(updated_at=utcnow())
            )

    def changed_then_meet() -> Timing:
        touch()
        return timed(meet, repeat=1)[0]  # type: ignore[no-any-return]

    touch()
    t_cold, picks = timed(meet, repeat=1)
    t_warm, _ = timed(meet)
    t_changed = min(changed_then_meet() for _ in range(2))

    def changed_then_catch_up() -> Timing:
        touch()
        with store.transaction() as session:
            owner = owner_account(session, "me")
            return timed(lambda: snapshot_arrays(session, owner, fields), repeat=1)[0]  # type: ignore[no-any-return]

    t_caught_up = min(changed_then_catch_up() for _ in range(2))
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = session.scalar(select(Person.id).where(Person.is_me.is_(True)))
        t_snapshot, _ = timed(lambda: snapshot_arrays(session, owner, fields))
        t_arrays, arrays = timed(lambda: network_arrays(session, owner, fields))
        t_graph, graph = timed(lambda: network_graph(session, owner), repeat=1)
    t_on_graph, graph_picks = timed(lambda: meet(graph), repeat=1)
    assert graph_picks == picks, "the arrays and the networkx graph disagree"
    contacts = set(graph.neighbors(user))
    everyone = [n for n in arrays if n not in contacts and n != user]
    pool = {n for c in contacts for n in graph.neighbors(c)} - contacts - {user}
    t_pure_all, _ = timed(
        lambda: who_to_meet(
            arrays, user, k=5, attributes=list(DEFAULT_ATTRIBUTES), candidates=everyone
        )
    )
    t_pure, _ = timed(lambda: who_to_meet(graph, user, k=5, attributes=list(DEFAULT_ATTRIBUTES)))
    t_aa, _ = timed(
        lambda: sorted(nx.adamic_adar_index(graph, [(user, c) for c in pool]), key=lambda t: -t[2])[
            :5
        ]
    )
    print(
        f"\n{graph.number_of_nodes():,} people, {len(contacts):,} contacts, "
        f"{graph.number_of_edges():,} ties, second-degree pool {len(pool):,}\n"
    )
    print(f"{'step':<58}{'wall s':>8}{'CPU s':>8}{'× Adamic–Adar (wall, CPU)':>28}")
    for label, seconds in (
        ("salon suggest meet, first call in the process, stale", t_cold),
        ("salon suggest meet, network unchanged (snapshot)", t_warm),
        ("  of which: read the stored snapshot", t_snapshot),
        ("  of which: who_to_meet on the arrays, all stored people", t_pure_all),
        ("salon suggest meet, just after a change", t_changed),
        ("  of which: bring the snapshot up to date, store it", t_caught_up),
        ("read the whole network as arrays (after a bulk change)", t_arrays),
        ("salon suggest meet on the networkx graph (same picks)", t_on_graph),
        ("  plus: load the networkx graph", t_graph),
        ("salon who_to_meet on the networkx graph, second degree", t_pure),
        ("NetworkX Adamic–Adar ranking of the pool", t_aa),
    ):
        print(
            f"{label:<58}{seconds.wall:>8.3f}{seconds.cpu:>8.3f}"
            f"{seconds.wall / t_aa.wall:>16.2f}{seconds.cpu / t_aa.cpu:>12.2f}"
        )
    print("\npicks:", [p.name for p in picks])


if __name__ == "__main__":
    main()
