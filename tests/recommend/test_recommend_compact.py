"""CompactGraph: the same network as networkx, as arrays, and the same picks from who_to_meet."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from salon.errors import InputError, NotFoundError
from salon.recommend import CompactGraph, who_to_meet
from salon.recommend.neighbourhood import EgoNeighbourhood
from salon.recommend.novelty import AttributeNovelty

ATTRIBUTES = ["industry", "country"]


def _random_network(seed: int) -> tuple[nx.Graph, list[tuple[int, int]]]:
    """A random attributed graph built edge by edge, repeats and self-loops included."""
    rng = random.Random(seed)
    n = rng.randint(3, 60)
    nodes = rng.sample(range(1000), n)  # labels unrelated to positions
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(1, 3 * n))]
    G = nx.Graph()
    G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    for x in nodes:
        G.nodes[x]["name"] = f"person {x}"
        if rng.random() < 0.8:
            G.nodes[x]["industry"] = rng.choice(["law", "biotech", "retail", "", "energy"])
        if rng.random() < 0.5:
            G.nodes[x]["country"] = rng.choice(["ES", "GH", "IN"])
    return G, edges


def _compact(G: nx.Graph, edges: list[tuple[int, int]]) -> CompactGraph:
    nodes = list(G)
    return CompactGraph.from_edges(
        nodes,
        [a for a, _ in edges],
        [b for _, b in edges],
        columns={a: [G.nodes[x].get(a) for x in nodes] for a in [*ATTRIBUTES, "name"]},
    )


@pytest.mark.parametrize("seed", range(20))
def test_neighbours_come_in_the_order_networkx_lists_them(seed: int) -> None:
    G, edges = _random_network(seed)
    from_edges = _compact(G, edges)
    from_graph = CompactGraph.from_networkx(G, ATTRIBUTES)
    for x in G:
        expected = [y for y in G.adj[x] if y != x]
        assert from_edges.neighbours(x) == expected
        assert from_graph.neighbours(x) == expected
        for attribute in ATTRIBUTES:
            assert from_edges.value(x, attribute) == G.nodes[x].get(attribute)
    assert from_edges.number_of_edges() == G.number_of_edges() - nx.number_of_selfloops(G)


def test_integer_labels_are_looked_up_in_bulk_and_checked() -> None:
    ids = np.array([10, 11, 12, 40])
    G = CompactGraph.from_edges(ids, np.array([10, 40]), np.array([40, 11]))
    assert G.nodes == [10, 11, 12, 40]
    assert all(type(x) is int for x in G.nodes)
    assert G.neighbours(40) == [10, 11]
    assert G.neighbours(12) == []
    with pytest.raises(InputError, match="edge end 13 is not a node"):
        CompactGraph.from_edges(ids, np.array([10]), np.array([13]))
    with pytest.raises(InputError, match="edge end 'zoe' is not a node"):
        CompactGraph.from_edges(["ana", "bo"], ["ana"], ["zoe"])


def test_a_column_needs_one_value_per_node() -> None:
    with pytest.raises(InputError, match="column 'industry' must have one value per node"):
        CompactGraph.from_edges(["ana", "bo"], ["ana"], ["bo"], columns={"industry": ["law"]})


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("max_path", [3, 4])
def test_who_to_meet_picks_the_same_people_for_the_same_reasons_on_both(
    seed: int, max_path: int
) -> None:
    G, edges = _random_network(seed)
    ego = next(x for x in G if G.degree(x) > 0)
    rng = random.Random(seed)
    kwargs = {
        "k": 5,
        "attributes": ATTRIBUTES,
        # caller-given candidates beyond the second degree exercise the far paths
        "candidates": [x for x in G if rng.random() < 0.6],
        "relevance": {x: rng.random() for x in G if rng.random() < 0.5},
        "learning_intent": {x: rng.choice(["learn", "pitch", "both"]) for x in list(G)[:8]},
        "communities": {ego: ["salon"], **{x: ["salon"] for x in list(G)[-3:]}},
        "seed": seed,
        "max_path": max_path,
    }
    expected = who_to_meet(G, ego, **kwargs)  # type: ignore[arg-type]
    assert who_to_meet(_compact(G, edges), ego, **kwargs) == expected  # type: ignore[arg-type]


def test_who_to_meet_agrees_on_a_real_network(lazega_cowork: nx.Graph) -> None:
    attributes = ["office", "practice", "law school"]
    compact = CompactGraph.from_networkx(lazega_cowork, [*attributes, "name"])
    for ego in (0, 16, 40):
        contacts = set(lazega_cowork[ego])
        everyone = [x for x in lazega_cowork if x != ego and x not in contacts]
        kwargs = {"k": 6, "attributes": attributes, "candidates": everyone, "seed": ego}
        picks = who_to_meet(lazega_cowork, ego, **kwargs)  # type: ignore[arg-type]
        assert len(picks) == 6
        assert who_to_meet(compact, ego, **kwargs) == picks  # type: ignore[arg-type]


def test_a_compact_graph_has_no_tie_weights() -> None:
    G = CompactGraph.from_edges(["me", "ana", "bo"], ["me", "ana"], ["ana", "bo"])
    with pytest.raises(InputError, match="unweighted ties, got tie weight attribute 'weight'"):
        who_to_meet(G, "me", tie_weight="weight")


def _with_unknowns(G: nx.Graph, seed: int) -> None:
    """A 'field' attribute whose unknowns come as None, '', NaN (several objects) or absent."""
    rng = random.Random(seed)
    for x in G:
        value = rng.choice(["physics", "art", None, "", float("nan"), "absent", "physics"])
        if value != "absent":
            G.nodes[x]["field"] = value


@pytest.mark.parametrize("seed", range(40))
def test_the_neighbourhood_on_arrays_is_the_networkx_one_row_for_row(seed: int) -> None:
    G, edges = _random_network(seed)
    _with_unknowns(G, seed)
    nodes = list(G)
    compact = CompactGraph.from_edges(
        nodes,
        [a for a, _ in edges],
        [b for _, b in edges],
        columns={a: [G.nodes[x].get(a) for x in nodes] for a in [*ATTRIBUTES, "field"]},
    )
    ego = next(x for x in G if G.degree(x) > 0)
    rng = random.Random(seed)
    # shuffled, with repeats, ego and contacts among them: the pool keeps first occurrences
    candidates = [x for x in G if rng.random() < 0.6]
    rng.shuffle(candidates)
    candidates += [*candidates[:3], ego]
    for max_path, second_degree in [(2, True), (3, True), (4, True), (4, False)]:
        kwargs = {"candidates": candidates, "second_degree": second_degree, "max_path": max_path}
        expected = EgoNeighbourhood.build(G, ego, **kwargs)  # type: ignore[arg-type]
        got = EgoNeighbourhood.build(compact, ego, **kwargs)  # type: ignore[arg-type]
        assert got.contacts == expected.contacts
        assert got.contact_index == expected.contact_index
        assert got.nodes == expected.nodes
        assert got.node_index == expected.node_index
        np.testing.assert_array_equal(got.is_candidate, expected.is_candidate)
        np.testing.assert_array_equal(got.distance, expected.distance)
        assert list(got.far_paths.items()) == list(expected.far_paths.items())
        assert got.far_paths.get("nobody") is None
        np.testing.assert_array_equal(got.ego_weight, expected.ego_weight)
        np.testing.assert_array_equal(got.contact_max, expected.contact_max)
        for name in ("contact_ties", "to_contacts"):
            ours, theirs = getattr(got, name), getattr(expected, name)
            assert ours.shape == theirs.shape
            np.testing.assert_array_equal(ours.indptr, theirs.indptr)
            np.testing.assert_array_equal(ours.indices, theirs.indices)
            np.testing.assert_array_equal(ours.data, theirs.data)
        assert list(got.pool_rows([*got.nodes, "nobody"])) == [*range(len(got.nodes)), -1]
        attributes = [*ATTRIBUTES, "field", "missing"]
        by_label = AttributeNovelty(G, expected.contacts, expected.nodes, attributes)
        by_position = AttributeNovelty(
            compact,
            got.contacts,
            got.nodes,
            attributes,
            positions=(got.contact_positions, got.node_positions),
        )
        assert by_position.labels == by_label.labels
        for ours, theirs in [
            *zip(by_position.node_codes, by_label.node_codes, strict=True),
            *zip(by_position.counts, by_label.counts, strict=True),
        ]:
            np.testing.assert_array_equal(ours, theirs)
        assert by_position.known == by_label.known


@pytest.mark.parametrize("seed", range(30))
def test_who_to_meet_ranks_the_whole_pool_alike_on_both(seed: int) -> None:
    """Every pick, in order: equal scores are many here, so the row order shows."""
    G, edges = _random_network(seed)
    ego = next(x for x in G if G.degree(x) > 0)
    rng = random.Random(seed)
    candidates = [x for x in G if rng.random() < 0.7]
    rng.shuffle(candidates)
    relevance = {x: rng.choice([0.0, 0.5, 1.0]) for x in G if rng.random() < 0.5}
    kwargs = {
        "k": len(G),
        "attributes": ATTRIBUTES,
        "candidates": candidates,
        "relevance": relevance,
        "seed": seed,
        "max_path": 4,
    }
    expected = who_to_meet(G, ego, **kwargs)  # type: ignore[arg-type]
    assert who_to_meet(_compact(G, edges), ego, **kwargs) == expected  # type: ignore[arg-type]


def test_a_candidate_missing_from_the_arrays_is_not_found() -> None:
    G = CompactGraph.from_edges(["me", "ana", "bo"], ["me", "ana"], ["ana", "bo"])
    with pytest.raises(NotFoundError, match="candidate 'ghost' is not a node"):
        who_to_meet(G, "me", candidates=["bo", "ghost"])
    with pytest.raises(NotFoundError, match=r"candidate \['bo'\] is not a node"):
        who_to_meet(G, "me", candidates=["bo", ["bo"]])  # type: ignore[list-item]
