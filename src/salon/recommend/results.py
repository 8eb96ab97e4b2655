"""Small frozen result objects returned by the recommenders."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    """One person to meet (or to ask), with why.

    Attributes
    ----------
    person : node
        The suggested person (a node of the graph).
    score : float
        The weighted marginal perspective gain that ranked this pick, given
        ego's network *and the picks listed before it*.
    gains : Mapping[str, float]
        The component values before weighting (see :func:`who_to_meet`), so a
        caller can show or re-weight them.
    reason : str
        One line naming the concrete facts behind the pick; every fact in it
        holds in the graph that was passed.
    path : tuple of nodes or None
        An introduction path ``(ego, ..., person)``, or None when the person is
        not reachable within ``max_path`` steps.
    community : Hashable or None
        A community ego and the person both belong to, if any.
    """

    person: Hashable
    score: float
    gains: Mapping[str, float]
    reason: str
    path: tuple[Hashable, ...] | None = None
    community: Hashable | None = None


@dataclass(frozen=True)
class Introduction:
    """Two of ego's contacts, not tied to each other, worth introducing."""

    pair: tuple[Hashable, Hashable]
    score: float
    gains: Mapping[str, float]
    reason: str


@dataclass(frozen=True)
class PartnerPlan:
    """A small set of partners covering an idea's stated needs.

    Attributes
    ----------
    partners : tuple of (node, frozenset of needs)
        Picks in greedy order, each with the needs it newly covers.
    covered : frozenset of str
        Needs covered by the picks.
    uncovered : frozenset of str
        Needs no pick covers: either nobody offers them, or ``k`` ran out.
    uncoverable : frozenset of str
        The part of ``uncovered`` that no candidate offers at all.
    """

    partners: tuple[tuple[Hashable, frozenset[str]], ...]
    covered: frozenset[str]
    uncovered: frozenset[str]
    uncoverable: frozenset[str]
