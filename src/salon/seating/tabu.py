"""Iterated tabu search over groupings: the engine behind every seating.

The search works on *units* (one person, or a keep-together group contracted
into one unit) placed at *tables* with size bounds ``lo[t] ≤ size[t] ≤ hi[t]``.
It maximises

    f(x) = Σ_t Σ_{u<v, x_u = x_v = t} W[u, v]

lexicographically after minimising the number of keep-apart violations
``Σ_{u<v same table} A[u, v]``.  Two matrices make every move O(1) to score and
O(n) to apply (Gallego et al. 2013; Lai & Hao 2016):

    S[u, t] = Σ_{v at t} W[u, v],    C[u, t] = Σ_{v at t} A[u, v].

Moving u from a to b changes f by ``S[u,b] − S[u,a]``; swapping u (at a) with
v (at b) changes it by ``S[u,b] − S[u,a] + S[v,a] − S[v,b] − 2 W[u,v]``.
Each iteration scores the whole insertion and swap neighbourhood, takes the best
move that is not tabu (a unit may not return to the table it just left for a
random tenure; a tabu move is allowed when it beats the best found, the usual
aspiration), and after ``stall_limit`` iterations without a new best of the
current run restarts from that run's best seating shaken by random moves — the
iterated tabu search of Palubeckis et al. 2015 for the MDGP.  After several
fruitless restarts the run has converged: its best seating joins a small pool
of run bests (the worst leaves when the pool is full; a seating already there
is not added twice), and the next run starts from a child of two pooled
seatings, as in the population phase of Yang et al. 2022.  The crossover is
Galinier & Hao's greedy partition crossover adapted to diversity: the parents
take turns handing down a whole table, the one whose members not yet seated
have the largest diversity among themselves, and the units left over go where
they add most.  The first runs start from random seatings with the same table
sizes, to fill the pool.

Swaps are scanned by table pair, the pair with the largest upper bound on its
best swap first (G[u, b] = S[u,b] − S[u,a] is the gain of u moving alone, and
a swap of u and v gains G[u,b] + G[v,a] − 2 W[u,v]); without keep-apart pairs
the scan stops at the first table pair whose bound cannot beat the best move
found, which skips most of the O(n²) swaps once the seating is good.

Everything the search needs between two calls lives in the arrays passed in,
so the caller can run it in chunks, check the clock, report progress and carry
on exactly where it stopped: the iterations do not depend on the chunking.

References
----------
M. Gallego, M. Laguna, R. Martí, A. Duarte, "Tabu search with strategic
oscillation for the maximally diverse grouping problem", JORS 64 (2013) 724–734.
X. Lai, J.-K. Hao, "Iterated maxima search for the maximally diverse grouping
problem", EJOR 254 (2016) 780–800.
G. Palubeckis, A. Ostreika, D. Rubliauskas, "Maximally diverse grouping: an
iterated tabu search approach", JORS 66 (2015) 579–592.
P. Galinier, J.-K. Hao, "Hybrid evolutionary algorithms for graph
coloring", J. Comb. Optim. 3 (1999) 379–397 (the greedy partition crossover).
X. Yang, Z. Cai, T. Jin, Z. Tang, S. Gao, "A three-phase search approach with
dynamic population size for solving the maximally diverse grouping problem",
EJOR 302 (2022) 925–953.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from salon.seating._jit import jit, random_below

# Slots of the integer and float state arrays shared with the caller.
(
    ITERATION, STALL, VIOLATIONS, BEST_VIOLATIONS, RESTARTS, ELITE_VIOLATIONS, FRUITLESS,
    POOL_COUNT, RUNS,
) = range(9)  # fmt: skip
OBJECTIVE, BEST_OBJECTIVE, ELITE_OBJECTIVE = 0, 1, 2
# Slots of the parameter array.
TENURE_MIN, TENURE_SPAN, STALL_LIMIT, PERTURBATION, FRESH_AFTER, POOL_SIZE, RANDOM_RUNS = range(7)

_EPS = 1e-9


# Named tuples, not dataclasses: numba compiles a kernel taking named tuples of
# arrays (reading a field costs nothing), and has no support for dataclasses.
class Grouping(NamedTuple):
    """The problem a search works on: fixed for its whole length."""

    W: NDArray[np.float64]  # W[u, v]: what units u and v add when seated together
    A: NDArray[np.int64]  # A[u, v]: 1 if u and v must sit apart
    usize: NDArray[np.int64]  # people in each unit
    lo: NDArray[np.int64]  # the fewest people at each table
    hi: NDArray[np.int64]  # the most people at each table
    movable: NDArray[np.bool_]  # False for units pinned to their table


class Search(NamedTuple):
    """Everything a search carries from one call of :func:`tabu_search` to the next."""

    assign: NDArray[np.int64]  # the current seating: unit -> table
    best_assign: NDArray[np.int64]  # the best seating over all runs
    elite: NDArray[np.int64]  # the best seating of the current run
    pool: NDArray[np.int64]  # run bests kept for crossover, one a row
    pool_v: NDArray[np.int64]  # their violations
    pool_f: NDArray[np.float64]  # their objectives
    S: NDArray[np.float64]  # S[u, t] = sum of W[u, v] over v at table t
    C: NDArray[np.int64]  # C[u, t] = sum of A[u, v] over v at table t
    size: NDArray[np.int64]  # people at each table
    tabu: NDArray[np.int64]  # tabu[u, t]: u may not return to t before this iteration
    istate: NDArray[np.int64]  # the integer slots (ITERATION, STALL, ...)
    fstate: NDArray[np.float64]  # the float slots (OBJECTIVE, ...)
    params: NDArray[np.int64]  # the parameter slots (TENURE_MIN, ...)
    rng: NDArray[np.uint64]  # the xorshift generator's state


@jit
def _better(v1: int, f1: float, v2: int, f2: float) -> bool:
    return v1 < v2 or (v1 == v2 and f1 > f2 + _EPS)


@jit
def rebuild(
    W: NDArray[np.float64],
    A: NDArray[np.int64],
    usize: NDArray[np.int64],
    assign: NDArray[np.int64],
    S: NDArray[np.float64],
    C: NDArray[np.int64],
    size: NDArray[np.int64],
    istate: NDArray[np.int64],
    fstate: NDArray[np.float64],
) -> None:
    """Recompute S, C, table sizes, objective and violations from scratch."""
    nu = W.shape[0]
    S[:, :] = 0.0
    C[:, :] = 0
    size[:] = 0
    for v in range(nu):
        t = assign[v]
        size[t] += usize[v]
        for u in range(nu):
            S[u, t] += W[u, v]
            C[u, t] += A[u, v]
    objective = 0.0
    violations = 0
    for u in range(nu):
        objective += S[u, assign[u]] - W[u, u]
        violations += C[u, assign[u]] - A[u, u]
    fstate[OBJECTIVE] = 0.5 * objective
    istate[VIOLATIONS] = violations // 2


@jit
def _move(
    W: NDArray[np.float64],
    A: NDArray[np.int64],
    usize: NDArray[np.int64],
    assign: NDArray[np.int64],
    S: NDArray[np.float64],
    C: NDArray[np.int64],
    size: NDArray[np.int64],
    u: int,
    b: int,
    apart: bool,
) -> None:
    a = assign[u]
    Wu = W[u]
    for x in range(W.shape[0]):
        S[x, a] -= Wu[x]
        S[x, b] += Wu[x]
    if apart:  # without keep-apart pairs C stays zero
        Au = A[u]
        for x in range(W.shape[0]):
            C[x, a] -= Au[x]
            C[x, b] += Au[x]
    size[a] -= usize[u]
    size[b] += usize[u]
    assign[u] = b


@jit
def _perturb(
    W: NDArray[np.float64],
    A: NDArray[np.int64],
    usize: NDArray[np.int64],
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    movable: NDArray[np.bool_],
    assign: NDArray[np.int64],
    S: NDArray[np.float64],
    C: NDArray[np.int64],
    size: NDArray[np.int64],
    istate: NDArray[np.int64],
    fstate: NDArray[np.float64],
    rng: NDArray[np.uint64],
    strength: int,
) -> None:
    """Random feasible swaps (or insertions when sizes allow), scored incrementally."""
    nu = W.shape[0]
    m = lo.shape[0]
    apart = bool(A.any())
    done = 0
    attempts = 0
    while done < strength and attempts < 20 * strength + 100:
        attempts += 1
        u = random_below(rng, nu)
        if not movable[u]:
            continue
        a = assign[u]
        if random_below(rng, 2) == 0:
            b = random_below(rng, m)
            if b == a or size[a] - usize[u] < lo[a] or size[b] + usize[u] > hi[b]:
                continue
            fstate[OBJECTIVE] += S[u, b] - S[u, a]
            istate[VIOLATIONS] += C[u, b] - C[u, a]
            _move(W, A, usize, assign, S, C, size, u, b, apart)
        else:
            v = random_below(rng, nu)
            b = assign[v]
            if not movable[v] or b == a:
                continue
            diff = usize[v] - usize[u]
            if diff != 0 and (
                size[a] + diff < lo[a]
                or size[a] + diff > hi[a]
                or size[b] - diff < lo[b]
                or size[b] - diff > hi[b]
            ):
                continue
            fstate[OBJECTIVE] += S[u, b] - S[u, a] + S[v, a] - S[v, b] - 2.0 * W[u, v]
            istate[VIOLATIONS] += C[u, b] - C[u, a] + C[v, a] - C[v, b] - 2 * A[u, v]
            _move(W, A, usize, assign, S, C, size, u, b, apart)
            _move(W, A, usize, assign, S, C, size, v, a, apart)
        done += 1


@jit
def _shuffle(
    assign: NDArray[np.int64],
    usize: NDArray[np.int64],
    movable: NDArray[np.bool_],
    rng: NDArray[np.uint64],
) -> None:
    """A fresh random seating with the same table sizes (units of equal size trade places)."""
    free = np.flatnonzero(movable)
    for k in range(free.shape[0] - 1, 0, -1):
        i = free[k]
        j = free[random_below(rng, k + 1)]
        if usize[i] == usize[j]:
            assign[i], assign[j] = assign[j], assign[i]


@jit
def _crossover(
    W: NDArray[np.float64],
    usize: NDArray[np.int64],
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    movable: NDArray[np.bool_],
    parent_a: NDArray[np.int64],
    parent_b: NDArray[np.int64],
    child: NDArray[np.int64],
    rng: NDArray[np.uint64],
) -> bool:
    """Group-based crossover: the child inherits whole tables from its parents.

    The parents take turns; each hands down its table whose members not yet
    seated in the child have the largest diversity among themselves.  Units
    left over go, largest first, to the table where they add most, then tables
    below their minimum take units from tables that can spare them.  Returns
    False (``child`` undefined) when keep-together groups cannot be packed.
    """
    nu = W.shape[0]
    m = lo.shape[0]
    size = np.zeros(m, dtype=np.int64)
    filled = np.zeros(m, dtype=np.bool_)
    used = np.zeros((2, m), dtype=np.bool_)
    value = np.zeros(m)
    count = np.zeros(m, dtype=np.int64)
    gain = np.zeros(m)
    any_pinned = False
    for u in range(nu):
        child[u] = -1
        if not movable[u]:
            # A pinned unit never moves, so both parents seat it alike.
            child[u] = parent_a[u]
            size[parent_a[u]] += usize[u]
            any_pinned = True
    side = random_below(rng, 2)
    n_filled = 0
    while n_filled < m:
        parent = parent_a if side == 0 else parent_b
        value[:] = 0.0
        count[:] = 0
        for u in range(nu):
            if child[u] >= 0:
                continue
            g = parent[u]
            count[g] += usize[u]
            Wu = W[u]
            for v in range(u + 1, nu):
                if child[v] < 0 and parent[v] == g:
                    value[g] += Wu[v]
        g = -1
        for k in range(m):
            if not used[side, k] and count[k] > 0 and (g < 0 or value[k] > value[g]):
                g = k
        if g < 0:
            if used[side].all() or count.sum() == 0:
                break
            used[side, :] = True  # nothing left to hand down from this parent
            side = 1 - side
            continue
        used[side, g] = True
        t = -1
        if not filled[g]:
            t = g
        elif not any_pinned:
            # Table numbers carry no meaning without pins: any free table
            # whose bounds admit the group will do.
            for k in range(m):
                if not filled[k] and (t < 0 or (lo[k] <= count[g] <= hi[k])):
                    t = k
                    if lo[k] <= count[g] <= hi[k]:
                        break
        if t >= 0:
            for u in range(nu):
                if child[u] < 0 and parent[u] == g and size[t] + usize[u] <= hi[t]:
                    child[u] = t
                    size[t] += usize[u]
            filled[t] = True
            n_filled += 1
        side = 1 - side
    # Leftover units, largest first, where they add most (tables below their
    # minimum first when the leftovers are only just enough to fill them).
    largest = 0
    for u in range(nu):
        if child[u] < 0 and usize[u] > largest:
            largest = usize[u]
    for unit_size in range(largest, 0, -1):
        for u in range(nu):
            if child[u] >= 0 or usize[u] != unit_size:
                continue
            remaining = 0
            for v in range(nu):
                if child[v] < 0:
                    remaining += usize[v]
            deficit = 0
            for k in range(m):
                deficit += max(0, lo[k] - size[k])
            gain[:] = 0.0
            for v in range(nu):
                if child[v] >= 0:
                    gain[child[v]] += W[u, v]
            t = -1
            for k in range(m):
                if size[k] + unit_size > hi[k]:
                    continue
                if remaining <= deficit and size[k] >= lo[k]:
                    continue
                if t < 0 or gain[k] > gain[t]:
                    t = k
            if t < 0:
                return False
            child[u] = t
            size[t] += unit_size
    for t in range(m):
        while size[t] < lo[t]:
            best_u = -1
            best_delta = -np.inf
            for u in range(nu):
                s = child[u]
                if (
                    not movable[u]
                    or s == t
                    or size[s] - usize[u] < lo[s]
                    or size[t] + usize[u] > hi[t]
                ):
                    continue
                delta = 0.0
                for v in range(nu):
                    if child[v] == t:
                        delta += W[u, v]
                    elif child[v] == s and v != u:
                        delta -= W[u, v]
                if delta > best_delta:
                    best_u, best_delta = u, delta
            if best_u < 0:
                return False
            size[child[best_u]] -= usize[best_u]
            child[best_u] = t
            size[t] += usize[best_u]
    return True


@jit
def _remember(
    elite: NDArray[np.int64],
    elite_v: int,
    elite_f: float,
    pool: NDArray[np.int64],
    pool_v: NDArray[np.int64],
    pool_f: NDArray[np.float64],
    istate: NDArray[np.int64],
) -> None:
    """Add a run's best seating to the pool, replacing the worst when full."""
    if pool.shape[0] == 0:
        return
    n_pool = istate[POOL_COUNT]
    worst = -1
    for k in range(n_pool):
        if pool_v[k] == elite_v and abs(pool_f[k] - elite_f) <= _EPS * max(1.0, abs(elite_f)):
            return  # (almost surely) the same seating again
        if worst < 0 or _better(pool_v[worst], pool_f[worst], pool_v[k], pool_f[k]):
            worst = k
    if n_pool < pool.shape[0]:
        worst = n_pool
        istate[POOL_COUNT] = n_pool + 1
    elif not _better(elite_v, elite_f, pool_v[worst], pool_f[worst]):
        return
    pool[worst] = elite
    pool_v[worst] = elite_v
    pool_f[worst] = elite_f


