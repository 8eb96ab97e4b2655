"""Tie strength, overlap, dormant ties and ego clusters against references."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salon.analytics.ties import (
    dormant_ties,
    ego_clusters,
    ego_overlap,
    neighbourhood_overlap,
    tie_strength,
)
from salon.errors import InputError


def test_tie_strength_halves_every_half_life() -> None:
    strength = tie_strength([0, 90, 180, 10], [4, 2, 4, 5], [1, 1, 1, 2], half_life=180)
    assert strength[1] == pytest.approx(4 + 2 * 2**-0.5 + 2)
    assert strength[2] == pytest.approx(5 * 2 ** (-10 / 180))


def test_tie_strength_refuses_future_interactions() -> None:
    with pytest.raises(InputError, match="future"):
        tie_strength([-1], [3], [1])


def _overlap_reference(G: nx.Graph, i: int, j: int) -> float:
    ni, nj = set(G[i]) - {i}, set(G[j]) - {j}
    denominator = len(ni | nj) - 2
    return len(ni & nj) / denominator if denominator > 0 else 0.0


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=4, max_value=25), st.floats(0.1, 0.8), st.integers(0, 10_000))
def test_overlap_matches_the_definition_on_random_graphs(n: int, p: float, seed: int) -> None:
    G = nx.gnp_random_graph(n, p, seed=seed)
    overlap = neighbourhood_overlap(nx.to_scipy_sparse_array(G, nodelist=range(n)))
    for i, j in G.edges():
        assert overlap[i, j] == pytest.approx(_overlap_reference(G, i, j))
        assert overlap[j, i] == pytest.approx(overlap[i, j])


def test_overlap_on_lazega_cowork_matches_the_definition(shared_data) -> None:  # type: ignore[no-untyped-def]
    matrix = np.loadtxt(shared_data / "networks/lazega_lawfirm/siena_original/ELwork.dat")
    G = nx.from_numpy_array(matrix)
    overlap = neighbourhood_overlap(matrix)
    for i, j in G.edges():
        assert overlap[i, j] == pytest.approx(_overlap_reference(G, i, j))


def test_dormant_ties_are_once_strong_and_silent_for_a_year() -> None:
    days = [500, 480, 470, 30, 400, 20]
    depth = [4, 4, 3, 2, 1, 5]
    pair = [1, 1, 1, 2, 3, 4]
    found = dormant_ties(days, depth, pair)
    assert [t.key for t in found] == [1]  # 3 is silent but was never strong; 2, 4 active
    assert found[0].days_silent == 470
    assert found[0].n_interactions == 3
    assert found[0].peak_strength == pytest.approx(3 + 4 * 2 ** (-10 / 180) + 4 * 2 ** (-30 / 180))


def test_ego_clusters_find_two_groups_and_their_bridge() -> None:
    G = nx.Graph()
    left, right = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]
    G.add_edges_from(("me", x) for x in [*left, *right, "lonely"])
    for group in (left, right):
        G.add_edges_from((x, y) for i, x in enumerate(group) for y in group[i + 1 :])
    G.add_edge("a1", "b1")
    found = ego_clusters(G, "me")
    assert sorted(found.sizes) == [1, 4, 4]
    assert found.cluster["a2"] == found.cluster["a3"] != found.cluster["b2"]
    assert set(found.bridges) == {"a1", "b1"}
    assert found.participation["a1"] == pytest.approx(1 - (3 / 4) ** 2 - (1 / 4) ** 2)
    assert found.participation["a2"] == 0.0
    assert math.isnan(found.participation["lonely"])


def test_ego_overlap_equals_the_whole_network_overlap_on_lazega_cowork(shared_data) -> None:  # type: ignore[no-untyped-def]
    matrix = np.loadtxt(shared_data / "networks/lazega_lawfirm/siena_original/ELwork.dat")
    G = nx.from_numpy_array(np.maximum(matrix, matrix.T))
    overlap = neighbourhood_overlap(nx.to_scipy_sparse_array(G, nodelist=range(len(G))))
    for ego in G:
        contacts = sorted(G[ego])
        shared = [sum(1 for q in G[j] if q in G[ego]) for j in contacts]
        got = ego_overlap(len(contacts), shared, [G.degree(j) for j in contacts])
        assert got.tolist() == pytest.approx([overlap[ego, j] for j in contacts])


def test_ego_overlap_names_mismatched_lengths() -> None:
    with pytest.raises(InputError, match="got 1 and 2"):
        ego_overlap(2, [1], [1, 2])


def test_ego_clusters_are_the_same_from_the_whole_network_or_the_ego_network(shared_data) -> None:  # type: ignore[no-untyped-def]
    from tests.analytics import networks

    A, _ = networks.facebook100(shared_data, "Reed98")
    G = nx.from_scipy_sparse_array(A)
    rng = np.random.default_rng(3)
    for ego in rng.choice(len(G), size=6, replace=False).tolist():
        inside = {ego, *G[ego]}
        ego_network = nx.Graph()
        ego_network.add_nodes_from(n for n in G if n in inside)
        ego_network.add_edges_from((u, v) for u, v in G.edges() if u in inside and v in inside)
        whole, alone = ego_clusters(G, ego), ego_clusters(ego_network, ego)
        assert dict(whole.cluster) == dict(alone.cluster)
        assert whole.bridges == alone.bridges
        assert whole.sizes == alone.sizes
