"""The evaluation baselines do what their names say."""

from __future__ import annotations

import networkx as nx
import numpy as np

from salon.recommend import blau_index
from salon.recommend.baselines import (
    adamic_adar_picks,
    common_neighbour_picks,
    diversity_greedy_picks,
    random_picks,
    second_degree_pool,
)

LAZEGA = ["status", "gender", "office", "practice", "law school"]


def test_second_degree_pool_is_distance_two(lazega_cowork: nx.Graph) -> None:
    for ego in (0, 30):
        lengths = nx.single_source_shortest_path_length(lazega_cowork, ego, cutoff=2)
        assert set(second_degree_pool(lazega_cowork, ego)) == {
            x for x, d in lengths.items() if d == 2
        }


def test_adamic_adar_and_common_neighbours_take_the_top_scores(lazega_cowork: nx.Graph) -> None:
    G = lazega_cowork
    for ego in (3, 17, 41):
        pool = second_degree_pool(G, ego)
        aa = {c: s for _, c, s in nx.adamic_adar_index(G, [(ego, c) for c in pool])}
        picks = adamic_adar_picks(G, ego, 5, seed=0)
        assert min(aa[p] for p in picks) >= max(aa[c] for c in pool if c not in picks)
        cn = {c: len(list(nx.common_neighbors(G, ego, c))) for c in pool}
        picks = common_neighbour_picks(G, ego, 5, seed=0)
        assert min(cn[p] for p in picks) >= max(cn[c] for c in pool if c not in picks)


def test_random_picks_are_seeded_distinct_and_from_the_pool(lazega_cowork: nx.Graph) -> None:
    pool = second_degree_pool(lazega_cowork, 10)
    picks = random_picks(lazega_cowork, 10, 5, seed=4)
    assert picks == random_picks(lazega_cowork, 10, 5, seed=4)
    assert len(set(picks)) == 5
    assert set(picks) <= set(pool)


def test_diversity_greedy_first_pick_maximises_blau_by_brute_force(
    lazega_cowork: nx.Graph,
) -> None:
    G = lazega_cowork
    for ego in (5, 22, 38):
        contacts = list(G[ego])

        def mean_blau(people: list[int]) -> float:
            return float(np.mean([blau_index([G.nodes[p][a] for p in people]) for a in LAZEGA]))

        gains = {c: mean_blau([*contacts, c]) for c in second_degree_pool(G, ego)}
        first = diversity_greedy_picks(G, ego, 1, LAZEGA, seed=0)[0]
        assert gains[first] == max(gains.values())
