"""Burt's measures: published values, NetworkX's per-node path, brute force, real networks."""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.analytics import networks

from salon import analytics
from salon.analytics import structural_holes
from salon.errors import InputError, NotFoundError

TOL = 1e-9


def assert_same(ours: Mapping[Hashable, float], reference: Mapping[Hashable, float]) -> None:
    assert list(ours) == list(reference)
    for node, expected in reference.items():
        got = ours[node]
        if math.isnan(expected):
            assert math.isnan(got), f"node {node!r}: expected NaN, got {got}"
        else:
            assert got == pytest.approx(expected, abs=TOL, rel=TOL), f"node {node!r}"


def as_graph(A: sp.csr_array, directed: bool) -> nx.Graph:
    return nx.from_scipy_sparse_array(A, create_using=nx.DiGraph if directed else nx.Graph)


def hierarchy_brute_force(G: nx.Graph, node: Hashable, weight: str | None) -> float:
    """Burt's hierarchy of one node from the definition, via NetworkX's local constraint."""
    contacts = set(nx.all_neighbors(G, node)) - {node}
    N = len(contacts)
    if N == 0:
        return math.nan
    if N == 1:
        return 1.0
    local = {j: nx.local_constraint(G, node, j, weight=weight) for j in contacts}
    C = sum(local.values())
    r = [c / (C / N) for c in local.values()]
    return sum(x * math.log(x) for x in r) / (N * math.log(N))


# Borgatti's example network (Connections 20(1), 1997) with the weights used in
# NetworkX's tests; the expected values were computed with UCINET and igraph.
BORGATTI_EDGES = {
    ("A", "B"): 2,
    ("A", "F"): 3,
    ("A", "G"): 5,
    ("A", "E"): 2,
    ("E", "G"): 8,
    ("F", "G"): 3,
    ("B", "G"): 4,
    ("B", "D"): 1,
    ("D", "G"): 3,
    ("G", "C"): 10,
}
DIRECTED_EDGES = {(0, 1): 2, (0, 2): 2, (1, 0): 1, (2, 1): 1}


@pytest.fixture
def borgatti() -> nx.Graph:
    G = nx.Graph()
    for (u, v), w in BORGATTI_EDGES.items():
        G.add_edge(u, v, weight=w)
    return G


@pytest.fixture
def small_directed() -> nx.DiGraph:
    D = nx.DiGraph()
    for (u, v), w in DIRECTED_EDGES.items():
        D.add_edge(u, v, weight=w)
    return D


def test_constraint_reproduces_ucinet_values_on_borgatti_example(borgatti: nx.Graph) -> None:
    plain = analytics.constraint(borgatti)
    weighted = analytics.constraint(borgatti, weight="weight")
    assert plain["G"] == pytest.approx(0.400, abs=1e-3)
    assert plain["A"] == pytest.approx(0.595, abs=1e-3)
    assert plain["C"] == pytest.approx(1.0, abs=1e-3)
    assert weighted["G"] == pytest.approx(0.299, abs=1e-3)
    assert weighted["A"] == pytest.approx(0.795, abs=1e-3)


def test_effective_size_reproduces_ucinet_values_on_borgatti_example(borgatti: nx.Graph) -> None:
    plain = analytics.effective_size(borgatti)
    weighted = analytics.effective_size(borgatti, weight="weight")
    assert plain["G"] == pytest.approx(4.67, abs=1e-2)
    assert plain["A"] == pytest.approx(2.50, abs=1e-2)
    assert weighted["G"] == pytest.approx(5.47, abs=1e-2)
    assert weighted["A"] == pytest.approx(2.47, abs=1e-2)


