"""Users: accounts that sign in with an email and a password.

An account is an owner (see :mod:`salon.services.accounts`); a user is an
account with a sign-in email and an argon2id password hash (argon2-cffi, its
default parameters).  Failed sign-ins are stored (:class:`LoginFailure`), so
that every worker process counts them alike: more than
:data:`MAX_FAILURES_PER_ACCOUNT` for one email, or :data:`MAX_FAILURES_PER_ADDRESS`
from one address, within :data:`FAILURE_WINDOW`, and further attempts are
refused unweighed until the window has passed.  Sign-ups on a server that
allows them are counted per address in the same way (:class:`SignupAttempt`):
more than :data:`MAX_SIGNUPS_PER_ADDRESS` within :data:`SIGNUP_WINDOW`, and
further ones are refused before any password is hashed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from salon.db.models import Account, LoginFailure, Person, SignupAttempt, utcnow
from salon.errors import (
    DuplicateError,
    InputError,
    NotFoundError,
    SignInError,
    TooManyAttemptsError,
)
from salon.services.accounts import me

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
SIGNUP_WINDOW = dt.timedelta(hours=1)
MAX_SIGNUPS_PER_ADDRESS = 5

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class UserRow:
    """One user as ``salon user list`` shows it."""

    email: str
    account: str
    created_at: dt.datetime
    n_people: int


def account_email(text: str) -> str:
    """``text`` as a sign-in email: trimmed, lower-cased, and shaped like one."""
    email = text.strip().lower()
    if not _EMAIL.fullmatch(email) or len(email) > 320:
        raise InputError(f"not an email address: {text!r}", field="email")
    return email


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(
            f"the password is too short: at least {MIN_PASSWORD} characters", field="password"
        )
    if len(password) > MAX_PASSWORD:
        raise InputError(
            f"the password is too long: at most {MAX_PASSWORD} characters", field="password"
        )


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``, after checking its length."""
    _check_password(password)
    return _HASHER.hash(password)


