"""The base week of a cyclic Social Golfer schedule as an exact cover.

Under a symmetry of :mod:`salon.seating.golfer_cyclic` with one base week B
developed over all L translates, a pair of B in orbit O makes every pair of
O meet once (twice or more for the orbits with ``per_hit`` > 1, which B must
avoid).  So B has no repeat exactly when

* every golfer is in one group of B (a primary column per golfer), and
* every orbit is hit by at most one pair of B (a secondary column per
  orbit); exactly one when B has as many pairs as there are usable orbits,
  as for a complete resolvable design (10-4-13 over Z_13 × 3 ∪ {∞}: 60
  pairs, 60 orbits), and then the orbits are primary too.

The rows are the size-s groups whose own pairs hit distinct usable orbits.
Relabelling golfers by a permutation π that commutes with σ turns the
schedule developed from B into the one developed from π(B), a relabelled
schedule; shifting the indices of one column is such a π (it maps orbits to
orbits, so it keeps rows admissible).  So the group of ∞_1 (if any) is
required to hold golfer 0 of every column it meets: any cover can be shifted
so, and nothing else is lost.

Knuth's Algorithm X solves it, choosing the column with the fewest rows left
(ties in a random order) and trying its rows in a random order.  It is
written here, compiled, rather than taken from a package (``exact-cover``,
``dlx`` on PyPI) because the search must stop after a number of steps and
resume (to share time with the other searches), restart with a fresh random
order (searches of this kind are heavy-tailed), and report how far it got.
The links are arrays: each column keeps its live rows at the front of its
segment; covering a column swaps its rows out of the other columns' live
parts and uncovering, in exactly the reverse order, only moves the ends back
(Knuth's dancing cells; dancing links does the same with pointers).  The
restart limit grows at every restart, so the search stays complete: a
problem without a cover is eventually reported as exhausted, not found.

A schedule of w < L weeks is the first w translates of an L-week one:
dropping weeks never adds a repeat, so the full orbit is searched and
truncated (:func:`cover_symmetries` keeps the symmetries with room for all
L translates).

References
----------
D. E. Knuth, "Dancing links", in Millennial Perspectives in Computer
Science, Palgrave 2000, 187–214 (arXiv:cs/0011047).
C. J. Colbourn, J. H. Dinitz (eds.), Handbook of Combinatorial Designs, 2nd
ed., CRC 2007, §VI.16 (difference families, base blocks).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError
from salon.seating._jit import jit
from salon.seating.golfer_cyclic import Symmetry, developed_schedule, surplus, symmetries

# Slots of the integer state array.
DEPTH, NODES, STATUS, BEST_DEPTH, ENTER = range(5)
RUNNING, FOUND, EXHAUSTED = range(3)
# Steps before the first restart, and the factor by which the limit grows at
# every restart (so that the search stays complete).  10-4-12 over
# Z_12 × 3 ∪ 4∞ within 8 s: 3 of 6 seeds with these, 2 with 200,000 and 5 %,
# 1 with 2,048 doubling, none with 2,000 and 5 %.
FIRST_RESTART = 20_000
RESTART_GROWTH = 1.05
# Symmetries whose exact cover has more rows are left to the other searches:
# the arrays take ~6 × 8 bytes × (s + s(s-1)/2) a row (10-4 over Z_13 × 3 ∪ {∞}:
# 71,137 rows; 10-5 over Z_12 × 4 ∪ 2∞: 1.1 M; 20-5 over Z_24 × 4 ∪ 4∞: 49 M).
MAX_ROWS = 400_000


def cover_symmetries(
    groups: int, size: int, weeks: int, max_rows: int | None = None
) -> list[Symmetry]:  # fmt: skip
    """Symmetries with one base week whose whole orbit (≥ ``weeks``) has room, tightest first.

    Orbits of exactly ``weeks`` translates, if any has room, else longer ones
    (whose schedules are cut to ``weeks``).  Only those whose exact cover has
    at most ``max_rows`` rows (default ``MAX_ROWS``) are kept.
    """
    limit = MAX_ROWS if max_rows is None else max_rows
    found = [
        sym
        for sym in symmetries(groups, size, weeks)
        if sym.bases == 1 and sym.invariant == 0 and sym.length >= weeks
    ]
    fits = [sym for sym in found if surplus(sym, groups, size, sym.length) >= 0]
    small = [sym for sym in fits if _count_rows(sym, groups, size, limit) <= limit]
    # An orbit longer than the weeks asked for means covering weeks that are
    # then dropped, a strictly harder problem: used only when no orbit fits.
    exact = [sym for sym in small if sym.length == weeks]
    return sorted(
        exact or small, key=lambda sym: (surplus(sym, groups, size, sym.length), sym.fixed)
    )


def _count_rows(symmetry: Symmetry, groups: int, size: int, limit: int) -> int:
    """The rows of the exact cover, or ``limit`` + 1 as soon as there are more."""
    orbit_of, _, per_hit = symmetry.orbits()
    moving = symmetry.length * symmetry.columns
    nothing = np.zeros((0, size), dtype=np.int64)
    return _enumerate_groups(groups * size, size, orbit_of, per_hit == 1, moving,
                             symmetry.length, nothing, limit)  # fmt: skip


@jit
def _enumerate_groups(
    n: int, s: int, orbit_of: NDArray[np.int64], usable: NDArray[np.bool_], moving: int,
    length: int, out: NDArray[np.int64], limit: int,
) -> int:  # fmt: skip
    """Write the admissible groups (golfers ascending) into ``out`` while it has room.

    Returns how many there are, or ``limit`` + 1 as soon as there are more.
    """
    idx = np.zeros(s, dtype=np.int64)
    used = np.zeros(usable.shape[0], dtype=np.bool_)
    count = 0
    k = 0
    while k >= 0:
        if idx[k] > n - (s - k):
            k -= 1
            if k >= 0:
                for q in range(k):
                    used[orbit_of[idx[q], idx[k]]] = False
                idx[k] += 1
            continue
        x = idx[k]
        ok = True
        marked = 0
        for q in range(k):
            o = orbit_of[idx[q], x]
            if not usable[o] or used[o]:
                ok = False
                break
            used[o] = True
            marked += 1
        if not ok:
            for q in range(marked):
                used[orbit_of[idx[q], x]] = False
            idx[k] += 1
            continue
        if k < s - 1:
            k += 1
            idx[k] = x + 1
            continue
        # ∞_1 is golfer ``moving``; its group holds index 0 of every column it meets.
        keep = True
        if x == moving:
            for q in range(s - 1):
                first = q == 0 or idx[q] // length != idx[q - 1] // length
                if first and idx[q] % length != 0:
                    keep = False
        if keep:
            if count < out.shape[0]:
                out[count, :] = idx
            count += 1
            if count > limit:
                return count
        for q in range(k):
            used[orbit_of[idx[q], x]] = False
        idx[k] += 1
    return count


@jit
def _hide_rows(
    row_cols: NDArray[np.int64], col_start: NDArray[np.int64], col_rows: NDArray[np.int64],
    col_slot: NDArray[np.int64], where: NDArray[np.int64], live_end: NDArray[np.int64],
    covered: NDArray[np.bool_], c: int,
) -> None:  # fmt: skip
    """Cover column c: take each of its live rows out of every other column.

    A row leaves a column by a swap with the column's last live row; the
    column keeps the order of its own rows, and :func:`_unhide_rows` need
    only move the ends back, in the reverse order (Knuth's "dancing cells").
    """
    covered[c] = True
    for p in range(col_start[c], live_end[c]):
        r = col_rows[p]
        for k in range(row_cols.shape[1]):
            j = row_cols[r, k]
            if j == c:
                continue
            last = live_end[j] - 1
            here = where[r, k]
            other, other_slot = col_rows[last], col_slot[last]
            col_rows[here], col_slot[here] = other, other_slot
            where[other, other_slot] = here
            col_rows[last], col_slot[last] = r, k
            where[r, k] = last
            live_end[j] = last


@jit
def _unhide_rows(
    row_cols: NDArray[np.int64], col_start: NDArray[np.int64], col_rows: NDArray[np.int64],
    live_end: NDArray[np.int64], covered: NDArray[np.bool_], c: int,
) -> None:  # fmt: skip
    """Undo :func:`_hide_rows` of column c."""
    for p in range(live_end[c] - 1, col_start[c] - 1, -1):
        r = col_rows[p]
        for k in range(row_cols.shape[1] - 1, -1, -1):
            j = row_cols[r, k]
            if j != c:
                live_end[j] += 1
    covered[c] = False


@jit
def algorithm_x(
    row_cols: NDArray[np.int64],
    col_start: NDArray[np.int64],
    col_rows: NDArray[np.int64],
    col_slot: NDArray[np.int64],
    where: NDArray[np.int64],
    live_end: NDArray[np.int64],
    primary: NDArray[np.bool_],
    rank: NDArray[np.int64],
    covered: NDArray[np.bool_],
    col_at: NDArray[np.int64],
    pos: NDArray[np.int64],
    row_at: NDArray[np.int64],
    best_rows: NDArray[np.int64],
    istate: NDArray[np.int64],
    n_nodes: int,
) -> None:
    """Run Algorithm X for up to ``n_nodes`` steps (a row tried or a backtrack), resuming.

    Stops with ``istate[STATUS]`` = FOUND (``row_at[:DEPTH]`` is the cover) or
    EXHAUSTED (no cover), or RUNNING when the steps are spent.
    """
    n_cols = col_start.shape[0] - 1
    width = row_cols.shape[1]
    args = (row_cols, col_start, col_rows, col_slot, where, live_end, covered)
    for _ in range(n_nodes):
        if istate[STATUS] != RUNNING:
            return
        istate[NODES] += 1
        d = istate[DEPTH]
        if istate[ENTER]:
            istate[ENTER] = 0
            chosen = -1
            fewest = 1 << 62
            for c in range(n_cols):
                if not primary[c] or covered[c]:
                    continue
                live = live_end[c] - col_start[c]
                if live < fewest or (live == fewest and rank[c] < rank[chosen]):
                    chosen, fewest = c, live
            if chosen < 0:
                istate[STATUS] = FOUND
                return
            if fewest == 0:  # a golfer (or orbit) no group can take any more
                if d == 0:
                    istate[STATUS] = EXHAUSTED
                    return
                istate[DEPTH] = d - 1
                continue
            _hide_rows(*args, chosen)
            col_at[d] = chosen
            pos[d] = col_start[chosen] - 1
            row_at[d] = -1
        c = col_at[d]
        r = row_at[d]
        if r >= 0:
            for k in range(width - 1, -1, -1):
                if row_cols[r, k] != c:
                    _unhide_rows(row_cols, col_start, col_rows, live_end, covered,
                                 row_cols[r, k])  # fmt: skip
            row_at[d] = -1
        p = pos[d] + 1
        if p >= live_end[c]:
            _unhide_rows(row_cols, col_start, col_rows, live_end, covered, c)
            if d == 0:
                istate[STATUS] = EXHAUSTED
                return
            istate[DEPTH] = d - 1
            continue
        pos[d] = p
        r = col_rows[p]
        row_at[d] = r
        for k in range(width):
            if row_cols[r, k] != c:
                _hide_rows(*args, row_cols[r, k])
        istate[DEPTH] = d + 1
        istate[ENTER] = 1
        if d + 1 > istate[BEST_DEPTH]:
            istate[BEST_DEPTH] = d + 1
            best_rows[: d + 1] = row_at[: d + 1]


class CoverSearch:
    """Algorithm X over the base week of one symmetry, with seeded random restarts.

    ``iterations`` counts steps (a row tried or a backtrack); :meth:`schedule` develops the deepest
    partial base week found (the remaining golfers put in the remaining
    groups in order), truncated to ``weeks``; ``found`` and ``exhausted`` say
    whether a cover was found or none exists.
    """

    def __init__(
        self, symmetry: Symmetry, groups: int, size: int, weeks: int, seed: int
    ) -> None:  # fmt: skip
        if symmetry.bases != 1 or symmetry.invariant or symmetry.length < weeks:
            raise InputError(
                f"expected one base week of at least {weeks} translates, got {symmetry}",
                field="symmetry",
            )
        self.symmetry, self.groups, self.size, self.weeks = symmetry, groups, size, weeks
        self.method = f"exact cover ({symmetry.describe()})"
        self.rng = np.random.default_rng(seed)
        n = groups * size
        orbit_of, _, per_hit = symmetry.orbits()
        usable = per_hit == 1
        moving = symmetry.length * symmetry.columns
        args = (n, size, orbit_of, usable, moving, symmetry.length)
        n_rows = _count_rows(symmetry, groups, size, 1 << 62)
        self.rows = np.zeros((n_rows, size), dtype=np.int64)
        _enumerate_groups(*args, self.rows, n_rows)
        # Columns: the golfers, then the usable orbits.
        orbit_col = np.cumsum(usable) - 1 + n
        pairs = [(i, j) for i in range(size) for j in range(i + 1, size)]
        orbit_cols = [orbit_col[orbit_of[self.rows[:, i], self.rows[:, j]]] for i, j in pairs]
        self.row_cols = np.column_stack([self.rows, *orbit_cols]).astype(np.int64)
        n_orbits = int(usable.sum())
        self.primary = np.zeros(n + n_orbits, dtype=np.bool_)
        self.primary[:n] = True
        self.primary[n:] = n_orbits == groups * len(pairs)
        # Rows by column (CSR) and, for the cells, each row's slot in its columns.
        flat = self.row_cols.ravel()
        order = np.argsort(flat, kind="stable")
        width = self.row_cols.shape[1]
        self.initial_rows = (order // width).astype(np.int64)
        self.initial_slots = (order % width).astype(np.int64)
        self.col_start = np.zeros(self.primary.shape[0] + 1, dtype=np.int64)
        self.col_start[1:] = np.cumsum(np.bincount(flat, minlength=self.primary.shape[0]))
        self.best_rows = np.zeros(groups, dtype=np.int64)
        self.istate = np.zeros(5, dtype=np.int64)
        self.restart_nodes = FIRST_RESTART
        self.total_nodes = 0
        self._restart()

    def _restart(self) -> None:
        """Undo every choice and draw a fresh order of the rows in each column and of ties."""
        self.col_rows = self.initial_rows.copy()
        self.col_slot = self.initial_slots.copy()
        for c in range(self.primary.shape[0]):
            span = slice(self.col_start[c], self.col_start[c + 1])
            shuffle = self.rng.permutation(self.col_start[c + 1] - self.col_start[c])
            self.col_rows[span] = self.col_rows[span][shuffle]
            self.col_slot[span] = self.col_slot[span][shuffle]
        self.where = np.zeros(self.row_cols.shape, dtype=np.int64)
        self.where[self.col_rows, self.col_slot] = np.arange(self.col_rows.shape[0])
        self.live_end = self.col_start[1:].copy()
        self.rank = self.rng.permutation(self.primary.shape[0]).astype(np.int64)
        self.covered = np.zeros(self.primary.shape[0], dtype=np.bool_)
        self.col_at = np.zeros(self.groups + 1, dtype=np.int64)
        self.pos = np.zeros(self.groups + 1, dtype=np.int64)
        self.row_at = np.full(self.groups + 1, -1, dtype=np.int64)
        best_depth = self.istate[BEST_DEPTH]
        self.istate[:] = 0
        self.istate[BEST_DEPTH] = best_depth
        self.istate[ENTER] = 1
        self.nodes_since_restart = 0

    @property
    def found(self) -> bool:
        return bool(self.istate[STATUS] == FOUND)

    @property
    def exhausted(self) -> bool:
        return bool(self.istate[STATUS] == EXHAUSTED)

    @property
    def iterations(self) -> int:
        return self.total_nodes

    @property
    def depth(self) -> int:
        """Groups in the deepest partial base week found (``groups`` once found)."""
        return int(self.istate[BEST_DEPTH])

    def run(self, n_iterations: int) -> None:
        """Try up to ``n_iterations`` rows (fewer once found or exhausted)."""
        left = n_iterations
        while left > 0 and self.istate[STATUS] == RUNNING:
            n = min(left, self.restart_nodes - self.nodes_since_restart)
            before = int(self.istate[NODES])
            algorithm_x(
                self.row_cols, self.col_start, self.col_rows, self.col_slot, self.where,
                self.live_end, self.primary, self.rank, self.covered, self.col_at, self.pos,
                self.row_at, self.best_rows, self.istate, n,
            )  # fmt: skip
            done = int(self.istate[NODES]) - before
            self.total_nodes += done
            self.nodes_since_restart += done
            left -= done
            if self.istate[STATUS] == RUNNING and self.nodes_since_restart >= self.restart_nodes:
                self.restart_nodes = int(self.restart_nodes * RESTART_GROWTH)
                self._restart()

    def base_week(self) -> NDArray[np.int64]:
        """The deepest (partial) base week, completed by the remaining golfers in order."""
        n = self.groups * self.size
        chosen = self.rows[self.best_rows[: self.depth]]
        rest = np.setdiff1d(np.arange(n), chosen.ravel())
        return np.concatenate([chosen, rest.reshape(-1, self.size)]).astype(np.int64)

    def schedule(self) -> NDArray[np.int64]:
        powers = self.symmetry.powers(self.symmetry.length)
        empty = np.zeros((0, self.size), dtype=np.int64)
        return developed_schedule(self.base_week()[None], empty, powers)[: self.weeks]
