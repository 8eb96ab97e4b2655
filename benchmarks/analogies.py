"""Far analogies vs plain similarity on documented cross-domain innovations.

    python benchmarks/analogies.py            # all cases, both backends
    python benchmarks/analogies.py --quick    # first 12 cases
    python benchmarks/analogies.py --lexical  # skip the sentence model

The corpus is every answer, distractor and background item of
benchmarks/data/far_analogies.jsonl; each query ranks all of it.  "plain" is
cosine similarity (the reference), "far" salon's far-analogy ranking, told the
query's domain ("given") or inferring it ("inferred").  Target with the model:
hit@5 >= 0.6 and distractor-above < 0.10.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from salon.semantic import (
    AnalogyIndex,
    Embedder,
    LexicalEmbedder,
    SentenceModelEmbedder,
    analogy_cases,
    evaluate_analogies,
    model_unavailable_reason,
)

DATA = Path(__file__).resolve().parent / "data" / "far_analogies.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="only the first 12 cases")
    parser.add_argument("--lexical", action="store_true", help="lexical backend only")
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads (1 suits a busy machine)"
    )
    args = parser.parse_args()

    with DATA.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    cases, background = analogy_cases(records)
    if args.quick:
        cases = cases[:12]
    items = [it for case in cases for it in (case.answer, *case.distractors)] + list(background)
    print(f"{len(cases)} queries, {len(items)} items, {len({it.domain for it in items})} domains\n")

    backends: list[tuple[str, Embedder]] = []
    if not args.lexical:
        reason = model_unavailable_reason()
        if reason is None:
            backends.append(("model", SentenceModelEmbedder(threads=args.threads)))
        else:
            print(f"sentence model skipped: {reason}")
    backends.append(("lexical", LexicalEmbedder([it.text for it in items])))

    columns = ("hit@1", "hit@5", "MRR", "distr>ans", "domain ok", "ms/query")
    header = f"{'backend':<9} {'ranking':<15} " + " ".join(f"{c:>9}" for c in columns)
    print(header)
    print("-" * len(header))
    for label, embedder in backends:
        start = time.perf_counter()
        index = AnalogyIndex.build(embedder, items)
        build = time.perf_counter() - start
        for name, method, given in (
            ("plain (ref)", "plain", False),
            ("far, given", "far", True),
            ("far, inferred", "far", False),
        ):
            start = time.perf_counter()
            s = evaluate_analogies(index, cases, method=method, give_domain=given)  # type: ignore[arg-type]
            per_query = (time.perf_counter() - start) / len(cases) * 1e3
            figures = (s.hit_at_1, s.hit_at_5, s.mean_reciprocal_rank, s.distractor_above)
            figures += (s.domain_accuracy,)
            cells = " ".join(f"{x:9.2f}" for x in figures) + f" {per_query:9.1f}"
            print(f"{label:<9} {name:<15} {cells}")
        print(
            f"{'':<9} backend {index.backend}, index built in {build:.2f} s (includes model load)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
