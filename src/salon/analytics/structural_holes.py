"""Burt's structural-hole measures for every node of a sparse network at once.

Notation (Burt 1992): ego ``i``, its contacts ``N(i)`` (everyone tied to ``i``
in either direction, ``i`` itself excluded), mutual weights
``a_ij = w_ij + w_ji``, proportional investment ``p_ij = a_ij / Σ_k a_ik`` and
marginal strength ``m_jq = a_jq / max_k a_jk``.

- constraint ``c_i = Σ_{j∈N(i)} (p_ij + Σ_{q≠i,j} p_iq p_qj)²``;
- effective size ``e_i = Σ_{j∈N(i)} (1 − Σ_{q≠i,j} p_iq m_jq)``;
- efficiency ``e_i / |N(i)|``;
- hierarchy ``h_i = Σ_j r_ij ln r_ij / (|N(i)| ln |N(i)|)`` with
  ``r_ij = c_ij / (c_i / |N(i)|)`` and ``c_ij`` the term of ``c_i`` for ``j``.

Writing ``S`` for the matrix of mutual weights and ``s_i`` for its row sums,
``Σ_q p_iq p_qj = (Σ_q a_iq a_qj / s_q) / s_i`` and
``Σ_q p_iq m_jq = (Σ_q a_iq a_qj) / (s_i max_k a_jk)``: both are sums over the
triangles through the tie ``(i, j)``, so all four measures follow from two
per-edge triangle sums (:mod:`salon.analytics._triangles`) and row-wise
reductions.

Policy for special nodes
------------------------
*Self-loops are ignored*: a tie from ``i`` to itself is not a contact and does
not enter ``p`` or ``m`` (Burt sums over ``j ≠ i``).  NetworkX counts a self-loop
as a contact in its per-node path, which makes its answers depend on the path
taken (see :mod:`salon.analytics.networkx_compat`).
*Isolates* (no tie to anyone else, self-loops included) have no ego network:
all four measures are NaN.  A node with a *single contact* has constraint 1,
effective size 1, efficiency 1 and hierarchy 1 (all constraint comes from one
contact; Burt's STRUCTURE manual sets 1 where ``ln 1 = 0`` leaves the formula
undefined).  *Zero weights* are no tie.

References
----------
.. [1] Burt, R. S. *Structural Holes: The Social Structure of Competition.*
   Harvard University Press, 1992 (constraint, effective size, efficiency, and
   hierarchy pp. 70–71).
.. [2] Borgatti, S. P. "Structural holes: unpacking Burt's redundancy
   measures." *Connections* 20(1), 35–38, 1997.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from salon.analytics._triangles import oriented_edge_triangle_sums
from salon.analytics.adjacency import as_adjacency, mutual_weights, node_indices
from salon.errors import InputError

__all__ = ["StructuralHoles", "ego_structural_holes", "structural_holes"]

# Subset queries take the ego-row product S[Q] @ S when its work is below this
# multiple of the edge count; beyond that, listing all triangles is cheaper.
_EGO_PATH_WORK_FACTOR = 8


@dataclass(frozen=True)
class StructuralHoles:
    """Burt's measures for a set of nodes (arrays aligned with ``nodes``).

    Attributes
    ----------
    nodes : index of each row in the adjacency matrix.
    n_contacts : ``|N(i)|``, contacts in either direction, self excluded.
    constraint, effective_size, efficiency, hierarchy : float arrays; NaN for
        isolates (see the module docstring for the policy).
    """

    nodes: NDArray[np.int64]
    n_contacts: NDArray[np.int64]
    constraint: NDArray[np.float64]
    effective_size: NDArray[np.float64]
    efficiency: NDArray[np.float64]
    hierarchy: NDArray[np.float64]

    def __post_init__(self) -> None:
        for array in (
            self.nodes,
            self.n_contacts,
            self.constraint,
            self.effective_size,
            self.efficiency,
            self.hierarchy,
        ):
            array.setflags(write=False)

    def __len__(self) -> int:
        return int(self.nodes.size)


def structural_holes(A: Any, nodes: ArrayLike | None = None) -> StructuralHoles:
    r"""Return constraint, effective size, efficiency and hierarchy of nodes of ``A``.

    Parameters
    ----------
    A : scipy.sparse matrix or array-like, shape (n, n)
        ``A[i, j]`` is the weight of the tie from ``i`` to ``j`` (finite,
        non-negative; 0 = no tie).  Directed ties are allowed: Burt's mutual
        weight ``a_ij = w_ij + w_ji`` makes every measure depend on ties in
        both directions.  For unweighted networks pass 0/1 entries.
    nodes : sequence of int, optional
        Rows to compute (results follow this order).  All nodes if omitted.

    Returns
    -------
    StructuralHoles
        Arrays ``constraint``, ``effective_size``, ``efficiency``,
        ``hierarchy`` and ``n_contacts``, one entry per requested node.

    Notes
    -----
    With ``p_ij = a_ij / Σ_k a_ik`` and ``m_jq = a_jq / max_k a_jk``:

    .. math::

        c_i = \sum_{j \in N(i)} \Big(p_{ij} + \sum_{q \ne i,j} p_{iq} p_{qj}\Big)^2,
        \qquad
        e_i = \sum_{j \in N(i)} \Big(1 - \sum_{q \ne i,j} p_{iq} m_{jq}\Big),

    efficiency ``e_i / |N(i)|`` and hierarchy
    ``Σ_j r_ij ln r_ij / (|N(i)| ln |N(i)|)``, ``r_ij = c_ij |N(i)| / c_i``.
    NaN for isolates; self-loops are ignored (module docstring).  Cost: one
    pass over the triangles (degree-ordered listing), so about linear in the
    edges on sparse social networks; memory is a few arrays of the edge count.

    Constraint is not bounded by 1: a node in a closed triad has
    ``c = 2 × (1/2 + 1/4)² = 1.125``.

    References
    ----------
    Burt, R. S. *Structural Holes*, Harvard University Press, 1992.

    Examples
    --------
    >>> import numpy as np
    >>> star = np.zeros((4, 4)); star[0, 1:] = star[1:, 0] = 1
    >>> holes = structural_holes(star)
    >>> holes.constraint.round(4).tolist()
    [0.3333, 1.0, 1.0, 1.0]
    >>> holes.effective_size.tolist()
    [3.0, 1.0, 1.0, 1.0]
    """
    M = as_adjacency(A)
    n = M.shape[0]
    selected = node_indices(nodes, n)
    S = mutual_weights(M)
    degree = np.diff(S.indptr).astype(np.int64)
    strength = np.asarray(S.sum(axis=1), dtype=np.float64).reshape(-1)
    strongest = S.max(axis=1).toarray().reshape(-1) if S.nnz else np.zeros(n)

    if selected is not None and _ego_work(S, selected, degree) <= _EGO_PATH_WORK_FACTOR * S.nnz:
        unique, inverse = np.unique(selected, return_inverse=True)
        rows, cols, weight, plain, scaled = _ego_edge_sums(S, unique, strength)
        measures = _measures(rows, cols, weight, plain, scaled, unique, strength, strongest, degree)
        return _result(selected, degree[selected], *(values[inverse] for values in measures))

    rows, cols, weight, plain, scaled = _all_edge_sums(S, degree, strength)
    everyone = np.arange(n, dtype=np.int64)
    measures = _measures(rows, cols, weight, plain, scaled, everyone, strength, strongest, degree)
    if selected is None:
        return _result(everyone, degree, *measures)
    return _result(selected, degree[selected], *(values[selected] for values in measures))


def ego_structural_holes(
    ego_weights: ArrayLike,
    among: Any,
    strength: ArrayLike,
    strongest: ArrayLike,
) -> StructuralHoles:
    r"""Return Burt's measures of one ego from its ego network alone.

    The same numbers as :func:`structural_holes` gives the ego on the whole
    network, read from what the ego's measures depend on: the ego's ties, the
    ties among its contacts, and two sums per contact over all of that
    contact's ties.  The cost is that of the ego network, not of the network
    (a report on one person never reads the whole store).

    Parameters
    ----------
    ego_weights : array of float, shape (n,)
        Mutual weight ``a_ij`` of the ego's tie to each contact ``j`` (> 0).
    among : scipy.sparse matrix or array-like, shape (n, n)
        Ties among the contacts, in the order of ``ego_weights`` (directed ties
        allowed: they are made mutual as in :func:`structural_holes`).
    strength : array of float, shape (n,)
        Each contact's ``s_j = Σ_k a_jk`` over all its ties, the ego's included.
    strongest : array of float, shape (n,)
        Each contact's ``max_k a_jk`` over all its ties, the ego's included.

    Returns
    -------
    StructuralHoles
        One entry (node 0: the ego); NaN measures when it has no contact.

    Examples
    --------
    >>> import numpy as np
    >>> # me tied to three contacts; two of them know each other and one more person
    >>> among = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]])
    >>> holes = ego_structural_holes([2, 2, 2], among, [4, 6, 2], [2, 2, 2])
    >>> round(float(holes.effective_size[0]), 4)
    2.3333
    """
    a = np.asarray(ego_weights, dtype=np.float64).reshape(-1)
    n = a.size
    s = np.asarray(strength, dtype=np.float64).reshape(-1)
    top = np.asarray(strongest, dtype=np.float64).reshape(-1)
    S = mutual_weights(as_adjacency(among, name="among")) if n else None
    if s.size != n or top.size != n or (S is not None and S.shape[0] != n):
        raise InputError(
            f"expected one weight, strength and strongest tie per contact and an n × n "
            f"matrix among them; got {n} weights, {s.size} strengths, {top.size} strongest"
            + (f", a {S.shape[0]} × {S.shape[1]} matrix" if S is not None else "")
        )
    if n and (not np.all(np.isfinite(a)) or np.any(a <= 0) or np.any(s < a) or np.any(top < a)):
        raise InputError(
            "each contact needs a positive tie weight no larger than its strength "
            "and its strongest tie"
        )
    if S is None:
        nan = np.full(1, np.nan)
        return _result(np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), nan, nan, nan)
    # node 0 is the ego, node 1 + j its contact j
    plain = S @ a
    scaled = S @ (a / s)
    measures = _measures(
        np.zeros(n, dtype=np.int64),
        np.arange(1, n + 1, dtype=np.int64),
        a,
        plain,
        scaled,
        np.zeros(1, dtype=np.int64),
        np.concatenate([[a.sum()], s]),
        np.concatenate([[a.max()], top]),
        np.concatenate([[n], np.zeros(n, dtype=np.int64)]),
    )
    return _result(np.zeros(1, dtype=np.int64), np.array([n], dtype=np.int64), *measures)


def _result(
    nodes: NDArray[np.int64],
    n_contacts: NDArray[np.int64],
    constraint: NDArray[np.float64],
    effective_size: NDArray[np.float64],
    hierarchy: NDArray[np.float64],
) -> StructuralHoles:
    with np.errstate(invalid="ignore", divide="ignore"):
        efficiency = effective_size / n_contacts
    return StructuralHoles(
        nodes=np.array(nodes, dtype=np.int64),
        n_contacts=np.array(n_contacts, dtype=np.int64),
        constraint=np.array(constraint, dtype=np.float64),
        effective_size=np.array(effective_size, dtype=np.float64),
        efficiency=np.asarray(efficiency, dtype=np.float64),
        hierarchy=np.array(hierarchy, dtype=np.float64),
    )


def _ego_work(S: sp.csr_array, selected: NDArray[np.int64], degree: NDArray[np.int64]) -> int:
    """Multiply-adds of ``S[Q] @ S``: the degrees of the selected nodes' contacts."""
    if selected.size == 0:
        return 0
    pattern = S[selected]
    pattern.data = np.ones_like(pattern.data)
    return int((pattern @ degree.astype(np.float64)).sum())


