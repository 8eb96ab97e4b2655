"""Suggestions from the store: meet, introduce, panel, partners (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.benchmark_code import load_benchmark

from salon.db.models import Account, NetworkSnapshot, Person
from salon.db.store import Store
from salon.errors import InputError
from salon.semantic import MODEL_NAME, LexicalEmbedder
from salon.services import suggestions
from salon.services.accounts import me, owner_account
from salon.services.demo import load_sample
from salon.services.ideas import add_feedback, add_idea, list_ideas
from salon.services.network import network_graph
from salon.services.people import PersonFields, add_person, list_people
from salon.services.sample import generate_sample
from salon.services.semantic_index import (
    collect_items,
    idea_item_text,
    profile_text,
    semantic_index,
)
from salon.services.suggestions import (
    DEFAULT_ATTRIBUTES,
    suggest_introductions,
    suggest_meet,
    suggest_panel,
    suggest_partners,
)
from salon.services.ties import ensure_tie

# name, industry, discipline, expertise
FINANCE = [
    ("Ana", "finance", "business", ["credit risk"]),
    ("Ben", "finance", "business", ["payments", "home care billing"]),
    ("Cai", "finance", "engineering", ["fraud detection"]),
    ("Dee", "finance", "business", ["treasury"]),
]
SECOND_DEGREE = [
    # reachable through Ana; the same industry as every contact: redundant
    ("Eve", "finance", "business", ["lending"], "Ana"),
    # reachable through Cai; a new industry and discipline: widens perspective
    ("Femi", "healthcare", "medicine", ["clinical handover", "scheduling"], "Cai"),
    ("Gus", "aviation", "operations", ["checklists", "human factors"], "Dee"),
]


def _network(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        people = {}
        for name, industry, discipline, expertise in FINANCE:
            people[name] = add_person(
                session,
                owner,
                PersonFields(
                    name=name, industry=industry, discipline=discipline, expertise=expertise
                ),
            )
            ensure_tie(session, owner, user, people[name], evidence="stated")
        ensure_tie(session, owner, people["Ana"], people["Ben"], evidence="stated")
        ensure_tie(session, owner, people["Ben"], people["Dee"], evidence="stated")
        for name, industry, discipline, expertise, via in SECOND_DEGREE:
            people[name] = add_person(
                session,
                owner,
                PersonFields(
                    name=name, industry=industry, discipline=discipline, expertise=expertise
                ),
            )
            ensure_tie(session, owner, people[via], people[name], evidence="stated")
        ensure_tie(session, owner, people["Eve"], people["Ben"], evidence="stated")
        ensure_tie(session, owner, people["Eve"], people["Dee"], evidence="stated")
        idea = add_idea(
            session,
            owner,
            "Handover checklist for home care",
            problem="Nurses lose information at shift handover",
            needs=["clinical handover", "checklists", "payments"],
            created_on=dt.date(2026, 1, 5),
        )
        add_feedback(session, idea, people["Ben"], "Who pays for it?", stance="challenging")
        add_feedback(session, idea, people["Ben"], "Still unclear", stance="challenging")


def test_meet_prefers_bridging_newcomers_over_redundant_ones(store: Store) -> None:
    _network(store)
    with store.reading() as session:
        owner = owner_account(session, "me")
        picks = suggest_meet(session, owner, k=3)
    names = [p.name for p in picks]
    assert set(names) == {"Eve", "Femi", "Gus"}
    assert names.index("Eve") == 2, "the redundant finance contact-of-contacts comes last"
    femi = next(p for p in picks if p.name == "Femi")
    assert femi.path == ("me", "Cai", "Femi")
    assert "healthcare" in femi.reason


def test_introductions_pair_contacts_who_are_not_tied(store: Store) -> None:
    _network(store)
    with store.reading() as session:
        owner = owner_account(session, "me")
        pairs = suggest_introductions(session, owner, k=5)
    tied = {frozenset(p) for p in (("Ana", "Ben"), ("Ben", "Dee"))}
    assert pairs
    for pair in pairs:
        assert frozenset((pair.first, pair.second)) not in tied
        assert {pair.first, pair.second} <= {"Ana", "Ben", "Cai", "Dee"}
        assert "do not know each other" in pair.reason


def test_panel_puts_the_past_challenger_first(store: Store) -> None:
    _network(store)
    with store.reading() as session:
        owner = owner_account(session, "me")
        panel = suggest_panel(session, owner, "Handover checklist for home care", k=3)
    assert panel[0].name == "Ben"
    assert "challeng" in panel[0].reason
    assert len({p.name for p in panel}) == len(panel)


def test_partners_cover_the_stated_needs(store: Store) -> None:
    _network(store)
    with store.reading() as session:
        owner = owner_account(session, "me")
        answer = suggest_partners(session, owner, 1, k=3)
    plan, names = answer.plan, answer.names
    chosen = {names[int(p)] for p, _ in plan.partners}
    assert {"Femi", "Gus", "Ben"} == chosen
    assert plan.covered == {"clinical handover", "checklists", "payments"}
    assert not plan.uncovered


def test_partners_need_stated_needs(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_idea(session, owner, "Vague idea")
    with store.reading() as session:
        with pytest.raises(InputError, match="states no needs"):
            suggest_partners(session, owner_account(session, "me"), 1)


def test_brief_names_what_they_bring_ideas_to_test_and_last_conversation(store: Store) -> None:
    from salon.services.conversations import prepare_brief
    from salon.services.interactions import InteractionFields, log_interaction
    from salon.services.people import get_person

    _network(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        femi = get_person(session, owner, "Femi")
        log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=dt.date(2026, 3, 1),
                participants=[femi],
                purposes=["learn"],
                insights=["Night shifts hand over at the bedside"],
            ),
        )
        log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=dt.date(2025, 3, 1), participants=[femi], purposes=["pitch"]
            ),
        )
    with store.reading() as session:
        brief = prepare_brief(session, owner_account(session, "me"), "Femi")
    assert brief.who == "healthcare / medicine"
    assert any("industry healthcare: 0 of your" in item for item in brief.brings)
    assert any("clinical handover" in item for item in brief.brings)
    assert brief.ideas_to_test[0][0] == "Handover checklist for home care"
    assert brief.last_time is not None
    assert brief.last_time.occurred_on == "2026-03-01"
    assert brief.last_time.insights == ("Night shifts hand over at the bedside",)
    assert brief.n_conversations == 2
    assert len(brief.questions) == 3


def test_support_map_lists_givers_and_gaps(store: Store) -> None:
    from salon.services.conversations import support_map
    from salon.services.people import get_person

    _network(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        for name, kinds in (("Ana", ["moral", "advice"]), ("Ben", ["advice"])):
            ensure_tie(
                session,
                owner,
                user,
                get_person(session, owner, name),
                evidence="stated",
                support=kinds,
            )
    with store.reading() as session:
        found = support_map(session, owner_account(session, "me"))
    assert found.givers == {"moral": ("Ana",), "advice": ("Ana", "Ben"), "resources": ()}
    assert found.gaps == ("moral", "resources")
    assert found.n_contacts == 4


def test_similar_experiences_find_the_lesson_and_its_teller(store: Store) -> None:
    from salon.services.conversations import similar_experiences
    from salon.services.lessons import add_lesson
    from salon.services.people import get_person

    _network(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_lesson(
            session,
            owner,
            "Handover at the bedside",
            person=get_person(session, owner, "Femi"),
            what_happened="Nurses lost information at shift handover "
            "until they handed over at the bedside",
            domain="healthcare",
        )
        add_lesson(
            session,
            owner,
            "Treasury cash pooling",
            person=get_person(session, owner, "Dee"),
            what_happened="Pooling cash across subsidiaries cut borrowing costs",
            domain="finance",
        )
    with store.reading() as session:
        backend, found = similar_experiences(
            session,
            owner_account(session, "me"),
            "information lost when shifts hand over",
            backend="lexical",
        )
    assert backend.startswith("tfidf")
    assert found[0].person is not None
    assert found[0].person.name == "Femi"


def test_meet_from_arrays_picks_as_from_the_full_graph_on_the_demo_network(
    store: Store,
) -> None:
    """The fast path (arrays, then the stored snapshot) against network_graph: same picks."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        load_sample(session, owner, generate_sample())
        # a relevance term as well: an open idea whose words some profiles share
        add_idea(
            session,
            owner,
            "Reagent sharing between labs",
            problem="Small labs and clinics waste supplies and lose handover information",
        )
    with store.transaction() as session:  # a transaction: the snapshot is stored
        owner = owner_account(session, "me")
        graph = network_graph(session, owner)
        for k, attributes, seed in [
            (10, DEFAULT_ATTRIBUTES, 0),
            (8, ("industry", "generation", "organization"), 3),
        ]:
            fast = suggest_meet(session, owner, k=k, attributes=attributes, seed=seed)
            stored = suggest_meet(session, owner, k=k, attributes=attributes, seed=seed)
            full = suggest_meet(session, owner, k=k, attributes=attributes, seed=seed, graph=graph)
            assert len(fast) == k
            assert fast == stored == full
        assert session.scalar(select(NetworkSnapshot.scores_key)) is not None
        # new ideas: the stored relevance no longer holds
        add_idea(session, owner, "Cheaper cold chain", problem="Vaccines spoil in transit")
        assert suggest_meet(session, owner, k=10) == suggest_meet(session, owner, k=10, graph=graph)


