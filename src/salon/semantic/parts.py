"""Sentence parts: the clauses a text is matched by, one vector each.

A text that states a problem or a mechanism usually does so in one clause
among several ("Shark skin is covered in tiny tooth-like scales with lengthwise
ridges, | which channel water along the body"); one vector for the whole text
averages that clause with the rest.  The far-analogy index therefore also
scores a pair of texts by their best-matching parts: for each part of the
query, its best cosine with any part of the item, averaged over the query's
parts.  That is ColBERT's "MaxSim" (Khattab & Zaharia 2020), with clauses
instead of tokens, and it follows analogy research in matching the purpose and
the mechanism of a text rather than its whole surface (Hope et al. 2017).

Splitting is hand-written: sentence splitters (nltk's punkt, pysbd) stop at
sentence ends, and the break that matters here is inside the sentence, at
``;``, ``:``, a comma or a dash.  Fragments of fewer than three words ("In
2004", "however") name no problem or mechanism and are left out.  On the tune
part of the far-analogy set, this split beat sentences alone, a split at
conjunctions too, and sliding windows of 6, 8 or 12 words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError
from salon.semantic.embedders import Embedder

__all__ = ["MIN_PART_WORDS", "embed_parts", "sentence_parts"]

#: Shorter fragments are left out of a text's parts.
MIN_PART_WORDS = 3

# Sentence ends followed by a space (or ending the text), ``;`` and ``:``,
# spaced dashes, and commas: "1,000" and "3.5" are not breaks.
_BREAK = re.compile(r"[.;:!?](?:\s+|$)|\s[-\u2013\u2014]\s|,\s+")


def sentence_parts(text: str) -> tuple[str, ...]:
    """The clauses of ``text`` of at least :data:`MIN_PART_WORDS` words, in order.

    A text with no such clause is its own single part.

    Examples
    --------
    >>> sentence_parts("Shark skin has ridged scales, which channel water; fish swim faster.")
    ('Shark skin has ridged scales', 'which channel water', 'fish swim faster')
    >>> sentence_parts("Pit stop.")
    ('Pit stop.',)
    """
    if not isinstance(text, str):
        raise InputError(f"expected a text, got {type(text).__name__}")
    parts = tuple(
        part
        for part in (" ".join(p.split()) for p in _BREAK.split(text))
        if len(part.split()) >= MIN_PART_WORDS
    )
    return parts or (text,)


def embed_parts(
    embedder: Embedder, texts: Sequence[str], whole: NDArray[np.floating]
) -> list[NDArray[np.float32]]:
    """Vectors of the parts of each text, one ``(n_parts, dim)`` array per text.

    ``whole`` holds the texts' own vectors (one row each): a text that is a
    single part reuses it, so only texts with several parts cost the embedder
    anything, and each distinct part is embedded once, in one call.
    """
    rows = np.asarray(whole, dtype=np.float32)
    if rows.ndim != 2 or rows.shape[0] != len(texts):
        raise InputError(f"expected {len(texts)} whole-text vectors, got shape {rows.shape}")
    split = [sentence_parts(text) for text in texts]
    distinct = {
        p: j for j, p in enumerate(dict.fromkeys(p for ps in split if len(ps) > 1 for p in ps))
    }
    embedded = (
        np.asarray(embedder.embed(list(distinct)), dtype=np.float32)
        if distinct
        else np.zeros((0, rows.shape[1]), dtype=np.float32)
    )
    return [
        rows[i : i + 1].copy() if len(ps) == 1 else embedded[[distinct[p] for p in ps]]
        for i, ps in enumerate(split)
    ]
