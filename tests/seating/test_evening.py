"""Table sizes under the shrink rules, and the repeats an evening's table sizes force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from salon.errors import InfeasibleError, InputError
from salon.seating.evening import (
    forced_repeat_pairings,
    repeat_pairings,
    shared_groups,
    table_sizes,
)


def test_the_sizes_given_are_kept_when_enough_people_come() -> None:
    assert table_sizes([6, 6, 6, 5], 23) == [6, 6, 6, 5]
    assert table_sizes([6, 6, 6, 5], 23, shrink="last") == [6, 6, 6, 5]


def test_fewer_people_shrink_the_largest_or_the_last_tables() -> None:
    # the case: 21 people at 6,6,6,5 used to sit 6,5,6,4
    assert table_sizes([6, 6, 6, 5], 21) == [6, 5, 5, 5]
    assert table_sizes([6, 6, 6, 5], 21, shrink="last") == [6, 6, 6, 3]
    # "last" stops at two people, then shrinks the table before
    assert table_sizes([6, 6, 6, 5], 19, shrink="last") == [6, 6, 5, 2]
    # a stored minimum is a floor for both rules
    assert table_sizes([6, 6], 8, minimums=[0, 4], shrink="last") == [4, 4]
    # when two per table cannot be met, the stored minimums are the floor
    assert table_sizes([6, 6, 6], 4, minimums=[1, 1, 1], shrink="last") == [2, 1, 1]


@pytest.mark.parametrize("seed", range(20))
def test_random_capacities_give_sizes_within_bounds_that_sum_to_the_people(seed: int) -> None:
    rng = np.random.default_rng(seed)
    caps = rng.integers(2, 9, size=rng.integers(1, 8)).tolist()
    n = int(rng.integers(2 * len(caps), sum(caps) + 1))
    for rule in ("even", "last"):
        sizes = table_sizes(caps, n, shrink=rule)
        assert sum(sizes) == n
        assert all(2 <= s <= c for s, c in zip(sizes, caps, strict=True))
    even = table_sizes(caps, n)
    # even: no seat could move from a larger table to a smaller one that has room
    assert not any(
        even[a] >= even[b] + 2 and even[b] < caps[b]
        for a, b in itertools.permutations(range(len(caps)), 2)
    )
    last = table_sizes(caps, n, shrink="last")
    # last: only the first table below its capacity may be between 2 and full
    partial = [t for t, (s, c) in enumerate(zip(last, caps, strict=True)) if 2 < s < c]
    assert len(partial) <= 1
    assert all(s == c for s, c in zip(last[: partial[0]], caps, strict=False)) if partial else True


def test_bad_requests_name_the_problem() -> None:
    with pytest.raises(InputError, match="shrink rule among even, last, got 'first'"):
        table_sizes([6, 6], 10, shrink="first")
    with pytest.raises(InfeasibleError, match="13 attendees but only 12 seats") as exc:
        table_sizes([6, 6], 13)
    assert exc.value.constraint == "capacity"
    with pytest.raises(InfeasibleError, match="need 8") as exc:
        table_sizes([6, 6], 7, minimums=[4, 4])
    assert exc.value.constraint == "table_minimum"


def _partitions(n: int, sizes: list[int]) -> list[np.ndarray]:
    """Every seating of n people at tables of ``sizes`` (table index per person)."""
    out = []
    for order in itertools.permutations(range(n)):
        row = np.empty(n, dtype=np.int64)
        start = 0
        for t, s in enumerate(sizes):
            row[list(order[start : start + s])] = t
            start += s
        out.append(row)
    unique = {tuple(r) for r in out}
    return [np.array(r) for r in sorted(unique)]


@pytest.mark.parametrize(
    ("sizes", "rounds"), [([3, 3], 2), ([3, 3], 3), ([4, 3], 2), ([3, 2, 2], 3), ([4, 4], 2)]
)
def test_the_forced_repeats_are_a_lower_bound_that_brute_force_reaches(
    sizes: list[int], rounds: int
) -> None:
    n = sum(sizes)
    seatings = _partitions(n, sizes)
    first = seatings[0]  # the first round can be fixed: renaming people changes nothing
    best = min(
        repeat_pairings(np.array([first, *rest]))
        for rest in itertools.product(seatings, repeat=rounds - 1)
    )
    bound = forced_repeat_pairings(sizes, rounds)
    assert bound <= best
    assert bound == best  # tight on these small cases


def test_repeat_pairings_count_a_third_meeting_as_three() -> None:
    rows = np.array([[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]])
    assert repeat_pairings(rows) == 2 * 3
    assert repeat_pairings(rows[:1]) == 0


def test_shared_groups_count_the_groups_a_pair_shares() -> None:
    g = shared_groups([[0, 1, 2], [1, 2], []], 4)
    assert (g[1, 2], g[0, 1], g[0, 3], g[2, 2]) == (2, 1, 0, 0)
    with pytest.raises(InputError, match=r"expected people in 0\.\.3"):
        shared_groups([[0, 4]], 4)
