"""The organiser's event use cases shared by the JSON API, the pages and the CLI.

Creating a meetup member from what a sign-up form or an API call gives (name,
e-mail, intent, industry), an event with its capacity and door code, and the
seating read back as round → table → person ids.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from sqlalchemy.orm import Session

from salon.db.models import INTENTS, Account, Event, Member
from salon.errors import InputError, NotFoundError
from salon.services.event_rsvp import locked_event, set_capacity
from salon.services.meetup import add_member, create_event, get_community, get_event
from salon.services.people import PersonFields, add_person, get_person

__all__ = [
    "add_member_from_details",
    "create_event_with_capacity",
    "ensure_door_code",
    "new_door_code",
    "seating_rounds",
]


def new_door_code() -> str:
    """A fresh secret for the door's QR code (unguessable, short enough for a QR code)."""
    return secrets.token_urlsafe(12)


def add_member_from_details(
    session: Session,
    owner: Account,
    community_ref: int | str,
    *,
    name: str,
    email: str | None = None,
    intent: str = "both",
    industry: str | None = None,
) -> tuple[Member, bool]:
    """Make someone a member: the person with that e-mail, else a new person.

    Without an e-mail a name is matched like the CLI's ``member add --create``
    (an existing person of that name, else a new one).  A stated industry is
    kept; an existing person's other fields are left alone.  Returns the
    membership and whether the person was created.

    Raises
    ------
    InputError
        No name, or an unknown intent.
    """
    if not name.strip():
        raise InputError("a member needs a name", field="name")
    if intent not in INTENTS:
        raise InputError(
            f"unknown intent {intent!r}; expected one of {', '.join(INTENTS)}", field="intent"
        )
    community = get_community(session, owner, community_ref)
    ref = email.strip() if email and email.strip() else name.strip()
    try:
        person, created = get_person(session, owner, ref), False
    except NotFoundError:
        fields = PersonFields(
            name=name.strip(), emails=[ref] if ref != name.strip() else [], industry=industry
        )
        person, created = add_person(session, owner, fields), True
    if not created and industry and not person.industry:
        person.industry = industry
    member, _ = add_member(session, owner, community, person, intent=intent)
    return member, created


def create_event_with_capacity(
    session: Session,
    owner: Account,
    community_ref: int | str,
    *,
    on: dt.date,
    tables: Sequence[int | tuple[int, int]],
    rounds: int = 1,
    capacity: int | None = None,
    title: str | None = None,
    venue: str | None = None,
    start_time: dt.time | None = None,
) -> Event:
    """An event with its capacity (None: no limit), start time and door code."""
    event = create_event(
        session, owner, community_ref, on=on, tables=tables, rounds=rounds, title=title, venue=venue
    )
    event.start_time = start_time
    event.door_code = new_door_code()
    session.flush()
    if capacity is not None:
        set_capacity(session, owner, event.id, capacity)
    return get_event(session, owner, event.id)


def ensure_door_code(session: Session, owner: Account, event_id: int) -> str:
    """The event's door code, made now if it has none (events created before codes existed)."""
    event = locked_event(session, owner, event_id)
    if event.door_code is None:
        event.door_code = new_door_code()
        session.flush()
    return event.door_code


def seating_rounds(event: Event) -> list[list[list[int]]]:
    """The stored seating as round → table → person ids (tables in number order).

    Every table of the event is listed in every seated round, empty ones too,
    so ``rounds[r][t]`` is always table ``t + 1``.
    """
    seated = sorted({s.round for s in event.seats})
    n_tables = len(event.tables)
    rounds: list[list[list[int]]] = []
    for r in seated:
        tables: list[list[int]] = [[] for _ in range(n_tables)]
        for seat in event.seats:
            if seat.round == r:
                tables[seat.table_number - 1].append(seat.person_id)
        rounds.append([sorted(t) for t in tables])
    return rounds
