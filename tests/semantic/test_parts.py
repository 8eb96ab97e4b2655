"""Sentence parts: where texts are split, and what embedding them costs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from salon.errors import InputError
from salon.semantic import LexicalEmbedder, embed_parts, sentence_parts


class RecordingEmbedder:
    """TF-IDF on a small corpus that records every batch it is asked to embed."""

    def __init__(self, corpus: Sequence[str]) -> None:
        self._inner = LexicalEmbedder(corpus)
        self.calls: list[list[str]] = []

    @property
    def name(self) -> str:
        return "recording"

    @property
    def dim(self) -> int:
        return self._inner.dim

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        return self._inner.embed(texts)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Shark skin is covered in tiny scales with ridges, which channel water along the body.",
            (
                "Shark skin is covered in tiny scales with ridges",
                "which channel water along the body",
            ),
        ),
        (
            "Trains boom out of tunnels; the kingfisher dives without a splash: its beak is long.",
            (
                "Trains boom out of tunnels",
                "the kingfisher dives without a splash",
                "its beak is long",
            ),
        ),
        (
            "A pit crew changes four tyres - one job each - in two seconds.",
            ("A pit crew changes four tyres", "one job each", "in two seconds"),
        ),
        # Numbers keep their comma and point; a fragment under three words is left out.
        (
            "It cost 1,000 euros and weighed 3.5 kg. In 2004, it sold out.",
            ("It cost 1,000 euros and weighed 3.5 kg", "it sold out"),
        ),
        ("Pit stop.", ("Pit stop.",)),
        ("", ("",)),
    ],
)
def test_texts_split_at_clause_punctuation_into_parts_of_three_words_or_more(
    text: str, parts: tuple[str, ...]
) -> None:
    assert sentence_parts(text) == parts


def test_a_text_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(InputError, match="expected a text"):
        sentence_parts(3)  # type: ignore[arg-type]


def test_single_part_texts_reuse_their_vector_and_each_distinct_part_is_embedded_once() -> None:
    texts = [
        "Pit crews rehearse every stop, and they review the video of each one.",
        "Pilots run a short checklist before take-off.",
        "Nurses rehearse every handover, and they review the video of each one.",
    ]
    embedder = RecordingEmbedder(texts)
    whole = embedder.embed(texts)
    embedder.calls.clear()
    parts = embed_parts(embedder, texts, whole)
    assert embedder.calls == [
        [
            "Pit crews rehearse every stop",
            "and they review the video of each one",
            "Nurses rehearse every handover",
        ]
    ]
    assert [len(p) for p in parts] == [2, 1, 2]
    np.testing.assert_array_equal(parts[1], whole[1:2])
    np.testing.assert_allclose(parts[0], embedder.embed(list(sentence_parts(texts[0]))), atol=1e-6)
    np.testing.assert_array_equal(parts[0][1], parts[2][1])


def test_whole_vectors_must_match_the_texts() -> None:
    embedder = RecordingEmbedder(["a few words here"])
    with pytest.raises(InputError, match="2 whole-text vectors"):
        embed_parts(embedder, ["a few words here", "b"], np.zeros((1, embedder.dim)))
