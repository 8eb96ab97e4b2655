"""Introductions ego can make as a broker: contacts who should know each other."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError
from salon.recommend.neighbourhood import EgoNeighbourhood
from salon.recommend.novelty import AttributeNovelty
from salon.recommend.results import Introduction

__all__ = ["introductions"]

#: Default weights: the semantic match carries most, because an introduction
#: without a shared problem or complementary expertise is a wasted coffee.
DEFAULT_INTRODUCTION_WEIGHTS: Mapping[str, float] = {"match": 0.6, "difference": 0.4}

_ROWS_PER_BLOCK = 512


def introductions(
    G: Any,
    ego: Hashable,
    k: int = 5,
    attributes: Sequence[str] = (),
    *,
    clusters: Mapping[Hashable, Hashable] | None = None,
    match: Mapping[tuple[Hashable, Hashable], float] | None = None,
    match_reasons: Mapping[tuple[Hashable, Hashable], str] | None = None,
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

    Parameters
    ----------
    G : networkx graph
    ego : node
    k : int
    attributes : sequence of str
    clusters : mapping node -> cluster label, optional
    match : mapping (a, b) -> float in [0, 1], optional
    match_reasons : mapping (a, b) -> str, optional
        A short text naming the match, quoted in the reason.
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
    codes = AttributeNovelty(G, [], contacts, attributes).node_codes
    cluster_code = np.full(n, -1, dtype=np.int64)
    if clusters is not None:
        labels: dict[Hashable, int] = {}
        for j, c in enumerate(contacts):
            if c in clusters:
                cluster_code[j] = labels.setdefault(clusters[c], len(labels))
        codes = [*codes, cluster_code]
    tied = hood.contact_ties

    def difference(rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float64]:
        differ = np.zeros(rows.shape)
        compared = np.zeros(rows.shape)
        for column in codes:
            both = (column[rows] >= 0) & (column[cols] >= 0)
            compared += both
            differ += both & (column[rows] != column[cols])
        share: NDArray[np.float64] = np.divide(
            differ, compared, out=np.zeros(rows.shape), where=compared > 0
        )
        return share

    if match is not None:
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
    else:
        rows, cols, differ = _best_unmatched_pairs(n, tied, difference, per_row=2 * k + 1)
        matched = np.zeros(len(rows))
    if codes:
        keep = differ > 0
        rows, cols, differ, matched = rows[keep], cols[keep], differ[keep], matched[keep]
    score = chosen["difference"] * differ + (chosen["match"] * matched if match else 0.0)
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
        if match is not None:
            gains["match"] = float(matched[p])
        found.append(
            Introduction(
                pair=pair,
                score=float(score[p]),
                gains=gains,
                reason=_reason(G, pair, attributes, clusters, match, match_reasons, name_attribute),
            )
        )
        if len(found) == k:
            break
    return tuple(found)


def _best_unmatched_pairs(
    n: int,
    tied: Any,
    difference: Any,
    per_row: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """For each contact i, its ``per_row`` most different untied partners j > i.

    Keeping 2k + 1 partners per row is enough for the exact greedy with each
    contact used at most once: at most 2k contacts are ever used, so some kept
    partner is always free.  Blocks of rows bound the memory at O(block * n).
    """
    out_rows: list[NDArray[np.int64]] = []
    out_cols: list[NDArray[np.int64]] = []
    out_diff: list[NDArray[np.float64]] = []
    dense_ties = tied.tocsr()
    for start in range(0, n, _ROWS_PER_BLOCK):
        stop = min(n, start + _ROWS_PER_BLOCK)
        block_rows, block_cols = np.meshgrid(np.arange(start, stop), np.arange(n), indexing="ij")
        diff = difference(block_rows.ravel(), block_cols.ravel()).reshape(block_rows.shape)
        invalid = (block_cols <= block_rows) | (dense_ties[start:stop].toarray() > 0)
        diff[invalid] = -1.0
        take = min(per_row, n)
        best = np.argpartition(-diff, take - 1, axis=1)[:, :take] if take < n else block_cols
        r = np.repeat(np.arange(start, stop), best.shape[1])
        c = best.ravel()
        d = diff[r - start, c]
        valid = d >= 0
        out_rows.append(r[valid])
        out_cols.append(c[valid].astype(np.int64))
        out_diff.append(d[valid])
    if not out_rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_rows), np.concatenate(out_cols), np.concatenate(out_diff)


def _name(G: Any, node: Hashable, name_attribute: str) -> str:
    name = G.nodes[node].get(name_attribute)
    return str(name) if name not in (None, "") else str(node)


def _reason(
    G: Any,
    pair: tuple[Hashable, Hashable],
    attributes: Sequence[str],
    clusters: Mapping[Hashable, Hashable] | None,
    match: Mapping[tuple[Hashable, Hashable], float] | None,
    match_reasons: Mapping[tuple[Hashable, Hashable], str] | None,
    name_attribute: str,
) -> str:
    a, b = pair
    clauses = [
        f"{_name(G, a, name_attribute)} and {_name(G, b, name_attribute)} do not know each other"
    ]
    if match is not None:
        value = max(match.get((a, b), 0.0), match.get((b, a), 0.0))
        text = (match_reasons or {}).get((a, b)) or (match_reasons or {}).get((b, a))
        clauses.append(f"match {value:.2f}" + (f": {text}" if text else ""))
    for attr in attributes:
        va, vb = G.nodes[a].get(attr), G.nodes[b].get(attr)
        if va is not None and vb is not None and va != vb:
            clauses.append(f"{attr} {va} vs {vb}")
    if clusters is not None and a in clusters and b in clusters and clusters[a] != clusters[b]:
        clauses.append("different clusters of your network")
    return "; ".join(clauses)