@functools.cache
def _unknown_user_hash() -> str:
    # verified against when the email is unknown, so that the answer takes as long
    return _HASHER.hash("no such user")


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _unknown_user_hash(), password) and (
            password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def session_fingerprint(account: Account) -> str:
    """A short digest of the account's password hash, carried by its cookies and tokens.

    A new password changes it, so every session and token issued before is void.
    """
    return hashlib.sha256((account.password_hash or "").encode()).hexdigest()[:16]


def find_user(session: Session, email: str) -> Account:
    """The account that signs in with ``email``."""
    key = email.strip().lower()
    account = session.scalar(select(Account).where(Account.email == key))
    if account is None:
        raise NotFoundError(f"no user with the email {email.strip()!r}")
    return account


def create_user(
    session: Session, email: str, password: str, *, account: str | None = None
) -> Account:
    """A new user signing in with ``email``; their account is named after it.

    With ``account``, the existing account of that name (e.g. the CLI's
    default "me") becomes the user's instead, network and all.
    """
    key = account_email(email)
    password_hash = hash_password(password)
    if session.scalar(select(Account.id).where(Account.email == key)) is not None:
        raise DuplicateError(f"a user with the email {key!r} already exists")
    if account is None:
        if session.scalar(select(Account.id).where(Account.name == key)) is not None:
            raise DuplicateError(
                f"an account is already called {key!r}: claim it with --account {key!r}"
            )
        owner = Account(name=key, email=key, password_hash=password_hash)
        session.add(owner)
        session.flush()
        me(session, owner)
        return owner
    owner_found = session.scalar(select(Account).where(Account.name == account))
    if owner_found is None:
        raise NotFoundError(f"no account called {account!r}")
    if owner_found.email is not None:
        raise DuplicateError(f"the account {account!r} already signs in as {owner_found.email!r}")
    owner_found.email = key
    owner_found.password_hash = password_hash
    session.flush()
    return owner_found


def list_users(session: Session) -> list[UserRow]:
    """Every account that signs in, by email, with the size of its network."""
    n_people = (
        select(func.count(Person.id))
        .where(Person.owner_id == Account.id, Person.is_me.is_(False))
        .scalar_subquery()
    )
    rows = session.execute(
        select(Account.email, Account.name, Account.created_at, n_people)
        .where(Account.email.is_not(None))
        .order_by(Account.email)
    )
    return [
        UserRow(email or "", name, created_at, int(n or 0)) for email, name, created_at, n in rows
    ]


def set_password(session: Session, email: str, password: str) -> Account:
    """Give the user a new password; their open sessions and tokens end."""
    account = find_user(session, email)
    account.password_hash = hash_password(password)
    session.flush()
    return account


def remove_user(session: Session, email: str, *, keep_network: bool) -> int:
    """The user can no longer sign in; their network is kept or deleted.

    Kept, the account stays as a plain owner (the CLI's ``--owner`` still
    names it); deleted, every record it owns goes with it.  The number of
    people deleted (0 when kept).
    """
    account = find_user(session, email)
    if keep_network:
        account.email = None
        account.password_hash = None
        session.flush()
        return 0
    n_people = session.scalar(
        select(func.count(Person.id)).where(Person.owner_id == account.id, Person.is_me.is_(False))
    )
    session.execute(delete(Account).where(Account.id == account.id))
    session.expunge_all()  # the database cascaded to every owned row behind the session
    return int(n_people or 0)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def authenticate(
    session: Session, email: str, password: str, address: str, *, now: dt.datetime | None = None
) -> Account | None:
    """The user ``email`` names if ``password`` is theirs; None (and the failure stored) if not.

    Returns rather than raises on a wrong password so that the caller's
    transaction keeps the stored failure.

    Raises
    ------
    TooManyAttemptsError
        Too many recent failures for this email or from ``address``; the
        password is not even checked.
    """
    key = email.strip().lower()[:320]
    address = address[:100]
    now = now or utcnow()
    since = now - FAILURE_WINDOW
    recent = select(LoginFailure).where(LoginFailure.failed_at >= since)
    counts = []
    for what, where, limit in (
        ("this account", LoginFailure.email == key, MAX_FAILURES_PER_ACCOUNT),
        ("this address", LoginFailure.address == address, MAX_FAILURES_PER_ADDRESS),
    ):
        failures = recent.where(where).subquery()
        n, oldest = session.execute(
            select(func.count(failures.c.id), func.min(failures.c.failed_at))
        ).one()
        if n >= limit:
            wait = max(1, int((_aware(oldest) + FAILURE_WINDOW - now).total_seconds()) + 1)
            raise TooManyAttemptsError(
                f"too many failed sign-ins for {what}: try again in {wait // 60 + 1} minutes",
                retry_after=wait,
            )
        counts.append(n)
    account = session.scalar(select(Account).where(Account.email == key))
    # a sign-in writes only when it must (many people sign in at once; SQLite has one writer)
    if account is not None and _verify(account.password_hash, password):
        if counts[0]:  # this account's failures
            session.execute(delete(LoginFailure).where(LoginFailure.email == key))
        if _HASHER.check_needs_rehash(account.password_hash or ""):
            account.password_hash = _HASHER.hash(password)
        return account
    if account is None:
        _verify(None, password)
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < since))
    session.add(LoginFailure(email=key, address=address, failed_at=now))
    session.flush()
    return None


def count_signup_attempt(session: Session, address: str, *, now: dt.datetime | None = None) -> int:
    """Count an attempt to sign up from ``address``; how many it has made in the window.

    Every attempt counts, made or refused (a refused one may be probing for
    taken emails); run it in its own transaction, before the account is
    made, so that a refused account does not take the count with it.

    Raises
    ------
    TooManyAttemptsError
        ``address`` has made :data:`MAX_SIGNUPS_PER_ADDRESS` attempts within
        :data:`SIGNUP_WINDOW` already; this one is not counted.
    """
    address = address[:100]
    now = now or utcnow()
    since = now - SIGNUP_WINDOW
    recent = (
        select(SignupAttempt)
        .where(SignupAttempt.address == address, SignupAttempt.attempted_at >= since)
        .subquery()
    )
    n, oldest = session.execute(
        select(func.count(recent.c.id), func.min(recent.c.attempted_at))
    ).one()
    if n >= MAX_SIGNUPS_PER_ADDRESS:
        wait = max(1, int((_aware(oldest) + SIGNUP_WINDOW - now).total_seconds()) + 1)
        raise TooManyAttemptsError(
            f"too many sign-ups from this address: try again in {wait // 60 + 1} minutes",
            retry_after=wait,
        )
    session.execute(delete(SignupAttempt).where(SignupAttempt.attempted_at < since))
    session.add(SignupAttempt(address=address, attempted_at=now))
    session.flush()
    return int(n) + 1


def signed_in_account(session: Session, account_id: int, fingerprint: str) -> Account:
    """The account a session cookie or token names, if it still signs in with that password."""
    account = session.get(Account, account_id)
    if (
        account is None
        or account.email is None
        or account.password_hash is None
        or session_fingerprint(account) != fingerprint
    ):
        raise SignInError("the session has ended: sign in again")
    return account
