"""A meetup (community) and its members: create, add one, import a list, list them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import INTENTS, Account, Community, Member, Person
from salon.errors import DuplicateError, InputError
from salon.io import read_members_csv
from salon.services.importing import match_record, upsert_record
from salon.services.matching import PeopleIndex
from salon.services.meetup.lookup import get_community
from salon.services.meetup.refs import CommunityRef, PersonRef, community_of, person_or_new
from salon.services.people import PersonFields, apply_fields


def create_community(
    session: Session,
    owner: Account,
    name: str,
    *,
    description: str | None = None,
    cadence: str | None = None,
) -> Community:
    """A new community of ``owner``.

    Raises
    ------
    InputError
        An empty name.
    DuplicateError
        ``owner`` has a community of that name already.
    """
    if not name.strip():
        raise InputError("a community needs a name", field="name")
    if session.scalar(
        select(Community).where(Community.owner_id == owner.id, Community.name == name.strip())
    ):
        raise DuplicateError(f"a community called {name.strip()!r} exists already")
    community = Community(
        owner_id=owner.id, name=name.strip(), description=description, cadence=cadence
    )
    session.add(community)
    session.flush()
    return community


def _check_intent(intent: str) -> None:
    if intent not in INTENTS:
        raise InputError(
            f"unknown intent {intent!r}; expected one of {', '.join(INTENTS)}", field="intent"
        )


def add_member(
    session: Session,
    owner: Account,
    community: CommunityRef,
    person: PersonRef,
    *,
    intent: str = "both",
    fields: PersonFields | None = None,
    create: bool = False,
    joined_on: dt.date | None = None,
    organiser: bool = False,
) -> tuple[Member, bool]:
    """Add a person to a community, or update their intent if already a member.

    With ``create``, a name that matches nobody creates the person; without
    it the name is refused, so a typo never silently becomes a new member.
    ``fields`` (organisation, industry, …) overwrite what is stored for the
    person.  Returns the membership and whether the person was created.

    Raises
    ------
    NotFoundError
        No such community, an id/email/URL that matches nobody, or (without
        ``create``) a name that matches nobody.
    InputError
        An unknown intent, or an ambiguous name.
    """
    _check_intent(intent)
    found = community_of(session, owner, community)
    given = fields or PersonFields()
    who, created = person_or_new(
        session, owner, person, given, create, "create them as a new person"
    )
    if not created and fields is not None:
        apply_fields(session, owner, who, given, overwrite=True)
    for member in found.members:
        if member.person_id == who.id:
            member.intent = intent
            member.is_organiser = member.is_organiser or organiser
            session.flush()
            return member, created
    member = Member(person_id=who.id, intent=intent, joined_on=joined_on, is_organiser=organiser)
    member.person = who
    found.members.append(member)
    session.flush()
    return member, created


@dataclass(frozen=True)
class MemberImportReport:
    """What a member import did."""

    source: str
    people_created: int
    people_updated: int
    members_added: int
    members_updated: int

    @property
    def n_rows(self) -> int:
        return self.members_added + self.members_updated


def import_members(
    session: Session, owner: Account, community_ref: int | str, path: str | Path
) -> MemberImportReport:
    """Add the members listed in a CSV, all or nothing.

    Columns are found by name (case-insensitive): name, email, organization,
    role, industry, discipline, interests, expertise (``;``- or
    ``,``-separated), country and other common background columns, and intent
    (learn, pitch or both; empty means both).  People are matched to the
    store by email, profile URL or name + organisation and their blanks
    filled; new people are created.

    Raises
    ------
    InputError
        A malformed row, a row without a name, a bad email or an unknown
        intent — naming the file, line and column — before anything is written.
    """
    community = get_community(session, owner, community_ref)
    parsed = read_members_csv(path, INTENTS)
    created = updated = 0
    index = PeopleIndex(session, owner)
    rows: list[tuple[Person, str]] = []
    for row in parsed:
        record = row.person
        person, outcome = upsert_record(
            session, owner, record, match_record(session, owner, record, index), index
        )
        created += outcome == "created"
        updated += outcome == "updated"
        rows.append((person, row.intent))
    session.flush()  # the new people get their ids
    added, changed = _add_members(community, rows)
    session.flush()
    return MemberImportReport(str(path), created, updated, added, changed)


def _add_members(community: Community, rows: list[tuple[Person, str]]) -> tuple[int, int]:
    """Make each person a member with their intent; return (added, updated).

    The members are looked up in a dictionary built once and flushed together:
    :func:`add_member` scans the members and flushes per person, which made
    an import of n rows take time in n squared.
    """
    members = {member.person_id: member for member in community.members}
    added = changed = 0
    for person, intent in rows:
        member = members.get(person.id)
        if member is None:
            member = Member(person_id=person.id, intent=intent, is_organiser=False)
            member.person = person
            community.members.append(member)
            members[person.id] = member
            added += 1
        else:
            member.intent = intent
            changed += 1
    return added, changed
