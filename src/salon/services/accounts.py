"""Accounts: whose network a command acts on."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from salon.db.models import Account, Person, utcnow
from salon.db.store import Store


def owner_account(session: Session, name: str) -> Account:
    """The account called ``name`` (or whose sign-in email it is), created on first use.

    A new account gets its "me" person at once.  Safe when several processes
    create the same new owner at once: the insert does nothing if the name is
    taken (PostgreSQL waits for the other transaction to commit first), and
    only the process whose insert created the account adds its "me" person.
    """
    account = session.scalar(
        select(Account).where(Account.email == name.strip().lower())
    ) or session.scalar(select(Account).where(Account.name == name))
    if account is not None:
        return account
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Account)
    created = session.execute(
        insert.values(name=name, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=[Account.name])
        .returning(Account.id)
    ).scalar()
    account = session.scalars(
        select(Account).where(Account.name == name).execution_options(populate_existing=True)
    ).one()
    if created is not None:
        session.add(Person(owner_id=account.id, name=name, name_key=name.casefold(), is_me=True))
        session.flush()
    return account


def ensure_owner(store: Store, name: str) -> None:
    """Create the account ``name`` now, in a write transaction of its own, if it is new.

    For work that then runs in a transaction that only reads
    (``Store.transaction(write=False)``): creating the account there would
    take SQLite's write lock half-way and could find the store busy.
    """
    with store.reading() as session:
        if session.scalar(select(Account.id).where(Account.name == name)) is not None:
            return
    with store.transaction() as session:
        owner_account(session, name)


def me(session: Session, owner: Account) -> Person:
    """The person who stands for the account's user in their own network."""
    cached: dict[int, Person] = session.info.setdefault("salon_me", {})
    if owner.id in cached:
        return cached[owner.id]
    person = session.scalar(
        select(Person).where(Person.owner_id == owner.id, Person.is_me.is_(True))
    )
    if person is None:  # an account created by an older tool: give it its person now
        person = Person(
            owner_id=owner.id, name=owner.name, name_key=owner.name.casefold(), is_me=True
        )
        session.add(person)
        session.flush()
    cached[owner.id] = person
    return person
