"""Checked adjacency matrices: the one input form of the numerical core.

Every structural function takes ``A``, an ``n × n`` matrix whose entry
``A[i, j]`` is the weight of the tie from ``i`` to ``j`` (a symmetric matrix
for undirected ties).  This module checks such a matrix once, at the boundary,
and derives the *mutual* weights ``a_ij = w_ij + w_ji`` that Burt's measures
are built on.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from salon.errors import InputError, NotFoundError

__all__ = ["as_adjacency", "graph_adjacency", "mutual_weights", "node_indices"]


def as_adjacency(A: Any, *, name: str = "A") -> sp.csr_array:
    """Return ``A`` as a float64 CSR array after checking it is a valid adjacency.

    ``A`` may be a scipy.sparse matrix or array, or anything numpy turns into a
    2-D array.  Weights must be finite and non-negative; a zero weight is the
    same as no tie.

    Raises
    ------
    InputError
        If ``A`` is not square, or holds a negative, NaN or infinite weight.
    """
    if sp.issparse(A):
        M = sp.csr_array(A, dtype=np.float64)
    else:
        dense = np.asarray(A, dtype=np.float64)
        if dense.ndim != 2:
            raise InputError(
                f"{name} must be a 2-D adjacency matrix, got {dense.ndim} dimension(s)"
            )
        M = sp.csr_array(dense)
    if M.shape[0] != M.shape[1]:
        raise InputError(f"{name} must be square, got shape {M.shape}")
    data = M.data
    if data.size:
        bad = ~np.isfinite(data) | (data < 0)
        if bad.any():
            value = data[np.flatnonzero(bad)[0]]
            raise InputError(f"{name} must hold finite non-negative tie weights, got {value!r}")
    return M


def mutual_weights(A: sp.csr_array) -> sp.csr_array:
    """Return ``S = A + Aᵀ`` without its diagonal and without zero entries.

    ``S[i, j]`` is Burt's mutual weight ``a_ij = w_ij + w_ji``.  Self-loops are
    dropped: a person is not their own contact (Burt 1992 sums over ``j ≠ i``).
    The result is symmetric, canonical (sorted indices, no duplicates) CSR.
    """
    S = sp.csr_array(A + A.T)
    S.sum_duplicates()
    n = S.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(S.indptr))
    keep = (rows != S.indices) & (S.data != 0)
    if not keep.all():
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows[keep], minlength=n), out=indptr[1:])
        S = sp.csr_array((S.data[keep], S.indices[keep], indptr), shape=(n, n))
    S.sort_indices()
    return S


def node_indices(nodes: ArrayLike | None, n: int) -> NDArray[np.int64] | None:
    """Check a selection of node indices in ``range(n)``; ``None`` means all."""
    if nodes is None:
        return None
    idx = np.asarray(nodes)
    if idx.ndim != 1:
        idx = idx.reshape(-1)
    if idx.size and not np.issubdtype(idx.dtype, np.integer):
        raise InputError(f"nodes must be integer indices, got dtype {idx.dtype}")
    idx = idx.astype(np.int64)
    out = (idx < 0) | (idx >= n)
    if out.any():
        raise NotFoundError(f"node index {int(idx[out][0])} is outside range(0, {n})")
    return idx


def graph_adjacency(
    G: Any, nodes: Iterable[Hashable] | None, weight: str | None
) -> tuple[sp.csr_array, list[Hashable], NDArray[np.int64]]:
    """Return (adjacency, node list, indices of the requested nodes) of a networkx graph.

    Edges without the ``weight`` attribute count as weight 1, as in NetworkX.

    Raises
    ------
    InputError
        If ``G`` is a multigraph (NetworkX's structural-hole functions read a
        multigraph's key dictionaries as weights; convert with ``nx.Graph(G)``
        or ``nx.DiGraph(G)`` after deciding how parallel edges combine).
    NotFoundError
        If a requested node is not in ``G``.
    """
    import networkx as nx  # only the drop-in layer needs networkx

    if G.is_multigraph():
        raise InputError(
            f"expected a Graph or DiGraph, got a {type(G).__name__}; "
            "combine parallel edges first (nx.Graph(G) or nx.DiGraph(G))"
        )
    order: list[Hashable] = list(G)
    if not order:
        A = sp.csr_array((0, 0), dtype=np.float64)
    else:
        A = nx.to_scipy_sparse_array(
            G, nodelist=order, weight=weight, dtype=np.float64, format="csr"
        )
    A = as_adjacency(A, name=f"edge attribute {weight!r}" if weight else "G")
    if nodes is None:
        return A, order, np.arange(len(order), dtype=np.int64)
    position = {v: i for i, v in enumerate(order)}
    selected: Sequence[Hashable] = list(nodes)
    try:
        idx = np.fromiter((position[v] for v in selected), dtype=np.int64, count=len(selected))
    except KeyError as exc:
        raise NotFoundError(f"node {exc.args[0]!r} is not in the graph") from None
    return A, [*selected], idx
