"""Suggestions that widen perspective: whom to meet, introduce, ask, partner with.

Pure functions over a networkx graph whose nodes carry attributes (or, for
:func:`who_to_meet` on large networks, a :class:`CompactGraph`), plus plain
data (relevance scores, intents, memberships, stances) that the caller
computes, so this package stays independent of the store.

- :func:`who_to_meet`: people ranked by marginal perspective gain, diversified greedily.
- :func:`introductions`: pairs of ego's contacts worth introducing.
- :func:`feedback_panel`: reviewers for an idea, spread out, with a challenger.
- :func:`partners`: a greedy weighted set cover of an idea's needs.
- :func:`effective_size_gain`: the structural part, on its own.
- :mod:`salon.recommend.baselines`: "people you may know" baselines for evaluation.
"""

from salon.recommend.compact import CompactGraph
from salon.recommend.introduce import introductions
from salon.recommend.meet import DEFAULT_WEIGHTS, INTENT_SCORES, who_to_meet
from salon.recommend.novelty import blau_index
from salon.recommend.panel import feedback_panel, partners
from salon.recommend.results import Introduction, PartnerPlan, Suggestion
from salon.recommend.structural import effective_size_gain

__all__ = [
    "DEFAULT_WEIGHTS",
    "INTENT_SCORES",
    "CompactGraph",
    "Introduction",
    "PartnerPlan",
    "Suggestion",
    "blau_index",
    "effective_size_gain",
    "feedback_panel",
    "introductions",
    "partners",
    "who_to_meet",
]
