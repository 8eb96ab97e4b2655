"""Before and around a conversation: briefs, similar experiences, support.

- :func:`prepare_brief`: a one-screen brief before meeting someone, for
  purposeful engagement (who they are, what they know that the network lacks,
  which of the user's open ideas they could challenge, questions worth asking,
  what was said last time);
- :func:`similar_experiences`: lessons and insights from people who have been
  through a similar problem ("who has been through this?");
- :func:`support_map`: who gives moral support, strategic advice and tangible
  resources, and where the gaps are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import SUPPORT_TYPES, Account, Interaction, InteractionParticipant, Person
from salon.errors import InputError
from salon.services.accounts import me
from salon.services.ideas import list_ideas
from salon.services.people import get_person, list_people
from salon.services.semantic_index import Contact, EmbedProgress, semantic_index
from salon.services.suggestions import CLOSED_IDEA_STATUSES, idea_text, relevance_to_texts
from salon.services.ties import contact_ids, ties_of


@dataclass(frozen=True)
class LastConversation:
    occurred_on: str
    purposes: tuple[str, ...]
    insights: tuple[str, ...]
    notes: str | None


@dataclass(frozen=True)
class Brief:
    """What to know and ask before talking with someone."""

    name: str
    who: str
    brings: tuple[str, ...]  # what they know that the user's network lacks
    ideas_to_test: tuple[tuple[str, float], ...]  # open ideas they could challenge, relevance
    questions: tuple[str, ...]
    last_time: LastConversation | None
    n_conversations: int


def _who(person: Person) -> str:
    work = " at ".join(p for p in (person.role, person.organization) if p)
    field = " / ".join(p for p in (person.industry, person.discipline) if p)
    return "; ".join(p for p in (work, field) if p) or "no profile yet"


def prepare_brief(session: Session, owner: Account, person_ref: int | str) -> Brief:
    """A brief before meeting ``person_ref``."""
    user = me(session, owner)
    person = get_person(session, owner, person_ref)
    if person.id == user.id:
        raise InputError("a brief is for a conversation with someone else")
    contacts = [
        p for p in list_people(session, owner, among=contact_ids(owner, user)) if p.id != person.id
    ]
    known_tags = Counter(t.casefold() for p in contacts for t in p.tag_set("expertise"))
    industries = Counter(p.industry for p in contacts if p.industry)
    disciplines = Counter(p.discipline for p in contacts if p.discipline)
    brings: list[str] = []
    if person.industry and industries[person.industry] <= 1:
        brings.append(
            f"industry {person.industry}: {industries[person.industry]} of your "
            f"{len(contacts)} contacts are in it"
        )
    if person.discipline and disciplines[person.discipline] <= 1:
        brings.append(f"discipline {person.discipline}, rare among your contacts")
    rare = [t for t in person.tag_set("expertise") if known_tags[t.casefold()] == 0]
    if rare:
        brings.append(f"expertise none of your contacts lists: {', '.join(rare)}")
    ideas = [i for i in list_ideas(session, owner) if i.status not in CLOSED_IDEA_STATUSES]
    relevance_by_idea = []
    for idea in ideas:
        score = relevance_to_texts([person, *contacts], [idea_text(idea)]).get(person.id, 0.0)
        relevance_by_idea.append((idea.title, score))
    relevance_by_idea.sort(key=lambda pair: -pair[1])
    to_test = tuple(pair for pair in relevance_by_idea[:3] if pair[1] > 0)
    expertise = person.tag_set("expertise")
    questions = []
    if to_test:
        questions.append(f"Where would “{to_test[0][0]}” fail in your world?")
    if expertise:
        questions.append(f"What do newcomers to {expertise[0]} most often get wrong?")
    if person.industry:
        questions.append(
            f"Which problem in {person.industry} have you seen solved "
            "by borrowing from another field?"
        )
    questions.append("Whom should I talk to next who thinks differently from you?")
    conversations = session.scalars(
        select(Interaction)
        .join(InteractionParticipant)
        .where(Interaction.owner_id == owner.id, InteractionParticipant.person_id == person.id)
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
    ).all()
    last = None
    if conversations:
        latest = conversations[0]
        last = LastConversation(
            latest.occurred_on.isoformat(),
            tuple(latest.purposes),
            tuple(i.text for i in latest.insights),
            latest.notes,
        )
    return Brief(
        name=person.name,
        who=_who(person),
        brings=tuple(brings),
        ideas_to_test=to_test,
        questions=tuple(questions[:3]),
        last_time=last,
        n_conversations=len(conversations),
    )


@dataclass(frozen=True)
class Experience:
    ref: str
    kind: str
    text: str
    domain: str
    similarity: float
    person: Contact | None


def similar_experiences(
    session: Session,
    owner: Account,
    problem: str,
    *,
    top: int = 5,
    backend: str = "auto",
    progress: EmbedProgress | None = None,
) -> tuple[str, list[Experience]]:
    """Lessons and insights closest to ``problem``, with whom they came from.

    Unlike far analogies this is plain similarity, in any domain: the point is
    to find who has been through the same problem.  Returns the backend name
    and the experiences, best first.
    """
    if not problem.strip():
        raise InputError("expected a problem to look for")
    # Only lessons and insights are read and embedded, never every profile.
    # Plain similarity never uses sentence parts: they are not embedded for it.
    built = semantic_index(
        session,
        owner,
        backend=backend,
        kinds=("lesson", "insight"),
        progress=progress,
        parts=False,
    )
    if len(built.index) == 0:
        return built.backend, []
    found = built.index.similar(problem, top=top)
    return built.backend, [
        Experience(
            m.ref,
            m.kind,
            m.text,
            m.domain,
            m.similarity,
            built.sources[m.ref].person if m.ref in built.sources else None,
        )
        for m in found
    ]


@dataclass(frozen=True)
class SupportMap:
    """Who gives which kind of support; a gap is a kind with fewer than two givers."""

    givers: dict[str, tuple[str, ...]]
    gaps: tuple[str, ...]
    n_contacts: int


def support_map(session: Session, owner: Account) -> SupportMap:
    user = me(session, owner)
    names = dict(
        session.execute(
            select(Person.id, Person.name).where(Person.id.in_(contact_ids(owner, user)))
        ).all()
    )
    givers: dict[str, list[str]] = {kind: [] for kind in SUPPORT_TYPES}
    n_contacts = 0
    for tie in ties_of(session, owner, user):
        other = tie.person_b_id if tie.person_a_id == user.id else tie.person_a_id
        n_contacts += 1
        for kind in tie.support:
            givers[kind].append(names.get(other, str(other)))
    return SupportMap(
        givers={kind: tuple(sorted(people)) for kind, people in givers.items()},
        gaps=tuple(kind for kind in SUPPORT_TYPES if len(givers[kind]) < 2),
        n_contacts=n_contacts,
    )
