"""Zero-shot labelling: which of a few described labels a short text is about.

salon infers a person's industry and discipline from what an export gives
(role, organisation, tags, vCard categories, a bio).  Two scorers, both pure:

* :func:`keyword_scores` counts a label's keywords found as whole words or
  phrases in each weighted field (the lexical fallback, and the baseline);
* :func:`similarity_scores` is the cosine between a text's sentence embedding
  and each label's embedded description (zero-shot classification by
  embedding similarity, Yin, Hay & Roth 2019; Reimers & Gurevych 2019).

:func:`label_choices` turns either score matrix into one label and a
confidence per text: the softmax probability of the best label, with the
keyword evidence added to the similarity when both are given.  Nothing here
reads a file or a database; the label set lives in the caller's data file.

References
----------
Yin, Hay & Roth (2019), "Benchmarking zero-shot text classification: datasets,
evaluation and entailment approach", EMNLP.  Reimers & Gurevych (2019),
"Sentence-BERT", EMNLP.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError

__all__ = [
    "Label",
    "LabelChoice",
    "keyword_scores",
    "label_choices",
    "plain_words",
    "similarity_scores",
]

_NOT_WORD = re.compile(r"[^0-9a-z&+]+")


@dataclass(frozen=True, slots=True)
class Label:
    """A label with the description the model reads and the keywords the fallback matches."""

    name: str
    description: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LabelChoice:
    """The best label for one text (``index`` into the labels, -1 for none) and its confidence."""

    index: int
    confidence: float


def plain_words(text: str) -> str:
    """``text`` casefolded, accents stripped, as words separated by single spaces.

    Examples
    --------
    >>> plain_words("Médecin-chef, Hôpital St. Louis")
    'medecin chef hopital st louis'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.split(stripped)).strip()


def keyword_scores(
    fields: Sequence[Sequence[tuple[str, float]]], labels: Sequence[Label]
) -> NDArray[np.float64]:
    """Weighted keyword hits, one row per text and one column per label.

    Parameters
    ----------
    fields : sequence of sequences of (text, weight)
        Each text's fields (say the role with weight 1 and the organisation
        with weight 2); a field counts ``weight`` for every distinct keyword of
        a label it contains as whole words.
    labels : sequence of Label

    Returns
    -------
    ndarray of shape (n_texts, n_labels)
        ``S[i, l] = Σ_f weight_f · |{k ∈ keywords_l : k occurs in field f of text i}|``.

    Examples
    --------
    >>> labels = [Label("energy", "", ("solar", "grid")), Label("retail", "", ("shop",))]
    >>> keyword_scores([[("Solar grid engineer", 1.0), ("Sunny Shop", 0.5)]], labels).tolist()
    [[2.0, 0.5]]
    """
    if not labels:
        raise InputError("expected at least one label, got none")
    patterns = [
        [f" {plain_words(k)} " for k in label.keywords if plain_words(k)] for label in labels
    ]
    scores = np.zeros((len(fields), len(labels)), dtype=np.float64)
    for i, text_fields in enumerate(fields):
        for text, weight in text_fields:
            if weight < 0:
                raise InputError(f"expected field weights >= 0, got {weight!r}")
            padded = f" {plain_words(text)} "
            if padded.isspace():
                continue
            for j, keys in enumerate(patterns):
                scores[i, j] += weight * sum(1 for key in keys if key in padded)
    return scores


def similarity_scores(
    text_vectors: NDArray[np.floating], label_vectors: NDArray[np.floating]
) -> NDArray[np.float64]:
    """Cosine similarity of each (unit-length) text vector with each label vector.

    Examples
    --------
    >>> similarity_scores(np.eye(2), np.array([[0.6, 0.8]])).round(2).tolist()
    [[0.6], [0.8]]
    """
    texts = np.asarray(text_vectors, dtype=np.float64)
    labels = np.asarray(label_vectors, dtype=np.float64)
    if texts.ndim != 2 or labels.ndim != 2 or texts.shape[1] != labels.shape[1]:
        raise InputError(
            f"expected 2-d vectors of one dimension, got {texts.shape} and {labels.shape}"
        )
    return texts @ labels.T


def label_choices(
    keywords: NDArray[np.floating],
    similarities: NDArray[np.floating] | None = None,
    *,
    temperature: float = 0.05,
    keyword_weight: float = 0.05,
) -> list[LabelChoice]:
    """The best label of each text and its confidence, in [0, 1].

    With ``similarities`` (the model), the score of label l for text i is
    ``z = sim[i, l] + keyword_weight · min(kw[i, l], 2)``, and the confidence is
    the softmax probability ``exp(z_l / T) / Σ_m exp(z_m / T)`` of the best
    label.  Without (the lexical fallback), the confidence of the best label is
    ``kw_best / (1 + Σ_m kw_m)``: one keyword hit gives 0.5, two hits for the
    same label 0.67, hits split between labels less; a text with no hit gets no
    label (index -1, confidence 0).

    Examples
    --------
    >>> label_choices(np.array([[1.0, 0.0], [0.0, 0.0]]))
    [LabelChoice(index=0, confidence=0.5), LabelChoice(index=-1, confidence=0.0)]
    """
    kw = np.asarray(keywords, dtype=np.float64)
    if kw.ndim != 2:
        raise InputError(f"expected a 2-d keyword score matrix, got shape {kw.shape}")
    if temperature <= 0:
        raise InputError(f"expected temperature > 0, got {temperature!r}")
    if similarities is None:
        best = np.argmax(kw, axis=1) if kw.size else np.zeros(len(kw), dtype=int)
        out = []
        for i, j in enumerate(best):
            top = float(kw[i, j]) if kw.shape[1] else 0.0
            if top <= 0:
                out.append(LabelChoice(-1, 0.0))
            else:
                out.append(LabelChoice(int(j), round(top / (1.0 + float(kw[i].sum())), 6)))
        return out
    sim = np.asarray(similarities, dtype=np.float64)
    if sim.shape != kw.shape:
        raise InputError(f"expected similarities of shape {kw.shape}, got {sim.shape}")
    z = (sim + keyword_weight * np.minimum(kw, 2.0)) / temperature
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    best = np.argmax(p, axis=1)
    return [LabelChoice(int(j), round(float(p[i, j]), 6)) for i, j in enumerate(best)]