def test_directed_values_match_published_ones(small_directed: nx.DiGraph) -> None:
    c = analytics.constraint(small_directed)
    e = analytics.effective_size(small_directed)
    cw = analytics.constraint(small_directed, weight="weight")
    ew = analytics.effective_size(small_directed, weight="weight")
    assert [c[v] for v in (0, 1, 2)] == pytest.approx([1.003, 1.003, 1.389], abs=1e-3)
    assert [e[v] for v in (0, 1, 2)] == pytest.approx([1.167, 1.167, 1.0], abs=1e-3)
    assert [cw[v] for v in (0, 1, 2)] == pytest.approx([0.840, 1.143, 1.378], abs=1e-3)
    assert [ew[v] for v in (0, 1, 2)] == pytest.approx([1.567, 1.083, 1.0], abs=1e-3)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_dropins_match_networkx_per_node_on_its_test_graphs(
    borgatti: nx.Graph, small_directed: nx.DiGraph, weight: str | None
) -> None:
    for G in (borgatti, small_directed):
        G = G.copy()
        G.add_node("isolate")
        nodes = list(G)
        assert_same(
            analytics.constraint(G, weight=weight), nx.constraint(G, nodes=nodes, weight=weight)
        )
        assert_same(
            analytics.effective_size(G, weight=weight),
            nx.effective_size(G, nodes=nodes, weight=weight),
        )


def test_closed_triad_constraint_exceeds_one() -> None:
    # Each of the two contacts constrains (1/2 + 1/2 · 1/2)² = 9/16.
    assert analytics.constraint(nx.complete_graph(3)) == {0: 1.125, 1: 1.125, 2: 1.125}


def test_star_centre_has_no_redundancy_and_leaves_are_fully_constrained() -> None:
    holes = structural_holes(nx.to_scipy_sparse_array(nx.star_graph(4)))
    np.testing.assert_allclose(holes.constraint, [0.25, 1, 1, 1, 1])
    np.testing.assert_allclose(holes.effective_size, [4, 1, 1, 1, 1])
    np.testing.assert_allclose(holes.efficiency, [1, 1, 1, 1, 1])
    np.testing.assert_allclose(holes.hierarchy, [0, 1, 1, 1, 1])
    assert holes.n_contacts.tolist() == [4, 1, 1, 1, 1]


def test_hierarchy_matches_brute_force_definition(
    borgatti: nx.Graph, small_directed: nx.DiGraph
) -> None:
    for G in (borgatti, small_directed, nx.karate_club_graph()):
        for weight in (None, "weight"):
            ours = analytics.hierarchy(G, weight=weight)
            for node in G:
                assert ours[node] == pytest.approx(hierarchy_brute_force(G, node, weight), abs=TOL)


def test_isolates_give_nan_for_every_measure() -> None:
    A = sp.csr_array(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float))
    holes = structural_holes(A)
    for values in (holes.constraint, holes.effective_size, holes.efficiency, holes.hierarchy):
        assert math.isnan(values[2])
    assert holes.n_contacts[2] == 0


# --- where NetworkX 3.6 is wrong, salon follows Burt (see networkx_compat) ---------


def test_all_node_effective_size_of_networkx_is_wrong_on_weighted_graphs(
    borgatti: nx.Graph,
) -> None:
    per_node = nx.effective_size(borgatti, nodes=list(borgatti), weight="weight")
    all_node = nx.effective_size(borgatti, weight="weight")
    assert all_node["G"] != pytest.approx(per_node["G"], abs=1e-3)  # networkx#8906
    assert_same(analytics.effective_size(borgatti, weight="weight"), per_node)


def test_directed_node_with_only_incoming_ties_has_values_not_nan() -> None:
    D = nx.DiGraph([(0, 1), (0, 2), (1, 2), (3, 0)])
    per_node = nx.constraint(D, nodes=list(D))
    assert math.isnan(per_node[2])  # networkx#2661: it tests successors only
    ours = analytics.constraint(D)
    assert ours[2] == pytest.approx(nx.constraint(D)[2], abs=TOL)  # NetworkX's all-node path
    undirected = nx.constraint(D.to_undirected(), nodes=[2])[2]
    assert ours[2] == pytest.approx(undirected, abs=TOL)  # one tie each way: same mutual weights
    assert not math.isnan(analytics.effective_size(D)[2])


