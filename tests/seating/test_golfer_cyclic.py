"""Base-week searches under a cyclic symmetry: exact scores, whole schedules, room."""

from __future__ import annotations

import numpy as np
import pytest

from salon.seating import schedule_repeats
from salon.seating._jit import random_state
from salon.seating.golfer_cyclic import REPEATS, CyclicSearch, Symmetry, surplus, symmetries


def _assert_schedule(schedule: np.ndarray, g: int, s: int, w: int) -> None:
    assert schedule.shape == (w, g, s)
    for week in schedule:
        assert sorted(week.ravel().tolist()) == list(range(g * s))


@pytest.mark.parametrize(
    ("symmetry", "g", "s", "w"),
    [
        (Symmetry(7, 3, 0, invariant=3), 7, 3, 10),  # whole orbits and fixed weeks
        (Symmetry(5, 4, 1, bases=2), 7, 3, 10),  # two base weeks
        (Symmetry(10, 3, 2), 8, 4, 9),  # a window of 9 translates of 10
        (Symmetry(8, 4, 0, invariant=8, bases=0), 8, 4, 8),  # fixed weeks only
    ],
)
def test_tracked_repeats_match_a_recount_of_the_developed_schedule(
    symmetry: Symmetry, g: int, s: int, w: int
) -> None:
    search = CyclicSearch(symmetry, g, s, w, random_state(np.random.default_rng(3)))
    for _ in range(6):
        search.run(40)
        _assert_schedule(search.schedule(), g, s, w)
        assert schedule_repeats(search.schedule()) == search.repeats
        # The current state too, not only the best one kept.
        current = CyclicSearch(symmetry, g, s, w, random_state(np.random.default_rng(0)))
        current.best[...] = search.base
        current.best_offsets[...] = search.offsets
        assert schedule_repeats(current.schedule()) == search.istate[REPEATS]


def test_the_kirkman_schoolgirls_are_found_under_the_classical_symmetry() -> None:
    # KTS(15) over Z_7 × 2 ∪ {∞}, the classical cyclic construction.
    search = CyclicSearch(Symmetry(7, 2, 1), 5, 3, 7, random_state(np.random.default_rng(1)))
    search.run(5000)
    assert search.repeats == 0
    assert schedule_repeats(search.schedule()) == 0


def test_room_in_the_orbits_is_counted_by_hand() -> None:
    # Z_10 × 2 ∪ {∞}, 10 translates: 2·4 same-column orbits (distance 5 meets
    # twice, unusable), 10 between the columns, 2 with ∞ = 20 < 21 pairs of
    # a week of 7 triples: no KTS(21) has this symmetry.
    assert surplus(Symmetry(10, 2, 1), 7, 3, 10) == 20 - 21
    # Z_7 × 3 with three fixed weeks: 3·3 + 3·7 = 30 orbits, 21 + 3·3 pairs.
    assert surplus(Symmetry(7, 3, 0, invariant=3), 7, 3, 10) == 0
    # A window of 13 translates of Z_39 ∪ {∞}: 20 orbits, 3 windows each.
    assert surplus(Symmetry(39, 1, 1), 10, 4, 13) == 60 - 60


def test_every_candidate_fits_the_golfers_and_has_room() -> None:
    for g, s, w in [(7, 3, 10), (8, 4, 10), (10, 4, 13), (6, 5, 6), (8, 5, 8)]:
        found = symmetries(g, s, w)
        assert found
        for sym in found:
            assert sym.length * sym.columns + sym.fixed == g * s
            assert sym.fixed <= g
            assert surplus(sym, g, s, w) >= 0
            weeks = sym.bases * sym.developed(w) + sym.invariant
            assert weeks == w
        for whole in (True, False):
            kind = [surplus(sym, g, s, w) for sym in found if sym.full_orbits(w) == whole]
            assert kind == sorted(kind)
        kinds = [sym.full_orbits(w) for sym in found]
        n_alternating = 2 * min(kinds.count(True), kinds.count(False))
        assert kinds[:n_alternating] == [True, False] * (n_alternating // 2)
