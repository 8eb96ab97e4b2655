"""Communities: members and intents, events with tables, RSVP, check-in, seatings."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import pytest

from salon.db.store import Store
from salon.errors import DuplicateError, InputError, NotFoundError
from salon.services.accounts import owner_account
from salon.services.meetup import (
    add_member,
    check_in,
    create_community,
    create_event,
    get_community,
    get_event,
    list_communities,
    record_feedback,
    record_seating,
    rsvp,
)
from salon.services.people import PersonFields, add_person, get_person
from salon.services.ties import ties_of

NAMES = ["Ana", "Raj", "Mei", "Kwame", "Lucía", "Søren", "Emily"]


def _community_with_members(store: Store) -> tuple[int, dict[str, int]]:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community = create_community(
            session, owner, " Thursday Salon ", description="Dinner", cadence="weekly"
        )
        ids = {}
        for i, name in enumerate(NAMES):
            person = add_person(session, owner, PersonFields(name=name))
            add_member(session, owner, community, person, intent=("learn", "pitch", "both")[i % 3])
            ids[name] = person.id
        return community.id, ids


def test_members_keep_one_row_and_their_latest_intent(store: Store) -> None:
    community_id, ids = _community_with_members(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community = get_community(session, owner, "Thursday Salon")
        assert community.id == community_id
        add_member(
            session, owner, community, get_person(session, owner, ids["Ana"]), intent="pitch"
        )
        add_member(
            session,
            owner,
            community,
            get_person(session, owner, ids["Ana"]),
            intent="pitch",
            organiser=True,
        )
    with store.reading() as session:
        owner = owner_account(session, "me")
        community = get_community(session, owner, community_id)
        members = {m.person.name: (m.intent, m.is_organiser) for m in community.members}
        assert len(community.members) == len(NAMES)
        assert members["Ana"] == ("pitch", True)
        assert members["Raj"] == ("pitch", False)
        assert [c.name for c in list_communities(session, owner)] == ["Thursday Salon"]


def test_community_errors(store: Store) -> None:
    _community_with_members(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        with pytest.raises(DuplicateError, match="'Thursday Salon' exists already"):
            create_community(session, owner, "Thursday Salon")
        with pytest.raises(InputError, match="needs a name"):
            create_community(session, owner, " ")
        community = get_community(session, owner, "Thursday Salon")
        with pytest.raises(InputError, match="unknown intent 'sell'") as raised:
            add_member(session, owner, community, get_person(session, owner, "Ana"), intent="sell")
        assert raised.value.field == "intent"
        with pytest.raises(NotFoundError, match="no community 'Friday Club'"):
            get_community(session, owner, "Friday Club")
    with store.reading() as session:
        with pytest.raises(NotFoundError):  # another organiser's account does not see it
            get_community(session, owner_account(session, "bob"), "Thursday Salon")


def test_event_tables_rsvp_and_check_in(store: Store) -> None:
    _community_with_members(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community = get_community(session, owner, "Thursday Salon")
        event = create_event(
            session, owner, community, title="Dinner #12", on=dt.date(2025, 10, 2),
            tables=[4, (2, 3)], rounds=2,
        )  # fmt: skip
        ana, raj, mei = (get_person(session, owner, n) for n in ("Ana", "Raj", "Mei"))
        rsvp(session, owner, event, ana, "maybe")
        rsvp(session, owner, event, ana, "yes")
        rsvp(session, owner, event, raj, "no")
        arrived = dt.datetime(2025, 10, 2, 19, 5, tzinfo=dt.UTC)
        check_in(session, owner, event, ana, arrived)
        check_in(session, owner, event, mei, arrived)  # a walk-in: checked in without an RSVP
        event_id = event.id
    with store.reading() as session:
        owner = owner_account(session, "me")
        event = get_event(session, owner, event_id)
        assert [(t.number, t.min_size, t.max_size) for t in event.tables] == [(1, 1, 4), (2, 2, 3)]
        names = {p.id: p.name for p in (get_person(session, owner, n) for n in NAMES)}
        rows = {names[a.person_id]: (a.rsvp, a.checked_in_at is not None) for a in event.attendance}
        assert rows == {"Ana": ("yes", True), "Raj": ("no", False), "Mei": ("yes", True)}
        with pytest.raises(NotFoundError):
            get_event(session, owner_account(session, "bob"), event_id)


BAD_EVENTS: list[tuple[list[int | tuple[int, int]], int, str]] = [
    ([], 1, "at least one table"),
    ([4], 0, "at least one round, got 0"),
    ([4, (5, 3)], 1, r"table 2: bad size \(5, 3\)"),
    ([0], 1, "table 1: bad size 0"),
]


def test_bad_event_shapes_raise_input_error(store: Store) -> None:
    _community_with_members(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community = get_community(session, owner, "Thursday Salon")
        for tables, rounds, message in BAD_EVENTS:
            with pytest.raises(InputError, match=message):
                create_event(
                    session, owner, community, on=dt.date(2025, 10, 2), tables=tables,
                    rounds=rounds,
                )  # fmt: skip


def test_bad_rsvp_is_refused(store: Store) -> None:
    _community_with_members(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community = get_community(session, owner, "Thursday Salon")
        event = create_event(
            session, owner, community, title="Dinner", on=dt.date(2025, 10, 2), tables=[4]
        )
        with pytest.raises(InputError, match="got 'perhaps'"):
            rsvp(session, owner, event, get_person(session, owner, "Ana"), "perhaps")


def test_seating_records_every_table_pair_of_attendees_as_encounter_and_co_seated_tie(
    store: Store,
) -> None:
    _community_with_members(store)
    tables = [["Ana", "Raj", "Mei"], ["Kwame", "Lucía"], ["Søren", "Emily"]]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community = get_community(session, owner, "Thursday Salon")
        event = create_event(
            session, owner, community, title="Dinner", on=dt.date(2025, 10, 2), tables=[3, 3, 3]
        )
        seated = [[get_person(session, owner, n) for n in table] for table in tables]
        for person in (p for table in seated for p in table):
            check_in(session, owner, event, person)  # encounters are for people who came
        n_encounters = record_seating(session, event, 1, seated)
        # seating the round again replaces it
        n_again = record_seating(session, event, 1, seated)
        with pytest.raises(InputError, match="rounds 1-1, got 2"):
            record_seating(session, event, 2, seated)
        twice = [seated[0], [seated[1][0], seated[0][1]]]
        with pytest.raises(InputError, match=r"Raj \(id \d+\) is seated twice in round 1"):
            record_seating(session, event, 1, twice)
        event_id = event.id
        id_of = {n: get_person(session, owner, n).id for n in NAMES}
    expected = {
        frozenset((id_of[x], id_of[y])) for table in tables for x, y in combinations(table, 2)
    }
    assert n_encounters == n_again == len(expected) == 3 + 1 + 1
    with store.reading() as session:
        owner = owner_account(session, "me")
        event = get_event(session, owner, event_id)
        assert len(event.seats) == 7
        ties = ties_of(session, owner)
        assert {frozenset((t.person_a_id, t.person_b_id)) for t in ties} == expected
        for tie in ties:
            assert [(e.kind, e.source_ref) for e in tie.evidence] == [
                ("co_seated", f"event:{event_id}")
            ]


def test_event_feedback_is_kept_once_and_ties_the_two_people(store: Store) -> None:
    _community_with_members(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community = get_community(session, owner, "Thursday Salon")
        event = create_event(
            session, owner, community, title="Dinner", on=dt.date(2025, 10, 2), tables=[4]
        )
        ana, raj, mei = (get_person(session, owner, n) for n in ("Ana", "Raj", "Mei"))
        record_seating(session, event, 1, [[ana, raj, mei]])  # a plan: nobody checked in
        kwame = get_person(session, owner, "Kwame")
        rsvp(session, owner, event, kwame, "yes")  # there, but never at Ana's table
        with pytest.raises(InputError, match=r"Ana did not sit with Kwame \(id \d+\)"):
            record_feedback(session, owner, event, ana, learned_from=[raj, kwame])
        n_first = record_feedback(
            session, owner, event, ana, learned_from=[raj], follow_up=[raj, mei]
        )
        n_again = record_feedback(session, owner, event, ana, learned_from=[raj])
        with pytest.raises(InputError, match="about themselves"):
            record_feedback(session, owner, event, ana, follow_up=[ana])
    assert (n_first, n_again) == (3, 0)
    with store.reading() as session:
        ties = ties_of(session, owner_account(session, "me"))
        assert len(ties) == 2
        assert all([e.kind for e in t.evidence] == ["stated"] for t in ties)
