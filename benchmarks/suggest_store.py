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

Then `suggest introduce`, `suggest panel IDEA` and `suggest partners IDEA`,
each from the snapshot arrays beside the way they worked before (the full
networkx graph and every person as an ORM object, kept in suggest_before.py;
the old introductions loop over every pair of contacts, so it is timed only
up to 1,000 contacts: at 5,000 it ran over 5 minutes), checking both answer
the same.

Run: python benchmarks/suggest_store.py [--people 100000 --contacts 5000] [--quick] [--db URL]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
from sqlalchemy import func, insert, select, update

from salon.db.models import (
    Idea,
    IdeaVersion,
    Person,
    PersonAttribute,
    PersonTag,
    Tie,
    TieEvidence,
    utcnow,
)
from salon.db.store import Store
from salon.recommend import who_to_meet
from salon.services.accounts import owner_account
from salon.services.conversations import prepare_brief, support_map
from salon.services.network import network_arrays, network_graph
from salon.services.network_snapshot import snapshot_arrays
from salon.services.people import list_people
from salon.services.suggestions import (
    DEFAULT_ATTRIBUTES,
    PROFILE_FIELDS,
    SuggestedIntroduction,
    suggest_introductions,
    suggest_meet,
    suggest_panel,
    suggest_partners,
)
from suggest_before import (
    suggest_introductions_before,
    suggest_panel_before,
    suggest_partners_before,
)

INDUSTRIES = [f"industry {i}" for i in range(40)]
DISCIPLINES = [f"discipline {i}" for i in range(15)]
COUNTRIES = [f"country {i}" for i in range(60)]
SKILLS = ["cold storage", "lab logistics", "procurement", "grant writing", "sensors", "pricing"]
NEEDS = ["cold storage", "procurement", "sensors"]


