"""Finding and merging duplicate people: groups, and merges that lose nothing.

A merge is checked against an oracle: every fact that names the merged-away
person (ties and their evidence, participations, feedback, lessons, notes,
memberships, attendance, seats, encounters, event feedback) is relabelled to
the kept person by hand, and the store after the merge must hold exactly that.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.services.builders import build_rich_network

from salon.db.models import (
    Account,
    Attendance,
    Encounter,
    EventFeedback,
    EventTable,
    Feedback,
    InteractionParticipant,
    Lesson,
    Member,
    Note,
    Person,
    Seat,
    SeatingPair,
    Tie,
)
from salon.db.store import Store
from salon.errors import InputError, NotFoundError
from salon.services.accounts import me, owner_account
from salon.services.archive import export_archive
from salon.services.duplicates import find_duplicates, merge_people
from salon.services.ideas import add_feedback, get_idea
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.lessons import add_lesson
from salon.services.meetup import (
    add_member,
    create_community,
    create_event,
    get_community,
    get_event,
    rsvp,
)
from salon.services.meetup.pairs import add_seating_pair
from salon.services.merge_history import list_merges, unmerge
from salon.services.people import PersonFields, add_person, get_person, list_people
from salon.services.ties import ensure_tie, ties_of


def _add(session: Session, owner: Account, **fields: Any) -> Person:
    return add_person(session, owner, PersonFields(**fields), check_duplicates=False)


def test_find_duplicates_groups_same_name_and_organisation(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = _add(
            session,
            owner,
            name="Ana López",
            organization="Hospital Clínic de Barcelona",
            url="https://www.linkedin.com/in/ana-lopez-4b2a1c/",
        )
        # same profile under another URL spelling: the database refuses it (migration
        # 0005), so a certain group only exists in older stores (tests/db/test_concurrent_writers)
        # same name (accents, title) and organisation (case): likely
        ana_org = _add(
            session, owner, name="Dr. Ana Lopez", organization="hospital clínic de barcelona"
        )
        # the same name elsewhere, and two people with a name and nothing else: not grouped
        _add(session, owner, name="Ana López", organization="Universidad de Sevilla")
        _add(session, owner, name="Maria Garcia")
        _add(session, owner, name="María García")
        ids = ana.id, ana_org.id
    with store.reading() as session:
        groups = find_duplicates(session, owner_account(session, "me"))
    found = {(tuple(p.id for p in g.people), g.certain) for g in groups}
    assert found == {((ids[0], ids[1]), False)}
    assert [g.reason for g in groups] == ["same name; same organisation"]


def test_find_duplicates_on_imported_overlap_finds_nothing_once_imports_matched(
    store: Store,
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        build_rich_network(session, owner)
    with store.reading() as session:
        assert find_duplicates(session, owner_account(session, "me")) == []


def _facts(session: Session, owner: Account) -> dict[str, Any]:
    """Everything that names a person, as plain values (person ids included)."""
    ties = session.scalars(select(Tie).where(Tie.owner_id == owner.id)).all()
    return {
        "ties": {
            frozenset((t.person_a_id, t.person_b_id)): {
                "evidence": {(e.kind, e.source_ref) for e in t.evidence},
                "support": set(t.support),
                "since": t.since,
                "introduced_by": t.introduced_by_id,
            }
            for t in ties
        },
        "participants": set(
            session.execute(
                select(InteractionParticipant.interaction_id, InteractionParticipant.person_id)
            )
        ),
        "feedback": set(
            session.execute(select(Feedback.version_id, Feedback.person_id, Feedback.text))
        ),
        "lessons": set(session.execute(select(Lesson.title, Lesson.person_id))),
        "notes": set(session.execute(select(Note.ref, Note.person_id))),
        "members": {
            (c, p): intent
            for c, p, intent in session.execute(
                select(Member.community_id, Member.person_id, Member.intent)
            )
        },
        "attendance": {
            (e, p): rsvp
            for e, p, rsvp in session.execute(
                select(Attendance.event_id, Attendance.person_id, Attendance.rsvp)
            )
        },
        "seats": {
            (e, r, p): table
            for e, r, p, table in session.execute(
                select(Seat.event_id, Seat.round, Seat.person_id, Seat.table_number)
            )
        },
        "hosts": set(session.execute(select(EventTable.id, EventTable.host_id))),
        "encounters": {
            (e, r, frozenset((a, b)))
            for e, r, a, b in session.execute(
                select(
                    Encounter.event_id,
                    Encounter.round,
                    Encounter.person_a_id,
                    Encounter.person_b_id,
                )
            )
        },
        "event_feedback": set(
            session.execute(
                select(
                    EventFeedback.event_id,
                    EventFeedback.person_id,
                    EventFeedback.about_id,
                    EventFeedback.kind,
                )
            )
        ),
        "seating_rules": {
            (c, frozenset((a, b))): kind
            for c, a, b, kind in session.execute(
                select(
                    SeatingPair.community_id,
                    SeatingPair.person_a_id,
                    SeatingPair.person_b_id,
                    SeatingPair.kind,
                )
            )
        },
    }


def _relabel(facts: dict[str, Any], old: int, new: int) -> dict[str, Any]:
    """What the facts must become when ``old`` is merged into ``new`` (kept values win)."""

    def r(value: Any) -> Any:
        return new if value == old else value

    ties: dict[frozenset[int], dict[str, Any]] = {}
    # the kept person's own ties first, so their values win where both have one
    for pair, tie in sorted(facts["ties"].items(), key=lambda item: old in item[0]):
        ends = frozenset(r(x) for x in pair)
        if len(ends) < 2:
            continue  # a tie between the two records of one person disappears
        if ends not in ties:
            ties[ends] = {**tie, "introduced_by": r(tie["introduced_by"])}
            continue
        into = ties[ends]
        into["evidence"] = into["evidence"] | tie["evidence"]
        into["support"] = into["support"] | tie["support"]
        if tie["since"] is not None and (into["since"] is None or tie["since"] < into["since"]):
            into["since"] = tie["since"]
        into["introduced_by"] = into["introduced_by"] or r(tie["introduced_by"])

    def first_wins(mapping: dict[Any, Any], key_of: Any) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, value in sorted(mapping.items(), key=lambda item: old in item[0]):
            out.setdefault(key_of(key), value)
        return out

    return {
        "ties": ties,
        "participants": {(i, r(p)) for i, p in facts["participants"]},
        "feedback": {(v, r(p), t) for v, p, t in facts["feedback"]},
        "lessons": {(t, r(p)) for t, p in facts["lessons"]},
        "notes": {(n, r(p)) for n, p in facts["notes"]},
        "members": first_wins(facts["members"], lambda k: (k[0], r(k[1]))),
        "attendance": first_wins(facts["attendance"], lambda k: (k[0], r(k[1]))),
        "seats": first_wins(facts["seats"], lambda k: (k[0], k[1], r(k[2]))),
        "hosts": {(t, r(h)) for t, h in facts["hosts"]},
        "encounters": {
            (e, rd, frozenset(r(x) for x in pair))
            for e, rd, pair in facts["encounters"]
            if len({r(x) for x in pair}) == 2
        },
        "event_feedback": {
            (e, r(p), r(a), k) for e, p, a, k in facts["event_feedback"] if r(p) != r(a)
        },
        "seating_rules": {
            key: kind
            for key, kind in first_wins(
                facts["seating_rules"], lambda k: (k[0], frozenset(r(x) for x in k[1]))
            ).items()
            if len(key[1]) == 2
        },
    }


def _add_rich_duplicate_of_ana(session: Session, owner: Account, ids: dict[str, int]) -> Person:
    """A second record of Ana, as a vCard import and a meetup would have made it."""
    p = {key: get_person(session, owner, pid) for key, pid in ids.items()}
    dup = _add(
        session,
        owner,
        name="Dr. Ana Lopez",
        emails=["ana.lopez.personal@example.org"],
        organization="Hospital Clínic de Barcelona",
        role="Innovation Manager",  # conflicts with "Head of Innovation"
        phone="+34 93 227 54 00",  # conflicts
        bio=None,
        attributes={"country": "ES", "city": "Barcelona"},  # country conflicts
        expertise=["Clinical Trials", "lean healthcare"],  # one the same up to case
        tags=["health", "vcard"],
    )
    # ties: a new counterpart, a counterpart Ana already has (evidence combines), the user
    ensure_tie(session, owner, dup, p["emily"], evidence="stated", source_ref="import:vcard")
    ensure_tie(
        session,
        owner,
        dup,
        p["lucia"],
        evidence="stated",
        source_ref="import:vcard",
        since=dt.date(2023, 5, 1),
        support=["resources"],
    )
    ensure_tie(session, owner, dup, p["ana"], evidence="same_organization", source_ref="inferred")
    # conversations: one with Mei, and one both records were logged in
    log_interaction(
        session,
        owner,
        InteractionFields(
            occurred_on=dt.date(2025, 11, 4), participants=[dup, p["mei"]], purposes=["learn"]
        ),
    )
    log_interaction(
        session,
        owner,
        InteractionFields(
            occurred_on=dt.date(2025, 11, 5), participants=[dup, p["ana"]], purposes=["support"]
        ),
    )
    idea = get_idea(session, owner, "Pit-stop theatre turnover")
    add_feedback(session, idea, dup, "Try it on elective surgery first.", stance="neutral")
    add_lesson(session, owner, "Pilot where the stakes are low", person=dup, kind="success")
    session.add(
        Note(owner_id=owner.id, ref="n-001", person_id=dup.id, text="Pit-stop choreography")
    )
    community = get_community(session, owner, "Thursday Salon")
    add_member(session, owner, community, dup, intent="pitch")  # Ana is a member already
    other = create_community(session, owner, "Barcelona Health Hack")
    add_member(session, owner, other, dup, intent="learn")
    event = get_event(session, owner, community.events[0].id)
    rsvp(session, owner, event, dup, "maybe")  # Ana said yes
    session.add(Seat(event_id=event.id, round=1, table_number=2, person_id=dup.id))
    event.tables[1].host_id = dup.id
    a, b = sorted((dup.id, p["mei"].id))
    session.add(
        Encounter(
            community_id=community.id,
            event_id=event.id,
            round=1,
            person_a_id=a,
            person_b_id=b,
            met_on=event.starts_on,
        )
    )
    a, b = sorted((dup.id, p["ana"].id))
    session.add(
        Encounter(
            community_id=community.id,
            event_id=event.id,
            round=2,
            person_a_id=a,
            person_b_id=b,
            met_on=event.starts_on,
        )
    )
    session.add(
        EventFeedback(event_id=event.id, person_id=dup.id, about_id=p["raj"].id, kind="follow_up")
    )
    session.add(
        EventFeedback(event_id=event.id, person_id=p["mei"].id, about_id=dup.id, kind="follow_up")
    )
    # seating rules: one that moves, one that loses to Ana's own, one between the two records
    rule = str(community.id)
    add_seating_pair(session, owner, rule, "apart", str(dup.id), str(p["raj"].id))
    add_seating_pair(session, owner, rule, "apart", str(p["ana"].id), str(p["mei"].id))
    add_seating_pair(session, owner, rule, "together", str(dup.id), str(p["mei"].id))
    add_seating_pair(session, owner, rule, "apart", str(dup.id), str(p["ana"].id))
    event2 = create_event(
        session, owner, other, title="Hack night", on=dt.date(2025, 12, 1), tables=[4]
    )
    session.add(Seat(event_id=event2.id, round=1, table_number=1, person_id=dup.id))
    session.flush()
    return dup


def test_merge_people_loses_no_field_email_tag_tie_or_record(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        network = build_rich_network(session, owner)
        dup = _add_rich_duplicate_of_ana(session, owner, network.people)
        ana_id, dup_id = network.people["ana"], dup.id
        expected = _relabel(_facts(session, owner), dup_id, ana_id)
        n_people = len(list_people(session, owner, include_me=True))

    with store.transaction() as session:
        owner = owner_account(session, "me")
        merged = merge_people(
            session, owner, ana_id, "ana.lopez.personal@example.org", prefer="keep"
        )
        assert merged.id == ana_id

    with store.reading() as session:
        owner = owner_account(session, "me")
        assert _facts(session, owner) == expected
        assert len(list_people(session, owner, include_me=True)) == n_people - 1
        with pytest.raises(NotFoundError):
            get_person(session, owner, dup_id)
        ana = get_person(session, owner, ana_id)
        # fields: Ana's values kept, the duplicate's conflicting ones set aside
        assert (ana.name, ana.role, ana.phone) == (
            "Ana López",
            "Head of Innovation",
            "+34 600 123 456",
        )
        attributes = ana.attribute_map()
        assert attributes["merged.role"] == "Innovation Manager"
        assert attributes["merged.phone"] == "+34 93 227 54 00"
        assert attributes["country"] == "Spain"
        assert attributes["merged.country"] == "ES"
        assert attributes["city"] == "Barcelona"
        assert "merged.name" not in attributes  # "Dr. Ana Lopez" is the same name
        assert [e.email for e in ana.emails] == [
            "ana.lopez@clinic.example",
            "ana@old-mail.example",
            "ana.lopez.personal@example.org",
        ]
        assert ana.tag_set("expertise") == [
            "clinical trials",
            "lean healthcare",
            "surgery scheduling",
        ]
        assert ana.tag_set("tag") == ["health", "meetup", "vcard"]
        # the merged record still exports (nothing dangles)
        document = export_archive(session, owner)
    assert len(document["people"]) == n_people - 1


def test_merged_scalar_field_fills_a_blank_and_a_different_name_is_kept_aside(
    store: Store,
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        keep = _add(session, owner, name="Seun Adebayo", organization="Flutterwave")
        other = _add(
            session,
            owner,
            name="Olúwaseun Adébáyọ̀",
            url="https://www.linkedin.com/in/seun-adebayo",
            organization="Flutterwave",
            industry="Fintech",
        )
        merged = merge_people(session, owner, keep.id, other.id, prefer="keep")
        assert merged.url == "https://linkedin.com/in/seun-adebayo"
        assert merged.industry == "Fintech"
        assert merged.attribute_map() == {"merged.name": "Olúwaseun Adébáyọ̀"}


def test_merging_a_person_into_itself_is_refused(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = _add(session, owner, name="Ana López", emails=["ana@example.org"])
    with pytest.raises(InputError, match=r"cannot merge Ana López .* with itself"):
        with store.transaction() as session:
            merge_people(session, owner_account(session, "me"), ana.id, "ana@example.org")
    with store.reading() as session:
        assert [p.name for p in list_people(session, owner_account(session, "me"))] == ["Ana López"]


def test_merging_the_user_keeps_the_user(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        also_me = _add(session, owner, name="Me at work", emails=["me@work.example"])
        contact = _add(session, owner, name="Raj")
        ensure_tie(session, owner, also_me, contact, evidence="stated")
        user_id = me(session, owner).id
    with store.transaction() as session:
        owner = owner_account(session, "me")
        assert me(session, owner).id == user_id
        merge_people(session, owner, also_me.id, user_id, prefer="keep")
        # the same session goes on knowing who the user is
        assert me(session, owner).id == also_me.id
    with store.reading() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        assert user.id == also_me.id
        assert user.is_me


def _people_rows(session: Session, owner: Account) -> list[dict[str, Any]]:
    """Every person with emails, attributes, tags and inferred marks, as plain values."""
    return [
        {
            **{k: v for k, v in person_row(p).items() if k != "updated_at"},
            "emails": [(e.id, e.email, e.position) for e in p.emails],
            "attributes": p.attribute_map(),
            "tags": sorted((t.kind, t.tag) for t in p.tags),
            "inferred": sorted((i.field, i.confidence) for i in p.inferences),
        }
        for p in list_people(session, owner, include_me=True)
    ]


def person_row(person: Person) -> dict[str, Any]:
    return {c.key: getattr(person, c.key) for c in Person.__table__.columns}


def test_unmerge_gives_back_exactly_what_was_there(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        network = build_rich_network(session, owner)
        dup = _add_rich_duplicate_of_ana(session, owner, network.people)
        ana_id, dup_id = network.people["ana"], dup.id
    with store.reading() as session:  # as stored, as the reads after the undo see it
        owner = owner_account(session, "me")
        facts, people = _facts(session, owner), _people_rows(session, owner)
        archive = export_archive(session, owner)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        merge_people(session, owner, ana_id, dup_id, prefer="other")
        (merge,) = list_merges(session, owner)
        assert (merge.kept_id, merge.merged_id) == (ana_id, dup_id)
        merge_id = merge.id
    with store.transaction() as session:
        owner = owner_account(session, "me")
        kept, back = unmerge(session, owner, merge_id)
        assert (kept.id, back.id) == (ana_id, dup_id)
    with store.reading() as session:
        owner = owner_account(session, "me")
        assert _facts(session, owner) == facts
        assert _people_rows(session, owner) == people
        assert export_archive(session, owner) == archive
    with pytest.raises(InputError, match=f"merge {merge_id} was undone"):
        with store.transaction() as session:
            unmerge(session, owner_account(session, "me"), merge_id)
    with pytest.raises(NotFoundError, match="no merge with id 99"):
        with store.transaction() as session:
            unmerge(session, owner_account(session, "me"), 99)


def test_unmerge_keeps_what_changed_since_the_merge(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        keep = _add(session, owner, name="Raj Patel", organization="Northwind Logistics")
        other = _add(session, owner, name="Raj Patel", organization="Northwind", role="COO")
        friend = _add(session, owner, name="Mia Chen")
        ensure_tie(session, owner, other, friend, evidence="stated")
        ids = keep.id, other.id, friend.id
    with store.transaction() as session:
        owner = owner_account(session, "me")
        merge_people(session, owner, ids[0], ids[1])
        merged = get_person(session, owner, ids[0])
        assert merged.role == "COO"
        merged.bio = "Runs the Rotterdam hub."  # an edit after the merge
        later = _add(session, owner, name="Tom Berg")
        ensure_tie(session, owner, merged, later, evidence="stated")
        merge_id = list_merges(session, owner)[0].id
    with store.transaction() as session:
        owner = owner_account(session, "me")
        kept, back = unmerge(session, owner, merge_id)
        assert (kept.organization, kept.role, kept.bio) == (
            "Northwind Logistics",
            None,
            "Runs the Rotterdam hub.",
        )
        assert kept.attribute_map() == {}
        assert (back.id, back.organization, back.role) == (ids[1], "Northwind", "COO")
        ties = {frozenset((t.person_a_id, t.person_b_id)) for t in ties_of(session, owner)}
        assert frozenset((ids[1], ids[2])) in ties  # back with the one who had it
        assert frozenset((ids[0], ids[2])) not in ties
        assert any(later_id in pair for pair in ties for later_id in [later.id])
