"""Duplicate people: find them and merge them.

Imports from several sources meet the same person twice (how an incoming
record is matched is :mod:`salon.services.matching`).  A group is *certain*
on a shared profile URL, and *likely* on similar names and organisations
(:mod:`salon.services.similarity`), listed with the evidence for review.
A merge loses nothing: scalar fields the kept person lacks are filled,
conflicting values are kept as ``merged.<field>`` attributes, and every tie,
interaction, feedback, lesson, membership, seat and encounter moves to the
kept person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from salon.db.models import (
    INFERABLE_FIELDS,
    Account,
    Attendance,
    Encounter,
    EventFeedback,
    EventRating,
    EventTable,
    Feedback,
    InferredValue,
    InteractionParticipant,
    Lesson,
    Member,
    MemberKeepApart,
    MemberProfileField,
    Note,
    Person,
    PersonAttribute,
    PersonTag,
    Seat,
    SeatingPair,
    Tie,
    TieEvidence,
)
from salon.db.profile_urls import (
    DEFER_UNIQUE_URLS,
    has_unique_profile_urls,
    make_profile_urls_unique,
)
from salon.db.store import Store
from salon.errors import InputError
from salon.io.normalise import normalise_name
from salon.services.matching import identity_conflicts
from salon.services.merge_history import record_after, record_before
from salon.services.people import SCALAR_FIELDS, get_person, list_people
from salon.services.similarity import (
    given_name_keys,
    name_relation,
    organisation_relation,
    surname_key,
)
from salon.services.ties import forget_tie_cache


@dataclass(frozen=True)
class DuplicateGroup:
    """People who look like one real person, and why.

    ``evidence`` holds one sentence per clue (name, organisation, fields only
    one of them has); ``score`` (0-1) orders the list, strongest first.
    """

    people: tuple[Person, ...]
    reason: str
    certain: bool
    evidence: tuple[str, ...] = ()
    score: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        """``salon person duplicates --json``."""
        return {
            "people": [
                {
                    "id": p.id,
                    "name": p.name,
                    "organization": p.organization,
                    "emails": [e.email for e in p.emails],
                    "url": p.url,
                }
                for p in self.people
            ],
            "certain": self.certain,
            "score": round(self.score, 3),
            "evidence": list(self.evidence) or [self.reason],
        }


#: fields whose presence on one record only is shown as evidence (they fill in on a merge)
_FILLED = ("email", "url", "organization", "role", "industry", "discipline", "phone")


def _pair(first: Person, second: Person) -> DuplicateGroup | None:
    """The two as possible duplicates, with the evidence, or ``None``.

    Different organisations are different people; a name alone, with no
    organisation on either, says too little.  Different profile URLs or
    e-mail addresses are listed, as evidence against, for the reviewer: the
    import keeps such records apart, and only a person decides to merge them.
    """
    if first.organization is None and second.organization is None:
        return None
    name = name_relation(first.name, second.name)
    organisation = organisation_relation(first.organization, second.organization)
    if name is None or organisation is None:
        return None
    evidence = [name.why, organisation.why]
    score = name.strength * organisation.strength
    emails = [e.email for e in first.emails], [e.email for e in second.emails]
    if identity_conflicts(first.url, emails[0], url=second.url, emails=emails[1]):
        evidence.append("against: different profile URLs or e-mail addresses")
        score *= 0.5
    for a, b in ((first, second), (second, first)):
        only = [f for f in _FILLED if getattr(a, f) and not getattr(b, f)]
        if only:
            evidence.append(f"only {a.name} (id {a.id}) has {', '.join(only)}")
    return DuplicateGroup(
        (first, second),
        "; ".join(evidence[:2]),
        False,
        tuple(evidence),
        score,
    )


def _candidates(bucket: list[Person]) -> Iterator[tuple[Person, Person]]:
    """The pairs of one last name whose first names may match, each once, lower id first."""
    index: dict[str, list[Person]] = defaultdict(list)
    lookups = []
    for person in bucket:
        look_up, index_under = given_name_keys(person.name)
        lookups.append((person, look_up))
        for key in index_under:
            index[key].append(person)
    seen: set[tuple[int, int]] = set()
    for person, look_up in lookups:
        for key in look_up:
            for other in index[key]:
                pair = (min(person.id, other.id), max(person.id, other.id))
                if other.id != person.id and pair not in seen:
                    seen.add(pair)
                    yield (person, other) if person.id < other.id else (other, person)


def find_duplicates(session: Session, owner: Account) -> list[DuplicateGroup]:
    """People who may be one person: certain on a shared profile URL, else likely pairs.

    A likely pair shares a last name (up to accents and transliteration) and
    has first names that agree (the same, a nickname, an initial) and
    organisations that agree (the same up to a legal form, one short for the
    other, an acronym, or one missing); see :mod:`salon.services.similarity`.
    Strongest first.
    """
    people = list_people(session, owner, include_me=True)
    groups: list[DuplicateGroup] = []
    by_url: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.url:
            by_url[person.url].append(person)
    for url, members in by_url.items():
        if len(members) > 1:  # only in stores older than migration 0005
            ordered = tuple(sorted(members, key=lambda p: p.id))
            groups.append(DuplicateGroup(ordered, f"same profile URL {url}", True))
    by_surname: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        key = surname_key(person.name)
        if key:
            by_surname[key].append(person)
    likely = [
        found
        for bucket in by_surname.values()
        for first, second in _candidates(bucket)
        if (found := _pair(first, second)) is not None
    ]
    likely.sort(key=lambda g: (-g.score, [p.id for p in g.people]))
    return groups + likely


def merge_certain(
    session: Session,
    owner: Account,
    groups: list[DuplicateGroup] | None = None,
    *,
    record: bool = True,
) -> int:
    """Merge every certain group (one profile URL) into its oldest person; how many merged."""
    n_merged = 0
    for group in find_duplicates(session, owner) if groups is None else groups:
        if group.certain:
            keep, *others = group.people
            for other in others:
                # one profile, two records: the older record's values win, the
                # other's are kept aside, as before choices existed
                merge_people(session, owner, keep.id, other.id, prefer="keep", record=record)
                n_merged += 1
    return n_merged


def merge_duplicate_identities(store: Store) -> int:
    """Upgrade the store, merging for every owner the people who share a profile URL;
    how many were merged.

    For a store that migration 0008 refuses to upgrade because it holds such
    duplicates (opened with ``migrate=False``).  0008 is told to leave the
    index plain, every migration runs to head, and then, in the upgrade's own
    transaction, the duplicates are merged with the ORM models (which describe
    the newest schema, so later migrations may change any table they map) and
    the index is made unique (:mod:`salon.db.profile_urls`).  Interrupted, the
    store is left as it was.  A store whose profile URLs are unique already
    is only upgraded.
    """
    with store.upgrading(**{DEFER_UNIQUE_URLS: True}) as session:
        if has_unique_profile_urls(session.connection()):
            return 0
        accounts = session.scalars(select(Account).order_by(Account.id)).all()
        # a repair of the store during its upgrade, not a merge a person undoes
        n_merged = sum(merge_certain(session, account, record=False) for account in accounts)
        session.flush()
        make_profile_urls_unique(session.connection())
    return n_merged


#: the fields a merge chooses between when both records hold different values
#: (first and last name follow the name)
MERGE_FIELDS = ("name", *(f for f in SCALAR_FIELDS if f not in ("first_name", "last_name")))
PREFER = ("keep", "other")


@dataclass(frozen=True)
class FieldConflict:
    """A field both records hold with values neither of which is plainly richer."""

    field: str
    keep: str
    other: str


def _accents(text: str) -> int:
    return sum(1 for char in text if ord(char) > 127)


def richer(first: Any, second: Any) -> Any | None:
    """The value that says more, when one plainly does; ``None`` when they conflict.

    The same name up to accents keeps the accented spelling ("Ana López" over
    "Ana Lopez"); a value that extends the other keeps the longer
    ("Northwind Logistics" over "Northwind"); the earlier of two dates (known
    since the earliest).

    Examples
    --------
    >>> richer("Ana Lopez", "Ana López")
    'Ana López'
    >>> richer("Northwind Logistics", "Northwind")
    'Northwind Logistics'
    >>> richer("Biolab", "Paylane") is None
    True
    """
    if first == second:
        return first
    if isinstance(first, dt.date) and isinstance(second, dt.date):
        return min(first, second)
    a, b = normalise_name(str(first)).split(), normalise_name(str(second)).split()
    if a == b:
        return max(first, second, key=lambda v: (_accents(str(v)), len(str(v))))
    if a and b and (a[: len(b)] == b or b[: len(a)] == a):
        return first if len(a) > len(b) else second
    return None


def _stated(person: Person, field: str) -> bool:
    return field not in INFERABLE_FIELDS or person.inferred(field) is None


def _choices(keep: Person, other: Person) -> tuple[dict[str, Any], list[FieldConflict]]:
    """What a merge takes for each field without asking, and what it must ask about.

    A stated value beats an inferred one; a field only one record holds is
    taken; otherwise :func:`richer` decides, or the field is a conflict.
    """
    taken: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for field in MERGE_FIELDS:
        mine, theirs = getattr(keep, field), getattr(other, field)
        if theirs is None or (mine == theirs and _stated(keep, field) >= _stated(other, field)):
            continue
        if mine is None:
            taken[field] = theirs
            continue
        if _stated(keep, field) != _stated(other, field):
            taken[field] = mine if _stated(keep, field) else theirs
            continue
        better = richer(mine, theirs)
        if better is None:
            conflicts.append(FieldConflict(field, str(mine), str(theirs)))
        else:
            taken[field] = better
    return taken, conflicts


def merge_conflicts(
    session: Session, owner: Account, keep_ref: int | str, other_ref: int | str
) -> list[FieldConflict]:
    """The fields :func:`merge_people` needs a choice for (``prefer`` or ``values``)."""
    keep, other = get_person(session, owner, keep_ref), get_person(session, owner, other_ref)
    return _choices(keep, other)[1]


def merge_people(
    session: Session,
    owner: Account,
    keep_ref: int | str,
    other_ref: int | str,
    *,
    prefer: str | None = None,
    values: Mapping[str, str] | None = None,
    record: bool = True,
) -> Person:
    """Merge ``other`` into ``keep``; ``other`` is deleted, nothing it held is lost.

    Each field keeps the richer value (see :func:`_choices`); where both hold
    values that conflict, ``values`` (field → value) or ``prefer`` ("keep" or
    "other") decides, and without either the merge is refused with the
    conflicts named.  Every value that does not win is kept as a
    ``merged.<field>`` attribute: former names and organisations, which the
    import matches (:mod:`salon.services.matching`).  With ``record`` (the
    default) what the merge changed is stored, so ``salon person unmerge``
    can undo it (:mod:`salon.services.merge_history`).
    """
    keep = get_person(session, owner, keep_ref)
    other = get_person(session, owner, other_ref)
    if keep.id == other.id:
        raise InputError(f"cannot merge {keep.name} (id {keep.id}) with itself")
    if prefer is not None and prefer not in PREFER:
        raise InputError(f"--prefer is keep or other, got {prefer!r}", field="prefer")
    chosen = dict(values or {})
    unknown = sorted(set(chosen) - set(MERGE_FIELDS))
    if unknown:
        raise InputError(
            f"cannot set {', '.join(unknown)} in a merge; fields: {', '.join(MERGE_FIELDS)}",
            field="set",
        )
    taken, conflicts = _choices(keep, other)
    open_conflicts = [c for c in conflicts if c.field not in chosen]
    if open_conflicts and prefer is None:
        listing = "; ".join(f"{c.field}: {c.keep!r} or {c.other!r}" for c in open_conflicts)
        raise InputError(
            f"{keep.name} (id {keep.id}) and {other.name} (id {other.id}) differ in {listing}; "
            "choose with --prefer keep|other or --set FIELD=VALUE"
        )
    for conflict in open_conflicts:
        taken[conflict.field] = getattr(keep if prefer == "keep" else other, conflict.field)
    taken.update(chosen)
    before = record_before(session, keep, other) if record else None
    other_name = other.name
    if other.is_me:  # keep stands for the user from now on; forget who did before
        session.info.get("salon_me", {}).pop(owner.id, None)
    # a profile URL is unique per owner: free it before ``keep`` takes it over
    if taken.get("url") is not None and other.url is not None:
        other.url = None
        session.flush()
    _merge_fields(keep, other, taken)
    _merge_ties(session, owner, keep, other)
    forget_tie_cache(session)
    _merge_references(session, keep, other)
    session.flush()
    session.delete(other)
    session.flush()
    session.refresh(keep)
    if before is not None:
        record_after(session, owner, before, keep, other_name)
    return keep


def _scalar_plan(keep: Person, other: Person) -> list[tuple[str, Any, Any, Any, str]]:
    """What a merge that keeps ``keep``'s value on a conflict (``prefer="keep"``, as the
    web page merges) does with each field: (field, mine, theirs, result, action).

    The action is ``same`` (nothing to do), ``keep`` (only ``keep`` has a value),
    ``fill`` (only ``other`` has one: it is copied) or ``aside`` (both differ:
    the value that loses, by :func:`_choices`, is kept as a ``merged.<field>``
    attribute).
    """
    taken, conflicts = _choices(keep, other)
    for conflict in conflicts:
        taken[conflict.field] = getattr(keep, conflict.field)
    plan: list[tuple[str, Any, Any, Any, str]] = []
    for key in MERGE_FIELDS:
        mine, theirs = getattr(keep, key), getattr(other, key)
        result = taken.get(key, mine)
        if theirs is None or theirs == mine:
            action = "same" if theirs == mine else "keep"
        elif mine is None:
            action = "fill"
        elif key == "name" and normalise_name(str(mine)) == normalise_name(str(theirs)):
            action = "keep"  # "Dr. Ana Lopez" is the name "Ana López" already matches
        else:
            action = "aside"
        plan.append((key, mine, theirs, result, action))
    return plan


def _merge_fields(keep: Person, other: Person, taken: Mapping[str, Any]) -> None:
    """Set the chosen values on ``keep``; every value that lost is kept aside."""
    attributes = {a.key: a for a in keep.attributes}

    def keep_aside(key: str, value: str) -> None:
        name = f"merged.{key}"
        if name in attributes:
            if value not in attributes[name].value.split(" | "):
                attributes[name].value += f" | {value}"
        else:
            attributes[name] = PersonAttribute(key=name, value=value)
            keep.attributes.append(attributes[name])

    former = {f: (getattr(keep, f), getattr(other, f)) for f in MERGE_FIELDS}
    from_other = [f for f in INFERABLE_FIELDS if f in taken and taken[f] == former[f][1]]
    for field, value in taken.items():
        if field == "name":
            keep.name, keep.name_key = value, normalise_name(value)
            if value == other.name:
                keep.first_name, keep.last_name = other.first_name, other.last_name
        else:
            setattr(keep, field, value)
    for field, (mine, theirs) in former.items():
        for value in (mine, theirs):
            if value is None or value == getattr(keep, field):
                continue
            if field == "name" and normalise_name(value) == keep.name_key:
                continue  # "Dr. Ana Lopez" is the name "Ana López" already matches
            keep_aside(field, str(value))
    for field in INFERABLE_FIELDS:  # the inferred mark follows the value that won
        if field in from_other:
            for mark in [i for i in keep.inferences if i.field == field]:
                keep.inferences.remove(mark)
            for mark in other.inferences:
                if mark.field == field:
                    keep.inferences.append(
                        InferredValue(
                            field=field,
                            confidence=mark.confidence,
                            method=mark.method,
                            source=mark.source,
                        )
                    )
    for field in ("first_name", "last_name"):
        if getattr(keep, field) is None:
            setattr(keep, field, getattr(other, field))
    if other.is_me:
        keep.is_me = True
    for email in list(other.emails):  # moved, not copied: emails are unique per owner
        other.emails.remove(email)
        email.position = len(keep.emails)
        keep.emails.append(email)
    for attribute in other.attributes:
        if attribute.key not in attributes:
            attributes[attribute.key] = PersonAttribute(key=attribute.key, value=attribute.value)
            keep.attributes.append(attributes[attribute.key])
        elif attributes[attribute.key].value != attribute.value:
            if attribute.key.startswith("merged."):
                for value in attribute.value.split(" | "):
                    keep_aside(attribute.key.removeprefix("merged."), value)
            else:
                keep_aside(attribute.key, attribute.value)
    tags = {(t.kind, t.tag.casefold()) for t in keep.tags}
    for tag in other.tags:
        if (tag.kind, tag.tag.casefold()) not in tags:
            keep.tags.append(PersonTag(kind=tag.kind, tag=tag.tag))
            tags.add((tag.kind, tag.tag.casefold()))


def _merge_ties(session: Session, owner: Account, keep: Person, other: Person) -> None:
    ties = session.scalars(
        select(Tie).where(
            Tie.owner_id == owner.id, or_(Tie.person_a_id == other.id, Tie.person_b_id == other.id)
        )
    ).all()
    for tie in ties:
        counterpart = tie.person_b_id if tie.person_a_id == other.id else tie.person_a_id
        if counterpart == keep.id:
            session.delete(tie)  # a tie between the two records of one person
            continue
        a, b = sorted((keep.id, counterpart))
        existing = session.scalar(
            select(Tie).where(Tie.owner_id == owner.id, Tie.person_a_id == a, Tie.person_b_id == b)
        )
        if existing is None:
            tie.person_a_id, tie.person_b_id = a, b
            continue
        known = {(e.kind, e.source_ref) for e in existing.evidence}
        for evidence in tie.evidence:
            if (evidence.kind, evidence.source_ref) not in known:
                existing.evidence.append(
                    TieEvidence(
                        kind=evidence.kind,
                        inferred=evidence.inferred,
                        source_ref=evidence.source_ref,
                        observed_on=evidence.observed_on,
                    )
                )
        existing.support = sorted(set(existing.support) | set(tie.support))
        if tie.since and (existing.since is None or tie.since < existing.since):
            existing.since = tie.since
        existing.how_met = existing.how_met or tie.how_met
        existing.introduced_by_id = existing.introduced_by_id or tie.introduced_by_id
        existing.manual_strength = existing.manual_strength or tie.manual_strength
        session.delete(tie)
    session.flush()


def _merge_references(session: Session, keep: Person, other: Person) -> None:
    single: tuple[tuple[Any, str], ...] = (
        (Feedback, "person_id"),
        (Lesson, "person_id"),
        (Note, "person_id"),
        (EventTable, "host_id"),
        (Tie, "introduced_by_id"),
    )
    for model, column in single:
        for row in session.scalars(select(model).where(getattr(model, column) == other.id)):
            setattr(row, column, keep.id)
    _merge_memberships(session, keep, other)
    # rows unique per (container, person): move them unless keep already has one
    unique_per_container: tuple[tuple[Any, str], ...] = (
        (InteractionParticipant, "interaction_id"),
        (Member, "community_id"),
        (Attendance, "event_id"),
    )
    for model, container in unique_per_container:
        held = set(
            session.scalars(select(getattr(model, container)).where(model.person_id == keep.id))
        )
        for row in session.scalars(select(model).where(model.person_id == other.id)):
            if getattr(row, container) in held:
                session.delete(row)
            else:
                row.person_id = keep.id
    seated = {
        (event_id, round_)
        for event_id, round_ in session.execute(
            select(Seat.event_id, Seat.round).where(Seat.person_id == keep.id)
        )
    }
    for seat in session.scalars(select(Seat).where(Seat.person_id == other.id)):
        if (seat.event_id, seat.round) in seated:
            session.delete(seat)
        else:
            seat.person_id = keep.id
    # one rating per event, round and table: keep's own wins where both rated the same
    rated = {
        (event_id, round_, table)
        for event_id, round_, table in session.execute(
            select(EventRating.event_id, EventRating.round, EventRating.table_number).where(
                EventRating.person_id == keep.id
            )
        )
    }
    for rating in session.scalars(select(EventRating).where(EventRating.person_id == other.id)):
        if (rating.event_id, rating.round, rating.table_number) in rated:
            session.delete(rating)
        else:
            rating.person_id = keep.id
    session.flush()
    _merge_pairs(session, keep, other)


def _merge_memberships(session: Session, keep: Person, other: Person) -> None:
    """Where both records are members of one meetup, keep's membership takes what
    only other's has: the member's account, snooze, profile fields and private
    "not with" list (whoever named other as "not with" now names keep), so
    nothing a member said is lost when their membership row goes."""
    held = select(Member).where(Member.person_id == keep.id)
    mine = {m.community_id: m for m in session.scalars(held)}
    for theirs in session.scalars(select(Member).where(Member.person_id == other.id)):
        kept = mine.get(theirs.community_id)
        if kept is None:
            continue  # the generic move below repoints the whole row
        if kept.account_id is None:
            kept.account_id, theirs.account_id = theirs.account_id, None
        kept.snoozed_until = kept.snoozed_until or theirs.snoozed_until
        fields = {
            f.field
            for f in session.scalars(
                select(MemberProfileField).where(MemberProfileField.member_id == kept.id)
            )
        }
        for row in session.scalars(
            select(MemberProfileField).where(MemberProfileField.member_id == theirs.id)
        ):
            if row.field not in fields:
                row.member_id = kept.id
        pairs = {
            (p.member_id, p.other_member_id)
            for p in session.scalars(
                select(MemberKeepApart).where(
                    or_(
                        MemberKeepApart.member_id == kept.id,
                        MemberKeepApart.other_member_id == kept.id,
                    )
                )
            )
        }
        for wish in session.scalars(
            select(MemberKeepApart).where(
                or_(
                    MemberKeepApart.member_id == theirs.id,
                    MemberKeepApart.other_member_id == theirs.id,
                )
            )
        ):
            a = kept.id if wish.member_id == theirs.id else wish.member_id
            b = kept.id if wish.other_member_id == theirs.id else wish.other_member_id
            if a == b or (a, b) in pairs:
                session.delete(wish)
            else:
                wish.member_id, wish.other_member_id = a, b
                pairs.add((a, b))
        session.flush()


def _merge_pairs(session: Session, keep: Person, other: Person) -> None:
    """Encounters and event feedback name two people; repoint both ends."""
    _repoint_pairs(session, Encounter, keep, other, ("event_id", "round"))
    feedback = session.scalars(
        select(EventFeedback).where(
            or_(EventFeedback.person_id == other.id, EventFeedback.about_id == other.id)
        )
    ).all()
    for row in feedback:
        author = keep.id if row.person_id == other.id else row.person_id
        about = keep.id if row.about_id == other.id else row.about_id
        duplicate = session.scalar(
            select(EventFeedback).where(
                EventFeedback.event_id == row.event_id,
                EventFeedback.person_id == author,
                EventFeedback.about_id == about,
                EventFeedback.kind == row.kind,
            )
        )
        if author == about or (duplicate is not None and duplicate is not row):
            session.delete(row)
        else:
            row.person_id, row.about_id = author, about
    session.flush()
    _merge_seating_rules(session, keep, other)


def _merge_seating_rules(session: Session, keep: Person, other: Person) -> None:
    """An organiser's apart/together rules follow the person; where both records
    have a rule with the same person, the kept record's rule wins."""
    _repoint_pairs(session, SeatingPair, keep, other, ("community_id",))
    session.flush()


