"""The Maximally Diverse Grouping Problem: MDGPLIB reader and solver.

These are the benchmark entry points: they let anyone check the seating
engine against the published MDGPLIB instances (Gallego et al. 2013) and their
best-known values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError
from salon.seating import runner
from salon.seating._jit import random_state
from salon.seating.initial import initial_assignment


@dataclass(frozen=True)
class MdgpInstance:
    """An MDGP instance: distances and the size bounds of each group.

    ``d`` is the symmetric n × n distance matrix (zero diagonal); group g must
    hold between ``lower[g]`` and ``upper[g]`` elements; ``kind`` is ``"ss"``
    (same sizes) or ``"ds"`` (different sizes).
    """

    name: str
    d: NDArray[np.float64] = field(repr=False)
    lower: NDArray[np.int64]
    upper: NDArray[np.int64]
    kind: str

    @property
    def n(self) -> int:
        return int(self.d.shape[0])

    @property
    def m(self) -> int:
        return int(self.lower.shape[0])


@dataclass(frozen=True)
class MdgpResult:
    """Best grouping found: ``groups[i]`` is the group of element i.

    ``objective`` is Σ_g Σ_{i<j in g} d_ij, tracked incrementally by the
    search; ``iterations`` counts tabu iterations, ``elapsed`` seconds.
    """

    groups: NDArray[np.int64]
    objective: float
    iterations: int
    elapsed: float
    message: str


def read_mdgp(path: str | Path) -> MdgpInstance:
    r"""Read an MDGPLIB instance file.

    The first line is ``n m ss|ds a_1 b_1 … a_m b_m`` (the lower and upper size
    bound of each group); then ``i j d`` for each pair i < j, 0-based.

    Raises
    ------
    InputError
        With the file and line when the header or a pair line is malformed,
        an index is out of range or a pair is missing.

    Examples
    --------
    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> lines = ["4 2 ss 2 2 2 2"] + [f"{i} {j} {i + j}" for i in range(4) for j in range(i + 1, 4)]
    >>> with TemporaryDirectory() as folder:
    ...     path = Path(folder, "RanInt_n004_ss_01.txt")
    ...     _ = path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ...     inst = read_mdgp(path)
    >>> inst.n, inst.m, inst.kind
    (4, 2, 'ss')
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read MDGP instance: {exc}", source=path) from exc
    lines = text.splitlines()
    if not lines:
        raise InputError("expected a header 'n m ss|ds a_1 b_1 …', got an empty file", source=path)
    header = lines[0].split()
    try:
        n, m = int(header[0]), int(header[1])
        kind = header[2]
        bounds = [int(x) for x in header[3:]]
    except (IndexError, ValueError) as exc:
        raise InputError(
            f"expected a header 'n m ss|ds a_1 b_1 …', got {lines[0]!r}", source=path, line=1
        ) from exc
    if kind not in ("ss", "ds") or len(bounds) != 2 * m or n < 1 or m < 1:
        raise InputError(
            f"expected 'n m ss|ds' and {2 * m} bounds, got {lines[0]!r}", source=path, line=1
        )
    try:
        table = np.loadtxt(lines[1:], dtype=np.float64, ndmin=2)
    except ValueError as exc:
        raise InputError(f"expected lines 'i j d': {exc}", source=path) from exc
    n_pairs = n * (n - 1) // 2
    if table.shape != (n_pairs, 3):
        raise InputError(
            f"expected {n_pairs} lines 'i j d', got {table.shape[0]} of {table.shape[1]} columns",
            source=path,
        )
    i, j = table[:, 0].astype(np.int64), table[:, 1].astype(np.int64)
    bad = np.flatnonzero((i < 0) | (j < 0) | (i >= n) | (j >= n) | (i == j))
    if bad.size:
        k = int(bad[0])
        raise InputError(
            f"expected indices in 0..{n - 1} with i != j, got {i[k]} {j[k]}",
            source=path,
            line=k + 2,
        )
    d = np.zeros((n, n))
    d[i, j] = table[:, 2]
    d[j, i] = table[:, 2]
    seen = np.zeros((n, n), dtype=bool)
    seen[i, j] = seen[j, i] = True
    if int(seen.sum()) != 2 * n_pairs:
        raise InputError("expected every pair i < j exactly once, got repeated pairs", source=path)
    lower = np.array(bounds[0::2], dtype=np.int64)
    upper = np.array(bounds[1::2], dtype=np.int64)
    return MdgpInstance(name=path.stem, d=d, lower=lower, upper=upper, kind=kind)


def grouping_objective(d: NDArray[np.float64], groups: NDArray[np.int64]) -> float:
    """Σ_g Σ_{i<j in g} d_ij, computed from scratch."""
    same = groups[:, None] == groups[None, :]
    return float(np.triu(np.where(same, d, 0.0), k=1).sum())


def solve_mdgp(
    instance: MdgpInstance,
    *,
    time_limit: float | None = 3.0,
    max_iterations: int | None = None,
    seed: int | np.random.Generator | None = None,
    progress: runner.ProgressCallback | None = None,
) -> MdgpResult:
    """Maximise the within-group distance of an MDGP instance by iterated tabu search.

    Converged runs feed a small pool whose members are crossed to start the
    next runs.  The search (see :mod:`salon.seating.tabu`) stops at
    ``time_limit`` seconds or ``max_iterations`` tabu iterations, whichever
    comes first; with the same ``seed`` and an iteration limit it returns the
    same grouping.

    Examples
    --------
    >>> import numpy as np
    >>> d = np.array([[0, 9, 1, 1], [9, 0, 1, 1], [1, 1, 0, 9], [1, 1, 9, 0.0]])
    >>> inst = MdgpInstance("toy", d, np.array([2, 2]), np.array([2, 2]), "ss")
    >>> res = solve_mdgp(inst, time_limit=None, max_iterations=50, seed=0)
    >>> res.objective
    18.0
    """
    if time_limit is None and max_iterations is None:
        raise InputError("expected a time_limit or max_iterations, got neither")
    lower, upper = instance.lower, instance.upper
    if lower.sum() > instance.n or upper.sum() < instance.n or np.any(lower > upper):
        raise InputError(
            f"expected group bounds with Σ lower ≤ n ≤ Σ upper, got n={instance.n}, "
            f"lower={lower.tolist()}, upper={upper.tolist()}",
            source=instance.name,
        )
    rng = np.random.default_rng(seed)
    runner.warm_up()
    clock = runner.Clock(time_limit, max_iterations)
    n = instance.n
    usize = np.ones(n, dtype=np.int64)
    no_conflicts = np.zeros((n, n), dtype=np.int64)
    fixed = np.full(n, -1, dtype=np.int64)
    assign = initial_assignment(usize, lower, upper, fixed, no_conflicts, rng)
    state = runner.TabuState.start(
        instance.d, no_conflicts, usize, lower, upper, np.ones(n, dtype=np.bool_), assign,
        random_state(rng),
    )  # fmt: skip
    runner.run(state, clock, progress=progress)
    return MdgpResult(
        groups=state.best_assign.copy(),
        objective=state.best_objective,
        iterations=clock.iterations,
        elapsed=clock.elapsed,
        message=clock.stop_reason(),
    )
