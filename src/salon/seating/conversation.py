"""A conversation starter for one table, built from what its members bring.

Deterministic and plain: the same table always gets the same opener, and the
reason says which members and which facts it came from.  In order of
preference:

1. an interest shared by members from *different* industries (the most
   industries first): the same topic seen from several worlds;
2. a contrast worth exploring: one member's expertise is another's interest,
   across industries;
3. the two most different backgrounds at the table (industry and discipline);
4. a generic opener about ideas, when the profiles say too little.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ConversationStarter:
    """An opener for a table and why it was chosen."""

    text: str
    reason: str


@dataclass(frozen=True)
class _Member:
    name: str
    industry: str
    discipline: str
    interests: frozenset[str]
    expertise: frozenset[str]


def _field(member: Mapping[str, Any] | object, key: str) -> Any:
    if isinstance(member, Mapping):
        return member.get(key)
    return getattr(member, key, None)


def _tags(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    items: Iterable[Any] = [value] if isinstance(value, str) else value
    return frozenset(str(x).strip().lower() for x in items if str(x).strip())


def _member(raw: Mapping[str, Any] | object, k: int) -> _Member:
    return _Member(
        name=str(_field(raw, "name") or f"guest {k + 1}"),
        industry=str(_field(raw, "industry") or "").strip(),
        discipline=str(_field(raw, "discipline") or "").strip(),
        interests=_tags(_field(raw, "interests")),
        expertise=_tags(_field(raw, "expertise")),
    )


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def table_conversation_starter(
    members: Sequence[Mapping[str, Any] | object],
) -> ConversationStarter:
    """An opener for a table from its members' profiles.

    Each member is a mapping or an object with any of ``name``, ``industry``,
    ``discipline``, ``interests`` and ``expertise`` (tag lists); missing fields
    are ignored.  ``intent`` is accepted and not used: the seating already
    spreads pitchers out.

    Examples
    --------
    >>> starter = table_conversation_starter([
    ...     {"name": "Ana", "industry": "banking", "interests": ["AI ethics"]},
    ...     {"name": "Raj", "industry": "health", "interests": ["ai ethics", "running"]},
    ... ])
    >>> starter.text
    "What does 'ai ethics' look like in banking compared with health? Ana and Raj both follow it."
    """
    people = [_member(raw, k) for k, raw in enumerate(members)]
    # 1. shared interests across industries
    best: tuple[int, int, str] | None = None
    for tag in sorted({t for p in people for t in p.interests}):
        holders = [p for p in people if tag in p.interests]
        industries = {p.industry for p in holders if p.industry}
        if len(holders) >= 2 and len(industries) >= 2:
            key = (len(industries), len(holders), tag)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is not None:
        tag = best[2]
        holders = [p for p in people if tag in p.interests]
        worlds_seen = sorted({p.industry for p in holders if p.industry})
        worlds = ", ".join(worlds_seen[:-1]) + " compared with " + worlds_seen[-1]
        names = [p.name for p in holders]
        return ConversationStarter(
            text=(
                f"What does {tag!r} look like in {worlds}? "
                f"{_names(names)} {'both' if len(names) == 2 else 'all'} follow it."
            ),
            reason=(
                f"shared interest across different industries: {tag!r} is followed by "
                + ", ".join(f"{p.name} ({p.industry or 'industry unknown'})" for p in holders)
            ),
        )
    # 2. one member's expertise is another's interest, across industries
    for expert in people:
        for learner in people:
            if learner is expert or (expert.industry and expert.industry == learner.industry):
                continue
            topics = sorted(expert.expertise & learner.interests)
            if topics:
                return ConversationStarter(
                    text=(
                        f"{learner.name}, you are curious about {topics[0]!r}: ask {expert.name}, "
                        f"who works on it in {expert.industry or 'another field'}."
                    ),
                    reason=(
                        f"a contrast worth exploring: {expert.name}'s expertise {topics[0]!r} "
                        f"is {learner.name}'s interest, from another industry"
                    ),
                )
    # 3. the two most different backgrounds
    pairs = [
        (
            (a.industry != b.industry and bool(a.industry) and bool(b.industry))
            + (a.discipline != b.discipline and bool(a.discipline) and bool(b.discipline)),
            a,
            b,
        )
        for k, a in enumerate(people)
        for b in people[k + 1 :]
    ]
    pairs = [p for p in pairs if p[0] > 0]
    if pairs:
        score, a, b = max(pairs, key=lambda p: p[0])
        a_bg = " ".join(x for x in (a.discipline, a.industry and f"in {a.industry}") if x)
        b_bg = " ".join(x for x in (b.discipline, b.industry and f"in {b.industry}") if x)
        return ConversationStarter(
            text=(
                f"Pick one problem on the table: how would {a.name} ({a_bg}) and "
                f"{b.name} ({b_bg}) each attack it?"
            ),
            reason=f"a contrast worth exploring: the most different backgrounds at the table "
            f"({score} of industry and discipline differ)",
        )
    return ConversationStarter(
        text="What is an idea you changed your mind about this year, and who changed it?",
        reason="the profiles share no interests and show no contrast to build on",
    )
