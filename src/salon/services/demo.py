"""``salon demo``: load the seeded sample network into a store.

The sample itself (people, ties, conversations, ideas, lessons, a weekly
meetup) is generated as plain data by :mod:`salon.services.sample`; this
module writes it through the same services a user's commands use, so the demo
exercises the real code paths (derived ties included).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy.orm import Session

from salon.db.models import Account, Person
from salon.io.normalise import normalise_name
from salon.services.accounts import me
from salon.services.ideas import add_feedback, add_idea, add_version
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.lessons import add_lesson
from salon.services.meetup import (
    add_member,
    check_in,
    create_community,
    create_event,
    get_community,
    record_feedback,
    record_seating,
)
from salon.services.meetup.reports import EventSummary, event_summary
from salon.services.meetup.seating import seat_event
from salon.services.people import PersonFields, apply_fields
from salon.services.sample import SampleNetwork
from salon.services.ties import ensure_tie, forget_tie_cache


@dataclass(frozen=True)
class LoadedSample:
    """Database ids of the loaded sample, by the sample's keys."""

    people: dict[str, int]
    community_id: int
    event_ids: tuple[int, ...]


def load_sample(session: Session, owner: Account, sample: SampleNetwork) -> LoadedSample:
    """Write ``sample`` into ``owner``'s (empty) network."""
    # The sample is consistent by construction (its tests check that), so the
    # per-query autoflush that guards interactive edits only costs time here.
    with session.no_autoflush:
        return _load(session, owner, sample)


def _load(session: Session, owner: Account, sample: SampleNetwork) -> LoadedSample:
    people = _load_people(session, owner, sample)
    session.flush()
    _load_ties(session, owner, sample, people)
    _load_interactions(session, owner, sample, people)
    _load_ideas(session, owner, sample, people)
    _load_lessons(session, owner, sample, people)
    community_id, event_ids = _load_community(session, owner, sample, people)
    session.flush()
    return LoadedSample({k: p.id for k, p in people.items()}, community_id, event_ids)


def _load_people(session: Session, owner: Account, sample: SampleNetwork) -> dict[str, Person]:
    user = me(session, owner)
    people: dict[str, Person] = {}
    for sp in sample.people:
        person = (
            user if sp.key == sample.me else Person(owner_id=owner.id, name=sp.name, name_key="")
        )
        if person is not user:
            session.add(person)
        apply_fields(
            session,
            owner,
            person,
            PersonFields(
                name=sp.name,
                emails=[sp.email] if sp.email else [],
                organization=sp.organization,
                role=sp.role,
                url=sp.url,
                industry=sp.industry,
                discipline=sp.discipline,
                bio=sp.bio,
                attributes=dict(sp.attributes),
                expertise=sp.expertise,
                interests=sp.interests,
            ),
            overwrite=True,
        )
        if not person.name_key:
            person.name_key = normalise_name(sp.name)
        people[sp.key] = person
    return people


def _load_ties(
    session: Session, owner: Account, sample: SampleNetwork, people: dict[str, Person]
) -> None:
    for tie in sample.ties:
        ensure_tie(
            session,
            owner,
            people[tie.a],
            people[tie.b],
            evidence=tie.evidence,
            source_ref="demo",
            since=tie.since,
            introduced_by=people[tie.introduced_by] if tie.introduced_by else None,
            support=tie.support,
            strength=tie.strength,
        )


def _load_interactions(
    session: Session, owner: Account, sample: SampleNetwork, people: dict[str, Person]
) -> None:
    for x in sample.interactions:
        log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=x.when,
                participants=[people[k] for k in x.participants],
                purposes=sorted(x.purposes),
                depth=x.depth,
                channel=x.channel,
                challenged=x.challenged,
                insights=x.insights,
                outcomes=sorted(x.outcomes),
                notes=x.notes,
            ),
        )


def _load_ideas(
    session: Session, owner: Account, sample: SampleNetwork, people: dict[str, Person]
) -> None:
    for si in sample.ideas:
        first = si.versions[0]
        idea = add_idea(
            session,
            owner,
            si.title,
            problem=si.problem,
            domain=si.domain,
            needs=sorted(si.needs),
            text=first.text,
            created_on=first.created,
            status=si.status,
        )
        for version in si.versions[1:]:
            add_version(session, idea, version.text, created_on=version.created)
        for fb in si.feedback:
            add_feedback(
                session,
                idea,
                people[fb.person],
                fb.text,
                stance=fb.stance,
                version=fb.version,
                given_on=fb.given,
            )


