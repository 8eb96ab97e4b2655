"""Duplicate people: find them and merge them.

Imports from several sources meet the same person twice (how an incoming
record is matched is :mod:`salon.services.matching`).  A group is *certain*
on a shared profile URL, and *likely* on the same normalised name and
organisation.  A merge loses nothing: scalar fields the
kept person lacks are filled, conflicting values are kept as ``merged.<field>``
attributes, and every tie, interaction, feedback, lesson, membership, seat and
encounter moves to the kept person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from salon.db.models import (
    Account,
    Attendance,
    Encounter,
    EventFeedback,
    EventTable,
    Feedback,
    InteractionParticipant,
    Lesson,
    Member,
    Note,
    Person,
    PersonAttribute,
    PersonTag,
    Seat,
    SeatingPair,
    Tie,
    TieEvidence,
)
from salon.db.store import Store, current_revision, upgrade
from salon.errors import InputError
from salon.io.normalise import normalise_name
from salon.services.people import SCALAR_FIELDS, get_person, list_people
from salon.services.ties import forget_tie_cache


@dataclass(frozen=True)
class DuplicateGroup:
    """People who look like one real person, and why."""

    people: tuple[Person, ...]
    reason: str
    certain: bool


def find_duplicates(session: Session, owner: Account) -> list[DuplicateGroup]:
    """Groups of people who share an email, a profile URL, or name + organisation."""
    people = list_people(session, owner, include_me=True)
    groups: list[DuplicateGroup] = []
    seen: set[frozenset[int]] = set()

    def collect(key_of: Any, reason: str, certain: bool) -> None:
        buckets: dict[Any, list[Person]] = defaultdict(list)
        for person in people:
            for key in key_of(person):
                buckets[key].append(person)
        for key, members in buckets.items():
            ids = frozenset(p.id for p in members)
            if len(ids) > 1 and ids not in seen:
                seen.add(ids)
                groups.append(
                    DuplicateGroup(
                        tuple(sorted(members, key=lambda p: p.id)), reason.format(key=key), certain
                    )
                )

    # emails are unique per owner in the schema, so only URL and name remain
    collect(lambda p: [p.url] if p.url else [], "same profile URL {key}", True)
    collect(
        lambda p: [(p.name_key, normalise_name(p.organization))] if p.organization else [],
        "same name and organisation",
        False,
    )
    return groups


def merge_certain(
    session: Session, owner: Account, groups: list[DuplicateGroup] | None = None
) -> int:
    """Merge every certain group (one profile URL) into its oldest person; how many merged."""
    n_merged = 0
    for group in find_duplicates(session, owner) if groups is None else groups:
        if group.certain:
            keep, *others = group.people
            for other in others:
                merge_people(session, owner, keep.id, other.id)
                n_merged += 1
    return n_merged


#: the revision that makes profile URLs unique per owner (and refuses duplicates)
_UNIQUE_URLS = "0007"


def merge_duplicate_identities(store: Store) -> int:
    """Merge, for every owner, the people who share a profile URL; how many were merged.

    For a store that migration 0007 refuses to upgrade because it holds such
    duplicates: the store (opened with ``migrate=False``) is brought up to the
    revision before, the duplicates are merged in one transaction, and the
    caller upgrades it to head afterwards.  A store already at 0007 or later
    holds none, and nothing changes.

    The merge uses the ORM models, which describe the newest schema, so the
    uniqueness migration must stay the newest one that changes a table they
    map (a later migration adding a column would make this merge read a
    column the store does not have yet).
    """
    revision = current_revision(store.engine)
    if revision is not None and revision >= _UNIQUE_URLS:
        return 0
    upgrade(store.engine, "0006", busy_timeout=store.busy_timeout)
    with store.transaction() as session:
        accounts = session.scalars(select(Account).order_by(Account.id)).all()
        return sum(merge_certain(session, account) for account in accounts)


def merge_people(
    session: Session, owner: Account, keep_ref: int | str, other_ref: int | str
) -> Person:
    """Merge ``other`` into ``keep``; ``other`` is deleted, nothing it held is lost."""
    keep = get_person(session, owner, keep_ref)
    other = get_person(session, owner, other_ref)
    if keep.id == other.id:
        raise InputError(f"cannot merge {keep.name} (id {keep.id}) with itself")
    if other.is_me:  # keep stands for the user from now on; forget who did before
        session.info.get("salon_me", {}).pop(owner.id, None)
    # a profile URL is unique per owner: free it before ``keep`` takes it over
    moved_url = other.url if keep.url is None else None
    if moved_url is not None:
        other.url = None
        session.flush()
    _merge_fields(keep, other)
    if moved_url is not None:
        keep.url = moved_url
    _merge_ties(session, owner, keep, other)
    forget_tie_cache(session)
    _merge_references(session, keep, other)
    session.flush()
    session.delete(other)
    session.flush()
    session.refresh(keep)
    return keep


def _scalar_plan(keep: Person, other: Person) -> list[tuple[str, Any, Any, str]]:
    """What a merge does with the name and each scalar field: (field, mine, theirs, action).

    The action is ``same`` (nothing to do), ``keep`` (only ``keep`` has a value),
    ``fill`` (only ``other`` has one: it is copied) or ``aside`` (both differ:
    ``other``'s is kept as a ``merged.<field>`` attribute).
    """
    plan: list[tuple[str, Any, Any, str]] = [
        ("name", keep.name, other.name, "aside" if other.name_key != keep.name_key else "same")
    ]
    for key in SCALAR_FIELDS:
        mine, theirs = getattr(keep, key), getattr(other, key)
        if theirs is None or theirs == mine:
            action = "same" if theirs == mine else "keep"
        else:
            action = "fill" if mine is None else "aside"
        plan.append((key, mine, theirs, action))
    return plan


def _merge_fields(keep: Person, other: Person) -> None:
    attributes = {a.key: a for a in keep.attributes}

    def keep_aside(key: str, value: str) -> None:
        name = f"merged.{key}"
        if name in attributes:
            if value not in attributes[name].value.split(" | "):
                attributes[name].value += f" | {value}"
        else:
            attributes[name] = PersonAttribute(key=name, value=value)
            keep.attributes.append(attributes[name])

    for key, _, theirs, action in _scalar_plan(keep, other):
        if action == "fill":
            setattr(keep, key, theirs)
        elif action == "aside":
            keep_aside(key, str(theirs))
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
    session.flush()
    _merge_pairs(session, keep, other)


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
        (key, text(theirs if action == "fill" else mine), text(theirs), action)
        for key, mine, theirs, action in plan
        if action != "same" or mine is not None
    )
    attributes = keep.attribute_map()
    aside = [(key, str(theirs)) for key, _, theirs, action in plan if action == "aside"]
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
