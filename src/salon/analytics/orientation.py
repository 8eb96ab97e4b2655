"""Networking for innovation versus for resources: the six-dimension profile.

(Module written by the lead engineer for the report; extend it rather than
replace it.)

Each dimension is a score in [0, 1] computed from the interactions of a
period, 1 meaning innovation-oriented, with the counts it rests on and one
line saying how it was computed (DESIGN.md, "Orientation profile"):

=================  ===========================================================
objective          share of learning-type purposes among all stated purposes
diversity          IQV (normalised Blau) of the counterparts' industries and
                   disciplines, averaged over the two
conversations      half the share of conversations that challenged thinking
                   or yielded an insight, half the mean depth rescaled to [0,1]
outcomes           share of insight/idea outcomes among all outcomes
time horizon       share of interactions on ties older than a year that had
                   no transactional purpose
risk               share of interactions with a first-time contact from a
                   category (industry or discipline) new to the network
=================  ===========================================================

A dimension with nothing to rest on (e.g. no outcome recorded) is NaN, never
0: the report says "not enough data" rather than "resource-oriented".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from salon.analytics.diversity import iqv

__all__ = [
    "DIMENSIONS",
    "LEARNING_PURPOSES",
    "TRANSACTIONAL_PURPOSES",
    "DimensionScore",
    "InteractionFacts",
    "OrientationProfile",
    "orientation_profile",
    "orientation_trend",
]

LEARNING_PURPOSES = frozenset({"learn", "explore_idea", "get_feedback", "collaborate", "support"})
TRANSACTIONAL_PURPOSES = frozenset({"sell", "pitch", "hire", "fundraise", "ask_resource"})
INNOVATION_OUTCOMES = frozenset({"insight", "idea"})
DIMENSIONS = ("objective", "diversity", "conversations", "outcomes", "time_horizon", "risk")
YEAR_DAYS = 365


@dataclass(frozen=True)
class InteractionFacts:
    """What the profile needs to know of one interaction (plain data).

    The per-counterpart tuples are aligned with ``counterparts``.
    ``tie_age_days`` is how long the user had known the counterpart on that
    day (None if unknown); ``first_time`` whether it was their first logged
    conversation; ``new_category`` whether the counterpart's industry or
    discipline was absent from the user's network before.
    """

    when: dt.date
    purposes: frozenset[str]
    depth: int
    challenged: bool
    has_insight: bool
    outcomes: frozenset[str]
    counterparts: tuple[int, ...]
    industries: tuple[str | None, ...] = ()
    disciplines: tuple[str | None, ...] = ()
    tie_age_days: tuple[float | None, ...] = ()
    first_time: tuple[bool, ...] = ()
    new_category: tuple[bool, ...] = ()


@dataclass(frozen=True)
class DimensionScore:
    name: str
    score: float  # in [0, 1]; NaN when there is nothing to rest on
    n: int  # how many interactions (or counterparts, for diversity) it rests on
    how: str


@dataclass(frozen=True)
class OrientationProfile:
    start: dt.date | None
    end: dt.date | None
    n_interactions: int
    dimensions: tuple[DimensionScore, ...] = field(default=())

    def scores(self) -> dict[str, float]:
        return {d.name: d.score for d in self.dimensions}


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan


def orientation_profile(
    facts: Iterable[InteractionFacts],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> OrientationProfile:
    """Return the six-dimension profile of the interactions from ``start`` to ``end``.

    Examples
    --------
    >>> f = InteractionFacts(dt.date(2026, 1, 5), frozenset({"learn"}), 5, True, True,
    ...                      frozenset({"insight"}), (1,), ("health",), ("medicine",),
    ...                      (400.0,), (False,), (False,))
    >>> orientation_profile([f]).scores()["objective"]
    1.0
    """
    chosen = [
        f for f in facts if (start is None or f.when >= start) and (end is None or f.when <= end)
    ]
    n = len(chosen)
    with_purpose = [f for f in chosen if f.purposes]
    learning_share = [len(f.purposes & LEARNING_PURPOSES) / len(f.purposes) for f in with_purpose]
    objective = DimensionScore(
        "objective",
        _ratio(sum(learning_share), len(learning_share)),
        len(with_purpose),
        "share of learning-type purposes (learn, explore an idea, get feedback, collaborate, "
        "support) among the purposes stated",
    )
    seen: dict[int, tuple[str | None, str | None]] = {}
    for f in chosen:
        for i, person in enumerate(f.counterparts):
            industry = f.industries[i] if i < len(f.industries) else None
            discipline = f.disciplines[i] if i < len(f.disciplines) else None
            seen[person] = (industry, discipline)
    parts = [iqv([v[k] for v in seen.values()]) for k in (0, 1)]
    known = [p for p in parts if not math.isnan(p)]
    diversity = DimensionScore(
        "diversity",
        sum(known) / len(known) if known else math.nan,
        len(seen),
        "normalised Blau (IQV) of the industries and disciplines of the people talked with",
    )
    challenged = sum(1 for f in chosen if f.challenged or f.has_insight)
    mean_depth = _ratio(sum(f.depth for f in chosen), n)
    conversations = DimensionScore(
        "conversations",
        math.nan if n == 0 else 0.5 * challenged / n + 0.5 * (mean_depth - 1) / 4,
        n,
        "half the share that challenged thinking or yielded an insight, half the mean depth "
        "(1-5 rescaled)",
    )
    n_outcomes = sum(len(f.outcomes) for f in chosen)
    n_innovative = sum(len(f.outcomes & INNOVATION_OUTCOMES) for f in chosen)
    outcomes = DimensionScore(
        "outcomes",
        _ratio(n_innovative, n_outcomes),
        sum(1 for f in chosen if f.outcomes),
        "share of insight and idea outcomes among all outcomes",
    )
    long_and_open = sum(
        1
        for f in chosen
        if not f.purposes & TRANSACTIONAL_PURPOSES
        and any(age is not None and age > YEAR_DAYS for age in f.tie_age_days)
    )
    horizon = DimensionScore(
        "time_horizon",
        _ratio(long_and_open, n),
        n,
        "share of conversations on ties older than a year with no transactional purpose",
    )
    risky = sum(
        1
        for f in chosen
        if any(first and new for first, new in zip(f.first_time, f.new_category, strict=False))
    )
    risk = DimensionScore(
        "risk",
        _ratio(risky, n),
        n,
        "share of conversations with a first-time contact from an industry or discipline new "
        "to your network",
    )
    return OrientationProfile(
        start, end, n, (objective, diversity, conversations, outcomes, horizon, risk)
    )


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def orientation_trend(facts: Sequence[InteractionFacts]) -> list[tuple[str, OrientationProfile]]:
    """Return the profile of each calendar quarter that has interactions, oldest first."""
    quarters = sorted({quarter_of(f.when) for f in facts})
    trend = []
    for year, quarter in quarters:
        start = dt.date(year, 3 * quarter - 2, 1)
        end = (
            dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
        ) - dt.timedelta(days=1)
        trend.append((f"{year}-Q{quarter}", orientation_profile(facts, start=start, end=end)))
    return trend