def build(store: Store, n_people: int, n_contacts: int, ties_per_person: int, seed: int) -> Store:
    rng = random.Random(seed)
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
        # one person in ten states some expertise (stores built before this have none)
        session.execute(
            insert(PersonTag),
            [
                {"person_id": pid, "kind": "expertise", "tag": tag}
                for pid in ids
                if rng.random() < 0.1
                for tag in rng.sample(SKILLS, 2)
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
            owner_id=owner.id,
            title="Shared lab freezer",
            problem="Small labs waste reagents",
            needs=NEEDS,
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
    parser.add_argument(
        "--db",
        help="an empty database (or one this benchmark built) to use instead of a SQLite file "
        "in the temp folder, e.g. postgresql://postgres@127.0.0.1:5432/salon_bench",
    )
    args = parser.parse_args()
    if args.quick:
        args.people, args.contacts = 10_000, 1_000
    path = Path(tempfile.gettempdir()) / f"salon-bench-{args.people}-{args.contacts}.sqlite"
    start = time.perf_counter()
    store = Store(args.db or f"sqlite:///{path}")
    with store.reading() as session:
        built = session.scalar(select(func.count()).select_from(Person)) == args.people + 1
    if not built:
        build(store, args.people, args.contacts, args.ties_per_person, seed=1)
    print(f"store ready in {time.perf_counter() - start:.1f} s: {store.safe_url}")
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
    time_idea_suggestions(store, with_old_introductions=args.contacts <= 1_000)
    time_brief_and_support(store)


def partners_on_expertise(session: Any, owner: Any, idea_ref: int) -> Any:
    """``suggest partners`` reading expertise only, as the path before the arrays did."""
    return suggest_partners(session, owner, idea_ref, fields=("expertise",))


def same_answer(old: Any, new: Any) -> bool:
    """Equal, but for introductions' scores (equal to float32 rounding) and partners' names.

    The old introductions multiplied all the contacts' vectors at once in
    float32, the new ones each distinct profile's: BLAS sums a product's
    terms in an order that depends on where it falls in the matrix, so the
    same pair can come out a few float32 roundings apart (1e-7).  Partners
    now come with the names of the people with expertise, not of everyone.
    """
    if isinstance(old, tuple):  # partners: (plan, names), and a PartnerAnswer
        return bool(
            old[0] == new.plan and all(old[1][p] == new.names[p] for p, _ in old[0].partners)
        )
    return len(old) == len(new) and all(
        a == replace(b, score=a.score) and abs(a.score - b.score) < 1e-6
        if isinstance(a, SuggestedIntroduction)
        else a == b
        for a, b in zip(old, new, strict=True)
    )


def summary(answer: Any) -> str:
    if isinstance(answer, tuple):
        return str([(answer[1][p], sorted(needs)) for p, needs in answer[0].partners])
    if hasattr(answer, "plan"):  # a PartnerAnswer
        return str([(answer.names[p], answer.reason(p)) for p, _ in answer.plan.partners])
    return str([(a.first, a.second) if hasattr(a, "first") else a.name for a in answer])


def time_idea_suggestions(store: Store, *, with_old_introductions: bool) -> None:
    """`suggest introduce`, `panel` and `partners`: from the arrays, and as before."""
    idea = "Shared lab freezer"
    with store.transaction() as session:  # needs, for partners (stores built before had none)
        found = session.scalar(select(Idea).where(Idea.title == idea))
        assert found is not None
        if not found.needs:
            found.needs = NEEDS

    def call(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        with store.transaction() as session:
            return fn(session, owner_account(session, "me"), *args, **kwargs)

    cases = (
        ("introduce", suggest_introductions, suggest_introductions_before, {}),
        ("panel", suggest_panel, suggest_panel_before, {"idea_ref": idea}),
        # on expertise alone, as the old path read it (partners also read other fields now)
        ("partners", partners_on_expertise, suggest_partners_before, {"idea_ref": idea}),
    )
    print(f"\n{'step':<58}{'wall s':>8}{'CPU s':>8}{'× before (wall, CPU)':>24}")
    for label, new, old, given in cases:
        t_new, picks = timed(lambda: call(new, **given))  # noqa: B023 (called at once)
        print(f"{'salon suggest ' + label + ', from the arrays':<58}", end="")
        if label == "introduce" and not with_old_introductions:
            print(f"{t_new.wall:>8.3f}{t_new.cpu:>8.3f}")
            print("  before: every pair of contacts in Python, not timed (over 5 minutes)")
        else:
            t_old, old_picks = timed(lambda: call(old, **given), repeat=1)  # noqa: B023
            assert same_answer(old_picks, picks), f"suggest {label}: the two paths disagree"
            print(
                f"{t_new.wall:>8.3f}{t_new.cpu:>8.3f}"
                f"{t_new.wall / t_old.wall:>12.3f}{t_new.cpu / t_old.cpu:>12.3f}"
            )
            before = "  before: network_graph and ORM people (same answer)"
            print(f"{before:<58}{t_old.wall:>8.3f}{t_old.cpu:>8.3f}")
        print(f"  {label}: {summary(picks)}")
    t_all, answer = timed(lambda: call(suggest_partners, idea_ref=idea))
    label = "salon suggest partners, every field (industry, notes...)"
    print(f"{label:<58}{t_all.wall:>8.3f}{t_all.cpu:>8.3f}")
    print(f"  partners: {summary(answer)}")


def time_brief_and_support(store: Store) -> None:
    """`suggest prepare` and `support` read only the user's contacts.

    Before, each loaded every person of the store as an ORM object, so that
    load is timed beside them as what they used to cost at least.
    """

    def call(fn):  # type: ignore[no-untyped-def]
        with store.transaction() as session:
            return fn(session, owner_account(session, "me"))

    t_everyone, everyone = timed(lambda: call(list_people), repeat=1)
    print(f"\n{'step':<58}{'wall s':>8}{'CPU s':>8}")
    for label, fn in (
        ("salon suggest prepare 'Person 10'", lambda s, o: prepare_brief(s, o, "Person 10")),
        ("salon suggest support", support_map),
    ):
        t, _ = timed(lambda: call(fn))  # noqa: B023 (called at once)
        print(f"{label:<58}{t.wall:>8.3f}{t.cpu:>8.3f}")
    label = f"  before, at least: every person as an ORM object ({len(everyone):,})"
    print(f"{label:<58}{t_everyone.wall:>8.3f}{t_everyone.cpu:>8.3f}")


if __name__ == "__main__":
    main()
