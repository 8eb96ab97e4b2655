"""Find an owner's communities and events (with what the use cases read of them)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import Account, Community, Event, Member, fits_id
from salon.errors import NotFoundError


def get_community(session: Session, owner: Account, ref: int | str) -> Community:
    """A community by id or name, with its members (and their people) and events loaded.

    Raises
    ------
    NotFoundError
        No such community of ``owner``.
    """
    query = (
        select(Community)
        .where(Community.owner_id == owner.id)
        .options(
            selectinload(Community.members).selectinload(Member.person),
            selectinload(Community.events),
        )
    )
    if isinstance(ref, int) or str(ref).isdigit():
        number = int(ref)
        community = session.scalar(query.where(Community.id == number)) if fits_id(number) else None
    else:
        community = session.scalar(query.where(Community.name == str(ref)))
    if community is None:
        raise NotFoundError(f"no community {ref!r}")
    return community


def list_communities(session: Session, owner: Account) -> list[Community]:
    """The owner's communities, oldest first."""
    return list(
        session.scalars(
            select(Community).where(Community.owner_id == owner.id).order_by(Community.id)
        )
    )


def get_event(session: Session, owner: Account, event_id: int) -> Event:
    """An event of one of ``owner``'s communities, with its tables, attendance and seats.

    Raises
    ------
    NotFoundError
        No such event of ``owner``.
    """
    if not fits_id(event_id):
        raise NotFoundError(f"no event with id {event_id}")
    event = session.scalar(
        select(Event)
        .join(Community)
        .where(Event.id == event_id, Community.owner_id == owner.id)
        .options(
            selectinload(Event.tables), selectinload(Event.attendance), selectinload(Event.seats)
        )
    )
    if event is None:
        raise NotFoundError(f"no event with id {event_id}")
    return event
