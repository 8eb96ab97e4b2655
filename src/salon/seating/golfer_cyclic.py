"""Social Golfer schedules developed from a few base weeks by a cyclic symmetry.

The golfers are labelled Z_L × {0..k-1} ∪ {∞_1..∞_f} (n = kL + f), and σ adds
1 to the first coordinate and fixes every ∞.  The schedule is made of

* base weeks B_1..B_m, each with its translates σ^t(B) — all L of them, or,
  for a single base week, the first w ≤ L (a window);
* optionally (k = s, f = 0, L = g) weeks fixed by σ: the translates of one
  group holding a golfer of every column, given by one offset per column.

Only the base weeks and the offsets are searched: a swap of two golfers in B
swaps their images in every translate.  This is how design theorists build
resolvable designs (Kirkman triple systems over Z_7 × 3 with three fixed
weeks, resolvable 2-(28,4,1) designs over Z_9 × 3 ∪ {∞}, …); the search space
shrinks from w partitions to one or two.  Nothing here is specific to an
instance: every (L, k, f) that fits n and w and whose orbits of pairs have
room for the base weeks' pairs (:func:`surplus`) is a candidate.

The search is a tabu search in the manner of Dotú & Van Hentenryck (2005):
swap a golfer of a base week involved in a repeated pair with a golfer of
another group, or shift a column of a fixed week, choosing the move that
leaves the fewest repeats; a swapped pair (a column's old offset) is tabu for
a random tenure unless the move beats the best; after a stall the best state
is shaken by random swaps, and after several fruitless shakes a random one
is drawn.  With whole orbits a move changes O(s) orbit hit counts
(:meth:`Symmetry.orbits`); with a window it is applied to the meeting counts
of the w weeks and undone, O(w·s).

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

import itertools
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

    The schedule is ``bases`` base weeks, each with its σ-translates (all
    ``length`` of them, or for one base week the first ``weeks`` ≤ length: a
    window), then ``invariant`` weeks each fixed by σ (only with one column
    per seat of a group and no ∞): their groups are the translates of one
    group holding a golfer of every column.
    """

    length: int
    columns: int
    fixed: int
    invariant: int = 0
    bases: int = 1

    def describe(self) -> str:
        """The symmetry in the notation of the class docstring."""
        fixed = f" ∪ {self.fixed}∞" if self.fixed else ""
        bases = f"{self.bases} base week{'s' if self.bases != 1 else ''}"
        extra = f", {self.invariant} fixed week{'s' if self.invariant != 1 else ''}"
        return f"Z_{self.length} × {self.columns}{fixed}, {bases}{extra if self.invariant else ''}"

    def developed(self, weeks: int) -> int:
        """How many translates of each base week the schedule holds."""
        if self.bases == 0:
            return 0
        return weeks - self.invariant if self.bases == 1 else self.length

    def full_orbits(self, weeks: int) -> bool:
        """Whether every base week comes with all its translates."""
        return self.bases == 0 or self.developed(weeks) == self.length

    def powers(self, weeks: int) -> NDArray[np.int64]:
        """``powers[t, x]`` = σ^t(x), golfer x = column·length + i or an ∞ after them."""
        n = self.length * self.columns + self.fixed
        moving = self.length * self.columns
        x = np.arange(moving)
        powers = np.empty((self.developed(weeks), n), dtype=np.int64)
        for t in range(powers.shape[0]):
            powers[t, :moving] = (x // self.length) * self.length + (x + t) % self.length
            powers[t, moving:] = np.arange(moving, n)
        return powers

    def orbits(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """The orbit of every pair under σ, each orbit's size and meetings per hit.

        With all translates of a base week in the schedule, a pair of the base
        week in orbit O (a hit) makes every pair of O meet once, or twice for
        a pair of one column at distance L/2 (an orbit of L/2 pairs), or L
        times for two ∞.  So the repeats are Σ_O |O|·max(0, m_O·hits_O − 1),
        and a swap changes 4(s − 1) hits: O(s) per move, not O(w·s).
        """
        length, moving = self.length, self.length * self.columns
        n = moving + self.fixed
        keys: dict[tuple[int, ...], int] = {}
        sizes: list[int] = []
        per_hit: list[int] = []
        orbit_of = np.full((n, n), -1, dtype=np.int64)
        for x in range(n):
            for y in range(x + 1, n):
                if y >= moving:  # y is an ∞
                    key: tuple[int, ...]
                    if x >= moving:
                        key, size, meetings = (0, x, y), 1, length
                    else:
                        key, size, meetings = (1, y, x // length), length, 1
                else:
                    (cx, ix), (cy, iy) = divmod(x, length), divmod(y, length)
                    d = (iy - ix) % length
                    if cx == cy:
                        d = min(d, length - d)
                        half = 2 * d == length
                        key, size, meetings = (2, cx, d), length // (1 + half), 1 + half
                    else:
                        key, size, meetings = (3, cx, cy, d), length, 1
                if key not in keys:
                    keys[key] = len(sizes)
                    sizes.append(size)
                    per_hit.append(meetings)
                orbit_of[x, y] = orbit_of[y, x] = keys[key]
        return orbit_of, np.array(sizes, dtype=np.int64), np.array(per_hit, dtype=np.int64)


def symmetries(groups: int, size: int, weeks: int) -> list[Symmetry]:
    """The cyclic symmetries that can carry ``weeks`` weeks, the tightest first.

    σ^L is the identity, so L ≥ weeks for one base week; several base weeks
    need L·bases = weeks.  A symmetry is kept only if its orbits of pairs can
    hold every pair of the base weeks without a repeat (see :func:`surplus`);
    the tightest first (no orbit to spare, as in the classical designs),
    whole orbits and windows in turn.
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
            elif length >= 3 and weeks % length == 0:
                found.append(Symmetry(length, columns, fixed, bases=weeks // length))
    if size >= 2 and weeks <= 2 * groups:
        # One orbit of ``groups`` weeks plus weeks fixed by σ, as in the
        # classical Kirkman triple systems over Z_g × Z_3 (Handbook, §II.7);
        # or, for at most ``groups`` weeks, only fixed weeks (for a prime g
        # the affine plane is among them).
        if weeks > groups:
            found.append(Symmetry(groups, size, 0, weeks - groups))
        else:
            found.append(Symmetry(groups, size, 0, weeks, bases=0))
    kept = [sym for sym in found if surplus(sym, groups, size, weeks) >= 0]
    kept.sort(key=lambda sym: (surplus(sym, groups, size, weeks), sym.bases, sym.fixed))
    # Alternate whole orbits and windows, so that the first few hold both:
    # 8-4-9 falls to whole orbits of Z_9 × 3 ∪ 5 ∞ in 0.1 s while the four
    # windows with no room to spare stay at 8 to 32 repeats for 2 s, and a
    # window is the only way to carry fewer weeks than an orbit holds.
    whole = [sym for sym in kept if sym.full_orbits(weeks)]
    windows = [sym for sym in kept if not sym.full_orbits(weeks)]
    mixed = [sym for pair in itertools.zip_longest(whole, windows) for sym in pair if sym]
    return mixed


def surplus(symmetry: Symmetry, groups: int, size: int, weeks: int) -> int:
    """Room for pairs in the orbits under σ minus the pairs to place; < 0: no solution.

    A pair of a base week meets the pairs of its orbit in ``developed``
    consecutive translates, so an orbit of ``o`` pairs holds at most
    ⌊o/developed⌋ base pairs without a repeat (an orbit of two ∞ holds none);
    an invariant week puts one pair in each orbit between two columns.
    """
    length, columns, fixed = symmetry.length, symmetry.columns, symmetry.fixed
    developed = max(1, symmetry.developed(weeks))
    full = (columns * ((length - 1) // 2) + columns * (columns - 1) // 2 * length
            + fixed * columns)  # fmt: skip
    room = full * (length // developed)
    if symmetry.bases == 0:
        room = columns * (columns - 1) // 2 * length
    elif length % 2 == 0:
        room += columns * (length // 2 // developed)
    pairs = size * (size - 1) // 2
    return room - (symmetry.bases * groups + symmetry.invariant) * pairs


@jit
def _swap_all_weeks(
    base: NDArray[np.int64], powers: NDArray[np.int64], meet: NDArray[np.int64], a: int, i: int,
    b: int, j: int,
) -> int:  # fmt: skip
    """Swap base[a, i] and base[b, j] in every translate; return the change in repeats."""
    s = base.shape[1]
    x0 = base[a, i]
    y0 = base[b, j]
    delta = 0
    for t in range(powers.shape[0]):
        x = powers[t, x0]
        y = powers[t, y0]
        for q in range(s):
            if q != i:
                z = powers[t, base[a, q]]
                delta += _meet_less(meet, x, z) + _meet_more(meet, y, z)
            if q != j:
                z = powers[t, base[b, q]]
                delta += _meet_less(meet, y, z) + _meet_more(meet, x, z)
    base[a, i] = y0
    base[b, j] = x0
    return delta


@jit
def _meet_less(meet: NDArray[np.int64], x: int, z: int) -> int:
    meet[x, z] -= 1
    meet[z, x] -= 1
    return -1 if meet[x, z] >= 1 else 0


@jit
def _meet_more(meet: NDArray[np.int64], x: int, z: int) -> int:
    meet[x, z] += 1
    meet[z, x] += 1
    return 1 if meet[x, z] >= 2 else 0


@jit
def _hit(orbit: int, change: int, hits: NDArray[np.int64], sizes: NDArray[np.int64],
         per_hit: NDArray[np.int64]) -> int:  # fmt: skip
    """Add ``change`` hits to ``orbit``; return the change in repeats."""
    before = max(0, per_hit[orbit] * hits[orbit] - 1)
    hits[orbit] += change
    return int(sizes[orbit] * (max(0, per_hit[orbit] * hits[orbit] - 1) - before))


@jit
def _swap_orbits(
    base: NDArray[np.int64], orbit_of: NDArray[np.int64], hits: NDArray[np.int64],
    sizes: NDArray[np.int64], per_hit: NDArray[np.int64], a: int, i: int, b: int, j: int,
) -> int:  # fmt: skip
    """Swap base[a, i] and base[b, j] (all translates); return the change in repeats."""
    s = base.shape[1]
    x = base[a, i]
    y = base[b, j]
    delta = 0
    for q in range(s):
        if q != i:
            z = base[a, q]
            delta += _hit(orbit_of[x, z], -1, hits, sizes, per_hit)
            delta += _hit(orbit_of[y, z], 1, hits, sizes, per_hit)
        if q != j:
            z = base[b, q]
            delta += _hit(orbit_of[y, z], -1, hits, sizes, per_hit)
            delta += _hit(orbit_of[x, z], 1, hits, sizes, per_hit)
    base[a, i] = y
    base[b, j] = x
    return delta


@jit
def _shift_column(
    offsets: NDArray[np.int64], meet: NDArray[np.int64], orbit_of: NDArray[np.int64],
    hits: NDArray[np.int64], sizes: NDArray[np.int64], per_hit: NDArray[np.int64], u: int,
    j: int, d: int,
) -> int:  # fmt: skip
    """Shift column j of invariant week u by d; return the change in repeats."""
    s = offsets.shape[1]
    g = meet.shape[0] // s if orbit_of.shape[0] == 0 else orbit_of.shape[0] // s
    delta = 0
    for a in range(1 if orbit_of.shape[0] else g):
        old = j * g + (offsets[u, j] + a) % g
        new = j * g + (offsets[u, j] + d + a) % g
        for q in range(s):
            if q == j:
                continue
            z = q * g + (offsets[u, q] + a) % g
            if orbit_of.shape[0]:
                delta += _hit(orbit_of[old, z], -1, hits, sizes, per_hit)
                delta += _hit(orbit_of[new, z], 1, hits, sizes, per_hit)
            else:
                delta += _meet_less(meet, old, z) + _meet_more(meet, new, z)
    offsets[u, j] = (offsets[u, j] + d) % g
    return delta


@jit
def schedule_state(
    base: NDArray[np.int64], offsets: NDArray[np.int64], powers: NDArray[np.int64],
    meet: NDArray[np.int64], orbit_of: NDArray[np.int64], hits: NDArray[np.int64],
    sizes: NDArray[np.int64], per_hit: NDArray[np.int64],
) -> int:  # fmt: skip
    """Count from scratch the meetings (or orbit hits) of the schedule; return its repeats."""
    m, g, s = base.shape
    total = 0
    if orbit_of.shape[0]:
        hits[:] = 0
        for bw in range(m):
            for a in range(g):
                for i in range(s):
                    for q in range(i):
                        total += _hit(orbit_of[base[bw, a, i], base[bw, a, q]], 1, hits, sizes,
                                      per_hit)  # fmt: skip
        for u in range(offsets.shape[0]):
            for i in range(s):
                for q in range(i):
                    x = i * g + offsets[u, i]
                    z = q * g + offsets[u, q]
                    total += _hit(orbit_of[x, z], 1, hits, sizes, per_hit)
        return total
    meet[:, :] = 0
    for bw in range(m):
        for t in range(powers.shape[0]):
            for a in range(g):
                for i in range(s):
                    for q in range(i):
                        x = powers[t, base[bw, a, i]]
                        total += _meet_more(meet, x, powers[t, base[bw, a, q]])
    for u in range(offsets.shape[0]):
        for a in range(g):
            for i in range(s):
                for q in range(i):
                    x = i * g + (offsets[u, i] + a) % g
                    total += _meet_more(meet, x, q * g + (offsets[u, q] + a) % g)
    return total


@jit
def random_start(
    base: NDArray[np.int64], offsets: NDArray[np.int64], rng: NDArray[np.uint64]
) -> None:
    """Random base weeks and random offsets of the invariant weeks."""
    m, g, s = base.shape
    for u in range(offsets.shape[0]):
        for j in range(s):
            offsets[u, j] = random_below(rng, g)
    n = g * s
    order = np.arange(n)
    for bw in range(m):
        for k in range(n - 1, 0, -1):
            r = random_below(rng, k + 1)
            order[k], order[r] = order[r], order[k]
        for k in range(n):
            base[bw, k // s, k % s] = order[k]


@jit
def _in_conflict(
    base: NDArray[np.int64], powers: NDArray[np.int64], meet: NDArray[np.int64],
    orbit_of: NDArray[np.int64], hits: NDArray[np.int64], per_hit: NDArray[np.int64], bw: int,
    a: int, i: int,
) -> bool:  # fmt: skip
    """Whether golfer base[bw, a, i] meets a group-mate more than once, in any translate."""
    s = base.shape[2]
    x0 = base[bw, a, i]
    for q in range(s):
        if q == i:
            continue
        if orbit_of.shape[0]:
            o = orbit_of[x0, base[bw, a, q]]
            if per_hit[o] * hits[o] > 1:
                return True
            continue
        for t in range(powers.shape[0]):
            if meet[powers[t, x0], powers[t, base[bw, a, q]]] > 1:
                return True
    return False


@jit
def cyclic_search(
    base: NDArray[np.int64],
    best: NDArray[np.int64],
    offsets: NDArray[np.int64],
    best_offsets: NDArray[np.int64],
    powers: NDArray[np.int64],
    meet: NDArray[np.int64],
    orbit_of: NDArray[np.int64],
    hits: NDArray[np.int64],
    sizes: NDArray[np.int64],
    per_hit: NDArray[np.int64],
    tabu: NDArray[np.int64],
    tabu_shift: NDArray[np.int64],
    istate: NDArray[np.int64],
    rng: NDArray[np.uint64],
    params: NDArray[np.int64],
    n_iterations: int,
) -> None:
    """Run up to ``n_iterations`` moves (fewer once no pair repeats).

    A move swaps two golfers of a base week (in all its translates) or shifts
    one column of an invariant week.  With whole orbits (``orbit_of`` not
    empty) moves are scored on orbit hits, otherwise on the meeting counts.
    """
    m, g, s = base.shape
    n = g * s
    n_invariant = offsets.shape[0]
    by_orbit = orbit_of.shape[0] > 0
    conflict = np.zeros((g, s), dtype=np.bool_)
    for _ in range(n_iterations):
        if istate[REPEATS] == 0:
            return
        it = istate[ITER]
        best_delta = 1 << 30
        bw_ = ba = bi = bb = bj = -1
        ties = 0
        for bw in range(m):
            for a in range(g):
                for i in range(s):
                    conflict[a, i] = _in_conflict(base, powers, meet, orbit_of, hits, per_hit,
                                                  bw, a, i)  # fmt: skip
            week = base[bw]
            for a in range(g):
                for i in range(s):
                    if not conflict[a, i]:
                        continue
                    x = week[a, i]
                    for b in range(g):
                        if b == a:
                            continue
                        for j in range(s):
                            if conflict[b, j] and b < a:
                                continue  # already tried from the other side
                            y = week[b, j]
                            if by_orbit:
                                delta = _swap_orbits(week, orbit_of, hits, sizes, per_hit, a, i,
                                                     b, j)  # fmt: skip
                                _swap_orbits(week, orbit_of, hits, sizes, per_hit, a, i, b, j)
                            else:
                                delta = _swap_all_weeks(week, powers, meet, a, i, b, j)
                                _swap_all_weeks(week, powers, meet, a, i, b, j)
                            if tabu[bw, x, y] > it and istate[REPEATS] + delta >= istate[BEST]:
                                continue
                            if delta < best_delta:
                                best_delta, ties = delta, 1
                                bw_, ba, bi, bb, bj = bw, a, i, b, j
                            elif delta == best_delta:
                                ties += 1
                                if random_below(rng, ties) == 0:
                                    bw_, ba, bi, bb, bj = bw, a, i, b, j
        for u in range(n_invariant):
            for j in range(s):
                for d in range(1, g):
                    delta = _shift_column(offsets, meet, orbit_of, hits, sizes, per_hit, u, j, d)
                    _shift_column(offsets, meet, orbit_of, hits, sizes, per_hit, u, j, g - d)
                    target = (offsets[u, j] + d) % g
                    if tabu_shift[u, j, target] > it and istate[REPEATS] + delta >= istate[BEST]:
                        continue
                    if delta < best_delta:
                        best_delta, ties = delta, 1
                        bw_, ba, bi, bb, bj = -1, -2, u, j, d
                    elif delta == best_delta:
                        ties += 1
                        if random_below(rng, ties) == 0:
                            bw_, ba, bi, bb, bj = -1, -2, u, j, d
        istate[ITER] = it + 1
        tenure = it + 1 + params[0] + random_below(rng, params[1] + 1)
        if ba >= 0:
            week = base[bw_]
            x = week[ba, bi]
            y = week[bb, bj]
            if by_orbit:
                istate[REPEATS] += _swap_orbits(week, orbit_of, hits, sizes, per_hit, ba, bi, bb,
                                                bj)  # fmt: skip
            else:
                istate[REPEATS] += _swap_all_weeks(week, powers, meet, ba, bi, bb, bj)
            tabu[bw_, x, y] = tenure
            tabu[bw_, y, x] = tenure
        elif ba == -2:
            tabu_shift[bi, bb, offsets[bi, bb]] = tenure
            istate[REPEATS] += _shift_column(offsets, meet, orbit_of, hits, sizes, per_hit, bi,
                                             bb, bj)  # fmt: skip
        if istate[REPEATS] < istate[BEST]:
            istate[BEST] = istate[REPEATS]
            best[:, :, :] = base
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
            base[:, :, :] = best
            offsets[:, :] = best_offsets
            for _k in range(1 + random_below(rng, max(2, n // 8))):
                if n_invariant > 0 and (m == 0 or random_below(rng, 4) == 0):
                    u = random_below(rng, n_invariant)
                    offsets[u, random_below(rng, s)] = random_below(rng, g)
                    continue
                bw = random_below(rng, m)
                a = random_below(rng, g)
                b = random_below(rng, g - 1)
                b = b + 1 if b >= a else b
                i = random_below(rng, s)
                j = random_below(rng, s)
                base[bw, a, i], base[bw, b, j] = base[bw, b, j], base[bw, a, i]
        istate[REPEATS] = schedule_state(base, offsets, powers, meet, orbit_of, hits, sizes,
                                         per_hit)  # fmt: skip
        tabu[:, :, :] = 0
        tabu_shift[:, :, :] = 0


def developed_schedule(
    base: NDArray[np.int64], offsets: NDArray[np.int64], powers: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The weeks × groups × size schedule: translates of the base weeks, then the fixed weeks."""
    g, s = base.shape[1:]
    weeks = [powers[t][week] for week in base for t in range(powers.shape[0])]
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
        self.method = f"cyclic search ({symmetry.describe()})"
        self.rng = rng
        self.powers = symmetry.powers(weeks)
        self.base = np.zeros((symmetry.bases, groups, size), dtype=np.int64)
        self.offsets = np.zeros((symmetry.invariant, size), dtype=np.int64)
        random_start(self.base, self.offsets, rng)
        if symmetry.full_orbits(weeks):
            self.orbit_of, self.sizes, self.per_hit = symmetry.orbits()
            self.meet = np.zeros((0, 0), dtype=np.int64)
        else:
            self.orbit_of = np.zeros((0, 0), dtype=np.int64)
            self.sizes = self.per_hit = np.zeros(0, dtype=np.int64)
            self.meet = np.zeros((n, n), dtype=np.int64)
        self.hits = np.zeros(self.sizes.shape[0], dtype=np.int64)
        self.istate = np.zeros(5, dtype=np.int64)
        self.istate[REPEATS] = self.istate[BEST] = schedule_state(
            self.base, self.offsets, self.powers, self.meet, self.orbit_of, self.hits,
            self.sizes, self.per_hit,
        )  # fmt: skip
        self.best = self.base.copy()
        self.best_offsets = self.offsets.copy()
        self.tabu = np.zeros((symmetry.bases, n, n), dtype=np.int64)
        self.tabu_shift = np.zeros((symmetry.invariant, size, groups), dtype=np.int64)
        self.params = np.array(PARAMS, dtype=np.int64)

    exhausted = False

    @property
    def repeats(self) -> int:
        return int(self.istate[BEST])

    @property
    def iterations(self) -> int:
        return int(self.istate[ITER])

    def run(self, n_iterations: int) -> None:
        cyclic_search(
            self.base, self.best, self.offsets, self.best_offsets, self.powers, self.meet,
            self.orbit_of, self.hits, self.sizes, self.per_hit, self.tabu, self.tabu_shift,
            self.istate, self.rng, self.params, n_iterations,
        )  # fmt: skip

    def schedule(self) -> NDArray[np.int64]:
        return developed_schedule(self.best, self.best_offsets, self.powers)
