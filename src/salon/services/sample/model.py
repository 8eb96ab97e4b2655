"""The sample network as plain, frozen data.

Every record refers to people by ``key`` (a slug such as ``"ana-souza"``), never by a
database id: the loader in the demo service maps keys to rows.  Containers are tuples
and frozensets so that a generated sample cannot be changed by accident and two samples
compare equal field by field.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

TieEvidence = Literal["stated", "introducer", "same_organization"]
Stance = Literal["supportive", "challenging", "neutral"]
LessonKind = Literal["success", "failure"]
Intent = Literal["learn", "pitch", "both"]

SUPPORT_TYPES = frozenset({"moral", "advice", "resources"})
CHANNELS = ("coffee", "call", "video", "email", "event", "lunch")
LEARNING_PURPOSES = frozenset({"learn", "explore_idea", "get_feedback", "collaborate", "support"})
RESOURCE_PURPOSES = frozenset({"sell", "pitch", "hire", "fundraise", "ask_resource"})
PURPOSES = LEARNING_PURPOSES | RESOURCE_PURPOSES
OUTCOMES = frozenset({"insight", "idea", "introduction", "deal", "lead", "resource"})


@dataclass(frozen=True)
class SamplePerson:
    """One person; ``attributes`` holds country, generation and education when known."""

    key: str
    name: str
    email: str | None
    organization: str | None
    role: str | None
    industry: str | None
    discipline: str | None
    # A read-only mapping: left out of the hash (it has none), kept in equality.
    attributes: Mapping[str, str] = field(hash=False)
    expertise: tuple[str, ...]
    interests: tuple[str, ...]
    bio: str | None
    url: str | None


@dataclass(frozen=True)
class SampleTie:
    """A known relationship between ``a`` and ``b`` (ego ties have ``a`` = the user)."""

    a: str
    b: str
    evidence: TieEvidence
    since: datetime.date
    introduced_by: str | None
    support: frozenset[str]
    strength: int | None


@dataclass(frozen=True)
class SampleInteraction:
    """A conversation of the user with ``participants`` (the user is implied)."""

    when: datetime.date
    participants: tuple[str, ...]
    channel: str
    purposes: frozenset[str]
    depth: int
    challenged: bool
    insights: tuple[str, ...]
    outcomes: frozenset[str]
    notes: str | None


@dataclass(frozen=True)
class SampleIdeaVersion:
    number: int
    text: str
    created: datetime.date


@dataclass(frozen=True)
class SampleFeedback:
    """Feedback from ``person`` on version ``version`` of an idea."""

    version: int
    person: str
    text: str
    stance: Stance
    given: datetime.date


@dataclass(frozen=True)
class SampleIdea:
    key: str
    title: str
    problem: str
    domain: str
    status: str
    needs: frozenset[str]
    versions: tuple[SampleIdeaVersion, ...]
    feedback: tuple[SampleFeedback, ...]


@dataclass(frozen=True)
class SampleLesson:
    """A success or failure story the user learned from ``person``."""

    key: str
    person: str
    title: str
    context: str
    what_happened: str
    takeaway: str
    kind: LessonKind
    domain: str
    tags: tuple[str, ...]
    learned: datetime.date


@dataclass(frozen=True)
class SampleMember:
    person: str
    intent: Intent
    joined: datetime.date


@dataclass(frozen=True)
class SampleEventFeedback:
    person: str
    learned_from: tuple[str, ...]
    follow_up: tuple[str, ...]


@dataclass(frozen=True)
class SampleEvent:
    """One evening: ``seatings[r][t]`` are the people at table ``t`` in round ``r``."""

    key: str
    title: str
    when: datetime.date
    venue: str
    tables: tuple[int, ...]
    rounds: int
    attendees: tuple[str, ...]
    seatings: tuple[tuple[tuple[str, ...], ...], ...]
    feedback: tuple[SampleEventFeedback, ...]


@dataclass(frozen=True)
class SampleCommunity:
    name: str
    description: str
    cadence: str
    organizer: str
    members: tuple[SampleMember, ...]
    events: tuple[SampleEvent, ...]


@dataclass(frozen=True)
class SampleNetwork:
    """Everything ``salon demo`` loads; ``me`` is the key of the user."""

    me: str
    people: tuple[SamplePerson, ...]
    ties: tuple[SampleTie, ...]
    interactions: tuple[SampleInteraction, ...]
    ideas: tuple[SampleIdea, ...]
    lessons: tuple[SampleLesson, ...]
    community: SampleCommunity

    def summary(self) -> dict[str, int]:
        """Counts of what the sample holds, for the demo's opening lines and for tests."""
        ego = sum(1 for tie in self.ties if self.me in (tie.a, tie.b))
        return {
            "people": len(self.people),
            "industries": len({p.industry for p in self.people if p.industry}),
            "disciplines": len({p.discipline for p in self.people if p.discipline}),
            "contacts": ego,
            "ties": len(self.ties),
            "alter_ties": len(self.ties) - ego,
            "interactions": len(self.interactions),
            "ideas": len(self.ideas),
            "idea_versions": sum(len(idea.versions) for idea in self.ideas),
            "feedback": sum(len(idea.feedback) for idea in self.ideas),
            "lessons": len(self.lessons),
            "members": len(self.community.members),
            "events": len(self.community.events),
        }
