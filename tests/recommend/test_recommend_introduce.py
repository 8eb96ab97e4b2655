"""Introductions with the match given as a table over profiles, against the pair-by-pair match."""

from __future__ import annotations

import itertools
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pytest

import salon.recommend.introduce as introduce
from salon.errors import InputError
from salon.recommend import CompactGraph, introductions
from salon.recommend.introduce import ProfileMatch

LAZEGA = ["status", "gender", "office", "practice", "law school"]


def _profiles(G: nx.Graph, n_profiles: int, seed: int) -> tuple[dict[Hashable, int], np.ndarray]:
    """A profile per lawyer out of a few (many equal matches) and a symmetric similarity table.

    Similarities are multiples of 1/8, and some are 0 (no match), so scores
    tie often: the tie-breaking is exercised, not only the order of values.
    """
    rng = np.random.default_rng(seed)
    profile = {x: int(rng.integers(n_profiles)) for x in G}
    table = rng.integers(0, 9, size=(n_profiles, n_profiles)) / 8
    return profile, np.triu(table) + np.triu(table, 1).T


def _pairwise(
    G: nx.Graph, ego: Hashable, profile: dict[Hashable, int], table: np.ndarray, scale: float
) -> dict[tuple[Hashable, Hashable], float]:
    """The same match listed pair by pair, as a mapping (pairs with 0 left out)."""
    contacts = list(G[ego])
    return {
        (a, b): table[profile[a], profile[b]] / scale
        for a, b in itertools.combinations(contacts, 2)
        if table[profile[a], profile[b]] > 0
    }


def _brute_force(
    G: nx.Graph,
    ego: Hashable,
    k: int,
    match: dict[tuple[Hashable, Hashable], float],
    clusters: dict[Hashable, int],
) -> list[tuple[Hashable, Hashable]]:
    """Greedy over every matched pair by hand: 0.6 match + 0.4 share of dimensions differing."""
    contacts = list(G[ego])
    scored = []
    for i, j in itertools.combinations(range(len(contacts)), 2):
        a, b = contacts[i], contacts[j]
        if G.has_edge(a, b) or (a, b) not in match:
            continue
        values = [(G.nodes[a].get(x), G.nodes[b].get(x)) for x in LAZEGA]
        values.append((clusters.get(a), clusters.get(b)))
        both = [(u, v) for u, v in values if u is not None and v is not None]
        differ = sum(u != v for u, v in both) / len(both) if both else 0.0
        if differ > 0:
            scored.append((-(0.4 * differ + 0.6 * match[(a, b)]), i, j))
    used: set[int] = set()
    out = []
    for _, i, j in sorted(scored):
        if i in used or j in used:
            continue
        used.update((i, j))
        out.append((contacts[i], contacts[j]))
    return out[:k]


@pytest.mark.parametrize("block", [512, 5])
def test_a_profile_table_picks_as_the_same_match_pair_by_pair_and_by_hand(
    lazega_cowork: nx.Graph, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    G = lazega_cowork
    monkeypatch.setattr(introduce, "_ROWS_PER_BLOCK", block)
    compact = CompactGraph.from_networkx(G, [*LAZEGA, "name"])
    for seed, ego in enumerate(sorted(G, key=G.degree, reverse=True)[:6]):
        profile, table = _profiles(G, n_profiles=4, seed=seed)
        clusters = {x: x % 3 for x in G[ego]}
        scale = 1.0 if seed % 2 else 1.25
        by_pair = _pairwise(G, ego, profile, table, scale)
        for k in (1, 3, 8):
            table_picks = introductions(
                G, ego, k, LAZEGA, clusters=clusters, match=ProfileMatch(profile, table, scale)
            )
            assert table_picks, (ego, k)
            assert table_picks == introductions(G, ego, k, LAZEGA, clusters=clusters, match=by_pair)
            assert [i.pair for i in table_picks] == _brute_force(G, ego, k, by_pair, clusters)
            on_arrays = introductions(
                compact,
                ego,
                k,
                LAZEGA,
                clusters=clusters,
                match=ProfileMatch(profile, table, scale),
            )
            assert on_arrays == table_picks


def test_match_reasons_may_be_asked_for_the_picked_pairs_only() -> None:
    G = nx.Graph([("me", x) for x in ("ana", "raj", "li", "bo")] + [("ana", "li")])
    nx.set_node_attributes(
        G, {"ana": "bio", "raj": "design", "li": "bio", "bo": "energy"}, "industry"
    )
    asked = []

    def reason(a: Hashable, b: Hashable) -> str | None:
        asked.append((a, b))
        return "enzymes meet batteries" if {a, b} == {"ana", "bo"} else None

    profile = {"ana": 0, "raj": 1, "li": 0, "bo": 2}
    table = np.array([[1.0, 0.2, 0.9], [0.2, 1.0, 0.0], [0.9, 0.0, 1.0]])
    found = introductions(
        G, "me", 3, ["industry"], match=ProfileMatch(profile, table), match_reasons=reason
    )
    # ana-li are tied, raj-bo share nothing, ana is introduced once: raj meets li
    assert [i.pair for i in found] == [("ana", "bo"), ("raj", "li")]
    assert asked == [("ana", "bo"), ("raj", "li")]
    assert "match 0.90: enzymes meet batteries" in found[0].reason
    assert "industry bio vs energy" in found[0].reason


def test_a_profile_table_is_checked() -> None:
    with pytest.raises(InputError, match="square"):
        ProfileMatch({"a": 0}, np.ones((2, 3)))
    with pytest.raises(InputError, match="scale"):
        ProfileMatch({"a": 0}, np.ones((2, 2)), scale=0.0)
    with pytest.raises(InputError, match=r"profile rows must be in \[0, 2\), got 2 for 'a'"):
        ProfileMatch({"a": 2}, np.ones((2, 2)))


@pytest.mark.parametrize("k", [1, 3])
def test_equal_scores_go_to_the_contacts_listed_first(k: int) -> None:
    """Among many equal pairs, the greedy takes them in contact order, kept per row or not."""
    contacts = [f"c{i:02d}" for i in range(12)]
    G = nx.Graph([("me", c) for c in contacts])
    nx.set_node_attributes(G, {c: i for i, c in enumerate(contacts)}, "desk")
    profile = dict.fromkeys(contacts, 0)
    expected = [(contacts[2 * i], contacts[2 * i + 1]) for i in range(k)]
    for match in (ProfileMatch(profile, np.ones((1, 1))), None):
        found = introductions(G, "me", k, ["desk"], match=match)
        assert [i.pair for i in found] == expected