def _repoint_pairs(
    session: Session, model: Any, keep: Person, other: Person, scope: tuple[str, ...]
) -> None:
    """Rows naming a pair (``person_a_id`` < ``person_b_id``) move from ``other`` to ``keep``.

    A row between the two records of one person goes, and so does one whose
    pair ``keep`` already has within the same ``scope`` columns (keep's wins).
    """
    rows = session.scalars(
        select(model).where(or_(model.person_a_id == other.id, model.person_b_id == other.id))
    ).all()
    for row in rows:
        ends = {row.person_a_id, row.person_b_id} - {other.id} | {keep.id}
        if len(ends) < 2:
            session.delete(row)
            continue
        a, b = sorted(ends)
        clash = session.scalar(
            select(model).where(
                *(getattr(model, column) == getattr(row, column) for column in scope),
                model.person_a_id == a,
                model.person_b_id == b,
            )
        )
        if clash is not None:
            session.delete(row)
        else:
            row.person_a_id, row.person_b_id = a, b


@dataclass(frozen=True)
class DuplicateView:
    """A duplicate group as plain data: (id, name, organisation, email) per person."""

    people: tuple[tuple[int, str, str | None, str | None], ...]
    reason: str
    certain: bool


def duplicate_views(session: Session, owner: Account) -> list[DuplicateView]:
    """:func:`find_duplicates` as plain rows (the web's review page)."""
    return [
        DuplicateView(
            tuple((p.id, p.name, p.organization, p.email) for p in group.people),
            group.reason,
            group.certain,
        )
        for group in find_duplicates(session, owner)
    ]


