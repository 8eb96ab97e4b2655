"""A member's own evening: their table per round, their tablemates, the table's starter.

The member reaches the event through :func:`salon.services.meetup_roles.my_event`;
of each tablemate they see the name and only the profile fields that
tablemate chose to share (``MemberProfileField.shared``).  The starter is the
one the organiser's table cards print (:func:`salon.services.meetup.reports.seating_view`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Member, MemberProfileField, Person, Seat
from salon.services.meetup.reports import seating_view
from salon.services.meetup_roles import my_event

__all__ = ["MyRound", "MyTable", "Tablemate", "my_table"]


@dataclass(frozen=True)
class Tablemate:
    person_id: int
    name: str
    shared: Mapping[str, str]  # profile field → value, only what they share


@dataclass(frozen=True)
class MyRound:
    round: int
    table: int
    tablemates: tuple[Tablemate, ...]
    starter: str


@dataclass(frozen=True)
class MyTable:
    """The member's evening; ``rounds`` is empty until the organiser seats it."""

    event_id: int
    title: str
    starts_on: dt.date
    venue: str | None
    community_id: int
    person_id: int
    name: str
    rounds: tuple[MyRound, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "event_id": self.event_id,
            "title": self.title,
            "starts_on": self.starts_on.isoformat(),
            "person_id": self.person_id,
            "rounds": [
                {
                    "round": r.round,
                    "table": r.table,
                    "starter": r.starter,
                    "tablemates": [
                        {"person_id": m.person_id, "name": m.name, "shared": dict(m.shared)}
                        for m in r.tablemates
                    ],
                }
                for r in self.rounds
            ],
        }


def _shared_fields(session: Session, community_id: int, ids: set[int]) -> dict[int, dict[str, str]]:
    rows = session.execute(
        select(Member.person_id, MemberProfileField.field, MemberProfileField.value)
        .join(MemberProfileField, MemberProfileField.member_id == Member.id)
        .where(
            Member.community_id == community_id,
            Member.person_id.in_(ids),
            MemberProfileField.shared.is_(True),
        )
    )
    shared: dict[int, dict[str, str]] = {}
    for person_id, field, value in rows:
        shared.setdefault(person_id, {})[field] = value
    return shared


def my_table(session: Session, account: Account, event_id: int) -> MyTable:
    """The signed-in member's tables at ``event_id``, round by round.

    Raises
    ------
    NotFoundError
        No such event, or not one of a meetup ``account`` joined.
    """
    event, member = my_event(session, account, event_id)
    me = member.person_id
    seats = list(session.scalars(select(Seat).where(Seat.event_id == event.id)))
    mine = {s.round: s.table_number for s in seats if s.person_id == me}
    mates = {
        (s.round, s.person_id)
        for s in seats
        if s.person_id != me and mine.get(s.round) == s.table_number
    }
    ids = {pid for _, pid in mates}
    named = select(Person.id, Person.name).where(Person.id.in_(ids))
    names: dict[int, str] = dict(session.execute(named).all())
    shared = _shared_fields(session, event.community_id, ids)
    starters: dict[tuple[int, int], str] = {}
    if mine:
        owner = session.get(Account, event.community.owner_id)
        assert owner is not None
        view = seating_view(session, owner, event.id)
        starters = {(t.round, t.number): t.starter.text for t in view.tables}
    rounds = tuple(
        MyRound(
            r,
            table,
            tuple(
                Tablemate(pid, names[pid], shared.get(pid, {}))
                for pid in sorted(ids, key=lambda i: (names[i].casefold(), i))
                if (r, pid) in mates
            ),
            starters.get((r, table), ""),
        )
        for r, table in sorted(mine.items())
    )
    person = session.get(Person, me)
    assert person is not None
    return MyTable(
        event.id,
        event.title,
        event.starts_on,
        event.venue,
        event.community_id,
        me,
        person.name,
        rounds,
    )