def test_self_loops_are_ignored_where_networkx_gives_inconsistent_answers() -> None:
    G = nx.path_graph(3)
    G.add_edges_from([(0, 0), (1, 1), (4, 4)])
    unit = G.copy()
    nx.set_edge_attributes(unit, 1, "w")
    # NetworkX: Borgatti's shortcut and the general formula disagree, one is negative.
    assert nx.effective_size(G, nodes=[0])[0] == -1.0
    assert nx.effective_size(unit, nodes=[0], weight="w")[0] == 0.0
    # and a node whose only tie is a self-loop gets constraint 4 per node, NaN for all nodes.
    assert nx.constraint(G, nodes=[4])[4] == 4.0
    assert math.isnan(nx.constraint(G)[4])
    loopless = nx.path_graph(3)
    loopless.add_node(4)
    for function in (analytics.constraint, analytics.effective_size):
        assert_same(function(G), function(loopless))
        assert_same(function(unit, weight="w"), function(loopless))
    assert_same(analytics.effective_size(G), nx.effective_size(loopless, nodes=list(loopless)))
    assert math.isnan(analytics.constraint(G)[4])


# --- the matrix API -------------------------------------------------------------------


def test_subset_query_matches_all_nodes_in_requested_order() -> None:
    G = nx.barabasi_albert_graph(300, 3, seed=7)
    A = nx.to_scipy_sparse_array(G)
    full = structural_holes(A)
    nodes = [17, 3, 17, 299, 0]
    part = structural_holes(A, nodes=nodes)
    assert part.nodes.tolist() == nodes
    for name in ("constraint", "effective_size", "efficiency", "hierarchy", "n_contacts"):
        np.testing.assert_allclose(getattr(part, name), getattr(full, name)[nodes], rtol=1e-12)


def test_result_arrays_are_read_only() -> None:
    holes = structural_holes(np.ones((3, 3)))
    with pytest.raises(ValueError, match="read-only"):
        holes.constraint[0] = 0.0


def test_measures_ignore_tie_direction_and_weight_scale() -> None:
    rng = np.random.default_rng(3)
    W = sp.random_array((80, 80), density=0.08, rng=rng, format="csr")
    base = structural_holes(W)
    for variant in (W.T, 7.5 * W):
        other = structural_holes(variant)
        for name in ("constraint", "effective_size", "hierarchy"):
            np.testing.assert_allclose(getattr(other, name), getattr(base, name), rtol=1e-10)


def test_bad_matrices_are_rejected_quoting_the_value() -> None:
    with pytest.raises(InputError, match=r"-2\.0"):
        structural_holes(np.array([[0.0, -2.0], [1.0, 0.0]]))
    with pytest.raises(InputError, match="nan"):
        structural_holes(np.array([[0.0, np.nan], [1.0, 0.0]]))
    with pytest.raises(InputError, match=r"\(2, 3\)"):
        structural_holes(np.zeros((2, 3)))
    with pytest.raises(NotFoundError, match="5"):
        structural_holes(np.zeros((3, 3)), nodes=[5])


def test_dropins_reject_multigraphs_and_unknown_nodes() -> None:
    with pytest.raises(InputError, match="MultiGraph"):
        analytics.constraint(nx.MultiGraph([(0, 1)]))
    with pytest.raises(NotFoundError, match="'z'"):
        analytics.effective_size(nx.path_graph(3), nodes=["z"])


def test_empty_and_edgeless_graphs() -> None:
    assert analytics.constraint(nx.Graph()) == {}
    holes = structural_holes(sp.csr_array((4, 4)))
    assert np.isnan(holes.constraint).all()
    assert np.isnan(holes.effective_size).all()


