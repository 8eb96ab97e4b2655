"""Cross-pollination: embeddings and the far-analogy index.

Pure: numpy, scikit-learn and (when installed) sentence-transformers; no
database and no files beyond the installed model.  Typical use::

    embedder = default_embedder(texts)          # model if installed, else TF-IDF
    index = AnalogyIndex.build(embedder, items)
    found = index.far_analogies("how do we stop handover errors?", top=5)
    found.backend, [(m.ref, m.person, m.score) for m in found]
"""

from salon.semantic.embedders import (
    MODEL_NAME,
    Embedder,
    LexicalEmbedder,
    SentenceModelEmbedder,
    decode_vector,
    decode_vectors,
    default_embedder,
    encode_vector,
    encode_vectors,
    installed_model_path,
    model_unavailable_reason,
)
from salon.semantic.evaluation import AnalogyCase, AnalogyScores, analogy_cases, evaluate_analogies
from salon.semantic.index import DEFAULT_PART_WEIGHT, AnalogyIndex
from salon.semantic.items import KINDS, Item, Kind, Match, Matches, domain_key
from salon.semantic.parts import embed_parts, sentence_parts

__all__ = [
    "DEFAULT_PART_WEIGHT",
    "KINDS",
    "MODEL_NAME",
    "AnalogyCase",
    "AnalogyIndex",
    "AnalogyScores",
    "Embedder",
    "Item",
    "Kind",
    "LexicalEmbedder",
    "Match",
    "Matches",
    "SentenceModelEmbedder",
    "analogy_cases",
    "decode_vector",
    "decode_vectors",
    "default_embedder",
    "domain_key",
    "embed_parts",
    "encode_vector",
    "encode_vectors",
    "evaluate_analogies",
    "installed_model_path",
    "model_unavailable_reason",
    "sentence_parts",
]
