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

from collections.abc import Collection, Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from salon.errors import InputError, NotFoundError
from salon.recommend.compact import CompactGraph

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
    # The adjacency dicts themselves (G._succ, G._pred, G._adj) where present:
    # the public views cost more per lookup than the arithmetic done here.
    if G.is_directed():
        for x, data in getattr(G, "_succ", G.succ)[node].items():
            row[x] = row.get(x, 0.0) + (data.get(weight, 1) if weight else 1)
        for x, data in getattr(G, "_pred", G.pred)[node].items():
            row[x] = row.get(x, 0.0) + (data.get(weight, 1) if weight else 1)
    elif weight is None:
        row = dict.fromkeys(getattr(G, "_adj", G.adj)[node], 2.0)
    else:
        row = {x: 2.0 * data.get(weight, 1) for x, data in getattr(G, "_adj", G.adj)[node].items()}
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
    far_paths : dict
        Introduction paths for candidates beyond the second degree.
    ego_weight : float array over contacts
        Mutual weight ego--contact.
    contact_max : float array over contacts
        Each contact's largest mutual weight to anyone in the graph.
    contact_ties : sparse (n, n)
        Mutual weights among contacts.
    to_contacts : sparse CSR (m, n)
        Mutual weights from each local node to each contact.
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
    far_paths: dict[Hashable, tuple[Hashable, ...]]
    ego_weight: NDArray[np.float64]
    contact_max: NDArray[np.float64]
    contact_ties: sp.csr_array
    to_contacts: sp.csr_array

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
        m = len(nodes)
        is_candidate = np.zeros(m, dtype=bool)
        if second_degree:
            is_candidate[:n_second] = True
        if wanted:
            is_candidate[[node_index[c] for c in wanted]] = True
        distance = np.full(m, -1, dtype=np.int64)
        distance[:n_second] = 2
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
            (np.asarray(pc_vals, dtype=np.float64), (pc_rows, pc_cols)), shape=(m, n)
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
    if isinstance(G, CompactGraph):
        return _far_paths_compact(G, ego, far, second, max_path)
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


def _first_neighbour_in(
    G: CompactGraph, rows: NDArray[np.int64], wanted: NDArray[np.bool_]
) -> NDArray[np.int64]:
    """For each row, its first neighbour (in adjacency order) with ``wanted`` set; -1 if none."""
    starts = G.indptr[rows]
    lengths = G.indptr[rows + 1] - starts
    total = int(lengths.sum())
    owner = np.repeat(np.arange(rows.size), lengths)
    offsets = np.cumsum(lengths) - lengths
    flat = G.neighbour_rows[np.arange(total) - np.repeat(offsets - starts, lengths)]
    hit = wanted[flat]
    found = np.full(rows.size, -1, dtype=np.int64)
    # owners ascend along ``flat``, so np.unique's first index is each row's first hit
    hit_owner, first = np.unique(owner[hit], return_index=True)
    found[hit_owner] = flat[hit][first]
    return found


def _far_paths_compact(
    G: CompactGraph,
    ego: Hashable,
    far: list[Hashable],
    second: list[Hashable],
    max_path: int,
) -> dict[Hashable, tuple[Hashable, ...]]:
    """:func:`_far_paths` over CSR arrays: the same paths, found in bulk."""
    n = len(G)
    index = G.index
    is_second = np.zeros(n, dtype=bool)
    is_second[[index[x] for x in second]] = True
    is_contact = np.zeros(n, dtype=bool)
    is_contact[G.rows_of(index[ego])] = True
    far_rows = np.fromiter((index[c] for c in far), dtype=np.int64, count=len(far))
    via = _first_neighbour_in(G, far_rows, is_second)
    reached = via >= 0
    go_between = np.full(via.shape, -1, dtype=np.int64)
    if reached.any():
        vias, inverse = np.unique(via[reached], return_inverse=True)
        go_between[reached] = _first_neighbour_in(G, vias, is_contact)[inverse]
    nodes = G.nodes
    paths: dict[Hashable, tuple[Hashable, ...]] = {
        far[i]: (ego, nodes[g], nodes[v], far[i])
        for i, v, g in zip(
            np.flatnonzero(reached).tolist(),
            via[reached].tolist(),
            go_between[reached].tolist(),
            strict=True,
        )
    }
    if max_path >= 4 and not reached.all():
        found = _shortest_paths(G, ego, max_path)
        for i in np.flatnonzero(~reached).tolist():
            if (path := found.get(index[far[i]])) is not None:
                paths[far[i]] = tuple(nodes[r] for r in path)
    return paths


def _shortest_paths(G: CompactGraph, ego: Hashable, cutoff: int) -> dict[int, list[int]]:
    """Breadth-first paths over positions, level by level in adjacency order.

    The same search as :func:`networkx.single_source_shortest_path`, so the
    same path is kept among equally short ones.
    """
    source = G.index[ego]
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