# --- real networks ----------------------------------------------------------------------


def sample_nodes(G: nx.Graph, k: int, max_work: int, seed: int) -> list[Hashable]:
    """Up to k nodes whose NetworkX per-node work ``d_v² (d_v + mean d_u)`` is at most max_work.

    NetworkX renormalises every mutual weight it reads, so its per-node path costs
    about ``d_v²`` times the degrees of v's neighbours: hubs are kept out of the
    sample to keep the suite fast (salon's values for hubs are covered by the
    all-node versus subset comparisons).
    """
    degree = dict(G.degree())
    cheap = []
    for v, d in degree.items():
        if d == 0:
            continue
        contacts = set(nx.all_neighbors(G, v)) if G.is_directed() else set(G[v])
        work = d * sum(d + degree[u] for u in contacts)
        if work <= max_work:
            cheap.append(v)
    rng = np.random.default_rng(seed)
    return [
        cheap[i] for i in sorted(rng.choice(len(cheap), size=min(k, len(cheap)), replace=False))
    ]


def _with_isolates_and_loops(G: nx.Graph) -> nx.Graph:
    H = G.copy()
    H.add_nodes_from(["iso-1", "iso-2"])
    H.add_edge("loop-only", "loop-only", weight=3)
    for v in list(G)[:5]:
        H.add_edge(v, v, weight=2)
    return H


def _compare_with_networkx(G: nx.Graph, weight: str | None, sample: list[Hashable] | None) -> None:
    """salon's drop-ins on G (with loops and isolates) vs NetworkX per-node on G without loops."""
    H = _with_isolates_and_loops(G)
    reference = H.copy()
    reference.remove_edges_from(list(nx.selfloop_edges(reference)))
    nodes = list(H) if sample is None else [*sample, "iso-1", "loop-only"]
    expected_c = nx.constraint(reference, nodes=nodes, weight=weight)
    expected_e = nx.effective_size(reference, nodes=nodes, weight=weight)
    if G.is_directed():
        # networkx#2661: its per-node path returns NaN for nodes with only incoming ties.
        in_only = {v for v in nodes if reference.out_degree(v) == 0 and reference.in_degree(v) > 0}
        undirected = nx.Graph()
        undirected.add_nodes_from(reference)
        for u, v, d in reference.edges(data=True):
            w = d.get(weight, 1) if weight else 1
            prior = undirected[u][v]["m"] if undirected.has_edge(u, v) else 0
            undirected.add_edge(u, v, m=prior + w)
        for v in in_only:
            expected_c[v] = nx.constraint(undirected, nodes=[v], weight="m")[v]
            expected_e[v] = nx.effective_size(undirected, nodes=[v], weight="m")[v]
    assert_same(analytics.constraint(H, nodes=nodes, weight=weight), expected_c)
    assert_same(analytics.effective_size(H, nodes=nodes, weight=weight), expected_e)
    # The all-node path (triangle listing) must give the same numbers as the subset path.
    everyone_c = analytics.constraint(H, weight=weight)
    everyone_e = analytics.effective_size(H, weight=weight)
    assert_same({v: everyone_c[v] for v in nodes}, expected_c)
    assert_same({v: everyone_e[v] for v in nodes}, expected_e)


@pytest.mark.parametrize(
    ("relation", "directed"), [("adv", True), ("friend", True), ("work", False)]
)
@pytest.mark.parametrize("weighted", [False, True])
def test_dropins_match_networkx_on_lazega_law_firm(
    shared_data: Path, relation: str, directed: bool, weighted: bool
) -> None:
    A = networks.lazega(shared_data, relation)
    if weighted:
        A = networks.with_random_weights(A, seed=11, symmetric=not directed)
    G = as_graph(A, directed)
    _compare_with_networkx(
        G, "weight" if weighted else None, sample=sample_nodes(G, 15, 30_000, seed=1)
    )


