"""Conversation starters for the tables of an evening, built from what each table's people bring.

Deterministic and plain: the same tables always get the same openers, and
each reason says which members and which facts it came from.  A table's
candidates, in order of preference:

1. an interest shared by members from *different* industries (the most
   industries first): the same topic seen from several worlds;
2. an exchange: one member's expertise is another's interest, across
   industries; or a lesson one member brought (its takeaway) put to another
   member's world; or an open idea put to the table's expertise;
3. expertise shared across industries: the same craft in two worlds;
4. the two most different backgrounds at the table (industry and discipline);
5. a general opener addressed to the table, when the profiles say too little.

:func:`evening_conversation_starters` gives every table of every round its
own opener: never the same sentence twice in one evening, a topic used at
one table is avoided at the others while another candidate is left, and the
phrasings rotate so that tables built on the same kind of fact read
differently.  A background is written once when industry and discipline are
the same word ("education", never "education in education").
"""

from __future__ import annotations

from collections import Counter
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
    lessons: tuple[str, ...]
    ideas: tuple[str, ...]

    @property
    def background(self) -> str:
        """ "design in banking", "banking", or "" — never one word twice."""
        parts = [self.discipline, self.industry]
        if self.discipline.casefold() == self.industry.casefold():
            parts = [self.industry]
        return " in ".join(p for p in parts if p)


@dataclass(frozen=True)
class _Candidate:
    rank: int  # the preference of the module docstring, lower first
    kind: str  # selects the rotating phrasings
    topic: str  # avoided at other tables of the evening while possible
    slots: Mapping[str, str]
    reason: str


# Phrasings per kind; the evening's n-th use of a kind takes phrasing n mod len.
_PHRASINGS: Mapping[str, tuple[str, ...]] = {
    "shared": (
        "What does {tag!r} look like in {worlds}? {names} {all} follow it.",
        "{names} {all} care about {tag!r}, from {worlds}: what does each world get wrong about it?",
        "{tag!r} from {worlds}: {names}, what would you borrow from each other's side?",
    ),
    "exchange": (
        "{learner}, you are curious about {topic!r}: ask {expert}, who works on it in {field}.",
        "{expert} knows {topic!r} from {field}; {learner} wants to learn it: "
        "what is the first thing a newcomer gets wrong?",
        "{learner}, bring {expert} your question about {topic!r}: {expert} works on it in {field}.",
    ),
    "lesson": (
        "{holder} brought a lesson: '{lesson}' {other}, would it hold in {field}?",
        "{other}, here is {holder}'s lesson: '{lesson}' Where has {field} seen the same?",
    ),
    "idea": (
        "{holder} is working on '{idea}': {others}, what would you test first?",
        "An open idea at this table, '{idea}' ({holder}): {others}, what does your "
        "experience say about it?",
    ),
    "craft": (
        "{names} {all} know {tag!r}, in {worlds}: what does one world do that the other "
        "should copy?",
        "{tag!r} is practised here in {worlds}: {names}, where do your habits differ?",
    ),
    "contrast": (
        "Pick one problem on the table: how would {a} ({a_bg}) and {b} ({b_bg}) each attack it?",
        "{a} ({a_bg}) and {b} ({b_bg}): what is a problem in one of your worlds that the "
        "other would solve differently?",
        "What would {a} ({a_bg}) find strange in how {b} ({b_bg}) works, and the other way round?",
    ),
    "general": (
        "{names}: what is an idea you changed your mind about this year, and who changed it?",
        "{names}: what problem are you stuck on, and who at this table might see it differently?",
        "{names}: what is something your field knows that others keep relearning?",
        "{names}: what did you try recently that failed, and what did it teach you?",
        "{names}: who outside your field taught you something useful, and what was it?",
    ),
}


def _field(member: Mapping[str, Any] | object, key: str) -> Any:
    if isinstance(member, Mapping):
        return member.get(key)
    return getattr(member, key, None)


