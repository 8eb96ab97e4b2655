"""Suggestions from the store: meet, introduce, panel, partners (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import me, owner_account
from salon.services.ideas import add_feedback, add_idea
from salon.services.people import PersonFields, add_person
from salon.services.suggestions import (
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
        plan, names = suggest_partners(session, owner, 1, k=3)
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
