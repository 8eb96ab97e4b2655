"""Person fields are checked the same way on SQLite and PostgreSQL before anything is written."""

from __future__ import annotations

import pytest

from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import owner_account
from salon.services.people import PersonFields, add_person, apply_fields, get_person, list_people


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (PersonFields(name="Ana", organization="Hospital " * 40), "organization"),
        (PersonFields(name="Ana", url="https://example.org/" + "a" * 500), "url"),
        (PersonFields(name="Ana", attributes={"k" * 101: "v"}), "attributes"),
        (PersonFields(name="Ana", expertise=["x" * 201]), "expertise"),
        (PersonFields(name="A" * 301), "name"),
    ],
)
def test_over_long_values_are_refused_before_writing(
    store: Store, fields: PersonFields, field: str
) -> None:
    with pytest.raises(InputError) as raised:
        with store.transaction() as session:
            add_person(session, owner_account(session, "me"), fields)
    assert raised.value.field == field
    with store.reading() as session:
        assert list_people(session, owner_account(session, "me")) == []


def test_an_edit_with_an_over_long_value_changes_nothing(store: Store) -> None:
    with store.transaction() as session:
        add_person(session, owner_account(session, "me"), PersonFields(name="Ana", role="CTO"))
    with pytest.raises(InputError, match="role is 301 characters"):
        with store.transaction() as session:
            owner = owner_account(session, "me")
            ana = get_person(session, owner, "Ana")
            apply_fields(
                session, owner, ana, PersonFields(industry="Health", role="x" * 301), overwrite=True
            )
    with store.reading() as session:
        ana = get_person(session, owner_account(session, "me"), "Ana")
        assert (ana.role, ana.industry) == ("CTO", None)
