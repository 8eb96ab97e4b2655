"""What an evening's tables must be: the sizes the organiser gave, and what they force.

Three small pure functions that the meetup service builds its seating on:

- :func:`table_sizes` — the exact size of every table for ``n`` people, the
  same in every round: the capacities the organiser gave when enough people
  come, and otherwise the organiser's *shrink rule* says which tables give up
  seats;
- :func:`forced_repeat_pairings` — a proven lower bound on the repeats an
  evening of fixed table sizes must hold (pigeonhole and counting), to set
  beside what the optimiser achieved (:func:`repeat_pairings`);
- :func:`shared_groups` — how many groups (learners, non-pitchers, …) each
  pair shares; the service prices it so that each group is spread over the
  tables as evenly as their sizes allow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from salon.errors import InfeasibleError, InputError

SHRINK_RULES = ("even", "last")
"""``even``: the largest tables give up a seat first (the later of equal tables
first), so the sizes end as even as the capacities allow; ``last``: the last
table gives up seats first, down to its minimum, then the one before it."""

# Nobody sits alone at a table when a second person can join them.
_PREFERRED_MINIMUM = 2


def table_sizes(
    capacities: Sequence[int],
    n: int,
    *,
    minimums: Sequence[int] | None = None,
    shrink: str = "even",
) -> list[int]:
    """The size of each table for ``n`` people, under the shrink rule ``shrink``.

    With Σ capacities = n every table is full.  With fewer people,
    Σ capacities − n seats are taken away one at a time, never below a
    table's floor (its minimum, raised to 2 where the table seats two and
    the floors can still be met): ``shrink="even"`` takes the next seat from
    the largest table (the later one among equals), ``shrink="last"`` from
    the last table still above its floor.

    Raises
    ------
    InputError
        An unknown rule, or a negative count.
    InfeasibleError
        More people than seats (``constraint="capacity"``) or fewer than the
        tables' minimums need (``constraint="table_minimum"``).

    Examples
    --------
    >>> table_sizes([6, 6, 6, 5], 23)
    [6, 6, 6, 5]
    >>> table_sizes([6, 6, 6, 5], 21), table_sizes([6, 6, 6, 5], 21, shrink="last")
    ([6, 5, 5, 5], [6, 6, 6, 3])
    """
    if shrink not in SHRINK_RULES:
        raise InputError(
            f"expected a shrink rule among {', '.join(SHRINK_RULES)}, got {shrink!r}",
            field="shrink",
        )
    if n < 0:
        raise InputError(f"expected a number of people ≥ 0, got {n}", field="n")
    sizes = [int(c) for c in capacities]
    lows = [0] * len(sizes) if minimums is None else [int(m) for m in minimums]
    if n > sum(sizes):
        raise InfeasibleError(
            f"{n} attendees but only {sum(sizes)} seats at {len(sizes)} tables",
            constraint="capacity",
        )
    floors = [min(c, max(low, _PREFERRED_MINIMUM)) for c, low in zip(sizes, lows, strict=True)]
    if sum(floors) > n:
        floors = lows
    if sum(floors) > n:
        raise InfeasibleError(
            f"{n} attendees cannot fill the tables' minimums, which need {sum(floors)}",
            constraint="table_minimum",
        )
    for _ in range(sum(sizes) - n):
        open_tables = [t for t in range(len(sizes)) if sizes[t] > floors[t]]
        last = open_tables[-1]
        sizes[max(open_tables, key=lambda t: (sizes[t], t)) if shrink == "even" else last] -= 1
    return sizes


def _pigeonhole(size: int, n_tables: int) -> int:
    """Fewest pairs among ``size`` people drawn from ``n_tables`` tables that shared one."""
    q, r = divmod(size, n_tables)
    return r * math.comb(q + 1, 2) + (n_tables - r) * math.comb(q, 2)


def repeat_pairings(rows: NDArray[np.int64]) -> int:
    """Σ_{rounds a<b} (pairs at one table in both a and b) = Σ_pairs C(k, 2).

    ``rows[r, i]`` is the table of person i in round r; k is the number of
    rounds a pair shares a table.  A pair meeting twice counts 1, three
    times 3: the measure the seating's repeat price grows with.

    Examples
    --------
    >>> repeat_pairings(np.array([[0, 0, 1, 1], [0, 0, 1, 1], [0, 1, 0, 1]]))
    2
    """
    rows = np.atleast_2d(np.asarray(rows))
    total = 0
    for a in range(rows.shape[0]):
        for b in range(a + 1, rows.shape[0]):
            same = (rows[a][:, None] == rows[a][None, :]) & (rows[b][:, None] == rows[b][None, :])
            total += (int(same.sum()) - rows.shape[1]) // 2
    return total


def forced_repeat_pairings(sizes: Sequence[int], rounds: int) -> int:
    """A lower bound on :func:`repeat_pairings` for any seating of ``rounds`` rounds.

    Every round seats the same people at tables of the same ``sizes``.  Two
    bounds, the larger is returned:

    *pigeonhole* — a table of s people in a later round draws them from the
    m occupied tables of an earlier round; at best evenly, s = q·m + r, and
    then r·C(q + 1, 2) + (m − r)·C(q, 2) of its pairs sat together before.
    Summed over the tables, that many pairs share both rounds, for each of
    the C(R, 2) pairs of rounds;

    *counting* — the evening has R·Σ_t C(s_t, 2) meetings among C(n, 2)
    pairs, so at least R·Σ_t C(s_t, 2) − C(n, 2) of them are a pair's second
    or later meeting, and Σ (k − 1) ≤ Σ C(k, 2).

    When no pair meets three times, the bound is also one on the pairs that
    meet twice.

    Examples
    --------
    >>> forced_repeat_pairings([6, 6, 6, 5], 3), forced_repeat_pairings([5] * 6, 3)
    (21, 0)
    >>> forced_repeat_pairings([4, 4], 3)  # 8 people at 2 tables: 12 pairs a round, 28 in all
    12
    """
    if rounds < 1:
        raise InputError(f"expected rounds ≥ 1, got {rounds}", field="rounds")
    occupied = [int(s) for s in sizes if s > 0]
    if rounds < 2 or not occupied:
        return 0
    m = len(occupied)
    pigeonhole = math.comb(rounds, 2) * sum(_pigeonhole(s, m) for s in occupied)
    n = sum(occupied)
    counting = rounds * sum(math.comb(s, 2) for s in occupied) - math.comb(n, 2)
    return max(pigeonhole, counting)


def shared_groups(groups: Sequence[Sequence[int]], n: int) -> NDArray[np.float64]:
    """G[i, j]: how many of ``groups`` hold both i and j (zero diagonal).

    With fixed table sizes, Σ_t Σ_{i<j at t} G_ij = Σ_groups Σ_t C(g_t, 2),
    g_t the group's members at table t, which is smallest when every group
    is spread as evenly as the tables allow; in particular a table without
    a member of a group holding at least as many people as there are tables
    is never optimal, since moving a member there from a table with two
    lowers the sum (an exchange argument).

    Examples
    --------
    >>> shared_groups([[0, 1, 2], [1, 2]], 4).tolist()[1]
    [1.0, 0.0, 2.0, 0.0]
    """
    out = np.zeros((n, n))
    for k, group in enumerate(groups):
        idx = np.asarray(sorted(set(group)), dtype=np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= n):
            raise InputError(f"expected people in 0..{n - 1}, got {group!r}", field=f"groups[{k}]")
        out[np.ix_(idx, idx)] += 1.0
    np.fill_diagonal(out, 0.0)
    return out
