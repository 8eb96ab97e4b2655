"""The exact limits in benchmarks/recommend_limits.py: the diversity bound and joint decisions."""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterator

import networkx as nx
import numpy as np
import pytest
from numpy.typing import NDArray
from tests.benchmark_code import load_benchmark

from salon.recommend.baselines import diversity_greedy_picks, second_degree_pool

limits = load_benchmark("recommend_limits")

# Category labels per attribute; None is an unknown value (not a category).
CATEGORIES = {
    "dept": ["sales", "r&d", "ops", None],
    "level": [1, 2, None],
    "city": ["Lyon", "Oslo", "Pune", "Lima", None],
}


def _attributed_graph(seed: int, attributes: list[str]) -> nx.Graph:
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(13, 0.28, seed=seed)
    for node in G:
        for attribute in attributes:
            values = CATEGORIES[attribute]
            # Skewed shares, so contacts often repeat a category and picks matter.
            shares = rng.dirichlet(np.ones(len(values)) * 0.7)
            G.nodes[node][attribute] = values[rng.choice(len(values), p=shares)]
    return G


def _egos_with_small_pools(attributes: list[str]) -> Iterator[tuple[nx.Graph, Hashable]]:
    for seed in range(12):
        G = _attributed_graph(seed, attributes)
        for ego in G:
            if G.degree(ego) and 0 < len(second_degree_pool(G, ego)) <= 10:
                yield G, ego


