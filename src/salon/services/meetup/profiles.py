"""What the seating knows about each attendee, and how different two attendees are.

A :class:`Profile` is a plain snapshot of a member (person fields, tags and
intent), so the diversity and the conversation starters are pure functions
that tests can call without a database.

The pairwise diversity is a weighted distance over the profile:

=====================  ======  ============================================
term                   weight  value for a pair i, j
=====================  ======  ============================================
industry               0.30    1 if different, 0 if the same
discipline             0.20    1 if different, 0 if the same
organisation           0.10    1 if different, 0 if the same (colleagues
                               already talk every day)
background attributes  0.10    share of the attributes both have (country,
                               generation, education, …) whose values differ
expertise              0.10    Jaccard distance of the expertise tag sets
                               (unknown if either has none)
intent                 0.20    1 − p_i·p_j with p = 1 (pitch), ½ (both),
                               0 (learn)
=====================  ======  ============================================

An unknown value (either side blank) scores ½ on its term: it is evidence of
neither sameness nor difference, so it neither attracts nor repels.  With
fixed table sizes Σ_{i<j at t} p_i·p_j = (P_t² − Σ p_i²)/2, P_t the pitch
weight of table t, so maximising the intent term minimises Σ_t P_t²: the
pitchers are spread evenly over the tables (a convex penalty), and no table
becomes a sales floor.

Semantic distance of the profiles (bios, interests through a sentence
embedding) is left out: loading the embedding model costs seconds on every
``salon meetup seat``, and for a profile of a few tags the expertise term
above carries most of the same signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from salon.db.models import Member, Person
from salon.errors import InputError

# The weights of the table in the module docstring; they sum to 1 so d is in [0, 1].
DIVERSITY_WEIGHTS: Mapping[str, float] = {
    "industry": 0.30,
    "discipline": 0.20,
    "organization": 0.10,
    "attributes": 0.10,
    "expertise": 0.10,
    "intent": 0.20,
}
# How much of a pitcher each intent is, for the 1 − p_i·p_j intent term.
PITCH_WEIGHT: Mapping[str, float] = {"pitch": 1.0, "both": 0.5, "learn": 0.0}
_UNKNOWN = 0.5


@dataclass(frozen=True)
class Profile:
    """One attendee as the seating sees them (plain data, no database)."""

    person_id: int
    name: str
    intent: str = "both"
    organization: str | None = None
    industry: str | None = None
    discipline: str | None = None
    role: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False)
    expertise: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()


def profile_of(person: Person, intent: str = "both") -> Profile:
    """The :class:`Profile` of a stored person with a community intent."""
    return Profile(
        person_id=person.id,
        name=person.name,
        intent=intent,
        organization=person.organization,
        industry=person.industry,
        discipline=person.discipline,
        role=person.role,
        attributes=person.attribute_map(),
        expertise=tuple(person.tag_set("expertise")),
        interests=tuple(person.tag_set("interest")),
    )


def profiles_of(people: Sequence[Person], members: Iterable[Member]) -> list[Profile]:
    """Profiles of ``people`` in order; a non-member (a walk-in) counts as intent "both"."""
    intent = {m.person_id: m.intent for m in members}
    return [profile_of(p, intent.get(p.id, "both")) for p in people]


def _key(value: str | None) -> str | None:
    if value is None:
        return None
    folded = " ".join(value.casefold().split())
    return folded or None


def _category_distance(values: Sequence[str | None]) -> NDArray[np.float64]:
    """1 where two known values differ, 0 where equal, ½ where either is unknown."""
    keys = [_key(v) for v in values]
    codes = {k: c for c, k in enumerate(sorted({k for k in keys if k is not None}))}
    code = np.array([codes[k] if k is not None else -1 for k in keys], dtype=np.int64)
    known = code >= 0
    out: NDArray[np.float64] = (code[:, None] != code[None, :]).astype(np.float64)
    out[~(known[:, None] & known[None, :])] = _UNKNOWN
    return out


def _attribute_distance(attributes: Sequence[Mapping[str, str]]) -> NDArray[np.float64]:
    n = len(attributes)
    differ = np.zeros((n, n))
    shared = np.zeros((n, n))
    for key in sorted({k for attrs in attributes for k in attrs}):
        column = [attrs.get(key) for attrs in attributes]
        known = np.array([_key(v) is not None for v in column])
        both = (known[:, None] & known[None, :]).astype(np.float64)
        differ += _category_distance(column) * both
        shared += both
    out = np.full((n, n), _UNKNOWN)
    np.divide(differ, shared, out=out, where=shared > 0)
    return out


def _jaccard_distance(tag_sets: Sequence[Iterable[str]]) -> NDArray[np.float64]:
    sets = [{_key(t) for t in tags} - {None} for tags in tag_sets]
    vocabulary = {t: c for c, t in enumerate(sorted({t for s in sets for t in s if t}))}
    X = np.zeros((len(sets), max(len(vocabulary), 1)))
    for i, tags in enumerate(sets):
        for t in tags:
            if t is not None:
                X[i, vocabulary[t]] = 1.0
    inter = X @ X.T
    sizes = X.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    out = np.full(inter.shape, _UNKNOWN)
    # someone without tags is unknown, not different from everyone
    both = (sizes[:, None] > 0) & (sizes[None, :] > 0)
    np.divide(union - inter, union, out=out, where=both)
    return out


def pairwise_diversity(
    profiles: Sequence[Profile], weights: Mapping[str, float] = DIVERSITY_WEIGHTS
) -> NDArray[np.float64]:
    """The (n, n) diversity matrix d of the attendees, symmetric, in [0, 1], zero diagonal.

    d_ij = Σ_k w_k · δ_k(i, j) over the terms of the module docstring.

    Examples
    --------
    >>> a = Profile(1, "Ana", "pitch", "Biolab", "biotech", "biology")
    >>> b = Profile(2, "Raj", "pitch", "Paylane", "fintech", "engineering")
    >>> c = Profile(3, "Mia", "learn", "Paylane", "fintech", "engineering")
    >>> d = pairwise_diversity([a, b, c])
    >>> bool(d[0, 1] > d[1, 2]), round(float(d[1, 2]), 6)  # colleagues: intent, unknowns
    (True, 0.3)
    """
    unknown = set(weights) - set(DIVERSITY_WEIGHTS)
    if unknown:
        raise InputError(
            f"expected weights among {sorted(DIVERSITY_WEIGHTS)}, got {sorted(unknown)}",
            field="weights",
        )
    n = len(profiles)
    p = np.array([PITCH_WEIGHT.get(x.intent, 0.5) for x in profiles])
    terms: dict[str, NDArray[np.float64]] = {
        "industry": _category_distance([x.industry for x in profiles]),
        "discipline": _category_distance([x.discipline for x in profiles]),
        "organization": _category_distance([x.organization for x in profiles]),
        "attributes": _attribute_distance([x.attributes for x in profiles]),
        "expertise": _jaccard_distance([x.expertise for x in profiles]),
        "intent": 1.0 - np.outer(p, p),
    }
    d = np.zeros((n, n))
    for name, weight in weights.items():
        d += weight * terms[name]
    np.fill_diagonal(d, 0.0)
    return d


def table_diversity(d: NDArray[np.float64], members: Sequence[int]) -> float:
    """Mean d over the pairs at one table; NaN for a table of fewer than two."""
    if len(members) < 2:
        return float("nan")
    idx = np.asarray(members, dtype=np.int64)
    block = d[np.ix_(idx, idx)]
    k = len(members)
    return float(block.sum() / (k * (k - 1)))


def mean_table_diversity(d: NDArray[np.float64], tables: NDArray[np.int64]) -> float:
    """Mean of :func:`table_diversity` over every table of every round (rows of ``tables``).

    ``tables[r, i]`` is the table of attendee i in round r (−1: not seated).
    Tables with fewer than two people are left out; NaN if none is left.
    """
    values = []
    for row in np.atleast_2d(tables):
        for t in np.unique(row[row >= 0]):
            value = table_diversity(d, np.flatnonzero(row == t).tolist())
            if not np.isnan(value):
                values.append(value)
    return float(np.mean(values)) if values else float("nan")
