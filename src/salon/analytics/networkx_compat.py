"""Drop-in replacements for NetworkX's structural-hole functions.

``constraint(G, nodes=None, weight=None)`` and
``effective_size(G, nodes=None, weight=None)`` take the same arguments as
:func:`networkx.constraint` and :func:`networkx.effective_size` and return the
same dict, computed by :func:`salon.analytics.structural_holes` (vectorised
over a sparse matrix instead of a Python loop per node).  ``efficiency`` and
``hierarchy`` follow the same calling convention.

The reference is NetworkX's per-node path (``nodes=list(G)``), which follows
Burt's definitions; the values agree to 1e-9 on every simple graph, directed or
not, weighted or not, except in these cases where NetworkX 3.6 is wrong and
salon follows Burt:

1. *All-node effective size on weighted or directed graphs.*  NetworkX's
   ``nodes=None`` path divides ``m_jq`` by the maximum of the wrong axis
   (``max(axis=1)`` broadcast over columns), so its two paths disagree
   (networkx/networkx#8906).  salon matches the per-node path.
2. *Directed nodes with incoming ties only.*  NetworkX's per-node path tests
   ``G[v]`` (successors) for isolation and returns NaN, although such a node has
   contacts (``nx.all_neighbors``) and its all-node constraint path gives a
   value (networkx/networkx#2661).  salon gives the value.
3. *Self-loops.*  NetworkX's per-node path counts a self-loop as a contact of
   the node itself, and its answers then depend on the path: the unweighted
   undirected effective size (Borgatti's shortcut) can go negative, the same
   graph with unit weights gives another value, and a node whose only tie is a
   self-loop gets constraint 4.0 per node but NaN from the all-node path.  salon
   ignores self-loops (a person is not their own contact), so on a graph with
   self-loops it returns NetworkX's values for the graph without them, and NaN
   for a node whose only tie is a self-loop.
4. *Zero-weight edges* are no tie in salon; NetworkX lists them as contacts
   with zero investment.  Negative weights are rejected.

Efficiency is effective size over the number of contacts (distinct neighbours
in either direction), Burt's definition; NetworkX's docstring divides by
``G.degree``, which counts a reciprocated directed tie twice.

Multigraphs are rejected (:class:`salon.errors.InputError`); a node not in the
graph raises :class:`salon.errors.NotFoundError`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from salon.analytics.adjacency import graph_adjacency
from salon.analytics.structural_holes import StructuralHoles, structural_holes

__all__ = ["constraint", "effective_size", "efficiency", "hierarchy"]


def _holes(
    G: Any, nodes: Iterable[Hashable] | None, weight: str | None
) -> tuple[list[Hashable], StructuralHoles]:
    A, keys, idx = graph_adjacency(G, nodes, weight)
    return keys, structural_holes(A, nodes=None if nodes is None else idx)


def _as_dict(
    keys: list[Hashable], values: np.ndarray[Any, np.dtype[np.float64]]
) -> dict[Hashable, float]:
    return dict(zip(keys, values.tolist(), strict=True))


def constraint(
    G: Any, nodes: Iterable[Hashable] | None = None, weight: str | None = None
) -> dict[Hashable, float]:
    r"""Return Burt's constraint of nodes of a NetworkX graph, as :func:`networkx.constraint`.

    .. math::

        c(v) = \sum_{w \in N(v)}
               \Big(p_{vw} + \sum_{q \in N(v) \setminus \{w\}} p_{vq} p_{qw}\Big)^2

    with ``p`` the normalised mutual weights.  NaN for isolated nodes (and nodes
    whose only tie is a self-loop).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    nodes : iterable of nodes, optional
        Nodes to compute, in this order; every node of ``G`` if omitted.
    weight : str, optional
        Edge attribute holding the tie weight (missing = 1); unweighted if None.

    Returns
    -------
    dict
        Node → constraint, as a Python float.

    References
    ----------
    Burt, R. S. "Structural holes and good ideas." *American Journal of
    Sociology* 110(2), 349–399, 2004.

    Examples
    --------
    >>> import networkx as nx
    >>> constraint(nx.complete_graph(3))
    {0: 1.125, 1: 1.125, 2: 1.125}
    """
    keys, holes = _holes(G, nodes, weight)
    return _as_dict(keys, holes.constraint)


def effective_size(
    G: Any, nodes: Iterable[Hashable] | None = None, weight: str | None = None
) -> dict[Hashable, float]:
    r"""Return Burt's effective size of nodes of a graph, as :func:`networkx.effective_size`.

    .. math::

        e(v) = \sum_{w \in N(v)} \Big(1 - \sum_{q \in N(v) \setminus \{w\}} p_{vq} m_{wq}\Big)

    with ``m_wq`` the mutual weight of ``w`` and ``q`` over ``w``'s largest
    mutual weight; for unweighted undirected graphs this is Borgatti's
    ``n − 2t/n``.  NaN for isolated nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.path_graph(3))
    {0: 1.0, 1: 2.0, 2: 1.0}
    """
    keys, holes = _holes(G, nodes, weight)
    return _as_dict(keys, holes.effective_size)


def efficiency(
    G: Any, nodes: Iterable[Hashable] | None = None, weight: str | None = None
) -> dict[Hashable, float]:
    """Return Burt's efficiency, effective size over the number of contacts.

    In [0, 1]; NaN for isolated nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> efficiency(nx.star_graph(3))
    {0: 1.0, 1: 1.0, 2: 1.0, 3: 1.0}
    """
    keys, holes = _holes(G, nodes, weight)
    return _as_dict(keys, holes.efficiency)


def hierarchy(
    G: Any, nodes: Iterable[Hashable] | None = None, weight: str | None = None
) -> dict[Hashable, float]:
    r"""Return Burt's hierarchy, how far a node's constraint comes from one contact.

    .. math::

        h(v) = \frac{\sum_{w \in N(v)} r_{vw} \ln r_{vw}}{|N(v)| \ln |N(v)|},
        \qquad r_{vw} = \frac{c_{vw}}{c(v) / |N(v)|}

    (the Coleman–Theil disorder index of the local constraints ``c_vw``).  0 when
    every contact constrains equally, 1 when one contact carries all of it;
    1 for a node with a single contact and NaN for isolated nodes.

    References
    ----------
    Burt, R. S. *Structural Holes*, Harvard University Press, 1992, p. 71.

    Examples
    --------
    >>> import networkx as nx
    >>> hierarchy(nx.star_graph(2))
    {0: 0.0, 1: 1.0, 2: 1.0}
    """
    keys, holes = _holes(G, nodes, weight)
    return _as_dict(keys, holes.hierarchy)
