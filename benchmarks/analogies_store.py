"""Speed of ``salon analogies`` on the demo network: the stored, incremental index.

    python benchmarks/analogies_store.py            # both backends, 3 repeats, CLI runs
    python benchmarks/analogies_store.py --quick    # 1 repeat, no CLI subprocesses

The demo network (about 500 searchable texts) is loaded into a throw-away
SQLite store.  Each row times salon's service, :func:`salon.services.analogies.
find_analogies` (collect the texts from the store, refresh the stored vectors,
rank), beside references in the same run:

* ``core only``: the semantic core with the texts already in memory and the
  index already built, answering the query: the floor, with no store at all;
* ``re-embed all``: what a store-less service would do on every query, embed
  every text again and then answer.

The ratios are salon's time over each reference's.  Timings are the best of a
few runs, torch on one thread (as the service sets it).  The model's one-off
load is reported on its own line: it dominates a cold ``salon analogies``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from salon.db.models import Lesson
from salon.db.store import Store
from salon.semantic import AnalogyIndex, Embedder, LexicalEmbedder, model_unavailable_reason
from salon.services.accounts import owner_account
from salon.services.analogies import find_analogies
from salon.services.demo import load_sample
from salon.services.sample import generate_sample
from salon.services.semantic_index import choose_embedder, collect_items

PROBLEM = "Hospital patient handovers between teams are slow and error-prone"

# Problems stated in the user's field, and the demo's lessons (by sample key)
# from *other* fields that answered the same problem shape historically.
CASES: tuple[tuple[str, str, frozenset[str]], ...] = (
    (PROBLEM, "healthcare", frozenset({"ferrari-pit-stop", "boeing-299-checklist", "united-173"})),
    (
        "Complex operations go wrong because even experienced surgeons forget a step",
        "healthcare",
        frozenset({"boeing-299-checklist"}),
    ),
    (
        "Junior nurses do not dare to stop a senior doctor who is about to make a mistake",
        "healthcare",
        frozenset({"andon-cord", "united-173"}),
    ),
    (
        "Our factory piles up inventory because production is pushed by demand forecasts",
        "manufacturing",
        frozenset({"supermarket-replenishment"}),
    ),
    (
        "Our stores run out of fast-moving products between weekly orders",
        "retail",
        frozenset({"ohno-supermarket"}),
    ),
    (
        "Two teams built their subsystems separately and they do not fit together",
        "software",
        frozenset({"mars-climate-orbiter", "container-standard"}),
    ),
)


def best_of(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _row(label: str, salon_s: float, refs: dict[str, float]) -> str:
    cells = [f"{label:<38}", f"{salon_s * 1000:>10.1f}"]
    for name in ("core only", "re-embed all"):
        ref = refs.get(name)
        cells.append(f"{ref * 1000:>10.1f} {salon_s / ref:>6.2f}x" if ref else f"{'-':>10} {'':>7}")
    return " ".join(cells)


def bench_backend(store: Store, backend: str, repeats: int) -> list[str]:
    with store.reading() as session:
        items = [s.item for s in collect_items(session, owner_account(session, "me"))]
    texts = [item.text for item in items]
    embedder: Embedder = choose_embedder(backend, texts)[0]
    if backend == "model":
        start = time.perf_counter()
        embedder.embed(["warm up"])  # loads the model
        load = time.perf_counter() - start
    prebuilt = AnalogyIndex.build(embedder, items)

    def salon() -> None:
        with store.transaction() as session:
            find_analogies(session, owner_account(session, "me"), PROBLEM, backend=backend)

    def core_query() -> None:
        prebuilt.far_analogies(PROBLEM, top=5)

    def re_embed_all() -> None:
        fresh = embedder if backend == "model" else LexicalEmbedder(texts)
        AnalogyIndex.build(fresh, items).far_analogies(PROBLEM, top=5)

    rows = []
    if backend == "model":
        rows.append(f"{'model load (once per process)':<38} {load * 1000:>10.1f}")
        start = time.perf_counter()
        salon()  # the store holds no vector yet: everything is embedded and stored
        rows.append(
            _row(
                "first query (embeds all, stores)",
                time.perf_counter() - start,
                {"re-embed all": best_of(1, re_embed_all)},
            )
        )
    full = best_of(repeats, re_embed_all)
    rows.append(
        _row(
            "query, nothing changed" if backend == "model" else "query (TF-IDF refit in memory)",
            best_of(repeats, salon),
            {"core only": best_of(repeats, core_query), "re-embed all": full},
        )
    )
    if backend == "model":

        def edit_then_query() -> None:
            with store.transaction() as session:
                lesson = session.query(Lesson).order_by(Lesson.id).first()
                assert lesson is not None
                lesson.takeaway = f"{lesson.takeaway} (edited {time.perf_counter()})"
            salon()

        rows.append(
            _row(
                "one lesson edited, then query",
                best_of(repeats, edit_then_query),
                {"core only": best_of(repeats, core_query), "re-embed all": full},
            )
        )
    return rows


def quality(store: Store, backend: str) -> list[str]:
    """hit@1 / hit@5 of the demo's far analogies: salon beside plain similarity."""
    sample = generate_sample()
    titles = {lesson.key: lesson.title for lesson in sample.lessons}
    with store.reading() as session:
        owner = owner_account(session, "me")
        ref_of = {
            lesson.title: f"lesson:{lesson.id}"
            for lesson in session.query(Lesson).filter(Lesson.owner_id == owner.id)
        }
        sources = collect_items(session, owner)
    items = [s.item for s in sources]
    embedder = choose_embedder(backend, [item.text for item in items])[0]
    plain = AnalogyIndex.build(embedder, items)
    rows = []
    for kinds, label in ((None, "all kinds"), ({"lesson"}, "lessons only")):
        hits = {"salon": [0, 0], "plain similarity": [0, 0]}
        for problem, domain, keys in CASES:
            answers = {ref_of[titles[k]] for k in keys}
            with store.transaction() as session:
                found = find_analogies(
                    session,
                    owner_account(session, "me"),
                    problem,
                    domain=domain,
                    top=5,
                    kinds=kinds,
                    backend=backend,
                )
            ranked = {
                "salon": [a.ref for a in found.analogies],
                "plain similarity": plain.similar(problem, top=5, kinds=kinds).refs,
            }
            for name, refs in ranked.items():
                hits[name][0] += bool(refs[:1] and refs[0] in answers)
                hits[name][1] += bool(answers & set(refs[:5]))
        n = len(CASES)
        rows.append(
            f"{backend + ', ' + label:<38} "
            + "   ".join(
                f"{name}: hit@1 {h1 / n:.2f} hit@5 {h5 / n:.2f}" for name, (h1, h5) in hits.items()
            )
        )
    return rows


