"""The Social Golfer Problem: rounds in which nobody meets anyone twice.

g·s golfers play in g groups of s for w weeks; the goal is a schedule in which
no pair of golfers shares a group more than once.  For a meetup this is the
"everyone meets new people every round" part of seating, with diversity left
out.  Two kinds of search share the budget, in rounds of doubling length:

* a search over whole schedules.  Each week is
  built greedily by the *freedom* heuristic of Triska & Musliu (2012):
  golfers are placed in pairs, choosing the pair that keeps the most golfers
  still able to meet everyone in the group for the first time.  The schedule
  is then repaired by the tabu search of Dotú & Van Hentenryck (2005): swap
  two golfers of different groups in one week, one of them in a conflict,
  choosing the swap that removes the most repeated pairs; two golfers just
  swapped in a week may not be swapped back there for a random tenure
  (aspiration when a swap beats the best); after a stall the best schedule
  is shaken by random swaps, and after several fruitless shakes the schedule
  is rebuilt greedily.  The first week is fixed to golfers 0..n-1 in order:
  any schedule can be relabelled so, and fixing it removes symmetric copies.
* as much again, up to a second a round (so less and less of the time),
  goes to searches over schedules with a cyclic symmetry
  (:mod:`salon.seating.golfer_cyclic`): every week is a translate of a few
  base weeks, so only those are searched.  Such schedules exist for most of
  the known maxima (Kirkman triple systems, resolvable designs) and are far
  easier to find there; the general search covers instances where none does.
* as much again as the general search goes to exact-cover searches
  (:mod:`salon.seating.golfer_cover`): with one base week developed over a
  whole orbit, choosing the base week is an exact cover (every golfer once,
  every orbit of pairs at most once), solved by Knuth's Algorithm X with
  random restarts.  A schedule of fewer weeks than the orbit is the first
  weeks of a whole orbit.

The search stops at the first schedule without a repeat, or returns the best
one found by either kind.  Where the number of groups is a prime power q and
at most q weeks are asked for (q + 1 with groups of q), nothing is searched:
the affine plane of order q gives the schedule (:mod:`salon.seating.golfer_affine`).

References
----------
I. Dotú, P. Van Hentenryck, "Scheduling social golfers locally", CPAIOR 2005,
LNCS 3524, 155–167.
M. Triska, N. Musliu, "An effective greedy heuristic for the Social Golfer
Problem", Annals of Operations Research 194 (2012) 413–425.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError
from salon.seating import runner
from salon.seating._jit import jit, random_below, random_state
from salon.seating.golfer_affine import affine_schedule
from salon.seating.golfer_cover import CoverSearch, cover_symmetries
from salon.seating.golfer_cyclic import CyclicSearch, Symmetry, symmetries

# Tabu tenure 4 + [0, 96] (the range of Dotú & Van Hentenryck), a shake after
# 5 iterations per golfer without a new best, a greedy rebuild after 50
# fruitless shakes.  Shorter stalls (5 rather than 50 per golfer) and rarer
# rebuilds solved 10-4-10 in 3-7 s where the former setting stalled at one
# repeat for 15 s (two seeds each; 8-5-7 and 10-4-11 no worse).
PARAMS = (4, 96, 5, 50)
# Symmetric searches run beside the general one, the tightest symmetries first.
# Where one succeeds it does so within a few thousand moves (7-3-10: 100,
# 7-4-9: 400); past that the general search gets the larger part of the time.
N_SYMMETRIES = 6
# Exact-cover searches for a base week, the tightest symmetries first; together
# they get as much time as the general search: a cover finds designs the local
# searches stall short of (10-4-12 over Z_12 × 3 ∪ 4∞: seeds 3 and 5 in 52 and 54 s,
# seeds 1 and 4 not in 60 s), and with
# half as much none of seeds 3, 4, 5 reached it in 60 s.  Every instance the
# general search solves in the SGP benchmark takes it under 1 s.
N_COVERS = 2
COVER_SHARE = 1.0
SYMMETRIC_ROUND_SECONDS = 1.0
SYMMETRIC_ROUND_MOVES = 8192
# Slots of the integer state array.
_ITER, _STALL, _REPEATS, _BEST, _SHAKES, _REBUILDS = range(6)


@jit
def _week_greedy(
    groups: NDArray[np.int64], meet: NDArray[np.int64], w: int, rng: NDArray[np.uint64]
) -> None:
    """Fill week ``w`` of ``groups`` by the freedom heuristic, updating ``meet``."""
    g, s = groups.shape[1], groups.shape[2]
    n = g * s
    placed = np.zeros(n, dtype=np.bool_)
    fresh = np.empty(n, dtype=np.bool_)  # meets no one in the group yet
    for gi in range(g):
        fresh[:] = True
        k = 0
        while k < s:
            best_conf = 1 << 30
            best_free = -1
            bx = -1
            by = -1
            ties = 0
            pair = s - k >= 2
            for x in range(n):
                if placed[x]:
                    continue
                cx = 0
                for q in range(k):
                    cx += meet[x, groups[w, gi, q]] > 0
                for y in range(x + 1 if pair else x, n if pair else x + 1):
                    if placed[y]:
                        continue
                    conf = cx
                    if pair:
                        conf += meet[x, y] > 0
                        for q in range(k):
                            conf += meet[y, groups[w, gi, q]] > 0
                    if conf > best_conf:
                        continue
                    free = 0
                    for p in range(n):
                        if fresh[p] and meet[p, x] == 0 and meet[p, y] == 0:
                            free += 1
                    if conf < best_conf or free > best_free:
                        best_conf, best_free, bx, by, ties = conf, free, x, y, 1
                    elif free == best_free:
                        ties += 1
                        if random_below(rng, ties) == 0:
                            bx, by = x, y
            for step in range(2 if pair else 1):
                z = bx if step == 0 else by
                for q in range(k):
                    o = groups[w, gi, q]
                    meet[z, o] += 1
                    meet[o, z] += 1
                groups[w, gi, k] = z
                placed[z] = True
                k += 1
                for p in range(n):
                    if meet[p, z] > 0 or p == z:
                        fresh[p] = False


@jit
def _rebuild(groups: NDArray[np.int64], meet: NDArray[np.int64], rng: NDArray[np.uint64]) -> int:
    """Rebuild weeks 1.. greedily after the fixed first week; return the repeats."""
    weeks, g, s = groups.shape
    meet[:, :] = 0
    for gi in range(g):
        for k in range(s):
            groups[0, gi, k] = gi * s + k
            for q in range(k):
                meet[gi * s + k, gi * s + q] += 1
                meet[gi * s + q, gi * s + k] += 1
    for w in range(1, weeks):
        _week_greedy(groups, meet, w, rng)
    return _count_repeats(meet)


@jit
def _count_repeats(meet: NDArray[np.int64]) -> int:
    total = 0
    n = meet.shape[0]
    for p in range(n):
        for q in range(p + 1, n):
            if meet[p, q] > 1:
                total += meet[p, q] - 1
    return total


@jit
def _swap(groups: NDArray[np.int64], meet: NDArray[np.int64], w: int, a: int, i: int, b: int,
          j: int) -> None:  # fmt: skip
    s = groups.shape[2]
    x = groups[w, a, i]
    y = groups[w, b, j]
    for q in range(s):
        if q != i:
            z = groups[w, a, q]
            meet[x, z] -= 1
            meet[z, x] -= 1
            meet[y, z] += 1
            meet[z, y] += 1
        if q != j:
            z = groups[w, b, q]
            meet[y, z] -= 1
            meet[z, y] -= 1
            meet[x, z] += 1
            meet[z, x] += 1
    groups[w, a, i] = y
    groups[w, b, j] = x


@jit
def golfer_search(
    groups: NDArray[np.int64],
    best: NDArray[np.int64],
    meet: NDArray[np.int64],
    tabu: NDArray[np.int64],
    istate: NDArray[np.int64],
    rng: NDArray[np.uint64],
    params: NDArray[np.int64],
    n_iterations: int,
) -> None:
    """Run up to ``n_iterations`` swaps (fewer if the schedule has no repeats).

    ``params`` holds the tabu tenure's minimum and random span, the stall (in
    iterations per golfer) before a shake, and the shakes before a rebuild.
    """
    weeks, g, s = groups.shape
    n = g * s
    out2 = np.zeros(n, dtype=np.int64)  # pairs in its group it has met twice or more
    inb = np.zeros((n, g), dtype=np.int64)  # golfers of a group it has already met
    where = np.zeros(n, dtype=np.int64)
    stall_limit = params[2] * n
    for _ in range(n_iterations):
        if istate[_REPEATS] == 0:
            return
        it = istate[_ITER]
        best_delta = 1 << 30
        bw = ba = bi = bb = bj = -1
        ties = 0
        for w in range(1, weeks):
            for a in range(g):
                for i in range(s):
                    x = groups[w, a, i]
                    where[x] = a * s + i
                    c = 0
                    for q in range(s):
                        if q != i and meet[x, groups[w, a, q]] > 1:
                            c += 1
                    out2[x] = c
            for x in range(n):
                for b in range(g):
                    c = 0
                    for q in range(s):
                        c += meet[x, groups[w, b, q]] > 0
                    inb[x, b] = c
            for x in range(n):
                if out2[x] == 0:
                    continue
                a = where[x] // s
                for y in range(n):
                    b = where[y] // s
                    if b == a or (out2[y] > 0 and y < x):
                        continue
                    met = 1 if meet[x, y] > 0 else 0
                    delta = -out2[x] - out2[y] + inb[x, b] - met + inb[y, a] - met
                    if tabu[w, x, y] > it and istate[_REPEATS] + delta >= istate[_BEST]:
                        continue
                    if delta < best_delta:
                        best_delta, ties = delta, 1
                        bw, ba, bi, bb, bj = w, a, where[x] % s, b, where[y] % s
                    elif delta == best_delta:
                        ties += 1
                        if random_below(rng, ties) == 0:
                            bw, ba, bi, bb, bj = w, a, where[x] % s, b, where[y] % s
        istate[_ITER] = it + 1
        if bw >= 0:
            x = groups[bw, ba, bi]
            y = groups[bw, bb, bj]
            _swap(groups, meet, bw, ba, bi, bb, bj)
            istate[_REPEATS] += best_delta
            tenure = it + params[0] + random_below(rng, params[1] + 1)
            tabu[bw, x, y] = tenure
            tabu[bw, y, x] = tenure
        if istate[_REPEATS] < istate[_BEST]:
            istate[_BEST] = istate[_REPEATS]
            best[:, :, :] = groups
            istate[_STALL] = 0
            istate[_SHAKES] = 0
            continue
        istate[_STALL] += 1
        if istate[_STALL] < stall_limit:
            continue
        istate[_STALL] = 0
        istate[_SHAKES] += 1
        if istate[_SHAKES] > params[3]:
            # A fresh greedy schedule (the GRASP restart of Triska & Musliu).
            istate[_REPEATS] = _rebuild(groups, meet, rng)
            istate[_SHAKES] = 0
            istate[_REBUILDS] += 1
        else:
            groups[:, :, :] = best
            meet[:, :] = 0
            for w in range(weeks):
                for a in range(g):
                    for i in range(s):
                        for q in range(i):
                            meet[groups[w, a, i], groups[w, a, q]] += 1
                            meet[groups[w, a, q], groups[w, a, i]] += 1
            for _k in range(2 + random_below(rng, 4)):
                w = 1 + random_below(rng, weeks - 1)
                a = random_below(rng, g)
                b = random_below(rng, g - 1)
                b = b + 1 if b >= a else b
                _swap(groups, meet, w, a, random_below(rng, s), b, random_below(rng, s))
            istate[_REPEATS] = _count_repeats(meet)
        tabu[:, :, :] = 0


@dataclass(frozen=True)
class GolferSchedule:
    """A Social Golfer schedule and how good it is.

    ``schedule[w, k]`` lists the golfers of group k in week w (an int array of
    shape weeks × groups × size); ``repeats`` is Σ_{pairs} max(0, meetings − 1),
    0 for a solution; ``method`` says what produced it: the affine plane
    (constructed, no search), a search under a cyclic symmetry, or the general
    tabu search.
    """

    schedule: NDArray[np.int64] = field(repr=False)
    repeats: int
    iterations: int
    elapsed: float
    message: str
    method: str


def schedule_repeats(schedule: NDArray[np.int64]) -> int:
    """Σ over pairs of max(0, times in the same group − 1), from scratch."""
    _, g, s = schedule.shape
    n = g * s
    meet = np.zeros((n, n), dtype=np.int64)
    for week in schedule:
        for group in week:
            meet[np.ix_(group, group)] += 1
    np.fill_diagonal(meet, 0)
    return int(np.maximum(meet - 1, 0).sum() // 2)


class _GeneralSearch:
    """The arrays of the tabu search over whole schedules."""

    def __init__(self, groups: int, size: int, weeks: int, rng: NDArray[np.uint64]) -> None:
        n = groups * size
        self.rng = rng
        self.groups = np.zeros((weeks, groups, size), dtype=np.int64)
        self.meet = np.zeros((n, n), dtype=np.int64)
        self.istate = np.zeros(6, dtype=np.int64)
        self.istate[_REPEATS] = self.istate[_BEST] = _rebuild(self.groups, self.meet, rng)
        self.best = self.groups.copy()
        self.tabu = np.zeros((weeks, n, n), dtype=np.int64)
        self.params = np.array(PARAMS, dtype=np.int64)

    method = "general tabu search"
    exhausted = False

    @property
    def repeats(self) -> int:
        return int(self.istate[_BEST])

    @property
    def iterations(self) -> int:
        return int(self.istate[_ITER])

    def run(self, n_iterations: int) -> None:
        golfer_search(self.groups, self.best, self.meet, self.tabu, self.istate, self.rng,
                      self.params, n_iterations)  # fmt: skip

    def schedule(self) -> NDArray[np.int64]:
        return self.best


class _CoverCandidate:
    """An exact-cover search whose schedule (its deepest partial base week) is recounted."""

    def __init__(self, cover: CoverSearch) -> None:
        self.cover = cover
        self.method = cover.method
        self._counted_depth = -1
        self._repeats = 0

    @property
    def exhausted(self) -> bool:
        return self.cover.found or self.cover.exhausted

    @property
    def repeats(self) -> int:
        if self.cover.depth != self._counted_depth:
            self._counted_depth = self.cover.depth
            self._repeats = schedule_repeats(self.cover.schedule())
        return self._repeats

    @property
    def iterations(self) -> int:
        return self.cover.iterations

    def run(self, n_iterations: int) -> None:
        self.cover.run(n_iterations)

    def schedule(self) -> NDArray[np.int64]:
        return self.cover.schedule()


class _Search(Protocol):
    @property
    def method(self) -> str: ...
    @property
    def exhausted(self) -> bool: ...
    @property
    def repeats(self) -> int: ...
    @property
    def iterations(self) -> int: ...
    def run(self, n_iterations: int) -> None: ...
    def schedule(self) -> NDArray[np.int64]: ...


def social_golfer(
    *,
    groups: int,
    size: int,
    weeks: int,
    time_limit: float | None = 60.0,
    max_iterations: int | None = None,
    seed: int | np.random.Generator | None = None,
) -> GolferSchedule:
    """A schedule of ``weeks`` weeks of ``groups`` groups of ``size`` with few repeated pairs.

    Stops as soon as no pair meets twice, or at ``time_limit`` seconds or
    ``max_iterations`` moves (over all the searches).  See the module
    docstring for the method.

    Examples
    --------
    >>> res = social_golfer(groups=3, size=3, weeks=4, time_limit=10, seed=0)
    >>> res.repeats, res.schedule.shape
    (0, (4, 3, 3))
    """
    for name, value in (("groups", groups), ("size", size), ("weeks", weeks)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InputError(f"expected a positive integer, got {value!r}", field=name)
    if time_limit is None and max_iterations is None:
        raise InputError("expected a time_limit or max_iterations, got neither", field="time_limit")
    clock = runner.Clock(time_limit, max_iterations)
    constructed = affine_schedule(groups, size, weeks)
    if constructed is not None:
        return GolferSchedule(
            constructed, 0, 0, clock.elapsed, "no pair meets twice", "affine plane"
        )
    rng = np.random.default_rng(seed)
    _warm_up()
    clock = runner.Clock(time_limit, max_iterations)  # compiling is not searching
    general = _GeneralSearch(groups, size, weeks, random_state(rng))
    searches: list[_Search] = [general]
    if groups > 1 and general.repeats > 0:
        searches += [
            CyclicSearch(symmetry, groups, size, weeks, random_state(rng))
            for symmetry in symmetries(groups, size, weeks)[:N_SYMMETRIES]
        ]
    n_cyclic = len(searches) - 1
    if groups > 1 and general.repeats > 0:
        searches += [
            _CoverCandidate(CoverSearch(symmetry, groups, size, weeks, int(rng.integers(2**62))))
            for symmetry in cover_symmetries(groups, size, weeks)[:N_COVERS]
        ]
    n_covers = len(searches) - 1 - n_cyclic
    chunks = [16] * len(searches)

    def best() -> _Search:
        return min(searches, key=lambda search: search.repeats)

    # Rounds of doubling length for the general search; the symmetric ones
    # share as much, up to a cap a round.  Measured in seconds under a time
    # limit (their moves cost more than the general one's), in moves under an
    # iteration limit (so that a seed and a limit give one answer).
    by_time = max_iterations is None
    share = 0.05 if by_time else 256.0
    cap = SYMMETRIC_ROUND_SECONDS if by_time else SYMMETRIC_ROUND_MOVES
    while best().repeats > 0 and groups > 1 and not clock.exhausted():
        symmetric = min(share, cap) / max(1, n_cyclic)
        covering = COVER_SHARE * share / max(1, n_covers)
        for k, search in enumerate(searches):
            budget = share if k == 0 else symmetric if k <= n_cyclic else covering
            while (
                budget > 0 and search.repeats > 0 and not search.exhausted
                and not clock.exhausted()
            ):  # fmt: skip
                n = chunks[k] if by_time else min(chunks[k], max(1, int(budget)))
                left = clock.remaining_iterations()
                if left is not None:
                    n = min(n, left)
                started, before = clock.elapsed, search.iterations
                search.run(n)
                took = clock.elapsed - started
                budget -= took if by_time else search.iterations - before
                clock.iterations += search.iterations - before
                if took < 0.025:
                    chunks[k] *= 2
            if search.repeats == 0:
                break
        share *= 2
    found = best()
    if found.repeats == 0:
        message = "no pair meets twice"
    elif groups == 1:
        message = "one group: everyone meets every week"
    else:
        message = clock.stop_reason()
    return GolferSchedule(
        schedule=found.schedule(),
        repeats=found.repeats,
        iterations=clock.iterations,
        elapsed=clock.elapsed,
        message=message,
        method=found.method,
    )


def _warm_up() -> None:
    groups = np.zeros((2, 2, 2), dtype=np.int64)
    meet = np.zeros((4, 4), dtype=np.int64)
    rng = np.array([1], dtype=np.uint64)
    istate = np.zeros(6, dtype=np.int64)
    istate[_REPEATS] = istate[_BEST] = _rebuild(groups, meet, rng) + 1
    golfer_search(groups, groups.copy(), meet, np.zeros((2, 4, 4), dtype=np.int64), istate, rng,
                  np.array(PARAMS, dtype=np.int64), 1)  # fmt: skip
    # Base-week searches scored on orbits (all translates) and on meetings (a window).
    for symmetry, weeks in ((Symmetry(2, 2, 0, 1), 3), (Symmetry(3, 1, 1), 2)):
        CyclicSearch(symmetry, 2, 2, weeks, rng).run(1)
    CoverSearch(Symmetry(3, 1, 1), 2, 2, 3, 0).run(1)