def _codes(
    G: nx.Graph, ego: Hashable, attributes: list[str]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    contacts = list(G[ego])
    codes = limits.attribute_codes(G, contacts + second_degree_pool(G, ego), attributes)
    return codes[: len(contacts)], codes[len(contacts) :]


def _bound(G: nx.Graph, ego: Hashable, attributes: list[str]) -> float:
    return float(limits.blau_gain_bound(*_codes(G, ego, attributes), 5))


def _gain(G: nx.Graph, ego: Hashable, picks: tuple[Hashable, ...], attributes: list[str]) -> float:
    contacts = list(G[ego])
    return float(
        limits.mean_blau(G, contacts + list(picks), attributes)
        - limits.mean_blau(G, contacts, attributes)
    )


def _brute_force_best(G: nx.Graph, ego: Hashable, attributes: list[str]) -> float:
    pool = second_degree_pool(G, ego)
    return max(
        _gain(G, ego, picks, attributes)
        for size in range(min(5, len(pool)) + 1)
        for picks in itertools.combinations(pool, size)
    )


def test_bound_is_at_least_the_best_subset_and_the_greedy_with_three_attributes() -> None:
    attributes = ["dept", "level", "city"]
    n_egos = n_strict = 0
    for G, ego in _egos_with_small_pools(attributes):
        bound = _bound(G, ego, attributes)
        best = _brute_force_best(G, ego, attributes)
        greedy = diversity_greedy_picks(
            G, ego, 5, attributes, candidates=second_degree_pool(G, ego), seed=0
        )
        assert bound >= best - 1e-12, (ego, bound, best)
        # The benchmark's own brute force on codes agrees with mean_blau on the graph.
        assert limits.best_blau_gain(*_codes(G, ego, attributes), 5) == pytest.approx(
            best, abs=1e-12
        )
        assert best >= _gain(G, ego, tuple(greedy), attributes) - 1e-12
        n_egos += 1
        n_strict += bound > best + 1e-9
    assert n_egos >= 100
    # The relaxation is not tight in general: some ego needs different picks per attribute.
    assert n_strict > 0


def test_bound_equals_the_best_subset_with_a_single_attribute() -> None:
    for attribute in CATEGORIES:
        n_egos = 0
        for G, ego in _egos_with_small_pools([attribute]):
            assert _bound(G, ego, [attribute]) == pytest.approx(
                _brute_force_best(G, ego, [attribute]), abs=1e-12
            )
            n_egos += 1
        assert n_egos >= 100


def test_bound_on_hand_computed_cases() -> None:
    # Contacts a, a, b (Blau 1 - 5/9); pool a, b, c, c, d and one unknown.  Filling
    # the smallest open count: c, d (m = 2, 1 - 7/25), then b, c (m = 4,
    # a2 b2 c2 d1, 1 - 13/49), then a (m = 5, 1 - 18/64).  The best is m = 4.
    contacts = np.array([[0], [0], [1]])
    pool = np.array([[0], [1], [2], [2], [3], [-1]])
    before = 1 - 5 / 9
    assert limits.blau_gain_bound(contacts, pool, 5) == pytest.approx(1 - 13 / 49 - before)
    # Contacts of unknown value count 0 before; a, b, c, d give 3/4 and a
    # fifth pick (a second c) only 1 - 7/25; with k = 2 the best is 1/2.
    unknown = np.full((2, 1), -1)
    assert limits.blau_gain_bound(unknown, pool, 5) == pytest.approx(3 / 4)
    assert limits.blau_gain_bound(unknown, pool, 2) == pytest.approx(1 / 2)
    # Two attributes: the mean of the two optima.
    both = limits.blau_gain_bound(np.hstack([contacts, contacts]), np.hstack([pool, pool]), 5)
    assert both == pytest.approx(1 - 13 / 49 - before)
    # Nothing to pick: no gain.
    assert limits.blau_gain_bound(contacts, np.empty((0, 1), dtype=np.int64), 5) == 0.0


def test_bound_rejects_mismatched_shapes_and_negative_k() -> None:
    with pytest.raises(ValueError, match=r"got shapes \(3, 2\) and \(4, 1\)"):
        limits.blau_gain_bound(np.zeros((3, 2)), np.zeros((4, 1)), 5)
    with pytest.raises(ValueError, match="k must be at least 0, got -1"):
        limits.blau_gain_bound(np.zeros((3, 1)), np.zeros((4, 1)), -1)


# ------------------------------------------------ both diversity targets at once


def _egos_with_pools_of_at_most_six(seed: int) -> tuple[nx.Graph, list[Hashable]]:
    attributes = ["dept", "city"]
    G = _attributed_graph(seed, attributes)
    egos = [e for e in G if G.degree(e) and 0 < len(second_degree_pool(G, e)) <= 6]
    return G, egos[:3]


def test_pick_gains_equal_networkx_for_every_choice() -> None:
    attributes = ["dept", "city"]
    n_choices = 0
    for seed in range(8):
        G, egos = _egos_with_pools_of_at_most_six(seed)
        for ego in egos:
            pool = second_degree_pool(G, ego)
            for fewer in (False, True):
                chosen, blau, es = limits.pick_gains(G, ego, pool, attributes, 3, fewer=fewer)
                sizes = {int(n) for n in chosen.sum(axis=1)}
                assert sizes == (
                    set(range(min(3, len(pool)) + 1)) if fewer else {min(3, len(pool))}
                )
                for row in range(len(chosen)):
                    picks = [p for p, c in zip(pool, chosen[row], strict=True) if c]
                    es_after = limits.effective_size_after(G, ego, picks)
                    es_nx = es_after - limits.effective_size_after(G, ego, [])
                    assert es[row] == es_nx
                    assert blau[row] == pytest.approx(_gain(G, ego, tuple(picks), attributes))
                    n_choices += 1
    assert n_choices > 300


def test_certificate_is_never_issued_when_a_brute_force_joint_search_meets_both() -> None:
    attributes = ["dept", "city"]
    n_feasible = n_certified = 0
    for seed in range(12):
        G, egos = _egos_with_pools_of_at_most_six(seed)
        if len(egos) < 3:
            continue
        for k, fewer in ((3, False), (2, True)):
            gains = [
                limits.pick_gains(G, e, second_degree_pool(G, e), attributes, k, fewer=fewer)[1:]
                for e in egos
            ]
            # Every selection of one choice per ego, as means over the 3 egos.
            (b1, e1), (b2, e2), (b3, e3) = gains
            blau = ((b1[:, None, None] + b2[None, :, None]) + b3[None, None, :]).ravel() / 3
            es = ((e1[:, None, None] + e2[None, :, None]) + e3[None, None, :]).ravel() / 3
            fronts = []
            for b, e in gains:
                front = limits.pareto_front(b, e)
                fronts.append((b[front], e[front]))
            for q_blau, q_es in itertools.product((0.4, 0.7, 0.9, 0.97), repeat=2):
                blau_target, es_target = q_blau * blau.max(), q_es * es.max()
                meets = (blau >= blau_target) & (es >= es_target)
                d = limits.joint_decision(fronts, blau_target, es_target)
                assert not (d.certified and meets.any())
                assert d.feasible == meets.any()
                if d.feasible:
                    assert d.selection is not None
                    assert d.blau == pytest.approx(
                        np.mean([b[i] for (b, _), i in zip(fronts, d.selection, strict=True)])
                    )
                    assert d.blau >= blau_target
                    assert d.es >= es_target
                    assert d.es_at_blau_target == pytest.approx(es[blau >= blau_target].max())
                n_feasible += bool(meets.any())
                n_certified += d.certified
    # Both answers occur often: 302 and 65 of the 384 cases when written.
    assert n_feasible > 150
    assert n_certified > 30


def test_certificate_on_constructed_cases() -> None:
    # Each of two egos gains 0.3 in Blau or 3 in effective size, never both:
    # a mean dBlau >= 0.2 needs both on Blau, leaving dES 0 < 2.  With lambda
    # = 0.1 each ego's best dBlau + lambda dES is 0.3 < 0.2 + 0.1 * 2.
    either = (np.array([0.3, 0.0]), np.array([0.0, 3.0]))
    d = limits.joint_decision([either, either], 0.2, 2.0)
    assert d.certified
    assert not d.feasible
    assert (d.lam, d.lhs, d.rhs) == pytest.approx((0.1, 0.3, 0.4))
    # No choice reaches the dES target at all: a large lambda certifies it ...
    d = limits.joint_decision([(np.array([1.0]), np.array([0.5]))], 0.1, 1.0)
    assert d.certified
    assert d.lhs == pytest.approx(1.0 + 0.5 * d.lam)
    assert d.rhs == pytest.approx(0.1 + d.lam)
    # ... and when it falls short by too little for any finite one tried, dES alone.
    d = limits.joint_decision([(np.array([1.0]), np.array([1.0 - 1e-6]))], 0.1, 1.0)
    assert d.certified
    assert math.isinf(d.lam)
    assert (d.lhs, d.rhs) == (1.0 - 1e-6, 1.0)
    # One ego, half of each target: the averaged bound cannot rule it out (the
    # mix of both choices would do), but no single choice meets both.
    unit = (np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    d = limits.joint_decision([unit], 0.5, 0.5)
    assert not d.certified
    assert not d.feasible
    assert d.es_at_blau_target == 0.0
    # Two such egos can split: one on each gain meets both.
    d = limits.joint_decision([unit, unit], 0.5, 0.5)
    assert d.feasible
    assert not d.certified
    assert sorted(d.selection or ()) == [0, 1]
    assert (d.blau, d.es) == (0.5, 0.5)
