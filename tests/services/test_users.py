"""Users: accounts that sign in, their passwords, and the brake on guessing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from salon.db.models import Account, LoginFailure, Person
from salon.db.store import Store
from salon.errors import (
    DuplicateError,
    InputError,
    NotFoundError,
    SignInError,
    TooManyAttemptsError,
)
from salon.services.accounts import owner_account
from salon.services.people import PersonFields, add_person, list_people
from salon.services.users import (
    FAILURE_WINDOW,
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS,
    authenticate,
    create_user,
    list_users,
    remove_user,
    session_fingerprint,
    set_password,
    signed_in_account,
)

PASSWORD = "correct horse battery"


def test_a_user_is_a_new_account_with_an_argon2_hash_and_a_me(store: Store) -> None:
    with store.transaction() as session:
        user = create_user(session, "  Ana@Example.ORG ", PASSWORD)
        assert (user.name, user.email) == ("ana@example.org", "ana@example.org")
        assert user.password_hash is not None
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert (
            session.scalar(
                select(func.count(Person.id)).where(Person.owner_id == user.id, Person.is_me)
            )
            == 1
        )
    with store.transaction() as session:
        # --owner names the account by its email too
        assert owner_account(session, "ANA@example.org").name == "ana@example.org"
        rows = list_users(session)
    assert [(r.email, r.account, r.n_people) for r in rows] == [
        ("ana@example.org", "ana@example.org", 0)
    ]


def test_claiming_the_default_account_keeps_its_network(store: Store) -> None:
    with store.transaction() as session:
        add_person(session, owner_account(session, "me"), PersonFields(name="Raj"))
    with store.transaction() as session:
        user = create_user(session, "me@example.org", PASSWORD, account="me")
        assert user.name == "me"
    with store.transaction() as session:
        assert [(r.email, r.account, r.n_people) for r in list_users(session)] == [
            ("me@example.org", "me", 1)
        ]
        with pytest.raises(DuplicateError, match="already signs in"):
            create_user(session, "other@example.org", PASSWORD, account="me")
        with pytest.raises(NotFoundError, match="no account called 'nobody'"):
            create_user(session, "other@example.org", PASSWORD, account="nobody")


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        ("not-an-email", PASSWORD, "email", "not an email address"),
        ("a@b.org", "short", "password", "too short"),
        ("a@b.org", "x" * 2000, "password", "too long"),
    ],
)
def test_bad_emails_and_passwords_are_refused_naming_the_field(
    store: Store, email: str, password: str, field: str, message: str
) -> None:
    with store.transaction() as session, pytest.raises(InputError, match=message) as caught:
        create_user(session, email, password)
    assert caught.value.field == field


def test_one_user_per_email(store: Store) -> None:
    with store.transaction() as session:
        create_user(session, "ana@example.org", PASSWORD)
    with store.transaction() as session, pytest.raises(DuplicateError, match="already exists"):
        create_user(session, "ANA@example.org", PASSWORD)


def test_sign_in_checks_the_password_and_a_new_password_ends_old_sessions(store: Store) -> None:
    with store.transaction() as session:
        user_id = create_user(session, "ana@example.org", PASSWORD).id
    with store.transaction() as session:
        user = authenticate(session, "ANA@example.org", PASSWORD, "10.0.0.1")
        assert user is not None
        assert user.id == user_id
        fingerprint = session_fingerprint(user)
        assert authenticate(session, "ana@example.org", "wrong password", "10.0.0.1") is None
        assert authenticate(session, "nobody@example.org", PASSWORD, "10.0.0.1") is None
        assert signed_in_account(session, user_id, fingerprint).id == user_id
    with store.transaction() as session:
        set_password(session, "ana@example.org", "another long password")
    with store.transaction() as session:
        with pytest.raises(SignInError, match="sign in again"):
            signed_in_account(session, user_id, fingerprint)
        assert authenticate(session, "ana@example.org", PASSWORD, "10.0.0.1") is None
        assert authenticate(session, "ana@example.org", "another long password", "x") is not None


def test_failures_are_stored_and_lock_the_account_for_the_window(store: Store) -> None:
    with store.transaction() as session:
        create_user(session, "ana@example.org", PASSWORD)
    start = dt.datetime(2026, 12, 7, 21, 0, tzinfo=dt.UTC)
    for i in range(MAX_FAILURES_PER_ACCOUNT):
        # one transaction each, as separate requests (and processes) would
        with store.transaction() as session:
            when = start + dt.timedelta(seconds=i)
            assert (
                authenticate(session, "ana@example.org", "guess", f"10.0.0.{i}", now=when) is None
            )
    with store.transaction() as session:
        assert session.scalar(select(func.count(LoginFailure.id))) == MAX_FAILURES_PER_ACCOUNT
        later = start + dt.timedelta(minutes=1)
        # the right password is not even weighed while the account is locked
        with pytest.raises(TooManyAttemptsError, match="for this account") as caught:
            authenticate(session, "ana@example.org", PASSWORD, "10.9.9.9", now=later)
        assert 0 < caught.value.retry_after <= FAILURE_WINDOW.total_seconds()
    with store.transaction() as session:
        after = start + FAILURE_WINDOW + dt.timedelta(seconds=10)
        assert authenticate(session, "ana@example.org", PASSWORD, "10.9.9.9", now=after)
        # a success writes nothing when no recent failure is to be forgotten: the next
        # failure prunes the old ones
        assert authenticate(session, "bob@example.org", "guess", "10.9.9.9", now=after) is None
        assert session.scalar(select(func.count(LoginFailure.id))) == 1
    with store.transaction() as session:
        assert authenticate(session, "ana@example.org", "guess", "10.9.9.9", now=after) is None
        assert authenticate(session, "ana@example.org", PASSWORD, "10.9.9.9", now=after)
        # a success forgets the account's recent failures
        emails = session.scalars(select(LoginFailure.email))
        assert list(emails) == ["bob@example.org"]


def test_failures_from_one_address_lock_that_address_across_accounts(store: Store) -> None:
    with store.transaction() as session:
        create_user(session, "ana@example.org", PASSWORD)
    now = dt.datetime(2026, 12, 7, 21, 0, tzinfo=dt.UTC)
    for i in range(MAX_FAILURES_PER_ADDRESS):
        with store.transaction() as session:
            assert (
                authenticate(session, f"user{i}@example.org", "guess", "6.6.6.6", now=now) is None
            )
    with store.transaction() as session:
        with pytest.raises(TooManyAttemptsError, match="for this address"):
            authenticate(session, "ana@example.org", PASSWORD, "6.6.6.6", now=now)
        assert authenticate(session, "ana@example.org", PASSWORD, "7.7.7.7", now=now)


def test_removing_a_user_keeps_or_deletes_their_network(store: Store) -> None:
    with store.transaction() as session:
        for email in ("keep@example.org", "drop@example.org"):
            user = create_user(session, email, PASSWORD)
            add_person(session, user, PersonFields(name=f"Friend of {email}"))
    with store.transaction() as session:
        assert remove_user(session, "keep@example.org", keep_network=True) == 0
        assert remove_user(session, "drop@example.org", keep_network=False) == 1
    with store.transaction() as session:
        assert list_users(session) == []
        kept = owner_account(session, "keep@example.org")
        assert [p.name for p in list_people(session, kept)] == ["Friend of keep@example.org"]
        assert kept.password_hash is None
        assert session.scalar(select(Account.id).where(Account.name == "drop@example.org")) is None
        assert session.scalar(select(func.count(Person.id))) == 2  # keep's friend and me
        with pytest.raises(NotFoundError, match="no user with the email"):
            remove_user(session, "drop@example.org", keep_network=True)
