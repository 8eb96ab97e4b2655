"""The group crossover and the pool of the tabu search: feasible children, constraints kept."""

from __future__ import annotations

import numpy as np
import pytest

from salon.seating import runner, tabu
from salon.seating._jit import random_state
from salon.seating.initial import initial_assignment


def _random_weights(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.uniform(0.0, 1.0, size=(n, n))
    w = np.triu(x, 1)
    return w + w.T


def _parents(
    rng: np.random.Generator,
    usize: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    fixed: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    no_apart = np.zeros((usize.shape[0], usize.shape[0]), dtype=np.int64)
    a = initial_assignment(usize, lo, hi, fixed, no_apart, rng)
    b = initial_assignment(usize, lo, hi, fixed, no_apart, rng)
    return a, b


def _table_sets(assign: np.ndarray, m: int) -> list[frozenset[int]]:
    return [frozenset(np.flatnonzero(assign == t).tolist()) for t in range(m)]


@pytest.mark.parametrize("seed", range(5))
def test_child_meets_unequal_bounds_and_inherits_a_whole_table_of_each_parent(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, lo, hi = 40, np.array([3, 5, 6, 8, 2]), np.array([6, 9, 10, 12, 7])
    usize = np.ones(n, dtype=np.int64)
    W = _random_weights(rng, n)
    a, b = _parents(rng, usize, lo, hi, np.full(n, -1))
    child = np.empty(n, dtype=np.int64)
    movable = np.ones(n, dtype=np.bool_)
    assert tabu._crossover(W, usize, lo, hi, movable, a, b, child, random_state(rng))
    sizes = np.bincount(child, minlength=lo.shape[0])
    assert np.all((lo <= sizes) & (sizes <= hi))
    # The first table handed down arrives whole (nothing is seated before it).
    child_tables = set(_table_sets(child, lo.shape[0]))
    assert child_tables & (set(_table_sets(a, lo.shape[0])) | set(_table_sets(b, lo.shape[0])))


def test_child_of_two_equal_parents_is_that_parent() -> None:
    rng = np.random.default_rng(3)
    n, lo, hi = 30, np.full(5, 6), np.full(5, 6)
    usize = np.ones(n, dtype=np.int64)
    a, _ = _parents(rng, usize, lo, hi, np.full(n, -1))
    child = np.empty(n, dtype=np.int64)
    W = _random_weights(rng, n)
    movable = np.ones(n, dtype=np.bool_)
    assert tabu._crossover(W, usize, lo, hi, movable, a, a, child, random_state(rng))
    assert sorted(_table_sets(child, 5), key=min) == sorted(_table_sets(a, 5), key=min)


@pytest.mark.parametrize("seed", range(5))
def test_child_keeps_pins_and_keep_together_units(seed: int) -> None:
    rng = np.random.default_rng(10 + seed)
    usize = np.array([3, 2, 2] + [1] * 25, dtype=np.int64)
    nu = usize.shape[0]
    lo, hi = np.array([5, 6, 4, 7]), np.array([9, 9, 8, 10])
    fixed = np.full(nu, -1)
    fixed[[0, 5, 6]] = [2, 0, 0]
    a, b = _parents(rng, usize, lo, hi, fixed)
    child = np.empty(nu, dtype=np.int64)
    W = _random_weights(rng, nu)
    assert tabu._crossover(W, usize, lo, hi, fixed < 0, a, b, child, random_state(rng))
    pinned = fixed >= 0
    assert np.array_equal(child[pinned], fixed[pinned])
    sizes = np.bincount(child, weights=usize, minlength=lo.shape[0])
    assert np.all((lo <= sizes) & (sizes <= hi))


def test_search_runs_crossovers_and_keeps_every_constraint() -> None:
    """A long search on a small problem goes through many pooled runs."""
    rng = np.random.default_rng(5)
    usize = np.array([2, 3] + [1] * 23, dtype=np.int64)
    nu = usize.shape[0]
    lo, hi = np.array([5, 5, 6, 4]), np.array([8, 7, 9, 8])
    fixed = np.full(nu, -1)
    fixed[2] = 1
    A = np.zeros((nu, nu), dtype=np.int64)
    for u, v in [(0, 1), (3, 4), (5, 6), (3, 7)]:
        A[u, v] = A[v, u] = 1
    W = _random_weights(rng, nu) * np.outer(usize, usize)
    start = initial_assignment(usize, lo, hi, fixed, A, rng)
    state = runner.TabuState.start(W, A, usize, lo, hi, fixed < 0, start, random_state(rng))
    state.step(60_000)
    runs, random_runs = state.search.istate[tabu.RUNS], state.search.params[tabu.RANDOM_RUNS]
    assert runs > random_runs + 2  # crossovers ran
    assert state.search.istate[tabu.POOL_COUNT] >= 2
    best = state.best_assign
    assert best[2] == 1
    sizes = np.bincount(best, weights=usize, minlength=4)
    assert np.all((lo <= sizes) & (sizes <= hi))
    assert state.best_violations == 0
    assert all(best[u] != best[v] for u, v in np.argwhere(A > 0))
    same = best[:, None] == best[None, :]
    assert state.best_objective == pytest.approx(0.5 * float((W * same).sum()), rel=1e-12)
