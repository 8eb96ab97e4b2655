"""The owner's network as a networkx graph, and its GraphML and CSV exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from salon.db.models import (
    Account,
    Person,
    PersonAttribute,
    PersonEmail,
    PersonTag,
    Tie,
    TieEvidence,
)
from salon.io.people_csv import write_people_csv
from salon.services.people import list_people, person_dict

BUILT_IN_FIELDS = ("name", "email", "organization", "role", "url", "industry", "discipline", "bio")
TAG_FIELDS = {"expertise": "expertise", "interest": "interests", "tag": "tags"}


def network_graph(session: Session, owner: Account) -> nx.Graph:
    """People as nodes (by id, with their attributes), ties as edges with evidence.

    Read with a handful of column queries rather than ORM objects: the report
    and the suggestions call this on networks of 100,000 people.
    """
    graph = nx.Graph(owner=owner.name)
    rows = session.execute(
        select(
            Person.id,
            Person.is_me,
            Person.name,
            Person.organization,
            Person.role,
            Person.url,
            Person.industry,
            Person.discipline,
            Person.bio,
        ).where(Person.owner_id == owner.id)
    )
    for pid, is_me, *values in rows:
        data: dict[str, Any] = {"is_me": bool(is_me)}
        for key, value in zip(
            ("name", "organization", "role", "url", "industry", "discipline", "bio"),
            values,
            strict=True,
        ):
            if value is not None:
                data[key] = value
        graph.add_node(pid, **data)
    emails = session.execute(
        select(PersonEmail.person_id, PersonEmail.email)
        .where(PersonEmail.owner_id == owner.id)
        .order_by(PersonEmail.person_id, PersonEmail.position.desc())
    )
    for pid, email in emails:  # the lowest position is written last: the primary email
        graph.nodes[pid]["email"] = email
    owned = select(Person.id).where(Person.owner_id == owner.id).scalar_subquery()
    tags: dict[tuple[int, str], list[str]] = {}
    for pid, kind, tag in session.execute(
        select(PersonTag.person_id, PersonTag.kind, PersonTag.tag)
        .where(PersonTag.person_id.in_(owned))
        .order_by(PersonTag.tag)
    ):
        tags.setdefault((pid, TAG_FIELDS[kind]), []).append(tag)
    for (pid, key), tag_list in tags.items():
        graph.nodes[pid][key] = "; ".join(tag_list)
    for pid, key, value in session.execute(
        select(PersonAttribute.person_id, PersonAttribute.key, PersonAttribute.value).where(
            PersonAttribute.person_id.in_(owned)
        )
    ):
        # background attributes keep their own names (country, generation...)
        # unless one would shadow a built-in field
        name = (
            key
            if key not in BUILT_IN_FIELDS and key not in TAG_FIELDS.values() and key != "is_me"
            else f"attr_{key}"
        )
        graph.nodes[pid][name] = value
    evidence: dict[int, list[tuple[str, bool]]] = {}
    for tie_id, kind, inferred in session.execute(
        select(TieEvidence.tie_id, TieEvidence.kind, TieEvidence.inferred)
        .join(Tie, Tie.id == TieEvidence.tie_id)
        .where(Tie.owner_id == owner.id)
    ):
        evidence.setdefault(tie_id, []).append((kind, bool(inferred)))
    # Most ties record no support; decoding every tie's JSON list would cost
    # more than all the rest on large networks, so only non-empty ones are read.
    supported = session.execute(
        select(Tie.id, Tie.support).where(
            Tie.owner_id == owner.id, cast(Tie.support, String) != "[]"
        )
    )
    support: dict[int, list[str]] = {row[0]: row[1] for row in supported}
    edges = []
    for tie_id, a, b, since, strength in session.execute(
        select(Tie.id, Tie.person_a_id, Tie.person_b_id, Tie.since, Tie.manual_strength).where(
            Tie.owner_id == owner.id
        )
    ):
        found = evidence.get(tie_id, [])
        edge: dict[str, Any] = {
            "evidence": "; ".join(sorted({kind for kind, _ in found})),
            "inferred": all(inferred for _, inferred in found),
            "n_evidence": len(found),
        }
        if since is not None:
            edge["since"] = since.isoformat()
        if strength is not None:
            edge["strength"] = strength
        if support.get(tie_id):
            edge["support"] = "; ".join(str(kind) for kind in support[tie_id])
        edges.append((a, b, edge))
    graph.add_edges_from(edges)
    return graph


def export_graphml(session: Session, owner: Account, path: Path) -> nx.Graph:
    """Write the network as GraphML (for Gephi, yEd, networkx)."""
    graph = network_graph(session, owner)
    nx.write_graphml(graph, path)
    return graph


def export_people_csv(session: Session, owner: Account, path: Path) -> int:
    """Write one CSV row per person (columns of :func:`salon.io.people_csv.write_people_csv`)."""
    return write_people_csv((person_dict(p) for p in list_people(session, owner)), path)
