"""The user's contacts among themselves: how they match, their clusters, the tags two share.

What `salon suggest introduce` needs beyond the pure recommender, read from
the network as :func:`~salon.services.network_snapshot.snapshot_arrays` keeps
it (a :class:`~salon.recommend.CompactGraph`) or as
:func:`~salon.services.network.network_graph` builds it, with the same
answers from both.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from salon.recommend import CompactGraph
from salon.recommend.compact import node_value
from salon.recommend.compact_paths import flat_neighbours
from salon.recommend.introduce import ProfileMatch
from salon.recommend.neighbourhood import neighbours
from salon.semantic import LexicalEmbedder

__all__ = ["best_untied_similarity", "contact_clusters", "profile_match", "shared_tags"]


def profile_match(
    graph: nx.Graph | CompactGraph, contacts: Sequence[Hashable], texts: Sequence[str]
) -> ProfileMatch | None:
    """TF-IDF cosine similarity between the contacts' profile ``texts``, rescaled to the best pair.

    The embedder is fitted on every contact's text (so repeated profiles
    weigh in the vocabulary, as when each contact was embedded), and each
    distinct text is embedded once: the similarity table is over distinct
    profiles, and equal profiles match equally.  The best pair is the most
    similar untied one; None when no untied pair shares anything.
    """
    distinct: dict[str, int] = {}
    profile = np.fromiter(
        (distinct.setdefault(t, len(distinct)) for t in texts), dtype=np.int64, count=len(texts)
    )
    vectors = LexicalEmbedder(list(texts)).embed(list(distinct))
    similarity = np.clip(vectors @ vectors.T, 0.0, 1.0)
    # one value per pair of profiles, whichever way round the product summed it
    similarity = np.maximum(similarity, similarity.T)
    top = best_untied_similarity(graph, contacts, profile, similarity)
    if top <= 0:
        return None
    return ProfileMatch(dict(zip(contacts, profile.tolist(), strict=True)), similarity, top)


def contact_clusters(
    graph: nx.Graph | CompactGraph, ego: Hashable, contacts: Sequence[Hashable]
) -> dict[Hashable, int]:
    """Louvain clusters of ``contacts`` among themselves (seeded: stable), by contact.

    Louvain's answer depends on the order it meets nodes and neighbours in,
    and networkx's subgraph views list them in an order that depends on the
    whole graph's size and each member's degree.  On a CompactGraph the
    same views are made over a graph with every node and every tie of ego
    and its contacts, in the order network_graph adds them (ids ascending,
    ties by their ends), so the clusters are those of the full graph.
    """
    members = [ego, *contacts]
    if isinstance(graph, CompactGraph):
        rows = graph.rows(members)
        owner, met = flat_neighbours(graph, rows)
        ends = np.sort(np.column_stack([rows[owner], met]), axis=1)
        ends = np.unique(ends, axis=0)  # (lower, higher), ascending
        labels = np.asarray(graph.nodes, dtype=object)
        local = nx.Graph()
        local.add_nodes_from(graph.nodes)
        local.add_edges_from(
            zip(labels[ends[:, 0]].tolist(), labels[ends[:, 1]].tolist(), strict=True)
        )
    else:
        local = graph
    ego_graph = local.subgraph(members).copy()
    alters = ego_graph.subgraph([n for n in ego_graph if n != ego])
    found = nx.community.louvain_communities(alters, seed=0) if alters.number_of_edges() else []
    return {node: index for index, group in enumerate(found) for node in group}


def best_untied_similarity(
    graph: nx.Graph | CompactGraph,
    contacts: Sequence[Hashable],
    profile: NDArray[np.int64],
    similarity: NDArray[np.floating],
) -> float:
    """The largest ``similarity[profile[a], profile[b]]`` over distinct, untied contacts a, b.

    ``similarity`` is a table over distinct profiles.  A pair of profiles
    counts unless every pair of contacts having them is tied, or there is no
    such pair (a profile only one contact has, paired with itself): those
    are found by counting the ties among the contacts per pair of profiles.
    ``similarity`` is left as it was.
    """
    d = similarity.shape[0]
    index = {c: i for i, c in enumerate(contacts)}
    heads: list[int] = []
    tails: list[int] = []
    for i, c in enumerate(contacts):
        for x in neighbours(graph, c):
            j = index.get(x)
            if j is not None:
                heads.append(i)
                tails.append(j)
    sizes = np.bincount(profile, minlength=d)
    keys, n_tied = np.unique(
        profile[np.asarray(heads, dtype=np.int64)] * d + profile[np.asarray(tails, dtype=np.int64)],
        return_counts=True,
    )
    g, h = np.divmod(keys, d)
    # ordered pairs of contacts, as the ties are counted from both ends
    n_pairs = np.where(g == h, sizes[g] * (sizes[g] - 1), sizes[g] * sizes[h])
    alone = np.flatnonzero(sizes < 2)
    full = n_tied == n_pairs
    excluded = (np.concatenate([g[full], alone]), np.concatenate([h[full], alone]))
    kept = similarity[excluded]
    similarity[excluded] = 0.0
    top = float(similarity.max()) if similarity.size else 0.0
    similarity[excluded] = kept
    return top


def _tag_list(value: str | None) -> list[str]:
    """The tags in a node's tag field ("; "-joined, see network_rows)."""
    return value.split("; ") if value else []


def shared_tags(graph: nx.Graph | CompactGraph, a: Hashable, b: Hashable) -> str | None:
    """A reason naming up to two expertise or interest tags a and b share; None if none."""
    tags = [
        {t for field in ("expertise", "interests") for t in _tag_list(node_value(graph, x, field))}
        for x in (a, b)
    ]
    shared = sorted(tags[0] & tags[1])
    return f"both work on {', '.join(shared[:2])}" if shared else None
