"""Suggestions that widen perspective: whom to meet, introduce, ask, partner with.

Pure functions over a networkx graph whose nodes carry attributes, plus plain
data (relevance scores, intents, memberships) that the caller computes, so this
package stays independent of the store.
"""

from salon.recommend.meet import DEFAULT_WEIGHTS, INTENT_SCORES, who_to_meet
from salon.recommend.novelty import blau_index
from salon.recommend.results import Introduction, PartnerPlan, Suggestion
from salon.recommend.structural import effective_size_gain

__all__ = [
    "DEFAULT_WEIGHTS",
    "INTENT_SCORES",
    "Introduction",
    "PartnerPlan",
    "Suggestion",
    "blau_index",
    "effective_size_gain",
    "who_to_meet",
]
