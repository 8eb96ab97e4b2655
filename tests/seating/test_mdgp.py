"""MDGPLIB reader and solver: proven optima, brute force, incremental objective."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest

from salon.errors import InputError
from salon.seating import MdgpInstance, grouping_objective, read_mdgp, solve_mdgp

SMALL = [
    f"{family}_n{n:03d}_{kind}_01"
    for family in ("RanReal", "RanInt", "Geo")
    for n in (10, 12)
    for kind in ("ss", "ds")
]


def _best_known(shared_data: Path) -> dict[str, float]:
    with (shared_data / "mdgp" / "best_known.csv").open(encoding="utf-8") as f:
        return {
            row["instance"]: float(row["best_known"])
            for row in csv.DictReader(f)
            if row["best_known"]
        }


def brute_force_mdgp(inst: MdgpInstance) -> float:
    """The optimum by enumerating every labelled assignment within the bounds."""
    n, m = inst.n, inst.m
    best = -np.inf
    iu = np.triu_indices(n, k=1)
    # All m**n labellings, in blocks, scored with numpy.
    labels = np.array(list(itertools.product(range(m), repeat=n)), dtype=np.int8)
    sizes = np.stack([(labels == g).sum(axis=1) for g in range(m)], axis=1)
    ok = np.all((sizes >= inst.lower) & (sizes <= inst.upper), axis=1)
    labels = labels[ok]
    same = labels[:, iu[0]] == labels[:, iu[1]]
    best = float((same * inst.d[iu]).sum(axis=1).max())
    return best


@pytest.mark.parametrize("name", SMALL)
def test_solver_finds_the_proven_optimum_of_small_mdgplib_instances(
    shared_data: Path, name: str
) -> None:
    inst = read_mdgp(shared_data / "mdgp" / "instances" / f"{name}.txt")
    optimum = _best_known(shared_data)[name]
    result = solve_mdgp(inst, time_limit=None, max_iterations=3000, seed=7)
    assert result.objective == pytest.approx(optimum, abs=1e-3)
    sizes = np.bincount(result.groups, minlength=inst.m)
    assert np.all((inst.lower <= sizes) & (sizes <= inst.upper))
    assert grouping_objective(inst.d, result.groups) == pytest.approx(result.objective, abs=1e-6)


@pytest.mark.parametrize("name", [s for s in SMALL if "n010" in s])
def test_brute_force_agrees_with_the_published_optimum_at_n_10(
    shared_data: Path, name: str
) -> None:
    inst = read_mdgp(shared_data / "mdgp" / "instances" / f"{name}.txt")
    assert brute_force_mdgp(inst) == pytest.approx(_best_known(shared_data)[name], abs=1e-3)


@pytest.mark.parametrize("seed", range(6))
def test_solver_matches_brute_force_on_random_unequal_tables(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 9
    x = rng.normal(size=(n, n))  # negative distances too: small tables can win
    d = np.triu(x, 1) + np.triu(x, 1).T
    inst = MdgpInstance("random", d, np.array([1, 2, 0]), np.array([4, 3, 5]), "ds")
    result = solve_mdgp(inst, time_limit=None, max_iterations=2000, seed=seed)
    assert result.objective == pytest.approx(brute_force_mdgp(inst), abs=1e-9)


def test_incremental_objective_equals_recomputation_on_a_large_instance(
    shared_data: Path,
) -> None:
    inst = read_mdgp(shared_data / "mdgp" / "instances" / "RanReal_n120_ds_01.txt")
    result = solve_mdgp(inst, time_limit=None, max_iterations=3000, seed=3)
    assert result.iterations == 3000
    assert grouping_objective(inst.d, result.groups) == pytest.approx(result.objective, rel=1e-12)
    sizes = np.bincount(result.groups, minlength=inst.m)
    assert np.all((inst.lower <= sizes) & (sizes <= inst.upper))


def test_same_seed_same_grouping(shared_data: Path) -> None:
    inst = read_mdgp(shared_data / "mdgp" / "instances" / "RanInt_n030_ds_01.txt")
    a = solve_mdgp(inst, time_limit=None, max_iterations=1500, seed=11)
    b = solve_mdgp(inst, time_limit=None, max_iterations=1500, seed=11)
    assert np.array_equal(a.groups, b.groups)
    assert a.objective == b.objective


def test_reader_reads_header_bounds_and_symmetric_distances(shared_data: Path) -> None:
    inst = read_mdgp(shared_data / "mdgp" / "instances" / "RanReal_n012_ds_01.txt")
    assert (inst.n, inst.m, inst.kind) == (12, 4, "ds")
    assert inst.lower.tolist() == [3, 3, 2, 3]
    assert inst.upper.tolist() == [4, 4, 5, 4]
    assert inst.d[0, 1] == inst.d[1, 0] == pytest.approx(50.214)
    assert np.all(np.diag(inst.d) == 0)


def test_reader_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("3 1 ss 3 3 \n0 1 1.0\n0 7 2.0\n1 2 3.0\n", encoding="utf-8")
    with pytest.raises(InputError, match="got 0 7") as info:
        read_mdgp(path)
    assert info.value.line == 3
    path.write_text("3 x ss\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected a header"):
        read_mdgp(path)