@dataclass(frozen=True)
class MergePreview:
    """What merging ``other`` into ``keep`` would keep, before anything is written.

    ``fields`` holds (field, kept value, duplicate's value, action) with the
    actions of :func:`_scalar_plan`; emails, tags and attributes are unions.
    """

    keep_id: int
    keep_name: str
    other_id: int
    other_name: str
    fields: tuple[tuple[str, str, str, str], ...]
    emails: tuple[str, ...]
    tags: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...]
    n_ties: int
    n_conversations: int


def merge_preview(
    session: Session, owner: Account, keep_ref: int | str, other_ref: int | str
) -> MergePreview:
    """What :func:`merge_people` would make of the two people; nothing is written.

    Raises
    ------
    NotFoundError
        Either person is not in the owner's network.
    InputError
        Both name the same person.
    """
    keep = get_person(session, owner, keep_ref)
    other = get_person(session, owner, other_ref)
    if keep.id == other.id:
        raise InputError(f"cannot merge {keep.name} (id {keep.id}) with itself")

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    plan = _scalar_plan(keep, other)
    fields = tuple(
        (key, text(result), text(theirs), action)
        for key, mine, theirs, result, action in plan
        if action != "same" or mine is not None
    )
    attributes = keep.attribute_map()
    aside = [
        (key, str(theirs if result == mine else mine))
        for key, mine, theirs, result, action in plan
        if action == "aside"
    ]
    for key, value in other.attribute_map().items():
        if attributes.setdefault(key, value) != value:
            aside.append((key, value))
    for key, value in aside:
        attributes[f"merged.{key}"] = value
    tags = {(t.kind, t.tag.casefold()): f"{t.kind}: {t.tag}" for t in [*other.tags, *keep.tags]}
    n_ties = session.scalar(
        select(func.count())
        .select_from(Tie)
        .where(Tie.owner_id == owner.id)
        .where(or_(Tie.person_a_id == other.id, Tie.person_b_id == other.id))
    )
    n_conversations = session.scalar(
        select(func.count())
        .select_from(InteractionParticipant)
        .where(InteractionParticipant.person_id == other.id)
    )
    return MergePreview(
        keep_id=keep.id,
        keep_name=keep.name,
        other_id=other.id,
        other_name=other.name,
        fields=fields,
        emails=tuple(dict.fromkeys(e.email for e in [*keep.emails, *other.emails])),
        tags=tuple(sorted(tags.values(), key=str.casefold)),
        attributes=tuple(sorted(attributes.items())),
        n_ties=n_ties or 0,
        n_conversations=n_conversations or 0,
    )
