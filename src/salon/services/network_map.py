"""The user's ego network as plain data for a map: nodes, ties, clusters, strengths.

The web's interactive map draws it; nothing here knows how.  Contacts are
sized by the decayed strength of the user's tie to them (DESIGN.md, tie
strength with a 180-day half-life) and grouped by Louvain clusters of the
ties among them (:func:`salon.analytics.ties.ego_clusters`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from salon.analytics.ties import ego_clusters, tie_strength
from salon.db.models import Account
from salon.services.accounts import me
from salon.services.interactions import list_interactions
from salon.services.network import ego_graph, ego_rows, network_graph, people_columns

#: Beyond this many contacts a browser's layout crawls: the strongest are drawn.
DEFAULT_MAP_LIMIT = 300
#: Node fields that are not background attributes (the rest are, for filtering).
_NOT_ATTRIBUTES = frozenset({"is_me", "name", "bio", "url", "email", "role", "organization"})


@dataclass(frozen=True)
class MapNode:
    id: int
    name: str
    organization: str | None
    industry: str | None
    cluster: int | None  # None for the user
    strength: float  # of the user's tie to this contact; 0 for the user
    is_me: bool
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NetworkMap:
    nodes: tuple[MapNode, ...]
    edges: tuple[tuple[int, int, bool], ...]  # (a, b, inferred only)
    n_contacts: int  # all of them, drawn or not

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the shape the map's script reads."""
        return {
            "n_contacts": self.n_contacts,
            "nodes": [vars(node) for node in self.nodes],
            "edges": [{"source": a, "target": b, "inferred": i} for a, b, i in self.edges],
        }


def network_map(
    session: Session,
    owner: Account,
    *,
    limit: int = DEFAULT_MAP_LIMIT,
    today: dt.date | None = None,
) -> NetworkMap:
    """The user, their ``limit`` strongest contacts (by tie strength, then name) and their ties.

    Raises
    ------
    InputError
        Conversations dated after ``today`` (from :func:`tie_strength`).
    """
    today = today or dt.date.today()
    user = me(session, owner)
    graph = network_graph(session, owner)
    contacts = list(graph.neighbors(user.id))
    days, depths, keys = [], [], []
    for interaction in list_interactions(session, owner):
        for participant in interaction.participants:
            if participant.person_id != user.id:
                days.append(float((today - interaction.occurred_on).days))
                depths.append(float(interaction.depth))
                keys.append(participant.person_id)
    strength = tie_strength(days, depths, keys) if keys else {}
    clusters = ego_clusters(graph, user.id).cluster if contacts else {}
    chosen = sorted(
        contacts,
        key=lambda c: (-strength.get(c, 0.0), str(graph.nodes[c].get("name", "")), c),
    )[:limit]
    drawn = {user.id, *chosen}

    def node(pid: int) -> MapNode:
        data = graph.nodes[pid]
        return MapNode(
            id=pid,
            name=str(data.get("name", pid)),
            organization=data.get("organization"),
            industry=data.get("industry"),
            cluster=clusters.get(pid),
            strength=round(strength.get(pid, 0.0), 3),
            is_me=pid == user.id,
            attributes={
                key: str(value)
                for key, value in data.items()
                if key not in _NOT_ATTRIBUTES and value is not None
            },
        )

    edges = tuple(
        (a, b, bool(data.get("inferred"))) for a, b, data in graph.subgraph(drawn).edges(data=True)
    )
    return NetworkMap(
        nodes=tuple(node(pid) for pid in [user.id, *chosen]),
        edges=edges,
        n_contacts=len(contacts),
    )


@dataclass(frozen=True)
class IndustryMap:
    """The user's ego network with each person's industry, for a static drawing.

    ``nodes`` are the user, then the contacts in id order; ``industries`` are
    theirs ("unknown" where not known), in the same order.
    """

    user_id: int
    nodes: tuple[int, ...]
    edges: tuple[tuple[int, int], ...]
    industries: tuple[str, ...]


def industry_map(session: Session, owner: Account) -> IndustryMap:
    """The user's contacts, the ties among them and their industries (``salon report --plot``).

    Read by the column queries of :func:`salon.services.network.ego_rows`, so
    the cost follows the user's contacts, never the whole store.
    """
    user = me(session, owner)
    ego = ego_graph(ego_rows(session, owner, user.id), user.id)
    ids, columns = people_columns(session, owner, ("industry",), ego)
    industry = dict(zip(ids, columns["industry"], strict=True))
    return IndustryMap(
        user.id,
        tuple(ego.nodes),
        tuple(ego.edges),
        tuple(industry.get(n) or "unknown" for n in ego),
    )