@pytest.mark.parametrize("relation", ["Advice", "Friendship"])
def test_dropins_match_networkx_on_krackhardt_managers(shared_data: Path, relation: str) -> None:
    A = networks.krackhardt(shared_data, relation)
    G = as_graph(networks.with_random_weights(A, seed=5, symmetric=False), directed=True)
    _compare_with_networkx(G, None, sample=None)
    _compare_with_networkx(G, "weight", sample=sample_nodes(G, 10, 30_000, seed=2))


def test_dropins_match_networkx_on_email_eu_core_sample(shared_data: Path) -> None:
    A, _ = networks.email_eu_core(shared_data)
    G = as_graph(networks.with_random_weights(A, seed=2, symmetric=False), directed=True)
    sample = sample_nodes(G, 8, 30_000, seed=0)
    _compare_with_networkx(G, "weight", sample=sample)
    _compare_with_networkx(G.to_undirected(), None, sample=sample)


def test_dropins_match_networkx_on_reed_college_sample(shared_data: Path) -> None:
    A, _ = networks.facebook100(shared_data, "Reed98")
    G = as_graph(A, directed=False)
    sample = sample_nodes(G, 8, 30_000, seed=1)
    _compare_with_networkx(G, None, sample=sample)
    W = as_graph(networks.with_random_weights(A, seed=3, symmetric=True), directed=False)
    _compare_with_networkx(W, "weight", sample=sample)


def test_hierarchy_matches_brute_force_on_lazega_advice(shared_data: Path) -> None:
    G = as_graph(
        networks.with_random_weights(networks.lazega(shared_data, "adv"), 4, symmetric=False), True
    )
    ours = analytics.hierarchy(G, weight="weight")
    for node in sample_nodes(G, 12, 30_000, seed=3):
        assert ours[node] == pytest.approx(hierarchy_brute_force(G, node, "weight"), abs=TOL)


# --- properties -------------------------------------------------------------------------


@st.composite
def small_graphs(draw: st.DrawFn) -> nx.Graph:
    directed = draw(st.booleans())
    n = draw(st.integers(1, 9))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1])
    edges = draw(st.lists(st.tuples(pairs, st.integers(1, 5)), max_size=25))
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    for (u, v), w in edges:
        G.add_edge(u, v, weight=w)
    return G


@settings(max_examples=60, deadline=None)
@given(small_graphs(), st.sampled_from([None, "weight"]))
def test_dropins_match_networkx_on_random_small_graphs(G: nx.Graph, weight: str | None) -> None:
    nodes = [v for v in G if not G.is_directed() or G.out_degree(v) > 0 or G.in_degree(v) == 0]
    assert_same(
        analytics.constraint(G, nodes=nodes, weight=weight), nx.constraint(G, nodes, weight)
    )
    assert_same(
        analytics.effective_size(G, nodes=nodes, weight=weight),
        nx.effective_size(G, nodes, weight),
    )


@settings(max_examples=60, deadline=None)
@given(small_graphs())
def test_measures_stay_within_their_bounds(G: nx.Graph) -> None:
    holes = structural_holes(nx.to_scipy_sparse_array(G, weight="weight"))
    tied = holes.n_contacts > 0
    N = holes.n_contacts[tied]
    # Σ_j (p_ij + indirect_ij) ≥ 1 over N terms, each term ≤ 1, and the sum ≤ 2.
    assert np.all(holes.constraint[tied] >= 1 / N - 1e-12)
    assert np.all(holes.constraint[tied] <= 2 + 1e-12)
    # m_jq ≤ 1 makes each contact's redundancy at most Σ_{q≠j} p_iq: e ≥ 1.
    assert np.all(holes.effective_size[tied] >= 1 - 1e-12)
    assert np.all(holes.effective_size[tied] <= N + 1e-12)
    assert np.all((holes.efficiency[tied] >= 0) & (holes.efficiency[tied] <= 1 + 1e-12))
    assert np.all((holes.hierarchy[tied] >= -1e-12) & (holes.hierarchy[tied] <= 1 + 1e-12))
    assert np.isnan(holes.constraint[~tied]).all()


