"""Marginal effective size: how much less redundant ego's network gets with c.

Burt's effective size of ego i over its contacts N (Burt 1992; Borgatti 1997)::

    ES = sum_{j in N} (1 - sum_{q in N} p_iq m_jq),
    p_iq = a_iq / S,  S = sum_{q in N} a_iq,   m_jq = a_jq / max_k a_jk

with mutual weights a.  Writing ``R = sum_j (1 / max_j) sum_q a_iq a_jq`` this is
``ES = n - R / S``.  Adding a candidate c with a new tie of mutual weight
``a_ic`` (and the ties c already has) changes only three things: n grows by one,
S grows by ``a_ic``, and R gains the terms that involve c::

    R' = R + a_ic * sum_{j in N} a_jc / max_j + (sum_{q in N} a_iq a_cq) / max'_c,
    max'_c = max(max_k a_ck, a_ic)

because no contact's own maximum changes (its tie to c already existed).  Both
sums are one sparse matrix--vector product over the whole candidate pool, so
the gain of every candidate costs O(ties between the pool and N), and after a
pick joins N the two vectors are updated from the pick's own ties only.  With
unit weights it reduces to Borgatti's ``n - 2t/n``.  No library computes this
ego-specific increment (NetworkX recomputes the whole ego network per call),
hence the hand-written code; it is tested against NetworkX before and after.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError
from salon.recommend.neighbourhood import EgoNeighbourhood, mutual_row

__all__ = ["EffectiveSizeGains", "effective_size_gain"]


class EffectiveSizeGains:
    """Effective-size gains over a candidate pool, updated as picks join.

    ``values()`` gives, for every row of ``hood.nodes``, the increase in ego's
    effective size if that node joined ego's network (with a new tie of
    weight ``new_tie_weight``) on top of the picks ``add``-ed so far.

    With weighted or directed ties, a candidate's own largest tie (max'_c)
    needs a walk over its adjacency, the one per-candidate cost left.
    ``bounds()`` avoids it: max'_c is at least its largest tie into ego's
    network, which bounds the gain from below, and the gain without the
    max'_c term bounds it from above; the two differ by about 1/n.  A caller
    ranking candidates ``resolve``-s only those whose upper bound reaches the
    best lower bound.
    """

    def __init__(self, hood: EgoNeighbourhood, new_tie_weight: float = 1.0) -> None:
        self.hood = hood
        # A new tie counts both ways, like every other tie; without tie weights
        # every tie, the new one too, weighs 1.
        self.a_new = 2.0 * (new_tie_weight if hood.weight is not None else 1.0)
        inv_max = 1.0 / hood.contact_max if hood.contact_max.size else hood.contact_max
        ties = hood.contact_ties @ hood.ego_weight
        self.R = float(ties @ inv_max)
        self.S = float(hood.ego_weight.sum())
        self.n = len(hood.contacts)
        self.t1 = np.asarray(hood.to_contacts @ inv_max, dtype=np.float64)
        self.t2 = np.asarray(hood.to_contacts @ hood.ego_weight, dtype=np.float64)
        self.own_max = np.full(len(hood.nodes), np.nan)
        if hood.weight is None and not hood.G.is_directed():
            # Unit weights: every mutual weight is 2, no walk is ever needed.
            self.own_max[:] = max(2.0, self.a_new)
        into = hood.to_contacts
        self.own_max_floor = np.full(len(hood.nodes), self.a_new)
        if into.nnz:
            self.own_max_floor = np.maximum(
                self.own_max_floor, np.asarray(into.max(axis=1).toarray()).ravel()
            )

    def effective_size(self) -> float:
        """Ego's current effective size (NaN when ego has no contacts)."""
        return float(self.n - self.R / self.S) if self.S > 0 else float("nan")

    @property
    def exact(self) -> NDArray[np.bool_]:
        """Rows whose gain is known exactly (max'_c resolved, or no tie into the network)."""
        known: NDArray[np.bool_] = ~np.isnan(self.own_max) | (self.t2 == 0)
        return known

    def resolve(self, rows: NDArray[np.int64]) -> None:
        """Walk the adjacency of ``rows`` for their exact max'_c."""
        G, weight = self.hood.G, self.hood.weight
        for r in rows[np.isnan(self.own_max[rows])]:
            largest = max(mutual_row(G, self.hood.nodes[r], weight).values(), default=0.0)
            self.own_max[r] = max(largest, self.a_new)

    def _gains(self, own_max: NDArray[np.float64]) -> NDArray[np.float64]:
        before = self.R / self.S if self.S > 0 else 0.0
        tied = self.t2 > 0
        term2 = np.zeros_like(self.t2)
        term2[tied] = self.t2[tied] / own_max[tied]
        after = (self.R + self.a_new * self.t1 + term2) / (self.S + self.a_new)
        gains: NDArray[np.float64] = 1.0 - after + before
        return gains

    def bounds(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(lower, upper) bounds of every gain; equal where ``exact``."""
        known = ~np.isnan(self.own_max)
        lower = self._gains(np.where(known, self.own_max, self.own_max_floor))
        upper = self._gains(np.where(known, self.own_max, np.inf))
        return lower, upper

    def values(self) -> NDArray[np.float64]:
        """Exact gains of every row (walks every unresolved candidate)."""
        self.resolve(np.flatnonzero(self.t2 > 0))
        return self._gains(self.own_max)

    def add(self, row: int) -> None:
        """Let ``hood.nodes[row]`` join ego's network."""
        self.resolve(np.array([row], dtype=np.int64))
        own = self.own_max[row]
        term2 = self.t2[row] / own if self.t2[row] > 0 else 0.0
        self.R += self.a_new * self.t1[row] + term2
        self.S += self.a_new
        self.n += 1
        rows, vals = self.hood.ties_to_nodes(self.hood.nodes[row])
        self.t1[rows] += vals / own
        self.t2[rows] += vals * self.a_new
        # A tie to the pick is now a tie into ego's network: a tighter floor.
        self.own_max_floor[rows] = np.maximum(self.own_max_floor[rows], vals)


def effective_size_gain(
    G: Any,
    ego: Hashable,
    candidates: Collection[Hashable],
    *,
    weight: str | None = None,
    new_tie_weight: float = 1.0,
) -> dict[Hashable, float]:
    r"""Increase in ego's effective size if each candidate joined ego's network.

    For each candidate c separately, the gain is
    :math:`ES_i(G + \{i, c\}) - ES_i(G)`, where the new tie i--c has weight
    ``new_tie_weight`` (both ways, in a digraph) and c keeps the ties it
    already has.  :math:`ES` is Burt's effective size (Borgatti's
    :math:`n - 2t/n` when unweighted), as in
    :func:`networkx.effective_size`; an ego with no contacts counts as 0.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed ties are symmetrised as mutual weights ``w_uv + w_vu``.
    ego : node
    candidates : collection of nodes
        Nodes not yet tied to ego (contacts and ego itself are rejected).
    weight : str or None
        Edge attribute holding tie weights; None for unit weights.
    new_tie_weight : float
        Weight of the tie ego would form with a candidate (used only with
        ``weight``; without it every tie weighs 1).

    Returns
    -------
    dict
        Candidate -> gain.  A candidate tied to none of ego's contacts gains
        about 1; one tied to all of them gains about -1.

    References
    ----------
    .. [1] Burt, R. S. *Structural Holes*. Harvard University Press, 1992.
    .. [2] Borgatti, S. P. "Structural holes: unpacking Burt's redundancy
       measures." *Connections* 20(1):35-38, 1997.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (0, 2), (1, 2), (1, 3), (4, 5), (5, 2)])
    >>> gains = effective_size_gain(G, 0, [3, 5])
    >>> round(gains[3], 3), round(gains[5], 3)
    (0.667, 0.667)
    """
    if not (np.isfinite(new_tie_weight) and new_tie_weight > 0):
        raise InputError(f"new_tie_weight must be a positive number, got {new_tie_weight!r}")
    candidates = list(candidates)
    hood = EgoNeighbourhood.build(
        G, ego, candidates=candidates, second_degree=False, weight=weight, max_path=2
    )
    bad = [c for c in candidates if c == ego or c in hood.contact_index]
    if bad:
        raise InputError(f"candidates must not be ego or its contacts, got {bad[0]!r}")
    values = EffectiveSizeGains(hood, new_tie_weight).values()
    return {c: float(values[hood.node_index[c]]) for c in candidates}
