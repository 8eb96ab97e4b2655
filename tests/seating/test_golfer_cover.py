"""The base week as an exact cover: covers found and recounted, seeds, no cover, truncation."""

from __future__ import annotations

import numpy as np

from salon.seating import schedule_repeats
from salon.seating.golfer_cover import CoverSearch, cover_symmetries
from salon.seating.golfer_cyclic import Symmetry


def _run_until_done(search: CoverSearch, max_steps: int) -> None:
    while not (search.found or search.exhausted) and search.iterations < max_steps:
        search.run(1000)


def test_a_kirkman_triple_system_on_15_golfers_is_an_exact_cover() -> None:
    # KTS(15) over Z_7 × 2 ∪ {∞}: 7 orbits per column pair, 3 + 3 within the
    # columns, 2 with ∞ = 15 orbits for the 15 pairs of 5 triples.
    for seed in range(3):
        search = CoverSearch(Symmetry(7, 2, 1), 5, 3, 7, seed)
        assert search.primary.all()  # as many orbits as pairs: all columns primary
        _run_until_done(search, 100_000)
        assert search.found
        assert search.depth == 5
        schedule = search.schedule()
        assert schedule.shape == (7, 5, 3)
        for week in schedule:
            assert sorted(week.ravel().tolist()) == list(range(15))
        assert schedule_repeats(schedule) == 0


def test_an_orbit_of_the_weeks_asked_for_is_preferred_to_a_longer_one() -> None:
    # 10-4-12: the 12 translates of Z_12 × 3 ∪ 4∞, not 13 of Z_13 × 3 ∪ {∞} cut to 12
    assert cover_symmetries(10, 4, 12) == [Symmetry(12, 3, 4)]
    # 9-5-8: no orbit of 8 has room, so longer ones are cut to 8 weeks
    found = cover_symmetries(9, 5, 8)
    assert found
    assert all(sym.length > 8 and sym.bases == 1 for sym in found)


def test_a_schedule_shorter_than_the_orbit_is_its_first_weeks() -> None:
    # 10-4-12 on the 13 translates of Z_13 × 3 ∪ {∞}, kept to 12 weeks
    search = CoverSearch(Symmetry(13, 3, 1), 10, 4, 12, 0)
    search.run(3000)
    assert search.schedule().shape == (12, 10, 4)
    full = CoverSearch(Symmetry(13, 3, 1), 10, 4, 13, 0)
    full.run(3000)
    np.testing.assert_array_equal(full.schedule()[:12], search.schedule())
    assert schedule_repeats(search.schedule()) <= schedule_repeats(full.schedule())


def test_same_seed_same_search() -> None:
    runs = []
    for _ in range(2):
        search = CoverSearch(Symmetry(13, 3, 1), 10, 4, 13, 7)
        for _ in range(5):  # resumed in pieces, across a restart
            search.run(1000)
        runs.append((search.iterations, search.depth, search.base_week()))
    assert runs[0][:2] == runs[1][:2]
    np.testing.assert_array_equal(runs[0][2], runs[1][2])
    other = CoverSearch(Symmetry(13, 3, 1), 10, 4, 13, 8)
    other.run(5000)
    assert not np.array_equal(other.base_week(), runs[0][2])


def test_no_cover_is_reported_as_exhausted() -> None:
    # 9 golfers over Z_4 × 2 ∪ {∞}: 8 usable orbits (distance 2 in a column
    # meets twice) for the 9 pairs of a week of triples — no base week exists.
    search = CoverSearch(Symmetry(4, 2, 1), 3, 3, 4, 0)
    _run_until_done(search, 1_000_000)
    assert search.exhausted
    assert not search.found
    assert search.depth < 3
    assert schedule_repeats(search.schedule()) > 0


def test_covers_with_too_many_rows_are_left_out() -> None:
    # 10-4-12: Z_12 × 3 ∪ 4∞ has fewer admissible groups than Z_13 × 3 ∪ {∞}.
    assert cover_symmetries(10, 4, 12, max_rows=60_000) == [Symmetry(12, 3, 4)]
    # 20-5-10: tens of millions of groups under every symmetry with room.
    assert cover_symmetries(20, 5, 10) == []
