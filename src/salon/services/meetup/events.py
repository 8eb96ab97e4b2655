"""A meetup's events: create one with its tables and rounds, pin hosts, who is there."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from salon.db.models import Account, Event, EventTable, Person
from salon.errors import InputError
from salon.services.meetup.attendance import set_answer
from salon.services.meetup.refs import (
    CommunityRef,
    EventRef,
    PersonRef,
    community_of,
    event_of,
    person_of,
)

_SIZE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_table_sizes(text: str) -> list[int | tuple[int, int]]:
    """``"6,6,6,5"`` or ``"4-6,4-6,5"`` → ``[6, 6, 6, 5]`` or ``[(4, 6), (4, 6), 5]``.

    Raises
    ------
    InputError
        A size that is not ``N`` or ``MIN-MAX`` with ``MIN ≤ MAX`` and ``MAX ≥ 1``.
    """
    sizes: list[int | tuple[int, int]] = []
    for k, part in enumerate(text.split(","), start=1):
        match = _SIZE.match(part)
        if match is None:
            raise InputError(
                f"table {k}: expected a size N or MIN-MAX, got {part.strip()!r}", field="tables"
            )
        low, high = int(match.group(1)), match.group(2)
        if high is None:
            if low < 1:
                raise InputError(f"table {k}: expected a size ≥ 1, got {low}", field="tables")
            sizes.append(low)
        else:
            if int(high) < max(low, 1):
                raise InputError(
                    f"table {k}: expected MIN ≤ MAX and MAX ≥ 1, got {part.strip()!r}",
                    field="tables",
                )
            sizes.append((low, int(high)))
    return sizes


def create_event(
    session: Session,
    owner: Account,
    community: CommunityRef,
    *,
    on: dt.date,
    tables: Sequence[int | tuple[int, int]],
    rounds: int = 1,
    title: str | None = None,
    venue: str | None = None,
) -> Event:
    """An event of the community, tables given as capacities (``6``) or (min, max) pairs.

    The title defaults to "<community>, <date>".

    Raises
    ------
    NotFoundError
        No such community.
    InputError
        No table, a bad table size, or fewer than one round.
    """
    found = community_of(session, owner, community)
    if rounds < 1:
        raise InputError(f"an event needs at least one round, got {rounds}", field="rounds")
    if not tables:
        raise InputError("an event needs at least one table", field="tables")
    event = Event(
        title=title or f"{found.name}, {on.isoformat()}", starts_on=on, rounds=rounds, venue=venue
    )
    for number, size in enumerate(tables, start=1):
        low, high = (size, size) if isinstance(size, int) else size
        low = 1 if isinstance(size, int) else low
        if high < 1 or low < 0 or low > high:
            raise InputError(
                f"table {number}: bad size {size!r}; expected max >= min >= 0", field="tables"
            )
        event.tables.append(EventTable(number=number, min_size=low, max_size=high))
    found.events.append(event)
    session.flush()
    return event


def pin_host(
    session: Session, owner: Account, event: EventRef, table_number: int, person: PersonRef
) -> Person:
    """Make ``person`` the host of a table: every seating keeps them there.

    A host is there by definition, so hosting implies an RSVP "yes"; a person
    hosts one table at most (hosting another moves them).

    Raises
    ------
    InputError
        No table with that number.
    """
    found = event_of(session, owner, event)
    host = person_of(session, owner, person)
    numbers = [t.number for t in found.tables]
    table = next((t for t in found.tables if t.number == table_number), None)
    if table is None:
        raise InputError(
            f"event {found.id} has tables {', '.join(map(str, numbers))}, got {table_number}",
            field="table",
        )
    for other in found.tables:
        if other.host_id == host.id:
            other.host_id = None
    table.host_id = host.id
    if not any(a.person_id == host.id and a.rsvp == "yes" for a in found.attendance):
        set_answer(session, found, host, "yes")
    session.flush()
    return host


def attendee_ids(event: Event) -> list[int]:
    """Who is at the event: those checked in, or (before anyone has) those going (yes, not waiting).

    Hosts are always included.  Sorted by person id, so seatings are
    reproducible.
    """
    checked = {a.person_id for a in event.attendance if a.checked_in_at is not None}
    present = checked or {
        a.person_id for a in event.attendance if a.rsvp == "yes" and not a.waitlisted
    }
    present |= {t.host_id for t in event.tables if t.host_id is not None}
    return sorted(present)
