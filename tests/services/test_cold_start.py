"""Suggestions for a fresh network, where nobody is two steps away (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from salon.db.models import Note
from salon.db.store import Store
from salon.services.accounts import me, owner_account
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.meetup import add_member, create_community
from salon.services.people import PersonFields, add_person, get_person
from salon.services.suggestions import suggest_meet
from salon.services.ties import ensure_tie


def _first_degree_only(store: Store) -> None:
    """Four contacts, as a LinkedIn export gives them: tied to the user, to no one else."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        user.industry = "software"
        for name, industry in (
            ("Ana", "finance"),
            ("Ben", "healthcare"),
            ("Cai", "logistics"),
            ("Dia", "design"),
        ):
            person = add_person(session, owner, PersonFields(name=name, industry=industry))
            ensure_tie(
                session, owner, user, person, evidence="stated", source_ref="import:linkedin"
            )


def test_with_nobody_two_steps_away_and_no_meetup_there_is_no_one_to_meet(store: Store) -> None:
    _first_degree_only(store)
    with store.transaction() as session:
        assert suggest_meet(session, owner_account(session, "me")) == []


def test_meetup_members_and_note_authors_not_met_yet_are_suggested_and_say_so(
    store: Store,
) -> None:
    _first_degree_only(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        salon_night = create_community(session, owner, "Thursday Salon")
        for name in ("Ana", "Ben", "Cai"):
            add_member(
                session, owner, salon_night, get_person(session, owner, name), intent="learn"
            )
        ana = get_person(session, owner, "Ana")
        log_interaction(
            session, owner, InteractionFields(occurred_on=dt.date(2026, 11, 2), participants=[ana])
        )
        dia = get_person(session, owner, "Dia")
        session.add(Note(owner_id=owner.id, ref="n1", person_id=dia.id, text="Wayfinding in wards"))
    with store.transaction() as session:
        picks = suggest_meet(session, owner_account(session, "me"), k=5)
    by_name = {p.name: p for p in picks}
    assert set(by_name) == {"Ben", "Cai", "Dia"}  # Ana was met: a logged conversation
    assert {p.origin for p in picks} == {"not met yet"}
    assert by_name["Ben"].reason.startswith("member of Thursday Salon, not met yet; ")
    assert by_name["Dia"].reason.startswith("wrote a note you imported, not met yet; ")
