"""Recorded conversations, ties and lessons as plain, frozen data with the people named.

One shape for every shell: the web pages read the fields, and ``as_dict``
gives what ``salon log list``, ``tie list``, ``lesson show`` and ``person
show`` print with ``--json`` (dates as ISO strings).  Built from the ORM
records and a map of person ids to names read in one query
(:func:`names_of`), so no template or printer ever lazy-loads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Interaction, Lesson, Person, Tie

__all__ = [
    "Conversation",
    "Evidence",
    "LessonRecord",
    "TieRecord",
    "conversation_record",
    "iso",
    "lesson_record",
    "names_of",
    "tie_record",
]


def names_of(session: Session, owner: Account, ids: Iterable[int | None]) -> dict[int, str]:
    """Each id's person name, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(Person.id, Person.name).where(Person.owner_id == owner.id, Person.id.in_(wanted))
    )
    return {pid: name for pid, name in rows}  # noqa: C416 (a Result is not a mapping)


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True, slots=True)
class Conversation:
    """One logged conversation; ``participants`` are everyone in it, (id, name)."""

    id: int
    occurred_on: dt.date
    participants: tuple[tuple[int, str], ...]
    purposes: tuple[str, ...]
    depth: int
    channel: str | None
    challenged: bool
    insights: tuple[str, ...]
    outcomes: tuple[str, ...]
    learning_goal: str | None
    notes: str | None

    def others(self, person_id: int) -> tuple[tuple[int, str], ...]:
        """Who was there besides ``person_id``."""
        return tuple(p for p in self.participants if p[0] != person_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.occurred_on.isoformat(),
            "with": [name for _, name in self.participants],
            "purposes": list(self.purposes),
            "depth": self.depth,
            "channel": self.channel,
            "challenged": self.challenged,
            "insights": list(self.insights),
            "outcomes": list(self.outcomes),
            "learning_goal": self.learning_goal,
            "notes": self.notes,
        }


def conversation_record(interaction: Interaction, names: dict[int, str]) -> Conversation:
    return Conversation(
        id=interaction.id,
        occurred_on=interaction.occurred_on,
        participants=tuple(
            (p.person_id, names.get(p.person_id, f"#{p.person_id}"))
            for p in interaction.participants
        ),
        purposes=tuple(interaction.purposes),
        depth=interaction.depth,
        channel=interaction.channel,
        challenged=interaction.challenged,
        insights=tuple(i.text for i in interaction.insights),
        outcomes=tuple(interaction.outcomes),
        learning_goal=interaction.learning_goal,
        notes=interaction.notes,
    )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why salon believes a tie exists."""

    kind: str
    inferred: bool
    source: str
    observed_on: dt.date | None


@dataclass(frozen=True, slots=True)
class TieRecord:
    """A tie between two people, with the evidence it rests on."""

    id: int
    person_ids: tuple[int, int]
    people: tuple[str | None, str | None]
    since: dt.date | None
    how_met: str | None
    introduced_by: tuple[int, str | None] | None
    support: tuple[str, ...]
    manual_strength: int | None
    evidence: tuple[Evidence, ...]

    def other(self, person_id: int) -> tuple[int, str | None]:
        """The other end of the tie from ``person_id``: (id, name)."""
        first, second = self.person_ids
        return (second, self.people[1]) if first == person_id else (first, self.people[0])

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "people": list(self.people),
            "person_ids": list(self.person_ids),
            "since": iso(self.since),
            "how_met": self.how_met,
            "introduced_by": self.introduced_by[1] if self.introduced_by else None,
            "support": list(self.support),
            "strength": self.manual_strength,
            "evidence": [
                {
                    "kind": e.kind,
                    "inferred": e.inferred,
                    "source": e.source,
                    "observed_on": iso(e.observed_on),
                }
                for e in self.evidence
            ],
        }


def tie_record(tie: Tie, names: dict[int, str]) -> TieRecord:
    introducer = tie.introduced_by_id
    return TieRecord(
        id=tie.id,
        person_ids=(tie.person_a_id, tie.person_b_id),
        people=(names.get(tie.person_a_id), names.get(tie.person_b_id)),
        since=tie.since,
        how_met=tie.how_met,
        introduced_by=(introducer, names.get(introducer)) if introducer else None,
        support=tuple(tie.support),
        manual_strength=tie.manual_strength,
        evidence=tuple(
            Evidence(e.kind, e.inferred, e.source_ref, e.observed_on) for e in tie.evidence
        ),
    )


@dataclass(frozen=True, slots=True)
class LessonRecord:
    """A success or failure story, and whom it was learned from."""

    id: int
    title: str
    kind: str
    domain: str | None
    person: tuple[int, str | None] | None
    context: str | None
    what_happened: str | None
    takeaway: str | None
    tags: tuple[str, ...]
    learned_on: dt.date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "domain": self.domain,
            "from": self.person[1] if self.person else None,
            "context": self.context,
            "what_happened": self.what_happened,
            "takeaway": self.takeaway,
            "tags": list(self.tags),
            "learned_on": iso(self.learned_on),
        }


def lesson_record(lesson: Lesson, names: dict[int, str]) -> LessonRecord:
    return LessonRecord(
        id=lesson.id,
        title=lesson.title,
        kind=lesson.kind,
        domain=lesson.domain,
        person=(lesson.person_id, names.get(lesson.person_id)) if lesson.person_id else None,
        context=lesson.context,
        what_happened=lesson.what_happened,
        takeaway=lesson.takeaway,
        tags=tuple(lesson.tags),
        learned_on=lesson.learned_on,
    )