@jit
def tabu_search(grouping: Grouping, search: Search, n_iterations: int) -> None:
    """Run ``n_iterations`` more iterations, updating every array of ``search`` in place.

    The caller initialises ``assign`` (feasible sizes), calls :func:`rebuild`,
    copies ``assign`` into ``best_assign`` and ``elite`` and the objective and
    violations into their best and elite slots, and zeroes ``tabu``.

    ``elite`` is the best seating of the current run, which restarts come
    back to; after ``params[FRESH_AFTER]`` restarts without a new elite (0:
    never) the elite joins ``pool`` (room for ``params[POOL_SIZE]`` seatings,
    with their violations and objectives in ``pool_v`` and ``pool_f``) and a
    new run starts, from a random seating for the first
    ``params[RANDOM_RUNS]`` runs and then from a crossover of two pooled
    seatings.  ``best_assign`` is the best over all runs.
    """
    W, A, usize, lo, hi, movable = grouping
    (
        assign, best_assign, elite, _, _, _, S, C, size, tabu, istate, fstate, params, rng,
    ) = search  # fmt: skip
    nu = W.shape[0]
    m = lo.shape[0]
    # Without keep-apart pairs every move has dv = 0, and a swap between
    # tables a and b gains at most max_u G[u,b] + max_v G[v,a] − 2·min W, so
    # whole table pairs (visited best bound first) and units can be skipped.
    no_apart = True
    w_min = np.inf
    for u in range(nu):
        for v in range(nu):
            if A[u, v] != 0:
                no_apart = False
            if u != v and W[u, v] < w_min:
                w_min = W[u, v]
    if nu < 2:
        w_min = 0.0
    G = np.empty((nu, m))  # G[u, t] = gain of moving u alone to t
    max_gain = np.empty((m, m))  # max over movable u at a of G[u, b]
    members = np.empty(nu, dtype=np.int64)
    first = np.zeros(m + 1, dtype=np.int64)
    cursor = np.empty(m, dtype=np.int64)
    n_pairs = m * (m - 1) // 2
    pair_a = np.empty(n_pairs, dtype=np.int64)
    pair_b = np.empty(n_pairs, dtype=np.int64)
    bound = np.empty(n_pairs)
    for _ in range(n_iterations):
        it = istate[ITERATION]
        viol = istate[VIOLATIONS]
        obj = fstate[OBJECTIVE]
        best_v = istate[BEST_VIOLATIONS]
        best_f = fstate[BEST_OBJECTIVE]
        move_v = 1 << 40
        move_f = -np.inf
        move_u = -1
        move_b = -1
        move_w = -1  # the swap partner, or -1 for an insertion
        ties = 0
        first[:] = 0
        max_gain[:, :] = -np.inf
        for u in range(nu):
            if not movable[u]:
                continue
            a = assign[u]
            first[a + 1] += 1
            su = usize[u]
            Su = S[u]
            Cu = C[u]
            Gu = G[u]
            gain_at_a = max_gain[a]
            stay = Su[a]
            for t in range(m):  # branch-free, so that it vectorises
                g = Su[t] - stay
                Gu[t] = g
                gain_at_a[t] = max(gain_at_a[t], g)
            if size[a] - su >= lo[a]:
                for t in range(m):
                    if t == a or size[t] + su > hi[t]:
                        continue
                    dv = Cu[t] - Cu[a]
                    df = G[u, t]
                    if tabu[u, t] > it and not _better(viol + dv, obj + df, best_v, best_f):
                        continue
                    if _better(dv, df, move_v, move_f):
                        move_v, move_f, move_u, move_b, move_w, ties = dv, df, u, t, -1, 1
                    elif dv == move_v and abs(df - move_f) <= _EPS:
                        ties += 1
                        if random_below(rng, ties) == 0:
                            move_u, move_b, move_w = u, t, -1
        for t in range(m):
            first[t + 1] += first[t]
            cursor[t] = first[t]
        for u in range(nu):
            if movable[u]:
                members[cursor[assign[u]]] = u
                cursor[assign[u]] += 1
        k = 0
        for a in range(m):
            for b in range(a + 1, m):
                pair_a[k] = a
                pair_b[k] = b
                bound[k] = max_gain[a, b] + max_gain[b, a] - 2.0 * w_min
                k += 1
        for q in np.argsort(-bound):
            prune = no_apart and move_v == 0
            if prune and bound[q] < move_f - _EPS:
                break  # every remaining table pair has a smaller bound
            a = pair_a[q]
            b = pair_b[q]
            for ia in range(first[a], first[a + 1]):
                u = members[ia]
                gub = G[u, b]
                if no_apart and move_v == 0 and gub + max_gain[b, a] - 2.0 * w_min < move_f - _EPS:
                    continue
                su = usize[u]
                Wu = W[u]
                for ib in range(first[b], first[b + 1]):
                    v = members[ib]
                    diff = usize[v] - su
                    if diff != 0 and (
                        size[a] + diff < lo[a]
                        or size[a] + diff > hi[a]
                        or size[b] - diff < lo[b]
                        or size[b] - diff > hi[b]
                    ):
                        continue
                    df = gub + G[v, a] - 2.0 * Wu[v]
                    dv = 0
                    if not no_apart:
                        dv = C[u, b] - C[u, a] + C[v, a] - C[v, b] - 2 * A[u, v]
                    if (tabu[u, b] > it or tabu[v, a] > it) and not _better(
                        viol + dv, obj + df, best_v, best_f
                    ):
                        continue
                    if _better(dv, df, move_v, move_f):
                        move_v, move_f, move_u, move_b, move_w, ties = dv, df, u, b, v, 1
                    elif dv == move_v and abs(df - move_f) <= _EPS:
                        ties += 1
                        if random_below(rng, ties) == 0:
                            move_u, move_b, move_w = u, b, v
        istate[ITERATION] = it + 1
        if move_u < 0:
            # Every move is tabu or infeasible: only a restart can help.
            istate[STALL] = params[STALL_LIMIT]
        else:
            a = assign[move_u]
            _move(W, A, usize, assign, S, C, size, move_u, move_b, not no_apart)
            tabu[move_u, a] = it + params[TENURE_MIN] + random_below(rng, params[TENURE_SPAN] + 1)
            if move_w >= 0:
                _move(W, A, usize, assign, S, C, size, move_w, a, not no_apart)
                tabu[move_w, move_b] = (
                    it + params[TENURE_MIN] + random_below(rng, params[TENURE_SPAN] + 1)
                )
            istate[VIOLATIONS] = viol + move_v
            fstate[OBJECTIVE] = obj + move_f
            elite_v = istate[ELITE_VIOLATIONS]
            if _better(viol + move_v, obj + move_f, elite_v, fstate[ELITE_OBJECTIVE]):
                istate[ELITE_VIOLATIONS] = viol + move_v
                fstate[ELITE_OBJECTIVE] = obj + move_f
                elite[:] = assign
                istate[STALL] = 0
                istate[FRUITLESS] = 0
                if _better(viol + move_v, obj + move_f, best_v, best_f):
                    istate[BEST_VIOLATIONS] = viol + move_v
                    fstate[BEST_OBJECTIVE] = obj + move_f
                    best_assign[:] = assign
            else:
                istate[STALL] += 1
        if istate[STALL] >= params[STALL_LIMIT]:
            _restart(grouping, search)


