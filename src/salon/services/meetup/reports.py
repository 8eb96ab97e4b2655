"""What an organiser sees of a seating, as plain data: tables with starters, a summary.

The shells show it: :mod:`salon.render.seating` writes it as CSV or table cards.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Event, EventFeedback, Idea, Lesson, Person
from salon.errors import InputError
from salon.services.meetup.lookup import get_event
from salon.services.meetup.profiles import (
    Profile,
    pairwise_diversity,
    profiles_of,
    table_diversity,
)
from salon.services.meetup.seating import earlier_encounters

if TYPE_CHECKING:
    from salon.seating import ConversationStarter

__all__ = [
    "EventSummary",
    "FeedbackSummary",
    "SeatingView",
    "TableSummary",
    "TableView",
    "event_summary",
    "seating_view",
]


@dataclass(frozen=True)
class TableView:
    """One table in one round: who sits there and what to talk about."""

    round: int
    number: int
    host_id: int | None
    people: tuple[Profile, ...]
    starter: ConversationStarter


@dataclass(frozen=True)
class SeatingView:
    """A stored seating, ready to print."""

    event_id: int
    title: str
    starts_on: dt.date
    venue: str | None
    community: str
    tables: tuple[TableView, ...]

    @property
    def rounds(self) -> list[int]:
        return sorted({t.round for t in self.tables})


def _seated(session: Session, event: Event) -> tuple[dict[int, Profile], dict[int, Person]]:
    ids = {s.person_id for s in event.seats}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    ordered = [people[i] for i in sorted(people)]
    profiles = profiles_of(ordered, event.community.members)
    return {p.person_id: p for p in profiles}, people


# Lessons per person a starter may draw on (the most recent first).
_LESSONS_PER_PERSON = 2


def _what_people_bring(
    session: Session, owner: Account, people: dict[int, Person]
) -> dict[int, dict[str, list[str]]]:
    """person id → the lessons they brought (takeaways) and, for the user, their open ideas."""
    brought: dict[int, dict[str, list[str]]] = {pid: {"lessons": [], "ideas": []} for pid in people}
    lessons = session.execute(
        select(Lesson.person_id, Lesson.takeaway, Lesson.title)
        .where(Lesson.owner_id == owner.id, Lesson.person_id.in_(list(people)))
        .order_by(Lesson.learned_on.desc(), Lesson.id)
    )
    for person_id, takeaway, title in lessons:
        mine = brought[person_id]["lessons"] if person_id is not None else []
        if len(mine) < _LESSONS_PER_PERSON:
            mine.append(takeaway or title)
    user = next((pid for pid, p in people.items() if p.is_me), None)
    if user is not None:
        brought[user]["ideas"] = list(
            session.scalars(
                select(Idea.title)
                .where(Idea.owner_id == owner.id, Idea.status == "open")
                .order_by(Idea.id)
            )
        )
    return brought


def seating_view(
    session: Session, owner: Account, event_id: int, round_number: int | None = None
) -> SeatingView:
    """The stored seating of an event (one round or all), a starter per table.

    The starters are chosen for the whole evening at once
    (:func:`salon.seating.conversation.evening_conversation_starters`), so no
    two tables of the evening get the same one, whichever round is shown.

    Raises
    ------
    InputError
        The event has no seating yet, or no such round.
    """
    # imported here: salon.seating loads the compiled solver (numba), slow to start
    from salon.seating.conversation import evening_conversation_starters

    event = get_event(session, owner, event_id)
    if not event.seats:
        raise InputError(f"event {event.id} has no seating yet; run `salon meetup seat {event.id}`")
    if round_number is not None and not 1 <= round_number <= event.rounds:
        raise InputError(
            f"event {event.id} has rounds 1-{event.rounds}, got {round_number}", field="round"
        )
    profiles, people = _seated(session, event)
    brought = _what_people_bring(session, owner, people)
    hosts = {t.number: t.host_id for t in event.tables}
    grouped: dict[tuple[int, int], list[Profile]] = {}
    for seat in event.seats:
        grouped.setdefault((seat.round, seat.table_number), []).append(profiles[seat.person_id])
    keys = sorted(grouped)
    for (_, number), members in grouped.items():
        host = hosts.get(number)
        members.sort(key=lambda p: (p.person_id != host, p.name, p.person_id))
    starters = evening_conversation_starters(
        [[{**asdict(p), **brought[p.person_id]} for p in grouped[key]] for key in keys]
    )
    tables = [
        TableView(r, number, hosts.get(number), tuple(grouped[r, number]), starter)
        for (r, number), starter in zip(keys, starters, strict=True)
        if round_number is None or r == round_number
    ]
    return SeatingView(
        event.id,
        event.title,
        event.starts_on,
        event.venue,
        event.community.name,
        tuple(tables),
    )


@dataclass(frozen=True)
class TableSummary:
    """One table in one round: size, intents, diversity."""

    round: int
    table: int
    n_people: int
    n_learn: int
    n_pitch: int
    n_both: int
    n_industries: int
    diversity: float  # mean d over the table's pairs; NaN below two people


@dataclass(frozen=True)
class FeedbackSummary:
    """What people said after the event, in aggregate (no one's answers singled out).

    ``most_learned_from`` lists (name, how many learned from them), most first,
    at most five; ``n_learned_from_cross_industry`` counts the learned-from
    answers between people whose (known) industries differ.
    """

    n_people: int = 0  # who gave feedback
    n_learned_from: int = 0
    n_learned_from_cross_industry: int = 0
    n_follow_ups: int = 0
    most_learned_from: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class EventSummary:
    """How well an event mixed people.

    ``repeat_rate`` is the share of the pairs who shared a table (in any round)
    and had already shared one at an earlier event of the community;
    ``n_new_cross_industry`` counts pairs meeting for the first time in the
    community whose (known) industries differ; ``mean_table_diversity`` is the
    mean over tables and rounds of the mean pairwise diversity d.
    """

    event_id: int
    title: str
    starts_on: dt.date
    n_seated: int
    n_pairs: int
    n_new_encounters: int
    n_new_cross_industry: int
    repeat_rate: float
    n_repeated_within_event: int
    mean_table_diversity: float
    tables: tuple[TableSummary, ...]
    feedback: FeedbackSummary = FeedbackSummary()

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON (NaN becomes ``None``)."""

        def clean(value: Any) -> Any:
            if isinstance(value, float) and math.isnan(value):
                return None
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [clean(v) for v in value]
            return value

        result: dict[str, Any] = clean(asdict(self))
        return result


def event_summary(session: Session, owner: Account, event_id: int) -> EventSummary:
    """New cross-industry encounters, repeat rate, intents per table, table diversity,
    and the feedback in aggregate.

    Raises
    ------
    InputError
        The event has no seating yet.
    """
    event = get_event(session, owner, event_id)
    if not event.seats:
        raise InputError(f"event {event.id} has no seating yet; run `salon meetup seat {event.id}`")
    profiles, _ = _seated(session, event)
    ids = sorted(profiles)
    index = {pid: k for k, pid in enumerate(ids)}
    d = pairwise_diversity([profiles[i] for i in ids])
    grouped: dict[tuple[int, int], list[int]] = {}
    for seat in event.seats:
        grouped.setdefault((seat.round, seat.table_number), []).append(seat.person_id)
    times: dict[tuple[int, int], int] = {}
    tables = []
    for (r, number), members in sorted(grouped.items()):
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                times[(a, b)] = times.get((a, b), 0) + 1
        intents = [profiles[p].intent for p in members]
        industries = {(profiles[p].industry or "").casefold() for p in members} - {""}
        tables.append(
            TableSummary(
                round=r,
                table=number,
                n_people=len(members),
                n_learn=intents.count("learn"),
                n_pitch=intents.count("pitch"),
                n_both=intents.count("both"),
                n_industries=len(industries),
                diversity=table_diversity(d, [index[p] for p in members]),
            )
        )
    met_before = {(a, b) for a, b, _ in earlier_encounters(session, event)}
    repeats = sum(1 for pair in times if pair in met_before)

    def cross_industry(a: int, b: int) -> bool:
        x, y = profiles[a].industry, profiles[b].industry
        return bool(x and y and x.casefold() != y.casefold())

    new_pairs = [pair for pair in times if pair not in met_before]
    feedback = _feedback_summary(session, event)
    diversities = [t.diversity for t in tables if not math.isnan(t.diversity)]
    return EventSummary(
        event_id=event.id,
        title=event.title,
        starts_on=event.starts_on,
        n_seated=len(ids),
        n_pairs=len(times),
        n_new_encounters=len(new_pairs),
        n_new_cross_industry=sum(1 for a, b in new_pairs if cross_industry(a, b)),
        repeat_rate=repeats / len(times) if times else float("nan"),
        n_repeated_within_event=sum(1 for k in times.values() if k > 1),
        mean_table_diversity=float(np.mean(diversities)) if diversities else float("nan"),
        tables=tuple(tables),
        feedback=feedback,
    )


def _feedback_summary(session: Session, event: Event) -> FeedbackSummary:
    rows = session.execute(
        select(EventFeedback.person_id, EventFeedback.about_id, EventFeedback.kind).where(
            EventFeedback.event_id == event.id
        )
    ).all()
    if not rows:
        return FeedbackSummary()
    ids = {x for person, about, _ in rows for x in (person, about)}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    learned = [(person, about) for person, about, kind in rows if kind == "learned_from"]

    def cross_industry(a: int, b: int) -> bool:
        x, y = people[a].industry, people[b].industry
        return bool(x and y and x.casefold() != y.casefold())

    counts = Counter(about for _, about in learned)
    top = sorted(counts.items(), key=lambda item: (-item[1], people[item[0]].name, item[0]))[:5]
    return FeedbackSummary(
        n_people=len({person for person, _, _ in rows}),
        n_learned_from=len(learned),
        n_learned_from_cross_industry=sum(1 for a, b in learned if cross_industry(a, b)),
        n_follow_ups=sum(1 for _, _, kind in rows if kind == "follow_up"),
        most_learned_from=tuple((people[pid].name, n) for pid, n in top),
    )
