"""Within one evening, people keep meeting someone new (sample community; SQLite, PostgreSQL).

Recounted from the stored seats, not taken from the optimiser's own score.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import numpy as np
import pytest
from sqlalchemy import select
from tests.services.test_meetups import Steps, _load_sample_community

from salon.db.models import Member, Seat
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.meetup import check_in, create_event, get_community
from salon.services.meetup.seating import evening_value, repeat_price, seat_event
from salon.services.sample import generate_sample

BUDGET: Steps = {"time_limit": None, "max_iterations": 30_000}


def _times_together(
    store: Store, n_attendees: int, tables: list[int]
) -> tuple[Counter[tuple[int, int]], dict[int, str]]:
    """Seat the sample's next evening (3 rounds); (pair → rounds together, person → intent)."""
    sample = generate_sample()
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community_id, _, _ = _load_sample_community(session, owner, sample)
        community = get_community(session, owner, community_id)
        event = create_event(
            session, owner, community_id,
            on=sample.community.events[-1].when + dt.timedelta(days=7), tables=tables, rounds=3,
        )  # fmt: skip
        members: list[Member] = sorted(community.members, key=lambda m: m.person_id)
        for member in members[:n_attendees]:
            check_in(session, owner, event, member.person)
        seat_event(session, owner, event.id, seed=0, **BUDGET)
        intent = {m.person_id: m.intent for m in members}
        tables_by_round: dict[tuple[int, int], list[int]] = {}
        for seat in session.scalars(select(Seat).where(Seat.event_id == event.id)):
            tables_by_round.setdefault((seat.round, seat.table_number), []).append(seat.person_id)
    together: Counter[tuple[int, int]] = Counter()
    for people in tables_by_round.values():
        together.update(itertools.combinations(sorted(people), 2))
    return together, intent


def _buddies(together: Counter[tuple[int, int]], intent: dict[int, str]) -> set[tuple[int, int]]:
    """Learning buddies: two learners the service seats together all evening, on purpose."""
    return {
        pair
        for pair, times in together.items()
        if times == 3 and intent[pair[0]] == intent[pair[1]] == "learn"
    }


def test_nobody_meets_the_same_person_twice_in_an_evening_when_the_tables_allow_it(
    store: Store,
) -> None:
    # 30 of the sample's members at six tables of five: a table of five can
    # take one person from each of five earlier tables, so a seating without
    # any repeat exists (the pigeonhole rule is the only obstacle, see below).
    together, intent = _times_together(store, 30, [5] * 6)
    buddies = _buddies(together, intent)
    repeated = {pair: times for pair, times in together.items() if times > 1}
    assert set(repeated) == buddies
    assert sum(together.values()) == 3 * 6 * 10  # everyone seated, every round


def test_when_repeats_are_unavoidable_no_pair_spends_the_whole_evening_together(
    store: Store,
) -> None:
    # The demo's shape: 30 people at five tables of six.  Each later table
    # seats six people from five earlier tables, so at least two of them sat
    # together before: some repeats are forced.  They must be spread: the
    # second meeting of a pair is bad, a third one (all evening together)
    # worse.  Before the fix, 1 pair here spent all three rounds together.
    together, intent = _times_together(store, 30, [6] * 5)
    buddies = _buddies(together, intent)
    assert sum(together.values()) == 3 * 5 * 15
    assert {pair for pair, times in together.items() if times == 3} == buddies
    n_repeats = sum(times - 1 for pair, times in together.items() if pair not in buddies)
    assert n_repeats > 0  # forced, as said (unless every collision were a buddy pair)


def test_the_evening_value_prices_each_further_meeting_higher() -> None:
    d = np.array([[0.0, 0.8, 0.5], [0.8, 0.0, 0.2], [0.5, 0.2, 0.0]])
    h = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    none_before = np.zeros((3, 3))
    # 0 and 1 together in both rounds, 2 alone: (0.8 − λ·1) twice, the second meeting costs μ.
    rows = np.array([[0, 0, 1], [1, 1, 0]])
    assert evening_value(rows, d, h, none_before, 1.0, 3.0) == pytest.approx(2 * (0.8 - 1) - 3)
    # Had they also shared an earlier round, the two more meetings cost μ + 2μ.
    once = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    assert evening_value(rows, d, h, once, 1.0, 3.0) == pytest.approx(2 * (0.8 - 1) - 3 - 6)
    # μ outweighs any one pair's history and diversity: 1 + max h + max d at λ = 1.
    assert repeat_price(d, h, 1.0) == pytest.approx(1 + 1 + 0.8)
    assert repeat_price(d, h, 0.0) == 0.0
