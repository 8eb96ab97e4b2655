"""The first seating: the size profile with the most pairs, bounds and pins kept."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from salon.errors import InfeasibleError
from salon.seating.initial import initial_assignment, target_sizes


@pytest.mark.parametrize("seed", range(8))
def test_target_sizes_maximise_pairs_like_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(2, 5))
    lo = rng.integers(0, 4, size=m)
    hi = lo + rng.integers(0, 5, size=m)
    n = int(rng.integers(lo.sum(), hi.sum() + 1))
    best = max(
        sum(s * (s - 1) // 2 for s in sizes)
        for sizes in itertools.product(*(range(a, b + 1) for a, b in zip(lo, hi, strict=True)))
        if sum(sizes) == n
    )
    sizes = target_sizes(n, lo, hi)
    assert sizes.sum() == n
    assert np.all((lo <= sizes) & (sizes <= hi))
    assert int((sizes * (sizes - 1) // 2).sum()) == best


def test_initial_seating_keeps_bounds_pins_and_groups_apart_when_it_can() -> None:
    rng = np.random.default_rng(0)
    usize = np.array([3, 2, 1, 1, 1, 1, 1, 1, 1])
    lo, hi = np.array([3, 3, 3]), np.array([4, 4, 5])
    fixed = np.array([-1, -1, 0, -1, -1, -1, -1, -1, 2])
    A = np.zeros((9, 9), dtype=np.int64)
    A[0, 1] = A[1, 0] = A[3, 4] = A[4, 3] = 1
    assign = initial_assignment(usize, lo, hi, fixed, A, rng)
    sizes = np.bincount(assign, weights=usize, minlength=3)
    assert np.all((lo <= sizes) & (sizes <= hi))
    assert assign[2] == 0
    assert assign[8] == 2
    assert assign[0] != assign[1]
    assert assign[3] != assign[4]


def test_groups_that_cannot_fill_the_minimums_are_refused() -> None:
    # Two groups of 3 cannot make tables of exactly 2 and 4.
    with pytest.raises(InfeasibleError) as info:
        initial_assignment(
            np.array([3, 3]), np.array([2, 4]), np.array([2, 4]), np.array([-1, -1]),
            np.zeros((2, 2), dtype=np.int64), np.random.default_rng(0),
        )  # fmt: skip
    assert info.value.constraint == "keep_together"
