"""Ego's neighbourhood as arrays: contacts, the candidate pool, and their ties.

Everything the recommender scores is read from the graph once, here, by walking
the adjacency of ego's contacts (and of the candidates where a weighted row
maximum is needed).  The rest of the package works on the arrays this builds,
so the per-candidate work is vectorised instead of one networkx call per
candidate.

Tie weights are *mutual weights* as in NetworkX's structural-holes module:
``a_uv = w_uv + w_vu`` (an undirected edge counts both ways, so ``a = 2 w``).
Self-loops are ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from salon.errors import InputError, NotFoundError
from salon.recommend.compact import CompactGraph
from salon.recommend.compact_paths import flat_neighbours, introduction_paths

__all__ = ["EgoNeighbourhood", "mutual_row", "neighbours"]


def neighbours(G: Any, node: Hashable) -> list[Hashable]:
    """In- and out-neighbours of ``node`` (direction is irrelevant to who knows whom)."""
    if isinstance(G, CompactGraph):
        return G.neighbours(node)
    if G.is_directed():
        seen = dict.fromkeys(G.succ[node])
        seen.update(dict.fromkeys(G.pred[node]))
        found = list(seen)
    else:
        found = list(G.adj[node])
    return [x for x in found if x != node]


def mutual_row(G: Any, node: Hashable, weight: str | None) -> dict[Hashable, float]:
    """Mutual weights ``a_node,x = w_node,x + w_x,node`` to every neighbour x."""
    row: dict[Hashable, float] = {}
    if isinstance(G, CompactGraph):  # unweighted and undirected: every tie counts 1 + 1
        return dict.fromkeys(G.neighbours(node), 2.0)
    if G.is_directed():
        for x, data in G.succ[node].items():
            row[x] = row.get(x, 0.0) + (data.get(weight, 1) if weight else 1)
        for x, data in G.pred[node].items():
            row[x] = row.get(x, 0.0) + (data.get(weight, 1) if weight else 1)
    elif weight is None:
        row = dict.fromkeys(G.adj[node], 2.0)
    else:
        row = {x: 2.0 * data.get(weight, 1) for x, data in G.adj[node].items()}
    row.pop(node, None)
    return row


def _check_graph(G: Any, ego: Hashable, weight: str | None) -> None:
    if isinstance(G, CompactGraph):
        if weight is not None:
            raise InputError(
                f"a CompactGraph has unweighted ties, got tie weight attribute {weight!r}"
            )
    elif not isinstance(G, nx.Graph):
        raise InputError(f"expected a networkx graph or a CompactGraph, got {type(G).__name__}")
    elif G.is_multigraph():
        raise InputError(
            "expected a simple graph or digraph, got a multigraph; "
            "collapse parallel edges first (e.g. sum their weights)"
        )
    if ego not in G:
        raise NotFoundError(f"ego {ego!r} is not a node of the graph")


@dataclass
class EgoNeighbourhood:
    """Arrays describing ego, its contacts and a pool of candidates.

    Attributes
    ----------
    contacts : list
        N(ego), in graph order.
    nodes : list
        The local non-contacts: the second-degree nodes first, then any
        caller-given candidates beyond them.  Row ``r`` of ``to_contacts`` is
        ``nodes[r]``.
    is_candidate : bool array over ``nodes``
    distance : int array over ``nodes``
        Steps from ego (2 for second-degree nodes), -1 if beyond ``max_path``.
    far_paths : mapping
        Introduction paths for candidates beyond the second degree.
    ego_weight : float array over contacts
        Mutual weight ego--contact.
    contact_max : float array over contacts
        Each contact's largest mutual weight to anyone in the graph.
    contact_ties : sparse (n, n)
        Mutual weights among contacts.
    to_contacts : sparse CSR (m, n)
        Mutual weights from each local node to each contact.
    contact_positions, node_positions : int arrays or None
        On a :class:`CompactGraph`, where ``contacts`` and ``nodes`` are in
        it, so their columns are read without looking the labels up again;
        None on a networkx graph.
    """

    G: Any
    ego: Hashable
    weight: str | None
    contacts: list[Hashable]
    contact_index: dict[Hashable, int]
    nodes: list[Hashable]
    node_index: dict[Hashable, int]
    is_candidate: NDArray[np.bool_]
    distance: NDArray[np.int64]
    far_paths: Mapping[Hashable, tuple[Hashable, ...]]
    ego_weight: NDArray[np.float64]
    contact_max: NDArray[np.float64]
    contact_ties: sp.csr_array
    to_contacts: sp.csr_array
    contact_positions: NDArray[np.int64] | None = None
    node_positions: NDArray[np.int64] | None = None

    @classmethod
    def build(
        cls,
        G: Any,
        ego: Hashable,
        *,
        candidates: Collection[Hashable] | None = None,
        second_degree: bool = True,
        weight: str | None = None,
        max_path: int = 3,
    ) -> EgoNeighbourhood:
        """Walk ego's contacts once and collect the arrays the scorers need."""
        _check_graph(G, ego, weight)
        if isinstance(G, CompactGraph):
            return cls._build_compact(G, ego, candidates, second_degree, max_path)
        contacts = neighbours(G, ego)
        contact_index = {c: i for i, c in enumerate(contacts)}
        n = len(contacts)
        ego_weight = np.empty(n)
        contact_max = np.empty(n)
        cc_rows: list[int] = []
        cc_cols: list[int] = []
        cc_vals: list[float] = []
        pc_rows: list[int] = []
        pc_cols: list[int] = []
        pc_vals: list[float] = []
        node_index: dict[Hashable, int] = {}
        nodes: list[Hashable] = []
        for j, contact in enumerate(contacts):
            row = mutual_row(G, contact, weight)
            ego_weight[j] = row[ego]
            contact_max[j] = max(row.values())
            for x, a in row.items():
                if x == ego:
                    continue
                i = contact_index.get(x)
                if i is not None:
                    cc_rows.append(j)
                    cc_cols.append(i)
                    cc_vals.append(a)
                    continue
                r = node_index.get(x)
                if r is None:
                    r = node_index[x] = len(nodes)
                    nodes.append(x)
                pc_rows.append(r)
                pc_cols.append(j)
                pc_vals.append(a)
        n_second = len(nodes)
        wanted: list[Hashable] = []
        if candidates is not None:
            for c in candidates:
                if c not in G:
                    raise NotFoundError(f"candidate {c!r} is not a node of the graph")
                if c != ego and c not in contact_index:
                    wanted.append(c)
        for c in wanted:
            if c not in node_index:
                node_index[c] = len(nodes)
                nodes.append(c)
        is_candidate, distance = _pool_flags(
            len(nodes), n_second, second_degree, [node_index[c] for c in wanted]
        )
        far_paths = _far_paths(G, ego, nodes[n_second:], nodes[:n_second], max_path)
        for c, path in far_paths.items():
            distance[node_index[c]] = len(path) - 1
        values = np.asarray(cc_vals + pc_vals, dtype=np.float64)
        if values.size and (not np.all(np.isfinite(values)) or values.min() < 0):
            bad = values[~np.isfinite(values) | (values < 0)][0]
            raise InputError(
                f"tie weights must be finite and non-negative, got a mutual weight of {bad}",
                field=weight,
            )
        contact_ties = sp.csr_array(
            (np.asarray(cc_vals, dtype=np.float64), (cc_rows, cc_cols)), shape=(n, n)
        )
        to_contacts = sp.csr_array(
            (np.asarray(pc_vals, dtype=np.float64), (pc_rows, pc_cols)), shape=(len(nodes), n)
        )
        return cls(
            G=G,
            ego=ego,
            weight=weight,
            contacts=contacts,
            contact_index=contact_index,
            nodes=nodes,
            node_index=node_index,
            is_candidate=is_candidate,
            distance=distance,
            far_paths=far_paths,
            ego_weight=ego_weight,
            contact_max=contact_max,
            contact_ties=contact_ties,
            to_contacts=to_contacts,
        )

    @classmethod
    def _build_compact(
        cls,
        G: CompactGraph,
        ego: Hashable,
        candidates: Collection[Hashable] | None,
        second_degree: bool,
        max_path: int,
    ) -> EgoNeighbourhood:
        """:meth:`build` over CSR arrays: the same arrays, in the same order, in bulk.

        The walk over each contact's adjacency becomes one flat array of
        (contact, neighbour) pairs in walking order; every tie weighs 2
        (unweighted and undirected: 1 + 1), so no weight is read or checked.
        The adjacency is taken to be simple (no repeated neighbour, no
        self-loop), as :meth:`CompactGraph.from_edges` and
        :meth:`CompactGraph.from_networkx` make it.
        """
        ego_row = G.index[ego]
        contact_rows = G.rows_of(ego_row)
        n = contact_rows.size
        # a lookup table over graph positions: one fancy index per array
        # instead of one dict lookup per tie
        contact_of = np.full(len(G), -1, dtype=np.int64)
        contact_of[contact_rows] = np.arange(n)
        owner, met = flat_neighbours(G, contact_rows)
        not_ego = met != ego_row
        owner, met = owner[not_ego], met[not_ego]
        among = contact_of[met] >= 0
        contact_ties = _unit_ties(owner[among], contact_of[met[among]], (n, n))
        owner, met = owner[~among], met[~among]
        wanted_rows = _candidate_rows(G, candidates)
        wanted_rows = wanted_rows[(wanted_rows != ego_row) & (contact_of[wanted_rows] < 0)]
        second_rows, extra_rows, node_of = _pool_rows(len(G), met, wanted_rows)
        node_rows = np.concatenate([second_rows, extra_rows])
        nodes = _labels(G, node_rows)
        contacts = _labels(G, contact_rows)
        is_candidate, distance = _pool_flags(
            node_rows.size, second_rows.size, second_degree, node_of[wanted_rows]
        )
        paths, far_steps = introduction_paths(
            G, ego_row, extra_rows, second_rows, contact_rows, max_path
        )
        distance[second_rows.size :] = far_steps
        return cls(
            G=G,
            ego=ego,
            weight=None,
            contacts=contacts,
            contact_index=dict(zip(contacts, range(n), strict=True)),
            nodes=nodes,
            node_index=dict(zip(nodes, range(len(nodes)), strict=True)),
            is_candidate=is_candidate,
            distance=distance,
            far_paths=paths,
            ego_weight=np.full(n, 2.0),
            contact_max=np.full(n, 2.0),
            contact_ties=contact_ties,
            to_contacts=_unit_ties(node_of[met], owner, (node_rows.size, n)),
            contact_positions=contact_rows,
            node_positions=node_rows,
        )

    def pool_rows(self, labels: Collection[Hashable]) -> NDArray[np.int64]:
        """The row in ``nodes`` of each label, -1 for a label outside the pool."""
        if self.node_positions is None:
            index = self.node_index
            return np.fromiter(map(index.get, labels, repeat(-1)), np.int64, count=len(labels))
        # Through the graph's own index: callers list people in graph order,
        # which reads that dict in memory order (the pool's is in pool order),
        # about twice as fast on 100,000 people.
        G = self.G
        positions = np.fromiter(map(G.index.get, labels, repeat(-1)), np.int64, count=len(labels))
        pool_row = np.full(len(G) + 1, -1, dtype=np.int64)  # the extra last slot answers -1
        pool_row[self.node_positions] = np.arange(self.node_positions.size)
        rows: NDArray[np.int64] = pool_row[positions]
        return rows

    def ties_to_nodes(self, node: Hashable) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Rows of ``nodes`` tied to ``node``, with their mutual weights."""
        rows: list[int] = []
        vals: list[float] = []
        for x, a in mutual_row(self.G, node, self.weight).items():
            r = self.node_index.get(x)
            if r is not None:
                rows.append(r)
                vals.append(a)
        return np.asarray(rows, dtype=np.int64), np.asarray(vals, dtype=np.float64)

    def introduction_path(self, row: int) -> tuple[Hashable, ...] | None:
        """A shortest introduction path ego -> ... -> ``nodes[row]``.

        Among second-degree paths the go-between is the contact whose weaker
        tie (to ego or to the candidate) is strongest: an introduction is only
        as good as its weaker half.
        """
        node = self.nodes[row]
        if self.distance[row] == 2:
            return (self.ego, self.contacts[self.best_go_between(row)], node)
        return self.far_paths.get(node)

    def best_go_between(self, row: int) -> int:
        start, stop = self.to_contacts.indptr[row], self.to_contacts.indptr[row + 1]
        cols = self.to_contacts.indices[start:stop]
        strength = np.minimum(self.to_contacts.data[start:stop], self.ego_weight[cols])
        return int(cols[int(np.argmax(strength))])


def _pool_flags(
    m: int, n_second: int, second_degree: bool, wanted: NDArray[np.int64] | list[int]
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """``is_candidate`` and ``distance`` over a pool whose first ``n_second`` rows are 2 steps away.

    Far rows start at distance -1 (beyond reach) until a path is found.
    """
    is_candidate = np.zeros(m, dtype=bool)
    if second_degree:
        is_candidate[:n_second] = True
    is_candidate[wanted] = True
    distance = np.full(m, -1, dtype=np.int64)
    distance[:n_second] = 2
    return is_candidate, distance


def _far_paths(
    G: Any,
    ego: Hashable,
    far: list[Hashable],
    second: list[Hashable],
    max_path: int,
) -> dict[Hashable, tuple[Hashable, ...]]:
    """Shortest paths (3..max_path steps) from ego to caller-given far candidates."""
    if not far or max_path < 3:
        return {}
    second_set = set(second)
    contact_set = set(neighbours(G, ego))
    paths: dict[Hashable, tuple[Hashable, ...]] = {}
    # Three steps: look backwards from each candidate for a second-degree
    # neighbour, which costs the candidates' degrees rather than a BFS over
    # the whole second-degree frontier.
    unresolved: list[Hashable] = []
    for c in far:
        via = next((y for y in neighbours(G, c) if y in second_set), None)
        if via is None:
            unresolved.append(c)
        else:
            go_between = next(x for x in neighbours(G, via) if x in contact_set)
            paths[c] = (ego, go_between, via, c)
    if unresolved and max_path >= 4:
        view = G.to_undirected(as_view=True) if G.is_directed() else G
        found = nx.single_source_shortest_path(view, ego, cutoff=max_path)
        for c in unresolved:
            if c in found:
                paths[c] = tuple(found[c])
    return paths


def _labels(G: CompactGraph, rows: NDArray[np.int64]) -> list[Hashable]:
    """The node labels at graph positions ``rows``."""
    return list(map(G.nodes.__getitem__, rows.tolist()))


def _candidate_rows(G: CompactGraph, candidates: Collection[Hashable] | None) -> NDArray[np.int64]:
    """Graph positions of the caller's candidates, in the order given."""
    if candidates is None:
        return np.empty(0, dtype=np.int64)
    given = list(candidates)
    try:
        return G.rows(given)
    except (KeyError, TypeError):
        bad = next(c for c in given if c not in G)
        raise NotFoundError(f"candidate {bad!r} is not a node of the graph") from None