def _load_lessons(
    session: Session, owner: Account, sample: SampleNetwork, people: dict[str, Person]
) -> None:
    for lesson in sample.lessons:
        add_lesson(
            session,
            owner,
            lesson.title,
            person=people[lesson.person],
            context=lesson.context,
            what_happened=lesson.what_happened,
            takeaway=lesson.takeaway,
            kind=lesson.kind,
            domain=lesson.domain,
            tags=lesson.tags,
            learned_on=lesson.learned,
        )


def _load_community(
    session: Session, owner: Account, sample: SampleNetwork, people: dict[str, Person]
) -> tuple[int, tuple[int, ...]]:
    """The sample community, its members and its past events, seated by hand; their ids."""
    sc = sample.community
    community = create_community(
        session, owner, sc.name, description=sc.description, cadence=sc.cadence
    )
    for member in sc.members:
        add_member(
            session,
            owner,
            community,
            people[member.person],
            intent=member.intent,
            joined_on=member.joined,
            organiser=member.person == sc.organizer,
        )
    event_ids = []
    for se in sc.events:
        event = create_event(
            session,
            owner,
            community,
            on=se.when,
            tables=list(se.tables),
            rounds=se.rounds,
            title=se.title,
            venue=se.venue,
        )
        for key in se.attendees:
            arrived = dt.datetime.combine(se.when, dt.time(19, 0), dt.UTC)
            check_in(session, owner, event, people[key], arrived)
        for number, tables in enumerate(se.seatings, start=1):
            record_seating(session, event, number, [[people[k] for k in table] for table in tables])
        for event_fb in se.feedback:
            record_feedback(
                session,
                owner,
                event,
                people[event_fb.person],
                learned_from=[people[k] for k in event_fb.learned_from],
                follow_up=[people[k] for k in event_fb.follow_up],
            )
        event_ids.append(event.id)
    return community.id, tuple(event_ids)


@dataclass(frozen=True)
class DemoMeetup:
    """Last week's evening seated by hand and by salon, and next week's event.

    ``by_hand`` and ``by_salon`` are the same evening: the same people at the
    same tables for the same rounds, after the same earlier events, so the
    figures compare like with like.  salon's seating of it is not kept;
    next week's event (``event_id``) is seated by salon and kept, to explore.
    """

    event_id: int
    by_hand: EventSummary
    by_salon: EventSummary
    elapsed: float  # seconds salon searched for last week's seating


def seat_next_meetup(
    session: Session,
    owner: Account,
    loaded: LoadedSample,
    *,
    n_attendees: int = 30,
    time_limit: float = 2.0,
    seed: int = 0,
) -> DemoMeetup:
    """Seat last week's evening again with salon (then put the hand seating back), and
    create and seat next week's event for ``n_attendees`` members."""
    community = get_community(session, owner, loaded.community_id)
    last = max(community.events, key=lambda e: (e.starts_on, e.id))
    by_hand = event_summary(session, owner, last.id)
    # salon seats the very evening the organiser seated by hand, in a savepoint
    # rolled back afterwards: the stored evening (seats, encounters, ties) stays
    savepoint = session.begin_nested()
    try:
        outcome = seat_event(session, owner, last.id, time_limit=time_limit, seed=seed)
        by_salon = event_summary(session, owner, last.id)
    finally:
        savepoint.rollback()
        forget_tie_cache(session)  # the ties salon's seating wrote are gone again
    event = create_event(
        session,
        owner,
        community,
        on=last.starts_on + dt.timedelta(days=7),
        tables=[6] * -(-n_attendees // 6),
        rounds=3,
        title=f"{community.name}, next week",
        venue=last.venue,
    )
    rng = random.Random(seed)
    members = [m.person for m in community.members]
    for person in rng.sample(members, min(n_attendees, len(members))):
        arrived = dt.datetime.combine(event.starts_on, dt.time(19), dt.UTC)
        check_in(session, owner, event, person, arrived)
    seat_event(session, owner, event.id, time_limit=time_limit, seed=seed)
    return DemoMeetup(event.id, by_hand, by_salon, outcome.elapsed)
