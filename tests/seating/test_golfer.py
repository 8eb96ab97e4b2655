"""Social Golfer schedules: valid weeks, zero repeats where known, seeds."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest

from salon.errors import InputError
from salon.seating import schedule_repeats, social_golfer
from salon.seating._jit import random_state
from salon.seating.golfer import _GeneralSearch
from salon.seating.golfer_affine import affine_schedule


def _repeats_by_counting(schedule: np.ndarray) -> int:
    meetings = Counter(
        pair
        for week in schedule.tolist()
        for group in week
        for pair in itertools.combinations(sorted(group), 2)
    )
    return sum(k - 1 for k in meetings.values() if k > 1)


def _assert_valid(schedule: np.ndarray, g: int, s: int, w: int) -> None:
    assert schedule.shape == (w, g, s)
    for week in schedule:
        assert sorted(week.ravel().tolist()) == list(range(g * s))


@pytest.mark.parametrize(
    ("g", "s", "w"),
    # Known maxima (OEIS A107431): a resolvable design exists for each.
    [(2, 2, 3), (3, 3, 4), (4, 4, 5), (5, 3, 7), (4, 2, 7), (6, 3, 8)],
)
def test_finds_a_schedule_without_repeats_at_the_known_maximum(g: int, s: int, w: int) -> None:
    result = social_golfer(groups=g, size=s, weeks=w, time_limit=20.0, seed=1)
    _assert_valid(result.schedule, g, s, w)
    assert result.repeats == 0
    assert _repeats_by_counting(result.schedule) == 0
    assert result.message == "no pair meets twice"


def test_beyond_the_counting_bound_repeats_are_reported_honestly() -> None:
    # 3 groups of 3 for 5 weeks: each golfer would meet 10 others, only 8 exist.
    result = social_golfer(groups=3, size=3, weeks=5, time_limit=None, max_iterations=3000, seed=0)
    _assert_valid(result.schedule, 3, 3, 5)
    assert result.repeats > 0
    assert result.repeats == _repeats_by_counting(result.schedule)
    assert schedule_repeats(result.schedule) == result.repeats


def test_same_seed_same_schedule() -> None:
    a = social_golfer(groups=6, size=3, weeks=7, time_limit=None, max_iterations=2000, seed=5)
    b = social_golfer(groups=6, size=3, weeks=7, time_limit=None, max_iterations=2000, seed=5)
    assert np.array_equal(a.schedule, b.schedule)
    assert a.iterations == b.iterations


@pytest.mark.parametrize("bad", [{"groups": 0}, {"size": 2.5}, {"weeks": True}])
def test_bad_sizes_are_refused(bad: dict[str, object]) -> None:
    kwargs: dict[str, object] = {"groups": 3, "size": 3, "weeks": 2, **bad}
    with pytest.raises(InputError, match="expected a positive integer"):
        social_golfer(**kwargs, time_limit=1.0)  # type: ignore[arg-type]


def test_a_kirkman_triple_system_on_21_golfers_is_found() -> None:
    # KTS(21), the known maximum of 7 groups of 3 (10 weeks): out of reach of
    # the general search alone, found under a cyclic symmetry.
    result = social_golfer(groups=7, size=3, weeks=10, time_limit=30.0, seed=2)
    _assert_valid(result.schedule, 7, 3, 10)
    assert result.repeats == 0
    assert _repeats_by_counting(result.schedule) == 0


def test_the_general_search_alone_repairs_a_greedy_schedule() -> None:
    # The fallback for instances without a symmetric solution: 6 groups of 3
    # for 7 weeks (the maximum is 8).
    search = _GeneralSearch(6, 3, 7, random_state(np.random.default_rng(4)))
    start = search.repeats
    search.run(50_000)
    assert start > 0
    assert search.repeats == 0
    assert _repeats_by_counting(search.schedule()) == 0
    assert search.schedule()[0].ravel().tolist() == list(range(18))  # the fixed first week


@pytest.mark.parametrize(("q", "s"), [(4, 3), (5, 5), (8, 5), (9, 4), (16, 6)])
def test_a_prime_power_of_groups_gets_the_affine_plane(q: int, s: int) -> None:
    weeks = q + 1 if s == q else q
    result = social_golfer(groups=q, size=s, weeks=weeks, time_limit=None, max_iterations=1, seed=0)
    _assert_valid(result.schedule, q, s, weeks)
    assert _repeats_by_counting(result.schedule) == 0
    assert result.repeats == 0
    assert result.iterations == 0  # constructed, not searched


def test_the_affine_plane_stops_at_its_weeks() -> None:
    assert affine_schedule(8, 5, 9) is None  # 8-5-9 is open
    assert affine_schedule(8, 8, 9) is not None
    assert affine_schedule(6, 3, 2) is None  # 6 is no prime power
    assert affine_schedule(4, 5, 2) is None  # groups larger than the plane's lines
