"""Builders of realistic networks for the service tests.

:func:`build_rich_network` fills one owner's network with every kind of record
salon keeps (people with emails, attributes and tags; ties with every kind of
evidence; interactions with insights; ideas with versions and feedback;
lessons; notes; a community with members, an event, attendance, seats,
encounters and post-event feedback), through the services wherever a service
exists, so that exports, merges and imports are tested on data that looks like
a user's.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from salon.db.models import Account, Encounter, EventFeedback, Note, Person, Seat, SeatingPair
from salon.db.store import Store
from salon.services.accounts import me, owner_account
from salon.services.archive import export_archive
from salon.services.ideas import add_feedback, add_idea, add_version
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.lessons import add_lesson
from salon.services.meetup import add_member, check_in, create_community, create_event, rsvp
from salon.services.people import PersonFields, add_person
from salon.services.ties import ensure_tie

PEOPLE = {
    "ana": PersonFields(
        name="Ana López",
        first_name="Ana",
        last_name="López",
        emails=["ana.lopez@clinic.example", "ana@old-mail.example"],
        organization="Hospital Clínic de Barcelona",
        role="Head of Innovation",
        url="https://www.linkedin.com/in/ana-lopez-4b2a1c/",
        phone="+34 600 123 456",
        industry="Healthcare",
        discipline="Medicine",
        bio="Runs the hospital's open-innovation programme.",
        connected_on=dt.date(2024, 3, 1),
        attributes={"country": "Spain", "generation": "Millennial"},
        expertise=["surgery scheduling", "clinical trials"],
        interests=["logistics"],
        tags=["health", "meetup"],
    ),
    "raj": PersonFields(
        name="Rajesh Patel",
        emails=["raj.patel@example.com"],
        organization="Tata Consultancy Services",
        role="Principal Architect",
        url="https://www.linkedin.com/in/rajpatel",
        industry="IT services",
        discipline="Software engineering",
        attributes={"country": "India"},
        expertise=["distributed systems"],
        tags=["tech"],
    ),
    "mei": PersonFields(
        name="Mei Chen",
        emails=["mei@chenwong.studio"],
        organization="IDEO",
        role="Design Lead, Health",
        url="https://www.linkedin.com/in/mei-chen-design",
        industry="Design",
        discipline="Industrial design",
        attributes={"country": "United States"},
        interests=["repair", "circular economy"],
    ),
    "soren": PersonFields(
        name="Søren Kierkegaard-Holm",
        organization="Vestas Wind Systems",
        role="Senior Blade Design Engineer",
        industry="Energy",
        discipline="Mechanical engineering",
        attributes={"country": "Denmark"},
        expertise=["composite materials"],
        interests=["biomimicry"],
    ),
    "lucia": PersonFields(
        name="Lucía Fernández Ruiz",
        emails=["lucia.fernandez@ecoalf.example"],
        organization="Ecoalf",
        role="Materials Scientist",
        industry="Apparel",
        discipline="Materials science",
        expertise=["recycled textiles", "life-cycle assessment"],
        tags=["circular economy"],
    ),
    "kwame": PersonFields(
        name="Kwame Mensah",
        organization="Self-employed",
        role="Jazz Musician & Sound Designer",
        industry="Music",
        discipline="Arts",
        attributes={"country": "Ghana"},
    ),
    "emily": PersonFields(
        name="Emily O'Brien",
        emails=["emily.obrien@ed.example.ac.uk"],
        organization="University of Edinburgh",
        role="Senior Lecturer in Ecology",
        industry="Education",
        discipline="Ecology",
        attributes={"country": "United Kingdom", "education": "PhD"},
    ),
}


@dataclass(frozen=True)
class RichNetwork:
    """Ids of what :func:`build_rich_network` stored, by short name."""

    people: dict[str, int]
    interactions: tuple[int, ...]
    idea_id: int
    community_id: int
    event_id: int


def build_rich_network(session: Session, owner: Account) -> RichNetwork:
    """Store a small but complete network for ``owner`` (see the module docstring)."""
    user = me(session, owner)
    people = {key: add_person(session, owner, fields) for key, fields in PEOPLE.items()}
    p = people

    ensure_tie(
        session,
        owner,
        user,
        p["ana"],
        evidence="stated",
        source_ref="import:linkedin",
        since=dt.date(2024, 3, 1),
        how_met="Health Hackathon 2024",
        support=["advice", "moral"],
        strength=4,
    )
    ensure_tie(
        session,
        owner,
        p["ana"],
        p["lucia"],
        evidence="introducer",
        introduced_by=user,
        how_met="I introduced them",
        since=dt.date(2025, 1, 15),
    )
    ensure_tie(session, owner, p["raj"], p["mei"], evidence="stated", support=["resources"])
    ensure_tie(
        session, owner, p["soren"], p["emily"], evidence="same_organization", source_ref="inferred"
    )

    interactions = (
        log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=dt.date(2025, 6, 3),
                participants=[p["ana"], p["soren"], p["kwame"]],
                purposes=["learn", "explore_idea"],
                depth=4,
                channel="in person",
                challenged=True,
                insights=[
                    "Pit-stop choreography shortens theatre changeovers",
                    "Leading-edge erosion looks like rain damage on radomes",
                ],
                outcomes=["insight", "introduction"],
                learning_goal="How do other fields cut changeover time?",
                notes="Dinner after the hackathon.",
            ),
        ),
        log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=dt.date(2025, 9, 20),
                participants=[p["raj"]],
                purposes=["pitch"],
                depth=2,
                channel="video",
                outcomes=["lead"],
            ),
        ),
    )

    idea = add_idea(
        session,
        owner,
        "Pit-stop theatre turnover",
        problem="Operating theatres sit idle between surgeries.",
        domain="healthcare",
        needs=["Scheduling", "change management"],
        created_on=dt.date(2025, 6, 10),
    )
    add_version(session, idea, "Rehearsed roles and staged tools", created_on=dt.date(2025, 7, 1))
    add_feedback(
        session,
        idea,
        p["ana"],
        "Surgeons will resist choreography.",
        stance="challenging",
        version=1,
        given_on=dt.date(2025, 6, 12),
    )
    add_feedback(
        session,
        idea,
        p["kwame"],
        "A rhythm section rehearses the hand-offs, not the solos.",
        stance="supportive",
        given_on=dt.date(2025, 7, 2),
    )

    add_lesson(
        session,
        owner,
        "Take-back schemes fail when returning is harder than throwing away",
        person=p["lucia"],
        context="Apparel take-back pilot",
        what_happened="Few returns until a deposit was added",
        takeaway="Make returning the easy path",
        kind="failure",
        domain="circular economy",
        tags=["Incentives", "reverse logistics"],
        learned_on=dt.date(2025, 2, 2),
    )
    add_lesson(session, owner, "Rehearse the hand-offs", person=p["kwame"], tags=["teams"])
    session.add(
        Note(
            owner_id=owner.id,
            ref="n-002",
            person_id=p["soren"].id,
            role="blade design engineer",
            domain="wind energy",
            text="Aerospace coatings transferred well to turbine blades.",
        )
    )

    community = create_community(
        session, owner, "Thursday Salon", description="Weekly dinner meetup", cadence="weekly"
    )
    add_member(session, owner, community, user, intent="learn", organiser=True)
    add_member(session, owner, community, p["ana"], intent="learn", joined_on=dt.date(2025, 1, 9))
    add_member(session, owner, community, p["raj"], intent="pitch", joined_on=dt.date(2025, 1, 9))
    add_member(session, owner, community, p["mei"], intent="both")
    add_member(session, owner, community, p["kwame"], intent="learn")
    event = create_event(
        session,
        owner,
        community,
        title="Dinner #12",
        on=dt.date(2025, 10, 2),
        tables=[3, (2, 3)],
        rounds=2,
        venue="Casa Mila restaurant",
    )
    event.tables[0].host_id = user.id
    for person in (p["ana"], p["raj"], p["mei"]):
        rsvp(session, owner, event, person, "yes")
    rsvp(session, owner, event, p["kwame"], "maybe")
    check_in(session, owner, event, p["ana"], dt.datetime(2025, 10, 2, 19, 5, tzinfo=dt.UTC))
    check_in(session, owner, event, p["raj"], dt.datetime(2025, 10, 2, 19, 12, tzinfo=dt.UTC))
    seating = {1: [(1, "ana"), (1, "raj"), (2, "mei")], 2: [(1, "ana"), (2, "raj"), (2, "mei")]}
    for round_, seats in seating.items():
        for table, who in seats:
            session.add(
                Seat(event_id=event.id, round=round_, table_number=table, person_id=p[who].id)
            )
    for round_, (x, y) in ((1, ("ana", "raj")), (2, ("raj", "mei"))):
        a, b = sorted((p[x].id, p[y].id))
        session.add(
            Encounter(
                community_id=community.id,
                event_id=event.id,
                round=round_,
                person_a_id=a,
                person_b_id=b,
                met_on=event.starts_on,
            )
        )
    session.add(
        EventFeedback(
            event_id=event.id, person_id=p["ana"].id, about_id=p["raj"].id, kind="learned_from"
        )
    )
    session.add(
        EventFeedback(
            event_id=event.id, person_id=p["mei"].id, about_id=p["ana"].id, kind="follow_up"
        )
    )
    session.add(
        SeatingPair(community_id=community.id, kind="apart", **_ordered(p["raj"], p["mei"]))
    )
    session.add(
        SeatingPair(community_id=community.id, kind="together", **_ordered(p["ana"], p["kwame"]))
    )
    session.flush()
    return RichNetwork(
        people={key: person.id for key, person in people.items()} | {"me": user.id},
        interactions=tuple(x.id for x in interactions),
        idea_id=idea.id,
        community_id=community.id,
        event_id=event.id,
    )


def _ordered(x: Person, y: Person) -> dict[str, int]:
    a, b = sorted((x.id, y.id))
    return {"person_a_id": a, "person_b_id": b}


def archive_text(store: Store, owner_name: str = "me") -> str:
    """The owner's JSON archive as canonical text, to compare two states of a store."""
    with store.reading() as session:
        document = export_archive(session, owner_account(session, owner_name))
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)
