"""Drive the compiled tabu search in chunks: clock, iteration budget, progress.

The kernel cannot read a clock, so it runs a chunk of iterations at a time and
returns; between chunks this module checks the time and iteration limits and
calls the progress callback.  Chunks grow or shrink to last about 50 ms, so the
time limit is kept to within that, and the iterations themselves do not depend
on the chunking (the whole search state lives in arrays).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from salon.seating import tabu

_CHUNK_SECONDS = 0.05


@dataclass(frozen=True)
class Progress:
    """What a progress callback receives after each chunk of iterations.

    ``best_objective`` is the best value found so far for the problem being
    solved (for a multi-round seating, for the round being improved plus the
    other rounds as they stand).  Return ``True`` from the callback to stop.
    """

    iterations: int
    elapsed: float
    best_objective: float
    violations: int


ProgressCallback = Callable[[Progress], bool | None]


class Clock:
    """Shared time and iteration budget of one solve."""

    def __init__(self, time_limit: float | None, max_iterations: int | None) -> None:
        self.start = time.perf_counter()
        self.time_limit = time_limit
        self.max_iterations = max_iterations
        self.iterations = 0
        self.stopped_by_callback = False

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def remaining_iterations(self) -> int | None:
        if self.max_iterations is None:
            return None
        return max(0, self.max_iterations - self.iterations)

    def exhausted(self) -> bool:
        if self.stopped_by_callback:
            return True
        if self.max_iterations is not None and self.iterations >= self.max_iterations:
            return True
        return self.time_limit is not None and self.elapsed >= self.time_limit

    def stop_reason(self) -> str:
        if self.stopped_by_callback:
            return "stopped by the progress callback"
        if self.max_iterations is not None and self.iterations >= self.max_iterations:
            return f"iteration limit reached ({self.max_iterations})"
        if self.time_limit is not None and self.elapsed >= self.time_limit:
            return f"time limit reached ({self.time_limit:g} s)"
        return "nothing left to move: pins, table sizes and groups decide every seat"


def default_params(n_units: int) -> NDArray[np.int64]:
    """Tabu tenure, restart patience, perturbation strength and pool for ``n_units``.

    A random tenure in n/20 … 3n/20 and a restart after 8n iterations without a
    new best of the run (the magnitudes of Palubeckis et al. 2015); a
    perturbation of n/20 random moves; a run ends after 8 fruitless restarts;
    a pool of the 8 best run results, crossed once 4 runs from random seatings
    have started it.  The last four were chosen on six MDGPLIB n = 240
    instances (RanReal and RanInt, ss and ds) at 300 000 iterations, five seeds
    each: mean gap to the best known 0.218 % against 0.264 % for the former
    3n/10 moves, 20 restarts and random seatings only.  Neither change helps
    alone: n/20 moves with random seatings 0.263 % (two seeds), the pool with
    3n/10 moves 0.264 % (four seeds).  A pool of 4 or 16, runs of 12 restarts,
    n/33 moves or restarts after 4n iterations did no better (two seeds each).
    A single run varies by about 0.1 %, a six-instance mean by about 0.03 %.
    """
    params = np.zeros(7, dtype=np.int64)
    params[tabu.TENURE_MIN] = max(2, n_units // 20)
    params[tabu.TENURE_SPAN] = max(2, n_units // 10)
    params[tabu.STALL_LIMIT] = max(200, 8 * n_units)
    params[tabu.PERTURBATION] = max(2, n_units // 20)
    params[tabu.FRESH_AFTER] = 8
    params[tabu.POOL_SIZE] = 8
    params[tabu.RANDOM_RUNS] = 4
    return params


@dataclass
class TabuState:
    """One tabu search over a grouping problem: the problem and the search's arrays."""

    grouping: tabu.Grouping
    search: tabu.Search

    @classmethod
    def start(
        cls,
        W: NDArray[np.float64],
        A: NDArray[np.int64],
        usize: NDArray[np.int64],
        lo: NDArray[np.int64],
        hi: NDArray[np.int64],
        movable: NDArray[np.bool_],
        assign: NDArray[np.int64],
        rng: NDArray[np.uint64],
    ) -> TabuState:
        nu, m = W.shape[0], lo.shape[0]
        params = default_params(nu)
        n_pool = int(params[tabu.POOL_SIZE])
        grouping = tabu.Grouping(
            W=np.ascontiguousarray(W, dtype=np.float64),
            A=np.ascontiguousarray(A, dtype=np.int64),
            usize=np.ascontiguousarray(usize, dtype=np.int64),
            lo=np.ascontiguousarray(lo, dtype=np.int64),
            hi=np.ascontiguousarray(hi, dtype=np.int64),
            movable=np.ascontiguousarray(movable, dtype=np.bool_),
        )
        search = tabu.Search(
            assign=np.array(assign, dtype=np.int64),
            best_assign=np.array(assign, dtype=np.int64),
            elite=np.array(assign, dtype=np.int64),
            pool=np.zeros((n_pool, nu), dtype=np.int64),
            pool_v=np.zeros(n_pool, dtype=np.int64),
            pool_f=np.zeros(n_pool),
            S=np.zeros((nu, m)),
            C=np.zeros((nu, m), dtype=np.int64),
            size=np.zeros(m, dtype=np.int64),
            tabu=np.zeros((nu, m), dtype=np.int64),
            istate=np.zeros(9, dtype=np.int64),
            fstate=np.zeros(3),
            params=params,
            rng=rng,
        )
        tabu.rebuild(
            grouping.W, grouping.A, grouping.usize, search.assign, search.S, search.C,
            search.size, search.istate, search.fstate,
        )  # fmt: skip
        for slot in (tabu.BEST_VIOLATIONS, tabu.ELITE_VIOLATIONS):
            search.istate[slot] = search.istate[tabu.VIOLATIONS]
        for slot in (tabu.BEST_OBJECTIVE, tabu.ELITE_OBJECTIVE):
            search.fstate[slot] = search.fstate[tabu.OBJECTIVE]
        return cls(grouping, search)

    @property
    def best_assign(self) -> NDArray[np.int64]:
        return self.search.best_assign

    @property
    def best_objective(self) -> float:
        return float(self.search.fstate[tabu.BEST_OBJECTIVE])

    @property
    def best_violations(self) -> int:
        return int(self.search.istate[tabu.BEST_VIOLATIONS])

    def step(self, n_iterations: int) -> None:
        tabu.tabu_search(self.grouping, self.search, n_iterations)


