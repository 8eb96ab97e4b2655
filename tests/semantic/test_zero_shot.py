"""Zero-shot labelling: keyword hits and softmax confidences against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from salon.errors import InputError
from salon.semantic.zero_shot import (
    Label,
    keyword_scores,
    label_choices,
    plain_words,
    similarity_scores,
)

LABELS = [
    Label("logistics", "freight and ports", ("logistics", "freight", "supply chain")),
    Label("healthcare", "hospitals", ("hospital", "nurse")),
]


def test_keywords_match_whole_words_and_phrases_with_field_weights() -> None:
    scores = keyword_scores(
        [
            [("Northwind Logistics", 2.0), ("Supply-chain planner", 1.0)],
            [("Hospitality Group", 1.0)],  # "hospital" is not a whole word here
            [("Médecins Sans Frontières", 1.0), ("Nurse", 0.5)],
        ],
        LABELS,
    )
    assert scores.tolist() == [[3.0, 0.0], [0.0, 0.0], [0.0, 0.5]]


def test_lexical_confidence_is_the_best_hits_over_one_plus_all_hits() -> None:
    choices = label_choices(np.array([[3.0, 0.0], [0.0, 0.0], [1.0, 1.0]]))
    assert [(c.index, c.confidence) for c in choices] == [
        (0, 0.75),
        (-1, 0.0),
        (0, round(1 / 3, 6)),
    ]


def test_model_confidence_is_the_softmax_of_similarity_plus_capped_keyword_evidence() -> None:
    sims = np.array([[0.30, 0.25]])
    kw = np.array([[0.0, 5.0]])  # capped at 2 hits
    (choice,) = label_choices(kw, sims, temperature=0.1, keyword_weight=0.05)
    z = np.array([0.30, 0.25 + 0.05 * 2]) / 0.1
    expected = math.exp(z[1]) / np.exp(z).sum()
    assert choice.index == 1
    assert choice.confidence == pytest.approx(expected, abs=1e-6)


def test_similarity_is_the_dot_product_of_unit_vectors() -> None:
    texts = np.array([[1.0, 0.0], [0.6, 0.8]])
    labels = np.array([[0.0, 1.0]])
    assert similarity_scores(texts, labels).tolist() == [[0.0], [0.8]]


def test_bad_inputs_are_named() -> None:
    with pytest.raises(InputError, match="temperature > 0, got 0"):
        label_choices(np.zeros((1, 2)), np.zeros((1, 2)), temperature=0)
    with pytest.raises(InputError, match="shape"):
        label_choices(np.zeros((1, 2)), np.zeros((1, 3)))
    with pytest.raises(InputError, match="at least one label"):
        keyword_scores([[("x", 1.0)]], [])


def test_plain_words_strips_accents_and_punctuation() -> None:
    assert plain_words("R&D Lead, Zürich") == "r&d lead zurich"
