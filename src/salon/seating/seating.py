"""Seat a meetup over one or several rounds so every table mixes backgrounds.

The objective, for seatings x_1 … x_R (x_r[i] = table of person i in round r):

    F = Σ_r Σ_{i<j, x_r[i] = x_r[j]} (d_ij − λ·h_ij − λ·[i, j met in an earlier round])

d is the pairwise diversity, h the (already decayed) encounter history and λ
the repeat penalty.  Each round is a Maximally Diverse Grouping Problem; with
d = 0 the rounds together are a Social Golfer Problem.

The rounds are improved one at a time (block coordinate ascent): with the
other rounds fixed, the earlier-round term of a pair is exactly
``λ·[i, j share a table in another round]`` — a pair that sits together k
times pays λ·(k − 1) whichever rounds those are — so each round is an MDGP
with weights ``d − λ·h − λ·[met in another round]`` solved by the iterated
tabu search of :mod:`salon.seating.tabu`, and F never decreases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from salon.errors import InfeasibleError, InputError
from salon.seating import runner
from salon.seating._jit import random_state
from salon.seating.initial import initial_assignment
from salon.seating.problem import Pin, SeatingProblem, seating_problem

# Iterations one round gets before the next round's turn, per unit seated.
_ROUND_TURN_PER_UNIT = 40
# Extra iterations granted past the limits to remove keep-apart violations.
_REPAIR_ITERATIONS = 20_000


@dataclass(frozen=True)
class Seating:
    """The best seating found.

    Attributes
    ----------
    tables : ndarray of int, shape (rounds, n)
        ``tables[r, i]`` is the table of person i in round r.
    objective : float
        F for this seating, tracked incrementally by the search.
    iterations : int
        Tabu iterations over all rounds.
    elapsed : float
        Seconds spent.
    message : str
        Why the search stopped.
    """

    tables: NDArray[np.int64] = field(repr=False)
    objective: float
    iterations: int
    elapsed: float
    message: str

    def members(self, round_index: int = 0) -> list[list[int]]:
        """The people at each table in one round."""
        n_tables = int(self.tables.max()) + 1 if self.tables.size else 0
        return [np.flatnonzero(self.tables[round_index] == t).tolist() for t in range(n_tables)]


def seating_objective(
    tables: NDArray[np.int64],
    diversity: NDArray[np.float64],
    history: NDArray[np.float64] | None = None,
    repeat_penalty: float = 1.0,
) -> float:
    """F for a seating, computed from scratch (see the module docstring)."""
    d = np.asarray(diversity, dtype=np.float64)
    h = np.zeros_like(d) if history is None else np.asarray(history, dtype=np.float64)
    iu = np.triu_indices(d.shape[0], k=1)
    together = np.zeros(iu[0].shape[0], dtype=np.int64)
    total = 0.0
    for row in np.atleast_2d(tables):
        same = row[iu[0]] == row[iu[1]]
        total += float((d[iu] - repeat_penalty * h[iu])[same].sum())
        together += same
    return total - repeat_penalty * float(np.maximum(together - 1, 0).sum())


def _round_weights(
    problem: SeatingProblem, met_elsewhere: NDArray[np.bool_]
) -> NDArray[np.float64]:
    lam = problem.repeat_penalty
    w: NDArray[np.float64] = problem.d - lam * problem.history - lam * met_elsewhere
    np.fill_diagonal(w, 0.0)
    return w


def _contract(
    w: NDArray[np.float64], unit_of: NDArray[np.int64], n_units: int
) -> tuple[NDArray[np.float64], float]:
    """Unit-level weights (zero diagonal) and the constant weight inside units."""
    P = np.zeros((w.shape[0], n_units))
    P[np.arange(w.shape[0]), unit_of] = 1.0
    W = P.T @ w @ P
    inside = 0.5 * float(np.trace(W))
    np.fill_diagonal(W, 0.0)
    return W, inside


def diverse_seating(
    diversity: ArrayLike,
    tables: Sequence[int | tuple[int, int]],
    *,
    rounds: int = 1,
    history: ArrayLike | None = None,
    repeat_penalty: float = 1.0,
    keep_apart: Iterable[tuple[int, int]] = (),
    keep_together: Iterable[Iterable[int]] = (),
    pinned: Mapping[int, Pin] | None = None,
    time_limit: float | None = 2.0,
    max_iterations: int | None = None,
    seed: int | np.random.Generator | None = None,
    progress: runner.ProgressCallback | None = None,
) -> Seating:
    """Seat attendees 0..n-1 at tables over ``rounds`` rounds, maximising diversity.

    Maximises F = Σ_r Σ_{i<j same table} (d_ij − λ·h_ij − λ·[met in an earlier
    round]) subject to table sizes, keep-apart pairs, keep-together groups and
    pinned seats (all hard constraints).

    Parameters
    ----------
    diversity : (n, n) array
        Symmetric pairwise diversity d (larger = more worth meeting).
    tables : sequence of int or (min, max)
        One entry per table: its capacity (min 0) or its (min, max) size bounds.
    rounds : int
        Number of rounds; the tables are the same in every round.
    history : (n, n) array, optional
        Symmetric encounter history h, already decayed by the caller.
    repeat_penalty : float
        λ ≥ 0, the price of sitting again with someone already met.
    keep_apart : pairs of people
        Never at the same table, in any round.
    keep_together : groups of people
        Always at the same table, in every round; groups sharing a person merge.
    pinned : mapping person -> table, or person -> per-round tables
        ``{host: 3}`` pins for every round; ``{host: [3, None, 1]}`` pins in
        rounds 0 and 2 only.  Pinning one member of a keep-together group pins
        the group.
    time_limit, max_iterations : optional
        Stop after this many seconds or tabu iterations (at least one must be
        given).  With the same ``seed`` and an iteration limit the answer is
        the same; a time limit makes the answer depend on the machine's speed.
    seed : int or numpy Generator, optional
    progress : callable, optional
        Called with a :class:`salon.seating.Progress` about every 50 ms; return
        ``True`` to stop early.

    Returns
    -------
    Seating

    Raises
    ------
    InputError
        A bad shape or value ("expected …, got …").
    InfeasibleError
        No seating can satisfy the constraints (``constraint`` names which:
        see :mod:`salon.seating.problem`), or the search found no seating that
        keeps every keep-apart pair apart.

    References
    ----------
    G. Palubeckis, A. Ostreika, D. Rubliauskas, "Maximally diverse grouping: an
    iterated tabu search approach", JORS 66 (2015) 579–592.

    Examples
    --------
    >>> import numpy as np
    >>> d = np.ones((6, 6)) - np.eye(6)
    >>> s = diverse_seating(d, [3, 3], rounds=2, time_limit=None, max_iterations=200, seed=1)
    >>> s.tables.shape, s.objective  # 6 pairs per round; 2 pairs must meet twice
    ((2, 6), 10.0)
    """
    if time_limit is None and max_iterations is None:
        raise InputError("expected a time_limit or max_iterations, got neither", field="time_limit")
    problem = seating_problem(
        diversity,
        tables,
        rounds=rounds,
        history=history,
        repeat_penalty=repeat_penalty,
        keep_apart=keep_apart,
        keep_together=keep_together,
        pinned=pinned,
    )
    rng = np.random.default_rng(seed)
    runner.warm_up()
    clock = runner.Clock(time_limit, max_iterations)
    return _solve(problem, rng, clock, progress)


def _solve(
    problem: SeatingProblem,
    rng: np.random.Generator,
    clock: runner.Clock,
    progress: runner.ProgressCallback | None,
) -> Seating:
    n, R = problem.n, problem.rounds
    n_units = int(problem.usize.shape[0])
    unit_tables = np.full((R, n_units), -1, dtype=np.int64)
    together = np.zeros((n, n), dtype=np.int64)  # rounds each pair shares a table
    objective = 0.0
    turn = max(500, _ROUND_TURN_PER_UNIT * n_units)
    seated = np.zeros(R, dtype=bool)
    cycle_start = 0
    r = 0
    while True:
        if seated[r]:
            row = unit_tables[r][problem.unit_of]
            together -= row[:, None] == row[None, :]
        w = _round_weights(problem, together > 0)
        W, inside = _contract(w, problem.unit_of, n_units)
        if seated[r]:
            start = unit_tables[r]
        else:
            start = initial_assignment(
                problem.usize, problem.lo, problem.hi, problem.fixed[r], problem.apart, rng
            )
        state = runner.TabuState.start(
            W, problem.apart, problem.usize, problem.lo, problem.hi, problem.fixed[r] < 0, start,
            random_state(rng),
        )  # fmt: skip
        before = state.best_objective + inside if seated[r] else 0.0
        budget: int | None = None
        deadline: float | None = None
        if R > 1:
            budget = turn
            if not seated.all():
                # The first pass shares what is left fairly among unseated rounds.
                share = int((~seated).sum())
                left = clock.remaining_iterations()
                if left is not None:
                    budget = min(budget, max(1, left // share))
                if clock.time_limit is not None:
                    deadline = clock.elapsed + max(0.0, clock.time_limit - clock.elapsed) / share
        runner.run(
            state, clock, budget=budget, deadline=deadline, progress=progress,
            offset=objective - before + inside,
        )  # fmt: skip
        if state.best_violations > 0:
            # The limits must not leave a keep-apart pair together if a
            # little more search can separate them.
            runner.run(state, runner.Clock(None, _REPAIR_ITERATIONS), stop_when_feasible=True)
            if state.best_violations > 0:
                raise InfeasibleError(
                    f"found no seating for round {r} that keeps every keep-apart pair apart "
                    f"({state.best_violations} pairs still together)",
                    constraint="keep_apart",
                )
        gain = state.best_objective + inside - before
        objective += gain
        unit_tables[r] = state.best_assign
        seated[r] = True
        row = unit_tables[r][problem.unit_of]
        together += row[:, None] == row[None, :]
        r = (r + 1) % R
        if seated.all() and (clock.exhausted() or R == 1):
            break
        if r == 0:
            if clock.iterations == cycle_start:
                break  # nothing can move in any round: the seating is decided
            cycle_start = clock.iterations
    return Seating(
        tables=unit_tables[:, problem.unit_of],
        objective=objective,
        iterations=clock.iterations,
        elapsed=clock.elapsed,
        message=clock.stop_reason(),
    )
