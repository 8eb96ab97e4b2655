"""The network version: database triggers bump it on every change to people, their fields, ties."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from salon.db.models import (
    Account,
    Idea,
    NetworkChange,
    NetworkVersion,
    Person,
    PersonAttribute,
    PersonEmail,
    PersonTag,
    Tie,
)
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.network_snapshot import snapshot_arrays
from salon.services.people import PersonFields, add_person, remove_person
from salon.services.ties import ensure_tie


def _version(store: Store, owner: str = "me") -> int | None:
    with store.reading() as session:
        account = owner_account(session, owner)
        return session.scalar(
            select(NetworkVersion.version).where(NetworkVersion.owner_id == account.id)
        )


def _two_people(store: Store) -> tuple[int, int]:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = add_person(session, owner, PersonFields(name="Ana", industry="law"))
        raj = add_person(session, owner, PersonFields(name="Raj", expertise=["payments"]))
        session.flush()
        return ana.id, raj.id


def _change(store: Store, write: Callable[[Session, Account], object]) -> None:
    with store.transaction() as session:
        write(session, owner_account(session, "me"))


WRITES: dict[str, Callable[[Session, Account, int, int], object]] = {
    "an ORM insert of a person": lambda s, o, a, b: add_person(s, o, PersonFields(name="Mei")),
    "an ORM update of a field": lambda s, o, a, b: setattr(s.get(Person, a), "role", "judge"),
    "a bulk update of people": lambda s, o, a, b: s.execute(
        update(Person).where(Person.owner_id == o.id).values(bio="x")
    ),
    "a tie": lambda s, o, a, b: ensure_tie(
        s, o, s.get(Person, a), s.get(Person, b), evidence="stated"
    ),
    "a bulk insert of a tie": lambda s, o, a, b: s.execute(
        insert(Tie), [{"owner_id": o.id, "person_a_id": a, "person_b_id": b, "support": []}]
    ),
    "an attribute": lambda s, o, a, b: s.add(
        PersonAttribute(person_id=a, key="country", value="ES")
    ),
    "a deleted tag": lambda s, o, a, b: s.execute(
        delete(PersonTag).where(PersonTag.person_id == b)
    ),
    "an email": lambda s, o, a, b: s.add(PersonEmail(owner_id=o.id, person_id=a, email="a@x.org")),
    "a removed person (cascading to tags)": lambda s, o, a, b: remove_person(s, o, b),
    "plain SQL": lambda s, o, a, b: s.execute(
        text("UPDATE people SET industry = 'retail' WHERE id = :id"), {"id": a}
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_kind_of_write_to_the_network_moves_the_version(store: Store, write: str) -> None:
    ana, raj = _two_people(store)
    before = _version(store)
    assert before is not None
    _change(store, lambda s, o: WRITES[write](s, o, ana, raj))
    after = _version(store)
    assert after is not None
    assert after > before


#: write -> the people it touched, given (ana, raj, everyone before, everyone after)
TOUCHED: dict[str, Callable[[int, int, set[int], set[int]], set[int]]] = {
    "an ORM insert of a person": lambda a, b, before, after: after - before,
    "an ORM update of a field": lambda a, b, before, after: {a},
    "a bulk update of people": lambda a, b, before, after: after,
    "a tie": lambda a, b, before, after: {a, b},
    "a bulk insert of a tie": lambda a, b, before, after: {a, b},
    "an attribute": lambda a, b, before, after: {a},
    "a deleted tag": lambda a, b, before, after: {b},
    "an email": lambda a, b, before, after: {a},
    "a removed person (cascading to tags)": lambda a, b, before, after: {b},
    "plain SQL": lambda a, b, before, after: {a},
}


def _people(store: Store) -> set[int]:
    with store.reading() as session:
        owner = owner_account(session, "me")
        return set(session.scalars(select(Person.id).where(Person.owner_id == owner.id)))


def _snapshot(store: Store) -> int:
    """Store a snapshot (which drops the notes it covers); its version."""
    with store.transaction() as session:
        snapshot_arrays(session, owner_account(session, "me"), ["name"])
    version = _version(store)
    assert version is not None
    return version


def _notes(store: Store) -> dict[int, int]:
    with store.reading() as session:
        owner = owner_account(session, "me")
        rows = session.execute(
            select(NetworkChange.person_id, NetworkChange.version).where(
                NetworkChange.owner_id == owner.id
            )
        )
        return dict(rows.all())


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_notes_the_people_it_touched_since_the_snapshot(
    store: Store, write: str
) -> None:
    ana, raj = _two_people(store)
    everyone = _people(store)
    snapshot = _snapshot(store)
    assert _notes(store) == {}, "a snapshot drops the notes it covers"
    _change(store, lambda s, o: WRITES[write](s, o, ana, raj))
    notes = _notes(store)
    assert set(notes) == TOUCHED[write](ana, raj, everyone, _people(store))
    assert set(notes.values()) <= set(range(snapshot + 1, (_version(store) or 0) + 1))


def test_a_person_is_noted_once_however_often_they_change(store: Store) -> None:
    ana, _ = _two_people(store)
    snapshot = _snapshot(store)
    for bio in ("one", "two", "three"):
        _change(store, lambda s, o, bio=bio: setattr(s.get(Person, ana), "bio", bio))
    notes = _notes(store)
    assert list(notes) == [ana]
    assert snapshot < notes[ana] <= (_version(store) or 0)


def test_writes_outside_the_network_and_other_owners_leave_it(store: Store) -> None:
    _two_people(store)
    before = _version(store)
    _change(store, lambda s, o: s.add(Idea(owner_id=o.id, title="Shared lab freezer")))
    with store.transaction() as session:
        add_person(session, owner_account(session, "someone else"), PersonFields(name="Zoe"))
    assert _version(store) == before
    assert _version(store, "someone else") is not None


def test_reading_leaves_it(store: Store) -> None:
    _two_people(store)
    before = _version(store)
    with store.reading() as session:
        session.scalars(select(Person)).all()
    assert _version(store) == before


def test_a_transaction_of_many_writes_moves_it_once_on_postgresql(store: Store) -> None:
    ana, _ = _two_people(store)
    before = _version(store)
    assert before is not None
    with store.transaction() as session:
        owner = owner_account(session, "me")
        for i in range(50):
            session.execute(update(Person).where(Person.id == ana).values(bio=f"bio {i}"))
            add_person(session, owner, PersonFields(name=f"Guest {i}"))
            session.flush()
    after = _version(store)
    assert after is not None
    if store.engine.dialect.name == "postgresql":
        assert after == before + 1
    else:  # SQLite counts rows: 50 updates and 50 inserts
        assert after == before + 100
