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

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
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
from salon.services.matching import identity_conflicts
from salon.services.people import SCALAR_FIELDS, get_person, list_people
from salon.services.similarity import name_relation, organisation_relation, surname_key
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
        for i, first in enumerate(bucket)
        for second in bucket[i + 1 :]
        if (found := _pair(*sorted((first, second), key=lambda p: p.id))) is not None
    ]
    likely.sort(key=lambda g: (-g.score, [p.id for p in g.people]))
    return groups + likely


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
_UNIQUE_URLS = "0005"


def merge_duplicate_identities(store: Store) -> int:
    """Merge, for every owner, the people who share a profile URL; how many were merged.

    For a store that migration 0005 refuses to upgrade because it holds such
    duplicates: the store (opened with ``migrate=False``) is brought up to the
    revision before, the duplicates are merged in one transaction, and the
    caller upgrades it to head afterwards.  A store already at 0005 or later
    holds none, and nothing changes.
    """
    revision = current_revision(store.engine)
    if revision is not None and revision >= _UNIQUE_URLS:
        return 0
    upgrade(store.engine, "0004", busy_timeout=store.busy_timeout)
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

    if other.name_key != keep.name_key:
        keep_aside("name", other.name)
    for key in SCALAR_FIELDS:
        mine, theirs = getattr(keep, key), getattr(other, key)
        if theirs is None or theirs == mine:
            continue
        if mine is None:
            setattr(keep, key, theirs)
        else:
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
