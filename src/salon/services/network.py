"""The owner's network as a networkx graph, and its GraphML and CSV exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy.orm import Session

from salon.db.models import Account, Person
from salon.io.people_csv import write_people_csv
from salon.services.people import list_people, person_dict
from salon.services.ties import ties_of


def _node_attributes(person: Person) -> dict[str, Any]:
    data = person_dict(person)
    out: dict[str, Any] = {"is_me": person.is_me}
    for key in ("name", "email", "organization", "role", "url", "industry", "discipline"):
        if data[key] is not None:
            out[key] = data[key]
    for key in ("expertise", "interests", "tags"):
        if data[key]:
            out[key] = "; ".join(data[key])
    for key, value in data["attributes"].items():
        # background attributes keep their own names (country, generation...)
        # unless one would shadow a built-in field
        out[key if key not in out and key not in data else f"attr_{key}"] = value
    return out


def network_graph(session: Session, owner: Account) -> nx.Graph:
    """People as nodes (by id, with their attributes), ties as edges with evidence."""
    graph = nx.Graph(owner=owner.name)
    for person in list_people(session, owner, include_me=True):
        graph.add_node(person.id, **_node_attributes(person))
    for tie in ties_of(session, owner):
        kinds = sorted({e.kind for e in tie.evidence})
        edge: dict[str, Any] = {
            "evidence": "; ".join(kinds),
            "inferred": tie.inferred_only,
            "n_evidence": len(tie.evidence),
        }
        if tie.since is not None:
            edge["since"] = tie.since.isoformat()
        if tie.manual_strength is not None:
            edge["strength"] = tie.manual_strength
        if tie.support:
            edge["support"] = "; ".join(tie.support)
        graph.add_edge(tie.person_a_id, tie.person_b_id, **edge)
    return graph


def export_graphml(session: Session, owner: Account, path: Path) -> nx.Graph:
    """Write the network as GraphML (for Gephi, yEd, networkx)."""
    graph = network_graph(session, owner)
    nx.write_graphml(graph, path)
    return graph


def export_people_csv(session: Session, owner: Account, path: Path) -> int:
    """Write one CSV row per person (columns of :func:`salon.io.people_csv.write_people_csv`)."""
    return write_people_csv((person_dict(p) for p in list_people(session, owner)), path)
