"""The meetup organiser's use cases: members, events, attendance, hosts, feedback.

Seating lives in :mod:`salon.services.meetup_seating`, what is shown of a
seating (terminal, CSV, table cards, summary) in
:mod:`salon.services.meetup_reports`.  Everything here runs inside the
caller's transaction: an error raises before the caller commits, so a failed
command writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from salon.db.models import INTENTS, Account, Attendance, Community, Event, Member, Person
from salon.errors import InputError, NotFoundError
from salon.io import read_generic_csv
from salon.io.source import CsvHeader, column_key, header_delimiter, read_csv_rows, read_source_text
from salon.services.communities import (
    add_member,
    check_in,
    confirmed_ids,
    create_event,
    get_community,
    get_event,
    record_event_feedback,
    rsvp,
    sync_encounters,
)
from salon.services.importing import match_record, upsert_record
from salon.services.matching import PeopleIndex
from salon.services.people import PersonFields, add_person, apply_fields, get_person

__all__ = [
    "MemberImportReport",
    "add_member_by_ref",
    "attendee_ids",
    "check_in_person",
    "community_members",
    "create_meetup_event",
    "give_event_feedback",
    "import_members",
    "mark_attended",
    "parse_table_sizes",
    "pin_host",
    "set_rsvp",
]

_SIZE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_table_sizes(text: str) -> list[int | tuple[int, int]]:
    """``"6,6,6,5"`` or ``"4-6,4-6,5"`` → ``[6, 6, 6, 5]`` or ``[(4, 6), (4, 6), 5]``.

    Raises
    ------
    InputError
        A size that is not ``N`` or ``MIN-MAX`` with ``MIN ≤ MAX`` and ``MAX ≥ 1``.
    """
    sizes: list[int | tuple[int, int]] = []
    for k, part in enumerate(text.split(","), start=1):
        match = _SIZE.match(part)
        if match is None:
            raise InputError(
                f"table {k}: expected a size N or MIN-MAX, got {part.strip()!r}", field="tables"
            )
        low, high = int(match.group(1)), match.group(2)
        if high is None:
            if low < 1:
                raise InputError(f"table {k}: expected a size ≥ 1, got {low}", field="tables")
            sizes.append(low)
        else:
            if int(high) < max(low, 1):
                raise InputError(
                    f"table {k}: expected MIN ≤ MAX and MAX ≥ 1, got {part.strip()!r}",
                    field="tables",
                )
            sizes.append((low, int(high)))
    return sizes


def _is_name(ref: str) -> bool:
    """A reference that names someone new (not an id, email or URL)."""
    text = ref.strip()
    return bool(text) and not text.isdigit() and "@" not in text and "/" not in text


def add_member_by_ref(
    session: Session,
    owner: Account,
    community_ref: int | str,
    person_ref: str,
    *,
    intent: str = "both",
    fields: PersonFields | None = None,
    create: bool = False,
) -> tuple[Member, bool]:
    """Add a person to a community; with ``create``, a new name creates the person.

    Without ``create`` a name that matches nobody is refused, so a typo never
    silently becomes a new member.

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
    if intent not in INTENTS:
        raise InputError(
            f"unknown intent {intent!r}; expected one of {', '.join(INTENTS)}", field="intent"
        )
    community = get_community(session, owner, community_ref)
    given = fields or PersonFields()
    person, created = _person_or_new(
        session, owner, person_ref, given, create, "create them as a new person"
    )
    if not created:
        apply_fields(session, owner, person, given, overwrite=True)
    return add_member(session, community, person, intent=intent), created


def _person_or_new(
    session: Session,
    owner: Account,
    ref: str,
    fields: PersonFields,
    create: bool,
    how_to_create: str,
) -> tuple[Person, bool]:
    """The person ``ref`` names, or (``create`` and a name) a new one; and whether created.

    A name that matches nobody is refused without ``create``: a typo must not
    become a person.  The refusal says ``how_to_create``.
    """
    try:
        return get_person(session, owner, ref), False
    except NotFoundError as exc:
        if not _is_name(ref):
            raise
        if not create:
            raise NotFoundError(f"{exc}; check the spelling, or {how_to_create}") from None
    return add_person(session, owner, replace(fields, name=ref.strip())), True


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


def _intents_by_line(path: Path, source: str) -> dict[int, str]:
    """The ``intent`` column of each data row, by line, validated.

    :func:`salon.io.read_generic_csv` knows only person fields, so the intent
    column is read here with the same CSV reader (same delimiter detection,
    same line numbers) and matched to the records by line.
    """
    text = read_source_text(path)
    rows = iter(read_csv_rows(text, header_delimiter(text)))
    header = next((row for row in rows if not row.is_blank), None)
    if header is None:
        return {}
    columns = CsvHeader.from_row(header, source)
    if "intent" not in columns.keys:
        return {}
    intents: dict[int, str] = {}
    for row in rows:
        if row.is_blank or row.error is not None:
            continue  # read_generic_csv has already refused malformed rows
        value = columns.values(row, source).get(column_key("intent"), "both").casefold()
        if value not in INTENTS:
            raise InputError(
                f"unknown intent {value!r}; expected one of {', '.join(INTENTS)} (or empty)",
                source=source,
                line=row.line,
                field=columns.original("intent"),
            )
        intents[row.line] = value
    return intents


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
    source = str(path)
    community = get_community(session, owner, community_ref)
    parsed = read_generic_csv(path)
    intents = _intents_by_line(Path(path), source)
    created = updated = 0
    index = PeopleIndex(session, owner)
    rows: list[tuple[Person, str]] = []
    for record in parsed.records:
        person, outcome = upsert_record(
            session, owner, record, match_record(session, owner, record, index), index
        )
        created += outcome == "created"
        updated += outcome == "updated"
        rows.append((person, intents.get(record.line, "both")))
    session.flush()  # the new people get their ids
    added, changed = _add_members(community, rows)
    session.flush()
    return MemberImportReport(source, created, updated, added, changed)


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


