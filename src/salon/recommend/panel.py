"""Whom to ask about an idea: a feedback panel, and partners covering its needs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from salon.errors import InputError, NotFoundError
from salon.recommend.compact import node_value
from salon.recommend.novelty import AttributeNovelty, is_known
from salon.recommend.results import PartnerPlan, Suggestion

__all__ = ["feedback_panel", "partners"]

#: Default weights of a reviewer's relevance and of the spread it adds.
DEFAULT_PANEL_WEIGHTS: Mapping[str, float] = {"relevance": 0.5, "spread": 0.5}

STANCES = ("supportive", "challenging", "neutral")


def _name(G: Any, node: Hashable, name_attribute: str) -> str:
    name = node_value(G, node, name_attribute)
    return str(name) if name not in (None, "") else str(node)


def feedback_panel(
    G: Any,
    ego: Hashable,
    candidates: Collection[Hashable],
    relevance: Mapping[Hashable, float],
    stance_history: Mapping[Hashable, Iterable[str]],
    k: int = 3,
    *,
    attributes: Sequence[str] = (),
    min_relevance: float = 0.3,
    weights: Mapping[str, float] | None = None,
    name_attribute: str = "name",
) -> tuple[Suggestion, ...]:
    r"""k reviewers for an idea: relevant, spread across perspectives, one challenger.

    Candidates with ``relevance < min_relevance`` are left out.  The first
    pick is the *likely challenger*: the eligible candidate with the largest
    share of ``"challenging"`` stances in past feedback, or, when nobody has
    challenged before, the one whose attributes differ from ego's on the most
    attributes (ties: more relevant first).  Each further pick maximises::

        w_relevance * relevance + w_spread * spread

    where ``spread`` is the mean over ``attributes`` of ``1 - n_v / K``
    computed over the panel chosen so far (a category the panel lacks scores
    1; an unknown value 0), so the panel spreads over perspectives.

    Parameters
    ----------
    G : networkx graph or CompactGraph whose nodes carry ``attributes``
    ego : node
        The idea's owner.
    candidates : collection of nodes
    relevance : mapping node -> float in [0, 1]
        Relevance to the idea (semantic layer).  Missing means 0.
    stance_history : mapping node -> iterable of str
        Past feedback stances, each ``"supportive"``, ``"challenging"`` or
        ``"neutral"``.
    k : int
    attributes : sequence of str
    min_relevance : float
    weights : mapping, optional
        Overrides of ``{"relevance": 0.5, "spread": 0.5}``.

    Returns
    -------
    tuple of Suggestion
        ``gains`` holds ``relevance``, ``spread`` and ``challenge`` (the share
        of challenging stances); the challenger comes first.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InputError(f"k must be a positive integer, got {k!r}")
    if isinstance(attributes, str):
        raise InputError(
            f"attributes must be a list of attribute names, got the string {attributes!r}"
        )
    if ego not in G:
        raise NotFoundError(f"ego {ego!r} is not a node of the graph")
    chosen = dict(DEFAULT_PANEL_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in chosen:
            raise InputError(f"unknown score component {name!r}; expected 'relevance' or 'spread'")
        chosen[name] = float(value)
    for node, value in relevance.items():
        if not (isinstance(value, int | float) and 0 <= value <= 1):
            raise InputError(f"relevance values must be in [0, 1], got {value!r} for {node!r}")
    history: dict[Hashable, Counter[str]] = {}
    for node, stances in stance_history.items():
        counts = Counter(stances)
        unknown = set(counts) - set(STANCES)
        if unknown:
            raise InputError(
                f"stances must be one of {list(STANCES)}, got {sorted(unknown)[0]!r} for {node!r}"
            )
        history[node] = counts
    pool: list[Hashable] = []
    for c in dict.fromkeys(candidates):
        if c not in G:
            raise NotFoundError(f"candidate {c!r} is not a node of the graph")
        if c != ego and relevance.get(c, 0.0) >= min_relevance:
            pool.append(c)
    if not pool:
        return ()
    rel = np.array([float(relevance.get(c, 0.0)) for c in pool])
    challenge = np.array(
        [
            history[c]["challenging"] / max(sum(history[c].values()), 1) if c in history else 0.0
            for c in pool
        ]
    )
    panel_counts = AttributeNovelty(G, [], pool, attributes)
    ego_data = {a: node_value(G, ego, a) for a in attributes}

    def differs(c: Hashable) -> list[str]:
        return [
            a
            for a in attributes
            if is_known(ego_data[a])
            and is_known(value := node_value(G, c, a))
            and value != ego_data[a]
        ]

    if challenge.max() > 0:
        first = int(np.lexsort((-rel, -challenge))[0])
        first_why = (
            f"likely challenger: {history[pool[first]]['challenging']} of "
            f"{sum(history[pool[first]].values())} past feedbacks were challenging"
        )
    else:
        n_differ = np.array([len(differs(c)) for c in pool])
        first = int(np.lexsort((-rel, -n_differ))[0])
        different = differs(pool[first])
        first_why = (
            "likely challenger: differs from you in "
            + ", ".join(
                f"{a} ({node_value(G, pool[first], a)} vs your {ego_data[a]})" for a in different
            )
            if different
            else "likely challenger: no one here has challenged before or differs from you"
        )
    available = np.ones(len(pool), dtype=bool)
    picks: list[Suggestion] = []
    for step in range(min(k, len(pool))):
        spread = panel_counts.values()
        score = chosen["relevance"] * rel + chosen["spread"] * spread
        if step == 0:
            row = first
        else:
            masked = np.where(available, score, -np.inf)
            row = int(np.argmax(masked))
        node = pool[row]
        clauses = [f"relevance {rel[row]:.2f} to the idea"]
        if step == 0:
            clauses.insert(0, first_why)
        else:
            for a, attr in enumerate(attributes):
                value = panel_counts.value(a, row)
                if (
                    value is not None
                    and panel_counts.counts[a][panel_counts.node_codes[a][row]] == 0
                ):
                    clauses.append(f"{attr} {value}, which no one on the panel so far has")
        picks.append(
            Suggestion(
                person=node,
                score=float(score[row]),
                gains={
                    "relevance": float(rel[row]),
                    "spread": float(spread[row]),
                    "challenge": float(challenge[row]),
                },
                reason=f"{_name(G, node, name_attribute)}: " + "; ".join(clauses),
            )
        )
        available[row] = False
        panel_counts.add(row)
    return tuple(picks)


def _normalise(skill: str) -> str:
    return " ".join(skill.casefold().split())


def partners(
    needs: Collection[str],
    candidates: Mapping[Hashable, Collection[str]],
    tie_strength: Mapping[Hashable, float] | None = None,
    k: int = 3,
) -> PartnerPlan:
    r"""A small set of people whose skills cover an idea's stated needs.

    Greedy weighted set cover (Chvátal 1979): each step picks the candidate
    with the most still-uncovered needs per unit cost, where
    ``cost = 2 - s / max(s)`` falls from 2 (no tie) to 1 (the strongest tie),
    so a close contact is preferred when coverage is equal.  Stops when every
    coverable need is covered, nobody adds anything, or k people are picked.
    Needs and skills match case-insensitively, with whitespace collapsed.
    The greedy cover is within a factor H(max set size) of the cheapest.

    Parameters
    ----------
    needs : collection of str
    candidates : mapping node -> collection of str (skills, resources)
    tie_strength : mapping node -> float >= 0, optional
    k : int

    Returns
    -------
    PartnerPlan

    References
    ----------
    .. [1] Chvátal, V. "A greedy heuristic for the set-covering problem."
       Mathematics of Operations Research 4(3):233-235, 1979.

    Examples
    --------
    >>> plan = partners({"Python", "hardware", "sales"},
    ...                 {"ana": {"python", "sales"}, "raj": {"hardware"}, "li": {"python"}})
    >>> [p for p, _ in plan.partners], sorted(plan.uncovered)
    (['ana', 'raj'], [])
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InputError(f"k must be a positive integer, got {k!r}")
    if isinstance(needs, str):
        raise InputError(f"needs must be a collection of strings, got the string {needs!r}")
    strength = dict(tie_strength or {})
    for node, value in strength.items():
        if not (isinstance(value, int | float) and np.isfinite(value) and value >= 0):
            raise InputError(
                f"tie strength must be a non-negative number, got {value!r} for {node!r}"
            )
    original = {_normalise(n): n for n in needs}
    skills = {
        c: {_normalise(s) for s in offered} & set(original) for c, offered in candidates.items()
    }
    top = max(strength.values(), default=0.0)
    cost = {c: 2.0 - (strength.get(c, 0.0) / top if top > 0 else 0.0) for c in candidates}
    offered_anywhere = set().union(*skills.values()) if skills else set()
    uncovered = set(original)
    chosen: list[tuple[Hashable, frozenset[str]]] = []
    while uncovered & offered_anywhere and len(chosen) < k:
        best = max(
            (c for c in candidates if c not in dict(chosen)),
            key=lambda c: (len(skills[c] & uncovered) / cost[c], -cost[c]),
            default=None,
        )
        if best is None or not skills[best] & uncovered:
            break
        new = skills[best] & uncovered
        chosen.append((best, frozenset(original[s] for s in new)))
        uncovered -= new
    return PartnerPlan(
        partners=tuple(chosen),
        covered=frozenset(original[s] for s in set(original) - uncovered),
        uncovered=frozenset(original[s] for s in uncovered),
        uncoverable=frozenset(original[s] for s in set(original) - offered_anywhere),
    )
