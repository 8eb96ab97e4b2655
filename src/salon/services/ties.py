"""Ties and their evidence: who knows whom, and how we know it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Select, or_, select, union
from sqlalchemy.orm import Session, selectinload

from salon.db.models import (
    EVIDENCE_KINDS,
    INFERRED_EVIDENCE,
    Account,
    Person,
    Tie,
    TieEvidence,
)

# the kinds of support a tie may give: the web form's choices
from salon.db.models import SUPPORT_TYPES as SUPPORT_TYPES
from salon.errors import InputError


def ensure_tie(
    session: Session,
    owner: Account,
    a: Person,
    b: Person,
    *,
    evidence: str,
    source_ref: str = "",
    observed_on: dt.date | None = None,
    since: dt.date | None = None,
    how_met: str | None = None,
    introduced_by: Person | None = None,
    support: Iterable[str] = (),
    strength: int | None = None,
) -> Tie:
    """The tie between ``a`` and ``b``, created if new, with this evidence added once.

    Evidence kinds: stated, introducer, shared_conversation, co_seated,
    same_organization (the last is inferred and flagged as such).
    """
    if evidence not in EVIDENCE_KINDS:
        raise InputError(
            f"unknown tie evidence {evidence!r}; expected one of {', '.join(EVIDENCE_KINDS)}"
        )
    if a.id == b.id:
        raise InputError(f"a tie needs two different people, got {a.name} twice")
    support = set(support)
    unknown = support - set(SUPPORT_TYPES)
    if unknown:
        raise InputError(
            f"unknown support type {sorted(unknown)}; expected {', '.join(SUPPORT_TYPES)}"
        )
    if strength is not None and not 1 <= strength <= 5:
        raise InputError(f"tie strength must be 1-5, got {strength}")
    tie = _tie_cache(session, owner).get((min(a.id, b.id), max(a.id, b.id)))
    if tie is None:
        low, high = sorted((a.id, b.id))
        tie = Tie(owner_id=owner.id, person_a_id=low, person_b_id=high, support=[], evidence=[])
        session.add(tie)
        _tie_cache(session, owner)[(low, high)] = tie
    if since is not None and (tie.since is None or since < tie.since):
        tie.since = since
    if how_met:
        tie.how_met = how_met
    if introduced_by is not None:
        tie.introduced_by_id = introduced_by.id
    if support - set(tie.support):
        tie.support = sorted(set(tie.support) | support)
    if strength is not None:
        tie.manual_strength = strength
    if not any(e.kind == evidence and e.source_ref == source_ref for e in tie.evidence):
        tie.evidence.append(
            TieEvidence(
                kind=evidence,
                inferred=evidence in INFERRED_EVIDENCE,
                source_ref=source_ref,
                observed_on=observed_on,
            )
        )
    return tie


def _tie_cache(session: Session, owner: Account) -> dict[tuple[int, int], Tie]:
    """The owner's ties by (low id, high id), loaded once per session.

    Logging hundreds of conversations touches thousands of ties; one query up
    front instead of a query (and an autoflush) per pair keeps that fast.
    """
    caches: dict[int, dict[tuple[int, int], Tie]] = session.info.setdefault("salon_ties", {})
    if owner.id not in caches:
        caches[owner.id] = {(t.person_a_id, t.person_b_id): t for t in ties_of(session, owner)}
    return caches[owner.id]


def tie_between(session: Session, owner: Account, a: Person, b: Person) -> Tie | None:
    """The tie between ``a`` and ``b``, or ``None``; from the session's cache, no query."""
    return _tie_cache(session, owner).get((min(a.id, b.id), max(a.id, b.id)))


def forget_tie_cache(session: Session) -> None:
    """Drop the cache after ties were deleted or rewritten behind its back (merges)."""
    session.info.pop("salon_ties", None)


def ties_of(session: Session, owner: Account, person: Person | None = None) -> list[Tie]:
    """Every tie of the owner's network, or only those of ``person``."""
    query = select(Tie).where(Tie.owner_id == owner.id).options(selectinload(Tie.evidence))
    if person is not None:
        query = query.where(or_(Tie.person_a_id == person.id, Tie.person_b_id == person.id))
    return list(session.scalars(query.order_by(Tie.id)))


def contact_ids(owner: Account, person: Person) -> Select[tuple[int]]:
    """A query of the ids of ``person``'s contacts, to filter other queries by.

    A subquery rather than a list of ids: thousands of contacts would make
    thousands of bound parameters.
    """
    return (
        union(
            select(Tie.person_b_id).where(Tie.owner_id == owner.id, Tie.person_a_id == person.id),
            select(Tie.person_a_id).where(Tie.owner_id == owner.id, Tie.person_b_id == person.id),
        )
        .subquery()
        .select()
    )


def infer_same_organization_ties(session: Session, owner: Account) -> int:
    """Add inferred ties between people of one organisation; returns how many pairs."""
    people = session.scalars(
        select(Person).where(Person.owner_id == owner.id, Person.organization.is_not(None))
    ).all()
    by_org: dict[str, list[Person]] = {}
    for person in people:
        by_org.setdefault((person.organization or "").casefold(), []).append(person)
    n_pairs = 0
    for group in by_org.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                ensure_tie(
                    session,
                    owner,
                    first,
                    second,
                    evidence="same_organization",
                    source_ref="inferred",
                )
                n_pairs += 1
    return n_pairs


def state_tie(
    session: Session,
    owner: Account,
    a: Person,
    b: Person,
    *,
    source_ref: str,
    introduced_by: Person | None = None,
    since: dt.date | None = None,
    how_met: str | None = None,
    support: Iterable[str] = (),
    strength: int | None = None,
) -> Tie:
    """Record that ``a`` and ``b`` know each other, as the user states it.

    An introducer knows both: they get an "introducer" tie to each.

    Raises
    ------
    InputError
        ``a`` and ``b`` are one person, or a support type or strength is unknown.
    """
    if a.id == b.id:
        raise InputError(f"{a.name} cannot be tied to themselves")
    tie = ensure_tie(
        session,
        owner,
        a,
        b,
        evidence="stated",
        source_ref=source_ref,
        since=since,
        how_met=how_met,
        introduced_by=introduced_by,
        support=support,
        strength=strength,
    )
    if introduced_by is not None:
        for person in (a, b):
            if person.id != introduced_by.id:
                ensure_tie(
                    session,
                    owner,
                    introduced_by,
                    person,
                    evidence="introducer",
                    source_ref=f"introduced:{min(a.id, b.id)}-{max(a.id, b.id)}",
                )
    return tie
