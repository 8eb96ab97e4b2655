"""Diversity of a categorical or multi-valued attribute over a set of people.

Input is one value per person: a category (any hashable; a string is one
category), a collection of categories for multi-valued attributes (tags,
several industries), or ``None`` / an empty collection for *unknown*.  Unknown
is not a category: indices are computed over the people with a known value,
and :func:`coverage` reports what share that is.

Multi-valued people: each person carries weight 1 (or their tie weight) and
splits it equally over their distinct values, so a person with three tags
counts as much as a person with one, and a category's share is the expected
share of a person's attention it receives.  This keeps ``Σ_k p_k = 1`` and
every index in its usual range.

Optional ``weights`` (e.g. tie strengths or Burt's ``p_ij``) weight each
person; they must be finite and non-negative.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from salon.errors import InputError

__all__ = [
    "AttributeDiversity",
    "attribute_diversity",
    "blau_index",
    "category_shares",
    "coverage",
    "ei_index",
    "evenness",
    "iqv",
    "perspective_spread",
    "shannon_entropy",
]

Value = Hashable | Collection[Hashable] | None
FloatArray = NDArray[np.float64]


def _categories(value: Any) -> tuple[Hashable, ...]:
    """The distinct known categories of one person's value (empty = unknown)."""
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Collection):
        return (value,)
    seen = dict.fromkeys(v for v in value if v is not None)
    return tuple(seen)


def _weights(weights: ArrayLike | None, n: int) -> FloatArray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=np.float64).reshape(-1)
    if w.size != n:
        raise InputError(f"weights must have one entry per person ({n}), got {w.size}")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise InputError(f"weights must be finite and non-negative, got {w[bad][0]!r}")
    return w


def category_shares(
    values: Sequence[Value], weights: ArrayLike | None = None
) -> dict[Hashable, float]:
    """Return the weighted count of each known category (multi-valued people split).

    Examples
    --------
    >>> category_shares(["a", "b", "a", None, {"a", "c"}])
    {'a': 2.5, 'b': 1.0, 'c': 0.5}
    """
    w = _weights(weights, len(values))
    counts: dict[Hashable, float] = {}
    for value, weight in zip(values, w.tolist(), strict=True):
        cats = _categories(value)
        for cat in cats:
            counts[cat] = counts.get(cat, 0.0) + weight / len(cats)
    return counts


def _shares(values: Sequence[Value], weights: ArrayLike | None) -> FloatArray:
    counts = np.array(list(category_shares(values, weights).values()), dtype=np.float64)
    total = counts.sum()
    return counts / total if total > 0 else np.zeros(0)


def blau_index(values: Sequence[Value], weights: ArrayLike | None = None) -> float:
    r"""Return Blau's (Gini–Simpson) diversity index ``1 − Σ_k p_k²`` of known values.

    The probability that two people drawn at random (with replacement, in
    proportion to weight) fall in different categories.  0 when everyone known
    shares one category; NaN when no value is known.

    References
    ----------
    Blau, P. M. *Inequality and Heterogeneity.* Free Press, 1977.

    Examples
    --------
    >>> blau_index(["a", "a", "b", "c"])
    0.625
    """
    p = _shares(values, weights)
    return math.nan if p.size == 0 else float(1.0 - np.sum(p * p))


def iqv(
    values: Sequence[Value], weights: ArrayLike | None = None, n_categories: int | None = None
) -> float:
    r"""Return the index of qualitative variation, Blau's index over its maximum ``1 − 1/K``.

    ``K`` is ``n_categories`` (the number of possible categories) when given,
    else the number observed.  In [0, 1]; 1 when the known values spread
    evenly over ``K`` categories.  NaN when no value is known or ``K ≤ 1``
    (no variation is possible).

    References
    ----------
    Agresti, A. & Agresti, B. F. "Statistical analysis of qualitative
    variation." *Sociological Methodology* 9, 204–237, 1978.

    Examples
    --------
    >>> round(iqv(["a", "a", "b", "c"]), 10)
    0.9375
    """
    p = _shares(values, weights)
    K = _n_categories(p, n_categories)
    if p.size == 0 or K <= 1:
        return math.nan
    return float((1.0 - np.sum(p * p)) / (1.0 - 1.0 / K))


def _n_categories(p: FloatArray, n_categories: int | None) -> int:
    observed = int(np.count_nonzero(p))
    if n_categories is None:
        return observed
    if n_categories < observed:
        raise InputError(
            f"n_categories must be at least the {observed} categories observed, got {n_categories}"
        )
    return n_categories


def shannon_entropy(values: Sequence[Value], weights: ArrayLike | None = None) -> float:
    r"""Return Shannon's entropy ``H = −Σ_k p_k ln p_k`` (nats) of known values.

    0 for a single category; NaN when no value is known.

    Examples
    --------
    >>> round(shannon_entropy(["a", "b"]), 6)
    0.693147
    """
    p = _shares(values, weights)
    p = p[p > 0]
    return math.nan if p.size == 0 else float(-np.sum(p * np.log(p)) + 0.0)


