"""Multi-round seating: brute-force optima, hard constraints, seeds, infeasible input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salon.errors import InfeasibleError, InputError
from salon.seating import Progress, diverse_seating, seating_objective


def _random_symmetric(rng: np.random.Generator, n: int, low: float = 0.0) -> np.ndarray:
    x = rng.uniform(low, 1.0, size=(n, n))
    d = np.triu(x, 1)
    return d + d.T


def _brute_force(
    d: np.ndarray,
    tables: list[tuple[int, int]],
    rounds: int,
    history: np.ndarray,
    lam: float,
    keep_apart: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> float:
    n, m = d.shape[0], len(tables)
    feasible = []
    for labels in itertools.product(range(m), repeat=n):
        sizes = np.bincount(labels, minlength=m)
        if all(lo <= s <= hi for s, (lo, hi) in zip(sizes, tables, strict=True)) and all(
            labels[i] != labels[j] for i, j in keep_apart
        ):
            feasible.append(labels)
    best = -np.inf
    for combo in itertools.product(feasible, repeat=rounds):
        best = max(best, seating_objective(np.array(combo), d, history, lam))
    return best


@pytest.mark.parametrize("seed", range(4))
def test_one_round_matches_brute_force_with_keep_apart_and_unequal_tables(seed: int) -> None:
    rng = np.random.default_rng(seed)
    d = _random_symmetric(rng, 8, low=-0.5)
    h = _random_symmetric(rng, 8)
    tables = [(1, 3), (2, 4), (0, 3)]
    apart = [(0, 1), (2, 3), (0, 4)]
    result = diverse_seating(
        d, tables, history=h, repeat_penalty=0.7, keep_apart=apart,
        time_limit=None, max_iterations=2000, seed=seed,
    )  # fmt: skip
    assert result.objective == pytest.approx(_brute_force(d, tables, 1, h, 0.7, apart), abs=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_two_rounds_match_brute_force_with_the_repeat_penalty(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    d = _random_symmetric(rng, 6)
    tables = [(3, 3), (3, 3)]
    # a penalty large enough that meeting twice costs more than most pairs gain
    result = diverse_seating(
        d, tables, rounds=2, repeat_penalty=0.6, time_limit=None, max_iterations=3000, seed=seed
    )
    expected = _brute_force(d, tables, 2, np.zeros((6, 6)), 0.6)
    assert result.objective == pytest.approx(expected, abs=1e-9)


def test_incremental_objective_equals_recomputation_over_rounds() -> None:
    rng = np.random.default_rng(5)
    n = 40
    d, h = _random_symmetric(rng, n), _random_symmetric(rng, n)
    result = diverse_seating(
        d, [(4, 6)] * 8, rounds=3, history=h, repeat_penalty=0.5,
        keep_apart=[(0, 1), (1, 2)], keep_together=[(3, 4, 5)], pinned={6: 0, 7: [1, None, 2]},
        time_limit=None, max_iterations=4000, seed=2,
    )  # fmt: skip
    assert result.objective == pytest.approx(seating_objective(result.tables, d, h, 0.5), rel=1e-10)


def test_rounds_mix_people_when_repeats_are_penalised() -> None:
    # Uniform diversity: only the repeat penalty tells rounds apart, so the
    # best three rounds of 9 people at 3 tables of 3 never repeat a pair.
    d = np.ones((9, 9)) - np.eye(9)
    result = diverse_seating(
        d, [3, 3, 3], rounds=3, repeat_penalty=2.0, time_limit=None, max_iterations=3000, seed=0
    )
    assert result.objective == pytest.approx(27.0)


def test_same_seed_same_seating() -> None:
    rng = np.random.default_rng(9)
    d = _random_symmetric(rng, 30)
    kwargs = {"rounds": 2, "keep_apart": [(0, 1)], "time_limit": None, "max_iterations": 1500}
    a = diverse_seating(d, [5] * 6, seed=42, **kwargs)  # type: ignore[arg-type]
    b = diverse_seating(d, [5] * 6, seed=42, **kwargs)  # type: ignore[arg-type]
    assert np.array_equal(a.tables, b.tables)
    assert a.objective == b.objective


def test_progress_callback_sees_improving_objectives_and_can_stop() -> None:
    rng = np.random.default_rng(1)
    d = _random_symmetric(rng, 60)
    seen: list[Progress] = []

    def stop_after_three(p: Progress) -> bool:
        seen.append(p)
        return len(seen) >= 3

    result = diverse_seating(d, [6] * 10, time_limit=30.0, seed=1, progress=stop_after_three)
    assert len(seen) == 3
    assert result.message == "stopped by the progress callback"
    assert [p.best_objective for p in seen] == sorted(p.best_objective for p in seen)
    assert result.objective >= seen[-1].best_objective - 1e-9


@st.composite
def feasible_requests(draw: st.DrawFn) -> dict[str, object]:
    """A request built around a hidden seating that satisfies it."""
    n = draw(st.integers(4, 14))
    m = draw(st.integers(2, 4))
    rounds = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    hidden = rng.integers(0, m, size=n)
    sizes = np.bincount(hidden, minlength=m)
    tables = [
        (int(max(0, s - draw(st.integers(0, 2)))), int(max(1, s + draw(st.integers(0, 2)))))
        for s in sizes
    ]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    apart_candidates = [p for p in pairs if hidden[p[0]] != hidden[p[1]]]
    together_candidates = [p for p in pairs if hidden[p[0]] == hidden[p[1]]]
    apart = (
        draw(st.lists(st.sampled_from(apart_candidates), max_size=4)) if apart_candidates else []
    )
    together = (
        draw(st.lists(st.sampled_from(together_candidates), max_size=2))
        if together_candidates
        else []
    )
    pinned_people = draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True))
    pinned = {int(i): int(hidden[i]) for i in pinned_people}
    return {
        "diversity": _random_symmetric(rng, n, low=-0.2),
        "history": _random_symmetric(rng, n),
        "tables": tables,
        "rounds": rounds,
        "keep_apart": apart,
        "keep_together": together,
        "pinned": pinned,
        "seed": seed,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feasible_requests())
def test_every_seating_satisfies_every_hard_constraint(request: dict[str, object]) -> None:
    result = diverse_seating(**request, time_limit=None, max_iterations=400)  # type: ignore[arg-type]
    tables = request["tables"]
    assert isinstance(tables, list)
    for row in result.tables:
        sizes = np.bincount(row, minlength=len(tables))
        assert all(lo <= s <= hi for s, (lo, hi) in zip(sizes, tables, strict=True))
        for i, j in request["keep_apart"]:  # type: ignore[attr-defined]
            assert row[i] != row[j]
        for i, j in request["keep_together"]:  # type: ignore[attr-defined]
            assert row[i] == row[j]
        for person, table in request["pinned"].items():  # type: ignore[attr-defined]
            assert row[person] == table
    assert result.tables.shape == (request["rounds"], len(request["diversity"]))  # type: ignore[arg-type]
    assert result.objective == pytest.approx(
        seating_objective(result.tables, request["diversity"], request["history"], 1.0),  # type: ignore[arg-type]
        abs=1e-9,
    )


def test_a_per_round_pin_holds_only_in_its_rounds() -> None:
    rng = np.random.default_rng(3)
    d = _random_symmetric(rng, 12)
    result = diverse_seating(
        d,
        [4, 4, 4],
        rounds=3,
        pinned={0: [2, None, 1]},
        time_limit=None,
        max_iterations=500,
        seed=0,
    )
    assert result.tables[0, 0] == 2
    assert result.tables[2, 0] == 1


D6 = np.ones((6, 6)) - np.eye(6)


@pytest.mark.parametrize(
    ("kwargs", "constraint"),
    [
        ({"tables": [2, 2]}, "capacity"),
        ({"tables": [(4, 4), (3, 3)]}, "table_minimum"),
        ({"tables": [3, 3], "keep_together": [(0, 1), (1, 2, 3)]}, "keep_together"),
        ({"tables": [3, 3], "keep_apart": [(0, 1), (1, 2), (0, 2)]}, "keep_apart"),
        ({"tables": [3, 3], "keep_apart": [(0, 1)], "pinned": {0: 1, 1: 1}}, "keep_apart"),
        ({"tables": [3, 3], "keep_apart": [(0, 2)], "keep_together": [(0, 1, 2)]}, "keep_apart"),
        ({"tables": [3, 3], "pinned": {0: 0, 1: 0, 2: 0, 3: 0}}, "pinned"),
        ({"tables": [3, 3], "keep_together": [(0, 1)], "pinned": {0: 0, 1: 1}}, "pinned"),
        (
            {"tables": [3, 3], "rounds": 2, "pinned": {0: [None, 1], 1: [None, 1], 2: 1, 3: 1}},
            "pinned",
        ),
    ],
)
def test_infeasible_requests_are_refused_naming_the_constraint(
    kwargs: dict[str, object], constraint: str
) -> None:
    with pytest.raises(InfeasibleError) as info:
        diverse_seating(D6, time_limit=None, max_iterations=10, **kwargs)  # type: ignore[arg-type]
    assert info.value.constraint == constraint


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"diversity": np.ones((3, 4)), "tables": [3]}, "expected a square matrix, got shape"),
        ({"diversity": D6, "tables": [3, 3], "history": np.ones((5, 5))}, "6 × 6"),
        ({"diversity": D6 + np.triu(D6), "tables": [3, 3]}, "symmetric"),
        ({"diversity": D6 * np.nan, "tables": [3, 3]}, "finite"),
        ({"diversity": D6, "tables": [(3, 2), 3]}, r"got \(3, 2\)"),
        ({"diversity": D6, "tables": [3, 3], "rounds": 0}, "got 0"),
        ({"diversity": D6, "tables": [3, 3], "repeat_penalty": -1.0}, "got -1.0"),
        ({"diversity": D6, "tables": [3, 3], "keep_apart": [(0, 6)]}, "got 6"),
        ({"diversity": D6, "tables": [3, 3], "pinned": {0: 2}}, "got 2"),
        ({"diversity": D6, "tables": [3, 3], "rounds": 2, "pinned": {0: [1]}}, "one per round"),
    ],
)
def test_bad_shapes_and_values_quote_the_bad_value(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InputError, match=match):
        diverse_seating(time_limit=None, max_iterations=10, **kwargs)  # type: ignore[arg-type]
