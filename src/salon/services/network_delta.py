"""Bring a network read as arrays up to date from the rows of the people who changed.

Rereading 100,000 people and 300,000 ties after one conversation is logged
costs a second; the triggers note whom each write touched
(:class:`~salon.db.models.NetworkChange`), so only those people and their
ties need reading again.  :func:`apply_changes` is the pure half: it takes
the graph as it was and those rows, and gives exactly the graph
:func:`~salon.services.network.network_arrays` would read now.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray

from salon.recommend import CompactGraph
from salon.recommend.compact import object_array
from salon.services.network import NetworkRows

__all__ = ["apply_changes", "unchanged_nodes"]


def apply_changes(
    graph: CompactGraph, changed: Collection[int], fresh: NetworkRows
) -> CompactGraph:
    """``graph`` with the people in ``changed`` and their ties replaced by ``fresh``.

    ``graph`` is as :func:`~salon.services.network.network_arrays` builds it
    (nodes are person ids, ascending); ``fresh`` holds the rows of those of
    ``changed`` who still exist, with every column of ``graph``, and every tie
    with an end among them.  A changed person missing from ``fresh`` was
    deleted (or moved to another owner).  Raises ``KeyError`` for a column
    ``fresh`` lacks, ``ValueError`` for a fresh tie to a person not in the
    result (the rows were not read together with the notes).
    """
    old_ids = np.asarray(graph.nodes, dtype=np.int64)
    changed_ids = np.unique(np.fromiter(changed, dtype=np.int64, count=len(changed)))
    kept = ~np.isin(old_ids, changed_ids)
    if not np.isin(fresh.ids, changed_ids).all():
        raise ValueError("fresh rows of a person who is not noted as changed")
    ids = np.union1d(old_ids[kept], fresh.ids)
    kept_at = np.searchsorted(ids, old_ids[kept])
    fresh_at = np.searchsorted(ids, fresh.ids)
    columns: dict[str, NDArray[np.object_]] = {}
    for field in graph.columns:
        column = columns[field] = np.empty(len(ids), dtype=object)
        column[kept_at] = graph.column_array(field)[kept]
        column[fresh_at] = object_array(fresh.columns[field])
    # the ties between people who did not change keep their order; those of the
    # people who did are merged in.  Each node's neighbours come in ascending id
    # order, as network_arrays reads them (ties are stored lower end first).
    position = np.full(len(old_ids), -1, dtype=np.int64)
    position[kept] = kept_at
    source = np.repeat(np.arange(len(old_ids)), np.diff(graph.indptr))
    target = graph.neighbour_rows
    between_kept = kept[source] & kept[target]
    heads, tails = _positions(ids, fresh.ends[:, 0]), _positions(ids, fresh.ends[:, 1])
    sources = np.concatenate([position[source[between_kept]], heads, tails])
    targets = np.concatenate([position[target[between_kept]], tails, heads])
    # stable, on keys mostly in order already: quicker than a lexsort
    order = np.argsort(sources * len(ids) + targets, kind="stable")
    indptr = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(sources, minlength=len(ids)), out=indptr[1:])
    return CompactGraph(ids, indptr, targets[order], columns)


def _positions(ids: NDArray[np.int64], people: NDArray[np.int64]) -> NDArray[np.int64]:
    """Where each of ``people`` is in the sorted ``ids``; ValueError for one not there."""
    at = np.minimum(np.searchsorted(ids, people), max(len(ids) - 1, 0))
    missing = ids[at] != people if len(ids) else np.ones(len(people), dtype=bool)
    if missing.any():
        raise ValueError(f"a tie to person {int(people[missing][0])} who is not in the network")
    return at


def unchanged_nodes(
    before: CompactGraph, after: CompactGraph, among: Collection[int] | None = None
) -> NDArray[np.bool_]:
    """For each node of ``after``: whether ``before`` has it with the same value in every column.

    Scores computed from a node's fields alone (relevance of its profile)
    stay valid for these nodes.  Ties do not count: the columns are fields.
    ``among``, when given, holds every node whose values may differ (the
    people noted as changed), and only those are compared.
    """
    fields = [f for f in after.columns if f in before.columns]
    if len(fields) < len(after.columns) or not len(before):
        return np.zeros(len(after), dtype=bool)
    old_ids = np.asarray(before.nodes, dtype=np.int64)
    new_ids = np.asarray(after.nodes, dtype=np.int64)
    at = np.minimum(np.searchsorted(old_ids, new_ids), len(old_ids) - 1)
    same: NDArray[np.bool_] = old_ids[at] == new_ids
    compared = (
        np.flatnonzero(same)
        if among is None
        else np.flatnonzero(same & np.isin(new_ids, np.fromiter(among, dtype=np.int64)))
    )
    for field in fields:
        same[compared] &= (
            before.column_array(field)[at[compared]] == after.column_array(field)[compared]
        )
    return same
