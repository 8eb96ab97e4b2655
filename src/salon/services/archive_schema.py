"""The salon JSON archive's shape, checked before anything is written.

One pydantic model per section and entry.  The rules are the CLI's: the same
choices (:mod:`salon.db.models`), depth and strength 1-5, an event's rounds at
least 1, tables with ``max >= min >= 0``, ISO dates, http(s) profile URLs and
real e-mail addresses; on top of these, what only an archive can get wrong:
keys given twice (which would silently move a tie or a membership to the wrong
person), references to keys that do not exist, a tie or a seating rule between
one person and themself, and a tie given twice.

:func:`validate_archive` raises :class:`~salon.errors.InputError` naming the
file, and the section and entry as a path such as ``people[4].name``
(entries counted from 1).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from salon.db.models import (
    EVIDENCE_KINDS,
    INFERABLE_FIELDS,
    INTENTS,
    OUTCOMES,
    PURPOSES,
    SEATING_PAIR_KINDS,
    STANCES,
    SUPPORT_TYPES,
    Base,
    Community,
    Event,
    Idea,
    Interaction,
    Lesson,
    Note,
    TieEvidence,
)
from salon.errors import InputError
from salon.io.normalise import normalise_email, normalise_url

__all__ = ["FORMAT", "Archive", "validate_archive"]

FORMAT = "salon-archive/1"

RSVPS = ("yes", "no", "maybe")
LESSON_KINDS = ("success", "failure")
EVENT_FEEDBACK_KINDS = ("learned_from", "follow_up")


def _one_of(allowed: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown value {value!r}; expected one of {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _iso(parse: Callable[[str], Any], example: str) -> BeforeValidator:
    def convert(value: Any) -> Any:
        if isinstance(value, str):
            try:
                return parse(value)
            except ValueError:
                raise ValueError(f"expected an ISO date such as {example}, got {value!r}") from None
        return value  # anything else meets the strict type check, and fails it

    return BeforeValidator(convert)


def _url(value: str) -> str:
    if normalise_url(value) is None:
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


def _email(value: str) -> str:
    if normalise_email(value) is None:
        raise ValueError(f"not an e-mail address: {value!r}")
    return value


def _fits(model: type[Base], column: str) -> StringConstraints:
    """At most as many characters as the column holds (PostgreSQL refuses more)."""
    length: int | None = getattr(model.__table__.c[column].type, "length", None)
    return StringConstraints(max_length=length)


INT32 = 2**31 - 1  # an INTEGER column on PostgreSQL holds no more
Key = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Date = Annotated[dt.date, _iso(dt.date.fromisoformat, "2026-11-26")]
DateTime = Annotated[dt.datetime, _iso(dt.datetime.fromisoformat, "2026-11-26T19:30:00")]
Url = Annotated[str, AfterValidator(_url)]
Email = Annotated[str, AfterValidator(_email)]
OneToFive = Annotated[int, Field(ge=1, le=5)]
Positive = Annotated[int, Field(ge=1, le=INT32)]


class _Entry(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ArchiveProvenance(_Entry):
    """How salon inferred a value (``salon person enrich``)."""

    confidence: Annotated[float, Field(ge=0.0, le=1.0)]
    method: str
    source: str


class ArchivePerson(_Entry):
    key: Key
    me: bool = False
    name: Name
    first_name: str | None = None
    last_name: str | None = None
    emails: list[Email] = []
    organization: str | None = None
    role: str | None = None
    url: Url | None = None
    phone: str | None = None
    industry: str | None = None
    discipline: str | None = None
    bio: str | None = None
    connected_on: Date | None = None
    attributes: dict[str, str] = {}
    expertise: list[str] = []
    interests: list[str] = []
    tags: list[str] = []
    # industry or discipline values salon inferred, with how
    inferred: dict[Annotated[str, _one_of(INFERABLE_FIELDS)], ArchiveProvenance] = {}

    @model_validator(mode="after")
    def _inferred_values_exist(self) -> ArchivePerson:
        for name in self.inferred:
            if getattr(self, name) is None:
                raise ValueError(f"no {name} value to mark as inferred")
        return self


class ArchiveEvidence(_Entry):
    kind: Annotated[str, _one_of(EVIDENCE_KINDS)]
    inferred: bool = False
    source: Annotated[str, _fits(TieEvidence, "source_ref")] = ""
    observed_on: Date | None = None


class _Pair(_Entry):
    a: Key
    b: Key

    @model_validator(mode="after")
    def _two_people(self) -> _Pair:
        if self.a == self.b:
            raise ValueError(f"needs two different people, got {self.a!r} twice")
        return self


class ArchiveTie(_Pair):
    since: Date | None = None
    how_met: str | None = None
    introduced_by: Key | None = None
    support: list[Annotated[str, _one_of(SUPPORT_TYPES)]] = []
    strength: OneToFive | None = None
    evidence: list[ArchiveEvidence] = []


class ArchiveInteraction(_Entry):
    key: Key
    occurred_on: Date
    channel: Annotated[str, _fits(Interaction, "channel")] | None = None
    participants: list[Key] = []
    purposes: list[Annotated[str, _one_of(PURPOSES)]] = []
    depth: OneToFive = 3
    challenged: bool = False
    outcomes: list[Annotated[str, _one_of(OUTCOMES)]] = []
    insights: list[Name] = []
    learning_goal: str | None = None
    notes: str | None = None


class ArchiveFeedback(_Entry):
    person: Key
    text: Name
    stance: Annotated[str, _one_of(STANCES)] = "neutral"
    given_on: Date | None = None


class ArchiveVersion(_Entry):
    number: Positive
    text: Name
    created_on: Date | None = None
    feedback: list[ArchiveFeedback] = []


class ArchiveIdea(_Entry):
    title: Annotated[Name, _fits(Idea, "title")]
    problem: str | None = None
    domain: Annotated[str, _fits(Idea, "domain")] | None = None
    status: Annotated[str, StringConstraints(min_length=1), _fits(Idea, "status")] = "open"
    needs: list[str] = []
    created_on: Date | None = None
    versions: list[ArchiveVersion] = []


class ArchiveLesson(_Entry):
    person: Key | None = None
    title: Annotated[Name, _fits(Lesson, "title")]
    context: str | None = None
    what_happened: str | None = None
    takeaway: str | None = None
    kind: Annotated[str, _one_of(LESSON_KINDS)] = "success"
    domain: Annotated[str, _fits(Lesson, "domain")] | None = None
    tags: list[str] = []
    learned_on: Date | None = None


class ArchiveNote(_Entry):
    ref: Annotated[Name, _fits(Note, "ref")]
    person: Key | None = None
    role: Annotated[str, _fits(Note, "role")] | None = None
    domain: Annotated[str, _fits(Note, "domain")] | None = None
    text: Name


class ArchiveMember(_Entry):
    person: Key
    intent: Annotated[str, _one_of(INTENTS)] = "both"
    organiser: bool = False
    joined_on: Date | None = None


class ArchiveTable(_Entry):
    number: Positive
    min_size: Annotated[int, Field(ge=0, le=INT32)]
    max_size: Positive
    host: Key | None = None

    @model_validator(mode="after")
    def _sizes(self) -> ArchiveTable:
        if self.min_size > self.max_size:
            raise ValueError(f"bad size {self.min_size}-{self.max_size}; expected max >= min >= 0")
        return self


class ArchiveAttendance(_Entry):
    person: Key
    rsvp: Annotated[str, _one_of(RSVPS)] = "yes"
    checked_in_at: DateTime | None = None


class ArchiveSeat(_Entry):
    round: Positive
    table: Positive
    person: Key


class ArchiveEncounter(_Pair):
    round: Positive
    met_on: Date  # every stored encounter has its date


class ArchiveEventFeedback(_Entry):
    person: Key
    about: Key
    kind: Annotated[str, _one_of(EVENT_FEEDBACK_KINDS)]


class ArchiveEvent(_Entry):
    key: Key
    title: Annotated[Name, _fits(Event, "title")]
    starts_on: Date
    venue: Annotated[str, _fits(Event, "venue")] | None = None
    rounds: Positive = 1  # as `salon meetup event create --rounds` requires
    tables: list[ArchiveTable] = []
    attendance: list[ArchiveAttendance] = []
    seats: list[ArchiveSeat] = []
    encounters: list[ArchiveEncounter] = []
    feedback: list[ArchiveEventFeedback] = []

    @model_validator(mode="after")
    def _seats_fit(self) -> ArchiveEvent:
        numbers = {table.number for table in self.tables}
        if len(numbers) < len(self.tables):
            raise ValueError("two tables have the same number")
        seated: set[tuple[int, str]] = set()
        for seat in self.seats:
            if seat.round > self.rounds or seat.table not in numbers:
                raise ValueError(
                    f"a seat at table {seat.table} in round {seat.round}, but the event has "
                    f"rounds 1-{self.rounds} and tables {sorted(numbers)}"
                )
            if (seat.round, seat.person) in seated:
                raise ValueError(f"{seat.person!r} has two seats in round {seat.round}")
            seated.add((seat.round, seat.person))
        twice = sorted(
            key for key, n in Counter(row.person for row in self.attendance).items() if n > 1
        )
        if twice:
            raise ValueError(f"attendance lists {', '.join(map(repr, twice))} more than once")
        met = [(e.round, *sorted((e.a, e.b))) for e in self.encounters]
        if len(set(met)) < len(met):
            raise ValueError("an encounter is given twice in one round")
        return self


class ArchiveSeatingRule(_Pair):
    kind: Annotated[str, _one_of(SEATING_PAIR_KINDS)]


class ArchiveCommunity(_Entry):
    name: Annotated[Name, _fits(Community, "name")]
    description: str | None = None
    cadence: Annotated[str, _fits(Community, "cadence")] | None = None
    members: list[ArchiveMember] = []
    events: list[ArchiveEvent] = []
    seating_rules: list[ArchiveSeatingRule] = []


class Archive(_Entry):
    format: str
    owner: str | None = None
    people: list[ArchivePerson] = []
    ties: list[ArchiveTie] = []
    interactions: list[ArchiveInteraction] = []
    ideas: list[ArchiveIdea] = []
    lessons: list[ArchiveLesson] = []
    notes: list[ArchiveNote] = []
    communities: list[ArchiveCommunity] = []


def validate_archive(document: Any, source: str | None = None) -> Archive:
    """The archive checked against the models and its own keys.

    Raises
    ------
    InputError
        Naming ``source`` and the entry's path, for the first problem found.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise InputError(
            f"not a salon archive: expected format {FORMAT!r}, got {found!r}", source=source
        )
    try:
        archive = Archive.model_validate(document)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        value = first.get("input")
        if first["type"] == "missing":
            message = "required, but missing"
        elif first["type"] == "extra_forbidden":
            message = "not a field of this entry"
        elif isinstance(value, str | int | float | bool) and repr(value) not in message:
            message += f", got {value!r}"
        raise InputError(message, source=source, field=_path(first["loc"])) from None
    for problem, where in _key_problems(archive):
        raise InputError(problem, source=source, field=where)
    return archive


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _key_problems(archive: Archive) -> Iterator[tuple[str, str]]:
    """Keys given twice, references to no key, one tie given twice: (message, path)."""
    people: dict[str, int] = {}
    for n, person in enumerate(archive.people, start=1):
        if person.key in people:
            yield (
                f"the key {person.key!r} is given to two people (people[{people[person.key]}] "
                "too); every person needs a key of their own",
                f"people[{n}].key",
            )
        people.setdefault(person.key, n)
    if sum(person.me for person in archive.people) > 1:
        yield "more than one person is marked as me", "people"

    def unknown(key: str | None, where: str) -> Iterator[tuple[str, str]]:
        if key is not None and key not in people:
            yield f"unknown person key {key!r}", where

    for section, keys in (
        ("interactions", [x.key for x in archive.interactions]),
        ("events", [e.key for c in archive.communities for e in c.events]),
    ):
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                yield f"the key {key!r} is given to two {section}", section
            seen.add(key)
    pairs: dict[tuple[str, str], int] = {}
    for n, tie in enumerate(archive.ties, start=1):
        where = f"ties[{n}]"
        yield from unknown(tie.a, f"{where}.a")
        yield from unknown(tie.b, f"{where}.b")
        yield from unknown(tie.introduced_by, f"{where}.introduced_by")
        pair = (min(tie.a, tie.b), max(tie.a, tie.b))
        if pair in pairs:
            yield f"the tie {pair[0]}-{pair[1]} is given twice (ties[{pairs[pair]}] too)", where
        pairs.setdefault(pair, n)
    for n, interaction in enumerate(archive.interactions, start=1):
        for m, key in enumerate(interaction.participants, start=1):
            yield from unknown(key, f"interactions[{n}].participants[{m}]")
    for n, idea in enumerate(archive.ideas, start=1):
        for v, version in enumerate(idea.versions, start=1):
            for f, feedback in enumerate(version.feedback, start=1):
                yield from unknown(
                    feedback.person, f"ideas[{n}].versions[{v}].feedback[{f}].person"
                )
    for n, lesson in enumerate(archive.lessons, start=1):
        yield from unknown(lesson.person, f"lessons[{n}].person")
    for n, note in enumerate(archive.notes, start=1):
        yield from unknown(note.person, f"notes[{n}].person")
    for n, community in enumerate(archive.communities, start=1):
        where = f"communities[{n}]"
        for m, member in enumerate(community.members, start=1):
            yield from unknown(member.person, f"{where}.members[{m}].person")
        for r, rule in enumerate(community.seating_rules, start=1):
            yield from unknown(rule.a, f"{where}.seating_rules[{r}].a")
            yield from unknown(rule.b, f"{where}.seating_rules[{r}].b")
        for e, event in enumerate(community.events, start=1):
            at = f"{where}.events[{e}]"
            for t, table in enumerate(event.tables, start=1):
                yield from unknown(table.host, f"{at}.tables[{t}].host")
            for a, attendance in enumerate(event.attendance, start=1):
                yield from unknown(attendance.person, f"{at}.attendance[{a}].person")
            for s, seat in enumerate(event.seats, start=1):
                yield from unknown(seat.person, f"{at}.seats[{s}].person")
            for c, encounter in enumerate(event.encounters, start=1):
                yield from unknown(encounter.a, f"{at}.encounters[{c}].a")
                yield from unknown(encounter.b, f"{at}.encounters[{c}].b")
            for f, said in enumerate(event.feedback, start=1):
                yield from unknown(said.person, f"{at}.feedback[{f}].person")
                yield from unknown(said.about, f"{at}.feedback[{f}].about")
