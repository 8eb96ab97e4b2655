"""Far analogies on documented cross-domain innovations, against plain similarity."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from salon.errors import InputError
from salon.semantic import (
    AnalogyCase,
    AnalogyIndex,
    Item,
    LexicalEmbedder,
    analogy_cases,
    evaluate_analogies,
)

BENCHMARK_DATA = (
    Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "far_analogies_v2.jsonl"
)

Subset = tuple[tuple[AnalogyCase, ...], list[Item]]


def test_the_benchmark_set_is_well_formed_cited_and_split_once() -> None:
    records = [json.loads(line) for line in BENCHMARK_DATA.read_text(encoding="utf-8").splitlines()]
    cases, background = analogy_cases(records)
    assert len(cases) >= 80
    refs = [it.ref for c in cases for it in (c.answer, *c.distractors)] + [
        b.ref for b in background
    ]
    assert len(refs) == len(set(refs))
    assert len({c.id for c in cases}) == len(cases)
    assert all(len(c.source) > 10 and c.distractors for c in cases)
    assert len({c.answer.domain for c in cases}) >= 30
    # The split is fixed in the file, by a rule that reads nothing but the id.
    for case in cases:
        first_byte = hashlib.sha256(case.id.encode()).digest()[0]
        assert case.split == ("test" if first_byte % 2 == 0 else "tune"), case.id
    assert sum(c.split == "test" for c in cases) >= 30


def test_the_split_must_be_tune_or_test() -> None:
    with pytest.raises(InputError) as caught:
        analogy_cases([_record(id="a", split="tune"), _record(id="b", split="train")])
    assert (caught.value.line, caught.value.field) == (2, "split")


def test_plain_similarity_prefers_same_domain_distractors_with_the_model(
    analogy_subset: Subset, model_subset_index: AnalogyIndex
) -> None:
    # The premise of the benchmark: surface words win under plain similarity.
    cases, _ = analogy_subset
    index = model_subset_index
    plain = evaluate_analogies(index, cases, method="plain")
    assert plain.distractor_above >= 0.75


@pytest.mark.parametrize("give_domain", [True, False])
def test_far_analogies_rank_the_cross_domain_answer_above_distractors_with_the_model(
    analogy_subset: Subset, model_subset_index: AnalogyIndex, give_domain: bool
) -> None:
    cases, _ = analogy_subset
    index = model_subset_index
    plain = evaluate_analogies(index, cases, method="plain")
    far = evaluate_analogies(index, cases, method="far", give_domain=give_domain)
    assert far.distractor_above <= 0.1
    assert far.hit_at_5 >= 0.6
    assert far.hit_at_5 > plain.hit_at_5
    assert far.mean_reciprocal_rank > 2 * plain.mean_reciprocal_rank


def test_far_analogies_beat_plain_similarity_with_the_lexical_fallback(
    analogy_subset: Subset,
) -> None:
    cases, items = analogy_subset
    index = AnalogyIndex.build(LexicalEmbedder([it.text for it in items]), items)
    plain = evaluate_analogies(index, cases, method="plain")
    far = evaluate_analogies(index, cases, method="far", give_domain=False)
    assert far.distractor_above <= 0.25 < plain.distractor_above
    assert far.hit_at_5 > plain.hit_at_5
    assert far.domain_accuracy >= 0.9


def test_each_result_names_the_person_to_call(
    analogy_subset: Subset, model_subset_index: AnalogyIndex
) -> None:
    cases, _ = analogy_subset
    index = model_subset_index
    case = next(c for c in cases if c.id == "gosh-handover")
    found = index.far_analogies(case.query, top=5)
    assert found.backend == "sentence-transformers/all-MiniLM-L6-v2"
    assert case.answer.ref in found.refs
    answer = found[found.refs.index(case.answer.ref)]
    assert answer.person == case.answer.person
    assert answer.domain == "motorsport"


def _record(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "type": "query",
        "id": "x",
        "domain": "medicine",
        "query": "q",
        "answer": {"ref": "a", "domain": "aviation", "text": "t"},
        "distractors": [{"ref": "d", "text": "t"}],
        "source": "somewhere",
    }
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (_record(type="other"), "type"),
        (_record(answer={"ref": "a", "domain": "Medicine", "text": "t"}), "answer"),
        (_record(distractors=[{"ref": "d", "domain": "aviation", "text": "t"}]), "distractors"),
        (_record(distractors=[]), "distractors"),
        (_record(source=""), "source"),
    ],
)
def test_malformed_cases_are_refused_with_their_line(record: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as caught:
        analogy_cases([_record(id="fine"), record])
    assert caught.value.line == 2
    assert caught.value.field == field
