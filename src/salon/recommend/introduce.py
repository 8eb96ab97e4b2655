"""Introductions ego can make as a broker: contacts who should know each other."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError
from salon.recommend.compact import node_value
from salon.recommend.neighbourhood import EgoNeighbourhood
from salon.recommend.novelty import AttributeNovelty
from salon.recommend.results import Introduction

__all__ = ["ProfileMatch", "introductions"]

#: Default weights: the semantic match carries most, because an introduction
#: without a shared problem or complementary expertise is a wasted coffee.
DEFAULT_INTRODUCTION_WEIGHTS: Mapping[str, float] = {"match": 0.6, "difference": 0.4}

_ROWS_PER_BLOCK = 512

#: A short text naming why a pair matches, looked up by pair (either order) or asked for
MatchReasons = Mapping[tuple[Hashable, Hashable], str] | Callable[[Hashable, Hashable], str | None]


@dataclass(frozen=True)
class ProfileMatch:
    r"""The match between contacts, through their profiles: ``similarity[p_a, p_b] / scale``.

    Many contacts share a profile, and a match listed pair by pair takes
    n(n - 1)/2 entries (12.5 million for 5,000 contacts); this keeps one row
    per distinct profile instead.  A pair whose similarity is 0, or with a
    contact missing from ``profile``, is not a match (as a pair left out of
    a mapping).  ``scale`` divides the similarities so that every pair
    considered scores within [0, 1]; it spares the caller a float64 copy of
    the table.

    Attributes
    ----------
    profile : mapping node -> int
        The row of ``similarity`` of each contact's profile.
    similarity : (p, p) float array
        Symmetric, non-negative.
    scale : float > 0
    """

    profile: Mapping[Hashable, int]
    similarity: NDArray[np.floating[Any]]
    scale: float = 1.0

    def __post_init__(self) -> None:
        p = self.similarity.shape[0] if self.similarity.ndim == 2 else -1
        if self.similarity.shape != (p, p):
            raise InputError(
                f"the similarity table must be square, got shape {self.similarity.shape}"
            )
        if not (isinstance(self.scale, int | float) and np.isfinite(self.scale) and self.scale > 0):
            raise InputError(f"scale must be a positive number, got {self.scale!r}")
        bad = [c for c, row in self.profile.items() if not 0 <= row < p]
        if bad:
            raise InputError(
                f"profile rows must be in [0, {p}), got {self.profile[bad[0]]!r} for {bad[0]!r}"
            )


def introductions(
    G: Any,
    ego: Hashable,
    k: int = 5,
    attributes: Sequence[str] = (),
    *,
    clusters: Mapping[Hashable, Hashable] | None = None,
    match: Mapping[tuple[Hashable, Hashable], float] | ProfileMatch | None = None,
    match_reasons: MatchReasons | None = None,
    weights: Mapping[str, float] | None = None,
    name_attribute: str = "name",
) -> tuple[Introduction, ...]:
    r"""Pairs of ego's contacts, not tied to each other, worth introducing.

    A pair (a, b) is eligible when a and b are both ego's contacts, have no
    tie, and differ in cluster or in at least one attribute (when ``clusters``
    or ``attributes`` are given).  It scores::

        score = w_match * match[(a, b)] + w_difference * difference

    where ``match`` (in [0, 1], from the semantic layer: a's problem meets b's
    expertise) is looked up in either order, and ``difference`` is the share
    of compared dimensions (each attribute where both values are known, and
    the cluster) on which a and b differ.  With ``match`` given, only the
    pairs it lists are considered.  Picks are greedy and each contact is
    introduced at most once, so one busy person is not handed k introductions.
    Ties are broken by the contacts' order in ``G``.

    Among thousands of contacts, give ``match`` as a :class:`ProfileMatch`
    (a table over distinct profiles): every pair is then scored in blocks of
    arrays, and only each contact's 2k + 1 best partners are kept for the
    greedy pick, which provably picks the same pairs as over all of them.

    Parameters
    ----------
    G : networkx graph or CompactGraph
    ego : node
    k : int
    attributes : sequence of str
    clusters : mapping node -> cluster label, optional
    match : mapping (a, b) -> float in [0, 1], or ProfileMatch, optional
    match_reasons : mapping (a, b) -> str, or callable (a, b) -> str or None, optional
        A short text naming the match, quoted in the reason; a callable is
        asked for the picked pairs only.
    weights : mapping, optional
        Overrides of ``{"match": 0.6, "difference": 0.4}``.

    Returns
    -------
    tuple of Introduction

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("me", "ana"), ("me", "raj"), ("me", "li"), ("ana", "li")])
    >>> nx.set_node_attributes(G, {"ana": "bio", "raj": "design", "li": "bio"}, "industry")
    >>> [i.pair for i in introductions(G, "me", 1, ["industry"])]
    [('ana', 'raj')]
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InputError(f"k must be a positive integer, got {k!r}")
    if isinstance(attributes, str):
        raise InputError(
            f"attributes must be a list of attribute names, got the string {attributes!r}"
        )
    chosen = dict(DEFAULT_INTRODUCTION_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in chosen:
            raise InputError(f"unknown score component {name!r}; expected 'match' or 'difference'")
        if not (isinstance(value, int | float) and value >= 0):
            raise InputError(f"weight of {name!r} must be a non-negative number, got {value!r}")
        chosen[name] = float(value)
    hood = EgoNeighbourhood.build(G, ego, max_path=2)
    contacts = hood.contacts
    n = len(contacts)
    codes = AttributeNovelty(G, [], contacts, attributes, (None, hood.contact_positions)).node_codes
    cluster_code = np.full(n, -1, dtype=np.int64)
    if clusters is not None:
        labels: dict[Hashable, int] = {}
        for j, c in enumerate(contacts):
            if c in clusters:
                cluster_code[j] = labels.setdefault(clusters[c], len(labels))
        codes = [*codes, cluster_code]
    tied = hood.contact_ties
    w_match, w_difference = chosen["match"], chosen["difference"]

    def difference(rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float64]:
        """The share of compared dimensions on which ``rows[i]`` and ``cols[j]`` differ.

        Broadcasts: ``rows`` and ``cols`` may be a column and a row.
        """
        shape = np.broadcast_shapes(rows.shape, cols.shape)
        differ = np.zeros(shape, dtype=np.int16)
        compared = np.zeros(shape, dtype=np.int16)
        for column in codes:
            a, b = column[rows], column[cols]
            both = (a >= 0) & (b >= 0)
            compared += both
            differ += both & (a != b)
        share: NDArray[np.float64] = np.divide(
            differ, compared, out=np.zeros(shape), where=compared > 0
        )
        return share

    if isinstance(match, ProfileMatch):
        profile = np.fromiter((match.profile.get(c, -1) for c in contacts), dtype=np.int64, count=n)
        rows, cols, differ, matched = _best_pairs(
            n,
            tied,
            difference,
            2 * k + 1,
            bool(codes),
            (w_match, w_difference),
            _profile_match(match, profile),
        )
        score = w_difference * differ + w_match * matched
    elif match is not None:
        pairs: dict[tuple[int, int], float] = {}
        for (a, b), value in match.items():
            if not (isinstance(value, int | float) and 0 <= value <= 1):
                raise InputError(f"match values must be in [0, 1], got {value!r} for {(a, b)!r}")
            ia, ib = hood.contact_index.get(a), hood.contact_index.get(b)
            if ia is None or ib is None or ia == ib or tied[ia, ib] > 0:
                continue
            key = (min(ia, ib), max(ia, ib))
            pairs[key] = max(pairs.get(key, 0.0), float(value))
        rows = np.array([p[0] for p in pairs], dtype=np.int64)
        cols = np.array([p[1] for p in pairs], dtype=np.int64)
        matched = np.array(list(pairs.values()), dtype=np.float64)
        differ = difference(rows, cols)
        if codes:
            keep = differ > 0
            rows, cols, differ, matched = rows[keep], cols[keep], differ[keep], matched[keep]
        score = w_difference * differ + (w_match * matched if match else 0.0)
    else:
        rows, cols, differ, matched = _best_pairs(
            n, tied, difference, 2 * k + 1, bool(codes), (0.0, w_difference), None
        )
        score = w_difference * differ
    order = np.lexsort((cols, rows, -score))
    used: set[int] = set()
    found: list[Introduction] = []
    for p in order:
        i, j = int(rows[p]), int(cols[p])
        if i in used or j in used:
            continue
        used.update((i, j))
        pair = (contacts[i], contacts[j])
        gains = {"difference": float(differ[p])}
        pair_match = float(matched[p]) if match is not None else None
        if pair_match is not None:
            gains["match"] = pair_match
        found.append(
            Introduction(
                pair=pair,
                score=float(score[p]),
                gains=gains,
                reason=_reason(
                    G, pair, attributes, clusters, pair_match, match_reasons, name_attribute
                ),
            )
        )
        if len(found) == k:
            break
    return tuple(found)


#: the match of a block of pairs: rows (column vector) x cols (row vector) -> values
BlockMatch = Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.float64]]


