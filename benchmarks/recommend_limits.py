"""The limits of what any recommender could reach on the benchmark's gains.

benchmarks/recommend.py asks whether picks from ego's second-degree pool can meet
targets such as dBlau >= 5x and dES >= 2x Adamic--Adar.  Before blaming a method,
this module says whether a target is attainable at all:

* blau_gain_bound: an exact upper bound on the mean Blau gain of any <= k picks.
  Each attribute optimised on its own can only do better than all jointly, and
  for one attribute adding units to the open category with the smallest count
  is exact (the cost is separable and convex), so it is cheap on any pool;
* best_blau_gain and pick_gains: every choice enumerated, for small pools, with
  dBlau and dES computed from counts (dES bit for bit networkx's);
* joint_decision: whether one choice per ego meets both mean targets, first by
  a Lagrangian certificate (weak duality over each ego's Pareto front), then
  exactly by the Pareto front of the summed gains (pareto_sum), which closes
  the gap duality can leave with discrete choices.

The measures themselves (mean_blau, effective_size_after) live here too, so the
bounds and the benchmark score picks the same way.  Pure functions over networkx
graphs and numpy arrays; tests/test_recommend_limits.py checks them against
brute force and networkx.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Sequence
from typing import NamedTuple

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from salon.recommend import blau_index
from salon.recommend.novelty import is_known

# ---------------------------------------------------------------- measures


def mean_blau(G: nx.Graph, people: Sequence[Hashable], attributes: Sequence[str]) -> float:
    values = [blau_index([G.nodes[p].get(a) for p in people]) for a in attributes]
    return float(np.mean([0.0 if math.isnan(v) else v for v in values]))


def effective_size_after(G: nx.Graph, ego: Hashable, picks: Sequence[Hashable]) -> float:
    # Unweighted effective size depends on ego's network only, so networkx is
    # run on that subgraph (networkx copies the whole graph per call otherwise).
    H = nx.Graph(G.subgraph([ego, *G[ego], *picks]))
    H.add_edges_from((ego, p) for p in picks)
    value = nx.effective_size(H, [ego])[ego]
    return 0.0 if math.isnan(value) else float(value)


def _blau_from_counts(n_known: int, sum_of_squares: int) -> float:
    # mean_blau's convention: no known value counts as 0, not NaN.
    return 0.0 if n_known == 0 else 1.0 - sum_of_squares / n_known**2


def _best_blau_gain(contacts: NDArray[np.int64], pool: NDArray[np.int64], k: int) -> float:
    """Largest gain in one attribute's Blau index by at most k picks (codes, -1 unknown)."""
    known_contacts = contacts[contacts >= 0]
    known_pool = pool[pool >= 0]
    _, inverse = np.unique(np.concatenate([known_contacts, known_pool]), return_inverse=True)
    n_categories = int(inverse.max()) + 1 if inverse.size else 0
    counts = np.bincount(inverse[: known_contacts.size], minlength=n_categories)
    available = np.bincount(inverse[known_contacts.size :], minlength=n_categories)
    n_known = int(known_contacts.size)
    sum_of_squares = int(np.sum(counts * counts))
    before = best = _blau_from_counts(n_known, sum_of_squares)
    for m in range(1, min(k, int(known_pool.size)) + 1):
        # The cheapest next unit: the open category with the smallest count.
        c = int(np.argmin(np.where(available > 0, counts, np.iinfo(np.int64).max)))
        sum_of_squares += 2 * int(counts[c]) + 1
        counts[c] += 1
        available[c] -= 1
        best = max(best, _blau_from_counts(n_known + m, sum_of_squares))
    return best - before


