"""A page of people at a time (the web's list), checked against list_people and by hand."""

from __future__ import annotations

import pytest
from tests.services.builders import build_rich_network

from salon.db.store import Store
from salon.errors import DuplicateError, InputError, NotFoundError
from salon.services import person_stream
from salon.services.accounts import owner_account
from salon.services.people import (
    PersonFields,
    add_person,
    get_person,
    list_people,
    people_page_dicts,
    person_dict,
    update_person,
)
from salon.services.people_listing import (
    PAGE_SIZE,
    PeopleFilter,
    list_people_page,
    people_matching,
)
from salon.services.person_history import person_history

INDUSTRIES = ("Healthcare", "Energy", "Music")


def _fill(store: Store, n: int) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        for i in range(n):
            add_person(
                session,
                owner,
                PersonFields(
                    name=f"Person {i:03d}",
                    organization=f"Org {i % 7}",
                    industry=INDUSTRIES[i % 3],
                    attributes={"country": "Peru" if i % 4 == 0 else "Chile"},
                    tags=["mentor"] if i % 5 == 0 else [],
                ),
            )


def test_pages_of_fifty_cover_everyone_once_in_list_people_order(store: Store) -> None:
    _fill(store, 2 * PAGE_SIZE + 7)
    with store.reading() as session:
        owner = owner_account(session, "me")
        expected = [p.id for p in list_people(session, owner)]
        pages = [list_people_page(session, owner, PeopleFilter(), page=n) for n in (1, 2, 3)]
        past_the_end = list_people_page(session, owner, PeopleFilter(), page=9)
    assert [len(p.rows) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 7]
    assert [row.id for p in pages for row in p.rows] == expected
    assert {p.n_total for p in pages} == {len(expected)}
    assert {p.n_pages for p in pages} == {3}
    assert past_the_end.page == 3  # the last page, not an empty one
    assert past_the_end.industries == tuple(sorted(INDUSTRIES))


def test_filters_match_a_reference_filter_over_every_person(store: Store) -> None:
    _fill(store, 60)
    with store.reading() as session:
        owner = owner_account(session, "me")
        everyone = [person_dict(p) for p in list_people(session, owner)]
        chosen = PeopleFilter(industry="energy", tag="MENTOR", attribute="country = peru")
        found = list_people_page(session, owner, chosen)
        by_search = list_people_page(session, owner, PeopleFilter(search="org 3"))
    expected = [
        p["id"]
        for p in everyone
        if p["industry"] == "Energy"
        and "mentor" in p["tags"]
        and p["attributes"]["country"] == "Peru"
    ]
    assert expected, "the filter should keep someone"
    assert [row.id for row in found.rows] == expected
    assert [row.id for row in by_search.rows] == [
        p["id"] for p in everyone if p["organization"] == "Org 3"
    ]


@pytest.mark.parametrize("bad", ["country", "=Peru", "country="])
def test_an_attribute_filter_that_is_not_key_value_is_refused(store: Store, bad: str) -> None:
    with store.reading() as session, pytest.raises(InputError, match="key=value"):
        list_people_page(session, owner_account(session, "me"), PeopleFilter(attribute=bad))


def test_people_matching_offers_a_few_names_and_never_the_user(store: Store) -> None:
    _fill(store, 30)
    with store.reading() as session:
        owner = owner_account(session, "me")
        offered = people_matching(session, owner, "person 01", limit=5)
        assert people_matching(session, owner, "me") == []
        assert people_matching(session, owner, "  ") == []
    assert [c.name for c in offered] == [f"Person {i:03d}" for i in range(10, 15)]


