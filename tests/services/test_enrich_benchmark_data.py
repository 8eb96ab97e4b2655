"""The enrichment benchmark's labelled set is what benchmarks/README.md says it is."""

from __future__ import annotations

from collections import Counter

import numpy as np
from tests.benchmark_code import load_benchmark

from salon.services.enrichment import label_set


def test_the_labelled_positions_cover_enough_industries_in_both_parts() -> None:
    bench = load_benchmark("enrich")
    rows = bench.read_rows()
    assert len(rows) >= 150
    by_part = {
        part: Counter(r.industry for r in rows if r.split == part) for part in ("tune", "test")
    }
    assert set(by_part) == {"tune", "test"}
    assert len(by_part["test"]) >= 15
    assert (
        set(by_part["tune"])
        == set(by_part["test"])
        <= {label.name for label in label_set("industry")}
    )
    assert len({(r.position, r.company) for r in rows}) == len(rows)


def test_the_benchmark_scores_by_hand() -> None:
    bench = load_benchmark("enrich")
    predicted = ["logistics", None, "healthcare", "media"]
    confidence = np.array([0.9, 0.0, 0.2, 0.6])
    truth = ["logistics", "retail", "finance", "media"]
    s = bench.score(predicted, confidence, truth, 0.5)
    assert (s.accuracy, s.coverage, s.precision) == (0.5, 0.5, 1.0)