def _profile_match(match: ProfileMatch, profile: NDArray[np.int64]) -> BlockMatch:
    """The match of contacts ``rows`` x ``cols`` read from ``match``'s table by profile.

    Contacts without a profile read an extra row and column of zeros: no match.
    """
    p = match.similarity.shape[0]
    table = np.zeros((p + 1, p + 1), dtype=match.similarity.dtype)
    table[:p, :p] = match.similarity
    profile = np.where(profile < 0, p, profile)
    scale = float(match.scale)

    def block(rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float64]:
        values: NDArray[np.float64] = table[profile[rows.ravel()]][:, profile[cols.ravel()]].astype(
            np.float64
        )
        values /= scale
        return values

    return block


def _best_pairs(
    n: int,
    tied: Any,
    difference: Any,
    per_row: int,
    must_differ: bool,
    weights: tuple[float, float],
    match: BlockMatch | None,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """For each contact i, its ``per_row`` best eligible partners j > i: rows, cols, differ, match.

    Eligible: untied, matched (match > 0) when ``match`` is given, differing
    somewhere when ``must_differ``.  Best: highest score, then lowest j, the
    order the greedy pick breaks ties in.  Keeping 2k + 1 partners per row
    is enough for the exact greedy with each contact used at most once: when
    it is about to pick a pair (i, j), at most 2k - 2 contacts are used, so
    were (i, j) not kept, a free kept partner of i would come before it.
    Blocks of rows bound the memory at O(block * n).
    """
    w_match, w_difference = weights
    out: list[tuple[NDArray[Any], ...]] = []
    ties = tied.tocsr()
    for start in range(0, n - 1, _ROWS_PER_BLOCK):
        stop = min(n, start + _ROWS_PER_BLOCK)
        rows = np.arange(start, stop)[:, None]
        cols = np.arange(start + 1, n)[None, :]
        differ = difference(rows, cols)
        valid = (cols > rows) & (ties[start:stop, start + 1 :].toarray() <= 0)
        if must_differ:
            valid &= differ > 0
        if match is None:
            matched = np.zeros(differ.shape)
            score = w_difference * differ
        else:
            matched = match(rows, cols)
            valid &= matched > 0
            score = w_difference * differ + w_match * matched
        score[~valid] = -np.inf
        take = min(per_row, cols.size)
        kth = -np.partition(-score, take - 1, axis=1)[:, take - 1 : take]
        # the ties at the kth score: the lowest columns first, as the greedy takes them
        level = valid & (score == kth)
        keep = valid & (score > kth)
        need = take - keep.sum(axis=1, keepdims=True)
        keep |= level & (np.cumsum(level, axis=1) <= need)
        r, c = np.nonzero(keep)
        out.append((r + start, c + start + 1, differ[r, c], matched[r, c]))
    if not out:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
    found = [np.concatenate(parts) for parts in zip(*out, strict=True)]
    return found[0].astype(np.int64), found[1].astype(np.int64), found[2], found[3]


def _name(G: Any, node: Hashable, name_attribute: str) -> str:
    name = node_value(G, node, name_attribute)
    return str(name) if name not in (None, "") else str(node)


def _reason(
    G: Any,
    pair: tuple[Hashable, Hashable],
    attributes: Sequence[str],
    clusters: Mapping[Hashable, Hashable] | None,
    matched: float | None,
    match_reasons: MatchReasons | None,
    name_attribute: str,
) -> str:
    a, b = pair
    clauses = [
        f"{_name(G, a, name_attribute)} and {_name(G, b, name_attribute)} do not know each other"
    ]
    if matched is not None:
        if callable(match_reasons):
            text = match_reasons(a, b)
        else:
            text = (match_reasons or {}).get((a, b)) or (match_reasons or {}).get((b, a))
        clauses.append(f"match {matched:.2f}" + (f": {text}" if text else ""))
    for attr in attributes:
        va, vb = node_value(G, a, attr), node_value(G, b, attr)
        if va is not None and vb is not None and va != vb:
            clauses.append(f"{attr} {va} vs {vb}")
    if clusters is not None and a in clusters and b in clusters and clusters[a] != clusters[b]:
        clauses.append("different clusters of your network")
    return "; ".join(clauses)
