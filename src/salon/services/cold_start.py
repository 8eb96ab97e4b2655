"""Whom to meet when nobody is two steps away: a fresh network's first suggestions.

A LinkedIn export lists only first-degree contacts, so a new user's network
has no second-degree pool and everyone stored is already a contact.  Being
connected is not having met, though: a member of the user's meetups with whom
the user never talked nor sat at a table, or the author of a note the user
imported, is still someone to meet.  This module finds those people and why
each is one; :func:`~salon.services.suggestions.suggest_meet` scores them.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from salon.db.models import (
    Account,
    Community,
    Encounter,
    Interaction,
    InteractionParticipant,
    Member,
    Note,
)

__all__ = ["met_people", "unmet_people"]


def met_people(session: Session, owner: Account, user_id: int) -> set[int]:
    """Everyone the user has logged a conversation with or sat beside at a meetup.

    The conversation log is the user's own: everyone in it was met.
    """
    met = set(
        session.scalars(
            select(InteractionParticipant.person_id)
            .join(Interaction, Interaction.id == InteractionParticipant.interaction_id)
            .where(Interaction.owner_id == owner.id)
        )
    )
    owned = select(Community.id).where(Community.owner_id == owner.id)
    for a, b in session.execute(
        select(Encounter.person_a_id, Encounter.person_b_id).where(
            Encounter.community_id.in_(owned),
            or_(Encounter.person_a_id == user_id, Encounter.person_b_id == user_id),
        )
    ):
        met.update((a, b))
    met.discard(user_id)
    return met


def unmet_people(session: Session, owner: Account, user_id: int) -> dict[int, str]:
    """Members of the user's meetups and authors of shared notes not yet met, with why.

    Returns person id → a reason such as ``"member of Thursday Salon, not met yet"``.
    """
    met = met_people(session, owner, user_id)
    why: dict[int, list[str]] = {}
    for pid, community in session.execute(
        select(Member.person_id, Community.name)
        .join(Community, Community.id == Member.community_id)
        .where(Community.owner_id == owner.id, Member.person_id != user_id)
        .order_by(Community.name)
    ):
        if pid not in met:
            why.setdefault(pid, []).append(f"member of {community}")
    for author in session.scalars(
        select(Note.person_id)
        .where(Note.owner_id == owner.id, Note.person_id.is_not(None), Note.person_id != user_id)
        .distinct()
    ):
        if author is not None and author not in met:
            why.setdefault(author, []).append("wrote a note you imported")
    return {pid: f"{' and '.join(reasons)}, not met yet" for pid, reasons in why.items()}
