"""Introductions, the feedback panel and partners."""

from __future__ import annotations

import itertools
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salon.errors import InputError, NotFoundError
from salon.recommend import feedback_panel, introductions, partners

LAZEGA = ["status", "gender", "office", "practice", "law school"]


# ---------------------------------------------------------------- introductions


def _brute_force_introductions(
    G: nx.Graph, ego: Hashable, k: int, attributes: list[str]
) -> list[tuple[float, Hashable, Hashable]]:
    """Greedy over every pair, by hand: the reference for the blocked search."""
    contacts = list(G[ego])
    scored = []
    for i, j in itertools.combinations(range(len(contacts)), 2):
        a, b = contacts[i], contacts[j]
        if G.has_edge(a, b):
            continue
        both = [
            x for x in attributes if G.nodes[a].get(x) is not None and G.nodes[b].get(x) is not None
        ]
        differ = sum(G.nodes[a][x] != G.nodes[b][x] for x in both) / len(both) if both else 0.0
        if differ > 0:
            scored.append((-differ, i, j))
    used: set[int] = set()
    out = []
    for neg, i, j in sorted(scored):
        if i in used or j in used:
            continue
        used.update((i, j))
        out.append((-neg, contacts[i], contacts[j]))
    return out[:k]


def test_introductions_match_brute_force_greedy_on_lazega(lazega_cowork: nx.Graph) -> None:
    for ego in (0, 12, 26, 45, 60):
        found = introductions(lazega_cowork, ego, 4, LAZEGA)
        expected = _brute_force_introductions(lazega_cowork, ego, 4, LAZEGA)
        assert [(i.gains["difference"], *i.pair) for i in found] == [
            (pytest.approx(d), a, b) for d, a, b in expected
        ]


