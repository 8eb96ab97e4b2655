"""Who runs a meetup and who takes part in it: the one guard every shell uses.

A meetup (:class:`Community`) belongs to its organiser's account.  Its
organisers are that owner and the co-organisers the owner adds
(:class:`MeetupOrganiser`); its members are people of the owner's network,
some linked to an account of their own (``Member.account_id``) when they
joined through an invitation.

The guards here are the only way the web pages, the JSON API and the CLI
reach a meetup for an account that is not its owner:

- :func:`organised_meetup` gives an organiser the meetup and the owner
  account its services act for (a co-organiser runs the meetup's members,
  events and seating, but the other services are still scoped to the
  co-organiser's own account, so the owner's wider network stays closed);
- :func:`my_membership` / :func:`my_event` give a member their own
  :class:`Member` row and the meetup's events, nothing of the network.

Both answer an account that has no role exactly as if the meetup did not
exist (:class:`NotFoundError`), so no one can probe for others' meetups.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import Account, Community, Event, MeetupOrganiser, Member, fits_id
from salon.errors import DuplicateError, InputError, NotFoundError
from salon.io.normalise import normalise_name
from salon.services.users import find_user

__all__ = [
    "MeetupRole",
    "add_organiser",
    "co_organiser_member",
    "event_organiser",
    "is_organiser",
    "list_organisers",
    "meetups_of",
    "my_event",
    "my_membership",
    "organised_meetup",
    "remove_organiser",
]


@dataclass(frozen=True)
class MeetupRole:
    """One meetup an account takes part in, and how."""

    community_id: int
    name: str
    role: str  # "organiser" or "member"


def _community(session: Session, community_id: int) -> Community | None:
    return session.get(Community, community_id) if fits_id(community_id) else None


def is_organiser(session: Session, account: Account, community: Community) -> bool:
    """Whether ``account`` owns or co-organises ``community``."""
    if community.owner_id == account.id:
        return True
    return (
        session.scalar(
            select(MeetupOrganiser.id).where(
                MeetupOrganiser.community_id == community.id,
                MeetupOrganiser.account_id == account.id,
            )
        )
        is not None
    )


def organised_meetup(
    session: Session, account: Account, community_id: int
) -> tuple[Community, Account]:
    """The meetup ``account`` organises, and its owner (whose services run it).

    Raises
    ------
    NotFoundError
        No such meetup, or ``account`` does not organise it (a member included).
    """
    community = _community(session, community_id)
    if community is None or not is_organiser(session, account, community):
        raise NotFoundError(f"no community {community_id!r}")
    owner = session.get(Account, community.owner_id)
    assert owner is not None  # the foreign key cascades
    return community, owner


def my_membership(session: Session, account: Account, community_id: int) -> Member:
    """The member row ``account`` joined ``community`` as.

    Raises
    ------
    NotFoundError
        No such meetup, or ``account`` is not one of its members.
    """
    member = (
        session.scalar(
            select(Member)
            .where(Member.community_id == community_id, Member.account_id == account.id)
            .options(selectinload(Member.person), selectinload(Member.community))
        )
        if fits_id(community_id)
        else None
    )
    if member is None:
        raise NotFoundError(f"no community {community_id!r}")
    return member


def my_event(session: Session, account: Account, event_id: int) -> tuple[Event, Member]:
    """An event of a meetup ``account`` is a member of, and their member row.

    Raises
    ------
    NotFoundError
        No such event, or not one of a meetup ``account`` joined.
    """
    event = session.get(Event, event_id) if fits_id(event_id) else None
    if event is None:
        raise NotFoundError(f"no event with id {event_id}")
    try:
        return event, my_membership(session, account, event.community_id)
    except NotFoundError:
        raise NotFoundError(f"no event with id {event_id}") from None


def meetups_of(session: Session, account: Account) -> list[MeetupRole]:
    """Every meetup ``account`` organises or belongs to, by name (organiser first)."""
    organised = session.scalars(
        select(Community).where(
            or_(
                Community.owner_id == account.id,
                Community.id.in_(
                    select(MeetupOrganiser.community_id).where(
                        MeetupOrganiser.account_id == account.id
                    )
                ),
            )
        )
    ).all()
    joined = session.scalars(
        select(Community).join(Member).where(Member.account_id == account.id)
    ).all()
    roles = {c.id: MeetupRole(c.id, c.name, "member") for c in joined}
    roles |= {c.id: MeetupRole(c.id, c.name, "organiser") for c in organised}
    return sorted(
        roles.values(), key=lambda r: (r.role != "organiser", r.name.casefold(), r.community_id)
    )


def _owned(session: Session, owner: Account, community_ref: int | str) -> Community:
    """A meetup only its owner may change the organisers of."""
    query = select(Community).where(Community.owner_id == owner.id)
    if isinstance(community_ref, int) or str(community_ref).isdigit():
        number = int(community_ref)
        found = session.scalar(query.where(Community.id == number)) if fits_id(number) else None
    else:
        found = session.scalar(query.where(Community.name == str(community_ref)))
    if found is None:
        raise NotFoundError(f"no community {community_ref!r} of yours")
    return found


def add_organiser(
    session: Session, owner: Account, community_ref: int | str, email: str
) -> Account:
    """Make the user signing in with ``email`` a co-organiser of the owner's meetup.

    Raises
    ------
    NotFoundError
        No such meetup of ``owner``'s, or no user with that email.
    InputError
        ``email`` is the owner's own.
    DuplicateError
        They already co-organise it.
    """
    community = _owned(session, owner, community_ref)
    account = find_user(session, email)
    if account.id == owner.id:
        raise InputError("you organise this meetup already: it is yours", field="email")
    if is_organiser(session, account, community):
        raise DuplicateError(f"{account.email} already co-organises {community.name}")
    session.add(MeetupOrganiser(community_id=community.id, account_id=account.id))
    session.flush()
    return account


def remove_organiser(
    session: Session, owner: Account, community_ref: int | str, email: str
) -> None:
    """``email`` no longer co-organises the owner's meetup.

    Raises
    ------
    NotFoundError
        No such meetup or user, or they do not co-organise it.
    """
    community = _owned(session, owner, community_ref)
    account = find_user(session, email)
    row = session.scalar(
        select(MeetupOrganiser).where(
            MeetupOrganiser.community_id == community.id,
            MeetupOrganiser.account_id == account.id,
        )
    )
    if row is None:
        raise NotFoundError(f"{account.email} does not co-organise {community.name}")
    session.delete(row)
    session.flush()


def list_organisers(session: Session, owner: Account, community_ref: int | str) -> list[str]:
    """The meetup's organisers' emails: the owner first, then co-organisers by email."""
    community = _owned(session, owner, community_ref)
    others = session.scalars(
        select(Account.email)
        .join(MeetupOrganiser, MeetupOrganiser.account_id == Account.id)
        .where(MeetupOrganiser.community_id == community.id)
        .order_by(Account.email)
    )
    return [owner.email or owner.name, *(e for e in others if e is not None)]


def event_organiser(session: Session, account: Account, event_id: int) -> Account:
    """The account whose meetup services run ``event_id``, for an organiser of its meetup.

    The owner runs it as themselves; a co-organiser runs it as the owner
    (its members, attendance and seating), and must still go through
    :func:`co_organiser_member` to name a person, so the owner's wider
    network stays closed to them.

    Raises
    ------
    NotFoundError
        No such event, or ``account`` does not organise its meetup.
    """
    event = session.get(Event, event_id) if fits_id(event_id) else None
    if event is None:
        raise NotFoundError(f"no event with id {event_id}")
    try:
        return organised_meetup(session, account, event.community_id)[1]
    except NotFoundError:
        raise NotFoundError(f"no event with id {event_id}") from None


def co_organiser_member(session: Session, event_id: int, ref: str) -> int:
    """The person id of the member of ``event_id``'s meetup that ``ref`` names.

    For a co-organiser: only the meetup's members are looked among (by id,
    e-mail or name), never the owner's whole network, and a refusal names
    no one outside the meetup.

    Raises
    ------
    NotFoundError
        No member of the meetup matches.
    InputError
        Several members have that name.
    """
    event = session.get(Event, event_id)
    assert event is not None
    members = session.scalars(
        select(Member)
        .where(Member.community_id == event.community_id)
        .options(selectinload(Member.person))
    ).all()
    text = ref.strip()
    key = normalise_name(text)
    found = [
        m.person
        for m in members
        if (text.isdigit() and m.person_id == int(text))
        or ("@" in text and any(e.email == text.lower() for e in m.person.emails))
        or m.person.name_key == key
    ]
    if not found:
        raise NotFoundError(f"no member of this meetup called {text!r}")
    if len(found) > 1:
        listing = ", ".join(f"{p.name} (id {p.id})" for p in found)
        raise InputError(f"{text!r} is ambiguous: {listing}; use an id")
    return found[0].id
