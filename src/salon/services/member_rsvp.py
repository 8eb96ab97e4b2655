"""A member answers for themselves, on their phone: going, or not.

The answer goes through the same waitlist as the organiser's
(:func:`salon.services.event_rsvp.bulk_rsvp`): beyond the event's capacity a
"yes" waits in line, and a "no" from someone going promotes the first in
line.  The member reaches only events of meetups they joined
(:func:`salon.services.meetup_roles.my_event`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from salon.db.models import Account, Member
from salon.errors import InputError
from salon.services.event_rsvp import RsvpResult, bulk_rsvp, rsvp_status
from salon.services.meetup_roles import my_event

__all__ = ["MemberEvent", "answer_for_myself", "my_events"]

#: what a member may answer; "maybe" stays the organiser's to record
MEMBER_ANSWERS = ("yes", "no")


@dataclass(frozen=True)
class MemberEvent:
    """An event of a member's meetup, and where their answer left them."""

    id: int
    title: str
    starts_on: dt.date
    venue: str | None
    status: str | None  # going, waitlisted, declined, maybe; None: not answered
    place_in_line: int | None  # 1 = next to be promoted, while waitlisted


def my_events(member: Member) -> list[MemberEvent]:
    """The member's meetup's events, newest first, with the member's own status only."""
    rows = []
    for event in sorted(member.community.events, key=lambda e: (e.starts_on, e.id), reverse=True):
        mine = next((a for a in event.attendance if a.person_id == member.person_id), None)
        line = None
        if mine is not None and mine.waitlisted and mine.rsvp == "yes":
            waiting = sorted(
                (a for a in event.attendance if a.waitlisted and a.rsvp == "yes"),
                key=lambda a: (a.answered_at is None, a.answered_at, a.id),
            )
            line = 1 + [a.id for a in waiting].index(mine.id)
        rows.append(
            MemberEvent(
                event.id,
                event.title,
                event.starts_on,
                event.venue,
                rsvp_status(mine) if mine is not None else None,
                line,
            )
        )
    return rows


def answer_for_myself(
    session: Session,
    account: Account,
    event_id: int,
    answer: str,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> RsvpResult:
    """Record the signed-in member's own answer to ``event_id``; where it left them.

    Raises
    ------
    NotFoundError
        No such event, or not one of a meetup ``account`` joined.
    InputError
        An answer other than yes or no, or an event already past.
    SnoozedError
        A "yes" while the member snoozed past the event.
    """
    if answer not in MEMBER_ANSWERS:
        raise InputError(f"answer yes or no, got {answer!r}", field="answer")
    event, member = my_event(session, account, event_id)
    if event.starts_on < (today or dt.date.today()):
        raise InputError(f"event {event.id} took place on {event.starts_on.isoformat()}")
    organiser = session.get(Account, event.community.owner_id)
    assert organiser is not None  # a community belongs to an account
    return bulk_rsvp(session, organiser, event.id, [member.person_id], answer, now=now)[0]
