"""Validate a seating request once, and refuse what no seating can satisfy.

Shapes and values that make no sense raise :class:`~salon.errors.InputError`
("expected …, got …"); constraints that no seating can meet raise
:class:`~salon.errors.InfeasibleError` whose ``constraint`` is one of

``"capacity"``       more attendees than seats;
``"table_minimum"``  fewer attendees than the tables' minimums need;
``"keep_together"``  a keep-together group larger than any table, or groups
                     that cannot be packed into the tables' size bounds
                     (found when building the first seating);
``"keep_apart"``     keep-apart pairs that cannot all be met: a group of
                     mutually-apart people larger than the number of tables,
                     two people pinned to one table who must be apart, or a pair
                     both kept together and kept apart;
``"pinned"``         more people pinned to a table than it seats, or members of a
                     keep-together group pinned to different tables.

Keep-together groups that share a person are merged.  Everything is checked
before any search starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from salon.errors import InfeasibleError, InputError

Pin = int | Sequence[int | None]


@dataclass(frozen=True)
class SeatingProblem:
    """A validated seating request, with keep-together groups contracted into units.

    ``unit_of[i]`` is the unit of person i and ``usize[u]`` its number of
    people; ``apart[u, v]`` counts keep-apart person pairs between units u and
    v; ``fixed[r, u]`` is the table unit u is pinned to in round r, or -1.
    """

    d: NDArray[np.float64] = field(repr=False)
    history: NDArray[np.float64] = field(repr=False)
    lo: NDArray[np.int64]
    hi: NDArray[np.int64]
    rounds: int
    repeat_penalty: float
    unit_of: NDArray[np.int64] = field(repr=False)
    usize: NDArray[np.int64] = field(repr=False)
    apart: NDArray[np.int64] = field(repr=False)
    fixed: NDArray[np.int64] = field(repr=False)
    apart_pairs: tuple[tuple[int, int], ...] = field(repr=False)

    @property
    def n(self) -> int:
        return int(self.d.shape[0])

    @property
    def n_tables(self) -> int:
        return int(self.lo.shape[0])


def _square_matrix(value: ArrayLike, name: str, n: int | None) -> NDArray[np.float64]:
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"expected a numeric matrix, got {value!r:.80}", field=name) from exc
    if a.ndim != 2 or a.shape[0] != a.shape[1] or (n is not None and a.shape[0] != n):
        want = "a square matrix" if n is None else f"a {n} × {n} matrix"
        raise InputError(f"expected {want}, got shape {a.shape}", field=name)
    if not np.all(np.isfinite(a)):
        i, j = np.argwhere(~np.isfinite(a))[0]
        raise InputError(f"expected finite values, got {a[i, j]} at ({i}, {j})", field=name)
    if not np.allclose(a, a.T, rtol=1e-9, atol=1e-9):
        i, j = np.argwhere(~np.isclose(a, a.T, rtol=1e-9, atol=1e-9))[0]
        raise InputError(
            f"expected a symmetric matrix, got [{i}, {j}] = {a[i, j]} but [{j}, {i}] = {a[j, i]}",
            field=name,
        )
    a = 0.5 * (a + a.T)
    np.fill_diagonal(a, 0.0)
    return a


def _tables(tables: Sequence[int | tuple[int, int]]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    lo: list[int] = []
    hi: list[int] = []
    for k, table in enumerate(tables):
        if isinstance(table, int | np.integer) and not isinstance(table, bool):
            low, high = 0, int(table)
        elif (
            isinstance(table, Sequence)
            and len(table) == 2
            and all(isinstance(x, int | np.integer) and not isinstance(x, bool) for x in table)
        ):
            low, high = int(table[0]), int(table[1])
        else:
            raise InputError(
                f"expected a capacity or a (min, max) pair of integers, got {table!r}",
                field=f"tables[{k}]",
            )
        if not 0 <= low <= high or high < 1:
            raise InputError(
                f"expected 0 ≤ min ≤ max and max ≥ 1, got ({low}, {high})", field=f"tables[{k}]"
            )
        lo.append(low)
        hi.append(high)
    if not lo:
        raise InputError("expected at least one table, got none", field="tables")
    return np.array(lo, dtype=np.int64), np.array(hi, dtype=np.int64)


def _person(value: object, n: int, name: str) -> int:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or not 0 <= value < n:
        raise InputError(f"expected a person index in 0..{n - 1}, got {value!r}", field=name)
    return int(value)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _largest_apart_clique(adjacent: NDArray[np.bool_]) -> list[int]:
    """A large set of mutually-apart units, grown greedily from every unit.

    Finding the largest is NP-hard; keep-apart graphs are small and sparse, so
    growing a clique from each unit, highest degree first, finds the obvious
    obstacles (a host group, a family of rivals) without an exponential search.
    """
    degree = adjacent.sum(axis=1)
    best: list[int] = []
    for start in np.argsort(-degree, kind="stable"):
        if degree[start] < len(best):
            break
        clique = [int(start)]
        candidates = np.flatnonzero(adjacent[start])
        for v in candidates[np.argsort(-degree[candidates], kind="stable")]:
            if all(adjacent[v, c] for c in clique):
                clique.append(int(v))
        if len(clique) > len(best):
            best = clique
    return best


def seating_problem(
    diversity: ArrayLike,
    tables: Sequence[int | tuple[int, int]],
    *,
    rounds: int = 1,
    history: ArrayLike | None = None,
    repeat_penalty: float = 1.0,
    keep_apart: Iterable[tuple[int, int]] = (),
    keep_together: Iterable[Iterable[int]] = (),
    pinned: Mapping[int, Pin] | None = None,
) -> SeatingProblem:
    """Check a seating request and contract it; see :func:`salon.seating.diverse_seating`."""
    d = _square_matrix(diversity, "diversity", None)
    n = d.shape[0]
    if n < 1:
        raise InputError("expected at least one attendee, got an empty matrix", field="diversity")
    h = np.zeros((n, n)) if history is None else _square_matrix(history, "history", n)
    lo, hi = _tables(tables)
    m = lo.shape[0]
    if not isinstance(rounds, int | np.integer) or isinstance(rounds, bool) or rounds < 1:
        raise InputError(f"expected a positive integer, got {rounds!r}", field="rounds")
    rounds = int(rounds)
    if not np.isfinite(repeat_penalty) or repeat_penalty < 0:
        raise InputError(
            f"expected a finite value ≥ 0, got {repeat_penalty!r}", field="repeat_penalty"
        )
    if n > hi.sum():
        raise InfeasibleError(
            f"{n} attendees but only {int(hi.sum())} seats at {m} tables", constraint="capacity"
        )
    if n < lo.sum():
        raise InfeasibleError(
            f"{n} attendees cannot fill the tables' minimums, which need {int(lo.sum())}",
            constraint="table_minimum",
        )

    parent = list(range(n))
    for k, group in enumerate(keep_together):
        members = [_person(i, n, f"keep_together[{k}]") for i in group]
        for i in members[1:]:
            parent[_find(parent, i)] = _find(parent, members[0])
    roots = np.array([_find(parent, i) for i in range(n)])
    _, unit_of = np.unique(roots, return_inverse=True)
    unit_of = unit_of.astype(np.int64)
    n_units = int(unit_of.max()) + 1
    usize = np.bincount(unit_of, minlength=n_units).astype(np.int64)
    if usize.max() > hi.max():
        u = int(np.argmax(usize))
        raise InfeasibleError(
            f"keep-together group {np.flatnonzero(unit_of == u).tolist()} has {usize[u]} "
            f"people but the largest table seats {int(hi.max())}",
            constraint="keep_together",
        )

    apart = np.zeros((n_units, n_units), dtype=np.int64)
    pairs: list[tuple[int, int]] = []
    for k, pair in enumerate(keep_apart):
        if len(pair) != 2:
            raise InputError(f"expected a pair of people, got {pair!r}", field=f"keep_apart[{k}]")
        i, j = (_person(x, n, f"keep_apart[{k}]") for x in pair)
        if unit_of[i] == unit_of[j]:
            raise InfeasibleError(
                f"people {i} and {j} must be kept apart but are in the same keep-together group",
                constraint="keep_apart",
            )
        apart[unit_of[i], unit_of[j]] += 1
        apart[unit_of[j], unit_of[i]] += 1
        pairs.append((min(i, j), max(i, j)))

    fixed = np.full((rounds, n_units), -1, dtype=np.int64)
    for person, pin in (pinned or {}).items():
        i = _person(person, n, "pinned")
        per_round = [pin] * rounds if isinstance(pin, int | np.integer) else list(pin)
        if len(per_round) != rounds:
            raise InputError(
                f"expected a table or {rounds} tables (one per round), got {pin!r}",
                field=f"pinned[{i}]",
            )
        for r, t in enumerate(per_round):
            if t is None:
                continue
            if not isinstance(t, int | np.integer) or isinstance(t, bool) or not 0 <= t < m:
                raise InputError(f"expected a table in 0..{m - 1}, got {t!r}", field=f"pinned[{i}]")
            u = unit_of[i]
            if fixed[r, u] >= 0 and fixed[r, u] != t:
                raise InfeasibleError(
                    f"keep-together group {np.flatnonzero(unit_of == u).tolist()} is pinned to "
                    f"tables {int(fixed[r, u])} and {t} in round {r}",
                    constraint="pinned",
                )
            fixed[r, u] = t
    for r in range(rounds):
        pinned_units = np.flatnonzero(fixed[r] >= 0)
        load = np.bincount(fixed[r, pinned_units], weights=usize[pinned_units], minlength=m)
        full = np.flatnonzero(load > hi)
        if full.size:
            t = int(full[0])
            raise InfeasibleError(
                f"{int(load[t])} people are pinned to table {t} in round {r}, "
                f"which seats {int(hi[t])}",
                constraint="pinned",
            )
        for host in pinned_units:
            same_table = fixed[r, pinned_units] == fixed[r, host]
            clash = pinned_units[same_table & (apart[host, pinned_units] > 0)]
            if clash.size:
                raise InfeasibleError(
                    f"people {np.flatnonzero(unit_of == host).tolist()} and "
                    f"{np.flatnonzero(unit_of == clash[0]).tolist()} must be kept apart but are "
                    f"pinned to table {int(fixed[r, host])} in round {r}",
                    constraint="keep_apart",
                )
    clique = _largest_apart_clique(apart > 0)
    if len(clique) > m:
        people = sorted(int(i) for u in clique for i in np.flatnonzero(unit_of == u))
        raise InfeasibleError(
            f"{len(clique)} groups of people who must all be kept apart ({people}) "
            f"but only {m} tables",
            constraint="keep_apart",
        )
    return SeatingProblem(
        d=d,
        history=h,
        lo=lo,
        hi=hi,
        rounds=rounds,
        repeat_penalty=float(repeat_penalty),
        unit_of=unit_of,
        usize=usize,
        apart=apart,
        fixed=fixed,
        apart_pairs=tuple(pairs),
    )
