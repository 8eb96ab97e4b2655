"""Social Golfer schedules developed from one base week by a cyclic symmetry.

The golfers are labelled Z_L × {0..k-1} ∪ {∞_1..∞_f} (n = kL + f), and σ adds
1 to the first coordinate and fixes every ∞.  Week t of the schedule is σ^t
applied to a base week B (t = 0..w-1, w ≤ L), so only B is searched: a swap
of two golfers in B swaps their images in every week.  This is how design
theorists construct resolvable designs (Kirkman triple systems over
Z_7 × 2 ∪ {∞} or Z_10 × 2 ∪ {∞}, resolvable 2-(28,4,1) designs over
Z_9 × 3 ∪ {∞}, …): the search space shrinks from w partitions to one, and
schedules with this symmetry exist for many instances.  Nothing here is
specific to an instance: every (L, k, f) that fits n and w is a candidate.

The search over B is a tabu search in the manner of Dotú & Van Hentenryck
(2005): swap a golfer of B involved in a repeated pair (in any week) with a
golfer of another group of B, choosing the swap that leaves the fewest
repeats; a swapped pair is tabu for a random tenure, unless the swap beats
the best; after a stall the best base week is shaken by random swaps, and
after several fruitless shakes a random base week is drawn.  A move is
evaluated exactly by applying it to the meeting counts of all w weeks and
undoing it: O(w·s) per move.

References
----------
M. Buratti, "1-rotational Steiner triple systems over arbitrary groups",
J. Combin. Des. 9 (2001) 215–226 (the ∞-point and base-block method).
C. J. Colbourn, J. H. Dinitz (eds.), Handbook of Combinatorial Designs, 2nd
ed., CRC 2007, §II.7 (resolvable designs) and §VI.16 (difference families).
I. Dotú, P. Van Hentenryck, "Scheduling social golfers locally", CPAIOR 2005,
LNCS 3524, 155–167.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from salon.seating._jit import jit, random_below

# Slots of the integer state array.
ITER, STALL, REPEATS, BEST, SHAKES = range(5)
# Tabu tenure minimum and random span, stall (iterations) before a shake,
# shakes before a fresh base week.
PARAMS = (4, 20, 300, 8)


@dataclass(frozen=True)
class Symmetry:
    """Golfers Z_length × {0..columns-1} ∪ {∞_1..∞_fixed}, σ: i ↦ i + 1.

    The last ``invariant`` weeks are each fixed by σ (only when there is one
    column per seat of a group and no ∞): their groups are the translates of
    one group holding a golfer of every column; the other weeks are σ^t of
    the base week.
    """

    length: int
    columns: int
    fixed: int
    invariant: int = 0

    def powers(self, weeks: int) -> NDArray[np.int64]:
        """``powers[t, x]`` = σ^t(x), golfer x = column·length + i or an ∞ after them."""
        weeks -= self.invariant
        n = self.length * self.columns + self.fixed
        powers = np.empty((weeks, n), dtype=np.int64)
        moving = self.length * self.columns
        for t in range(weeks):
            x = np.arange(moving)
            powers[t, :moving] = (x // self.length) * self.length + (x + t) % self.length
            powers[t, moving:] = np.arange(moving, n)
        return powers


def symmetries(groups: int, size: int, weeks: int) -> list[Symmetry]:
    """Every cyclic symmetry that can carry ``weeks`` weeks, the tightest first.

    σ^L is the identity, so L ≥ weeks; at most one ∞ per group (two ∞ in a
    group would meet every week).  Tightest first: L close to ``weeks`` leaves
    each orbit of pairs few translates to cover, as in the classical designs.
    """
    n = groups * size
    found = []
    for fixed in range(0, min(groups, n - 2) + 1):
        for columns in range(1, n - fixed + 1):
            if (n - fixed) % columns:
                continue
            length = (n - fixed) // columns
            if length >= max(weeks, 2):
                found.append(Symmetry(length, columns, fixed))
    if size >= 2 and weeks <= 2 * groups:
        # One orbit of ``groups`` weeks plus weeks fixed by σ, as in the
        # classical Kirkman triple systems over Z_g × Z_3 (Handbook, §II.7);
        # or, for at most ``groups`` weeks, only fixed weeks (for a prime g
        # the affine plane is among them).
        found.append(Symmetry(groups, size, 0, weeks - groups if weeks > groups else weeks))
    found.sort(key=lambda sym: (_slack(sym, weeks), sym.fixed, -sym.invariant))
    return found


def _slack(symmetry: Symmetry, weeks: int) -> int:
    developed = weeks - symmetry.invariant
    return symmetry.length - developed if developed else 0


@jit
def _swap_all_weeks(
    base: NDArray[np.int64], powers: NDArray[np.int64], meet: NDArray[np.int64], a: int, i: int,
    b: int, j: int,
) -> int:  # fmt: skip
    """Swap base[a, i] and base[b, j] in every week; return the change in repeats."""
    weeks = powers.shape[0]
    s = base.shape[1]
    x0 = base[a, i]
    y0 = base[b, j]
    delta = 0
    for t in range(weeks):
        x = powers[t, x0]
        y = powers[t, y0]
        for q in range(s):
            if q != i:
                z = powers[t, base[a, q]]
                if meet[x, z] >= 2:
                    delta -= 1
                meet[x, z] -= 1
                meet[z, x] -= 1
                if meet[y, z] >= 1:
                    delta += 1
                meet[y, z] += 1
                meet[z, y] += 1
            if q != j:
                z = powers[t, base[b, q]]
                if meet[y, z] >= 2:
                    delta -= 1
                meet[y, z] -= 1
                meet[z, y] -= 1
                if meet[x, z] >= 1:
                    delta += 1
                meet[x, z] += 1
                meet[z, x] += 1
    base[a, i] = y0
    base[b, j] = x0
    return delta


@jit
def developed_meetings(
    base: NDArray[np.int64],
    offsets: NDArray[np.int64],
    powers: NDArray[np.int64],
    meet: NDArray[np.int64],
) -> int:
    """Fill ``meet`` with the meeting counts of the whole schedule; return its repeats."""
    g, s = base.shape
    meet[:, :] = 0
    for t in range(powers.shape[0]):
        for a in range(g):
            for i in range(s):
                x = powers[t, base[a, i]]
                for q in range(i):
                    z = powers[t, base[a, q]]
                    meet[x, z] += 1
                    meet[z, x] += 1
    for u in range(offsets.shape[0]):
        for a in range(g):
            for i in range(s):
                x = i * g + (offsets[u, i] + a) % g
                for q in range(i):
                    z = q * g + (offsets[u, q] + a) % g
                    meet[x, z] += 1
                    meet[z, x] += 1
    total = 0
    n = meet.shape[0]
    for p in range(n):
        for q in range(p + 1, n):
            if meet[p, q] > 1:
                total += meet[p, q] - 1
    return total


@jit
def _shift_column(
    offsets: NDArray[np.int64], meet: NDArray[np.int64], u: int, j: int, d: int
) -> int:
    """Shift column j of invariant week u by d; return the change in repeats."""
    s = offsets.shape[1]
    g = meet.shape[0] // s
    delta = 0
    for a in range(g):
        old = j * g + (offsets[u, j] + a) % g
        new = j * g + (offsets[u, j] + d + a) % g
        for q in range(s):
            if q == j:
                continue
            z = q * g + (offsets[u, q] + a) % g
            if meet[old, z] >= 2:
                delta -= 1
            meet[old, z] -= 1
            meet[z, old] -= 1
            if meet[new, z] >= 1:
                delta += 1
            meet[new, z] += 1
            meet[z, new] += 1
    offsets[u, j] = (offsets[u, j] + d) % g
    return delta


@jit
def random_start(
    base: NDArray[np.int64], offsets: NDArray[np.int64], rng: NDArray[np.uint64]
) -> None:
    """A random base week and random offsets of the invariant weeks."""
    g, s = base.shape
    for u in range(offsets.shape[0]):
        for j in range(s):
            offsets[u, j] = random_below(rng, g)
    n = g * s
    order = np.arange(n)
    for k in range(n - 1, 0, -1):
        r = random_below(rng, k + 1)
        order[k], order[r] = order[r], order[k]
    for k in range(n):
        base[k // s, k % s] = order[k]


@jit
def cyclic_search(
    base: NDArray[np.int64],
    best: NDArray[np.int64],
    offsets: NDArray[np.int64],
    best_offsets: NDArray[np.int64],
    powers: NDArray[np.int64],
    meet: NDArray[np.int64],
    tabu: NDArray[np.int64],
    tabu_shift: NDArray[np.int64],
    istate: NDArray[np.int64],
    rng: NDArray[np.uint64],
    params: NDArray[np.int64],
    n_iterations: int,
) -> None:
    """Run up to ``n_iterations`` moves (fewer once no pair repeats).

    A move swaps two golfers of the base week (in every developed week) or
    shifts one column of an invariant week.
    """
    weeks = powers.shape[0]
    g, s = base.shape
    n = g * s
    n_invariant = offsets.shape[0]
    conflict = np.zeros((g, s), dtype=np.bool_)
    for _ in range(n_iterations):
        if istate[REPEATS] == 0:
            return
        it = istate[ITER]
        for a in range(g):
            for i in range(s):
                hit = False
                for t in range(weeks):
                    x = powers[t, base[a, i]]
                    for q in range(s):
                        if q != i and meet[x, powers[t, base[a, q]]] > 1:
                            hit = True
                            break
                    if hit:
                        break
                conflict[a, i] = hit
        best_delta = 1 << 30
        ba = bi = bb = bj = -1
        ties = 0
        for a in range(g):
            for i in range(s):
                if not conflict[a, i]:
                    continue
                x = base[a, i]
                for b in range(g):
                    if b == a:
                        continue
                    for j in range(s):
                        if conflict[b, j] and b < a:
                            continue  # already tried from the other side
                        y = base[b, j]
                        delta = _swap_all_weeks(base, powers, meet, a, i, b, j)
                        _swap_all_weeks(base, powers, meet, a, i, b, j)
                        if tabu[x, y] > it and istate[REPEATS] + delta >= istate[BEST]:
                            continue
                        if delta < best_delta:
                            best_delta, ties = delta, 1
                            ba, bi, bb, bj = a, i, b, j
                        elif delta == best_delta:
                            ties += 1
                            if random_below(rng, ties) == 0:
                                ba, bi, bb, bj = a, i, b, j
        for u in range(n_invariant):
            for j in range(s):
                for d in range(1, g):
                    delta = _shift_column(offsets, meet, u, j, d)
                    _shift_column(offsets, meet, u, j, g - d)
                    target = (offsets[u, j] + d) % g
                    if tabu_shift[u, j, target] > it and istate[REPEATS] + delta >= istate[BEST]:
                        continue
                    if delta < best_delta:
                        best_delta, ties = delta, 1
                        ba, bi, bb, bj = -2, u, j, d
                    elif delta == best_delta:
                        ties += 1
                        if random_below(rng, ties) == 0:
                            ba, bi, bb, bj = -2, u, j, d
        istate[ITER] = it + 1
        tenure = it + 1 + params[0] + random_below(rng, params[1] + 1)
        if ba >= 0:
            x = base[ba, bi]
            y = base[bb, bj]
            istate[REPEATS] += _swap_all_weeks(base, powers, meet, ba, bi, bb, bj)
            tabu[x, y] = tenure
            tabu[y, x] = tenure
        elif ba == -2:
            tabu_shift[bi, bb, offsets[bi, bb]] = tenure
            istate[REPEATS] += _shift_column(offsets, meet, bi, bb, bj)
        if istate[REPEATS] < istate[BEST]:
            istate[BEST] = istate[REPEATS]
            best[:, :] = base
            best_offsets[:, :] = offsets
            istate[STALL] = 0
            istate[SHAKES] = 0
            continue
        istate[STALL] += 1
        if istate[STALL] < params[2]:
            continue
        istate[STALL] = 0
        istate[SHAKES] += 1
        if istate[SHAKES] > params[3]:
            random_start(base, offsets, rng)
            istate[SHAKES] = 0
        else:
            base[:, :] = best
            offsets[:, :] = best_offsets
            for _k in range(1 + random_below(rng, max(2, n // 8))):
                if n_invariant > 0 and random_below(rng, 4) == 0:
                    u = random_below(rng, n_invariant)
                    offsets[u, random_below(rng, s)] = random_below(rng, g)
                    continue
                a = random_below(rng, g)
                b = random_below(rng, g - 1)
                b = b + 1 if b >= a else b
                i = random_below(rng, s)
                j = random_below(rng, s)
                base[a, i], base[b, j] = base[b, j], base[a, i]
        istate[REPEATS] = developed_meetings(base, offsets, powers, meet)
        tabu[:, :] = 0
        tabu_shift[:, :, :] = 0


def developed_schedule(
    base: NDArray[np.int64], offsets: NDArray[np.int64], powers: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The weeks × groups × size schedule: σ^t(base), then the invariant weeks."""
    g, s = base.shape
    weeks = [powers[t][base] for t in range(powers.shape[0])]
    columns = np.arange(s) * g
    for u in range(offsets.shape[0]):
        weeks.append(np.stack([columns + (offsets[u] + a) % g for a in range(g)]))
    return np.stack(weeks)


