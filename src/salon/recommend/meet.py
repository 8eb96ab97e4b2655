"""Whom to meet next: candidates ranked by marginal perspective gain."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from salon.errors import InputError
from salon.recommend.compact import node_value
from salon.recommend.neighbourhood import EgoNeighbourhood
from salon.recommend.novelty import AttributeNovelty
from salon.recommend.results import Suggestion
from salon.recommend.structural import EffectiveSizeGains

__all__ = ["DEFAULT_WEIGHTS", "INTENT_SCORES", "who_to_meet"]

#: Default weights of the score components.  Novelty and structure carry most
#: of it because widening perspective is the point; relevance keeps picks
#: useful; reachability prefers people someone can introduce; intent nudges
#: towards people who come to learn (two-way exchange) over pure pitchers.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "novelty": 0.4,
    "structural": 0.3,
    "relevance": 0.15,
    "reachability": 0.1,
    "intent": 0.05,
    "bridging": 0.1,
}

#: Score of a candidate's stated learning intent (missing: 0.5, neutral).
INTENT_SCORES: Mapping[str, float] = {"learn": 1.0, "both": 0.75, "pitch": 0.25}

#: A category counts as rare, and is named in a reason, at or below this share.
RARE_SHARE = 0.1


def _check_unit_mapping(name: str, values: Mapping[Hashable, float]) -> None:
    # In bulk first: the service passes a relevance for every stored person.
    # The loop below runs only to name the first bad value.
    if all(issubclass(t, int | float) for t in set(map(type, values.values()))):
        try:
            array = np.fromiter(values.values(), dtype=np.float64, count=len(values))
        except OverflowError:  # an int too large for a float: out of range anyway
            pass
        else:
            if np.all((array >= 0.0) & (array <= 1.0)):
                return
    for node, value in values.items():
        if not (isinstance(value, int | float) and 0.0 <= value <= 1.0):
            raise InputError(f"{name} values must be numbers in [0, 1], got {value!r} for {node!r}")


def _validate(
    k: int,
    attributes: Sequence[str],
    relevance: Mapping[Hashable, float] | None,
    learning_intent: Mapping[Hashable, str] | None,
    weights: Mapping[str, float] | None,
    max_path: int,
    new_tie_weight: float,
) -> dict[str, float]:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InputError(f"k must be a positive integer, got {k!r}")
    if isinstance(attributes, str):
        raise InputError(
            f"attributes must be a list of attribute names, got the string {attributes!r}"
        )
    if isinstance(max_path, bool) or not isinstance(max_path, int) or max_path < 2:
        raise InputError(f"max_path must be an integer >= 2, got {max_path!r}")
    if not (np.isfinite(new_tie_weight) and new_tie_weight > 0):
        raise InputError(f"new_tie_weight must be a positive number, got {new_tie_weight!r}")
    if relevance is not None:
        _check_unit_mapping("relevance", relevance)
    if learning_intent is not None:
        for node, intent in learning_intent.items():
            if intent not in INTENT_SCORES:
                raise InputError(
                    f"learning intent must be one of {sorted(INTENT_SCORES)}, "
                    f"got {intent!r} for {node!r}"
                )
    chosen = dict(DEFAULT_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in DEFAULT_WEIGHTS:
            raise InputError(
                f"unknown score component {name!r}; expected one of {sorted(DEFAULT_WEIGHTS)}"
            )
        if not (isinstance(value, int | float) and np.isfinite(value) and value >= 0):
            raise InputError(f"weight of {name!r} must be a non-negative number, got {value!r}")
        chosen[name] = float(value)
    return chosen


def who_to_meet(
    G: Any,
    ego: Hashable,
    k: int = 5,
    attributes: Sequence[str] = (),
    *,
    candidates: Collection[Hashable] | None = None,
    relevance: Mapping[Hashable, float] | None = None,
    learning_intent: Mapping[Hashable, str] | None = None,
    communities: Mapping[Hashable, Collection[Hashable]] | None = None,
    clusters: Mapping[Hashable, Hashable] | None = None,
    weights: Mapping[str, float] | None = None,
    max_path: int = 3,
    seed: int | np.random.Generator | None = None,
    second_degree: bool = True,
    tie_weight: str | None = None,
    new_tie_weight: float = 1.0,
    name_attribute: str = "name",
) -> tuple[Suggestion, ...]:
    r"""The k people who would widen ego's perspective most, in order, with why.

    Each candidate c is scored by its *marginal perspective gain* given ego's
    network N and the picks before it, and the best is picked greedily, so
    the list diversifies itself: a pick's categories count as part of the
    network for the next pick's novelty, and its ties for the next pick's
    structural gain.  Novelty has diminishing returns (the classic greedy
    setting of Nemhauser, Wolsey & Fisher); effective size does not quite
    (each pick makes later redundancy cost less in n - 2t/n), so scores need
    not fall strictly down the list::

        score = w_novelty * novelty + w_structural * clip(dES, 0, 1)
              + w_relevance * relevance + w_intent * intent
              + w_reachability * reachability + w_bridging * bridging

    - **novelty**: mean over ``attributes`` of ``1 - n_v / K``, the share of
      ego's network (with a known value) outside c's category v; an unknown
      value scores 0 and is not a category.
    - **structural**: the increase dES in ego's effective size (Burt 1992;
      Borgatti 1997) if c joined with the ties c already has (see
      :func:`effective_size_gain`); redundant candidates gain little or lose.
    - **relevance**: ``relevance[c]`` in [0, 1] from the caller (semantic match
      to ego's open ideas); 0 when missing.  Omit for no relevance term.
    - **intent**: ``INTENT_SCORES[learning_intent[c]]`` (learn 1, both 0.75,
      pitch 0.25, missing 0.5).
    - **reachability**: ``1 / (L - 1)`` for a shortest introduction path of
      L >= 2 steps (1 through a contact, 0.5 through two people), 1 with a
      shared community, 0 when neither.
    - **bridging** (only with ``clusters``): 1 if c's cluster is one that
      neither ego's contacts nor earlier picks are in.

    ``gains`` in each :class:`Suggestion` holds these components before
    weighting, with ``structural`` as the raw dES.  Components whose input is
    not given (relevance, intent, bridging) are constant and left out.

    Parameters
    ----------
    G : networkx.Graph or DiGraph, or CompactGraph
        Nodes carry the attributes; directed ties count both ways.  A
        :class:`~salon.recommend.compact.CompactGraph` (unweighted) gives the
        same picks as the networkx graph it mirrors, and is much cheaper to
        build on large networks.
    ego : node
    k : int
        Number of picks (fewer if the pool is smaller).
    attributes : sequence of str
        Node attributes whose diversity matters (industry, discipline...).
    candidates : collection of nodes, optional
        Extra candidates besides the second-degree pool (fellow community
        members, people in the store).  Ego and its contacts are skipped.
    relevance, learning_intent, communities, clusters : mappings, optional
        Per-node relevance in [0, 1]; intent ``learn``/``pitch``/``both``;
        community memberships; a cluster label per node (e.g. Louvain).
    weights : mapping, optional
        Overrides of :data:`DEFAULT_WEIGHTS`.
    max_path : int
        Longest introduction path searched for caller-given candidates.
    seed : int or Generator, optional
        Breaks exact ties in the score; the same seed gives the same list.
    second_degree : bool
        Include the second-degree pool (default True).
    tie_weight : str, optional
        Edge attribute with tie weights (Burt's weighted effective size).
    new_tie_weight : float
        Weight of the tie ego would form with a pick (with ``tie_weight`` only).
    name_attribute : str
        Node attribute used for names in reasons (falls back to the node).

    Returns
    -------
    tuple of Suggestion

    Raises
    ------
    NotFoundError
        If ego or a given candidate is not in G.
    InputError
        On a bad k, attribute list, weight, relevance or intent value.

    References
    ----------
    .. [1] Burt, R. S. *Structural Holes*. Harvard University Press, 1992.
    .. [2] Blau, P. M. *Inequality and Heterogeneity*. Free Press, 1977.
    .. [3] Nemhauser, Wolsey & Fisher, "An analysis of approximations for
       maximizing submodular set functions", Math. Programming 14, 1978.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("me", "ana"), ("me", "bo"), ("ana", "bo"),
    ...               ("ana", "cy"), ("bo", "cy"), ("ana", "di")])
    >>> nx.set_node_attributes(G, {"ana": "law", "bo": "law", "cy": "law", "di": "biotech"},
    ...                        "industry")
    >>> [s.person for s in who_to_meet(G, "me", k=2, attributes=["industry"], seed=0)]
    ['di', 'cy']
    """
    chosen = _validate(k, attributes, relevance, learning_intent, weights, max_path, new_tie_weight)
    hood = EgoNeighbourhood.build(
        G,
        ego,
        candidates=candidates,
        second_degree=second_degree,
        weight=tie_weight,
        max_path=max_path,
    )
    nodes = hood.nodes
    m = len(nodes)
    novelty = AttributeNovelty(
        G, hood.contacts, nodes, attributes, positions=(hood.contact_positions, hood.node_positions)
    )
    structure = EffectiveSizeGains(hood, new_tie_weight)
    rng = np.random.default_rng(seed)
    tiebreak = rng.permutation(m)

    fixed: dict[str, NDArray[np.float64]] = {}
    if relevance is not None:
        fixed["relevance"] = _by_row(hood, relevance, 0.0)
    if learning_intent is not None:
        intents = {x: INTENT_SCORES[i] for x, i in learning_intent.items()}
        fixed["intent"] = _by_row(hood, intents, 0.5)
    reach = np.zeros(m)
    reached = hood.distance >= 2
    reach[reached] = 1.0 / (hood.distance[reached] - 1)
    shared: dict[int, Hashable] = {}
    if communities is not None and ego in communities:
        mine = set(communities[ego])
        for x, groups in communities.items():
            r = hood.node_index.get(x)
            if r is not None and (common := mine.intersection(groups)):
                shared[r] = sorted(common, key=str)[0]
                reach[r] = 1.0
    fixed["reachability"] = reach

    cluster_codes: NDArray[np.int64] | None = None
    reached_clusters: set[int] = set()
    if clusters is not None:
        code: dict[Hashable, int] = {}
        cluster_codes = np.array(
            [code.setdefault(clusters[x], len(code)) if x in clusters else -1 for x in nodes],
            dtype=np.int64,
        )
        reached_clusters = {
            code.setdefault(clusters[x], len(code)) for x in hood.contacts if x in clusters
        }
    contact_clusters = set(reached_clusters)

    available = hood.is_candidate.copy()
    picks: list[Suggestion] = []
    for _ in range(min(k, int(available.sum()))):
        components = dict(fixed)
        if attributes:
            components["novelty"] = novelty.values()
        if cluster_codes is not None:
            components["bridging"] = (
                (cluster_codes >= 0) & ~np.isin(cluster_codes, list(reached_clusters))
            ).astype(np.float64)
        rest = np.zeros(m)
        for name, values in components.items():
            rest = rest + chosen[name] * values
        pool = np.flatnonzero(available)
        while True:
            # Exact structural gains only where they can change the winner.
            es_gain, es_upper = structure.bounds()
            score = rest + chosen["structural"] * np.clip(es_gain, 0.0, 1.0)
            upper = rest + chosen["structural"] * np.clip(es_upper, 0.0, 1.0)
            best = float(score[pool].max())
            open_rows = pool[(upper[pool] >= best - 1e-12) & ~structure.exact[pool]]
            if not open_rows.size:
                break
            structure.resolve(open_rows)
        ties = pool[score[pool] >= best - 1e-12]
        row = int(ties[np.argmin(tiebreak[ties])])

        gains = {name: float(values[row]) for name, values in components.items()}
        gains["structural"] = float(es_gain[row])
        path = hood.introduction_path(row)
        reason = _reason(
            hood,
            novelty,
            row,
            path,
            shared.get(row),
            relevance,
            learning_intent,
            cluster_codes is not None
            and cluster_codes[row] >= 0
            and int(cluster_codes[row]) not in contact_clusters,
            name_attribute,
        )
        picks.append(
            Suggestion(
                person=nodes[row],
                score=float(score[row]),
                gains=gains,
                reason=reason,
                path=path,
                community=shared.get(row),
            )
        )
        available[row] = False
        novelty.add(row)
        structure.add(row)
        if cluster_codes is not None and cluster_codes[row] >= 0:
            reached_clusters.add(int(cluster_codes[row]))
    return tuple(picks)


def _by_row(
    hood: EgoNeighbourhood, values: Mapping[Hashable, float], default: float
) -> NDArray[np.float64]:
    """``values`` over the pool's rows (``default`` where missing); other keys are ignored."""
    out = np.full(len(hood.nodes), default)
    # in bulk: a relevance mapping can name every stored person
    rows = hood.pool_rows(values.keys())
    given = np.fromiter(values.values(), dtype=np.float64, count=len(values))
    pooled = rows >= 0
    out[rows[pooled]] = given[pooled]
    return out


