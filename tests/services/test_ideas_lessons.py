"""Ideas with versions and feedback, and the lessons library."""

from __future__ import annotations

import datetime as dt

import pytest

from salon.db.store import Store
from salon.errors import InputError, NotFoundError
from salon.services.accounts import owner_account
from salon.services.ideas import add_feedback, add_idea, add_version, get_idea, list_ideas
from salon.services.lessons import add_lesson, list_lessons
from salon.services.people import PersonFields, add_person, get_person


def test_idea_versions_number_in_order_and_feedback_goes_to_the_newest(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = add_person(session, owner, PersonFields(name="Ana López"))
        kwame = add_person(session, owner, PersonFields(name="Kwame Mensah"))
        idea = add_idea(
            session,
            owner,
            "  Pit-stop theatre turnover ",
            problem="Operating theatres sit idle between surgeries.",
            needs=["Scheduling", "scheduling ", "change management", ""],
            created_on=dt.date(2025, 6, 10),
        )
        add_feedback(session, idea, ana, "Surgeons will resist.", stance="challenging")
        add_version(session, idea, "Rehearsed roles, staged tools", created_on=dt.date(2025, 7, 1))
        add_version(session, idea, "Pilot on elective surgery")
        add_feedback(session, idea, kwame, "Rehearse the hand-offs.", stance="supportive")
        add_feedback(session, idea, kwame, "Version 2 was clearer.", version=2)
    with store.reading() as session:
        owner = owner_account(session, "me")
        stored = get_idea(session, owner, "Pit-stop theatre turnover")
        assert get_idea(session, owner, str(stored.id)).id == stored.id
        assert stored.needs == ["change management", "scheduling"]
        assert [(v.number, v.text) for v in stored.versions] == [
            (1, "Operating theatres sit idle between surgeries."),  # the problem is version 1
            (2, "Rehearsed roles, staged tools"),
            (3, "Pilot on elective surgery"),
        ]
        feedback = {
            v.number: [(f.person_id, f.stance) for f in v.feedback] for v in stored.versions
        }
        ana_id = get_person(session, owner, "Ana López").id
        kwame_id = get_person(session, owner, "Kwame Mensah").id
        assert feedback == {
            1: [(ana_id, "challenging")],
            2: [(kwame_id, "neutral")],
            3: [(kwame_id, "supportive")],
        }
        assert [i.title for i in list_ideas(session, owner)] == ["Pit-stop theatre turnover"]


def test_idea_errors_name_the_bad_value(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = add_person(session, owner, PersonFields(name="Ana López"))
        idea = add_idea(session, owner, "Deposit for returns")
        with pytest.raises(InputError, match="unknown stance 'hostile'") as raised:
            add_feedback(session, idea, ana, "No.", stance="hostile")
        assert raised.value.field == "stance"
        with pytest.raises(NotFoundError, match="has no version 4"):
            add_feedback(session, idea, ana, "Hm.", version=4)
        with pytest.raises(InputError, match="needs a title"):
            add_idea(session, owner, "   ")
        with pytest.raises(InputError, match="needs text"):
            add_version(session, idea, " ")
        with pytest.raises(NotFoundError, match="no idea 'Perpetual motion'"):
            get_idea(session, owner, "Perpetual motion")
    with store.reading() as session:
        # another owner does not see the idea
        with pytest.raises(NotFoundError):
            get_idea(session, owner_account(session, "bob"), "Deposit for returns")


def test_lessons_search_matches_any_text_field_case_insensitively(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        lucia = add_person(session, owner, PersonFields(name="Lucía Fernández Ruiz"))
        add_lesson(
            session,
            owner,
            "Take-back schemes fail when returning is hard",
            person=lucia,
            context="Apparel take-back pilot",
            what_happened="Few returns until a DEPOSIT was added",
            takeaway="Make returning the easy path",
            kind="failure",
            tags=["Incentives", " reverse logistics ", ""],
        )
        add_lesson(
            session, owner, "Rehearse the hand-offs", takeaway="A rhythm section rehearses them"
        )
        add_lesson(session, owner_account(session, "bob"), "Bob's deposit lesson")
    with store.reading() as session:
        owner = owner_account(session, "me")

        def titles(search: str | None) -> list[str]:
            return [x.title for x in list_lessons(session, owner, search=search)]

        assert titles("deposit") == [
            "Take-back schemes fail when returning is hard"
        ]  # what_happened
        assert titles("APPAREL") == ["Take-back schemes fail when returning is hard"]  # context
        assert titles("rhythm") == ["Rehearse the hand-offs"]  # takeaway
        assert titles("hand-off") == ["Rehearse the hand-offs"]  # title
        assert titles("blockchain") == []
        assert len(titles(None)) == 2
        (lesson,) = list_lessons(session, owner, search="deposit")
        assert lesson.tags == ["incentives", "reverse logistics"]
        assert lesson.person_id == get_person(session, owner, "Lucía Fernández Ruiz").id


def test_lesson_errors_name_the_bad_value(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        with pytest.raises(InputError, match="got 'draw'") as raised:
            add_lesson(session, owner, "A tie", kind="draw")
        assert raised.value.field == "kind"
        with pytest.raises(InputError, match="needs a title"):
            add_lesson(session, owner, "")