def test_after_a_change_relevance_is_computed_only_for_people_whose_profile_changed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        load_sample(session, owner, generate_sample())
        add_idea(session, owner, "Reagent sharing", problem="Small labs and clinics waste supplies")
    with store.transaction() as session:
        suggest_meet(session, owner_account(session, "me"), k=5)  # stores the snapshot
    profiles_scored: list[int] = []
    similarity = suggestions._similarity_to_nearest

    def counted(profiles: list[str], texts: list[str]) -> object:
        profiles_scored.append(len(profiles))
        return similarity(profiles, texts)

    def meet_then_compare(change: Callable[[Session, Account], object]) -> None:
        with store.transaction() as session:
            change(session, owner_account(session, "me"))
        with store.transaction() as session:
            owner = owner_account(session, "me")
            with monkeypatch.context() as patched:
                patched.setattr(suggestions, "_similarity_to_nearest", counted)
                picks = suggest_meet(session, owner, k=5)
            assert picks == suggest_meet(session, owner, k=5, graph=network_graph(session, owner))

    def strangers(session: Session, owner: Account) -> list[Person]:
        graph = network_graph(session, owner)
        user = me(session, owner)
        return [p for p in list_people(session, owner) if p.id not in graph[user.id] and p != user]

    # a new tie between two people the user does not know: no profile changed
    meet_then_compare(lambda s, o: ensure_tie(s, o, *strangers(s, o)[:2], evidence="stated"))
    assert profiles_scored == []
    # one stranger's industry changed: only that profile is scored again
    meet_then_compare(lambda s, o: setattr(strangers(s, o)[2], "industry", "zymurgy"))
    assert profiles_scored == [1]


