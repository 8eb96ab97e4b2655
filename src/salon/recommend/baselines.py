"""Baselines the recommender is measured against.

"People you may know" link predictors close triangles: common neighbours and
Adamic--Adar (Liben-Nowell & Kleinberg 2007) rank the second-degree pool by
shared contacts.  Random picks from the same pool are the floor; a greedy that
maximises attribute diversity (Blau) alone is the ceiling for that one measure,
blind to structure, relevance and reachability.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from typing import Any

import networkx as nx
import numpy as np

from salon.errors import InputError
from salon.recommend.neighbourhood import EgoNeighbourhood, neighbours
from salon.recommend.novelty import AttributeNovelty

__all__ = [
    "adamic_adar_picks",
    "common_neighbour_picks",
    "diversity_greedy_picks",
    "random_picks",
    "second_degree_pool",
]


def second_degree_pool(G: Any, ego: Hashable) -> list[Hashable]:
    """Nodes exactly two steps from ego, in graph order."""
    hood = EgoNeighbourhood.build(G, ego, max_path=2)
    return list(hood.nodes)


def _pool(G: Any, ego: Hashable, candidates: Collection[Hashable] | None) -> list[Hashable]:
    return second_degree_pool(G, ego) if candidates is None else list(candidates)


def _top_k(
    pool: list[Hashable], scores: Sequence[float], k: int, seed: int | None
) -> tuple[Hashable, ...]:
    if k < 1:
        raise InputError(f"k must be a positive integer, got {k!r}")
    rng = np.random.default_rng(seed)
    # Highest score first; exact ties in random (seeded) order.
    order = np.lexsort((rng.permutation(len(pool)), -np.asarray(scores, dtype=np.float64)))
    return tuple(pool[i] for i in order[:k])


def common_neighbour_picks(
    G: Any,
    ego: Hashable,
    k: int = 5,
    *,
    candidates: Collection[Hashable] | None = None,
    seed: int | None = None,
) -> tuple[Hashable, ...]:
    """The k candidates sharing most contacts with ego (ties broken at random)."""
    pool = _pool(G, ego, candidates)
    mine = set(neighbours(G, ego))
    scores = [len(mine.intersection(neighbours(G, c))) for c in pool]
    return _top_k(pool, scores, k, seed)


def adamic_adar_picks(
    G: Any,
    ego: Hashable,
    k: int = 5,
    *,
    candidates: Collection[Hashable] | None = None,
    seed: int | None = None,
) -> tuple[Hashable, ...]:
    """The k candidates with the highest Adamic--Adar index with ego.

    Uses :func:`networkx.adamic_adar_index` (on the undirected view of a digraph).
    """
    pool = _pool(G, ego, candidates)
    view = G.to_undirected(as_view=True) if G.is_directed() else G
    scores = [score for _, _, score in nx.adamic_adar_index(view, [(ego, c) for c in pool])]
    return _top_k(pool, scores, k, seed)


def random_picks(
    G: Any,
    ego: Hashable,
    k: int = 5,
    *,
    candidates: Collection[Hashable] | None = None,
    seed: int | None = None,
) -> tuple[Hashable, ...]:
    """k candidates drawn uniformly without replacement from the pool."""
    pool = _pool(G, ego, candidates)
    return _top_k(pool, [0.0] * len(pool), k, seed)


def diversity_greedy_picks(
    G: Any,
    ego: Hashable,
    k: int = 5,
    attributes: Sequence[str] = (),
    *,
    candidates: Collection[Hashable] | None = None,
    seed: int | None = None,
) -> tuple[Hashable, ...]:
    """Greedy picks maximising the mean Blau index over ``attributes`` alone.

    Each step adds the candidate whose categories raise the mean Blau index of
    ego's network (contacts plus earlier picks) the most.
    """
    if k < 1:
        raise InputError(f"k must be a positive integer, got {k!r}")
    pool = _pool(G, ego, candidates)
    novelty = AttributeNovelty(G, neighbours(G, ego), pool, attributes)
    rng = np.random.default_rng(seed)
    tiebreak = rng.permutation(len(pool))
    available = np.ones(len(pool), dtype=bool)
    picks: list[Hashable] = []
    for _ in range(min(k, len(pool))):
        gains = np.where(available, novelty.blau_gains(), -np.inf)
        best = gains.max()
        ties = np.flatnonzero(gains >= best - 1e-12)
        row = int(ties[np.argmin(tiebreak[ties])])
        picks.append(pool[row])
        available[row] = False
        novelty.add(row)
    return tuple(picks)