def bench_cli(db: Path, backend: str, repeats: int) -> str:
    env = dict(os.environ, SALON_DATABASE_URL=f"sqlite:///{db}", SALON_OWNER="me")
    salon_cmd = [sys.executable, "-m", "salon.cli.main"]

    def run(args: list[str]) -> None:
        subprocess.run(salon_cmd + args, env=env, check=True, capture_output=True)

    query = best_of(repeats, lambda: run(["analogies", PROBLEM, "--json", "--backend", backend]))
    bare = best_of(repeats, lambda: run(["note", "list", "--json"]))
    return (
        f"{'CLI: salon analogies --backend ' + backend:<38} {query * 1000:>10.1f}"
        f"   beside `salon note list` (imports, store): {bare * 1000:.0f} ms, "
        f"{query / bare:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat, no CLI subprocesses")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    backends = ["lexical"]
    reason = model_unavailable_reason()
    if reason is None:
        backends.append("model")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        store = Store(f"sqlite:///{db}")
        with store.transaction() as session:
            load_sample(session, owner_account(session, "me"), generate_sample())
        with store.reading() as session:
            n_items = len(collect_items(session, owner_account(session, "me")))
        print(f"demo network: {n_items} searchable texts; query: {PROBLEM!r}")
        print(
            f"{'step':<38} {'salon ms':>10} {'core only':>10} {'ratio':>7} "
            f"{'re-embed':>10} {'ratio':>7}"
        )
        for backend in backends:
            print(f"-- {backend}")
            for line in bench_backend(store, backend, repeats):
                print(line)
        if reason is not None:
            print(f"-- model: skipped ({reason})")
        print(f"-- quality on the demo: {len(CASES)} problems with known far analogies")
        for backend in backends:
            for line in quality(store, backend):
                print(line)
        if not args.quick:
            print("-- end to end, one process per command")
            for backend in backends:
                print(bench_cli(db, backend, repeats))
        store.dispose()


if __name__ == "__main__":
    main()
