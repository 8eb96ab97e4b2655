"""An organiser's standing seating rules: two people kept apart, or kept together.

A rule belongs to a community and holds at every event of it (``salon meetup
seat`` passes the rules among the attendees to the optimiser as hard
constraints).  A pair has one rule at most: asking to keep apart a pair that
is kept together is refused, not silently flipped.  Keep-together pairs chain
into groups (Ana with Raj and Raj with Mia seats all three together), so a
keep-apart pair inside such a group is refused too, naming the chain.  What
only the event can tell (a group larger than any table, more people who must
all be apart than there are tables) the optimiser reports when seating,
naming the constraint.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import SEATING_PAIR_KINDS, Account, Community, Person, SeatingPair
from salon.errors import InputError, NotFoundError
from salon.services.meetup.lookup import get_community
from salon.services.people import get_person

__all__ = [
    "SeatingPairRow",
    "add_seating_pair",
    "list_seating_pairs",
    "remove_seating_pair",
    "seating_pairs",
]


@dataclass(frozen=True)
class SeatingPairRow:
    """One rule as shown to the organiser."""

    kind: str  # "apart" or "together"
    first_id: int
    first_name: str
    second_id: int
    second_name: str

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "people": [
                {"id": self.first_id, "name": self.first_name},
                {"id": self.second_id, "name": self.second_name},
            ],
        }


def seating_pairs(session: Session, community: Community) -> list[SeatingPair]:
    """A community's rules, keep-apart first, oldest first."""
    return list(
        session.scalars(
            select(SeatingPair)
            .where(SeatingPair.community_id == community.id)
            .order_by(SeatingPair.kind, SeatingPair.id)
        )
    )


def _pair_people(
    session: Session, owner: Account, first_ref: str, second_ref: str
) -> tuple[Person, Person]:
    first = get_person(session, owner, first_ref)
    second = get_person(session, owner, second_ref)
    if first.id == second.id:
        raise InputError(
            f"expected two different people, got {first.name} (id {first.id}) twice",
            field="people",
        )
    return (first, second) if first.id < second.id else (second, first)


def _row(rule: SeatingPair, a: Person, b: Person) -> SeatingPairRow:
    return SeatingPairRow(rule.kind, a.id, a.name, b.id, b.name)


def _find(session: Session, community: Community, a: Person, b: Person) -> SeatingPair | None:
    return session.scalar(
        select(SeatingPair).where(
            SeatingPair.community_id == community.id,
            SeatingPair.person_a_id == a.id,
            SeatingPair.person_b_id == b.id,
        )
    )


def _together_groups(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """person id → a representative of their keep-together group (union-find)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    return {x: root(x) for x in list(parent)}


def _names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    rows = session.execute(select(Person.id, Person.name).where(Person.id.in_(set(ids))))
    return {row.id: row.name for row in rows}


def _refuse_apart_inside_a_group(
    session: Session, rules: Sequence[SeatingPair], extra: SeatingPair
) -> None:
    """Refuse when keep-together chains would seat a keep-apart pair together."""
    rules = [*rules, extra]
    group = _together_groups((r.person_a_id, r.person_b_id) for r in rules if r.kind == "together")
    for rule in rules:
        if rule.kind != "apart":
            continue
        a, b = rule.person_a_id, rule.person_b_id
        if a in group and b in group and group[a] == group[b]:
            members = sorted(p for p, g in group.items() if g == group[a])
            names = _names(session, members)
            raise InputError(
                f"{names[a]} and {names[b]} are to be kept apart, but keep-together pairs "
                f"would seat {', '.join(names[p] for p in members)} at one table; "
                "remove one of these pairs first (salon meetup unpair)",
                field="people",
            )


def add_seating_pair(
    session: Session,
    owner: Account,
    community_ref: int | str,
    kind: str,
    first_ref: str,
    second_ref: str,
) -> tuple[SeatingPairRow, bool]:
    """Keep two people apart (``kind="apart"``) or together at the community's events.

    Returns the rule and whether it is new (asking again changes nothing).

    Raises
    ------
    NotFoundError
        No such community or person.
    InputError
        An unknown kind, the same person twice, a pair that already has the
        other rule, or a keep-apart pair that keep-together pairs would seat
        together.
    """
    if kind not in SEATING_PAIR_KINDS:
        raise InputError(
            f"expected one of {', '.join(SEATING_PAIR_KINDS)}, got {kind!r}", field="kind"
        )
    community = get_community(session, owner, community_ref)
    a, b = _pair_people(session, owner, first_ref, second_ref)
    existing = _find(session, community, a, b)
    if existing is not None:
        if existing.kind == kind:
            return _row(existing, a, b), False
        raise InputError(
            f"{a.name} and {b.name} are already kept {existing.kind} at {community.name}; "
            f"a pair cannot be both apart and together (remove it first: "
            f"salon meetup unpair {community.id} {a.id} {b.id})",
            field="people",
        )
    rule = SeatingPair(community_id=community.id, person_a_id=a.id, person_b_id=b.id, kind=kind)
    _refuse_apart_inside_a_group(session, seating_pairs(session, community), rule)
    session.add(rule)
    session.flush()
    return _row(rule, a, b), True


def remove_seating_pair(
    session: Session, owner: Account, community_ref: int | str, first_ref: str, second_ref: str
) -> SeatingPairRow:
    """Drop the rule for two people; returns what it was.

    Raises
    ------
    NotFoundError
        No such community or person, or no rule for the pair.
    """
    community = get_community(session, owner, community_ref)
    a, b = _pair_people(session, owner, first_ref, second_ref)
    rule = _find(session, community, a, b)
    if rule is None:
        raise NotFoundError(
            f"{a.name} and {b.name} are neither kept apart nor together at {community.name}"
        )
    session.delete(rule)
    session.flush()
    return _row(rule, a, b)


def list_seating_pairs(
    session: Session, owner: Account, community_ref: int | str
) -> list[SeatingPairRow]:
    """A community's rules with names, keep-apart first."""
    community = get_community(session, owner, community_ref)
    rules = seating_pairs(session, community)
    names = _names(session, [p for r in rules for p in (r.person_a_id, r.person_b_id)])
    return [
        SeatingPairRow(
            r.kind, r.person_a_id, names[r.person_a_id], r.person_b_id, names[r.person_b_id]
        )
        for r in rules
    ]
