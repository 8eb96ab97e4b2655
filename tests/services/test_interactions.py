"""The conversation log and the ties it implies, with their evidence."""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from typing import Any

import pytest
from sqlalchemy import func, select

from salon.db.models import Interaction, Tie
from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import me, owner_account
from salon.services.interactions import InteractionFields, list_interactions, log_interaction
from salon.services.people import PersonFields, add_person, get_person
from salon.services.ties import ensure_tie, infer_same_organization_ties, ties_of

PEOPLE = [
    ("Ana López", "Hospital Clínic de Barcelona"),
    ("Rajesh Patel", "Tata Consultancy Services"),
    ("Kwame Mensah", None),
    ("Mei Chen", "IDEO"),
]


def _people(store: Store) -> dict[str, int]:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        return {
            name: add_person(session, owner, PersonFields(name=name, organization=org)).id
            for name, org in PEOPLE
        }


def test_group_conversation_ties_the_user_and_every_pair_of_participants(store: Store) -> None:
    ids = _people(store)
    group = ["Ana López", "Rajesh Patel", "Kwame Mensah"]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = [get_person(session, owner, ids[n]) for n in group]
        user = me(session, owner)
        interaction = log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=dt.date(2025, 6, 3),
                participants=[*people, user],  # the user listed too: no tie to themselves
                purposes=["Learn", "explore-idea"],
                depth=4,
                challenged=True,
                insights=["Pit-stop choreography", "  "],
                outcomes=["insight"],
            ),
        )
        interaction_id, user_id = interaction.id, user.id
    expected_pairs = {frozenset(p) for p in combinations([user_id, *(ids[n] for n in group)], 2)}
    with store.reading() as session:
        owner = owner_account(session, "me")
        ties = ties_of(session, owner)
        pairs = {frozenset((t.person_a_id, t.person_b_id)): t for t in ties}
        assert set(pairs) == expected_pairs
        for tie in ties:
            assert [(e.kind, e.source_ref, e.observed_on, e.inferred) for e in tie.evidence] == [
                ("shared_conversation", f"interaction:{interaction_id}", dt.date(2025, 6, 3), False)
            ]
        (stored,) = list_interactions(session, owner)
        assert {p.person_id for p in stored.participants} == {ids[n] for n in group}
        assert stored.purposes == ["explore_idea", "learn"]
        assert [i.text for i in stored.insights] == ["Pit-stop choreography"]


