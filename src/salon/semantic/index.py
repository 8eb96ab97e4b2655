"""The far-analogy index: same problem shape, other domain.

A query states a problem in its own field's words ("our train booms out of
tunnels").  Plain embedding similarity returns texts from that same field that
share its vocabulary ("the tunnel timetable changed"), almost never the answer
from far away ("the kingfisher enters water without a splash").  The index
ranks by

    score_i = max(s_i, 0) · δ(d_q, d_i)

where s_i is a *domain-debiased* similarity and δ a *domain distance*:

* Domain centroids, shrunk towards the global mean μ so that a domain with one
  item does not become that item:  ĉ_d = (Σ_{i∈d} v_i + k μ) / (n_d + k).
* Debiasing removes part of what a text shares with its whole domain (its
  surface vocabulary) and keeps more of what is particular to it (its problem or
  mechanism):  ṽ_i = (v_i − β ĉ_{d_i}) / ‖·‖, and the query likewise with its
  own domain's centroid, s_i = ⟨q̃, ṽ_i⟩.  This is the "remove the common
  direction" post-processing of Mu & Viswanath (2018), per domain.
* Domain distance is the cosine distance between centroids, scaled by the
  farthest domain:  δ(a, b) = (1 − cos(ĉ_a, ĉ_b)) / max_d (1 − cos(ĉ_a, ĉ_d)), so
  δ = 0 within the query's domain and 1 for the farthest one.  Centroids rather
  than embeddings of the domain *names*: they work for the lexical backend too,
  and measured as well on the benchmark.

With sentence parts (see :mod:`salon.semantic.parts`), the similarity
combines the whole texts' with the best match between their parts:

    s_i = (1 − w) ⟨q̃, ṽ_i⟩ + w · mean_{a ∈ parts(q)} max_{b ∈ parts(i)} ⟨ã, b̃⟩

where every part vector is debiased by its text's domain centroid like the
whole vector.  A whole text often carries its problem or mechanism in one
clause among several, which one vector per text dilutes.  A text of one part
scores exactly as before.

Items from the query's own domain thus score 0: they are demoted below every
positive match, not removed (ties are broken by similarity).  When the query's
domain is not given it is inferred by a vote of the query's ``neighbours``
most similar items, weighted by similarity (plain similarity is good at
exactly this: finding texts of the query's own field); when it is given but
absent from the index, the query itself stands in for its centroid.

Defaults k = 3, β = 0.5, 3 neighbours and the part weight w = 0.4 were
chosen on the *tune* part of benchmarks/data/far_analogies_v2.jsonl only;
benchmarks/analogies.py reports the held-out *test* part.  On the tune part,
the neighbour vote places 92% of queries in their domain, against 78% for the
nearest centroid, and the parts (w = 0.4) raise hit@5 from 0.45 to 0.53
(distractor above the answer: 0.10 to 0.08).

References
----------
Hope, Chan, Kittur & Shahaf (2017), "Accelerating innovation through analogy
mining", KDD: purpose and mechanism, not surface, make an analogy.
Khattab & Zaharia (2020), "ColBERT: efficient and effective passage search via
contextualized late interaction over BERT", SIGIR: the MaxSim of parts.
Mu & Viswanath (2018), "All-but-the-top: simple and effective postprocessing for
word representations", ICLR.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from salon.errors import DuplicateError, InputError, NotFoundError
from salon.semantic.embedders import Embedder
from salon.semantic.items import KINDS, Item, Match, Matches, domain_key
from salon.semantic.parts import embed_parts

__all__ = ["DEFAULT_PART_WEIGHT", "AnalogyIndex"]

#: w, chosen on the tune part of the far-analogy set (see the module notes).
DEFAULT_PART_WEIGHT = 0.4


def _unit_rows(x: NDArray[np.float64]) -> NDArray[np.float64]:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    # All-zero rows (a text with no known n-gram, or a vector debiased to
    # nothing) stay zero, similarity 0; rounding residue must not become a
    # random unit direction.
    return np.where(norms > 1e-12, x / np.where(norms > 1e-12, norms, 1.0), 0.0)


def _kth_largest(values: NDArray[np.float64], k: int) -> float:
    return float(-np.partition(-values, k - 1)[k - 1])


def _top_candidates(
    candidates: NDArray[np.intp],
    score: NDArray[np.float64],
    similarity: NDArray[np.float64],
    top: int,
) -> NDArray[np.intp]:
    """A superset of the ``top`` best candidates by (score, similarity), in O(n).

    Sorting only this superset keeps a query linear in the index size; ties on
    the cut-off are all kept, so the final sort still decides them.
    """
    if len(candidates) <= top:
        return candidates
    cut = _kth_largest(score[candidates], top)
    above = candidates[score[candidates] > cut]
    tied = candidates[score[candidates] == cut]
    wanted = top - len(above)
    if len(tied) > wanted:
        tied = tied[similarity[tied] >= _kth_largest(similarity[tied], wanted)]
    return np.concatenate([above, tied])


def _check_top(top: int) -> None:
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"expected top >= 1, got {top!r}")


class AnalogyIndex:
    """Items with their vectors, searchable for far analogies.

    Parameters
    ----------
    embedder : Embedder
        Embeds the queries (and item texts when no vectors are given).
    shrinkage : float
        k ≥ 0, pseudo-items pulling each domain centroid towards the global mean.
    debias : float
        β in [0, 1], share of its domain centroid removed from each vector
        (0: plain cosine similarity).
    neighbours : int
        How many of the query's most similar items vote for its domain when
        the domain is not given.
    unknown_domain : str, optional
        The label of items whose domain is not known ("unspecified"): such an
        item is never far (domain distance 0, so it is no far analogy), does
        not set the scale of distances and never votes for a query's domain.
    part_weight : float
        w in [0, 1], the share of the far-analogy similarity that comes from
        the best match between sentence parts (0: whole texts only, and no
        part is embedded).

    Examples
    --------
    >>> from salon.semantic import Item, LexicalEmbedder
    >>> items = [
    ...     Item("a", "Keep a building cool without air conditioning", "architecture"),
    ...     Item("b", "Termite mounds stay cool through chimneys and porous walls", "biology"),
    ...     Item("c", "Pit crews rehearse a fixed sequence of tasks", "motorsport"),
    ... ]
    >>> emb = LexicalEmbedder([it.text for it in items])
    >>> index = AnalogyIndex.build(emb, items)
    >>> found = index.far_analogies("How can an office stay cool?", domain="architecture", top=1)
    >>> found[0].ref, found.query_domain
    ('b', 'architecture')
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        shrinkage: float = 3.0,
        debias: float = 0.5,
        neighbours: int = 3,
        unknown_domain: str | None = None,
        part_weight: float = DEFAULT_PART_WEIGHT,
    ) -> None:
        if not isinstance(embedder, Embedder):
            raise InputError(
                f"expected an Embedder (name, dim, embed), got {type(embedder).__name__}"
            )
        if not (isinstance(shrinkage, int | float) and math.isfinite(shrinkage) and shrinkage >= 0):
            raise InputError(f"expected shrinkage >= 0, got {shrinkage!r}")
        if not (isinstance(debias, int | float) and 0 <= debias <= 1):
            raise InputError(f"expected debias in [0, 1], got {debias!r}")
        if isinstance(neighbours, bool) or not isinstance(neighbours, int) or neighbours < 1:
            raise InputError(f"expected neighbours >= 1, got {neighbours!r}")
        self._neighbours = neighbours
        if not (
            isinstance(part_weight, int | float)
            and not isinstance(part_weight, bool)
            and 0 <= part_weight <= 1
        ):
            raise InputError(f"expected part_weight in [0, 1], got {part_weight!r}")
        self._part_weight = float(part_weight)
        if unknown_domain is not None and (
            not isinstance(unknown_domain, str) or not domain_key(unknown_domain)
        ):
            raise InputError(f"expected a domain label, got {unknown_domain!r}")
        self._unknown = domain_key(unknown_domain) if unknown_domain is not None else None
        self._embedder = embedder
        self._shrinkage = float(shrinkage)
        self._debias = float(debias)
        self._dim = int(embedder.dim)
        self._clear()

    def _clear(self) -> None:
        self._items: list[Item] = []
        self._position: dict[str, int] = {}
        self._vectors = np.zeros((0, self._dim), dtype=np.float32)
        self._n = 0
        self._item_domain = np.zeros(0, dtype=np.intp)
        self._domain_ids: dict[str, int] = {}
        self._domain_labels: list[str] = []
        self._domain_sums = np.zeros((0, self._dim), dtype=np.float64)
        self._domain_counts = np.zeros(0, dtype=np.int64)
        self._debiased: NDArray[np.float32] | None = None
        # The unit vectors of each item's sentence parts, in item order (empty
        # when part_weight is 0), and their debiased rows, stacked, once needed.
        self._parts: list[NDArray[np.float32]] = []
        self._debiased_parts: NDArray[np.float32] | None = None

    # ------------------------------------------------------------------ building

    @classmethod
    def build(cls, embedder: Embedder, items: Iterable[Item], **options: Any) -> AnalogyIndex:
        """An index over ``items``, embedding their texts with ``embedder``."""
        index = cls(embedder, **options)
        index.add(list(items))
        return index

    @classmethod
    def from_vectors(
        cls,
        embedder: Embedder,
        items: Sequence[Item],
        vectors: NDArray[np.floating[Any]],
        part_vectors: Sequence[NDArray[np.floating[Any]]] | None = None,
        **options: Any,
    ) -> AnalogyIndex:
        """An index over ``items`` with precomputed ``vectors`` (one row each).

        For rebuilding from a store: the vectors must come from an embedder
        with the same ``name``.  ``part_vectors`` (one ``(n_parts, dim)``
        array per item, see :func:`~salon.semantic.parts.embed_parts`) spares
        embedding the items' parts; without them only texts of several parts
        are embedded.
        """
        index = cls(embedder, **options)
        index.add(items, vectors, part_vectors)
        return index

    def add(
        self,
        items: Sequence[Item],
        vectors: NDArray[np.floating[Any]] | None = None,
        part_vectors: Sequence[NDArray[np.floating[Any]]] | None = None,
    ) -> NDArray[np.float32]:
        """Add items (embedding them unless ``vectors`` is given); return their vectors.

        The items' sentence parts are embedded too unless ``part_vectors``
        gives them (one ``(n_parts, dim)`` array per item) or the part weight
        is 0.  Adding in several calls gives the same index as adding all at once.

        Raises
        ------
        DuplicateError
            A ref already in the index, or twice in ``items``.
        InputError
            ``vectors`` or ``part_vectors`` of the wrong shape or not finite.
        """
        batch = list(items)
        for item in batch:
            if not isinstance(item, Item):
                raise InputError(f"expected Item, got {type(item).__name__}")
        seen: set[str] = set()
        for item in batch:
            if item.ref in self._position or item.ref in seen:
                raise DuplicateError(f"ref {item.ref!r} is already in the index")
            seen.add(item.ref)
        if vectors is None:
            rows = self._embedder.embed([item.text for item in batch])
        else:
            rows = np.asarray(vectors, dtype=np.float32)
        if rows.shape != (len(batch), self._dim):
            raise InputError(
                f"expected vectors of shape ({len(batch)}, {self._dim}), got {rows.shape}"
            )
        if not np.all(np.isfinite(rows)):
            bad = int(np.flatnonzero(~np.all(np.isfinite(rows), axis=1))[0])
            raise InputError(f"vector of item {batch[bad].ref!r} is not finite")
        rows = _unit_rows(rows.astype(np.float64)).astype(np.float32)
        parts = self._checked_parts(batch, rows, part_vectors)

        domain_ids = np.array([self._domain_id(item.domain) for item in batch], dtype=np.intp)
        self._reserve(self._n + len(batch))
        self._vectors[self._n : self._n + len(batch)] = rows
        self._item_domain[self._n : self._n + len(batch)] = domain_ids
        for offset, item in enumerate(batch):
            self._position[item.ref] = self._n + offset
        self._items.extend(batch)
        self._n += len(batch)
        np.add.at(self._domain_sums, domain_ids, rows.astype(np.float64))
        np.add.at(self._domain_counts, domain_ids, 1)
        self._parts.extend(parts)
        self._debiased = None
        self._debiased_parts = None
        return rows

    def _checked_parts(
        self,
        batch: Sequence[Item],
        rows: NDArray[np.float32],
        part_vectors: Sequence[NDArray[np.floating[Any]]] | None,
    ) -> list[NDArray[np.float32]]:
        if self._part_weight == 0:
            return []
        if part_vectors is None:
            part_vectors = embed_parts(self._embedder, [item.text for item in batch], rows)
        if len(part_vectors) != len(batch):
            raise InputError(
                f"expected part vectors for {len(batch)} items, got {len(part_vectors)}"
            )
        out = []
        for item, given in zip(batch, part_vectors, strict=True):
            block = np.asarray(given, dtype=np.float64)
            if block.ndim != 2 or block.shape[0] < 1 or block.shape[1] != self._dim:
                raise InputError(
                    f"expected part vectors of shape (n >= 1, {self._dim}) for item"
                    f" {item.ref!r}, got {block.shape}"
                )
            if not np.all(np.isfinite(block)):
                raise InputError(f"a part vector of item {item.ref!r} is not finite")
            out.append(_unit_rows(block).astype(np.float32))
        return out

    def remove(self, refs: Iterable[str]) -> None:
        """Remove items by ref (to update an item: remove it, then add it again).

        Raises
        ------
        NotFoundError
            A ref not in the index; nothing is removed then.
        """
        drop = set(refs)
        missing = sorted(drop - self._position.keys())
        if missing:
            raise NotFoundError(f"not in the index: {missing[:5]}")
        if not drop:
            return
        keep = [i for i, item in enumerate(self._items) if item.ref not in drop]
        items = [self._items[i] for i in keep]
        vectors = self._vectors[keep].copy()
        parts = [self._parts[i] for i in keep] if self._parts else None
        # Rebuilding the domain sums from the survivors, in order, keeps a
        # removal exactly equal to never having added the item.
        self._clear()
        self.add(items, vectors, parts)

    def _domain_id(self, label: str) -> int:
        key = domain_key(label)
        found = self._domain_ids.get(key)
        if found is not None:
            return found
        new = len(self._domain_labels)
        self._domain_ids[key] = new
        self._domain_labels.append(label)
        self._domain_sums = np.vstack([self._domain_sums, np.zeros((1, self._dim))])
        self._domain_counts = np.append(self._domain_counts, 0)
        return new

    def _reserve(self, n: int) -> None:
        capacity = self._vectors.shape[0]
        if n <= capacity:
            return
        # Geometric growth keeps one-at-a-time adds amortised O(dim).
        new_capacity = max(n, 2 * capacity, 16)
        vectors = np.zeros((new_capacity, self._dim), dtype=np.float32)
        vectors[: self._n] = self._vectors[: self._n]
        domains = np.zeros(new_capacity, dtype=np.intp)
        domains[: self._n] = self._item_domain[: self._n]
        self._vectors, self._item_domain = vectors, domains

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return self._n

    def __contains__(self, ref: object) -> bool:
        return ref in self._position

    @property
    def backend(self) -> str:
        """Name of the embedder that answers this index's queries."""
        return self._embedder.name

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(self._items)

    @property
    def domains(self) -> tuple[str, ...]:
        """Domain labels with at least one item (first spelling seen)."""
        return tuple(
            label
            for label, n in zip(self._domain_labels, self._domain_counts, strict=True)
            if n > 0
        )

    def vector(self, ref: str) -> NDArray[np.float32]:
        """The stored (unit) vector of an item."""
        position = self._position.get(ref)
        if position is None:
            raise NotFoundError(f"ref {ref!r} is not in the index")
        return np.array(self._vectors[position], dtype=np.float32)

    def part_vectors(self, ref: str) -> NDArray[np.float32]:
        """The (unit) vectors of an item's sentence parts, ``(n_parts, dim)``.

        Empty (no rows) when the index's part weight is 0.
        """
        position = self._position.get(ref)
        if position is None:
            raise NotFoundError(f"ref {ref!r} is not in the index")
        if not self._parts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return self._parts[position].copy()

    def _centroids(self) -> NDArray[np.float64]:
        total = self._domain_sums.sum(axis=0)
        mean = total / max(self._n, 1)
        k = self._shrinkage
        weights = (self._domain_counts + k)[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray((self._domain_sums + k * mean) / np.where(weights > 0, weights, 1.0))

    def _debiased_vectors(self, centroids: NDArray[np.float64]) -> NDArray[np.float32]:
        if self._debiased is None:
            vectors = self._vectors[: self._n].astype(np.float64)
            shift = self._debias * centroids[self._item_domain[: self._n]]
            # float32 like the stored vectors: half the memory, twice the matmul speed.
            self._debiased = _unit_rows(vectors - shift).astype(np.float32)
        return self._debiased

    def _debiased_part_vectors(
        self, centroids: NDArray[np.float64]
    ) -> tuple[NDArray[np.float32], NDArray[np.intp]]:
        """All items' parts debiased like their items, stacked, and where each item's begin."""
        counts = np.array([len(block) for block in self._parts], dtype=np.intp)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp)
        if self._debiased_parts is None:
            rows = np.concatenate(self._parts).astype(np.float64)
            owner = np.repeat(self._item_domain[: self._n], counts)
            self._debiased_parts = _unit_rows(rows - self._debias * centroids[owner]).astype(
                np.float32
            )
        return self._debiased_parts, starts

    def _part_similarity(
        self,
        query: str,
        q: NDArray[np.float64],
        shift: NDArray[np.float64],
        centroids: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        """Per item: each query part's best cosine with the item's parts, averaged."""
        q_parts = embed_parts(self._embedder, [query], q[None, :])[0].astype(np.float64)
        q_debiased = _unit_rows(_unit_rows(q_parts) - self._debias * shift)
        rows, starts = self._debiased_part_vectors(centroids)
        cosines = (rows @ q_debiased.T.astype(np.float32)).astype(np.float64)
        # Each item's parts are contiguous rows: one reduceat takes every item's best.
        best = np.maximum.reduceat(cosines, starts, axis=0)
        return np.asarray(best.mean(axis=1))

    def domain_distances(self, domain: str) -> dict[str, float]:
        """δ(domain, d) for every domain d of the index (see the module notes).

        Raises
        ------
        NotFoundError
            ``domain`` has no item in the index.
        """
        found = self._domain_ids.get(domain_key(domain))
        if found is None or self._domain_counts[found] == 0:
            raise NotFoundError(f"domain {domain!r} has no item in the index")
        centroids = self._centroids()
        delta = self._distances_from(centroids[found], centroids, found)
        return {
            self._domain_labels[d]: float(delta[d]) for d in np.flatnonzero(self._domain_counts > 0)
        }

    def _distances_from(
        self, anchor: NDArray[np.float64], centroids: NDArray[np.float64], own: int | None
    ) -> NDArray[np.float64]:
        active = self._domain_counts > 0
        cosines = _unit_rows(centroids) @ _unit_rows(anchor[None, :])[0]
        delta = np.clip(1.0 - cosines, 0.0, None)
        if own is not None:
            delta[own] = 0.0
        unknown = self._unknown_id()
        if unknown is not None:
            # Nothing says such an item comes from elsewhere: no far bonus.
            delta[unknown] = 0.0
        farthest = float(delta[active].max()) if active.any() else 0.0
        if farthest <= 0.0:
            return np.full(len(delta), np.nan)
        return np.asarray(np.clip(delta / farthest, 0.0, 1.0))

    def _unknown_id(self) -> int | None:
        return self._domain_ids.get(self._unknown) if self._unknown is not None else None

    def infer_domain(self, query: str) -> str | None:
        """The domain most of the query's nearest items come from, or None for an empty index."""
        return self._place_query(self._embed_query(query), None)[1]

    # ------------------------------------------------------------------ search

    def _embed_query(self, query: str) -> NDArray[np.float64]:
        if not isinstance(query, str) or not query.strip():
            raise InputError(f"expected a non-empty query, got {query!r}")
        q = np.asarray(self._embedder.embed([query])[0], dtype=np.float64)
        # The protocol promises unit vectors; a custom embedder may not keep it.
        unit: NDArray[np.float64] = _unit_rows(q[None, :])[0]
        return unit

    def _place_query(
        self, q: NDArray[np.float64], domain: str | None
    ) -> tuple[int | None, str | None]:
        if domain is not None:
            if not isinstance(domain, str) or not domain_key(domain):
                raise InputError(f"expected a domain name, got {domain!r}")
            found = self._domain_ids.get(domain_key(domain))
            if found is not None and self._domain_counts[found] > 0:
                return found, self._domain_labels[found]
            return None, domain
        if self._n == 0 or not np.any(q):
            return None, None
        # The query's nearest items vote for their domains, weighted by
        # similarity: texts of the query's own field share its vocabulary,
        # which is exactly what plain similarity finds best.
        sims = (self._vectors[: self._n] @ q.astype(np.float32)).astype(np.float64)
        unknown = self._unknown_id()
        if unknown is not None:  # an item of unknown field cannot tell the query's
            sims[self._item_domain[: self._n] == unknown] = -np.inf
        k = min(self._neighbours, int(np.isfinite(sims).sum()))
        if k == 0:
            return None, None
        nearest = np.argpartition(-sims, k - 1)[:k]
        votes = np.zeros(len(self._domain_labels))
        np.add.at(votes, self._item_domain[nearest], np.maximum(sims[nearest], 0.0))
        if not np.any(votes):
            return None, None
        best = int(np.argmax(votes))
        return best, self._domain_labels[best]

    def _candidates(
        self, kinds: Collection[str] | None, domains: Collection[str] | None
    ) -> NDArray[np.bool_]:
        mask = np.ones(self._n, dtype=bool)
        if kinds is not None:
            unknown = set(kinds) - KINDS
            if unknown:
                raise InputError(f"expected kinds among {sorted(KINDS)}, got {sorted(unknown)}")
            mask &= np.array([item.kind in kinds for item in self._items], dtype=bool)
        if domains is not None:
            if isinstance(domains, str):
                raise InputError(f"expected a collection of domains, got the string {domains!r}")
            wanted = {
                self._domain_ids[k] for k in map(domain_key, domains) if k in self._domain_ids
            }
            mask &= np.isin(self._item_domain[: self._n], list(wanted))
        return mask

    def far_analogies(
        self,
        query: str,
        *,
        domain: str | None = None,
        top: int = 5,
        kinds: Collection[str] | None = None,
        domains: Collection[str] | None = None,
    ) -> Matches:
        """Items that share the query's problem or mechanism but come from other domains.

        Parameters
        ----------
        query : str
            The problem, in the user's own words.
        domain : str, optional
            The domain the problem comes from; inferred from the query when
            omitted (see ``Matches.query_domain``).
        top : int
            How many matches to return.
        kinds, domains : collections, optional
            Only rank items of these kinds / from these domains.

        Returns
        -------
        Matches
            Best first by score = max(similarity, 0) × domain_distance, ties
            broken by similarity then ref; same-domain items come last.
        """
        _check_top(top)
        q = self._embed_query(query)
        mask = self._candidates(kinds, domains)
        own, label = self._place_query(q, domain)
        if self._n == 0:
            return Matches(query, self.backend, label, domain is None and label is not None, ())
        centroids = self._centroids()
        anchor = centroids[own] if own is not None else q
        mean = self._domain_sums.sum(axis=0) / self._n
        shift = centroids[own] if own is not None else mean
        q_debiased = _unit_rows((q - self._debias * shift)[None, :])[0]
        similarity = (self._debiased_vectors(centroids) @ q_debiased.astype(np.float32)).astype(
            np.float64
        )
        if self._part_weight > 0:
            w = self._part_weight
            parts = self._part_similarity(query, q, shift, centroids)
            similarity = (1 - w) * similarity + w * parts
        distance = self._distances_from(anchor, centroids, own)[self._item_domain[: self._n]]
        score = np.maximum(similarity, 0.0) * np.nan_to_num(distance, nan=0.0)
        return self._ranked(
            query,
            label,
            domain is None and label is not None,
            mask,
            score,
            similarity,
            distance,
            top,
        )

    def similar(
        self,
        query: str,
        *,
        top: int = 5,
        kinds: Collection[str] | None = None,
        domains: Collection[str] | None = None,
    ) -> Matches:
        """Items by plain cosine similarity to the query, whatever their domain.

        The right search for "who has been through this very problem?", and
        the baseline far analogies are measured against.  ``domain_distance``
        is reported from the query's inferred domain; ``score`` equals
        ``similarity``.
        """
        _check_top(top)
        q = self._embed_query(query)
        mask = self._candidates(kinds, domains)
        own, label = self._place_query(q, None)
        if self._n == 0:
            return Matches(query, self.backend, None, False, ())
        similarity = (self._vectors[: self._n] @ q.astype(np.float32)).astype(np.float64)
        centroids = self._centroids()
        anchor = centroids[own] if own is not None else q
        distance = self._distances_from(anchor, centroids, own)[self._item_domain[: self._n]]
        return self._ranked(
            query, label, label is not None, mask, similarity, similarity, distance, top
        )

    def _ranked(
        self,
        query: str,
        label: str | None,
        inferred: bool,
        mask: NDArray[np.bool_],
        score: NDArray[np.float64],
        similarity: NDArray[np.float64],
        distance: NDArray[np.float64],
        top: int,
    ) -> Matches:
        candidates = _top_candidates(np.flatnonzero(mask), score, similarity, top)
        refs = np.array([self._items[i].ref for i in candidates], dtype=object)
        order = candidates[np.lexsort((refs, -similarity[candidates], -score[candidates]))][:top]
        matches = tuple(
            Match(
                ref=self._items[i].ref,
                text=self._items[i].text,
                domain=self._items[i].domain,
                person=self._items[i].person,
                kind=self._items[i].kind,
                score=float(score[i]),
                similarity=float(similarity[i]),
                domain_distance=float(distance[i]),
            )
            for i in order
        )
        return Matches(query, self.backend, label, inferred, matches)