def blau_gain_bound(contacts: NDArray[np.int64], pool: NDArray[np.int64], k: int = 5) -> float:
    r"""Upper bound on the mean Blau gain any choice of at most ``k`` pool members reaches.

    ``contacts`` and ``pool`` are ``(n_people, n_attributes)`` integer codes of
    ego's contacts and of the candidates, ``-1`` for an unknown value.  The gain
    is :func:`mean_blau` of contacts + picks minus that of the contacts alone:
    the mean over attributes of Blau's index :math:`1 - \sum_c p_c^2` over the
    known values, 0 where none is known.

    Relaxation: letting each attribute choose its own picks can only raise
    each term, so the mean of the per-attribute optima bounds the joint
    optimum.  For one attribute with contact counts :math:`n_c` (:math:`N =
    \sum n_c`) and :math:`a_c` candidates of known value :math:`c`, taking
    :math:`x_c \le a_c` of them (:math:`m = \sum x_c \le k`) gives Blau
    :math:`1 - \sum_c (n_c + x_c)^2 / (N + m)^2`.  For fixed :math:`m` the
    numerator is separable and convex in :math:`x` (marginal cost
    :math:`2(n_c + x_c) + 1` rises with each unit), so adding units one at a
    time to the open category with the smallest count is exact.  The maximum
    over :math:`m = 0, \dots, \min(k, \sum a_c)` is that attribute's optimum;
    ``m < k`` covers picks whose value is unknown, so for a single attribute the
    bound is attained.

    Examples
    --------
    Two contacts in category 0; candidates in categories 0, 1 and 2 (and one
    unknown).  Best is one pick each from 1 and 2: Blau 1 - (4 + 1 + 1) / 16.

    >>> contacts = np.array([[0], [0]])
    >>> pool = np.array([[0], [1], [2], [-1]])
    >>> blau_gain_bound(contacts, pool, k=5)
    0.625
    """
    contacts = np.asarray(contacts, dtype=np.int64)
    pool = np.asarray(pool, dtype=np.int64)
    if contacts.ndim != 2 or pool.ndim != 2 or contacts.shape[1] != pool.shape[1]:
        raise ValueError(
            "expected contacts and pool as (people, attributes) arrays with as many "
            f"attributes, got shapes {contacts.shape} and {pool.shape}"
        )
    if k < 0:
        raise ValueError(f"k must be at least 0, got {k!r}")
    if contacts.shape[1] == 0:
        return 0.0
    gains = [_best_blau_gain(contacts[:, j], pool[:, j], k) for j in range(contacts.shape[1])]
    return float(np.mean(gains))


def _mean_blau_of_codes(codes: NDArray[np.int64]) -> float:
    blaus = []
    for column in codes.T:
        counts = np.unique(column[column >= 0], return_counts=True)[1]
        blaus.append(_blau_from_counts(int(counts.sum()), int(np.sum(counts * counts))))
    return float(np.mean(blaus)) if blaus else 0.0


def best_blau_gain(contacts: NDArray[np.int64], pool: NDArray[np.int64], k: int = 5) -> float:
    """The best mean Blau gain over every set of at most ``k`` pool members, by brute force.

    Same codes and gain as :func:`blau_gain_bound`, but the joint optimum, not a
    relaxation; it tries all subsets, so it is for small pools only.
    """
    before = _mean_blau_of_codes(contacts)
    best = 0.0
    for size in range(1, min(k, len(pool)) + 1):
        for picks in itertools.combinations(range(len(pool)), size):
            after = _mean_blau_of_codes(np.vstack([contacts, pool[list(picks)]]))
            best = max(best, after - before)
    return best


def attribute_codes(
    G: nx.Graph, people: Sequence[Hashable], attributes: Sequence[str]
) -> NDArray[np.int64]:
    """``(len(people), len(attributes))`` integer codes of the attribute values, -1 unknown."""
    index: dict[object, int] = {}
    codes = np.full((len(people), len(attributes)), -1, dtype=np.int64)
    for i, person in enumerate(people):
        data = G.nodes[person]
        for j, attribute in enumerate(attributes):
            value = data.get(attribute)
            if is_known(value):
                codes[i, j] = index.setdefault(value, len(index))
    return codes


# ---------------------------------------------------------------- joint limits


