"""Invitation links: a person follows one, signs up or in, and joins a meetup.

The link carries a random token (:func:`secrets.token_urlsafe`); only its
SHA-256 is stored, so a copy of the database holds no working link.  A link
is found by its hash and the hashes are compared again in constant time
(:func:`hmac.compare_digest`), so neither the lookup's timing nor a
near-match tells anything.  Revoking or expiring keeps the row, for the
record.

Joining links the account to the organiser's person with the same e-mail
when there is one (the organiser added them before), else creates that
person; either way the person becomes a member whose ``account_id`` is the
joining account.  The member reads only their own side of the meetup (see
:mod:`salon.services.meetup_roles`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Community, MeetupInvitation, Member, Person, fits_id, utcnow
from salon.errors import InputError, NotFoundError, SalonError
from salon.io.normalise import normalise_email
from salon.services.meetup import add_member
from salon.services.meetup_roles import organised_meetup
from salon.services.people import PersonFields, add_person, person_by_email

__all__ = [
    "InvitationError",
    "InvitationRow",
    "JoinOutcome",
    "create_invitation",
    "invitation_for",
    "join_meetup",
    "list_invitations",
    "parse_expiry",
    "revoke_invitation",
]

_TOKEN_BYTES = 24
_EXPIRY = re.compile(r"^\s*(\d+)\s*([dhw])\s*$")
_UNITS = {"h": dt.timedelta(hours=1), "d": dt.timedelta(days=1), "w": dt.timedelta(weeks=1)}


class InvitationError(SalonError):
    """A link that cannot be used: unknown, revoked or expired (the message says which)."""


@dataclass(frozen=True)
class InvitationRow:
    """One invitation as the organiser lists it (never its token: only its hash is kept)."""

    id: int
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    uses: int
    state: str  # "open", "expired" or "revoked"


@dataclass(frozen=True)
class JoinOutcome:
    """What joining did: the membership, and whether the person was already known."""

    member: Member
    linked_existing: bool  # True: the organiser's person with this e-mail; False: created
    already_member: bool


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes for timezone-aware columns
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def parse_expiry(text: str) -> dt.timedelta:
    """``"14d"``, ``"2w"`` or ``"12h"`` as a duration.

    Raises
    ------
    InputError
        Anything else, or zero.
    """
    match = _EXPIRY.match(text)
    if match is None or int(match.group(1)) == 0:
        raise InputError(f"expected an expiry like 14d, 2w or 12h, got {text!r}", field="expires")
    return int(match.group(1)) * _UNITS[match.group(2)]


def create_invitation(
    session: Session,
    account: Account,
    community_id: int,
    *,
    expires_in: dt.timedelta | None = None,
    now: dt.datetime | None = None,
) -> tuple[MeetupInvitation, str]:
    """A new invitation to a meetup ``account`` organises, and its token (shown once).

    Raises
    ------
    NotFoundError
        No such meetup, or ``account`` does not organise it.
    InputError
        A non-positive ``expires_in``.
    """
    community, _ = organised_meetup(session, account, community_id)
    if expires_in is not None and expires_in <= dt.timedelta(0):
        raise InputError("an invitation must expire in the future", field="expires")
    now = now or utcnow()
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    invitation = MeetupInvitation(
        community_id=community.id,
        token_hash=_hash(token),
        created_by_id=account.id,
        created_at=now,
        expires_at=None if expires_in is None else now + expires_in,
        uses=0,
    )
    session.add(invitation)
    session.flush()
    return invitation, token


def _state(invitation: MeetupInvitation, now: dt.datetime) -> str:
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at is not None and _aware(invitation.expires_at) <= now:
        return "expired"
    return "open"


def list_invitations(
    session: Session, account: Account, community_id: int, *, now: dt.datetime | None = None
) -> list[InvitationRow]:
    """The meetup's invitations, newest first."""
    community, _ = organised_meetup(session, account, community_id)
    now = now or utcnow()
    rows = session.scalars(
        select(MeetupInvitation)
        .where(MeetupInvitation.community_id == community.id)
        .order_by(MeetupInvitation.id.desc())
    )
    return [
        InvitationRow(
            row.id,
            _aware(row.created_at),
            None if row.expires_at is None else _aware(row.expires_at),
            None if row.revoked_at is None else _aware(row.revoked_at),
            row.uses,
            _state(row, now),
        )
        for row in rows
    ]


