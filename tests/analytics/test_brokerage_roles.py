"""Gould–Fernandez brokerage roles against a brute-force enumeration and hand-checked cases."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.analytics import networks

from salon.analytics import brokerage_roles
from salon.errors import InputError

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def brute_force(A: np.ndarray, groups: list[int], directed: bool) -> dict[str, list[int]]:
    """Enumerate every j -> i -> k by hand and classify it."""
    n = len(groups)
    B = (A > 0) & ~np.eye(n, dtype=bool)
    if not directed:
        B = B | B.T
    counts = {role: [0] * n for role in ROLES}
    for i, j, k in itertools.permutations(range(n), 3):
        if not (B[j, i] and B[i, k]) or B[j, k]:
            continue
        if not directed and j > k:
            continue
        g = groups
        if g[j] == g[i] == g[k]:
            role = "coordinator"
        elif g[j] == g[k]:
            role = "itinerant"
        elif g[i] == g[k]:
            role = "gatekeeper"
        elif g[i] == g[j]:
            role = "representative" if directed else "gatekeeper"
        else:
            role = "liaison"
        counts[role][i] += 1
    return counts


def assert_matches(A: np.ndarray, groups: list[int], directed: bool) -> None:
    roles = brokerage_roles(A, groups, directed=directed)
    expected = brute_force(A, groups, directed)
    for role in ROLES:
        assert getattr(roles, role).tolist() == expected[role], role


def test_hand_checked_directed_chain() -> None:
    # 0 -> 1 -> 2 with groups a, a, b: node 1 represents group a to node 2.
    A = np.zeros((3, 3))
    A[0, 1] = A[1, 2] = 1
    roles = brokerage_roles(A, ["a", "a", "b"])
    assert roles.directed
    assert roles.representative.tolist() == [0, 1, 0]
    assert roles.total.tolist() == [0, 1, 0]
    # groups a, b, b: node 1 is the gatekeeper of group b.
    assert brokerage_roles(A, ["a", "b", "b"]).gatekeeper.tolist() == [0, 1, 0]
    # a, b, c: liaison; and closing the triad leaves nothing to broker.
    assert brokerage_roles(A, ["a", "b", "c"]).liaison.tolist() == [0, 1, 0]
    A[0, 2] = 1
    assert brokerage_roles(A, ["a", "b", "c"]).total.tolist() == [0, 0, 0]


def test_undirected_star_centre_brokers_every_pair_of_leaves() -> None:
    A = np.zeros((4, 4))
    A[0, 1:] = A[1:, 0] = 1
    roles = brokerage_roles(A, [0, 0, 1, 2])
    assert not roles.directed
    assert roles.total.tolist() == [3, 0, 0, 0]
    # pairs (1,2) and (1,3): ego's group on one side; (2,3): liaison
    assert roles.gatekeeper.tolist() == [2, 0, 0, 0]
    assert roles.liaison.tolist() == [1, 0, 0, 0]
    assert roles.representative.tolist() == [0, 0, 0, 0]


@st.composite
def small_networks(draw: st.DrawFn) -> tuple[np.ndarray, list[int], bool]:
    n = draw(st.integers(1, 8))
    cells = draw(st.lists(st.booleans(), min_size=n * n, max_size=n * n))
    A = np.array(cells, dtype=float).reshape(n, n)
    groups = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    return A, groups, draw(st.booleans())


@settings(max_examples=80, deadline=None)
@given(small_networks())
def test_counts_match_brute_force_on_random_small_networks(
    case: tuple[np.ndarray, list[int], bool],
) -> None:
    A, groups, directed = case
    assert_matches(A, groups, directed)


def test_counts_match_brute_force_on_krackhardt_advice_by_department(shared_data: Path) -> None:
    A = networks.krackhardt(shared_data, "Advice").toarray()
    departments = networks.krackhardt_departments(shared_data)
    assert len(set(departments)) == 5  # the CEO alone in department 0
    assert_matches(A, departments, directed=True)
    assert_matches(A, departments, directed=False)


def test_bad_group_vector_is_rejected() -> None:
    with pytest.raises(InputError, match="one label per node"):
        brokerage_roles(np.zeros((3, 3)), [0, 1])
