"""The orientation profile against hand-computed values."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from salon.analytics.orientation import InteractionFacts, orientation_profile, orientation_trend


def _facts() -> list[InteractionFacts]:
    return [
        # learning, deep, insight, long tie, first time? no
        InteractionFacts(
            dt.date(2026, 1, 10),
            frozenset({"learn", "explore_idea"}),
            5,
            True,
            True,
            frozenset({"insight", "idea"}),
            (1,),
            ("health",),
            ("medicine",),
            (500.0,),
            (False,),
            (False,),
        ),
        # pitching a new contact from a new industry
        InteractionFacts(
            dt.date(2026, 2, 3),
            frozenset({"pitch"}),
            2,
            False,
            False,
            frozenset({"lead"}),
            (2,),
            ("finance",),
            ("business",),
            (0.0,),
            (True,),
            (True,),
        ),
        # mixed purpose, group of two, one old tie
        InteractionFacts(
            dt.date(2026, 4, 20),
            frozenset({"learn", "sell"}),
            3,
            False,
            True,
            frozenset(),
            (1, 3),
            ("health", "finance"),
            ("medicine", None),
            (600.0, 10.0),
            (False, True),
            (False, False),
        ),
    ]


def test_profile_matches_hand_computed_scores() -> None:
    profile = orientation_profile(_facts())
    scores = profile.scores()
    assert profile.n_interactions == 3
    assert scores["objective"] == pytest.approx((1 + 0 + 0.5) / 3)
    # counterparts 1 (health, medicine), 2 (finance, business), 3 (finance, unknown)
    industry_iqv = (1 - ((1 / 3) ** 2 + (2 / 3) ** 2)) / (1 - 1 / 2)
    discipline_iqv = 1.0  # medicine, business: two categories, evenly
    assert scores["diversity"] == pytest.approx((industry_iqv + discipline_iqv) / 2)
    assert scores["conversations"] == pytest.approx(0.5 * 2 / 3 + 0.5 * ((10 / 3) - 1) / 4)
    assert scores["outcomes"] == pytest.approx(2 / 3)
    assert scores["time_horizon"] == pytest.approx(1 / 3)  # only the first: the third sells
    assert scores["risk"] == pytest.approx(1 / 3)


def test_a_dimension_without_data_is_nan_not_zero() -> None:
    profile = orientation_profile(_facts()[2:])
    assert math.isnan(profile.scores()["outcomes"])
    empty = orientation_profile([])
    assert all(math.isnan(v) for v in empty.scores().values())


def test_trend_has_one_profile_per_quarter_with_interactions() -> None:
    trend = orientation_trend(_facts())
    assert [label for label, _ in trend] == ["2026-Q1", "2026-Q2"]
    assert [p.n_interactions for _, p in trend] == [2, 1]
    assert trend[0][1].scores()["objective"] == pytest.approx(0.5)
