"""``/api/meetups`` and ``/api/events``: run a meetup as JSON (documented at ``/docs``).

The organiser's side: create a meetup, add members, create events with a
capacity, RSVP (with the waitlist), check in, read who comes, seat.  The same
services as the pages and the CLI, scoped to the bearer token's account: an
event of another account is a 404 like a missing one.

Each route opens its transaction in its own thread (:func:`owner_transaction`),
not through the ``OwnerSession`` dependency: a dependency's transaction begins
in one worker thread and the route runs in another, so under a rush (200
check-ins at once) every connection of the pool was held by a request waiting
for a thread while every thread waited for a connection.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from salon.services.event_rsvp import answer_rsvp, bulk_check_in, event_roster
from salon.services.meetup import create_community, get_event
from salon.services.meetup.seating import seat_event
from salon.services.meetup_events import (
    add_member_from_details,
    create_event_with_capacity,
    seating_rounds,
)
from salon.web.context import owner_transaction
from salon.web.routes.api import bearer

router = APIRouter(prefix="/api", tags=["meetups"], dependencies=[Depends(bearer)])

#: seconds a seating request may search at most: the request holds a write transaction
MAX_SEAT_SECONDS = 60.0


class MeetupIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, examples=["The Long Table"])
    description: str | None = None
    cadence: str | None = Field(default=None, examples=["weekly"])


class Created(BaseModel):
    id: int


class MemberIn(BaseModel):
    name: str = Field(min_length=1, max_length=300, examples=["Ana López"])
    email: str | None = Field(default=None, examples=["ana@biolab.org"])
    intent: Literal["learn", "pitch", "both"] = "both"
    industry: str | None = Field(default=None, examples=["biotech"])


class MemberOut(BaseModel):
    person_id: int
    created: bool = Field(description="Whether a new person was added to your network.")


class EventIn(BaseModel):
    date: dt.date
    tables: list[int] = Field(min_length=1, examples=[[6, 6, 6, 5]])
    rounds: int = Field(default=1, ge=1, le=20)
    capacity: int | None = Field(
        default=None, ge=0, description="Seats for yes answers; more wait. None: no limit."
    )
    title: str | None = None
    venue: str | None = None
    start_time: dt.time | None = Field(default=None, examples=["19:00"])


class RsvpIn(BaseModel):
    person_id: int
    answer: Literal["yes", "no", "maybe"]


class RsvpOut(BaseModel):
    person_id: int
    status: Literal["going", "waitlisted", "declined", "maybe"]


class CheckinIn(BaseModel):
    person_id: int


class EventOut(BaseModel):
    id: int
    meetup_id: int
    title: str
    date: dt.date
    start_time: dt.time | None
    capacity: int | None
    tables: list[int] = Field(description="Each table's largest size.")
    rounds: int
    going: list[int] = Field(description="Person ids, by id.")
    waitlisted: list[int] = Field(description="Person ids, in the order they will be promoted.")
    checked_in: list[int]
    declined: list[int]


class SeatIn(BaseModel):
    time_limit: float = Field(default=5.0, gt=0, le=MAX_SEAT_SECONDS)
    from_round: int | None = Field(
        default=None, ge=1, description="Late arrivals: keep earlier rounds, re-seat from here."
    )
    seed: int = 0


class SeatOut(BaseModel):
    rounds: list[list[list[int]]] = Field(description="round → table → person ids")
    message: str
    n_repeat_pairings: int
    n_forced_repeat_pairings: int


@router.post("/meetups", response_model=Created, status_code=201)
def create_meetup(request: Request, body: MeetupIn) -> Created:
    """Create a meetup you organise (409 if you have one of that name)."""
    with owner_transaction(request) as (session, owner):
        community = create_community(
            session, owner, body.name, description=body.description, cadence=body.cadence
        )
        return Created(id=community.id)


@router.post("/meetups/{community_id}/members", response_model=MemberOut, status_code=201)
def add_member(request: Request, community_id: int, body: MemberIn) -> MemberOut:
    """Add a member: the person with that e-mail in your network, else a new person."""
    with owner_transaction(request) as (session, owner):
        member, created = add_member_from_details(
            session,
            owner,
            community_id,
            name=body.name,
            email=body.email,
            intent=body.intent,
            industry=body.industry,
        )
        return MemberOut(person_id=member.person_id, created=created)


@router.post("/meetups/{community_id}/events", response_model=Created, status_code=201)
def create_event(request: Request, community_id: int, body: EventIn) -> Created:
    """Create an event with its tables (sizes), rounds and capacity."""
    with owner_transaction(request) as (session, owner):
        event = create_event_with_capacity(
            session,
            owner,
            community_id,
            on=body.date,
            tables=list(body.tables),
            rounds=body.rounds,
            capacity=body.capacity,
            title=body.title,
            venue=body.venue,
            start_time=body.start_time,
        )
        return Created(id=event.id)


@router.post("/events/{event_id}/rsvp", response_model=RsvpOut)
def rsvp(request: Request, event_id: int, body: RsvpIn) -> RsvpOut:
    """Answer for someone: going, or waitlisted beyond the capacity; a no frees a seat."""
    with owner_transaction(request) as (session, owner):
        result = answer_rsvp(session, owner, event_id, body.person_id, body.answer)
    return RsvpOut(person_id=result.person_id, status=result.status)


@router.post("/events/{event_id}/checkin", response_model=RsvpOut)
def checkin(request: Request, event_id: int, body: CheckinIn) -> RsvpOut:
    """Mark someone as arrived (checking in again keeps the first time)."""
    with owner_transaction(request) as (session, owner):
        result = bulk_check_in(session, owner, event_id, [body.person_id])[0]
    return RsvpOut(person_id=result.person_id, status="going")


@router.get("/events/{event_id}", response_model=EventOut)
def event(request: Request, event_id: int) -> EventOut:
    """Who is going, waiting (in order) and checked in."""
    with owner_transaction(request) as (session, owner):
        found = get_event(session, owner, event_id)
        roster = event_roster(found)
        return EventOut(
            id=found.id,
            meetup_id=found.community_id,
            title=found.title,
            date=found.starts_on,
            start_time=found.start_time,
            capacity=found.capacity,
            tables=[t.max_size for t in found.tables],
            rounds=found.rounds,
            going=roster.going,
            waitlisted=roster.waitlisted,
            checked_in=roster.checked_in,
            declined=roster.declined,
        )


@router.post("/events/{event_id}/seat", response_model=SeatOut)
def seat(request: Request, event_id: int, body: SeatIn) -> SeatOut:
    """Seat the event (those checked in, or before anyone is, those going) and return it."""
    with owner_transaction(request) as (session, owner):
        outcome = seat_event(
            session,
            owner,
            event_id,
            from_round=body.from_round,
            time_limit=body.time_limit,
            seed=body.seed,
        )
        session.expire_all()  # the seats seat_event stored, read back as stored
        rounds = seating_rounds(get_event(session, owner, event_id))
    return SeatOut(
        rounds=rounds,
        message=outcome.message,
        n_repeat_pairings=outcome.n_repeat_pairings,
        n_forced_repeat_pairings=outcome.n_forced_repeat_pairings,
    )