class ModelNamed:
    """A real TF-IDF embedder stored under the sentence model's name.

    Lets a test fill the semantic index as ``salon analogies`` would with the
    model, with vectors the test can recompute, and without loading torch.
    """

    def __init__(self, corpus: list[str]) -> None:
        self._inner = LexicalEmbedder(corpus)

    @property
    def name(self) -> str:
        return MODEL_NAME

    @property
    def dim(self) -> int:
        return self._inner.dim

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return self._inner.embed(texts)


def test_meet_takes_relevance_from_the_stored_model_vectors_while_all_are_current(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        load_sample(session, owner, generate_sample())
        add_idea(
            session,
            owner,
            "Reagent sharing between labs",
            problem="Small labs and clinics waste supplies and lose handover information",
        )
        sources = collect_items(session, owner)
        embedder = ModelNamed([s.item.text for s in sources])
        semantic_index(session, owner, embedder=embedder)  # as `salon analogies` does
    seen: list[dict[object, float]] = []
    tfidf_calls: list[int] = []
    meet, similarity = suggestions.who_to_meet, suggestions._similarity_to_nearest

    def recorded(*args: object, **kwargs: Any) -> object:
        seen.append(kwargs["relevance"])
        return meet(*args, **kwargs)

    def counted(profiles: list[str], texts: list[str]) -> object:
        tfidf_calls.append(len(profiles))
        return similarity(profiles, texts)

    monkeypatch.setattr(suggestions, "who_to_meet", recorded)
    monkeypatch.setattr(suggestions, "_similarity_to_nearest", counted)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ideas = [
            i
            for i in list_ideas(session, owner)
            if i.status not in suggestions.CLOSED_IDEA_STATUSES
        ]
        people = {p.id: p for p in list_people(session, owner)}
        fast = suggest_meet(session, owner, k=6)
        again = suggest_meet(session, owner, k=6)  # from the scores kept with the snapshot
        full = suggest_meet(session, owner, k=6, graph=network_graph(session, owner))
    assert fast == again == full
    assert tfidf_calls == [], "no TF-IDF while the model's vectors are current"
    relevance = seen[0]
    assert seen[1] == seen[2] == relevance
    # The reference: each profile's best cosine to an open idea, clipped, rescaled to the best.
    idea_vectors = embedder.embed([idea_item_text(idea) for idea in ideas])
    raw = {
        pid: max(float((idea_vectors @ embedder.embed([text])[0]).max()), 0.0) if text else 0.0
        for pid in relevance
        for text in [profile_text(people[int(pid)])]  # type: ignore[call-overload]
    }
    top = max(raw.values())
    assert top > 0
    assert relevance == pytest.approx({pid: value / top for pid, value in raw.items()}, abs=1e-6)

    # A profile edited since the index was built: its stored vector is stale, so
    # this answer is TF-IDF for everyone (never a mix of the two scales) ...
    seen.clear()
    with store.transaction() as session:
        owner = owner_account(session, "me")
        stranger = next(p for p in list_people(session, owner) if p.id in relevance)
        stranger.bio = "Runs a shared reagent store for three university labs."
        session.flush()
        suggest_meet(session, owner, k=6)
    assert tfidf_calls, "TF-IDF answered"
    assert seen[0] != relevance
    # ... until the index is brought up to date.
    tfidf_calls.clear()
    with store.transaction() as session:
        owner = owner_account(session, "me")
        semantic_index(session, owner, embedder=embedder)
        suggest_meet(session, owner, k=6)
    assert tfidf_calls == []


# the services as they were before the snapshot arrays: the reference for equality
before = load_benchmark("suggest_before")


def _assert_as_before(session: Session, owner: Account, ideas: list[int]) -> None:
    """introduce, panel and partners give what they gave on the networkx graph and ORM people."""
    graph = network_graph(session, owner)
    for k in (1, 3, 8):
        old = before.suggest_introductions_before(session, owner, k=k)
        assert len(old) >= min(k, 2)
        assert suggest_introductions(session, owner, k=k) == old
        assert suggest_introductions(session, owner, k=k, graph=graph) == old
    for idea in ideas:
        for k in (1, 4):
            old_panel = before.suggest_panel_before(session, owner, idea, k=k)
            assert old_panel
            assert suggest_panel(session, owner, idea, k=k) == old_panel
            assert suggest_panel(session, owner, idea, k=k, graph=graph) == old_panel
        try:
            old_plan, old_names = before.suggest_partners_before(session, owner, idea, k=3)
        except InputError:
            with pytest.raises(InputError, match="states no needs"):
                suggest_partners(session, owner, idea, k=3)
            continue
        # the arrays' path against the old one, on what the old one read: expertise
        answer = suggest_partners(session, owner, idea, k=3, fields=("expertise",))
        plan, names = answer.plan, answer.names
        assert plan == old_plan
        assert {p: names[int(p)] for p, _ in plan.partners} == {  # type: ignore[call-overload]
            p: old_names[int(p)]  # type: ignore[call-overload]
            for p, _ in old_plan.partners
        }


def test_introduce_panel_partners_from_arrays_answer_as_before_on_the_demo_network(
    store: Store,
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        load_sample(session, owner, generate_sample())
    with store.transaction() as session:  # a transaction: the snapshot is stored and read
        owner = owner_account(session, "me")
        ideas = [i.id for i in list_ideas(session, owner)]
        assert ideas
        _assert_as_before(session, owner, ideas)


def test_introduce_panel_partners_from_arrays_answer_as_before_on_a_random_network(
    store: Store,
) -> None:
    """600 people, 150 of them contacts, profiles drawn from shared vocabularies, ties at random."""
    rng = random.Random(7)
    roles = ["nurse", "engineer", "analyst", "founder", "researcher", "designer", "teacher"]
    industries = ["healthcare", "finance", "energy", "education", "logistics", "biotech"]
    skills = [
        "scheduling", "payments", "cold chain", "grant writing", "machine learning",
        "clinical handover", "supply chain", "user research", "fundraising", "robotics",
        "lab automation", "policy", "pricing", "data pipelines", "checklists",
    ]  # fmt: skip
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        people = []
        for i in range(600):
            fields = PersonFields(
                name=f"{rng.choice(['Ana', 'Ben', 'Cai', 'Dee', 'Eli'])} {i:03d}",
                role=rng.choice(roles) if rng.random() < 0.8 else None,
                industry=rng.choice(industries) if rng.random() < 0.9 else None,
                discipline=rng.choice(["medicine", "engineering", "business", None]),
                bio=f"Works on {rng.choice(skills)} in {rng.choice(industries)}"
                if rng.random() < 0.5
                else None,
                expertise=rng.sample(skills, rng.randint(0, 3)),
                interests=rng.sample(skills, rng.randint(0, 2)),
                attributes={"country": rng.choice(["FR", "NO", "IN", "PE"])}
                if rng.random() < 0.7
                else {},
            )
            people.append(add_person(session, owner, fields))
        for person in people[:150]:
            ensure_tie(session, owner, user, person, evidence="stated")
        for _ in range(900):
            a, b = rng.sample(people, 2)
            ensure_tie(session, owner, a, b, evidence="stated")
        for person in rng.sample(people[:150], 20):  # some ties to the user rated by hand
            tie = ensure_tie(session, owner, user, person, evidence="stated")
            tie.manual_strength = rng.choice([1, 3, 5])
        ideas = [
            add_idea(
                session,
                owner,
                "Cold chain for rural clinics",
                problem="Vaccines spoil in transit; nurses lose handover notes",
                needs=["cold chain", "payments", "clinical handover", "robotics"],
            ),
            add_idea(session, owner, "Lab automation grants", problem="Grant writing takes months"),
        ]
        for person in rng.sample(people, 12):
            add_feedback(
                session, ideas[0], person, "noted", stance=rng.choice(["challenging", "neutral"])
            )
    with store.transaction() as session:
        owner = owner_account(session, "me")
        _assert_as_before(session, owner, [i.id for i in ideas])


def test_partners_cover_a_need_through_industry_and_say_so(store: Store) -> None:
    """Issue 12: "Nobody you know offers: design, healthcare, logistics" was wrong."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        raj = add_person(
            session,
            owner,
            PersonFields(name="Raj Patel", organization="Northwind", industry="Logistics"),
        )
        mia = add_person(session, owner, PersonFields(name="Mia Chen", discipline="design"))
        kim = add_person(session, owner, PersonFields(name="Grace Kim", expertise=["payments"]))
        for person in (raj, mia, kim):
            ensure_tie(session, owner, user, person, evidence="stated")
        add_idea(
            session,
            owner,
            "Cold-chain lockers",
            needs=["logistics", "design", "payments", "healthcare"],
        )
    with store.reading() as session:
        answer = suggest_partners(session, owner_account(session, "me"), 1, k=5)
        expertise_only = suggest_partners(
            session, owner_account(session, "me"), 1, k=5, fields=("expertise",)
        )
    chosen = {answer.names[int(p)]: answer.reason(int(p)) for p, _ in answer.plan.partners}  # type: ignore[call-overload]
    assert chosen == {
        "Raj Patel": "logistics (industry)",
        "Mia Chen": "design (discipline)",
        "Grace Kim": "payments (expertise)",
    }
    assert answer.plan.uncoverable == {"healthcare"}
    assert expertise_only.plan.uncoverable == {"logistics", "design", "healthcare"}
