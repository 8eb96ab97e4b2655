"""Two years of the user's conversations, drifting from resources towards ideas.

The share of learning-type purposes rises linearly from about 0.3 at the start of
the window to about 0.75 at its end, and learning conversations increasingly go to
contacts outside the user's three home industries.  That is the story the
orientation profile and its trend are meant to tell.  Dormant contacts only appear
in the first year, with deep conversations; new contacts only after they were met.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from salon.services.sample.insights_data import GENERAL_INSIGHTS, INSIGHTS
from salon.services.sample.model import SampleInteraction
from salon.services.sample.people import CORE_INDUSTRIES
from salon.services.sample.ties import ContactPlan

WINDOW_DAYS = 730
DORMANT_UNTIL = 330  # dormant contacts fall silent after this many days of the window
N_SAMPLED = 380

LEARNING = ("learn", "explore_idea", "get_feedback", "collaborate", "support")
LEARNING_WEIGHTS = (0.32, 0.24, 0.16, 0.16, 0.12)
RESOURCE = ("sell", "pitch", "hire", "fundraise", "ask_resource")
RESOURCE_WEIGHTS = (0.18, 0.27, 0.12, 0.25, 0.18)

# Industries a resource-seeking conversation is most likely to be with.
RESOURCE_AFFINITY: dict[str, dict[str, float]] = {
    "fundraise": {"finance": 8.0, "software": 1.0},
    "pitch": {"finance": 5.0, "software": 1.5, "media": 1.2},
    "hire": {"software": 5.0, "media": 1.5},
    "sell": {"retail": 3.0, "hospitality": 3.0, "media": 2.0, "software": 1.0},
    "ask_resource": {"finance": 2.0, "software": 1.5},
}

NOTES: dict[str, tuple[str, ...]] = {
    "learn": (
        "Asked how they handle {topic}; took two pages of notes.",
        "Wanted to understand {topic} from someone who does it every day.",
        "They walked me through a real example of {topic}, mistakes included.",
        "Came with three questions about {topic}; left with five new ones.",
    ),
    "explore_idea": (
        "Sketched an early idea together; they connected it to {topic}.",
        "Thinking out loud about an idea; they kept asking who the customer really is.",
        "Brought a half-formed idea; they knew a case from {topic} that already tried it.",
    ),
    "get_feedback": (
        "Showed the latest prototype and wrote down everything that confused them.",
        "Asked them to tear the idea apart; they did.",
        "Ran the new version past them; they spotted the same weak step as last time.",
    ),
    "collaborate": (
        "Planned a small joint experiment around {topic}.",
        "Agreed to co-host a workshop next month.",
        "Split the work on a shared prototype; I take the interface, they take {topic}.",
    ),
    "support": (
        "Mostly listened; they are going through a reorganisation.",
        "Caught up after their parental leave.",
        "They had a rough launch; mostly talked about how to tell the team.",
    ),
    "sell": (
        "Demoed the merchant dashboard to their team.",
        "Walked through pricing; they want a pilot first.",
        "Follow-up on the pilot proposal; legal review pending.",
    ),
    "pitch": (
        "Pitched the side project in ten minutes; they asked about traction.",
        "Pitch practice: they timed me and cut the deck to eight slides.",
        "Short pitch after a panel; they took a one-pager.",
    ),
    "hire": (
        "Asked whether they know a senior front-end engineer.",
        "Compared notes on design hiring; they shared their take-home brief.",
        "Interviewed them informally for the design lead role.",
    ),
    "fundraise": (
        "Went through the seed deck; they asked for retention numbers.",
        "Second meeting about the angel round; no commitment yet.",
        "They passed for now, but offered to introduce two other angels.",
    ),
    "ask_resource": (
        "Asked for an introduction to a procurement contact.",
        "Asked to borrow their user-testing lab for a day.",
        "Asked for sample data to test the forecast model.",
    ),
}


class InsightDeck:
    """Deals insights per industry without repeats until a deck is exhausted."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.decks: dict[str, list[str]] = defaultdict(list)

    def draw(self, industry: str) -> str:
        deck = self.decks[industry]
        if not deck:
            deck.extend(INSIGHTS.get(industry, GENERAL_INSIGHTS))
            self.rng.shuffle(deck)
        return deck.pop()


def learning_share(progress: float) -> float:
    """Probability that a conversation at ``progress`` ∈ [0, 1] of the window is learning-led."""
    return 0.3 + 0.45 * progress


def _active(plan: ContactPlan, day: datetime.date, start: datetime.date) -> bool:
    if day < plan.since:
        return False
    return not (plan.dormant and day >= start + datetime.timedelta(days=DORMANT_UNTIL))


def _weekday(rng: random.Random, day: datetime.date, earliest: datetime.date) -> datetime.date:
    # People rarely log weekend meetings: move most of them to the Friday before.
    if day.weekday() >= 5 and rng.random() < 0.85:
        friday = day - datetime.timedelta(days=day.weekday() - 4)
        return friday if friday >= earliest else day
    return day


