"""Fixtures for the semantic core: the far-analogy subset and a shared model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salon.semantic import (
    AnalogyCase,
    AnalogyIndex,
    Item,
    SentenceModelEmbedder,
    analogy_cases,
    model_unavailable_reason,
)


@pytest.fixture(scope="session")
def analogy_subset(fixtures: Path) -> tuple[tuple[AnalogyCase, ...], list[Item]]:
    """12 cases of the first far-analogy set (tuning data only) and the corpus they rank."""
    path = fixtures / "semantic" / "far_analogies_subset.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    cases, background = analogy_cases(records)
    items = [it for case in cases for it in (case.answer, *case.distractors)] + list(background)
    return cases, items


@pytest.fixture(scope="session")
def sentence_model() -> SentenceModelEmbedder:
    """all-MiniLM-L6-v2 from the installed package, loaded once for the session."""
    reason = model_unavailable_reason()
    if reason is not None:
        pytest.skip(f"sentence model unavailable: {reason}")
    embedder = SentenceModelEmbedder(threads=1)
    embedder.dim  # noqa: B018 - load now, once, rather than inside the first test
    return embedder


@pytest.fixture(scope="session")
def model_subset_index(
    analogy_subset: tuple[tuple[AnalogyCase, ...], list[Item]],
    sentence_model: SentenceModelEmbedder,
) -> AnalogyIndex:
    """The subset's corpus embedded once by the sentence model."""
    return AnalogyIndex.build(sentence_model, analogy_subset[1])
