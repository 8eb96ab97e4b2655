"""A randomised greedy first seating that meets every table's size bounds.

Pinned units go first; the others, largest first, go to a table where they
meet no one they must be kept apart from, preferring tables still below their
minimum.  With single people this always meets the bounds when
Σ min ≤ n ≤ Σ max; with keep-together groups it is bin packing, so a few
random orders are tried before giving up.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from salon.errors import InfeasibleError

_ATTEMPTS = 50


def target_sizes(n_people: int, lo: NDArray[np.int64], hi: NDArray[np.int64]) -> NDArray[np.int64]:
    """Table sizes within the bounds with the most same-table pairs, Σ C(size, 2).

    With non-negative diversity the best seatings have this profile or one
    close to it, and the search reaches another profile only through
    insertions that each lose about a table's worth of pairs, so it should
    start there.  An exact knapsack-style dynamic programme over tables and
    people seated, O(m · n · max size).
    """
    m = lo.shape[0]
    NEG = -(1 << 60)
    best = np.full((m + 1, n_people + 1), NEG, dtype=np.int64)
    choice = np.zeros((m + 1, n_people + 1), dtype=np.int64)
    best[0, 0] = 0
    for t in range(m):
        for k in range(n_people + 1):
            if best[t, k] == NEG:
                continue
            for size in range(int(lo[t]), int(min(hi[t], n_people - k)) + 1):
                value = best[t, k] + size * (size - 1) // 2
                if value > best[t + 1, k + size]:
                    best[t + 1, k + size] = value
                    choice[t + 1, k + size] = size
    sizes = np.zeros(m, dtype=np.int64)
    k = n_people
    for t in range(m, 0, -1):
        sizes[t - 1] = choice[t, k]
        k -= sizes[t - 1]
    return sizes


def _one_attempt(
    usize: NDArray[np.int64],
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    fixed: NDArray[np.int64],
    A: NDArray[np.int64],
    rng: np.random.Generator,
    avoid_conflicts: bool,
) -> NDArray[np.int64] | None:
    nu, m = usize.shape[0], lo.shape[0]
    target = target_sizes(int(usize.sum()), lo, hi)
    assign = np.full(nu, -1, dtype=np.int64)
    size = np.zeros(m, dtype=np.int64)
    conflicts = np.zeros((nu, m), dtype=np.int64)
    for u in np.flatnonzero(fixed >= 0):
        assign[u] = fixed[u]
        size[fixed[u]] += usize[u]
        conflicts[:, fixed[u]] += A[:, u]
    free = rng.permutation(np.flatnonzero(fixed < 0))
    # Largest first, then those with keep-apart partners: they have the
    # fewest good tables, so they choose before the tables fill up.
    free = free[np.lexsort((-(A[free] > 0).sum(axis=1), -usize[free]))]
    for u in free:
        room = hi - size >= usize[u]
        if not room.any():
            return None
        deficit = np.maximum(lo - size, 0)
        # Sort key, smallest first: conflicts, then fill the tables below their
        # minimum, then those below their target size; a random jitter breaks ties.
        key = (
            (conflicts[u] * 4.0 if avoid_conflicts else 0.0)
            + np.where(deficit >= usize[u], 0.0, np.where(deficit > 0, 1.0, 2.0))
            + np.where(size + usize[u] <= target, 0.0, 0.5)
            + 0.01 * rng.random(m)
        )
        key[~room] = np.inf
        t = int(np.argmin(key))
        assign[u] = t
        size[t] += usize[u]
        conflicts[:, t] += A[:, u]
    if np.any(size < lo):
        return None
    return assign


def initial_assignment(
    usize: NDArray[np.int64],
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    fixed: NDArray[np.int64],
    A: NDArray[np.int64],
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """A table for each unit, within every table's bounds, or :class:`InfeasibleError`.

    ``fixed[u]`` is the table unit ``u`` is pinned to, or -1.  Keep-apart
    conflicts (``A``) are avoided where the greedy order allows; the tabu
    search removes the rest.
    """
    best: NDArray[np.int64] | None = None
    best_conflicts = np.inf
    # More tries for a conflict-free start on small problems, where each is cheap.
    attempts = max(_ATTEMPTS, min(400, 40_000 // max(1, usize.shape[0])))
    for attempt in range(attempts if A.any() else _ATTEMPTS):
        assign = _one_attempt(usize, lo, hi, fixed, A, rng, avoid_conflicts=attempt % 4 != 3)
        if assign is None:
            continue
        same = assign[:, None] == assign[None, :]
        conflicts = int((A * same).sum())
        if conflicts < best_conflicts:
            best, best_conflicts = assign, conflicts
        # Swaps and insertions cannot trade a keep-together group for several
        # single people, so an unlucky start can leave a keep-apart pair stuck
        # together: keep trying for a start without conflicts.
        if conflicts == 0:
            break
    if best is not None:
        return best
    raise InfeasibleError(
        f"could not seat keep-together groups of sizes {sorted(usize[usize > 1].tolist())} "
        f"within table bounds min={lo.tolist()}, max={hi.tolist()} in {_ATTEMPTS} attempts",
        constraint="keep_together",
    )