def revoke_invitation(session: Session, account: Account, invitation_id: int) -> MeetupInvitation:
    """The link stops working at once (revoking twice keeps the first time).

    Raises
    ------
    NotFoundError
        No such invitation to a meetup ``account`` organises.
    """
    invitation = session.get(MeetupInvitation, invitation_id) if fits_id(invitation_id) else None
    if invitation is None:
        raise NotFoundError(f"no invitation {invitation_id}")
    try:
        organised_meetup(session, account, invitation.community_id)
    except NotFoundError:
        raise NotFoundError(f"no invitation {invitation_id}") from None
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
    session.flush()
    return invitation


def invitation_for(
    session: Session, token: str, *, now: dt.datetime | None = None
) -> tuple[MeetupInvitation, Community]:
    """The open invitation ``token`` is the link of, and its meetup.

    Raises
    ------
    InvitationError
        An unknown, revoked or expired link (the message says which and what to do).
    """
    digest = _hash(token)
    invitation = session.scalar(
        select(MeetupInvitation).where(MeetupInvitation.token_hash == digest)
    )
    # the lookup matched the hash exactly; compare again in constant time so that
    # nothing downstream depends on a non-constant-time string comparison
    if invitation is None or not hmac.compare_digest(invitation.token_hash, digest):
        raise InvitationError(
            "This invitation link is not valid: check that it was copied whole, "
            "or ask the organiser for a new one."
        )
    state = _state(invitation, now or utcnow())
    if state == "revoked":
        raise InvitationError(
            "This invitation link was withdrawn by the organiser: ask them for a new one."
        )
    if state == "expired":
        raise InvitationError("This invitation link has expired: ask the organiser for a new one.")
    community = session.get(Community, invitation.community_id)
    assert community is not None  # the foreign key cascades
    return invitation, community


def join_meetup(
    session: Session,
    token: str,
    account: Account,
    *,
    name: str | None = None,
    now: dt.datetime | None = None,
) -> JoinOutcome:
    """``account`` joins the meetup ``token`` invites to.

    The member is the organiser's person with the account's e-mail if there
    is one, else a new person of the organiser's network called ``name``
    (the account's e-mail when no name is given).  Joining again is harmless.

    Raises
    ------
    InvitationError
        An unusable link.
    InputError
        The account organises this meetup (an organiser is not a member of it
        through a link), or already joined as another person.
    """
    invitation, community = invitation_for(session, token, now=now)
    owner = session.get(Account, community.owner_id)
    assert owner is not None
    if account.id == owner.id:
        raise InputError("you organise this meetup: share the link with the people you invite")
    mine = session.scalar(
        select(Member).where(Member.community_id == community.id, Member.account_id == account.id)
    )
    if mine is not None:
        return JoinOutcome(mine, True, True)
    email = account.email or ""
    key = normalise_email(email) if email else None
    person: Person | None = person_by_email(session, owner, key) if key else None
    linked = person is not None
    if person is None:
        display = (name or "").strip() or email or account.name
        person = add_person(
            session, owner, PersonFields(name=display, emails=[email] if email else [])
        )
    existing = session.scalar(
        select(Member).where(Member.community_id == community.id, Member.person_id == person.id)
    )
    if existing is not None and existing.account_id not in (None, account.id):
        raise InputError("this person has joined already with another account")
    if existing is None:
        existing, _ = add_member(
            session, owner, community, person, joined_on=(now or utcnow()).date()
        )
    member = existing
    member.account_id = account.id
    invitation.uses += 1
    session.flush()
    return JoinOutcome(member, linked, False)
