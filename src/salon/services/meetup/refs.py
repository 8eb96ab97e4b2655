"""The meetup use cases take objects or references: one resolver per kind.

A shell holds references (an id, an email, a name) and a script or a test
holds the objects it just made; each use case accepts either, so there is one
function per use case.  An object of another owner is refused as if it did
not exist.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from salon.db.models import Account, Community, Event, Person
from salon.errors import NotFoundError
from salon.services.meetup.lookup import get_community, get_event
from salon.services.people import PersonFields, add_person, get_person

CommunityRef = Community | int | str
EventRef = Event | int
PersonRef = Person | int | str


def community_of(session: Session, owner: Account, ref: CommunityRef) -> Community:
    if isinstance(ref, Community):
        if ref.owner_id != owner.id:
            raise NotFoundError(f"no community {ref.id!r}")
        return ref
    return get_community(session, owner, ref)


def event_of(session: Session, owner: Account, ref: EventRef) -> Event:
    if isinstance(ref, Event):
        if ref.community.owner_id != owner.id:
            raise NotFoundError(f"no event with id {ref.id}")
        return ref
    return get_event(session, owner, ref)


def person_of(session: Session, owner: Account, ref: PersonRef) -> Person:
    if isinstance(ref, Person):
        if ref.owner_id != owner.id:
            raise NotFoundError(f"no person with id {ref.id}")
        return ref
    return get_person(session, owner, ref)


def _is_name(ref: str) -> bool:
    """A reference that names someone new (not an id, email or URL)."""
    text = ref.strip()
    return bool(text) and not text.isdigit() and "@" not in text and "/" not in text


def person_or_new(
    session: Session,
    owner: Account,
    ref: PersonRef,
    fields: PersonFields,
    create: bool,
    how_to_create: str,
) -> tuple[Person, bool]:
    """The person ``ref`` names, or (``create`` and a name) a new one; and whether created.

    A name that matches nobody is refused without ``create``: a typo must not
    become a person.  The refusal says ``how_to_create``.
    """
    try:
        return person_of(session, owner, ref), False
    except NotFoundError as exc:
        if isinstance(ref, Person) or not _is_name(str(ref)):
            raise
        if not create:
            raise NotFoundError(f"{exc}; check the spelling, or {how_to_create}") from None
    return add_person(session, owner, replace(fields, name=str(ref).strip())), True
