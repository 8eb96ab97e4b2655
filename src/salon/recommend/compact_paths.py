"""Walks over a :class:`CompactGraph`'s CSR arrays: flat adjacency and introduction paths.

The array counterparts of the per-node walks in
:mod:`salon.recommend.neighbourhood`, for pools of ~100,000 candidates:
the same neighbours in the same order, so every choice among equals (which
go-between, which path) comes out as on the networkx graph.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping

import numpy as np
from numpy.typing import NDArray

from salon.recommend.compact import CompactGraph

__all__ = ["IntroductionPaths", "flat_neighbours", "introduction_paths"]


def flat_neighbours(
    G: CompactGraph, rows: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The adjacency of ``rows`` flattened: (index into ``rows``, neighbour), in walking order."""
    starts = G.indptr[rows]
    lengths = G.indptr[rows + 1] - starts
    total = int(lengths.sum())
    owner = np.repeat(np.arange(rows.size), lengths)
    offsets = np.cumsum(lengths) - lengths
    flat = G.neighbour_rows[np.arange(total) - np.repeat(offsets - starts, lengths)]
    return owner, flat


def _first_neighbour_in(
    G: CompactGraph, rows: NDArray[np.int64], wanted: NDArray[np.bool_]
) -> NDArray[np.int64]:
    """For each row, its first neighbour (in adjacency order) with ``wanted`` set; -1 if none."""
    owner, flat = flat_neighbours(G, rows)
    hit = wanted[flat]
    found = np.full(rows.size, -1, dtype=np.int64)
    # owners ascend along ``flat``, so np.unique's first index is each row's first hit
    hit_owner, first = np.unique(owner[hit], return_index=True)
    found[hit_owner] = flat[hit][first]
    return found


class IntroductionPaths(Mapping[Hashable, tuple[Hashable, ...]]):
    """Far candidate -> path from ego, with three-step paths made only when read.

    Tens of thousands of far candidates can be three steps away, and only the
    picks' paths are ever read: making every tuple up front cost more than
    finding them.  Iterates in the order :func:`introduction_paths` found them, as the
    dict the networkx path builds.
    """

    def __init__(
        self,
        G: CompactGraph,
        ego_row: int,
        ends: NDArray[np.int64],
        vias: NDArray[np.int64],
        go_betweens: NDArray[np.int64],
        longer: dict[Hashable, tuple[Hashable, ...]],
    ) -> None:
        self._G = G
        self._ego = G.nodes[ego_row]
        self._ends, self._vias, self._go_betweens = ends, vias, go_betweens
        self._at = np.full(len(G), -1, dtype=np.int64)
        self._at[ends] = np.arange(ends.size)
        self._longer = longer

    def __getitem__(self, node: Hashable) -> tuple[Hashable, ...]:
        if node in self._longer:
            return self._longer[node]
        row = self._G.index.get(node)
        if row is None or (i := int(self._at[row])) < 0:
            raise KeyError(node)
        nodes = self._G.nodes
        return (self._ego, nodes[self._go_betweens[i]], nodes[self._vias[i]], nodes[row])

    def __iter__(self) -> Iterator[Hashable]:
        yield from map(self._G.nodes.__getitem__, self._ends.tolist())
        yield from self._longer

    def __len__(self) -> int:
        return int(self._ends.size) + len(self._longer)


def introduction_paths(
    G: CompactGraph,
    ego_row: int,
    far_rows: NDArray[np.int64],
    second_rows: NDArray[np.int64],
    contact_rows: NDArray[np.int64],
    max_path: int,
) -> tuple[IntroductionPaths, NDArray[np.int64]]:
    """Shortest paths (3..max_path steps) from ego to far candidates, and their lengths.

    The same paths as :func:`salon.recommend.neighbourhood._far_paths` on the
    networkx graph: a three-step path goes through each candidate's first
    second-degree neighbour and that one's first contact; longer ones come
    from a breadth-first search.  Lengths are in steps, -1 where none was found.
    """
    steps = np.full(far_rows.size, -1, dtype=np.int64)
    reached = np.zeros(far_rows.size, dtype=bool)
    via = go_between = np.empty(0, dtype=np.int64)
    if far_rows.size and max_path >= 3:
        is_second = np.zeros(len(G), dtype=bool)
        is_second[second_rows] = True
        is_contact = np.zeros(len(G), dtype=bool)
        is_contact[contact_rows] = True
        via = _first_neighbour_in(G, far_rows, is_second)
        reached = via >= 0
        via = via[reached]
        vias, inverse = np.unique(via, return_inverse=True)
        go_between = _first_neighbour_in(G, vias, is_contact)[inverse]
        steps[reached] = 3
    longer: dict[Hashable, tuple[Hashable, ...]] = {}
    if max_path >= 4 and not reached.all():
        found = _shortest_paths(G, ego_row, max_path)
        nodes = G.nodes
        for i in np.flatnonzero(~reached).tolist():
            c = int(far_rows[i])
            if (path := found.get(c)) is not None:
                longer[nodes[c]] = tuple(nodes[r] for r in path)
                steps[i] = len(path) - 1
    paths = IntroductionPaths(G, ego_row, far_rows[reached], via, go_between, longer)
    return paths, steps


def _shortest_paths(G: CompactGraph, source: int, cutoff: int) -> dict[int, list[int]]:
    """Breadth-first paths over positions, level by level in adjacency order.

    The same search as :func:`networkx.single_source_shortest_path`, so the
    same path is kept among equally short ones.
    """
    paths = {source: [source]}
    level, next_level = 0, [source]
    while next_level and cutoff > level:
        this_level, next_level = next_level, []
        for v in this_level:
            for w in G.rows_of(v).tolist():
                if w not in paths:
                    paths[w] = [*paths[v], w]
                    next_level.append(w)
        level += 1
    return paths
