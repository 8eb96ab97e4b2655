"""Accounts: whose network a command acts on."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Person


def owner_account(session: Session, name: str) -> Account:
    """The account called ``name`` (or whose sign-in email it is), created on first use.

    A new account gets its "me" person at once.
    """
    account = session.scalar(
        select(Account).where(Account.email == name.strip().lower())
    ) or session.scalar(select(Account).where(Account.name == name))
    if account is None:
        account = Account(name=name)
        session.add(account)
        session.flush()
        session.add(Person(owner_id=account.id, name=name, name_key=name.casefold(), is_me=True))
        session.flush()
    return account


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