def test_person_history_gathers_every_record_that_involves_the_person(store: Store) -> None:
    with store.transaction() as session:
        network = build_rich_network(session, owner_account(session, "me"))
    with store.reading() as session:
        owner = owner_account(session, "me")
        ana = person_history(session, owner, network.people["ana"])
        lucia = person_history(session, owner, network.people["lucia"])
        soren = person_history(session, owner, network.people["soren"])
        emily = person_history(session, owner, network.people["emily"])
        with pytest.raises(NotFoundError):
            person_history(session, owner, 987654)
    assert [c.occurred_on.isoformat() for c in ana.conversations] == ["2025-06-03"]
    talk = ana.conversations[0]
    assert talk.challenged
    assert talk.depth == 4
    assert "Pit-stop choreography shortens theatre changeovers" in talk.insights
    assert {name for _, name in ana.others(talk)} == {"Søren Kierkegaard-Holm", "Kwame Mensah"}
    first = ana.ties_seen[0]
    assert first.other_is_me  # the user's own tie comes first
    assert first.tie.how_met == "Health Hackathon 2024"
    assert {e.kind for e in first.tie.evidence} == {"stated", "shared_conversation"}
    assert [(f.idea_title, f.stance) for f in ana.feedback] == [
        ("Pit-stop theatre turnover", "challenging")
    ]
    assert [(i.title, i.status) for i in ana.ideas] == [("Pit-stop theatre turnover", "open")]
    assert [m.title for m in ana.events] == ["Dinner #12"]
    assert [(m.name, m.intent) for m in ana.meetups] == [("Thursday Salon", "learn")]
    assert [lesson.kind for lesson in lucia.lessons] == ["failure"]
    assert [n.text for n in soren.notes] == [
        "Aerospace coatings transferred well to turbine blades."
    ]
    inferred = [e for t in emily.ties for e in t.evidence]
    assert [(e.kind, e.inferred) for e in inferred] == [("same_organization", True)]
    assert not ana.is_empty


def test_update_person_replaces_lists_and_clears_blanks(store: Store) -> None:
    with store.transaction() as session:
        network = build_rich_network(session, owner_account(session, "me"))
    ana_id = network.people["ana"]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        update_person(
            session,
            owner,
            ana_id,
            PersonFields(
                name="Ana López García",
                emails=["ana@new.example", "ana.lopez@clinic.example"],
                organization="Hospital Clínic",
                attributes={"country": "Spain"},
                expertise=["clinical trials"],
                tags=["Health"],
            ),
        )
    with store.reading() as session:
        ana = person_dict(get_person(session, owner_account(session, "me"), ana_id))
    assert ana["name"] == "Ana López García"
    assert ana["emails"] == ["ana@new.example", "ana.lopez@clinic.example"]
    assert ana["organization"] == "Hospital Clínic"
    assert ana["role"] is None
    assert ana["url"] is None
    assert ana["phone"] is None
    assert ana["attributes"] == {"country": "Spain"}
    assert (ana["expertise"], ana["interests"], ana["tags"]) == (
        ["clinical trials"],
        [],
        ["health"],
    )


def test_update_person_refuses_another_persons_email_and_keeps_everything(store: Store) -> None:
    with store.transaction() as session:
        network = build_rich_network(session, owner_account(session, "me"))
    with store.reading() as session:
        before = person_dict(
            get_person(session, owner_account(session, "me"), network.people["ana"])
        )
    with pytest.raises(DuplicateError, match="already belongs to Rajesh Patel"):
        with store.transaction() as session:
            update_person(
                session,
                owner_account(session, "me"),
                network.people["ana"],
                PersonFields(name="Ana", emails=["raj.patel@example.com"]),
            )
    with store.reading() as session:
        after = person_dict(
            get_person(session, owner_account(session, "me"), network.people["ana"])
        )
    assert after == before


@pytest.mark.parametrize(
    ("search", "industry", "limit", "offset"),
    [
        (None, None, None, 0),
        ("org 3", None, None, 0),
        (None, "energy", 5, 3),
        ("person", None, 7, 40),
    ],
)
def test_streamed_page_dicts_are_person_dict_of_list_people(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    search: str | None,
    industry: str | None,
    limit: int | None,
    offset: int,
) -> None:
    # chunks of 2 rows, so the merged side tables span several reads
    monkeypatch.setattr(person_stream, "STREAM_CHUNK", 2)
    _fill(store, 60)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        first = get_person(session, owner, "Person 003")
        update_person(
            session,
            owner,
            first.id,
            PersonFields(
                name=first.name,
                emails=["b@x.example", "a@x.example"],
                industry="Energy",
                expertise=["zeta", "Alpha"],
                interests=["music"],
                attributes={"country": "Peru", "city": "Lima"},
            ),
        )
    with store.reading() as session:
        owner = owner_account(session, "me")
        people = list_people(session, owner, search=search, industry=industry)
        expected = [person_dict(p) for p in people][offset:][:limit]
        streamed = list(
            people_page_dicts(
                session, owner, search=search, industry=industry, limit=limit, offset=offset
            )
        )
    assert expected, "every case lists someone"
    assert streamed == expected