def pick_gains(
    G: nx.Graph,
    ego: Hashable,
    pool: Sequence[Hashable],
    attributes: Sequence[str],
    k: int = 5,
    *,
    fewer: bool = False,
) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64]]:
    """Every choice of ``min(k, len(pool))`` pool members with its dBlau and dES.

    With ``fewer``, every choice of at most that many, none included (the rule
    of :func:`best_blau_gain`).  Returns ``(chosen, blau_gain, es_gain)``:
    row ``r`` of the boolean ``chosen`` marks the pool members of one choice
    (by size, then ``itertools.combinations`` order), and the gains are those
    the benchmark measures, :func:`mean_blau` and :func:`effective_size_after`
    after minus before, computed from counts.  For an undirected unweighted
    graph networkx's effective size is Borgatti's :math:`n - 2t/n` over ego's
    ``n`` contacts with ``t`` ties among them; it is evaluated here with the
    same integer counts and float operations, so dES is bit for bit
    networkx's, and dBlau agrees to rounding.
    """
    contacts = list(G[ego])
    n0, largest = len(contacts), min(k, len(pool))
    chosen = np.zeros((0, len(pool)), dtype=bool)
    for size in range(0 if fewer else largest, largest + 1):
        rows = np.array(list(itertools.combinations(range(len(pool)), size)), dtype=np.int64)
        block = np.zeros((len(rows), len(pool)), dtype=bool)
        block[np.repeat(np.arange(len(rows)), size), rows.ravel()] = True
        chosen = np.vstack([chosen, block])
    members = chosen.astype(np.int64)
    codes = attribute_codes(G, contacts + list(pool), attributes)
    blau_gain = np.zeros(len(chosen))
    for column in codes.T:
        onehot = np.zeros((len(column), int(column.max()) + 1), dtype=np.int64)
        known = column >= 0
        onehot[np.flatnonzero(known), column[known]] = 1
        before = onehot[:n0].sum(axis=0, keepdims=True)
        blau_gain += _blau_of_counts(before + members @ onehot[n0:]) - _blau_of_counts(before)
    blau_gain /= max(len(attributes), 1)
    # Ties among contacts and picks, self-loops included as networkx's ego_graph keeps them.
    ties = np.triu(nx.to_numpy_array(G, nodelist=contacts + list(pool), weight=None)).astype(
        np.int64
    )
    t0 = int(ties[:n0, :n0].sum())
    to_contacts = ties[:n0, n0:].sum(axis=0)
    within_pool = ties[n0:, n0:]
    t = t0 + members @ to_contacts + np.einsum("ri,ij,rj->r", members, within_pool, members)
    n = n0 + members.sum(axis=1)
    es_before = n0 - (2 * t0) / n0 if n0 else 0.0
    es_gain = np.where(n > 0, n - (2 * t) / np.maximum(n, 1), 0.0) - es_before
    return chosen, blau_gain, es_gain


def _blau_of_counts(counts: NDArray[np.int64]) -> NDArray[np.float64]:
    """Blau's index per row of category counts; 0 for a row with no known value."""
    n = counts.sum(axis=1)
    shares = counts / np.maximum(n, 1)[:, None]
    return np.where(n > 0, 1.0 - np.sum(shares * shares, axis=1), 0.0)


def pareto_front(blau: NDArray[np.float64], es: NDArray[np.float64]) -> NDArray[np.int64]:
    """Indices of the choices no other beats on both gains, by falling dBlau (rising dES)."""
    order = np.lexsort((-es, -blau))
    front = []
    best_es = -math.inf
    for i in order:
        if es[i] > best_es:
            front.append(int(i))
            best_es = float(es[i])
    return np.array(front, dtype=np.int64)


def lagrangian_certificate(
    fronts: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]],
    blau_target: float,
    es_target: float,
) -> tuple[float, float, float]:
    r"""The multiplier that best rules out mean dBlau and mean dES both reaching their targets.

    Weak duality: if a choice :math:`S_e` per ego meets both, then for every
    :math:`\lambda \ge 0`, :math:`\mathrm{mean}_e \max_S [\Delta B(S) + \lambda
    \Delta E(S)] \ge B^* + \lambda E^*`.  So a :math:`\lambda` with the left
    side below the right side certifies that no choice meets both.  The left
    side minus the right is convex and piecewise linear in :math:`\lambda`,
    with kinks only where some ego's best choice changes, i.e. at slopes
    between two points of its Pareto front; all of them, 0 and a geometric
    grid are tried, so the best finite :math:`\lambda` is found exactly.
    When none certifies but each ego's best dES averages below
    :math:`E^*`, ``lambda = inf`` is returned with that mean and
    :math:`E^*`.  ``fronts`` holds each ego's Pareto-optimal (dBlau, dES)
    gains.  Returns ``(lambda, left side, right side)`` at the largest margin
    right minus left.
    """
    kinks = [0.0, *np.geomspace(1e-4, 1e4, 81)]
    for blau, es in fronts:
        first, second = np.triu_indices(len(blau), 1)
        # Fronts fall in dBlau and rise in dES, so every slope is positive.
        kinks.extend((blau[first] - blau[second]) / (es[second] - es[first]))
    lambdas = np.unique(np.asarray(kinks))
    lhs = np.mean(
        [np.max(b[:, None] + lambdas[None, :] * e[:, None], axis=0) for b, e in fronts], 0
    )
    rhs = blau_target + lambdas * es_target
    i = int(np.argmax(rhs - lhs))
    es_only = float(np.mean([e.max() for _, e in fronts]))
    if rhs[i] <= lhs[i] and es_only < es_target:
        return math.inf, es_only, es_target
    return float(lambdas[i]), float(lhs[i]), float(rhs[i])


