"""At the door: the organiser's list, walk-ins, and a member's self check-in.

The door list sorts everyone the evening concerns into arrived, expected,
waitlisted and (once the evening is over) no-show, plus the meetup's members
who have not answered (so a member who turns up is found, not re-created).
A name that matches nobody is never created on the spot: the organiser
confirms a walk-in in a second step (:func:`add_walk_in`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import Account, Member, Person
from salon.errors import InputError, NotFoundError
from salon.services.event_rsvp import (
    RsvpResult,
    as_utc,
    bulk_check_in,
    event_roster,
    locked_event,
)
from salon.services.meetup import check_in, get_event
from salon.services.meetup_access import member_event
from salon.services.reminders import DEFAULT_DURATION, event_start

__all__ = [
    "DOOR_STATUSES",
    "DoorList",
    "DoorRow",
    "SelfCheckIn",
    "WalkInQuestion",
    "add_walk_in",
    "door_check_in",
    "door_list",
    "self_check_in",
    "self_check_in_view",
]

#: the door list's groups, in the order the page shows them
DOOR_STATUSES = ("expected", "arrived", "waitlisted", "no-show", "not answered", "declined")


@dataclass(frozen=True)
class DoorRow:
    person_id: int
    name: str
    organization: str | None
    status: str
    arrived_at: dt.datetime | None


@dataclass(frozen=True)
class DoorList:
    event_id: int
    title: str
    starts_on: dt.date
    capacity: int | None
    rows: list[DoorRow]  # those matching the search, by status then name
    counts: dict[str, int]  # per status, over everyone (not only the matches)
    search: str
    door_code: str | None


@dataclass(frozen=True)
class WalkInQuestion:
    """Nobody matches ``name``: the organiser may add them as a new person (a second step)."""

    name: str


def door_list(
    session: Session,
    owner: Account,
    event_id: int,
    *,
    search: str = "",
    now: dt.datetime | None = None,
) -> DoorList:
    """Who is expected, arrived, waiting, missing; filtered by ``search`` (name, organisation).

    Expected people who have not arrived count as no-shows once the evening
    is over (3 hours after its start).
    """
    event = get_event(session, owner, event_id)
    over = (now or dt.datetime.now(dt.UTC)) >= event_start(event) + DEFAULT_DURATION
    roster = event_roster(event)
    waiting = set(roster.waitlisted)
    arrivals = {a.person_id: as_utc(a.checked_in_at) for a in event.attendance}
    status: dict[int, str] = {}
    for row in event.attendance:
        if row.checked_in_at is not None:
            status[row.person_id] = "arrived"
        elif row.person_id in waiting:
            status[row.person_id] = "waitlisted"
        elif row.rsvp == "yes":
            status[row.person_id] = "no-show" if over else "expected"
        elif row.rsvp == "no":
            status[row.person_id] = "declined"
        else:
            status[row.person_id] = "not answered"  # a "maybe"
    members = session.scalars(
        select(Member.person_id).where(Member.community_id == event.community_id)
    )
    for person_id in members:
        status.setdefault(person_id, "not answered")
    people = {
        p.id: p
        for p in session.scalars(
            select(Person)
            .where(Person.id.in_(status), Person.owner_id == owner.id)
            .options(selectinload(Person.emails))
        )
    }
    needle = search.strip().casefold()
    rows = [
        DoorRow(pid, p.name, p.organization, status[pid], arrivals.get(pid))
        for pid, p in people.items()
        if not needle
        or needle in p.name.casefold()
        or needle in (p.organization or "").casefold()
        or any(needle in e.email.casefold() for e in p.emails)
    ]
    order = {s: k for k, s in enumerate(DOOR_STATUSES)}
    rows.sort(key=lambda r: (order[r.status], r.name.casefold(), r.person_id))
    counts = dict.fromkeys(DOOR_STATUSES, 0)
    for value in status.values():
        counts[value] += 1
    return DoorList(
        event.id,
        event.title,
        event.starts_on,
        event.capacity,
        rows,
        counts,
        search.strip(),
        event.door_code,
    )


def _is_name(ref: str) -> bool:
    text = ref.strip()
    return bool(text) and not text.isdigit() and "@" not in text and "/" not in text


def door_check_in(
    session: Session, owner: Account, event_id: int, ref: str
) -> RsvpResult | WalkInQuestion:
    """Check in the person ``ref`` names; a new name asks to confirm a walk-in (writes nothing).

    Raises
    ------
    InputError
        Nothing typed, or a name that matches several people.
    NotFoundError
        An id, e-mail or URL that matches nobody.
    """
    if not ref.strip():
        raise InputError("enter the name, email or id of the person arriving", field="person")
    try:
        return bulk_check_in(session, owner, event_id, [ref.strip()])[0]
    except NotFoundError:
        if not _is_name(ref):
            raise
        get_event(session, owner, event_id)  # an unknown event is not a walk-in question
        return WalkInQuestion(ref.strip())


def add_walk_in(session: Session, owner: Account, event_id: int, name: str) -> RsvpResult:
    """The organiser confirmed: a new person, a member of the meetup, checked in."""
    if not _is_name(name):
        raise InputError(f"a walk-in needs a name, got {name!r}", field="name")
    event = locked_event(session, owner, event_id)
    row = check_in(session, owner, event.id, name.strip(), walk_in=True)
    row.waitlisted = False
    row.answered_at = row.answered_at or row.checked_in_at
    session.flush()
    person = session.get(Person, row.person_id)
    assert person is not None
    return RsvpResult(person.id, person.name, "going")


def self_check_in(
    session: Session, account: Account, event_id: int, code: str, *, now: dt.datetime | None = None
) -> RsvpResult:
    """A member checks themselves in with the code from the door's QR code.

    Raises
    ------
    NotFoundError
        No such event, or ``account`` is no member of its meetup.
    InputError
        A missing or wrong code (the code is what proves one is at the door),
        or a member on the waitlist (the organiser lets them in at the door).
    """
    event, member = member_event(session, account, event_id)
    expected = event.door_code
    if not code or expected is None or not secrets.compare_digest(code, expected):
        raise InputError(
            "this check-in link has a missing or wrong door code: scan the QR code at the door",
            field="code",
        )
    if member.person_id in event_roster(event).waitlisted:
        # a seat is the organiser's to give at the door, not the phone's to take
        raise InputError(
            "you are on the waitlist: the organiser at the door can let you in", field="code"
        )
    owner = session.get(Account, event.community.owner_id)
    assert owner is not None
    return bulk_check_in(session, owner, event_id, [member.person_id], when=now)[0]


@dataclass(frozen=True)
class SelfCheckIn:
    """What a member's phone shows before they check in (nothing is written to show it)."""

    event_id: int
    title: str
    starts_on: dt.date
    name: str
    code_ok: bool
    arrived: bool
    waitlisted: bool


def self_check_in_view(session: Session, account: Account, event_id: int, code: str) -> SelfCheckIn:
    """The member's self check-in page: whether the code is right and whether they are in.

    Raises
    ------
    NotFoundError
        No such event, or ``account`` is no member of its meetup.
    """
    event, member = member_event(session, account, event_id)
    expected = event.door_code
    code_ok = bool(code) and expected is not None and secrets.compare_digest(code, expected)
    arrived = any(
        a.person_id == member.person_id and a.checked_in_at is not None for a in event.attendance
    )
    person = session.get(Person, member.person_id)
    assert person is not None
    waiting = member.person_id in event_roster(event).waitlisted
    return SelfCheckIn(
        event.id, event.title, event.starts_on, person.name, code_ok, arrived, waiting
    )
