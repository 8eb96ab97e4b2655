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
    assign = np.full(nu, -1, dtype=np.int64)
    size = np.zeros(m, dtype=np.int64)
    conflicts = np.zeros((nu, m), dtype=np.int64)
    for u in np.flatnonzero(fixed >= 0):
        assign[u] = fixed[u]
        size[fixed[u]] += usize[u]
        conflicts[:, fixed[u]] += A[:, u]
    free = rng.permutation(np.flatnonzero(fixed < 0))
    free = free[np.argsort(-usize[free], kind="stable")]
    for u in free:
        room = hi - size >= usize[u]
        if not room.any():
            return None
        deficit = np.maximum(lo - size, 0)
        # Sort key, smallest first: conflicts, then fill the tables below their
        # minimum, then the emptiest; a random jitter breaks ties.
        key = (
            (conflicts[u] * 4.0 if avoid_conflicts else 0.0)
            + np.where(deficit >= usize[u], 0.0, np.where(deficit > 0, 1.0, 2.0))
            + 0.5 * size / np.maximum(hi, 1)
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
    for attempt in range(_ATTEMPTS):
        assign = _one_attempt(usize, lo, hi, fixed, A, rng, avoid_conflicts=attempt % 2 == 0)
        if assign is not None:
            return assign
    raise InfeasibleError(
        f"could not seat keep-together groups of sizes {sorted(usize[usize > 1].tolist())} "
        f"within table bounds min={lo.tolist()}, max={hi.tolist()} in {_ATTEMPTS} attempts",
        constraint="table_minimum",
    )