def _name(G: Any, node: Hashable, name_attribute: str) -> str:
    name = node_value(G, node, name_attribute)
    return str(name) if name not in (None, "") else str(node)


def _reason(
    hood: EgoNeighbourhood,
    novelty: AttributeNovelty,
    row: int,
    path: tuple[Hashable, ...] | None,
    community: Hashable | None,
    relevance: Mapping[Hashable, float] | None,
    learning_intent: Mapping[Hashable, str] | None,
    new_cluster: bool,
    name_attribute: str,
) -> str:
    """One line of true facts about the pick, rarest category first.

    Facts refer to ego's *contacts* (not to earlier picks), so each one can be
    checked against the graph alone.
    """
    G, node = hood.G, hood.nodes[row]
    n = len(hood.contacts)
    clauses: list[str] = []
    rare: list[tuple[float, str]] = []
    for a, attr in enumerate(novelty.attributes):
        value = novelty.value(a, row)
        if value is None:
            continue
        known = novelty.known_contacts[a]
        same = novelty.contact_count(a, row)
        if known == 0:
            rare.append((0.0, f"{attr} {value} (no contact's {attr} is known)"))
            continue
        if same / known > RARE_SHARE:
            continue
        whom = f"your {known} contacts" + ("" if known == n else f" with a known {attr}")
        fact = f"none of {whom}" if same == 0 else f"only {same} of {whom}"
        rare.append((same / known, f"{attr} {value} ({fact})"))
    clauses.extend(text for _, text in sorted(rare, key=lambda item: item[0])[:2])
    if new_cluster:
        clauses.append("bridges to a cluster none of your contacts is in")
    start, stop = hood.to_contacts.indptr[row], hood.to_contacts.indptr[row + 1]
    tied = int(stop - start)
    if n and tied <= max(1, RARE_SHARE * n):
        clauses.append(f"knows {tied if tied else 'none'} of your {n} contacts")
    if relevance is not None and relevance.get(node, 0.0) >= 0.5:
        clauses.append(f"relevance {relevance[node]:.2f} to your open ideas")
    intent = (learning_intent or {}).get(node)
    if intent == "learn":
        clauses.append("comes to learn")
    elif intent == "both":
        clauses.append("comes to learn and to pitch")
    if path is not None:
        via = " and ".join(_name(G, x, name_attribute) for x in path[1:-1])
        clauses.append(f"{len(path) - 1} steps away via {via}")
    if community is not None:
        clauses.append(f"fellow member of {community}")
    if not clauses:
        clauses.append(f"knows {tied} of your {n} contacts")
    return "; ".join(clauses)
