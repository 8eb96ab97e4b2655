"""The conversation log: dated interactions with a purpose, depth and insights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

# the purposes and outcomes a conversation may have: the CLI's help and the web's choices
from salon.db.models import OUTCOMES as OUTCOMES
from salon.db.models import PURPOSES as PURPOSES
from salon.db.models import (
    Account,
    Insight,
    Interaction,
    InteractionParticipant,
    Person,
)
from salon.errors import InputError
from salon.services.accounts import me
from salon.services.ties import ensure_tie


@dataclass
class InteractionFields:
    """One conversation as the user tells it."""

    occurred_on: dt.date
    participants: Sequence[Person]
    purposes: Sequence[str] = ()
    depth: int = 3
    channel: str | None = None
    challenged: bool = False
    insights: Sequence[str] = ()
    outcomes: Sequence[str] = ()
    learning_goal: str | None = None
    notes: str | None = None


def _check_choices(values: Sequence[str], allowed: Sequence[str], what: str) -> list[str]:
    cleaned = [v.strip().lower().replace("-", "_") for v in values if v.strip()]
    unknown = sorted(set(cleaned) - set(allowed))
    if unknown:
        raise InputError(
            f"unknown {what} {', '.join(unknown)}; expected one of {', '.join(allowed)}", field=what
        )
    return sorted(set(cleaned))


def log_interaction(session: Session, owner: Account, fields: InteractionFields) -> Interaction:
    """Store an interaction; everyone in it gets a "shared conversation" tie.

    The user is tied to each participant, and participants of a group
    conversation to each other (they talked together, so they know each other).
    """
    if not fields.participants:
        raise InputError("an interaction needs at least one other person", field="participants")
    if not 1 <= fields.depth <= 5:
        raise InputError(f"depth must be 1-5, got {fields.depth}", field="depth")
    user = me(session, owner)
    people = {p.id: p for p in fields.participants if p.id != user.id}
    interaction = Interaction(
        owner_id=owner.id,
        occurred_on=fields.occurred_on,
        channel=fields.channel,
        purposes=_check_choices(fields.purposes, PURPOSES, "purpose"),
        depth=fields.depth,
        challenged=fields.challenged,
        outcomes=_check_choices(fields.outcomes, OUTCOMES, "outcome"),
        learning_goal=fields.learning_goal,
        notes=fields.notes,
    )
    interaction.participants = [InteractionParticipant(person_id=pid) for pid in people]
    interaction.insights = [Insight(text=t.strip()) for t in fields.insights if t.strip()]
    session.add(interaction)
    session.flush()
    ref = f"interaction:{interaction.id}"
    group = [user, *people.values()]
    for i, first in enumerate(group):
        for second in group[i + 1 :]:
            ensure_tie(
                session,
                owner,
                first,
                second,
                evidence="shared_conversation",
                source_ref=ref,
                observed_on=fields.occurred_on,
            )
    return interaction


def list_interactions(
    session: Session, owner: Account, *, since: dt.date | None = None, person: Person | None = None
) -> list[Interaction]:
    query = (
        select(Interaction)
        .where(Interaction.owner_id == owner.id)
        .options(selectinload(Interaction.participants), selectinload(Interaction.insights))
    )
    if since is not None:
        query = query.where(Interaction.occurred_on >= since)
    if person is not None:
        query = query.join(InteractionParticipant).where(
            InteractionParticipant.person_id == person.id
        )
    return list(session.scalars(query.order_by(Interaction.occurred_on, Interaction.id)))