def evenness(
    values: Sequence[Value], weights: ArrayLike | None = None, n_categories: int | None = None
) -> float:
    r"""Return Pielou's evenness ``H / ln K`` of known values.

    ``K`` as in :func:`iqv`.  In [0, 1]; NaN when no value is known or ``K ≤ 1``.

    References
    ----------
    Pielou, E. C. "The measurement of diversity in different types of
    biological collections." *J. Theoretical Biology* 13, 131–144, 1966.

    Examples
    --------
    >>> evenness(["a", "b", "a", "b"])
    1.0
    """
    p = _shares(values, weights)
    K = _n_categories(p, n_categories)
    if p.size == 0 or K <= 1:
        return math.nan
    return shannon_entropy(values, weights) / math.log(K)


def coverage(values: Sequence[Value]) -> float:
    """Return the share of people whose value is known; NaN for nobody.

    Examples
    --------
    >>> coverage(["a", None, set(), {"b"}])
    0.5
    """
    if len(values) == 0:
        return math.nan
    return sum(1 for v in values if _categories(v)) / len(values)


def ei_index(
    ego_value: Value, contact_values: Sequence[Value], weights: ArrayLike | None = None
) -> float:
    r"""Return Krackhardt and Stern's E–I index ``(E − I) / (E + I)`` of an ego's contacts.

    ``I`` counts contacts in the ego's own category, ``E`` contacts outside it;
    a multi-valued contact counts internal for the share of its values that
    the ego also has.  −1 = all inside, +1 = all outside.  NaN when the ego's
    value is unknown or no contact's value is known.

    References
    ----------
    Krackhardt, D. & Stern, R. N. "Informal networks and organizational
    crises: an experimental simulation." *Social Psychology Quarterly* 51(2),
    123–140, 1988.

    Examples
    --------
    >>> ei_index("design", ["design", "law", "law", None])
    0.3333333333333333
    """
    own = set(_categories(ego_value))
    if not own:
        return math.nan
    w = _weights(weights, len(contact_values))
    internal = external = 0.0
    for value, weight in zip(contact_values, w.tolist(), strict=True):
        cats = _categories(value)
        if not cats:
            continue
        inside = sum(1 for c in cats if c in own) / len(cats)
        internal += weight * inside
        external += weight * (1.0 - inside)
    total = internal + external
    return math.nan if total == 0 else (external - internal) / total


def perspective_spread(
    attributes: Mapping[str, Sequence[Value]],
    weights: ArrayLike | None = None,
    attribute_weights: Mapping[str, float] | None = None,
) -> float:
    r"""Return the diversity of a set of people over several attributes at once.

    The (attribute-weighted) mean of the Blau index over the attributes with
    at least one known value: the probability that two people drawn at random
    differ on an attribute drawn at random.  Each attribute is computed over
    its own known values (coverage differs between attributes and is reported
    separately).  NaN when no attribute has a known value.

    Parameters
    ----------
    attributes : mapping of attribute name to one value per person
        Every sequence must have the same length (the same people).
    weights : per-person weights, optional
    attribute_weights : mapping of attribute name to a non-negative weight, optional
        Missing attributes weigh 1.

    Examples
    --------
    >>> perspective_spread({"industry": ["a", "b"], "discipline": ["x", "x"]})
    0.25
    """
    lengths = {len(v) for v in attributes.values()}
    if len(lengths) > 1:
        raise InputError(
            f"every attribute needs one value per person, got lengths {sorted(lengths)}"
        )
    total = weighted = 0.0
    for name, values in attributes.items():
        b = blau_index(values, weights)
        if math.isnan(b):
            continue
        a = 1.0 if attribute_weights is None else float(attribute_weights.get(name, 1.0))
        if not math.isfinite(a) or a < 0:
            raise InputError(
                f"attribute weight of {name!r} must be finite and non-negative, got {a!r}"
            )
        total += a
        weighted += a * b
    return math.nan if total == 0 else weighted / total


@dataclass(frozen=True)
class AttributeDiversity:
    """Diversity of one attribute over a set of people, for the report.

    ``counts`` maps each known category to its (weighted, split) count,
    largest first.  Indices are NaN where undefined (see their functions).
    """

    attribute: str
    n_people: int
    n_known: int
    coverage: float
    n_categories: int
    counts: Mapping[Hashable, float] = field(repr=False)
    blau: float
    iqv: float
    shannon: float
    evenness: float


def attribute_diversity(
    attribute: str,
    values: Sequence[Value],
    weights: ArrayLike | None = None,
    n_categories: int | None = None,
) -> AttributeDiversity:
    """Return every diversity index of one attribute over a set of people.

    Examples
    --------
    >>> d = attribute_diversity("industry", ["tech", "tech", "health", None])
    >>> (d.n_known, d.coverage, d.n_categories, round(d.blau, 4))
    (3, 0.75, 2, 0.4444)
    """
    counts = category_shares(values, weights)
    ordered = dict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))
    return AttributeDiversity(
        attribute=attribute,
        n_people=len(values),
        n_known=sum(1 for v in values if _categories(v)),
        coverage=coverage(values),
        n_categories=sum(1 for c in counts.values() if c > 0),
        counts=ordered,
        blau=blau_index(values, weights),
        iqv=iqv(values, weights, n_categories),
        shannon=shannon_entropy(values, weights),
        evenness=evenness(values, weights, n_categories),
    )