def _tags(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    items: Iterable[Any] = [value] if isinstance(value, str) else value
    return frozenset(str(x).strip().lower() for x in items if str(x).strip())


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items: Iterable[Any] = [value] if isinstance(value, str) else value
    return tuple(dict.fromkeys(" ".join(str(x).split()) for x in items if str(x).strip()))


def _member(raw: Mapping[str, Any] | object, k: int) -> _Member:
    return _Member(
        name=str(_field(raw, "name") or f"guest {k + 1}"),
        industry=str(_field(raw, "industry") or "").strip(),
        discipline=str(_field(raw, "discipline") or "").strip(),
        interests=_tags(_field(raw, "interests")),
        expertise=_tags(_field(raw, "expertise")),
        lessons=_texts(_field(raw, "lessons")),
        ideas=_texts(_field(raw, "ideas")),
    )


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _worlds(industries: Sequence[str]) -> str:
    return ", ".join(industries[:-1]) + " compared with " + industries[-1]


def _across(people: Sequence[_Member], tags: Iterable[str], attr: str) -> list[_Candidate]:
    """Tags held by members of at least two industries, the most industries first."""
    found = []
    for tag in sorted(tags):
        holders = [p for p in people if tag in getattr(p, attr)]
        industries = sorted({p.industry for p in holders if p.industry})
        if len(holders) >= 2 and len(industries) >= 2:
            found.append((-len(industries), -len(holders), tag, holders, industries))
    found.sort(key=lambda x: x[:3])
    out = []
    for _, _, tag, holders, industries in found:
        names = [p.name for p in holders]
        slots = {
            "tag": tag,
            "worlds": _worlds(industries),
            "names": _names(names),
            "all": "both" if len(names) == 2 else "all",
        }
        held = ", ".join(f"{p.name} ({p.industry or 'industry unknown'})" for p in holders)
        if attr == "interests":
            reason = f"shared interest across different industries: {tag!r} is followed by {held}"
            out.append(_Candidate(1, "shared", f"interest:{tag}", slots, reason))
        else:
            reason = f"shared expertise across different industries: {tag!r} is known by {held}"
            out.append(_Candidate(3, "craft", f"expertise:{tag}", slots, reason))
    return out


def _exchanges(people: Sequence[_Member]) -> list[_Candidate]:
    out = []
    for expert in people:
        for learner in people:
            if learner is expert or (expert.industry and expert.industry == learner.industry):
                continue
            for topic in sorted(expert.expertise & learner.interests):
                slots = {
                    "learner": learner.name,
                    "expert": expert.name,
                    "topic": topic,
                    "field": expert.industry or "another field",
                }
                reason = (
                    f"a contrast worth exploring: {expert.name}'s expertise {topic!r} "
                    f"is {learner.name}'s interest, from another industry"
                )
                out.append(_Candidate(2, "exchange", f"topic:{topic}", slots, reason))
    return out


def _lessons_and_ideas(people: Sequence[_Member]) -> list[_Candidate]:
    out = []
    for holder in people:
        others = [p for p in people if p is not holder]
        if not others:
            continue
        # the member of the most different world hears the lesson
        other = max(others, key=lambda p: (p.industry != holder.industry, bool(p.industry)))
        for lesson in holder.lessons:
            text = lesson if lesson.endswith((".", "!", "?")) else lesson + "."
            slots = {
                "holder": holder.name,
                "other": other.name,
                "lesson": text,
                "field": other.industry or "another field",
            }
            reason = f"a lesson {holder.name} brought, put to {other.name}'s world"
            out.append(_Candidate(2, "lesson", f"lesson:{lesson}", slots, reason))
        for idea in holder.ideas:
            listeners = _names([p.name for p in others])
            slots = {"holder": holder.name, "idea": idea, "others": listeners}
            reason = f"an open idea of {holder.name}'s, put to the table's experience"
            out.append(_Candidate(2, "idea", f"idea:{idea}", slots, reason))
    return out


def _contrasts(people: Sequence[_Member]) -> list[_Candidate]:
    scored = []
    for k, a in enumerate(people):
        for b in people[k + 1 :]:
            score = (a.industry != b.industry and bool(a.industry) and bool(b.industry)) + (
                a.discipline != b.discipline and bool(a.discipline) and bool(b.discipline)
            )
            if score > 0:
                scored.append((-score, k, a, b))
    scored.sort(key=lambda x: x[:2])
    out = []
    for negative, _, a, b in scored:
        slots = {"a": a.name, "a_bg": a.background, "b": b.name, "b_bg": b.background}
        reason = (
            f"a contrast worth exploring: the most different backgrounds at the table "
            f"({-negative} of industry and discipline differ)"
        )
        out.append(_Candidate(4, "contrast", f"pair:{a.name}|{b.name}", slots, reason))
    return out


def _candidates(members: Sequence[Mapping[str, Any] | object]) -> list[_Candidate]:
    people = [_member(raw, k) for k, raw in enumerate(members)]
    general = _Candidate(
        5,
        "general",
        "general",
        {"names": _names([p.name for p in people]) if people else "Everyone"},
        "the profiles share no interests and show no contrast to build on",
    )
    found = [
        *_across(people, {t for p in people for t in p.interests}, "interests"),
        *_exchanges(people),
        *_lessons_and_ideas(people),
        *_across(people, {t for p in people for t in p.expertise}, "expertise"),
        *_contrasts(people),
        general,
    ]
    return sorted(found, key=lambda c: c.rank)  # stable: the order within a rank stays


def _render(candidate: _Candidate, phrasing: int) -> ConversationStarter:
    options = _PHRASINGS[candidate.kind]
    text = options[phrasing % len(options)].format(**candidate.slots)
    return ConversationStarter(text=text, reason=candidate.reason)


def table_conversation_starter(
    members: Sequence[Mapping[str, Any] | object],
) -> ConversationStarter:
    """An opener for one table from its members' profiles.

    Each member is a mapping or an object with any of ``name``, ``industry``,
    ``discipline``, ``interests`` and ``expertise`` (tag lists), ``lessons``
    (takeaways they brought) and ``ideas`` (their open ideas); missing fields
    are ignored.  ``intent`` is accepted and not used: the seating already
    spreads pitchers out.  For the tables of an evening use
    :func:`evening_conversation_starters`, which keeps them all different.

    Examples
    --------
    >>> starter = table_conversation_starter([
    ...     {"name": "Ana", "industry": "banking", "interests": ["AI ethics"]},
    ...     {"name": "Raj", "industry": "health", "interests": ["ai ethics", "running"]},
    ... ])
    >>> starter.text
    "What does 'ai ethics' look like in banking compared with health? Ana and Raj both follow it."
    """
    return _render(_candidates(members)[0], 0)


def evening_conversation_starters(
    tables: Sequence[Sequence[Mapping[str, Any] | object]],
) -> list[ConversationStarter]:
    """One opener per table, for every table of every round of an evening, all different.

    ``tables`` lists the tables in the order they are shown (round by round);
    each is a sequence of members as for :func:`table_conversation_starter`.
    A table takes its most preferred candidate whose topic no earlier table
    used, else the most preferred whose sentence is new; the phrasing of a
    kind rotates with each use.  Two sentences are equal only if a table
    repeats both its people and every candidate of another, which the general
    openers (five phrasings, addressed by name) rule out for distinct tables.

    Examples
    --------
    >>> a = {"name": "Ana", "industry": "banking", "interests": ["chess"]}
    >>> b = {"name": "Raj", "industry": "health", "interests": ["chess"]}
    >>> first, second = evening_conversation_starters([[a, b], [a, b]])
    >>> first.text != second.text
    True
    """
    used_texts: set[str] = set()
    used_topics: set[str] = set()
    uses: Counter[str] = Counter()
    out: list[ConversationStarter] = []
    for members in tables:
        candidates = _candidates(members)
        fresh = [c for c in candidates if c.topic not in used_topics or c.kind == "general"]
        chosen: ConversationStarter | None = None
        for pool in (fresh, candidates):
            for candidate in pool:
                options = len(_PHRASINGS[candidate.kind])
                for shift in range(options):
                    starter = _render(candidate, uses[candidate.kind] + shift)
                    if starter.text not in used_texts:
                        chosen = starter
                        uses[candidate.kind] += shift + 1
                        used_topics.add(candidate.topic)
                        break
                if chosen is not None:
                    break
            if chosen is not None:
                break
        if chosen is None:  # the same people, every phrasing of every candidate taken
            chosen = _render(candidates[-1], uses["general"])
            chosen = ConversationStarter(
                f"{chosen.text} (Again, {len(out) + 1}.)", chosen.reason + "; asked again"
            )
        used_texts.add(chosen.text)
        out.append(chosen)
    return out