Edges = tuple[
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
]


def _all_edge_sums(
    S: sp.csr_array, degree: NDArray[np.int64], strength: NDArray[np.float64]
) -> Edges:
    """Every tie in both directions with its two triangle sums (all-node path)."""
    n = S.shape[0]
    # Relabel by (degree, index) so the forward triangle scheme sees low-to-high
    # orientation as "smaller label first".
    order = np.lexsort((np.arange(n), degree))
    ranked = S[order][:, order].tocsr()
    ranked.sort_indices()
    upper = sp.triu(ranked, k=1, format="csr")
    upper.sort_indices()
    r = np.repeat(np.arange(n, dtype=np.int64), np.diff(upper.indptr))
    c = upper.indices.astype(np.int64)
    w = upper.data
    plain, scaled = oriented_edge_triangle_sums(n, r, c, w, strength[order])
    rows = order[np.concatenate([r, c])]
    cols = order[np.concatenate([c, r])]
    return (
        rows,
        cols,
        np.concatenate([w, w]),
        np.concatenate([plain, plain]),
        np.concatenate([scaled, scaled]),
    )


def _ego_edge_sums(
    S: sp.csr_array, egos: NDArray[np.int64], strength: NDArray[np.float64]
) -> Edges:
    """The ties of distinct ``egos`` with their triangle sums, from ``S[Q] @ S`` (subset path).

    Rows of the result are positions in ``egos``.
    """
    ego = S[egos].tocsr()
    ego.sort_indices()
    pattern = ego.copy()
    pattern.data = np.ones_like(pattern.data)
    with np.errstate(divide="ignore"):
        inverse_strength = np.where(strength > 0, 1.0 / strength, 0.0)
    n = S.shape[0]
    rows = np.repeat(np.arange(egos.size, dtype=np.int64), np.diff(ego.indptr))
    cols = ego.indices.astype(np.int64)
    key = rows * n + cols
    # q = i and q = j add nothing: S has no diagonal.
    plain = _align(sp.csr_array((ego @ S).multiply(pattern)), key, n)
    scaled = _align(
        sp.csr_array((ego @ sp.diags_array(inverse_strength) @ S).multiply(pattern)), key, n
    )
    return rows, cols, ego.data.copy(), plain, scaled