@jit
def _restart(grouping: Grouping, search: Search) -> None:
    """After ``params[STALL_LIMIT]`` iterations without a new best of the run: shake the
    run's best seating, or after ``params[FRESH_AFTER]`` fruitless restarts start a new run."""
    W, A, usize, lo, hi, movable = grouping
    (
        assign, _, elite, pool, pool_v, pool_f, S, C, size, _, istate, fstate, params, rng,
    ) = search  # fmt: skip
    istate[FRUITLESS] += 1
    istate[RESTARTS] += 1
    istate[STALL] = 0
    if params[FRESH_AFTER] > 0 and istate[FRUITLESS] >= params[FRESH_AFTER]:
        # This run has converged: a new one from a random seating
        # or, once enough runs have filled the pool, from a crossover
        # of two pooled seatings.
        _remember(
            elite, istate[ELITE_VIOLATIONS], fstate[ELITE_OBJECTIVE], pool, pool_v,
            pool_f, istate,
        )  # fmt: skip
        istate[RUNS] += 1
        n_pool = istate[POOL_COUNT]
        crossed = False
        if istate[RUNS] >= params[RANDOM_RUNS] and n_pool >= 2:
            i = random_below(rng, n_pool)
            j = random_below(rng, n_pool - 1)
            j += j >= i
            crossed = _crossover(W, usize, lo, hi, movable, pool[i], pool[j], assign, rng)
        if not crossed:
            assign[:] = elite
            _shuffle(assign, usize, movable, rng)
        rebuild(W, A, usize, assign, S, C, size, istate, fstate)
        elite[:] = assign
        istate[ELITE_VIOLATIONS] = istate[VIOLATIONS]
        fstate[ELITE_OBJECTIVE] = fstate[OBJECTIVE]
        istate[FRUITLESS] = 0
        return
    # Iterated tabu search: restart from the run's best seating, shaken.
    assign[:] = elite
    rebuild(W, A, usize, assign, S, C, size, istate, fstate)
    # Keep the incrementally tracked value: rebuild's fresh sum may
    # differ from it in the last bits.
    fstate[OBJECTIVE] = fstate[ELITE_OBJECTIVE]
    _perturb(
        W, A, usize, lo, hi, movable, assign, S, C, size, istate, fstate, rng,
        params[PERTURBATION],
    )  # fmt: skip
