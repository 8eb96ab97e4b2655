"""Is this account a member of the meetup an event belongs to? (a local stand-in)

The roles service (organisers, members, invitations) is being built beside
this one; until it lands, self check-in and a member's calendar file ask this
tiny check: an account is a member of a meetup when a member row of that
meetup is linked to it (``members.account_id``).  The lead may replace it with
the roles service's own check at merge.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import Account, Event, Member, fits_id
from salon.errors import NotFoundError

__all__ = ["member_event"]


def member_event(session: Session, account: Account, event_id: int) -> tuple[Event, Member]:
    """The event and ``account``'s membership in its meetup.

    Raises
    ------
    NotFoundError
        No such event, or ``account`` is no member of its meetup (the same
        answer, so a stranger learns nothing about which events exist).
    """
    missing = NotFoundError(f"no event with id {event_id}")
    if not fits_id(event_id):
        raise missing
    event = session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(selectinload(Event.attendance), selectinload(Event.tables))
    )
    if event is None:
        raise missing
    member = session.scalar(
        select(Member).where(
            Member.community_id == event.community_id, Member.account_id == account.id
        )
    )
    if member is None:
        raise missing
    return event, member