def test_a_second_conversation_adds_evidence_to_the_same_ties(store: Store) -> None:
    ids = _people(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana, mei = (get_person(session, owner, ids[n]) for n in ("Ana López", "Mei Chen"))
        for day in (1, 8):
            log_interaction(
                session,
                owner,
                InteractionFields(occurred_on=dt.date(2025, 7, day), participants=[ana, mei]),
            )
    with store.reading() as session:
        owner = owner_account(session, "me")
        ties = ties_of(session, owner)
        assert len(ties) == 3  # me-Ana, me-Mei, Ana-Mei
        assert all(len(t.evidence) == 2 for t in ties)
        july_8 = list_interactions(session, owner, since=dt.date(2025, 7, 2))
        assert [x.occurred_on.day for x in july_8] == [8]
        with_ana = list_interactions(
            session, owner, person=get_person(session, owner, ids["Ana López"])
        )
        assert len(with_ana) == 2


BAD_INTERACTIONS: list[tuple[dict[str, object], str, str]] = [
    ({"purposes": ["learn", "networking"]}, "purpose", "unknown purpose networking"),
    ({"outcomes": ["insight", "friendship"]}, "outcome", "unknown outcome friendship"),
    ({"depth": 7}, "depth", "depth must be 1-5, got 7"),
    ({"participants": []}, "participants", "at least one other person"),
]


def test_bad_interaction_values_raise_input_error_naming_them_and_write_nothing(
    store: Store,
) -> None:
    ids = _people(store)
    for changes, field, message in BAD_INTERACTIONS:
        with pytest.raises(InputError, match=message) as raised:
            with store.transaction() as session:
                owner = owner_account(session, "me")
                fields = InteractionFields(
                    occurred_on=dt.date(2025, 6, 3),
                    participants=[get_person(session, owner, ids["Ana López"])],
                    purposes=["learn"],
                )
                for key, value in changes.items():
                    setattr(fields, key, value)
                log_interaction(session, owner, fields)
        assert raised.value.field == field
    with store.reading() as session:
        assert session.scalar(select(func.count(Interaction.id))) == 0
        assert session.scalar(select(func.count(Tie.id))) == 0


def test_stated_tie_keeps_earliest_since_support_and_introducer(store: Store) -> None:
    ids = _people(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana, raj, kwame = (
            get_person(session, owner, ids[n])
            for n in ("Ana López", "Rajesh Patel", "Kwame Mensah")
        )
        ensure_tie(session, owner, raj, ana, evidence="stated", since=dt.date(2024, 5, 1))
        ensure_tie(
            session,
            owner,
            ana,
            raj,
            evidence="introducer",
            introduced_by=kwame,
            since=dt.date(2023, 1, 1),
            support=["advice"],
            strength=3,
        )
        ensure_tie(session, owner, ana, raj, evidence="stated", since=dt.date(2025, 1, 1))
    with store.reading() as session:
        (tie,) = ties_of(session, owner_account(session, "me"))
        assert (tie.person_a_id, tie.person_b_id) == tuple(
            sorted((ids["Ana López"], ids["Rajesh Patel"]))
        )
        assert tie.since == dt.date(2023, 1, 1)
        assert tie.introduced_by_id == ids["Kwame Mensah"]
        assert (tie.support, tie.manual_strength) == (["advice"], 3)
        assert sorted(e.kind for e in tie.evidence) == ["introducer", "stated"]
        assert not tie.inferred_only


BAD_TIES: list[tuple[dict[str, Any], str]] = [
    ({"evidence": "gossip"}, "unknown tie evidence 'gossip'"),
    ({"evidence": "stated", "support": ["money"]}, r"unknown support type \['money'\]"),
    ({"evidence": "stated", "strength": 9}, "tie strength must be 1-5, got 9"),
]


def test_bad_tie_values_raise_input_error(store: Store) -> None:
    ids = _people(store)
    for kwargs, message in BAD_TIES:
        with pytest.raises(InputError, match=message):
            with store.transaction() as session:
                owner = owner_account(session, "me")
                ana, raj = (
                    get_person(session, owner, ids[n]) for n in ("Ana López", "Rajesh Patel")
                )
                ensure_tie(session, owner, ana, raj, **kwargs)
    with store.reading() as session:
        assert session.scalar(select(func.count(Tie.id))) == 0


def test_a_tie_needs_two_different_people(store: Store) -> None:
    ids = _people(store)
    with pytest.raises(InputError, match="two different people"):
        with store.transaction() as session:
            owner = owner_account(session, "me")
            ana = get_person(session, owner, ids["Ana López"])
            ensure_tie(session, owner, ana, ana, evidence="stated")


def test_same_organisation_ties_are_inferred_for_every_pair(store: Store) -> None:
    staff = {"Vestas Wind Systems": 3, "vestas wind systems": 1, "IDEO": 2, "Airbus": 1}
    with store.transaction() as session:
        owner = owner_account(session, "me")
        for org, n in staff.items():
            for i in range(n):
                add_person(session, owner, PersonFields(name=f"{org} person {i}", organization=org))
        n_pairs = infer_same_organization_ties(session, owner)
    # organisations compare case-insensitively: Vestas has 4 people, IDEO 2, Airbus 1
    assert n_pairs == 6 + 1 + 0
    with store.reading() as session:
        ties = ties_of(session, owner_account(session, "me"))
        assert len(ties) == n_pairs
        assert all(t.inferred_only for t in ties)
        assert all(e.inferred and e.kind == "same_organization" for t in ties for e in t.evidence)
