"""The organiser's keep-apart / keep-together pairs: stored, checked, and honoured when seating."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.services.test_meetups import Steps, _load_sample_community

from salon.db.models import Account, Person, Seat, SeatingPair
from salon.db.store import Store
from salon.errors import InfeasibleError, InputError, NotFoundError
from salon.services.accounts import owner_account
from salon.services.meetup import (
    add_member,
    check_in,
    create_community,
    create_event,
    get_community,
)
from salon.services.meetup.pairs import (
    add_seating_pair,
    list_seating_pairs,
    remove_seating_pair,
)
from salon.services.meetup.seating import seat_event
from salon.services.people import PersonFields, add_person
from salon.services.sample import generate_sample

FAST: Steps = {"time_limit": None, "max_iterations": 3000}


def _members(session: Session, owner: Account, rows: list[tuple[str, str, str]]) -> list[Person]:
    community = create_community(session, owner, "Salon")
    people = []
    for name, industry, intent in rows:
        person = add_person(session, owner, PersonFields(name=name, industry=industry))
        add_member(session, owner, community, person, intent=intent)
        people.append(person)
    return people


def _tables(session: Session, event_id: int) -> dict[int, dict[int, int]]:
    """round → person id → table number, as stored."""
    out: dict[int, dict[int, int]] = {}
    for seat in session.scalars(select(Seat).where(Seat.event_id == event_id)):
        out.setdefault(seat.round, {})[seat.person_id] = seat.table_number
    return out


def test_pairs_are_stored_once_listed_by_name_and_removed(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana, raj, mia, tom = _members(
            session, owner, [(n, "biotech", "both") for n in ("Ana", "Raj", "Mia", "Tom")]
        )
        row, created = add_seating_pair(session, owner, "Salon", "apart", "Raj", "Ana")
        assert created
        assert (row.first_name, row.second_name) == ("Ana", "Raj")  # stored in id order
        _, again = add_seating_pair(session, owner, "Salon", "apart", "Ana", str(raj.id))
        assert not again
        add_seating_pair(session, owner, "Salon", "together", "Mia", "Tom")
        listed = [(r.kind, r.first_name, r.second_name) for r in list_seating_pairs(
            session, owner, "Salon"
        )]  # fmt: skip
        assert listed == [("apart", "Ana", "Raj"), ("together", "Mia", "Tom")]
        assert session.scalar(select(SeatingPair.kind).where(SeatingPair.person_a_id == ana.id))
        removed = remove_seating_pair(session, owner, "Salon", "Tom", "Mia")
        assert (removed.kind, removed.first_id, removed.second_id) == ("together", mia.id, tom.id)
        with pytest.raises(NotFoundError, match="Mia and Tom are neither kept apart nor together"):
            remove_seating_pair(session, owner, "Salon", "Mia", "Tom")
        assert [r.kind for r in list_seating_pairs(session, owner, "Salon")] == ["apart"]


def test_bad_pairs_are_refused_with_the_reason(store: Store) -> None:
    names = ("Ana", "Raj", "Mia", "Tom", "Eva")
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana, *_ = _members(session, owner, [(n, "media", "both") for n in names])
        with pytest.raises(NotFoundError, match="no person called 'Zed'"):
            add_seating_pair(session, owner, "Salon", "apart", "Ana", "Zed")
        with pytest.raises(NotFoundError, match="no community"):
            add_seating_pair(session, owner, "Elsewhere", "apart", "Ana", "Raj")
        with pytest.raises(InputError, match=r"two different people, got Ana \(id \d+\) twice"):
            add_seating_pair(session, owner, "Salon", "together", "Ana", str(ana.id))
        with pytest.raises(InputError, match="expected one of apart, together, got 'near'"):
            add_seating_pair(session, owner, "Salon", "near", "Ana", "Raj")

        add_seating_pair(session, owner, "Salon", "apart", "Ana", "Raj")
        with pytest.raises(InputError, match="Ana and Raj are already kept apart"):
            add_seating_pair(session, owner, "Salon", "together", "Raj", "Ana")
        # Keep-together pairs chain: Ana–Mia and Mia–Raj would seat Ana with Raj.
        add_seating_pair(session, owner, "Salon", "together", "Ana", "Mia")
        with pytest.raises(InputError, match=r"Ana and Raj are to be kept apart.*Ana, Raj, Mia"):
            add_seating_pair(session, owner, "Salon", "together", "Mia", "Raj")
        add_seating_pair(session, owner, "Salon", "together", "Tom", "Eva")
        add_seating_pair(session, owner, "Salon", "together", "Eva", "Mia")
        chain = r"Ana and Tom are to be kept apart.*Ana, Mia, Tom, Eva"
        with pytest.raises(InputError, match=chain):
            add_seating_pair(session, owner, "Salon", "apart", "Tom", "Ana")
        add_seating_pair(session, owner, "Salon", "apart", "Raj", "Mia")  # Raj is in no group
        kinds = Counter(r.kind for r in list_seating_pairs(session, owner, "Salon"))
    assert kinds == {"apart": 2, "together": 3}  # nothing refused was stored


def test_seating_honours_the_organisers_pairs_on_the_sample_meetup(store: Store) -> None:
    # Seat the sample's next evening once freely, then keep apart five pairs it
    # put together and keep together three pairs it never did, and seat again.
    sample = generate_sample()
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community_id, _, _ = _load_sample_community(session, owner, sample)
        community = get_community(session, owner, community_id)
        event = create_event(
            session, owner, community_id,
            on=sample.community.events[-1].when + dt.timedelta(days=7), tables=[5] * 6, rounds=3,
        )  # fmt: skip
        attendees = sorted(community.members, key=lambda m: m.person_id)[:30]
        for member in attendees:
            check_in(session, owner, event, member.person)
        seat_event(session, owner, event.id, seed=0, **FAST)
        free = _tables(session, event.id)
        ids = sorted(free[1])
        met = {
            (a, b)
            for a, b in itertools.combinations(ids, 2)
            if any(free[r][a] == free[r][b] for r in free)
        }
        # pitchers and "both" only: learners may be paired as buddies
        intent = {m.person_id: m.intent for m in attendees}
        unbuddied = [p for p in ids if intent[p] != "learn"]
        apart = sorted(p for p in met if p[0] in unbuddied and p[1] in unbuddied)[:5]
        never = [p for p in itertools.combinations(unbuddied, 2) if p not in met]
        used = {x for p in apart for x in p}
        together = [p for p in never if not {*p} & used][:6:2]
        assert (len(apart), len(together)) == (5, 3)
        for a, b in apart:
            add_seating_pair(session, owner, community_id, "apart", str(a), str(b))
        for a, b in together:
            add_seating_pair(session, owner, community_id, "together", str(a), str(b))
        seat_event(session, owner, event.id, seed=0, **FAST)
        ruled = _tables(session, event.id)
    for r in (1, 2, 3):
        assert set(ruled[r]) == set(ids)
        assert all(ruled[r][a] != ruled[r][b] for a, b in apart)
        assert all(ruled[r][a] == ruled[r][b] for a, b in together)


def test_a_learner_kept_apart_from_the_only_other_learner_gets_no_buddy(store: Store) -> None:
    rows = [("Lea", "health", "learn"), ("Leo", "media", "learn")] + [
        (f"Pitcher {k}", f"industry {k}", "pitch") for k in range(4)
    ]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = _members(session, owner, rows)
        add_seating_pair(session, owner, "Salon", "apart", "Lea", "Leo")
        event = create_event(
            session, owner, "Salon", on=dt.date(2026, 12, 3), tables=[3, 3], rounds=2
        )
        for person in people:
            check_in(session, owner, event, person)
        seat_event(session, owner, event.id, seed=0, **FAST)  # buddies on, as by default
        seats = _tables(session, event.id)
    lea, leo = people[0].id, people[1].id
    assert all(seats[r][lea] != seats[r][leo] for r in (1, 2))


def test_impossible_pairs_are_refused_naming_the_constraint_and_the_pairs(store: Store) -> None:
    rows = [(f"Guest {k}", f"industry {k % 3}", "both") for k in range(8)]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = _members(session, owner, rows)
        event = create_event(
            session, owner, "Salon", on=dt.date(2026, 12, 3), tables=[4, 4], rounds=2
        )
        for person in people:
            check_in(session, owner, event, person)
        # Three people who must all be apart, at two tables.
        for a, b in itertools.combinations(("Guest 0", "Guest 1", "Guest 2"), 2):
            add_seating_pair(session, owner, "Salon", "apart", a, b)
        with pytest.raises(InfeasibleError) as refused:
            seat_event(session, owner, event.id, **FAST)
        assert refused.value.constraint == "keep_apart"
        assert "only 2 tables" in str(refused.value)
        assert "the organiser keeps apart: Guest 0 and Guest 1; Guest 0 and Guest 2" in str(
            refused.value
        )
        remove_seating_pair(session, owner, "Salon", "Guest 1", "Guest 2")
        # A chain of five kept together, at tables of four.
        for k in range(3, 7):
            add_seating_pair(session, owner, "Salon", "together", f"Guest {k}", f"Guest {k + 1}")
        with pytest.raises(InfeasibleError) as refused:
            seat_event(session, owner, event.id, **FAST)
        assert refused.value.constraint == "keep_together"
        assert "the largest table seats 4" in str(refused.value)
        assert "the organiser keeps together: Guest 3 and Guest 4; Guest 4 and Guest 5" in str(
            refused.value
        )
        assert session.scalar(select(Seat.id).where(Seat.event_id == event.id)) is None