def run(
    state: TabuState,
    clock: Clock,
    *,
    budget: int | None = None,
    deadline: float | None = None,
    progress: ProgressCallback | None = None,
    offset: float = 0.0,
    stop_when_feasible: bool = False,
) -> None:
    """Search until the clock runs out, ``budget`` iterations are spent or
    ``clock.elapsed`` passes ``deadline``.

    ``offset`` is added to the objective reported to ``progress`` (the part of
    a multi-round objective that this search does not move).
    """
    chunk = 16
    spent = 0
    if not state.grouping.movable.any() or state.grouping.lo.shape[0] < 2:
        return  # nothing can move: the seating is already decided
    while not clock.exhausted() and (budget is None or spent < budget):
        if deadline is not None and clock.elapsed >= deadline:
            break
        if stop_when_feasible and state.best_violations == 0:
            break
        n = chunk
        left = clock.remaining_iterations()
        if left is not None:
            n = min(n, left)
        if budget is not None:
            n = min(n, budget - spent)
        started = time.perf_counter()
        state.step(n)
        took = time.perf_counter() - started
        spent += n
        clock.iterations += n
        if took < _CHUNK_SECONDS / 2:
            chunk *= 2
        elif took > 2 * _CHUNK_SECONDS and chunk > 1:
            chunk //= 2
        if progress is not None:
            report = Progress(
                iterations=clock.iterations,
                elapsed=clock.elapsed,
                best_objective=state.best_objective + offset,
                violations=state.best_violations,
            )
            if progress(report):
                clock.stopped_by_callback = True


@functools.cache
def warm_up() -> None:
    """Compile (or load from the on-disk cache) the kernels before any clock starts."""
    W = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [2.0, 3.0, 0.0]])
    state = TabuState.start(
        W,
        np.zeros((3, 3), dtype=np.int64),
        np.ones(3, dtype=np.int64),
        np.array([1, 1]),
        np.array([2, 2]),
        np.ones(3, dtype=np.bool_),
        np.array([0, 0, 1]),
        np.array([1], dtype=np.uint64),
    )
    state.step(2)