class ConversationFactory:
    """Turns (date, counterparts, learning-led?) into a plausible interaction."""

    def __init__(
        self,
        rng: random.Random,
        plans: dict[str, ContactPlan],
        expertise: dict[str, tuple[str, ...]],
    ) -> None:
        self.rng = rng
        self.plans = plans
        self.expertise = expertise
        self.deck = InsightDeck(rng)

    def make(
        self,
        when: datetime.date,
        participants: tuple[str, ...],
        purposes: frozenset[str],
        *,
        depth: int | None = None,
        insights: tuple[str, ...] | None = None,
        notes: str | None = None,
    ) -> SampleInteraction:
        rng = self.rng
        learning = bool(purposes & set(LEARNING))
        lead = self.plans[participants[0]]
        outside = lead.industry not in CORE_INDUSTRIES
        if learning:
            channel = rng.choices(
                ("coffee", "lunch", "video", "call", "event", "email"), (30, 15, 20, 15, 10, 10)
            )[0]
            depth = depth or rng.choices((2, 3, 4, 5), (15, 35, 35, 15))[0]
            challenged = rng.random() < (0.55 if outside else 0.35)
        else:
            channel = rng.choices(
                ("video", "call", "email", "event", "coffee", "lunch"), (30, 25, 20, 12, 8, 5)
            )[0]
            depth = depth or rng.choices((1, 2, 3, 4), (30, 40, 25, 5))[0]
            challenged = rng.random() < 0.1
        outcomes: set[str] = set()
        if learning:
            for outcome, p in (("insight", 0.72), ("idea", 0.3), ("introduction", 0.18)):
                if rng.random() < p:
                    outcomes.add(outcome)
        else:
            for outcome, p in (
                ("lead", 0.35),
                ("deal", 0.1),
                ("resource", 0.3),
                ("introduction", 0.25),
                ("insight", 0.08),
            ):
                if rng.random() < p:
                    outcomes.add(outcome)
        if insights is None:
            insights = ()
            if "insight" in outcomes or (challenged and rng.random() < 0.6):
                n = 2 if rng.random() < 0.3 else 1
                insights = tuple(dict.fromkeys(self.deck.draw(lead.industry) for _ in range(n)))
        if insights:
            outcomes.add("insight")
        if notes is None and rng.random() < 0.35:
            purpose = rng.choice(sorted(purposes))
            topics = self.expertise.get(lead.key) or ("their work",)
            notes = rng.choice(NOTES[purpose]).format(topic=rng.choice(topics))
        return SampleInteraction(
            when=when,
            participants=participants,
            channel=channel,
            purposes=purposes,
            depth=depth,
            challenged=challenged,
            insights=insights,
            outcomes=frozenset(outcomes),
            notes=notes,
        )


def _purposes(rng: random.Random, learning: bool) -> frozenset[str]:
    names, weights = (LEARNING, LEARNING_WEIGHTS) if learning else (RESOURCE, RESOURCE_WEIGHTS)
    chosen = {rng.choices(names, weights)[0]}
    if rng.random() < 0.2:
        chosen.add(rng.choices(names, weights)[0])
    return frozenset(chosen)


def _counterpart_weight(plan: ContactPlan, purposes: frozenset[str], progress: float) -> float:
    weight = plan.closeness
    if purposes & set(LEARNING):
        # Learning conversations move outwards over the two years.
        core = plan.industry in CORE_INDUSTRIES
        weight *= (1.0 - 0.6 * progress) if core else (1.0 + 2.5 * progress)
    else:
        weight *= max(RESOURCE_AFFINITY[p].get(plan.industry, 0.4) for p in purposes)
    if plan.new:
        weight *= 1.6  # a newly met contact gets a few follow-ups
    return weight


def sample_interactions(
    factory: ConversationFactory,
    neighbours: dict[str, set[str]],
    today: datetime.date,
) -> list[SampleInteraction]:
    """The bulk of the log: ``N_SAMPLED`` conversations plus the dormant ties' first year."""
    rng = factory.rng
    plans = factory.plans
    start = today - datetime.timedelta(days=WINDOW_DAYS)
    keys = sorted(plans)
    out: list[SampleInteraction] = []
    for _ in range(N_SAMPLED):
        day = _weekday(rng, start + datetime.timedelta(days=rng.randrange(WINDOW_DAYS)), start)
        progress = (day - start).days / WINDOW_DAYS
        purposes = _purposes(rng, rng.random() < learning_share(progress))
        eligible = [k for k in keys if _active(plans[k], day, start)]
        weights = [_counterpart_weight(plans[k], purposes, progress) for k in eligible]
        lead = rng.choices(eligible, weights)[0]
        participants = [lead]
        if rng.random() < 0.07:
            # A group conversation: the lead brings one or two people they know.
            friends = sorted(k for k in neighbours.get(lead, set()) if k in plans)
            friends = [k for k in friends if _active(plans[k], day, start)]
            participants += rng.sample(friends, min(len(friends), rng.randint(1, 2)))
        out.append(factory.make(day, tuple(participants), purposes))
    for key in keys:
        plan = plans[key]
        if not plan.dormant:
            continue
        first = max(start, plan.since) + datetime.timedelta(days=5)
        span = (start + datetime.timedelta(days=DORMANT_UNTIL) - first).days
        for _ in range(rng.randint(3, 5)):
            day = _weekday(rng, first + datetime.timedelta(days=rng.randrange(max(span, 1))), first)
            progress = (day - start).days / WINDOW_DAYS
            purposes = _purposes(rng, rng.random() < learning_share(progress))
            out.append(factory.make(day, (key,), purposes, depth=rng.randint(3, 5)))
    return out
