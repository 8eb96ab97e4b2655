"""Attribute novelty: how rare a candidate's categories are in ego's network.

For a categorical attribute with counts ``n_v`` over the K contacts whose value
is known (unknown values are not a category), a candidate whose value is v has

    rarity = 1 - n_v / K          (1 when K = 0, 0 when the candidate's value is unknown)

i.e. the share of ego's contacts with a known value who are *not* in the
candidate's category.  Novelty is the mean rarity over the requested
attributes.  As picks join ego's network their values are counted too, so a
greedy list built on it does not repeat itself.  The marginal Blau gain
(Blau 1977) of the same move is provided for the diversity-only baseline and
for evaluation.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from salon.analytics import blau_index as analytics_blau_index
from salon.errors import InputError
from salon.recommend.compact import CompactGraph

__all__ = ["AttributeNovelty", "blau_index", "is_known"]


def is_known(value: object) -> bool:
    """Whether an attribute value counts as a category (None, NaN and '' do not)."""
    if value is None or value == "":
        return False
    return not (isinstance(value, float) and math.isnan(value))


def blau_index(values: Sequence[object]) -> float:
    r"""Blau's index of a categorical attribute, :math:`1 - \sum_k p_k^2`.

    :func:`salon.analytics.blau_index` over the known values (None, NaN and
    '' are unknown here, as in the graphs the recommender reads); NaN when no
    value is known (Blau 1977).

    Examples
    --------
    >>> blau_index(["a", "a", "b", None])
    0.4444444444444444
    """
    return analytics_blau_index([v for v in values if is_known(v)])


def _encode(
    G: Any,
    nodes: Sequence[Hashable],
    attributes: Sequence[str],
    codes: list[dict[Any, int]],
    labels: list[list[Any]],
    positions: NDArray[np.int64] | None = None,
) -> NDArray[np.int64]:
    """(len(nodes), len(attributes)) integer codes, -1 for unknown values.

    ``codes``/``labels`` grow as new values appear.  The node-attribute dicts
    are read straight from ``G._node`` when present: going through the
    ``G.nodes`` view costs more than everything else in a large request.
    A :class:`CompactGraph` gives its attribute columns instead, read at the
    nodes' ``positions`` (looked up when not given) in one step.
    """
    out = np.empty((len(nodes), len(attributes)), dtype=np.int64)
    if isinstance(G, CompactGraph):
        rows = G.rows(nodes) if positions is None else positions
        columns = (
            G.column_array(attr)[rows].tolist() if attr in G.columns else [None] * len(nodes)
            for attr in attributes
        )
    else:
        data = getattr(G, "_node", G.nodes)
        dicts = [data[x] for x in nodes]
        columns = ([d.get(attr) for d in dicts] for attr in attributes)
    for a, (attr, values) in enumerate(zip(attributes, columns, strict=True)):
        try:
            out[:, a] = _codes_of(values, codes[a])
        except TypeError:
            bad = next(v for v in values if not isinstance(v, Hashable))
            raise InputError(
                f"attribute {attr!r} must hold one category per person, got {bad!r}"
            ) from None
        labels[a][:] = list(codes[a])
    return out


def _codes_of(values: list[Any], code: dict[Any, int]) -> NDArray[np.int64]:
    """The code of each value (-1 unknown); ``code`` gains new values in order of appearance.

    Each distinct value is judged once, so the work per value is one dict
    lookup at C speed: columns of 100,000 people hold a few dozen categories.
    Unknown: None, '' or NaN (the only value unequal to itself; distinct NaN
    objects are distinct keys, each found again by identity).
    """
    lookup = {
        v: -1 if v is None or v != v or v == "" else code.setdefault(v, len(code))
        for v in dict.fromkeys(values)
    }
    return np.fromiter(map(lookup.__getitem__, values), dtype=np.int64, count=len(values))


class AttributeNovelty:
    """Category counts over ego's network and codes for a candidate pool.

    Parameters
    ----------
    G : networkx graph whose nodes carry the attributes
    contacts : ego's contacts (the network whose categories are counted)
    nodes : the candidate pool, indexed by row
    attributes : attribute names
    positions : pair of int arrays, optional
        Where ``contacts`` and ``nodes`` are in ``G``, a :class:`CompactGraph`,
        when the caller knows already (an ego neighbourhood does); either
        may be None, to be looked up.
    """

    def __init__(
        self,
        G: Any,
        contacts: Sequence[Hashable],
        nodes: Sequence[Hashable],
        attributes: Sequence[str],
        positions: tuple[NDArray[np.int64] | None, NDArray[np.int64] | None] = (None, None),
    ) -> None:
        self.attributes = list(attributes)
        self.n_contacts = len(contacts)
        self.m = len(nodes)
        codes: list[dict[Any, int]] = [{} for _ in self.attributes]
        self.labels: list[list[Any]] = [[] for _ in self.attributes]
        contact_codes = _encode(G, contacts, self.attributes, codes, self.labels, positions[0])
        node_codes = _encode(G, nodes, self.attributes, codes, self.labels, positions[1])
        self.node_codes: list[NDArray[np.int64]] = [
            node_codes[:, a].copy() for a in range(len(self.attributes))
        ]
        self.counts: list[NDArray[np.int64]] = []
        self.known: list[int] = []
        for a in range(len(self.attributes)):
            column = contact_codes[:, a]
            self.counts.append(np.bincount(column[column >= 0], minlength=len(self.labels[a])))
            self.known.append(int((column >= 0).sum()))
        self.contact_counts = [c.copy() for c in self.counts]
        self.known_contacts = list(self.known)

    def rarity(self) -> NDArray[np.float64]:
        """(m, n_attributes) rarity of each candidate's value, given the picks so far."""
        out = np.empty((self.m, len(self.attributes)))
        for a, codes in enumerate(self.node_codes):
            # one rarity per category, read off by code; the extra last entry
            # is what code -1 (unknown) reads: rarity 0
            table = np.zeros(len(self.labels[a]) + 1)
            if self.known[a] == 0:
                table[:-1] = 1.0
            else:
                table[: len(self.counts[a])] = self.counts[a]
                table[:-1] = 1.0 - table[:-1] / self.known[a]
            out[:, a] = table[codes]
        return out

    def values(self) -> NDArray[np.float64]:
        """Mean rarity over the attributes, per candidate (0 with no attributes)."""
        if not self.attributes:
            return np.zeros(self.m)
        values: NDArray[np.float64] = self.rarity().mean(axis=1)
        return values

    def blau_gains(self) -> NDArray[np.float64]:
        r"""Mean over attributes of the increase in Blau's index if c joined.

        With counts n over K known values, a candidate of category v moves the
        index from :math:`1 - \sum n^2/K^2` to
        :math:`1 - (\sum n^2 + 2 n_v + 1)/(K + 1)^2`; an unknown value moves
        nothing.  An attribute with no known value yet goes from NaN to 0,
        counted as no gain.
        """
        total = np.zeros(self.m)
        for a, codes in enumerate(self.node_codes):
            known = codes >= 0
            counts = np.zeros(len(self.labels[a]), dtype=np.float64)
            counts[: len(self.counts[a])] = self.counts[a]
            K = float(self.known[a])
            if K == 0:
                continue
            sq = float(np.sum(counts * counts))
            before = 1.0 - sq / K**2
            after = 1.0 - (sq + 2.0 * counts[codes[known]] + 1.0) / (K + 1.0) ** 2
            total[known] += after - before
        return total / max(len(self.attributes), 1)

    def add(self, row: int) -> None:
        """Count the categories of candidate ``row`` as part of ego's network."""
        for a, codes in enumerate(self.node_codes):
            c = int(codes[row])
            if c < 0:
                continue
            if c >= len(self.counts[a]):
                grown = np.zeros(len(self.labels[a]), dtype=np.int64)
                grown[: len(self.counts[a])] = self.counts[a]
                self.counts[a] = grown
            self.counts[a][c] += 1
            self.known[a] += 1

    def value(self, a: int, row: int) -> Any:
        """The original value of attribute ``a`` for candidate ``row`` (None if unknown)."""
        c = int(self.node_codes[a][row])
        return self.labels[a][c] if c >= 0 else None

    def contact_count(self, a: int, row: int) -> int:
        """How many of ego's contacts share candidate ``row``'s value of attribute ``a``."""
        c = int(self.node_codes[a][row])
        counts = self.contact_counts[a]
        return int(counts[c]) if 0 <= c < len(counts) else 0