def pareto_sum(
    fronts: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Pareto front of the summed gains over one choice per ego, exactly.

    Returns ``(blau_sum, es_sum, choices)``; row ``r`` of ``choices`` gives,
    per ego, the index into its front that together reach point ``r``.  Adds
    one ego at a time and drops dominated sums, which cannot become
    non-dominated later (the same choices for the other egos keep them beaten).
    """
    blau, es = np.zeros(1), np.zeros(1)
    choices = np.zeros((1, 0), dtype=np.int64)
    for b, e in fronts:
        blau = (blau[:, None] + b[None, :]).ravel()
        es = (es[:, None] + e[None, :]).ravel()
        choices = np.hstack(
            [np.repeat(choices, len(b), axis=0), np.tile(np.arange(len(b)), len(choices))[:, None]]
        )
        keep = pareto_front(blau, es)
        blau, es, choices = blau[keep], es[keep], choices[keep]
    return blau, es, choices


class JointDecision(NamedTuple):
    """Whether one choice per ego meets a mean dBlau and a mean dES target together.

    ``certified``: the Lagrangian bound rules it out (``lhs < rhs`` at
    ``lam``).  ``feasible``: the exact search found a choice meeting both;
    then ``selection`` (per ego, an index into its front) is the one whose
    worse ratio to its target is largest and ``blau``/``es`` are its means.
    ``es_at_blau_target``: the largest mean dES of a choice with mean dBlau
    at least its target (NaN if none has); ``blau_at_es_target`` the other
    way round.  ``n_front``: points on the exact Pareto front of the means.
    """

    certified: bool
    lam: float
    lhs: float
    rhs: float
    feasible: bool
    selection: tuple[int, ...] | None
    blau: float
    es: float
    es_at_blau_target: float
    blau_at_es_target: float
    n_front: int


def joint_decision(
    fronts: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]],
    blau_target: float,
    es_target: float,
) -> JointDecision:
    """Decide, exactly, whether one choice per ego meets both mean targets.

    ``fronts`` holds each ego's Pareto-optimal (dBlau, dES) gains (choices off
    the front never help).  The Lagrangian certificate is tried first; the
    exact Pareto front of the means (:func:`pareto_sum`) then settles what it
    leaves open, as weak duality can leave a gap with discrete choices.
    """
    lam, lhs, rhs = lagrangian_certificate(fronts, blau_target, es_target)
    blau_sum, es_sum, choices = pareto_sum(fronts)
    blau_mean, es_mean = blau_sum / len(fronts), es_sum / len(fronts)
    reach, es_reach = blau_mean >= blau_target, es_mean >= es_target
    feasible = reach & es_reach
    row = None
    if feasible.any():
        worse = np.minimum(blau_mean / blau_target, es_mean / es_target)
        row = int(np.flatnonzero(feasible)[np.argmax(worse[feasible])])
    return JointDecision(
        certified=lhs < rhs,
        lam=lam,
        lhs=lhs,
        rhs=rhs,
        feasible=row is not None,
        selection=None if row is None else tuple(int(i) for i in choices[row]),
        blau=math.nan if row is None else float(blau_mean[row]),
        es=math.nan if row is None else float(es_mean[row]),
        es_at_blau_target=float(es_mean[reach].max()) if reach.any() else math.nan,
        blau_at_es_target=float(blau_mean[es_reach].max()) if es_reach.any() else math.nan,
        n_front=len(blau_sum),
    )
