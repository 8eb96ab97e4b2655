"""A member's own profile: what they say about themselves, their "not with", their snooze.

Everything here acts on one :class:`Member` that the caller got through
:func:`salon.services.meetup_roles.my_membership`, so a member only ever
changes their own row.  Each profile field carries whether tablemates see it
(:mod:`salon.services.my_table` shows only shared ones).  Tonight's intents
(a mix of learn, pitch, partners, feedback) set the seating's intent
(:data:`salon.db.models.INTENTS`): learn alone is "learn", pitch alone is
"pitch", any other mix is "both".

The private "not with" list is read by the seating as hard keep-apart pairs
(:func:`private_apart_pairs`) and by nobody else: no organiser page, no
summary and no refusal names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import (
    PROFILE_FIELDS,
    Community,
    Event,
    Member,
    MemberKeepApart,
    MemberProfileField,
    Person,
)
from salon.errors import InputError

__all__ = [
    "MEMBER_INTENTS",
    "PROFILE_FIELDS",
    "FellowMember",
    "ProfileField",
    "ProfileView",
    "SnoozedError",
    "fellow_members",
    "is_snoozed_for",
    "private_apart_pairs",
    "profile_view",
    "refuse_snoozed_yes",
    "save_profile",
    "seating_intent",
    "set_not_with",
    "set_snooze",
    "snoozed_person_ids",
]

#: what a member may come for tonight, in the order the form shows them
MEMBER_INTENTS = ("learn", "pitch", "partners", "feedback")
#: the longest value a profile field keeps
MAX_FIELD = 500


class SnoozedError(InputError):
    """A "yes" from someone who snoozed the meetup past the event's date."""


@dataclass(frozen=True)
class ProfileField:
    field: str
    value: str
    shared: bool


@dataclass(frozen=True)
class FellowMember:
    """Another member, as a member may see them: a name to pick for "not with"."""

    member_id: int
    name: str
    not_with: bool


@dataclass(frozen=True)
class ProfileView:
    """A member's own profile page."""

    member_id: int
    community_id: int
    community: str
    name: str
    fields: Mapping[str, ProfileField]
    intents: tuple[str, ...]
    snoozed_until: dt.date | None
    fellows: tuple[FellowMember, ...]


def seating_intent(intents: Collection[str]) -> str | None:
    """The seating's intent for a mix of tonight's intents; None for no answer."""
    chosen = set(intents)
    if not chosen:
        return None
    if chosen == {"learn"}:
        return "learn"
    if chosen == {"pitch"}:
        return "pitch"
    return "both"


def _fields(session: Session, member: Member) -> dict[str, MemberProfileField]:
    rows = session.scalars(
        select(MemberProfileField).where(MemberProfileField.member_id == member.id)
    )
    return {row.field: row for row in rows}


def fellow_members(session: Session, member: Member) -> list[FellowMember]:
    """The meetup's other members by name, each marked if on ``member``'s "not with" list."""
    chosen = set(
        session.scalars(
            select(MemberKeepApart.other_member_id).where(MemberKeepApart.member_id == member.id)
        )
    )
    rows = session.execute(
        select(Member.id, Person.name, Person.name_key)
        .join(Person, Person.id == Member.person_id)
        .where(Member.community_id == member.community_id, Member.id != member.id)
        .order_by(Person.name_key, Member.id)
    )
    return [FellowMember(mid, name, mid in chosen) for mid, name, _ in rows]


def profile_view(session: Session, member: Member) -> ProfileView:
    rows = _fields(session, member)
    fields = {
        name: ProfileField(name, rows[name].value if name in rows else "", rows[name].shared
                           if name in rows else False)
        for name in PROFILE_FIELDS
    }  # fmt: skip
    intents = tuple(i for i in fields["intents"].value.split(",") if i)
    community = session.get(Community, member.community_id)
    person = session.get(Person, member.person_id)
    assert community is not None
    assert person is not None
    return ProfileView(
        member.id,
        community.id,
        community.name,
        person.name,
        fields,
        intents,
        member.snoozed_until,
        tuple(fellow_members(session, member)),
    )


