"""The weekly meetup at Tomás's restaurant: members, six past evenings, their seatings.

The seatings are what a busy organiser does by hand: people who arrive together
and know each other end up together, so tables cluster by industry.  That is
deliberate: it gives the seating optimiser a baseline to improve on.
"""

from __future__ import annotations

import datetime
import math
import random

from salon.services.sample.model import (
    Intent,
    SampleCommunity,
    SampleEvent,
    SampleEventFeedback,
    SampleMember,
)
from salon.services.sample.people import Draft
from salon.services.sample.ties import ContactPlan

NAME = "The Long Table"
VENUE = "Casa Lume, Ferdinand Bolstraat 112, Amsterdam"
FOUNDED_DAYS_AGO = 420
N_EVENTS = 6
N_MEMBER_CONTACTS = 14
N_MEMBER_SECOND = 6


def _event_days(today: datetime.date) -> list[datetime.date]:
    """The last ``N_EVENTS`` Thursdays strictly before ``today``, oldest first."""
    back = (today.weekday() - 3) % 7 or 7
    last = today - datetime.timedelta(days=back)
    return [last - datetime.timedelta(weeks=w) for w in reversed(range(N_EVENTS))]


def _table_sizes(rng: random.Random, n: int) -> list[int]:
    n_tables = rng.randint(math.ceil(n / 6), n // 4)
    base, extra = divmod(n, n_tables)
    return [base + 1 if t < extra else base for t in range(n_tables)]


def _clustered_seating(
    rng: random.Random, attendees: list[str], industry: dict[str, str], sizes: list[int], shift: int
) -> tuple[tuple[str, ...], ...]:
    # Sort by industry (ties broken at random) and cut into tables: friends and
    # colleagues sit together, as they do when people choose their own seats.
    order = sorted(attendees, key=lambda k: (industry[k], rng.random()))
    order = order[shift:] + order[:shift]
    tables: list[tuple[str, ...]] = []
    at = 0
    for size in sizes:
        tables.append(tuple(order[at : at + size]))
        at += size
    return tuple(tables)


def build_community(
    rng: random.Random,
    drafts: list[Draft],
    plans: dict[str, ContactPlan],
    me: str,
    organizer: str,
    today: datetime.date,
) -> SampleCommunity:
    """Members (most come to pitch) and six weekly events with seatings and feedback."""
    founded = today - datetime.timedelta(days=FOUNDED_DAYS_AGO)
    industry = {d.key: d.industry for d in drafts}
    contacts = sorted(k for k in plans if k != organizer and not plans[k].dormant)
    seconds = sorted(d.key for d in drafts if d.group == "second")
    community_only = sorted(d.key for d in drafts if d.group == "community")
    members = [
        SampleMember(organizer, "both", founded),
        SampleMember(me, "learn", today - datetime.timedelta(days=300)),
    ]
    others = (
        rng.sample(contacts, N_MEMBER_CONTACTS)
        + rng.sample(seconds, N_MEMBER_SECOND)
        + community_only
    )
    intents: tuple[Intent, ...] = ("pitch", "learn", "both")
    for key in others:
        intent = rng.choices(intents, (0.72, 0.12, 0.16))[0]
        earliest = max(founded, plans[key].since) if key in plans else founded
        span = (today - datetime.timedelta(days=14) - earliest).days
        joined = earliest + datetime.timedelta(days=rng.randrange(max(span, 1)))
        members.append(SampleMember(key, intent, joined))
    regularity = {m.person: rng.betavariate(2.0, 2.0) for m in members}
    events: list[SampleEvent] = []
    for number, day in enumerate(_event_days(today)):
        eligible = [m.person for m in members[2:] if m.joined <= day]
        n = rng.randint(18, 30)
        present = [organizer] + ([me] if number != 2 and number != 4 else [])
        pool = list(eligible)
        while len(present) < n and pool:
            pick = rng.choices(pool, [regularity[k] + 0.05 for k in pool])[0]
            pool.remove(pick)
            present.append(pick)
        sizes = _table_sizes(rng, len(present))
        tables = tuple(min(6, s + (1 if rng.random() < 0.3 else 0)) for s in sizes)
        rounds = 2 if rng.random() < 0.5 else 1
        seatings = tuple(
            _clustered_seating(rng, present, industry, sizes, shift=r * (sizes[0] // 2))
            for r in range(rounds)
        )
        feedback: list[SampleEventFeedback] = []
        intent_of = {m.person: m.intent for m in members}
        for person in present:
            if rng.random() > (0.7 if intent_of[person] != "pitch" else 0.3):
                continue
            mates = sorted(
                {k for seating in seatings for table in seating if person in table for k in table}
                - {person}
            )
            learned = tuple(rng.sample(mates, min(len(mates), rng.randint(1, 2))))
            anyone = sorted(set(present) - {person})
            follow = tuple(rng.sample(anyone, rng.randint(0, 2)))
            feedback.append(SampleEventFeedback(person, learned, follow))
        week = (day - founded).days // 7 + 1
        events.append(
            SampleEvent(
                key=f"long-table-{day.isoformat()}",
                title=f"{NAME}, week {week}",
                when=day,
                venue=VENUE,
                tables=tables,
                rounds=rounds,
                attendees=tuple(present),
                seatings=seatings,
                feedback=tuple(feedback),
            )
        )
    return SampleCommunity(
        name=NAME,
        description=(
            "A weekly supper at Casa Lume where founders, makers and the curious share long "
            "tables. Most come to pitch; a few come to learn."
        ),
        cadence="weekly, Thursdays 19:00",
        organizer=organizer,
        members=tuple(members),
        events=tuple(events),
    )
