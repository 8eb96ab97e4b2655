"""The network as GraphML (for Gephi, yEd, NetworkX), written as it is read.

:func:`salon.services.network.network_graph` gives the same nodes and edges
as a NetworkX graph; NetworkX's writer would then build the whole XML tree
too.  Here people and ties are each read by one query per table in id order,
merged as the rows come (:mod:`salon.services.person_stream`) and written
by :func:`salon.io.graphml.write_graphml_stream`, so memory stays flat
however large the network.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
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
from salon.io.graphml import write_graphml_stream
from salon.services.network import PERSON_COLUMNS, TAG_FIELDS, node_key
from salon.services.person_stream import Runs, iso_date, merged, raw, streamed

__all__ = ["GraphmlCounts", "export_graphml"]

EDGE_KEYS: dict[str, type] = {
    "evidence": str,
    "inferred": bool,
    "n_evidence": int,
    "since": str,
    "strength": int,
    "support": str,
}


class GraphmlCounts(NamedTuple):
    """What :func:`export_graphml` wrote."""

    people: int
    ties: int


def export_graphml(session: Session, owner: Account, path: Path) -> GraphmlCounts:
    """Write ``owner``'s network as GraphML to ``path``: people as nodes, ties as edges.

    The nodes and edges carry what :func:`~salon.services.network.network_graph`
    gives them; NetworkX reads the file back as that graph.
    """
    mine = Person.owner_id == owner.id
    attribute_names = session.scalars(
        select(PersonAttribute.key)
        .join(Person, Person.id == PersonAttribute.person_id)
        .where(mine)
        .distinct()
        .order_by(PersonAttribute.key)
    ).all()
    node_keys: dict[str, type] = {"is_me": bool, **dict.fromkeys(PERSON_COLUMNS, str)}
    node_keys |= {"email": str, **dict.fromkeys(TAG_FIELDS.values(), str)}
    node_keys |= {node_key(name): str for name in attribute_names}
    with path.open("wb") as out:
        people, ties = write_graphml_stream(
            out,
            graph={"owner": owner.name},
            node_keys=node_keys,
            edge_keys=EDGE_KEYS,
            nodes=_nodes(session, owner, node_keys),
            edges=_edges(session, owner),
        )
    return GraphmlCounts(people, ties)


def _nodes(
    session: Session, owner: Account, node_keys: Mapping[str, type]
) -> Iterator[tuple[int, dict[str, Any]]]:
    mine = Person.owner_id == owner.id

    def side(*columns: Any, then: tuple[Any, ...] = ()) -> Runs:
        query = select(*columns).join(Person, Person.id == columns[0]).where(mine)
        return Runs(streamed(session, query.order_by(columns[0], *then)))

    emails = side(PersonEmail.person_id, PersonEmail.email, then=(PersonEmail.position,))
    # by tag within a person, as network_graph joins them
    tags = side(PersonTag.person_id, PersonTag.kind, PersonTag.tag, then=(PersonTag.tag,))
    attributes = side(
        PersonAttribute.person_id,
        PersonAttribute.key,
        PersonAttribute.value,
        then=(PersonAttribute.key,),
    )
    people = select(
        Person.id, Person.is_me, *(getattr(Person, column) for column in PERSON_COLUMNS)
    ).where(mine)
    for person_id, is_me, *values in streamed(session, people.order_by(Person.id)):
        data: dict[str, Any] = dict(zip(PERSON_COLUMNS, values, strict=True))
        data["is_me"] = bool(is_me)
        mails = emails.take(person_id)
        if mails:
            data["email"] = mails[0][1]  # the lowest position: the primary address
        tagged: dict[str, list[str]] = {}
        for _, kind, tag in tags.take(person_id):
            tagged.setdefault(TAG_FIELDS[kind], []).append(tag)
        for field, tag_list in tagged.items():
            data[field] = "; ".join(tag_list)
        for _, name, value in attributes.take(person_id):
            if (field := node_key(name)) in node_keys:  # not one added since (PostgreSQL)
                data[field] = value
        yield person_id, data


@functools.lru_cache(maxsize=1_024)
def _support(text: str) -> str | None:
    # few distinct values (sets of a handful of words): parse each once
    kinds = json.loads(text)
    return "; ".join(str(kind) for kind in kinds) if kinds else None


def _edges(session: Session, owner: Account) -> Iterator[tuple[int, int, dict[str, Any]]]:
    query = (
        select(
            Tie.id,
            Tie.person_a_id,
            Tie.person_b_id,
            raw(Tie.since),
            Tie.manual_strength,
            raw(Tie.support),
            TieEvidence.kind,
            TieEvidence.inferred,
        )
        .outerjoin(TieEvidence, TieEvidence.tie_id == Tie.id)
        .where(Tie.owner_id == owner.id)
        .order_by(Tie.person_a_id, Tie.person_b_id, Tie.id)
    )
    for _, rows in merged(streamed(session, query)):
        _, a, b, since, strength, support = rows[0][:6]
        found = [(kind, inferred) for *_, kind, inferred in rows if kind is not None]
        yield (
            a,
            b,
            {
                "evidence": "; ".join(sorted({kind for kind, _ in found})),
                "inferred": all(inferred for _, inferred in found),
                "n_evidence": len(found),
                "since": iso_date(since),
                "strength": strength,
                # text on SQLite, a list on PostgreSQL
                "support": _support(support)
                if isinstance(support, str)
                else ("; ".join(str(kind) for kind in support) if support else None),
            },
        )