def save_profile(
    session: Session,
    member: Member,
    values: Mapping[str, str],
    shared: Collection[str],
    intents: Sequence[str],
) -> ProfileView:
    """Store the member's fields (``values`` by field, ``shared`` the fields tablemates see).

    An empty value removes the field.  A stated industry or discipline also
    fills the person's own when the organiser left it blank (the seating
    mixes tables by them).  ``intents`` (from
    :data:`MEMBER_INTENTS`) set the seating's intent (:func:`seating_intent`).

    Raises
    ------
    InputError
        An unknown field or intent, or a value longer than :data:`MAX_FIELD`.
    """
    unknown = (set(values) | set(shared)) - set(PROFILE_FIELDS)
    if unknown:
        raise InputError(f"unknown profile field {sorted(unknown)[0]!r}", field="profile")
    bad = [i for i in intents if i not in MEMBER_INTENTS]
    if bad:
        raise InputError(
            f"unknown intent {bad[0]!r}; expected some of {', '.join(MEMBER_INTENTS)}",
            field="intents",
        )
    wanted = {k: " ".join(v.split()) for k, v in values.items() if k != "intents"}
    wanted["intents"] = ",".join(i for i in MEMBER_INTENTS if i in set(intents))
    for name, value in wanted.items():
        if len(value) > MAX_FIELD:
            raise InputError(f"{name}: at most {MAX_FIELD} characters", field=name)
    rows = _fields(session, member)
    for name, value in wanted.items():
        row = rows.get(name)
        if not value:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = MemberProfileField(member_id=member.id, field=name, value=value)
            session.add(row)
        row.value = value
        row.shared = name in shared
    intent = seating_intent(intents)
    if intent is not None:
        member.intent = intent
    # the seating mixes tables by the person's industry and discipline: what the
    # member states fills the organiser's blanks, never overwrites what is there
    person = session.get(Person, member.person_id)
    assert person is not None
    for name in ("industry", "discipline"):
        if wanted.get(name) and not getattr(person, name):
            setattr(person, name, wanted[name][:200])
    session.flush()
    return profile_view(session, member)


def set_not_with(session: Session, member: Member, other_member_ids: Collection[int]) -> int:
    """Replace ``member``'s private "not with" list; returns its length.

    Raises
    ------
    InputError
        Someone who is not a fellow member of the meetup (or oneself).
    """
    fellows = {f.member_id for f in fellow_members(session, member)}
    wanted = set(other_member_ids)
    stray = wanted - fellows
    if stray:
        raise InputError(
            f"member {sorted(stray)[0]} is not another member of this meetup", field="not_with"
        )
    rows = session.scalars(select(MemberKeepApart).where(MemberKeepApart.member_id == member.id))
    held = set()
    for row in rows:
        if row.other_member_id in wanted:
            held.add(row.other_member_id)
        else:
            session.delete(row)
    for other in sorted(wanted - held):
        session.add(MemberKeepApart(member_id=member.id, other_member_id=other))
    session.flush()
    return len(wanted)


def set_snooze(
    session: Session, member: Member, until: dt.date | None, *, today: dt.date | None = None
) -> None:
    """Skip events before ``until`` (None: no snooze); a date in the past is refused."""
    today = today or dt.date.today()
    if until is not None and until <= today:
        raise InputError(f"snooze until a date after today ({today.isoformat()})", field="until")
    member.snoozed_until = until
    session.flush()


def is_snoozed_for(member: Member, event: Event) -> bool:
    """Whether ``member`` snoozed past ``event`` (events before the snooze date are skipped)."""
    return member.snoozed_until is not None and event.starts_on < member.snoozed_until


def snoozed_person_ids(session: Session, event: Event) -> set[int]:
    """The people of ``event``'s meetup who snoozed past its date."""
    return set(
        session.scalars(
            select(Member.person_id).where(
                Member.community_id == event.community_id,
                Member.snoozed_until.is_not(None),
                Member.snoozed_until > event.starts_on,
            )
        )
    )


def private_apart_pairs(session: Session, community_id: int) -> set[tuple[int, int]]:
    """Every member's "not with" as person-id pairs (a < b): for the seating's eyes only."""
    mine = select(Member.id, Member.person_id).where(Member.community_id == community_id).subquery()
    theirs = (
        select(Member.id, Member.person_id).where(Member.community_id == community_id).subquery()
    )
    rows = session.execute(
        select(mine.c.person_id, theirs.c.person_id)
        .select_from(MemberKeepApart)
        .join(mine, mine.c.id == MemberKeepApart.member_id)
        .join(theirs, theirs.c.id == MemberKeepApart.other_member_id)
    )
    return {(min(a, b), max(a, b)) for a, b in rows if a != b}


def refuse_snoozed_yes(session: Session, event: Event, person: Person) -> None:
    """Refuse an RSVP "yes" from a member who snoozed past ``event``.

    Raises
    ------
    SnoozedError
        They snoozed: the message says until when, and how to come anyway.
    """
    until = session.scalar(
        select(Member.snoozed_until).where(
            Member.community_id == event.community_id,
            Member.person_id == person.id,
            Member.snoozed_until > event.starts_on,
        )
    )
    if until is not None:
        raise SnoozedError(
            f"{person.name} snoozed this meetup until {until.isoformat()}: "
            "end the snooze first to answer yes",
            field="rsvp",
        )
