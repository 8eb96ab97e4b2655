"""The far-analogy index: its formula, incremental updates, filters and errors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from salon.errors import DuplicateError, InputError, NotFoundError
from salon.semantic import AnalogyIndex, Item, LexicalEmbedder, Matches, sentence_parts

QUERIES = [
    "How do we stop errors when patients are handed over between hospital teams?",
    "Our high-speed train booms when it enters a tunnel.",
    "Keep an office building cool in a hot climate without air conditioning.",
]


class TableEmbedder:
    """Embeds known texts by table lookup: lets a test choose every vector."""

    def __init__(self, table: dict[str, NDArray[np.float32]], dim: int) -> None:
        self.table = table
        self._dim = dim

    @property
    def name(self) -> str:
        return "table"

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        rows = [self.table[t] for t in texts]
        return np.array(rows, dtype=np.float32).reshape(len(rows), self._dim)


def reference_scores(
    vectors: np.ndarray, domains: list[str], q: np.ndarray, own: str, k: float, beta: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The documented formula, item by item in plain loops (the test's own derivation)."""
    v = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    mean = v.mean(axis=0)
    labels = sorted(set(domains))
    centroid = {
        d: (sum(v[i] for i in range(len(v)) if domains[i] == d) + k * mean) / (domains.count(d) + k)
        for d in labels
    }

    def unit(x: np.ndarray) -> np.ndarray:
        # Documented: a vector debiased to nothing (k = 0, beta = 1, a one-item
        # domain) stays zero and has similarity 0.
        norm = np.linalg.norm(x)
        return x / norm if norm > 1e-12 else np.zeros_like(x)

    qd = unit(unit(q) - beta * centroid[own])
    raw = {d: 1 - unit(centroid[own]) @ unit(centroid[d]) for d in labels}
    raw[own] = 0.0
    farthest = max(raw.values())
    sim = np.array([unit(v[i] - beta * centroid[domains[i]]) @ qd for i in range(len(v))])
    dist = np.array([raw[domains[i]] / farthest for i in range(len(v))])
    return np.maximum(sim, 0) * dist, sim, dist


@pytest.fixture(scope="module")
def lexical_index(
    analogy_subset: tuple[object, list[Item]],
) -> tuple[LexicalEmbedder, list[Item], AnalogyIndex]:
    _, items = analogy_subset
    embedder = LexicalEmbedder([it.text for it in items])
    return embedder, items, AnalogyIndex.build(embedder, items)


def assert_same_ranking(a: Matches, b: Matches) -> None:
    assert a.refs == b.refs
    np.testing.assert_allclose([m.score for m in a], [m.score for m in b], rtol=1e-6, atol=1e-9)
    assert a.query_domain == b.query_domain


# ----------------------------------------------------------------------------- formula


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(4, 30),
    n_domains=st.integers(2, 5),
    k=st.sampled_from([0.0, 1.0, 3.0]),
    beta=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_scores_match_the_documented_formula(
    seed: int, n: int, n_domains: int, k: float, beta: float
) -> None:
    rng = np.random.default_rng(seed)
    dim = 6
    vectors = rng.normal(size=(n, dim))
    domains = [f"d{i % n_domains}" for i in range(n)]
    items = [Item(f"i{i}", f"text {i}", domains[i]) for i in range(n)]
    q = rng.normal(size=dim)
    index = AnalogyIndex.from_vectors(
        TableEmbedder({"q": q.astype(np.float32)}, dim), items, vectors, shrinkage=k, debias=beta
    )
    found = index.far_analogies("q", domain="d0", top=n)
    score, sim, dist = reference_scores(
        vectors.astype(np.float32).astype(np.float64), domains, q.astype(np.float32), "d0", k, beta
    )
    position = {m.ref: m for m in found}
    np.testing.assert_allclose([position[f"i{i}"].score for i in range(n)], score, atol=1e-6)
    np.testing.assert_allclose([position[f"i{i}"].similarity for i in range(n)], sim, atol=1e-6)
    np.testing.assert_allclose(
        [position[f"i{i}"].domain_distance for i in range(n)], dist, atol=1e-6
    )
    scores = [m.score for m in found]
    assert scores == sorted(scores, reverse=True)


