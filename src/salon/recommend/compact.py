"""A large undirected network as arrays: adjacency in CSR form, node attributes as columns.

networkx keeps a dict per node and per edge: the right thing to build a graph
by hand, but building one for 100,000 people and 300,000 ties costs seconds
before any recommending starts.  :class:`CompactGraph` holds the same network
as a few numpy arrays and one list per attribute, and the recommender
(:func:`salon.recommend.who_to_meet`) reads either kind with the same
results: neighbours are listed in the order their edges were given, as
networkx lists them after ``add_edges_from``, so every order-dependent choice
(the row order of the candidate pool, the introduction path chosen among
equals) comes out the same.

Ties are unweighted and undirected; self-loops are ignored, as the
recommender ignores them anyway.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError

__all__ = ["CompactGraph", "node_value", "object_array"]

#: node attributes: one list (or 1-d object array) per attribute, aligned with the nodes
Columns = Mapping[str, Sequence[Any] | NDArray[np.object_]]


class CompactGraph:
    """An undirected, unweighted graph as CSR arrays, with node attributes as columns.

    Parameters
    ----------
    nodes : sequence of hashable
        Node labels; position ``i`` in every array and column is ``nodes[i]``.
    indptr, neighbour_rows : int arrays
        CSR adjacency over positions: the neighbours of ``nodes[i]`` are
        ``neighbour_rows[indptr[i]:indptr[i + 1]]``, in the order the caller
        wants them listed.  Use :meth:`from_edges` or :meth:`from_networkx`
        rather than building these by hand.
    columns : mapping of str to sequence, optional
        Node attributes, one sequence per attribute aligned with ``nodes``
        (a list, or a 1-d object array, which is kept as is: do not modify
        it); None marks a missing value (networkx: the key is absent).

    Examples
    --------
    >>> G = CompactGraph.from_edges(
    ...     ["me", "ana", "bo"], ["me", "ana"], ["ana", "bo"],
    ...     columns={"industry": [None, "law", "biotech"]},
    ... )
    >>> G.neighbours("ana"), G.value("bo", "industry"), G.value("me", "industry")
    (['me', 'bo'], 'biotech', None)
    """

    def __init__(
        self,
        nodes: Sequence[Hashable] | NDArray[Any],
        indptr: NDArray[np.int64],
        neighbour_rows: NDArray[np.int64],
        columns: Columns | None = None,
    ) -> None:
        # plain Python labels, also when given as a numpy array
        self.nodes: list[Hashable] = (
            nodes.tolist() if isinstance(nodes, np.ndarray) else list(nodes)
        )
        self.index: dict[Hashable, int] = {x: i for i, x in enumerate(self.nodes)}
        if len(self.index) != len(self.nodes):
            raise InputError(f"node labels must be unique, got {len(self.nodes)} labels")
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.neighbour_rows = np.asarray(neighbour_rows, dtype=np.int64)
        if self.indptr.shape != (len(self.nodes) + 1,):
            raise InputError(
                f"indptr must have {len(self.nodes) + 1} entries, got {self.indptr.shape}"
            )
        self.columns: dict[str, list[Any]] = {}
        # object arrays of the columns, for reading many values at once: made on
        # first use, or kept when given (a snapshot decodes its columns as such)
        self._column_arrays: dict[str, NDArray[np.object_]] = {}
        for name, values in (columns or {}).items():
            if len(values) != len(self.nodes):
                raise InputError(
                    f"column {name!r} must have one value per node "
                    f"({len(self.nodes)}), got {len(values)}"
                )
            if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
                self._column_arrays[name] = values
                self.columns[name] = values.tolist()
            else:
                self.columns[name] = list(values)

    @classmethod
    def from_edges(
        cls,
        nodes: Sequence[Hashable] | NDArray[Any],
        heads: Sequence[Hashable] | NDArray[Any],
        tails: Sequence[Hashable] | NDArray[Any],
        columns: Columns | None = None,
    ) -> CompactGraph:
        """The graph with edges ``heads[e] -- tails[e]``, neighbours in edge order.

        A repeated edge keeps its first position (as networkx does);
        self-loops are dropped.  Raises :class:`InputError` for an edge whose
        end is not in ``nodes``.
        """
        n = len(nodes)
        if len(heads) != len(tails):
            raise InputError(f"heads and tails must pair up, got {len(heads)} and {len(tails)}")
        a = _positions(nodes, heads)
        b = _positions(nodes, tails)
        keep = a != b
        a, b = a[keep], b[keep]
        if a.size:
            # the first occurrence of each unordered pair, in edge order
            low, high = np.minimum(a, b), np.maximum(a, b)
            _, first = np.unique(low * n + high, return_index=True)
            first.sort()
            a, b = a[first], b[first]
        # interleaved (a0, b0, a1, b1, ...) and sorted stably: each node's
        # neighbours keep the order of the edges, whichever end it is
        source = np.column_stack([a, b]).ravel()
        target = np.column_stack([b, a]).ravel()
        order = np.argsort(source, kind="stable")
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(source, minlength=n), out=indptr[1:])
        return cls(nodes, indptr, target[order], columns)

    @classmethod
    def from_networkx(cls, G: Any, attributes: Sequence[str] = ()) -> CompactGraph:
        """The same undirected graph, neighbours in networkx's order, with ``attributes``."""
        if not isinstance(G, nx.Graph) or G.is_directed() or G.is_multigraph():
            raise InputError(f"expected an undirected networkx Graph, got {type(G).__name__}")
        nodes = list(G)
        index = {x: i for i, x in enumerate(nodes)}
        rows = [[index[y] for y in G.adj[x] if y != x] for x in nodes]
        indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
        data = G.nodes
        columns = {a: [data[x].get(a) for x in nodes] for a in attributes}
        return cls(nodes, indptr, flat, columns)

    def __contains__(self, node: object) -> bool:
        try:
            return node in self.index
        except TypeError:  # unhashable: not a node
            return False

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return int(self.neighbour_rows.size // 2)

    def is_directed(self) -> bool:
        return False

    def is_multigraph(self) -> bool:
        return False

    def rows_of(self, row: int) -> NDArray[np.int64]:
        """Positions of the neighbours of ``nodes[row]``, in order."""
        return self.neighbour_rows[self.indptr[row] : self.indptr[row + 1]]

    def neighbours(self, node: Hashable) -> list[Hashable]:
        """The neighbours of ``node``, in the order their edges were given."""
        nodes = self.nodes
        return [nodes[i] for i in self.rows_of(self.index[node]).tolist()]

    def value(self, node: Hashable, attribute: str) -> Any:
        """``node``'s value of ``attribute`` (None where missing)."""
        column = self.columns.get(attribute)
        return None if column is None else column[self.index[node]]

    def rows(self, nodes: Sequence[Hashable]) -> NDArray[np.int64]:
        """Positions of ``nodes``."""
        return np.fromiter(map(self.index.__getitem__, nodes), dtype=np.int64, count=len(nodes))

    def values(self, attribute: str, nodes: Sequence[Hashable]) -> list[Any]:
        """The values of ``attribute`` for ``nodes``, in order (None where missing)."""
        if attribute not in self.columns:
            return [None] * len(nodes)
        values: list[Any] = self.column_array(attribute)[self.rows(nodes)].tolist()
        return values

    def column_array(self, attribute: str) -> NDArray[np.object_]:
        """The column of ``attribute`` as an object array (made once; do not modify it)."""
        column = self._column_arrays.get(attribute)
        if column is None:
            column = self._column_arrays[attribute] = object_array(self.columns[attribute])
        return column

    def has_attribute(self, attribute: str) -> bool:
        """Whether any node has a value of ``attribute``."""
        return any(v is not None for v in self.columns.get(attribute, ()))

    def __repr__(self) -> str:
        return (
            f"CompactGraph({len(self.nodes)} nodes, {self.number_of_edges()} edges, "
            f"columns={sorted(self.columns)})"
        )


def object_array(values: Sequence[Any]) -> NDArray[np.object_]:
    """``values`` as a 1-d object array (``np.array`` would make a list of tuples 2-d)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def node_value(G: Any, node: Hashable, attribute: str) -> Any:
    """``node``'s ``attribute`` in a networkx graph or a :class:`CompactGraph` (None if missing)."""
    if isinstance(G, CompactGraph):
        return G.value(node, attribute)
    return G.nodes[node].get(attribute)


def _positions(
    nodes: Sequence[Hashable] | NDArray[Any], labels: Sequence[Hashable] | NDArray[Any]
) -> NDArray[Any]:
    """Positions in ``nodes`` of each label; integer labels are looked up in bulk."""
    keys = np.asarray(nodes)
    wanted = np.asarray(labels)
    if (
        keys.ndim == 1
        and wanted.ndim == 1
        and keys.dtype.kind in "iu"
        and wanted.dtype.kind in "iu"
    ):
        if keys.size and wanted.size and keys.min() >= 0 and keys.max() <= 4 * keys.size + 1024:
            # database ids: dense enough for a lookup table
            lookup = np.full(int(max(keys.max(), wanted.max())) + 1, -1, dtype=np.int64)
            lookup[keys] = np.arange(keys.size)
            if wanted.min() < 0:
                raise InputError(f"edge end {wanted[wanted < 0][0].item()!r} is not a node")
            positions: NDArray[np.int64] = lookup[wanted]
            if (positions < 0).any():
                raise InputError(f"edge end {wanted[positions < 0][0].item()!r} is not a node")
            return positions
        order = np.argsort(keys, kind="stable")
        found = np.searchsorted(keys, wanted, sorter=order)
        found = np.minimum(found, max(len(keys) - 1, 0))
        if keys.size:
            positions = order[found]
            missing = keys[positions] != wanted
        else:
            positions = found
            missing = np.ones(wanted.shape, dtype=bool)
        if missing.any():
            raise InputError(f"edge end {wanted[missing][0].item()!r} is not a node")
        return positions.astype(np.int64)
    index = {x: i for i, x in enumerate(nodes)}
    out = np.empty(len(labels), dtype=np.int64)
    for e, x in enumerate(labels):
        i = index.get(x)
        if i is None:
            raise InputError(f"edge end {x!r} is not a node")
        out[e] = i
    return out