def test_introductions_are_the_same_across_row_blocks(
    lazega_cowork: nx.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import salon.recommend.introduce as introduce

    ego = max(lazega_cowork, key=lazega_cowork.degree)
    whole = introductions(lazega_cowork, ego, 6, LAZEGA)
    monkeypatch.setattr(introduce, "_ROWS_PER_BLOCK", 7)
    assert introductions(lazega_cowork, ego, 6, LAZEGA) == whole
    expected = _brute_force_introductions(lazega_cowork, ego, 6, LAZEGA)
    assert [i.pair for i in whole] == [(a, b) for _, a, b in expected]


def test_introduced_pairs_are_untied_contacts_used_once(lazega_cowork: nx.Graph) -> None:
    G = lazega_cowork
    ego = max(G, key=G.degree)
    found = introductions(G, ego, 8, LAZEGA)
    people = [p for i in found for p in i.pair]
    assert len(people) == len(set(people)) == 2 * len(found) > 0
    for i in found:
        a, b = i.pair
        assert G.has_edge(ego, a)
        assert G.has_edge(ego, b)
        assert not G.has_edge(a, b)
        assert "do not know each other" in i.reason


def test_introductions_rank_by_match_and_name_it() -> None:
    G = nx.Graph([("me", x) for x in ("ana", "raj", "li", "bo")] + [("ana", "li")])
    nx.set_node_attributes(
        G, {"ana": "bio", "raj": "design", "li": "bio", "bo": "energy"}, "industry"
    )
    match = {("ana", "raj"): 0.2, ("bo", "ana"): 0.9, ("ana", "li"): 1.0}
    reasons = {("bo", "ana"): "Bo's battery-recycling problem meets Ana's enzyme work"}
    found = introductions(G, "me", 3, ["industry"], match=match, match_reasons=reasons)
    # ana-li are tied already; ana is used once, so raj waits for another match.
    assert [i.pair for i in found] == [("ana", "bo")]
    assert "match 0.90: Bo's battery-recycling problem meets Ana's enzyme work" in found[0].reason
    assert "industry bio vs energy" in found[0].reason


def test_introductions_in_different_clusters_only() -> None:
    G = nx.Graph([("me", x) for x in "abcd"])
    clusters = {"a": 0, "b": 0, "c": 1, "d": 1}
    found = introductions(G, "me", 2, clusters=clusters)
    assert {frozenset(i.pair) for i in found} <= {
        frozenset(p) for p in (("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"))
    }
    assert len(found) == 2
    assert all("different clusters" in i.reason for i in found)


def test_introductions_reject_bad_input() -> None:
    G = nx.Graph([("me", "a"), ("me", "b")])
    with pytest.raises(InputError, match="got 0"):
        introductions(G, "me", 0)
    with pytest.raises(InputError, match=r"got 2 for \('a', 'b'\)"):
        introductions(G, "me", match={("a", "b"): 2})
    with pytest.raises(NotFoundError):
        introductions(G, "you")


# ---------------------------------------------------------------- feedback panel


def _panel_graph() -> nx.Graph:
    G = nx.Graph()
    dept = {"me": "eng", "p1": "eng", "p2": "eng", "p3": "sales", "p4": "legal", "p5": "eng"}
    for node, d in dept.items():
        G.add_node(node, dept=d, level="senior" if node in ("p1", "p4") else "junior")
    return G


def test_panel_starts_with_the_likeliest_challenger_then_spreads() -> None:
    G = _panel_graph()
    relevance = {"p1": 0.9, "p2": 0.8, "p3": 0.7, "p4": 0.6, "p5": 0.1}
    history = {"p2": ["challenging", "supportive"], "p1": ["supportive"] * 3, "p5": ["challenging"]}
    panel = feedback_panel(G, "me", list(relevance), relevance, history, 3, attributes=["dept"])
    people = [s.person for s in panel]
    assert people[0] == "p2"  # p5 challenges more but is not relevant enough
    assert panel[0].gains["challenge"] == 0.5
    assert "1 of 2 past feedbacks were challenging" in panel[0].reason
    # After an engineer, sales and legal each add a department the panel lacks.
    assert set(people[1:]) == {"p3", "p4"}
    assert "p5" not in people


def test_panel_without_history_picks_the_most_different_as_challenger() -> None:
    G = _panel_graph()
    relevance = dict.fromkeys(("p1", "p2", "p3", "p4"), 0.8)
    panel = feedback_panel(G, "me", relevance, relevance, {}, 2, attributes=["dept", "level"])
    assert panel[0].person == "p4"  # legal and senior: differs from ego on both
    assert "dept (legal vs your eng)" in panel[0].reason
    assert len({s.person for s in panel}) == 2


def test_panel_rejects_unknown_stance_and_candidate() -> None:
    G = _panel_graph()
    with pytest.raises(InputError, match="'angry'"):
        feedback_panel(G, "me", ["p1"], {"p1": 1.0}, {"p1": ["angry"]})
    with pytest.raises(NotFoundError, match="'ghost'"):
        feedback_panel(G, "me", ["ghost"], {}, {})


# ---------------------------------------------------------------- partners


def test_partners_cover_needs_and_report_the_rest() -> None:
    plan = partners(
        {"Python", "hardware", "Sales", "FDA approval"},
        {"ana": {"python", "sales"}, "raj": {"Hardware", "python"}, "li": {"sales"}},
        {"ana": 1.0, "raj": 3.0},
        k=5,
    )
    # Both cover two needs; raj is the strongest tie (cost 1 vs 2 - 1/3), then
    # ana covers the sales need that is left.
    assert plan.partners == (
        ("raj", frozenset({"Python", "hardware"})),
        ("ana", frozenset({"Sales"})),
    )
    assert plan.covered == {"Python", "hardware", "Sales"}
    assert plan.uncovered == plan.uncoverable == {"FDA approval"}


def test_partners_prefer_the_stronger_tie_when_coverage_is_equal() -> None:
    plan = partners({"design"}, {"weak": {"design"}, "strong": {"design"}}, {"strong": 5.0})
    assert plan.partners == (("strong", frozenset({"design"})),)


def test_partners_stop_at_k() -> None:
    plan = partners({"a", "b", "c"}, {"x": {"a"}, "y": {"b"}, "z": {"c"}}, k=2)
    assert len(plan.partners) == 2
    assert len(plan.uncovered) == 1
    assert not plan.uncoverable


@settings(max_examples=80, deadline=None)
@given(
    needs=st.sets(st.sampled_from("abcdefgh"), min_size=1),
    offered=st.dictionaries(
        st.sampled_from(["p0", "p1", "p2", "p3", "p4", "p5"]),
        st.sets(st.sampled_from("abcdefghij")),
    ),
    seed=st.integers(0, 1000),
)
def test_partners_cover_everything_coverable_within_the_greedy_bound(
    needs: set[str], offered: dict[str, set[str]], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    strength = {p: float(rng.random()) for p in offered}
    plan = partners(needs, offered, strength, k=len(offered) + 1)
    coverable = needs & set().union(*offered.values()) if offered else set()
    assert plan.covered == coverable
    assert plan.uncovered == needs - coverable == plan.uncoverable
    newly = [n for _, n in plan.partners]
    assert all(newly) and set().union(*newly) == coverable if newly else not coverable
    # Unweighted greedy size is within H(max set size) of the smallest cover.
    if coverable:
        smallest = next(
            r
            for r in range(1, len(offered) + 1)
            for combo in itertools.combinations(offered.values(), r)
            if coverable <= set().union(*combo)
        )
        largest = max(len(s & needs) for s in offered.values())
        harmonic = sum(1 / i for i in range(1, largest + 1))
        # Costs lie in [1, 2], so the weighted greedy is within 2 H(d) of the fewest.
        assert len(plan.partners) <= 2 * harmonic * smallest


def test_partners_reject_bad_input() -> None:
    with pytest.raises(InputError, match="got the string 'design'"):
        partners("design", {})
    with pytest.raises(InputError, match="got -1"):
        partners({"a"}, {"x": {"a"}}, {"x": -1})


def test_panel_on_arrays_is_the_panel_on_the_networkx_graph(lazega_cowork: nx.Graph) -> None:
    from salon.recommend import CompactGraph

    G = lazega_cowork
    compact = CompactGraph.from_networkx(G, [*LAZEGA, "name"])
    rng = np.random.default_rng(5)
    relevance = {x: float(rng.choice([0.1, 0.4, 0.7, 1.0])) for x in G}
    for challengers in (0, 6):
        stances = {int(x): ["challenging", "neutral"] for x in rng.choice(71, challengers)}
        for ego in (0, 30):
            panel = feedback_panel(G, ego, list(G), relevance, stances, k=4, attributes=LAZEGA)
            assert len(panel) == 4
            assert (
                feedback_panel(compact, ego, list(G), relevance, stances, k=4, attributes=LAZEGA)
                == panel
            )
