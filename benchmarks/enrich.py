"""Inferred industry from a LinkedIn position and company, against a keyword baseline.

    python benchmarks/enrich.py           # the test part, with the shipped parameters
    python benchmarks/enrich.py --tune    # also: choose the parameters on the tune part

The data, benchmarks/data/enrich_positions.csv, holds 167 position + company
rows as a LinkedIn export gives them (no personal names), across the 21
industries of src/salon/services/data/labels.json, labelled by hand.  The split
is fixed in the file's ``split`` column: within each industry, in file order,
the 1st, 3rd, 5th... row is "tune" (85 rows), the others "test" (82 rows).

Every parameter (the model's temperature and keyword weight, both thresholds)
was chosen with ``--tune`` on the tune part only; the figures reported are on
the test part.  ``--tune`` prints its own figures too, labelled as tuning data.

Methods, each on the same rows in the same run:

* keywords: the lexical fallback alone (salon without the model), which is
  also the keyword baseline: a label's keywords found in the position or the
  company;
* model: the packaged MiniLM, zero-shot against each label's description
  (``keyword_weight = 0``);
* salon: the model plus the keyword evidence, as ``salon person enrich`` runs.

Columns: accuracy = share of rows whose best label is right (a row with no
keyword hit counts as wrong); at the threshold: coverage = share of rows given
a value, precision = share of those that are right.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from salon.semantic.embedders import model_unavailable_reason
from salon.semantic.zero_shot import label_choices
from salon.services.enrichment import (
    DEFAULT_SETTINGS,
    EnrichmentSettings,
    Profile,
    label_scores,
    label_set,
    model_embedder,
)

DATA = Path(__file__).resolve().parent / "data" / "enrich_positions.csv"
TARGET_PRECISION = 0.85  # the thresholds are the lowest giving this precision on the tune part


class Row(NamedTuple):
    position: str
    company: str
    industry: str
    split: str


class Scores(NamedTuple):
    accuracy: float
    coverage: float
    precision: float


def read_rows(path: Path = DATA) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            Row(r["position"], r["company"], r["industry"], r["split"])
            for r in csv.DictReader(handle)
        ]
    names = {label.name for label in label_set("industry")}
    unknown = sorted({r.industry for r in rows} - names)
    if unknown:
        raise SystemExit(f"{path}: industries not in labels.json: {', '.join(unknown)}")
    return rows


def predictions(
    kw: NDArray[np.float64], sims: NDArray[np.float64] | None, settings: EnrichmentSettings
) -> tuple[list[str | None], NDArray[np.float64]]:
    labels = label_set("industry")
    if sims is None:
        choices = label_choices(kw)
    else:
        choices = label_choices(
            kw, sims, temperature=settings.temperature, keyword_weight=settings.keyword_weight
        )
    names = [labels[c.index].name if c.index >= 0 else None for c in choices]
    return names, np.array([c.confidence for c in choices])


def score(
    predicted: list[str | None], confidence: NDArray[np.float64], truth: list[str], threshold: float
) -> Scores:
    right = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    kept = (confidence >= threshold) & np.array([p is not None for p in predicted])
    precision = float(right[kept].mean()) if kept.any() else float("nan")
    return Scores(float(right.mean()), float(kept.mean()), precision)


def lowest_threshold(
    predicted: list[str | None], confidence: NDArray[np.float64], truth: list[str]
) -> float:
    """The lowest confidence threshold whose precision reaches TARGET_PRECISION."""
    for threshold in np.round(np.arange(0.05, 1.0, 0.05), 2):
        if score(predicted, confidence, truth, float(threshold)).precision >= TARGET_PRECISION:
            return float(threshold)
    return 1.0


def log_loss(
    kw: NDArray[np.float64], sims: NDArray[np.float64], truth: list[str], s: EnrichmentSettings
) -> float:
    """Mean negative log-probability of the right label: the temperature is calibrated on it."""
    index = {label.name: i for i, label in enumerate(label_set("industry"))}
    z = (sims + s.keyword_weight * np.minimum(kw, 2.0)) / s.temperature
    z -= z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-np.mean([logp[i, index[t]] for i, t in enumerate(truth)]))


def tune(
    kw: NDArray[np.float64], sims: NDArray[np.float64] | None, truth: list[str]
) -> EnrichmentSettings:
    """Keyword weight by accuracy, temperature by log-loss, thresholds by precision: tune part."""
    s = DEFAULT_SETTINGS
    names, conf = predictions(kw, None, s)
    s = replace(s, keyword_threshold=lowest_threshold(names, conf, truth))
    print(f"  keywords: threshold {s.keyword_threshold} (tune precision >= {TARGET_PRECISION})")
    if sims is None:
        return s
    best = max(
        (0.0, 0.02, 0.04, 0.06, 0.08, 0.12, 0.16, 0.24, 0.32),
        key=lambda w: (
            score(*predictions(kw, sims, replace(s, keyword_weight=w)), truth, 0).accuracy,
            -w,
        ),
    )
    s = replace(s, keyword_weight=best)
    temperature = min(
        (0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1),
        key=lambda t: log_loss(kw, sims, truth, replace(s, temperature=t)),
    )
    s = replace(s, temperature=temperature)
    names, conf = predictions(kw, sims, s)
    s = replace(s, threshold=lowest_threshold(names, conf, truth))
    print(
        f"  model: keyword_weight {s.keyword_weight}, temperature {s.temperature} "
        f"(log-loss {log_loss(kw, sims, truth, s):.3f}), threshold {s.threshold}"
    )
    return s


def table(title: str, results: dict[str, tuple[Scores, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'method':<9} {'accuracy':>8} {'threshold':>9} {'coverage':>8} {'precision':>9}")
    for name, (s, threshold) in results.items():
        print(
            f"  {name:<9} {s.accuracy:>8.3f} {threshold:>9.2f} "
            f"{s.coverage:>8.3f} {s.precision:>9.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="choose parameters on the tune part")
    parser.add_argument("--lexical", action="store_true", help="skip the sentence model")
    args = parser.parse_args(argv)
    rows = read_rows()
    embedder = None if args.lexical else model_embedder()
    if embedder is None and not args.lexical:
        print(f"sentence model unavailable ({model_unavailable_reason()}): keywords only")
    wall, cpu = time.perf_counter(), time.process_time()
    profiles = [Profile(organization=r.company, role=r.position) for r in rows]
    kw, sims = label_scores(profiles, "industry", embedder=embedder)
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    parts = {part: [i for i, r in enumerate(rows) if r.split == part] for part in ("tune", "test")}
    truth = {part: [rows[i].industry for i in index] for part, index in parts.items()}

    settings = DEFAULT_SETTINGS
    if args.tune:
        print("Tuning on the tune part:")
        index = parts["tune"]
        settings = tune(kw[index], sims[index] if sims is not None else None, truth["tune"])
        print(f"  -> {settings}")

    for part in ["tune", "test"] if args.tune else ["test"]:
        index = parts[part]
        k = kw[index]
        results = {
            "keywords": (
                score(*predictions(k, None, settings), truth[part], settings.keyword_threshold),
                settings.keyword_threshold,
            )
        }
        if sims is not None:
            sm = sims[index]
            plain = replace(settings, keyword_weight=0.0)
            results["model"] = (
                score(*predictions(k, sm, plain), truth[part], settings.threshold),
                settings.threshold,
            )
            results["salon"] = (
                score(*predictions(k, sm, settings), truth[part], settings.threshold),
                settings.threshold,
            )
        label = "TUNING DATA (parameters chosen here)" if part == "tune" else "held-out test part"
        table(f"{part}: {len(index)} rows, {label}", results)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nscoring all {len(rows)} rows: {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU "
        f"(model load included), peak RSS {peak:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