def _pool_rows(
    n_graph: int, met: NDArray[np.int64], wanted_rows: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """The pool's graph positions, in the row order :meth:`EgoNeighbourhood.build` gives.

    Returns the second-degree nodes in the order the walk over the contacts
    first ``met`` them, then the wanted candidates beyond them in the order
    given, and a table from graph position to pool row (-1 outside the pool).
    The order decides ties between equal scores, hence the care.
    """
    second_rows = _in_first_order(met)
    node_of = np.full(n_graph, -1, dtype=np.int64)
    node_of[second_rows] = np.arange(second_rows.size)
    extra_rows = _in_first_order(wanted_rows[node_of[wanted_rows] < 0])
    node_of[extra_rows] = second_rows.size + np.arange(extra_rows.size)
    return second_rows, extra_rows, node_of


def _in_first_order(rows: NDArray[np.int64]) -> NDArray[np.int64]:
    """The distinct values of ``rows``, in the order of their first occurrence."""
    distinct, first = np.unique(rows, return_index=True)
    ordered: NDArray[np.int64] = distinct[np.argsort(first)]
    return ordered


def _unit_ties(
    rows: NDArray[np.int64], cols: NDArray[np.int64], shape: tuple[int, int]
) -> sp.csr_array:
    """Mutual weights of unweighted undirected ties (2 each) as a CSR matrix.

    Built from coordinates in walking order, as :meth:`EgoNeighbourhood.build`
    does for networkx graphs, so both give the same CSR arrays.
    """
    return sp.csr_array((np.full(rows.size, 2.0), (rows, cols)), shape=shape)