def test_same_domain_items_come_after_every_positive_match_but_stay_listed(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    _, items, index = lexical_index
    found = index.far_analogies(QUERIES[0], domain="medicine", top=len(items))
    assert len(found) == len(items)
    assert found.query_domain == "medicine"
    assert not found.domain_inferred
    first_same = min(i for i, m in enumerate(found) if m.domain == "medicine")
    assert all(m.score > 0 for m in found[:first_same])
    assert all(m.score == 0 and m.domain_distance == 0 for m in found if m.domain == "medicine")
    same = [m.similarity for m in found if m.domain == "medicine"]
    assert same == sorted(same, reverse=True)


def test_domain_distances_run_from_zero_at_home_to_one_at_the_farthest(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    _, items, index = lexical_index
    distances = index.domain_distances("Medicine")
    assert set(distances) == {it.domain for it in items}
    assert distances["medicine"] == 0.0
    assert max(distances.values()) == pytest.approx(1.0)
    assert all(0.0 <= d <= 1.0 for d in distances.values())
    with pytest.raises(NotFoundError):
        index.domain_distances("astrology")


def test_query_domain_is_inferred_from_its_nearest_items(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    _, _, index = lexical_index
    assert index.infer_domain("the railway tunnel and the high-speed train timetable") == (
        "rail transport"
    )
    found = index.far_analogies(QUERIES[1], top=3)
    assert found.domain_inferred
    assert found.query_domain == "rail transport"
    assert all(m.domain != "rail transport" for m in found)


def test_a_domain_absent_from_the_index_is_kept_as_given(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    _, _, index = lexical_index
    found = index.far_analogies(QUERIES[2], domain="Astrology", top=5)
    assert found.query_domain == "Astrology"
    assert not found.domain_inferred
    assert len(found) == 5
    assert all(m.domain_distance >= 0 for m in found)


def test_plain_similarity_is_cosine_and_ignores_domains(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    embedder, items, index = lexical_index
    found = index.similar(QUERIES[1], top=len(items))
    q = embedder.embed([QUERIES[1]])[0].astype(np.float64)
    expected = {it.ref: float(index.vector(it.ref) @ q) for it in items}
    for m in found:
        assert m.score == m.similarity == pytest.approx(expected[m.ref], abs=1e-6)


# ----------------------------------------------------------------------------- parts


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(4, 12),
    w=st.sampled_from([0.0, 0.4, 1.0]),
    beta=st.sampled_from([0.0, 0.5]),
)
def test_part_similarity_matches_the_documented_formula(
    seed: int, n: int, w: float, beta: float
) -> None:
    rng = np.random.default_rng(seed)
    dim = 5
    words = ["alpha beta gamma", "delta epsilon zeta", "eta theta iota", "kappa lambda mu"]
    # Item i has 1 to 3 parts, named by distinct clauses joined with "; ".
    texts = ["; ".join(f"{words[j % 4]} {i} {j}" for j in range(1 + i % 3)) for i in range(n)]
    query = "; ".join(f"{words[j]} q" for j in range(2))
    table = {t: rng.normal(size=dim).astype(np.float32) for t in texts}
    for text in [*texts, query]:
        for part in text.split("; "):
            table[part] = rng.normal(size=dim).astype(np.float32)
    table[query] = rng.normal(size=dim).astype(np.float32)
    domains = [f"d{i % 3}" for i in range(n)]
    items = [Item(f"i{i}", texts[i], domains[i]) for i in range(n)]
    embedder = TableEmbedder(table, dim)
    index = AnalogyIndex.build(embedder, items, shrinkage=3.0, debias=beta, part_weight=w)
    found = {m.ref: m for m in index.far_analogies(query, domain="d0", top=n)}
    whole = AnalogyIndex.build(embedder, items, shrinkage=3.0, debias=beta, part_weight=0.0)
    whole_sim = {m.ref: m.similarity for m in whole.far_analogies(query, domain="d0", top=n)}

    # The reference, in loops: the domain centroids of the whole vectors debias every part.
    def unit(x: np.ndarray) -> np.ndarray:
        norm = np.linalg.norm(x)
        return x / norm if norm > 1e-12 else np.zeros_like(x)

    v = np.array([unit(table[t].astype(np.float64)) for t in texts])
    mean = v.mean(axis=0)
    centroid = {
        d: (sum(v[i] for i in range(n) if domains[i] == d) + 3.0 * mean) / (domains.count(d) + 3.0)
        for d in set(domains)
    }
    q_parts = [
        unit(unit(table[p].astype(np.float64)) - beta * centroid["d0"]) for p in query.split("; ")
    ]
    for i in range(n):
        parts = texts[i].split("; ")
        # a text of one part is matched by its own vector
        rows = [table[texts[i]]] if len(parts) == 1 else [table[p] for p in parts]
        debiased = [unit(unit(r.astype(np.float64)) - beta * centroid[domains[i]]) for r in rows]
        best = np.mean([max(float(a @ b) for b in debiased) for a in q_parts])
        expected = (1 - w) * whole_sim[f"i{i}"] + w * best
        assert found[f"i{i}"].similarity == pytest.approx(expected, abs=1e-5)


def test_without_several_parts_the_parts_change_nothing(
    analogy_subset: tuple[object, list[Item]],
) -> None:
    _, items = analogy_subset
    embedder = LexicalEmbedder([it.text for it in items])
    single = [Item(it.ref, it.text.replace(",", "").replace(";", ""), it.domain) for it in items]
    single = [it for it in single if len(sentence_parts(it.text)) == 1]
    assert len(single) >= 10
    with_parts = AnalogyIndex.build(embedder, single, part_weight=0.4)
    without = AnalogyIndex.build(embedder, single, part_weight=0.0)
    query = "Trains boom when they enter a tunnel at high speed."
    assert_same_ranking(
        with_parts.far_analogies(query, top=10), without.far_analogies(query, top=10)
    )


def test_stored_part_vectors_rebuild_the_same_index_without_embedding_items(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    embedder, items, index = lexical_index
    vectors = np.stack([index.vector(it.ref) for it in items])
    parts = [index.part_vectors(it.ref) for it in items]
    assert max(len(p) for p in parts) > 1
    table = {q: embedder.embed([q])[0] for q in QUERIES}
    table |= {p: embedder.embed([p])[0] for q in QUERIES for p in sentence_parts(q)}
    # The table knows the queries only: an item text to embed would fail.
    rebuilt = AnalogyIndex.from_vectors(TableEmbedder(table, embedder.dim), items, vectors, parts)
    for query in QUERIES:
        assert_same_ranking(
            rebuilt.far_analogies(query, domain="medicine", top=10),
            index.far_analogies(query, domain="medicine", top=10),
        )


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ([np.zeros((1, 4))], "for 2 items"),
        ([np.zeros((1, 4)), np.zeros((0, 4))], "shape"),
        ([np.zeros((1, 4)), np.zeros((2, 3))], "shape"),
        ([np.zeros((1, 4)), np.full((1, 4), np.inf)], "not finite"),
    ],
)
def test_bad_part_vectors_are_refused(parts: list[np.ndarray], message: str) -> None:
    items = [Item("a", "x", "d"), Item("b", "y", "d")]
    with pytest.raises(InputError, match=message):
        AnalogyIndex.from_vectors(TableEmbedder({}, 4), items, np.ones((2, 4)), parts)


@pytest.mark.parametrize("weight", [-0.1, 1.5, True, "0.4"])
def test_the_part_weight_must_lie_in_zero_one(weight: object) -> None:
    with pytest.raises(InputError, match="part_weight"):
        AnalogyIndex(TableEmbedder({}, 4), part_weight=weight)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- updates


def test_adding_items_one_batch_at_a_time_equals_a_rebuild(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    embedder, items, index = lexical_index
    grown = AnalogyIndex(embedder)
    for start in range(0, len(items), 7):
        grown.add(items[start : start + 7])
    assert len(grown) == len(index)
    for query in QUERIES:
        assert_same_ranking(grown.far_analogies(query, top=10), index.far_analogies(query, top=10))


def test_precomputed_vectors_rebuild_the_same_index(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    embedder, items, index = lexical_index
    vectors = np.stack([index.vector(it.ref) for it in items])
    rebuilt = AnalogyIndex.from_vectors(embedder, items, vectors)
    for query in QUERIES:
        assert_same_ranking(
            rebuilt.far_analogies(query, domain="medicine", top=10),
            index.far_analogies(query, domain="medicine", top=10),
        )


def test_removing_and_re_adding_equals_building_in_the_new_order(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    embedder, items, _ = lexical_index
    index = AnalogyIndex.build(embedder, items)
    moved = items[3:6]
    index.remove([it.ref for it in moved])
    assert all(it.ref not in index for it in moved)
    index.add(moved)
    reference = AnalogyIndex.build(embedder, [*items[:3], *items[6:], *moved])
    for query in QUERIES:
        assert_same_ranking(
            index.far_analogies(query, top=10), reference.far_analogies(query, top=10)
        )


def test_add_returns_the_vectors_to_store(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    embedder, items, _ = lexical_index
    index = AnalogyIndex(embedder)
    vectors = index.add(items[:4])
    np.testing.assert_allclose(vectors, embedder.embed([it.text for it in items[:4]]), atol=1e-6)


# ----------------------------------------------------------------------------- filters


def test_domain_filter_keeps_only_the_named_domains(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    _, items, index = lexical_index
    found = index.far_analogies(QUERIES[2], top=len(items), domains=["Biology", "aviation"])
    expected = {it.ref for it in items if it.domain in {"biology", "aviation"}}
    assert set(found.refs) == expected
    assert index.far_analogies(QUERIES[2], domains=["astrology"]).matches == ()


def test_kind_filter_keeps_only_the_named_kinds(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    _, items, index = lexical_index
    found = index.similar(QUERIES[0], top=len(items), kinds={"lesson"})
    assert set(found.refs) == {it.ref for it in items if it.kind == "lesson"}
    with pytest.raises(InputError, match="kinds"):
        index.similar(QUERIES[0], kinds={"rumour"})


def test_domain_labels_group_regardless_of_case_and_spacing() -> None:
    items = [Item("a", "alpha", "Rail  Transport"), Item("b", "beta", "rail transport")]
    index = AnalogyIndex.build(LexicalEmbedder(["alpha", "beta"]), items)
    assert index.domains == ("Rail  Transport",)


# ----------------------------------------------------------------------------- errors


def test_an_empty_index_answers_with_no_matches() -> None:
    index = AnalogyIndex(LexicalEmbedder(["termites"]))
    found = index.far_analogies("termites", top=3)
    assert len(found) == 0
    assert found.backend.startswith("tfidf-")


def test_duplicate_refs_are_refused(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    embedder, items, _ = lexical_index
    index = AnalogyIndex.build(embedder, items[:3])
    with pytest.raises(DuplicateError, match=items[0].ref):
        index.add([items[0]])
    with pytest.raises(DuplicateError):
        index.add([items[5], items[5]])
    assert len(index) == 3


def test_removing_an_unknown_ref_removes_nothing(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
) -> None:
    embedder, items, _ = lexical_index
    index = AnalogyIndex.build(embedder, items[:3])
    with pytest.raises(NotFoundError, match="nope"):
        index.remove([items[0].ref, "nope"])
    assert len(index) == 3


@pytest.mark.parametrize(
    ("vectors", "message"),
    [(np.zeros((2, 3)), "shape"), (np.full((2, 4), np.nan), "not finite")],
)
def test_bad_vectors_are_refused(vectors: np.ndarray, message: str) -> None:
    embedder = TableEmbedder({}, 4)
    items = [Item("a", "x", "d"), Item("b", "y", "d")]
    with pytest.raises(InputError, match=message):
        AnalogyIndex.from_vectors(embedder, items, vectors)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"top": 0}, "top"), ({"top": True}, "top"), ({"domain": "  "}, "domain")],
)
def test_bad_search_arguments_are_refused(
    lexical_index: tuple[LexicalEmbedder, list[Item], AnalogyIndex],
    kwargs: dict[str, object],
    message: str,
) -> None:
    _, _, index = lexical_index
    with pytest.raises(InputError, match=message):
        index.far_analogies(QUERIES[0], **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="query"):
        index.far_analogies("   ")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"ref": ""}, "ref"), ({"domain": " "}, "domain"), ({"kind": "rumour"}, "kind")],
)
def test_items_validate_their_fields(kwargs: dict[str, str], field: str) -> None:
    values = {"ref": "r", "text": "t", "domain": "d", **kwargs}
    with pytest.raises(InputError) as caught:
        Item(**values)  # type: ignore[arg-type]
    assert caught.value.field == field


def _table_index(**options: object) -> tuple[AnalogyIndex, TableEmbedder]:
    """Four items on chosen axes; the query sits next to the 'unspecified' one."""
    e = np.eye(4, dtype=np.float32)
    table = {
        "q": e[0] + 0.1 * e[3],
        "same field": e[0] + 0.6 * e[3],
        "far answer": 0.5 * e[0] + e[1],
        "unknown field": e[0] + 0.05 * e[3],
        "other far item": e[2],
    }
    embedder = TableEmbedder(table, 4)
    items = [
        Item("same", "same field", "medicine"),
        Item("far", "far answer", "aviation"),
        Item("unknown", "unknown field", "unspecified"),
        Item("other", "other far item", "retail"),
    ]
    return AnalogyIndex.build(embedder, items, **options), embedder  # type: ignore[arg-type]


def test_an_unknown_domain_is_never_far_and_never_the_query_s() -> None:
    index, _ = _table_index(unknown_domain="Unspecified")
    found = index.far_analogies("q", top=4)
    assert found.query_domain == "medicine", "the unknown item is nearest but cannot vote"
    by_ref = {m.ref: m for m in found}
    assert by_ref["unknown"].domain_distance == 0.0
    assert by_ref["unknown"].score == 0.0
    assert found.refs[0] == "far"
    assert index.domain_distances("medicine")["unspecified"] == 0.0
    # Without the option the same item counts as a field of its own, and the
    # nearest one at that: the query is placed in it.
    plain_index, _ = _table_index()
    assert plain_index.infer_domain("q") == "unspecified"


def test_the_query_s_domain_is_voted_by_its_nearest_items() -> None:
    index, _ = _table_index(neighbours=1)
    assert index.infer_domain("q") == "unspecified"
    with pytest.raises(InputError, match="neighbours"):
        _table_index(neighbours=0)
    with pytest.raises(InputError, match="domain label"):
        _table_index(unknown_domain=" ")
