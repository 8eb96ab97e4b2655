"""The marginal effective-size gain equals NetworkX computed before and after."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from salon.errors import InputError, NotFoundError
from salon.recommend import effective_size_gain, who_to_meet


def _non_contacts(G: Any, ego: Hashable) -> list[Hashable]:
    tied = set(nx.all_neighbors(G, ego)) if G.is_directed() else set(G[ego])
    return [c for c in G if c != ego and c not in tied]


def _networkx_effective_size(
    G: Any, ego: Hashable, joined: list[Hashable], weight: str | None, w: float
) -> float:
    """ES of ego once ``joined`` are tied to it, straight from NetworkX.

    ``nodes=[ego]`` keeps NetworkX on its per-node formula: its all-nodes
    sparse path (3.6.1) divides by column instead of row maxima, which differs
    from Burt's m_jq once weights or directions make the maxima unequal.
    """
    H = G.copy()
    for x in joined:
        H.add_edge(ego, x, **({weight: w} if weight else {}))
        if H.is_directed():
            H.add_edge(x, ego, **({weight: w} if weight else {}))
    value = nx.effective_size(H, [ego], weight=weight)[ego]
    return 0.0 if math.isnan(value) else float(value)


def _assert_matches_networkx(
    G: Any,
    egos: list[Hashable],
    weight: str | None = None,
    w: float = 1.0,
    n_candidates: int | None = 8,
) -> None:
    rng = np.random.default_rng(0)
    for ego in egos:
        candidates = _non_contacts(G, ego)
        gains = effective_size_gain(G, ego, candidates, weight=weight, new_tie_weight=w)
        if n_candidates is not None and len(candidates) > n_candidates:
            # NetworkX's weighted form costs O(deg^3) per call: check a sample.
            picked = rng.choice(len(candidates), n_candidates, replace=False)
            candidates = [candidates[i] for i in picked]
        before = _networkx_effective_size(G, ego, [], weight, w)
        for c in candidates:
            after = _networkx_effective_size(G, ego, [c], weight, w)
            assert gains[c] == pytest.approx(after - before, abs=1e-9)


def test_gain_matches_networkx_on_lazega_cowork(lazega_cowork: nx.Graph) -> None:
    _assert_matches_networkx(lazega_cowork, [0, 7, 23, 40, 64], n_candidates=None)


def test_gain_matches_networkx_on_directed_lazega_advice(lazega_advice: nx.DiGraph) -> None:
    # Directed and unweighted: NetworkX takes Burt's form with mutual weights 1 or 2.
    _assert_matches_networkx(lazega_advice, [3, 55], n_candidates=6)


def test_gain_matches_networkx_on_weighted_lazega_multiplex(lazega_multiplex: nx.Graph) -> None:
    _assert_matches_networkx(lazega_multiplex, [1, 44], weight="weight", w=1.0, n_candidates=5)
    _assert_matches_networkx(lazega_multiplex, [5], weight="weight", w=4.5, n_candidates=4)


def test_gain_matches_networkx_on_krackhardt_advice(krackhardt_advice: nx.DiGraph) -> None:
    # Krackhardt's advice net is dense: every manager's pool is small and redundant.
    tied_to_all = [e for e in krackhardt_advice if _non_contacts(krackhardt_advice, e)]
    _assert_matches_networkx(krackhardt_advice, tied_to_all[:6])


def test_gains_of_greedy_picks_match_networkx_given_earlier_picks(
    lazega_multiplex: nx.Graph,
) -> None:
    for ego in (2, 33):
        picks = who_to_meet(
            lazega_multiplex, ego, 4, ["office", "practice"], tie_weight="weight", seed=1
        )
        joined: list[Hashable] = []
        for s in picks:
            before = _networkx_effective_size(lazega_multiplex, ego, joined, "weight", 1.0)
            joined.append(s.person)
            after = _networkx_effective_size(lazega_multiplex, ego, joined, "weight", 1.0)
            assert s.gains["structural"] == pytest.approx(after - before, abs=1e-9)


def test_hand_graph_borgatti_values() -> None:
    # Ego 0 with contacts 1, 2 (tied): n=2, t=1, ES = 1.  Candidate 3 knows 1
    # (n=3, t=2: 5/3); candidate 4 knows both (n=3, t=3: 1); 5 knows nobody in N.
    G = nx.Graph([(0, 1), (0, 2), (1, 2), (3, 1), (4, 1), (4, 2), (5, 6)])
    gains = effective_size_gain(G, 0, [3, 4, 5])
    assert gains[3] == pytest.approx(5 / 3 - 1)
    assert gains[4] == pytest.approx(0.0)
    assert gains[5] == pytest.approx((3 - 2 / 3) - 1)


def test_ego_without_contacts_gains_one_per_first_contact() -> None:
    G = nx.Graph([(1, 2)])
    G.add_node(0)
    assert effective_size_gain(G, 0, [1, 2]) == {1: 1.0, 2: 1.0}


def test_redundant_candidate_gains_less_than_bridging_one() -> None:
    G = nx.complete_graph(5)  # ego 0 and a clique of contacts 1..4
    G.add_edges_from([("r", i) for i in range(1, 5)])  # tied to every contact
    G.add_edges_from([("b", 1), ("b", "x"), ("x", "y")])  # one tie in, the rest elsewhere
    gains = effective_size_gain(G, 0, ["r", "b"])
    # r leaves ego's effective size where it was (n - 2t/n = 1 before and after);
    # b adds almost a whole non-redundant contact.
    assert gains["r"] == pytest.approx(0.0)
    assert gains["b"] == pytest.approx((5 - 14 / 5) - 1)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(3, 12),
    p=st.floats(0.1, 0.7),
    seed=st.integers(0, 10_000),
    directed=st.booleans(),
    weighted=st.booleans(),
    w=st.floats(0.2, 5.0),
)
def test_gain_matches_networkx_on_random_graphs(
    n: int, p: float, seed: int, directed: bool, weighted: bool, w: float
) -> None:
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    # NetworkX calls a digraph node with in-ties but no out-ties isolated (NaN):
    # it tests G[v], the successors only.  Its effective size is defined, so
    # skip that case rather than compare with NaN.
    assume(not directed or G.out_degree(0) > 0 or G.in_degree(0) == 0)
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.uniform(0.1, 6.0))
    _assert_matches_networkx(G, [0], weight="weight" if weighted else None, w=w, n_candidates=None)


def test_rejects_bad_input() -> None:
    G = nx.path_graph(4)
    with pytest.raises(NotFoundError, match="ego 9"):
        effective_size_gain(G, 9, [2])
    with pytest.raises(InputError, match="got 1"):
        effective_size_gain(G, 0, [1])
    with pytest.raises(InputError, match="multigraph"):
        effective_size_gain(nx.MultiGraph(G), 0, [2])
    with pytest.raises(InputError, match="new_tie_weight"):
        effective_size_gain(G, 0, [2], new_tie_weight=0)
    H = nx.Graph([(0, 1, {"w": 1.0}), (1, 2, {"w": -3.0})])
    with pytest.raises(InputError, match="non-negative"):
        effective_size_gain(H, 0, [2], weight="w")


def test_weighted_greedy_picks_maximise_the_exact_gain(lazega_multiplex: nx.Graph) -> None:
    # Only the structural term counts, so each pick must maximise the exact
    # (clipped) gain given the earlier picks: the bounds never skip a winner.
    only_structure = dict.fromkeys(("novelty", "relevance", "reachability", "intent"), 0.0)
    only_structure["structural"] = 1.0
    for ego in (4, 19, 50):
        G = lazega_multiplex.copy()
        picks = who_to_meet(G, ego, 3, tie_weight="weight", weights=only_structure, seed=0)
        for s in picks:
            pool = [c for c in _non_contacts(G, ego) if nx.has_path(G, ego, c)]
            pool = [c for c in pool if nx.shortest_path_length(G, ego, c) == 2]
            exact = effective_size_gain(G, ego, pool, weight="weight")
            best = max(min(max(g, 0.0), 1.0) for g in exact.values())
            assert min(max(exact[s.person], 0.0), 1.0) == pytest.approx(best, abs=1e-12)
            assert s.gains["structural"] == pytest.approx(exact[s.person], abs=1e-12)
            G.add_edge(ego, s.person, weight=1.0)
