"""``generate_sample``: the whole seeded sample, assembled from its parts."""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict

from salon.errors import InputError
from salon.services.sample.community import build_community
from salon.services.sample.ideas_data import IDEAS, IdeaText
from salon.services.sample.interactions import (
    WINDOW_DAYS,
    ConversationFactory,
    sample_interactions,
)
from salon.services.sample.lessons_data import LESSONS
from salon.services.sample.model import (
    SampleFeedback,
    SampleIdea,
    SampleIdeaVersion,
    SampleInteraction,
    SampleLesson,
    SampleNetwork,
)
from salon.services.sample.people import draft_people
from salon.services.sample.ties import ContactPlan, alter_edges, build_ties, plan_contacts

DEFAULT_TODAY = datetime.date(2026, 11, 26)


def _teller(
    rng: random.Random,
    plans: dict[str, ContactPlan],
    industry: str,
    earliest: datetime.date,
    latest: datetime.date,
    told: Counter[str],
) -> str:
    """A contact of ``industry`` the user could talk to between the two dates.

    Contacts who already told several stories are less likely to be picked again,
    so the lessons come from many people.
    """

    def fits(plan: ContactPlan) -> bool:
        return not plan.dormant and plan.since <= latest

    keys = sorted(k for k, p in plans.items() if p.industry == industry and fits(p))
    if not keys:  # no such contact yet: someone outside the user's usual circles
        keys = sorted(k for k, p in plans.items() if fits(p) and p.since <= earliest)
    key = rng.choices(keys, [1.0 / (1 + told[k]) ** 2 for k in keys])[0]
    told[key] += 1
    return key


def _between(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date:
    return low + datetime.timedelta(days=rng.randint(0, max((high - low).days, 0)))


def _lessons(
    rng: random.Random, factory: ConversationFactory, today: datetime.date
) -> tuple[list[SampleLesson], list[SampleInteraction]]:
    """Each lesson, and the conversation in which the user heard it."""
    start = today - datetime.timedelta(days=WINDOW_DAYS)
    second_year = today - datetime.timedelta(days=365)
    yesterday = today - datetime.timedelta(days=1)
    lessons: list[SampleLesson] = []
    talks: list[SampleInteraction] = []
    told: Counter[str] = Counter()
    for text in LESSONS:
        # Most lessons arrive in the second, more curious year.
        low = second_year if rng.random() < 0.75 else start
        person = _teller(rng, factory.plans, text.teller, low, yesterday, told)
        learned = _between(rng, max(low, factory.plans[person].since), yesterday)
        lessons.append(
            SampleLesson(
                key=text.key,
                person=person,
                title=text.title,
                context=text.context,
                what_happened=text.what_happened,
                takeaway=text.takeaway,
                kind=text.kind,
                domain=text.domain,
                tags=text.tags,
                learned=learned,
            )
        )
        talks.append(
            factory.make(
                learned,
                (person,),
                frozenset({"learn"}),
                depth=rng.randint(3, 5),
                insights=(text.takeaway,),
                notes=f"Told me the story: {text.title}.",
            )
        )
    return lessons, talks


def _idea(
    rng: random.Random, factory: ConversationFactory, text: IdeaText, today: datetime.date
) -> tuple[SampleIdea, list[SampleInteraction]]:
    versions = tuple(
        SampleIdeaVersion(n, body, today - datetime.timedelta(days=days))
        for n, (days, body) in enumerate(text.versions, start=1)
    )
    feedback: list[SampleFeedback] = []
    talks: list[SampleInteraction] = []
    asked: Counter[str] = Counter()
    for version, industry, stance, after, body in text.feedback:
        given = versions[version - 1].created + datetime.timedelta(days=after)
        person = _teller(rng, factory.plans, industry, given, given, asked)
        feedback.append(SampleFeedback(version, person, body, stance, given))
        purposes = {"get_feedback"}
        if text.status == "shelved" and factory.plans[person].industry == "finance":
            purposes.add("fundraise")  # the first-year project was pitched as much as tested
        talks.append(
            factory.make(
                given,
                (person,),
                frozenset(purposes),
                insights=(body,) if stance == "challenging" else (),
                notes=f"Feedback on '{text.title}', version {version}.",
            )
        )
    idea = SampleIdea(
        key=text.key,
        title=text.title,
        problem=text.problem,
        domain=text.domain,
        status=text.status,
        needs=frozenset(text.needs),
        versions=versions,
        feedback=tuple(feedback),
    )
    return idea, talks


def generate_sample(seed: int = 2026, *, today: datetime.date = DEFAULT_TODAY) -> SampleNetwork:
    """A realistic, seeded sample network for ``salon demo``.

    The user, Isa Verbeek, is a product designer at a payments company whose ~100
    contacts lean to software, finance and media.  Over the two years before
    ``today`` her conversations drift from pitching and fund-raising towards
    learning across industries; some once-strong ties go dormant; she keeps lessons,
    ideas with versions and feedback, and belongs to a weekly meetup at a friend's
    restaurant whose six past evenings were seated by hand, clustered by industry.

    Parameters
    ----------
    seed : int
        The same seed gives an identical sample; a different seed a different one.
    today : datetime.date
        The day the sample is "now": every date lies before it.

    Returns
    -------
    SampleNetwork
        Plain frozen data; people are referred to by ``key`` everywhere.

    Raises
    ------
    InputError
        If ``seed`` is not an int or ``today`` is not a date.

    Examples
    --------
    >>> sample = generate_sample(7)
    >>> sample.summary()["people"] >= 150
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(f"seed must be an int, got {seed!r}", field="seed")
    if isinstance(today, datetime.datetime) or not isinstance(today, datetime.date):
        raise InputError(f"today must be a datetime.date, got {today!r}", field="today")
    rng = random.Random(seed)
    drafts = draft_people(rng)
    me, friend = drafts[0].key, drafts[1].key
    edges = alter_edges(rng, drafts, today)
    plans = plan_contacts(rng, drafts, today)
    ties = build_ties(rng, me, drafts, plans, edges)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    expertise = {d.key: d.person.expertise for d in drafts}
    factory = ConversationFactory(rng, plans, expertise)
    interactions = sample_interactions(factory, neighbours, today)
    lessons, heard = _lessons(rng, factory, today)
    ideas = []
    for text in IDEAS:
        idea, talks = _idea(rng, factory, text, today)
        ideas.append(idea)
        heard += talks
    community = build_community(rng, drafts, plans, me, friend, today)
    log = sorted(interactions + heard, key=lambda i: (i.when, i.participants))
    return SampleNetwork(
        me=me,
        people=tuple(d.person for d in drafts),
        ties=ties,
        interactions=tuple(log),
        ideas=tuple(ideas),
        lessons=tuple(lessons),
        community=community,
    )
