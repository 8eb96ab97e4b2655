"""Meetup services on a real store (SQLite and PostgreSQL): members, seating, reports."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
from pathlib import Path
from typing import TypedDict

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salon.db.models import Account, Encounter, Event, EventFeedback, Person, Seat, Tie
from salon.db.store import Store
from salon.errors import InfeasibleError, InputError, NotFoundError
from salon.render.seating import table_cards_html
from salon.seating import table_conversation_starter
from salon.services.accounts import owner_account
from salon.services.meetup import (
    add_member,
    attendee_ids,
    check_in,
    create_community,
    create_event,
    get_community,
    get_event,
    import_members,
    parse_table_sizes,
    pin_host,
    record_feedback,
    record_seating,
)
from salon.services.meetup.profiles import (
    Profile,
    mean_table_diversity,
    pairwise_diversity,
    profiles_of,
)
from salon.services.meetup.reports import (
    SeatingView,
    TableView,
    event_summary,
    seating_view,
)
from salon.services.meetup.seating import seat_event
from salon.services.people import PersonFields, add_person, get_person
from salon.services.sample import SampleNetwork, generate_sample


# Small limits keep the suite fast; iteration limits make a seating reproducible.
class Steps(TypedDict):
    time_limit: float | None
    max_iterations: int


FAST: Steps = {"time_limit": None, "max_iterations": 3000}
SAMPLE_BUDGET: Steps = {"time_limit": None, "max_iterations": 30_000}


def _seats(session: Session, event_id: int) -> dict[int, dict[int, int]]:
    """round → person id → table number, as stored."""
    out: dict[int, dict[int, int]] = {}
    for seat in session.scalars(select(Seat).where(Seat.event_id == event_id)):
        assert seat.person_id not in out.get(seat.round, {}), "two seats in one round"
        out.setdefault(seat.round, {})[seat.person_id] = seat.table_number
    return out


def _load_sample_community(
    session: Session, owner: Account, sample: SampleNetwork
) -> tuple[int, dict[str, Person], list[int]]:
    """The sample's meetup only (members, six past evenings with their hand seatings).

    The full demo loader also writes two years of conversations, which takes
    half a minute on PostgreSQL; the seating needs only the community.
    """
    sc = sample.community
    keys = {m.person for m in sc.members}
    people = {
        sp.key: add_person(
            session,
            owner,
            PersonFields(
                name=sp.name,
                organization=sp.organization,
                role=sp.role,
                industry=sp.industry,
                discipline=sp.discipline,
                attributes=dict(sp.attributes),
                expertise=sp.expertise,
                interests=sp.interests,
            ),
            check_duplicates=False,
        )
        for sp in sample.people
        if sp.key in keys
    }
    community = create_community(session, owner, sc.name)
    for member in sc.members:
        add_member(session, owner, community, people[member.person], intent=member.intent)
    events = []
    for se in sc.events:
        event = create_event(
            session, owner, community, title=se.title, on=se.when, tables=list(se.tables),
            rounds=se.rounds,
        )  # fmt: skip
        for key in se.attendees:
            check_in(session, owner, event, people[key])
        for number, tables in enumerate(se.seatings, start=1):
            record_seating(session, event, number, [[people[k] for k in t] for t in tables])
        events.append(event.id)
    return community.id, people, events


def test_salon_seats_the_sample_meetup_better_than_its_organiser_and_a_random_shuffle(
    store: Store,
) -> None:
    sample = generate_sample()
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community_id, people, past = _load_sample_community(session, owner, sample)
        community = get_community(session, owner, community_id)
        last = sample.community.events[-1].when
        event = create_event(
            session, owner, community_id, on=last + dt.timedelta(days=7),
            tables=[6, 6, 6, 6, 6], rounds=3,
        )  # fmt: skip
        host = people[sample.community.organizer]
        members = sorted(
            (m for m in community.members if m.person_id != host.id), key=lambda m: m.person_id
        )
        arrivals, late = members[:27], members[27:29]
        for member in arrivals:
            check_in(session, owner, event, member.person)
        pin_host(session, owner, event.id, 1, str(host.id))
        check_in(session, owner, event, host)  # encounters count for people confirmed there
        outcome = seat_event(session, owner, event.id, seed=0, **SAMPLE_BUDGET)
        event_id = event.id
    assert outcome.rounds == (1, 2, 3)

    with store.reading() as session:
        owner = owner_account(session, "me")
        event = get_event(session, owner, event_id)
        present = set(attendee_ids(event))
        assert host.id in present
        assert len(present) == 28
        seats = _seats(session, event_id)
        for r in (1, 2, 3):
            assert set(seats[r]) == present  # everyone seated once per round
            sizes = Counter(seats[r].values())
            assert all(sizes[t] <= 6 for t in sizes)
            assert min(sizes.values()) >= 5  # the fair share ⌊28·6/30⌋: no near-empty table
            assert seats[r][host.id] == 1
        n_encounters = session.scalar(
            select(func.count(Encounter.id)).where(Encounter.event_id == event_id)
        )
        expected = sum(math.comb(k, 2) for r in seats for k in Counter(seats[r].values()).values())
        assert n_encounters == expected

        ours = event_summary(session, owner, event_id)
        theirs = [event_summary(session, owner, e) for e in past[1:]]  # the first has no past
        assert ours.repeat_rate < min(s.repeat_rate for s in theirs)
        assert ours.repeat_rate < 0.5 * np.mean([s.repeat_rate for s in theirs])

        # The same attendees shuffled at random into the same table sizes.
        ids = sorted(present)
        d = pairwise_diversity(
            profiles_of([get_person(session, owner, i) for i in ids], event.community.members)
        )
        salon_tables = np.array([[seats[r][i] for i in ids] for r in (1, 2, 3)])
        rng = np.random.default_rng(0)
        shuffles = [
            mean_table_diversity(d, np.array([rng.permutation(row) for row in salon_tables]))
            for _ in range(200)
        ]
        # d is flat in this sample (mean 0.80, sd 0.17) and avoiding last weeks'
        # table-mates comes first, so the gain is a few hundredths: it must still
        # beat 95% of random shuffles.
        assert mean_table_diversity(d, salon_tables) > np.quantile(shuffles, 0.95)
        assert math.isclose(ours.mean_table_diversity, mean_table_diversity(d, salon_tables))

    # Two latecomers during round 2: rounds 1 stays, round 2 keeps everyone seated.
    with store.transaction() as session:
        owner = owner_account(session, "me")
        event = get_event(session, owner, event_id)
        for member in late:
            check_in(session, owner, event, get_person(session, owner, member.person_id))
        outcome = seat_event(session, owner, event_id, from_round=2, seed=0, **SAMPLE_BUDGET)
    assert outcome.rounds == (2, 3)
    assert outcome.n_newcomers == 2
    with store.reading() as session:
        after = _seats(session, event_id)
    assert after[1] == seats[1]
    assert {p: after[2][p] for p in seats[2]} == seats[2]
    newcomers = {m.person_id for m in late}
    assert set(after[2]) == set(after[3]) == present | newcomers
    for r in (2, 3):
        assert max(Counter(after[r].values()).values()) <= 6
        assert after[r][host.id] == 1

    # More attendees than seats: refused with the constraint named, nothing stored.
    with pytest.raises(InfeasibleError, match=r"31 attendees but only 24 seats") as refused:
        with store.transaction() as session:
            owner = owner_account(session, "me")
            small = create_event(
                session, owner, community_id, on=last + dt.timedelta(days=14), tables=[6, 6, 6, 6]
            )
            for member in members[:31]:
                check_in(session, owner, small, member.person)
            seat_event(session, owner, small.id, time_limit=0.5)
    assert refused.value.constraint == "capacity"
    with store.reading() as session:
        assert session.scalar(select(func.count(Event.id))) == len(past) + 1
        assert session.scalar(select(func.count(Seat.id)).where(Seat.event_id > event_id)) == 0


def _community(session: Session, owner: Account, profiles: list[dict[str, str]]) -> list[Person]:
    community = create_community(session, owner, "Salon")
    people = []
    for p in profiles:
        person = add_person(
            session,
            owner,
            PersonFields(
                name=p["name"], industry=p.get("industry"), organization=p.get("organization")
            ),
        )
        add_member(session, owner, community, person, intent=p.get("intent", "both"))
        people.append(person)
    return people


def test_seating_reaches_the_brute_force_optimum_and_repeats_itself_with_the_same_seed(
    store: Store,
) -> None:
    rows = [
        {"name": f"P{k}", "industry": ind, "intent": intent}
        for k, (ind, intent) in enumerate(
            itertools.product(["biotech", "fintech", "media"], ["pitch", "learn"])
        )
    ]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = _community(session, owner, rows)
        event = create_event(session, owner, "Salon", on=dt.date(2026, 12, 3), tables=[3, 3])
        for person in people:
            check_in(session, owner, event, person)
        seat_event(session, owner, event.id, buddies=False, seed=3, **FAST)
        seats = _seats(session, event.id)[1]
        seat_event(session, owner, event.id, buddies=False, seed=3, **FAST)
        assert _seats(session, event.id)[1] == seats
        ids = sorted(p.id for p in people)
        members = get_community(session, owner, "Salon").members
        d = pairwise_diversity(profiles_of(sorted(people, key=lambda p: p.id), members))
    best = max(
        sum(d[i, j] for i, j in itertools.combinations(group, 2))
        + sum(d[i, j] for i, j in itertools.combinations(sorted(set(range(6)) - set(group)), 2))
        for group in itertools.combinations(range(6), 3)
    )
    tables = [[k for k, i in enumerate(ids) if seats[i] == t] for t in (1, 2)]
    ours = sum(d[i, j] for members in tables for i, j in itertools.combinations(members, 2))
    assert ours == pytest.approx(best)
    assert all(len({rows[k]["industry"] for k in members}) == 3 for members in tables)


def test_last_weeks_table_mates_are_not_seated_together_again(store: Store) -> None:
    rows = [{"name": f"Guest {k}", "industry": "software"} for k in range(9)]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = _community(session, owner, rows)
        community = get_community(session, owner, "Salon")
        last_week = create_event(
            session, owner, community, title="week 1", on=dt.date(2026, 11, 26), tables=[3, 3, 3]
        )
        for person in people:
            check_in(session, owner, last_week, person)
        record_seating(session, last_week, 1, [people[0:3], people[3:6], people[6:9]])
        event = create_event(
            session, owner, community, title="week 2", on=dt.date(2026, 12, 3), tables=[3, 3, 3]
        )
        for person in people:
            check_in(session, owner, event, person)
        seat_event(session, owner, event.id, seed=0, **FAST)
        summary = event_summary(session, owner, event.id)
    # Every table can take one guest from each of last week's tables: no repeat is needed.
    assert summary.repeat_rate == 0.0
    assert (summary.n_pairs, summary.n_new_encounters) == (9, 9)


def test_pitchers_are_spread_unless_learners_are_paired_as_buddies(store: Store) -> None:
    # 8 pitchers and 2 learners at two tables of 5: spreading pitchers evenly
    # (4 + 4) parts the learners; learning buddies keep them together.
    rows = [{"name": f"Pitcher {k}", "intent": "pitch"} for k in range(8)] + [
        {"name": f"Learner {k}", "intent": "learn"} for k in range(2)
    ]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = _community(session, owner, rows)
        summaries = {}
        for day, buddies in ((3, False), (10, True)):
            event = create_event(
                session, owner, "Salon", on=dt.date(2026, 12, day), tables=[5, 5], rounds=2
            )
            for person in people:
                check_in(session, owner, event, person)
            seat_event(session, owner, event.id, seed=1, buddies=buddies, **FAST)
            summaries[buddies] = event_summary(session, owner, event.id)
    assert {(t.n_pitch, t.n_learn) for t in summaries[False].tables} == {(4, 1)}
    assert {(t.n_pitch, t.n_learn) for t in summaries[True].tables} == {(3, 2), (5, 0)}


def test_late_arrival_in_round_one_moves_nobody_and_bad_requests_are_refused(
    store: Store,
) -> None:
    rows = [{"name": f"G{k}", "industry": str(k % 3)} for k in range(6)]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = _community(session, owner, rows)
        event = create_event(
            session, owner, "Salon", on=dt.date(2026, 12, 3), tables=[4, 4], rounds=2
        )
        with pytest.raises(InputError, match="nobody to seat"):
            seat_event(session, owner, event.id, **FAST)
        with pytest.raises(NotFoundError, match="no event with id 999"):
            seat_event(session, owner, 999, **FAST)
        for person in people[:5]:
            check_in(session, owner, event, person)
        with pytest.raises(InputError, match=r"round 1 of event \d+ has no seating yet"):
            seat_event(session, owner, event.id, from_round=2, **FAST)
        with pytest.raises(InputError, match="has rounds 1-2, got 3"):
            seat_event(session, owner, event.id, from_round=3, **FAST)
        seat_event(session, owner, event.id, **FAST)
        before = _seats(session, event.id)
        check_in(session, owner, event, people[5])
        outcome = seat_event(session, owner, event.id, from_round=1, **FAST)
        after = _seats(session, event.id)
    assert outcome.n_newcomers == 1
    assert {p: after[1][p] for p in before[1]} == before[1]
    assert sorted(Counter(after[1].values()).values()) == [3, 3]  # the newcomer evens the tables
    assert len(after[2]) == 6


def test_member_import_is_all_or_nothing_and_names_the_bad_line(
    store: Store, tmp_path: Path
) -> None:
    good = tmp_path / "members.csv"
    good.write_text(
        "Name,Email,Organization,Role,Industry,Discipline,Interests,Expertise,Intent,Country\n"
        "Ana López,ana@biolab.org,Biolab,CSO,biotech,biology,urban farming;jazz,CRISPR,learn,ES\n"
        'Raj Patel,raj@paylane.io,Paylane,CEO,fintech,engineering,"jazz, sailing",payments,'
        "PITCH,IN\n"
        "Mia Chen,,Port of Rotterdam,planner,logistics,operations,,,,NL\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name;email;intent\nTom Berg;tom@x.org;learn\nZoe Kim;zoe@x.org;networking\n",
        encoding="utf-8",
    )
    with store.transaction() as session:
        owner = owner_account(session, "me")
        create_community(session, owner, "Salon")
    with pytest.raises(InputError) as error:
        with store.transaction() as session:
            import_members(session, owner_account(session, "me"), "Salon", bad)
    assert (error.value.line, error.value.field) == (3, "intent")
    assert str(error.value).startswith(str(bad))
    assert "unknown intent 'networking'" in str(error.value)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        assert get_community(session, owner, "Salon").members == []
        report = import_members(session, owner, "Salon", good)
        assert (report.people_created, report.members_added) == (3, 3)
        again = import_members(session, owner, "Salon", good)
        assert (again.people_created, again.members_added, again.members_updated) == (0, 0, 3)
        members = {m.person.name: m for m in get_community(session, owner, "Salon").members}
        assert {k: m.intent for k, m in members.items()} == {
            "Ana López": "learn",
            "Raj Patel": "pitch",
            "Mia Chen": "both",
        }
        ana = members["Ana López"].person
        assert ana.attribute_map() == {"country": "ES"}
        assert ana.tag_set("interest") == ["jazz", "urban farming"]
        assert members["Raj Patel"].person.tag_set("expertise") == ["payments"]


def test_member_add_creates_only_when_asked_updates_and_refuses_unknown_ids(
    store: Store,
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        create_community(session, owner, "Salon")
        # the issue: a typo silently became a member
        with pytest.raises(
            NotFoundError, match=r"no person called 'Nobody Here'; .* create them as a new person"
        ):
            add_member(session, owner, "Salon", "Nobody Here")
        assert get_community(session, owner, "Salon").members == []
        member, created = add_member(
            session, owner, "Salon", "Ana López", intent="learn", create=True,
            fields=PersonFields(organization="Biolab", industry="biotech"),
        )  # fmt: skip
        assert created
        assert member.person.industry == "biotech"
        member, created = add_member(
            session, owner, "Salon", "ana lopez", intent="pitch",
            fields=PersonFields(interests=["jazz"]),
        )  # fmt: skip
        assert not created
        assert member.intent == "pitch"
        assert member.person.tag_set("interest") == ["jazz"]
        assert len(get_community(session, owner, "Salon").members) == 1
        with pytest.raises(NotFoundError, match="no person with id 4242"):
            add_member(session, owner, "Salon", "4242", create=True)
        with pytest.raises(InputError, match="unknown intent 'sell'"):
            add_member(session, owner, "Salon", "Raj", intent="sell")


def test_a_walk_in_is_created_at_the_door_only_when_the_organiser_says_so(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        _community(session, owner, [{"name": "Ana"}])
        event = create_event(session, owner, "Salon", on=dt.date(2026, 12, 3), tables=[4])
        with pytest.raises(NotFoundError, match=r"'Walk In Wanda'; .* as a walk-in"):
            check_in(session, owner, event.id, "Walk In Wanda")
        with pytest.raises(NotFoundError, match="no person with id 4242"):
            check_in(session, owner, event.id, "4242", walk_in=True)
        row = check_in(session, owner, event.id, "Walk In Wanda", walk_in=True)
        again = check_in(session, owner, event.id, "walk in wanda", walk_in=True)
        wanda = get_person(session, owner, "Walk In Wanda")
        members = {m.person_id for m in get_community(session, owner, "Salon").members}
    assert row.person_id == again.person_id == wanda.id  # created once
    assert row.checked_in_at is not None
    assert wanda.id in members


def test_feedback_becomes_feedback_rows_and_stated_ties(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana, raj, mia, _ = _community(
            session, owner, [{"name": n} for n in ("Ana", "Raj", "Mia", "Tom")]
        )
        event = create_event(
            session, owner, "Salon", on=dt.date(2026, 12, 3), tables=[2, 2], rounds=2
        )
        for person in (ana, raj, mia):
            check_in(session, owner, event, person)
        record_seating(session, event, 1, [[ana, raj], [mia]])
        record_seating(session, event, 2, [[ana, raj], [mia]])
        # the issue: "learned from" someone the person never sat with was accepted
        with pytest.raises(InputError, match=r"Ana did not sit with Mia \(id \d+\) at event"):
            record_feedback(session, owner, event.id, "Ana", learned_from=["Mia"])
        n = record_feedback(
            session, owner, event.id, "Ana", learned_from=["Raj"], follow_up=["Mia", "Raj"]
        )
        assert n == 3
        assert record_feedback(session, owner, event.id, "Ana", learned_from=["Raj"]) == 0
        with pytest.raises(InputError, match=r"Tom \(id \d+\) was not at event"):
            record_feedback(session, owner, event.id, "Ana", follow_up=["Tom"])
        record_feedback(session, owner, event.id, "Mia", follow_up=["Ana"])
        kinds = Counter(session.scalars(select(EventFeedback.kind)))
        assert kinds == {"learned_from": 1, "follow_up": 3}
        feedback = event_summary(session, owner, event.id).feedback
        assert (feedback.n_people, feedback.n_learned_from, feedback.n_follow_ups) == (2, 1, 3)
        assert feedback.most_learned_from == (("Raj", 1),)
        pairs = {(t.person_a_id, t.person_b_id) for t in session.scalars(select(Tie))}
        assert {tuple(sorted((ana.id, raj.id))), tuple(sorted((ana.id, mia.id)))} <= pairs


def test_summary_counts_new_cross_industry_pairs_and_repeats_by_hand(store: Store) -> None:
    rows = [
        {"name": "Ana", "industry": "biotech", "intent": "learn"},
        {"name": "Raj", "industry": "fintech", "intent": "pitch"},
        {"name": "Mia", "industry": "biotech", "intent": "pitch"},
        {"name": "Tom", "industry": "media", "intent": "both"},
    ]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana, raj, mia, tom = _community(session, owner, rows)
        community = get_community(session, owner, "Salon")
        first = create_event(
            session, owner, community, title="w1", on=dt.date(2026, 11, 26), tables=[2, 2]
        )
        second = create_event(
            session, owner, community, title="w2", on=dt.date(2026, 12, 3), tables=[2, 2], rounds=2
        )
        for event in (first, second):
            for person in (ana, raj, mia, tom):
                check_in(session, owner, event, person)
        record_seating(session, first, 1, [[ana, raj], [mia, tom]])
        record_seating(session, second, 1, [[ana, raj], [mia, tom]])
        record_seating(session, second, 2, [[ana, mia], [raj, tom]])
        summary = event_summary(session, owner, second.id)
        view = seating_view(session, owner, second.id, 2)
    # pairs: Ana–Raj (met), Mia–Tom (met), Ana–Mia (new, same industry), Raj–Tom (new, cross)
    assert (summary.n_pairs, summary.n_new_encounters, summary.n_new_cross_industry) == (4, 2, 1)
    assert summary.repeat_rate == 0.5
    assert summary.n_repeated_within_event == 0
    round_one = [t for t in summary.tables if t.round == 1]
    assert [(t.n_learn, t.n_pitch, t.n_both) for t in round_one] == [(1, 1, 0), (0, 1, 1)]
    assert [t.round for t in view.tables] == [2, 2]
    assert [[p.name for p in t.people] for t in view.tables] == [["Ana", "Mia"], ["Raj", "Tom"]]


def test_diversity_follows_the_documented_weights() -> None:
    ana = Profile(1, "Ana", "pitch", "Biolab", "biotech", "biology", expertise=("CRISPR",))
    raj = Profile(2, "Raj", "pitch", "Paylane", "fintech", "engineering", expertise=("payments",))
    mia = Profile(3, "Mia", "learn", "Paylane", "fintech", "engineering", expertise=("payments",))
    zoe = Profile(4, "Zoe", "learn")  # nothing known but intent
    d = pairwise_diversity([ana, raj, mia, zoe])
    # industry .3 + discipline .2 + org .1 + attributes unknown .05 + expertise .1 + intent 0
    assert d[0, 1] == pytest.approx(0.75)
    # same everything but intent (pitch–learn: 1 − 1·0 = 1 → .2), attributes unknown .05
    assert d[1, 2] == pytest.approx(0.25)
    # unknowns score ½: .15 + .1 + .05 + .05 + .05, intent learn–learn .2
    assert d[2, 3] == pytest.approx(0.6)
    assert np.allclose(d, d.T)
    assert np.all(np.diag(d) == 0)


def test_table_sizes_parse_and_bad_sizes_name_the_table() -> None:
    assert parse_table_sizes("6,6, 6,5") == [6, 6, 6, 5]
    assert parse_table_sizes("4-6,5") == [(4, 6), 5]
    with pytest.raises(InputError, match="table 2: expected a size N or MIN-MAX, got 'six'"):
        parse_table_sizes("6,six")
    with pytest.raises(InputError, match="table 1: expected MIN ≤ MAX"):
        parse_table_sizes("6-4")
    with pytest.raises(InputError, match="table 1: expected a size ≥ 1, got 0"):
        parse_table_sizes("0")


def test_table_cards_escape_what_people_typed() -> None:
    odd = Profile(1, "<script>alert(1)</script>", "pitch", industry="a&b", expertise=("<i>x</i>",))
    table = TableView(1, 1, None, (odd,), table_conversation_starter([odd]))
    view = SeatingView(7, "Supper <3", dt.date(2026, 12, 3), None, "Salon", (table,))
    page = table_cards_html(view)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Supper &lt;3" in page
    assert page.count('class="card"') == 1
    assert "<a " not in page, "a printed card has nothing to link to"