@settings(max_examples=40, deadline=None)
@given(small_graphs(), st.randoms(use_true_random=False))
def test_relabelling_nodes_permutes_the_results(G: nx.Graph, rnd: random.Random) -> None:
    A = nx.to_scipy_sparse_array(G, weight="weight")
    perm = list(range(A.shape[0]))
    rnd.shuffle(perm)
    base = structural_holes(A)
    moved = structural_holes(A[perm][:, perm])
    for name in ("constraint", "effective_size", "hierarchy"):
        np.testing.assert_allclose(getattr(moved, name), getattr(base, name)[perm], rtol=1e-10)


# --- one ego from its ego network alone ------------------------------------------------


def _ego_inputs(
    A: sp.csr_array, ego: int
) -> tuple[np.ndarray, sp.csr_array, np.ndarray, np.ndarray]:
    """What a store reads for one ego: its ties, the ties among its contacts, and two
    sums per contact over the mutual weights."""
    S = analytics.mutual_weights(analytics.as_adjacency(A))
    row = S[[ego]].tocsr()
    contacts = row.indices
    among = sp.csr_array(A)[contacts][:, contacts]
    strength = np.asarray(S.sum(axis=1)).ravel()[contacts]
    strongest = S.max(axis=1).toarray().ravel()[contacts]
    return row.data, among, strength, strongest


@pytest.mark.parametrize(
    ("relation", "weighted"), [("adv", True), ("friend", False), ("work", True)]
)
def test_ego_measures_equal_the_whole_network_ones_on_lazega(
    shared_data: Path, relation: str, weighted: bool
) -> None:
    A = networks.lazega(shared_data, relation)
    if weighted:
        A = networks.with_random_weights(A, seed=7, symmetric=False)
    everyone = structural_holes(A)
    for ego in range(A.shape[0]):
        alone = analytics.ego_structural_holes(*_ego_inputs(A, ego))
        assert alone.n_contacts[0] == everyone.n_contacts[ego]
        for field in ("constraint", "effective_size", "efficiency", "hierarchy"):
            expected = float(getattr(everyone, field)[ego])
            got = float(getattr(alone, field)[0])
            if math.isnan(expected):
                assert math.isnan(got), (ego, field)
            else:
                assert got == pytest.approx(expected, abs=TOL, rel=TOL), (ego, field)


def test_ego_measures_match_networkx_on_reed_college(shared_data: Path) -> None:
    A, _ = networks.facebook100(shared_data, "Reed98")
    G = as_graph(A, directed=False)
    for ego in sample_nodes(G, 12, 60_000, seed=4):
        alone = analytics.ego_structural_holes(*_ego_inputs(A, int(ego)))
        assert float(alone.constraint[0]) == pytest.approx(
            nx.constraint(G, [ego])[ego], abs=TOL, rel=TOL
        )
        assert float(alone.effective_size[0]) == pytest.approx(
            nx.effective_size(G, [ego])[ego], abs=TOL, rel=TOL
        )


def test_ego_measures_of_an_ego_without_contacts_are_nan_and_bad_input_is_named() -> None:
    empty = analytics.ego_structural_holes([], sp.csr_array((0, 0)), [], [])
    assert math.isnan(float(empty.constraint[0]))
    assert int(empty.n_contacts[0]) == 0
    with pytest.raises(InputError, match="2 weights, 1 strengths"):
        analytics.ego_structural_holes([1, 1], np.zeros((2, 2)), [1], [1, 1])
    with pytest.raises(InputError, match="no larger than its strength"):
        analytics.ego_structural_holes([3], np.zeros((1, 1)), [2], [3])
