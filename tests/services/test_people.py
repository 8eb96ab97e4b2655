"""People services on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from tests.services.builders import build_rich_network

from salon.db.store import Store
from salon.errors import DuplicateError, InputError, NotFoundError
from salon.services import people
from salon.services.accounts import owner_account
from salon.services.people import (
    PersonFields,
    add_person,
    get_person,
    list_people,
    person_dict,
    remove_person,
)


def test_add_then_find_person_by_email_url_and_name(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = add_person(
            session,
            owner,
            PersonFields(
                name="Ana López",
                emails=["Ana@Example.org"],
                url="http://www.linkedin.com/in/ana-lopez/",
                organization="Biolab",
                expertise=["CRISPR"],
                attributes={"country": "ES"},
            ),
        )
    with store.reading() as session:
        owner = owner_account(session, "me")
        assert get_person(session, owner, "ana@example.org").id == ana.id
        assert get_person(session, owner, "https://linkedin.com/in/ana-lopez").id == ana.id
        assert get_person(session, owner, "ana lopez").id == ana.id
        found = get_person(session, owner, str(ana.id))
        assert found.attribute_map() == {"country": "ES"}
        assert found.tag_set("expertise") == ["CRISPR"]
        assert [p.name for p in list_people(session, owner, search="bio")] == ["Ana López"]


def test_duplicate_email_is_refused_and_nothing_is_written(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_person(session, owner, PersonFields(name="Ana", emails=["ana@example.org"]))
    with pytest.raises(DuplicateError, match=r"ana@example\.org already belongs to Ana"):
        with store.transaction() as session:
            owner = owner_account(session, "me")
            add_person(session, owner, PersonFields(name="Raj"))
            add_person(session, owner, PersonFields(name="Ana B", emails=["ANA@example.org"]))
    with store.reading() as session:
        owner = owner_account(session, "me")
        assert [p.name for p in list_people(session, owner)] == ["Ana"]


def test_networks_of_two_owners_do_not_mix(store: Store) -> None:
    with store.transaction() as session:
        add_person(session, owner_account(session, "alice"), PersonFields(name="Ana"))
        add_person(session, owner_account(session, "bob"), PersonFields(name="Raj"))
    with store.reading() as session:
        assert [p.name for p in list_people(session, owner_account(session, "alice"))] == ["Ana"]
        with pytest.raises(NotFoundError):
            get_person(session, owner_account(session, "alice"), "Raj")


def test_remove_person_and_refuse_removing_me(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_person(session, owner, PersonFields(name="Ana"))
        remove_person(session, owner, "Ana")
        with pytest.raises(InputError, match="cannot be removed"):
            remove_person(session, owner, "me")
        assert list_people(session, owner) == []


def test_people_read_in_chunks_are_person_dict_of_each(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people, "PEOPLE_CHUNK", 2)  # several chunks, one of them short
    with store.transaction() as session:
        owner = owner_account(session, "me")
        build_rich_network(session, owner)
    with store.reading() as session:
        owner = owner_account(session, "me")
        expected = [person_dict(p) for p in list_people(session, owner, include_me=True)]
        ids, total = people.people_page(session, owner, include_me=True)
        rows = list(people.person_dicts(session, ids))
    assert total == len(expected) > 5
    assert [row for row, _ in rows] == expected
    assert [is_me for _, is_me in rows].count(True) == 1
    assert any(row["attributes"] and row["expertise"] and row["emails"] for row, _ in rows)


def test_people_page_pages_through_the_list_with_its_filters(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        for i in range(7):
            add_person(
                session,
                owner,
                PersonFields(name=f"Person {i}", industry="Health" if i % 2 else "Energy"),
            )
    with store.reading() as session:
        owner = owner_account(session, "me")
        every = [p.id for p in list_people(session, owner)]
        pages = [people.people_page(session, owner, limit=3, offset=o) for o in (0, 3, 6, 9)]
        assert [ids for ids, _ in pages] == [every[0:3], every[3:6], every[6:], []]
        assert {total for _, total in pages} == {7}
        health = [p.id for p in list_people(session, owner, industry="health")]
        assert people.people_page(session, owner, industry="health", offset=1) == (health[1:], 3)
        with pytest.raises(InputError, match="offset: expected a count ≥ 0, got -1"):
            people.people_page(session, owner, offset=-1)