class CyclicSearch:
    """The arrays of one tabu search over base weeks under one symmetry."""

    def __init__(
        self, symmetry: Symmetry, groups: int, size: int, weeks: int, rng: NDArray[np.uint64]
    ) -> None:
        n = groups * size
        self.symmetry = symmetry
        self.rng = rng
        self.powers = symmetry.powers(weeks)
        self.base = np.zeros((groups, size), dtype=np.int64)
        self.offsets = np.zeros((symmetry.invariant, size), dtype=np.int64)
        random_start(self.base, self.offsets, rng)
        self.meet = np.zeros((n, n), dtype=np.int64)
        self.istate = np.zeros(5, dtype=np.int64)
        self.istate[REPEATS] = self.istate[BEST] = developed_meetings(
            self.base, self.offsets, self.powers, self.meet
        )
        self.best = self.base.copy()
        self.best_offsets = self.offsets.copy()
        self.tabu = np.zeros((n, n), dtype=np.int64)
        self.tabu_shift = np.zeros((symmetry.invariant, size, groups), dtype=np.int64)
        self.params = np.array(PARAMS, dtype=np.int64)

    @property
    def repeats(self) -> int:
        return int(self.istate[BEST])

    @property
    def iterations(self) -> int:
        return int(self.istate[ITER])

    def run(self, n_iterations: int) -> None:
        cyclic_search(
            self.base, self.best, self.offsets, self.best_offsets, self.powers, self.meet,
            self.tabu, self.tabu_shift, self.istate, self.rng, self.params, n_iterations,
        )  # fmt: skip

    def schedule(self) -> NDArray[np.int64]:
        return developed_schedule(self.best, self.best_offsets, self.powers)