def create_meetup_event(
    session: Session,
    owner: Account,
    community_ref: int | str,
    *,
    on: dt.date,
    tables: Sequence[int | tuple[int, int]],
    rounds: int = 1,
    title: str | None = None,
    venue: str | None = None,
) -> Event:
    """An event of the community; the title defaults to "<community>, <date>"."""
    community = get_community(session, owner, community_ref)
    return create_event(
        session,
        community,
        title or f"{community.name}, {on.isoformat()}",
        on,
        tables,
        rounds=rounds,
        venue=venue,
    )


def set_rsvp(
    session: Session, owner: Account, event_id: int, person_ref: str, answer: str = "yes"
) -> Attendance:
    event = get_event(session, owner, event_id)
    return rsvp(session, event, get_person(session, owner, person_ref), answer)


def check_in_person(
    session: Session,
    owner: Account,
    event_id: int,
    person_ref: str,
    when: dt.datetime | None = None,
    *,
    walk_in: bool = False,
) -> Attendance:
    """Check someone in; with ``walk_in``, a name that matches nobody is a new person.

    A walk-in is created (and becomes a member of the meetup, intent "both")
    only when the organiser says so, so a typo at the door never creates
    anyone.

    Raises
    ------
    NotFoundError
        A reference that matches nobody (without ``walk_in``, or not a name).
    """
    event = get_event(session, owner, event_id)
    person, created = _person_or_new(
        session, owner, person_ref, PersonFields(), walk_in,
        "check them in as a walk-in to add them",
    )  # fmt: skip
    if created:
        add_member(session, event.community, person)
    return check_in(session, event, person, when)


def mark_attended(
    session: Session, owner: Account, event_id: int, person_refs: Sequence[str]
) -> int:
    """Confirm after the event that these people were there (as if checked in at its start).

    Their encounters with the confirmed people at their tables are written
    then, once (:func:`salon.services.communities.sync_encounters`).  Returns
    how many were not confirmed before.  Every reference is resolved before
    anything is written.

    Raises
    ------
    InputError
        Nobody named.
    NotFoundError
        A reference that matches nobody.
    """
    if not person_refs:
        raise InputError("name at least one person who attended", field="person")
    event = get_event(session, owner, event_id)
    people = [get_person(session, owner, ref) for ref in person_refs]
    start = dt.datetime.combine(event.starts_on, dt.time(0), dt.UTC)
    confirmed = confirmed_ids(event)
    n_new = 0
    for person in dict.fromkeys(people):
        row = rsvp(session, event, person, "yes")
        if person.id not in confirmed:
            row.checked_in_at = start
            n_new += 1
    session.flush()
    sync_encounters(session, event)
    return n_new


def pin_host(
    session: Session, owner: Account, event_id: int, table_number: int, person_ref: str
) -> Person:
    """Make ``person`` the host of a table: every seating keeps them there.

    A host is there by definition, so hosting implies an RSVP "yes"; a person
    hosts one table at most (hosting another moves them).

    Raises
    ------
    InputError
        No table with that number.
    """
    event = get_event(session, owner, event_id)
    person = get_person(session, owner, person_ref)
    numbers = [t.number for t in event.tables]
    table = next((t for t in event.tables if t.number == table_number), None)
    if table is None:
        raise InputError(
            f"event {event.id} has tables {', '.join(map(str, numbers))}, got {table_number}",
            field="table",
        )
    for other in event.tables:
        if other.host_id == person.id:
            other.host_id = None
    table.host_id = person.id
    if not any(a.person_id == person.id and a.rsvp == "yes" for a in event.attendance):
        rsvp(session, event, person, "yes")
    session.flush()
    return person


def attendee_ids(event: Event) -> list[int]:
    """Who is at the event: those checked in, or (before anyone has) those with RSVP yes.

    Hosts are always included.  Sorted by person id, so seatings are
    reproducible.
    """
    checked = {a.person_id for a in event.attendance if a.checked_in_at is not None}
    present = checked or {
        a.person_id for a in event.attendance if a.rsvp == "yes" and not a.waitlisted
    }
    present |= {t.host_id for t in event.tables if t.host_id is not None}
    return sorted(present)


def give_event_feedback(
    session: Session,
    owner: Account,
    event_id: int,
    person_ref: str,
    *,
    learned_from: Sequence[str] = (),
    follow_up: Sequence[str] = (),
) -> int:
    """After an event: whom ``person`` learned from and will follow up with.

    Each becomes feedback on the event and a stated tie.  Returns the number
    of new feedback rows.

    One learns from people one sat with: every "learned from" person must
    have shared a table with ``person`` in some round.

    Raises
    ------
    InputError
        Nobody named, someone who was not at the event (no RSVP, check-in or
        seat), or a "learned from" person who never sat at their table.
    """
    if not learned_from and not follow_up:
        raise InputError("name someone you learned from or will follow up with")
    event = get_event(session, owner, event_id)
    there = {a.person_id for a in event.attendance} | {s.person_id for s in event.seats}

    def present(ref: str) -> Person:
        found = get_person(session, owner, ref)
        if found.id not in there:
            raise InputError(f"{found.name} (id {found.id}) was not at event {event.id}")
        return found

    person = present(person_ref)
    return record_event_feedback(
        session,
        event,
        person,
        learned_from=[present(r) for r in learned_from],
        follow_up=[present(r) for r in follow_up],
    )


def community_members(community: Community) -> list[Member]:
    """Members by name."""
    return sorted(community.members, key=lambda m: (m.person.name_key, m.person_id))