def _align(values: sp.csr_array, key: NDArray[np.int64], n: int) -> NDArray[np.float64]:
    """Values of ``values`` at the sorted positions ``key = row * n + col`` (0 where absent)."""
    values = values.tocsr()
    values.sum_duplicates()
    v_rows = np.repeat(np.arange(values.shape[0], dtype=np.int64), np.diff(values.indptr))
    v_key = v_rows * n + values.indices.astype(np.int64)
    out = np.zeros(key.size, dtype=np.float64)
    if v_key.size:
        where = np.searchsorted(key, v_key)
        out[where] = values.data
    return out


def _measures(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    weight: NDArray[np.float64],
    plain: NDArray[np.float64],
    scaled: NDArray[np.float64],
    egos: NDArray[np.int64],
    strength: NDArray[np.float64],
    strongest: NDArray[np.float64],
    degree: NDArray[np.int64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Constraint, effective size and hierarchy from per-tie sums.

    ``rows`` index into ``egos`` (the node each row stands for); ``cols`` are
    node indices of the contacts.
    """
    k = egos.size
    s_ego = strength[egos][rows]
    local = ((weight + scaled) / s_ego) ** 2
    constraint = np.bincount(rows, weights=local, minlength=k).astype(np.float64)
    redundancy = np.bincount(rows, weights=plain / strongest[cols], minlength=k)
    n_contacts = degree[egos].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        effective_size = n_contacts - redundancy / strength[egos]
        ratio = local * n_contacts[rows] / constraint[rows]
        # r ln r − r + 1 ≥ 0 termwise and sums to Σ r ln r (Σ r = N): no
        # cancellation when the local constraints are nearly equal.
        spread = np.bincount(rows, weights=ratio * np.log(ratio) - ratio + 1.0, minlength=k)
        hierarchy = spread / (n_contacts * np.log(n_contacts))
    hierarchy[n_contacts == 1] = 1.0
    isolated = n_contacts == 0
    constraint[isolated] = np.nan
    effective_size[isolated] = np.nan
    hierarchy[isolated] = np.nan
    return constraint, effective_size, hierarchy
