"""The owner's network as a networkx graph or as arrays, and its GraphML and CSV exports.

:func:`network_graph` reads everything (node attributes, tie evidence) into
networkx: what the exports and the smaller analyses want.  :func:`network_arrays`
reads only the people's fields a caller names and the ties' two ends into a
:class:`~salon.recommend.CompactGraph`, with the same node values and the
same neighbour order, in a fraction of the time (`salon suggest meet` on
100,000 people).  Both list people by id and ties by their two ends, so
anything that depends on order agrees between them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    cast,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from salon.analytics.ties import ego_overlap
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
from salon.recommend import CompactGraph
from salon.services.people import people_page_dicts

BUILT_IN_FIELDS = ("name", "email", "organization", "role", "url", "industry", "discipline", "bio")
TAG_FIELDS = {"expertise": "expertise", "interest": "interests", "tag": "tags"}
PERSON_COLUMNS = ("name", "organization", "role", "url", "industry", "discipline", "bio")


def node_key(attribute_key: str) -> str:
    """The node attribute a background attribute is stored under.

    Background attributes keep their own names (country, generation...)
    unless one would shadow a built-in field: then ``attr_`` + its name.
    """
    shadowing = (
        attribute_key in BUILT_IN_FIELDS
        or attribute_key in TAG_FIELDS.values()
        or attribute_key == "is_me"
    )
    return f"attr_{attribute_key}" if shadowing else attribute_key


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
        )
        .where(Person.owner_id == owner.id)
        .order_by(Person.id)
    )
    for pid, is_me, *values in rows:
        data: dict[str, Any] = {"is_me": bool(is_me)}
        for key, value in zip(PERSON_COLUMNS, values, strict=True):
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
        graph.nodes[pid][node_key(key)] = value
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
        select(Tie.id, Tie.person_a_id, Tie.person_b_id, Tie.since, Tie.manual_strength)
        .where(Tie.owner_id == owner.id)
        .order_by(Tie.person_a_id, Tie.person_b_id)
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


class NetworkRows(NamedTuple):
    """People's fields and their ties' ends, as :func:`network_rows` reads them."""

    #: person ids, ascending
    ids: NDArray[np.int64]
    #: field -> one value per id (None where the person has none)
    columns: dict[str, list[Any]]
    #: (ties, 2): each tie's two ends by person id, ordered by (first, second)
    ends: NDArray[np.int64]


def network_arrays(session: Session, owner: Account, fields: Collection[str]) -> CompactGraph:
    """The network as a :class:`~salon.recommend.CompactGraph` whose columns are ``fields``.

    ``fields`` are node attribute names as in :func:`network_graph` (``name``,
    ``industry``, ``email``, ``is_me``, ``expertise``, ``country``, ``attr_role``...);
    each column holds the value :func:`network_graph` gives the node, None
    where it has none.  Nodes come in id order and each node's neighbours in
    the order :func:`network_graph` adds them (ascending ids, as ties are
    stored with their lower end first and read in order), so the recommender
    gives the same answers on both.
    """
    rows = network_rows(session, owner, fields)
    return CompactGraph.from_edges(rows.ids, rows.ends[:, 0], rows.ends[:, 1], rows.columns)


def network_rows(
    session: Session,
    owner: Account,
    fields: Collection[str],
    people: Collection[int] | None = None,
) -> NetworkRows:
    """The rows :func:`network_arrays` builds its graph from; only ``people``'s when given.

    With ``people``, the ids are those of them the owner still has, and the
    ties are every tie with an end among them.  Rows are read through the
    driver's cursor: building SQLAlchemy rows costs more than the queries on
    large networks.
    """
    only = sorted(people) if people is not None else None
    ids, values = people_columns(session, owner, fields, only)
    ends_of = select(Tie.person_a_id, Tie.person_b_id).where(Tie.owner_id == owner.id)
    if only is None:
        ties = _rows(session, ends_of.order_by(Tie.person_a_id, Tie.person_b_id))
    else:
        # two index searches, sorted below: with OR or ORDER BY (and no statistics)
        # SQLite scans all the owner's ties instead of searching person_b_id's index
        ties = _rows(session, ends_of.where(Tie.person_a_id.in_(only))) + _rows(
            session,
            ends_of.where(Tie.person_b_id.in_(only), Tie.person_a_id.not_in(only)).with_hint(
                Tie, "INDEXED BY ix_ties_person_b_id", dialect_name="sqlite"
            ),
        )
    ends = np.fromiter(itertools.chain.from_iterable(ties), dtype=np.int64, count=2 * len(ties))
    ends = ends.reshape(-1, 2)
    ends = ends[np.lexsort((ends[:, 1], ends[:, 0]))]
    return NetworkRows(np.asarray(ids, dtype=np.int64), values, ends)


def people_columns(
    session: Session,
    owner: Account,
    fields: Collection[str],
    people: Collection[int] | None = None,
) -> tuple[list[int], dict[str, list[Any]]]:
    """The owner's people's ids (ascending) and ``fields``, one value per id; only
    ``people``'s when given (those of them the owner still has).

    ``fields`` are node attribute names as in :func:`network_graph`; a value is
    None where the person has none.  Read through the driver's cursor.
    """
    session.flush()  # the cursor below bypasses the session's autoflush
    only = sorted(people) if people is not None else None
    wanted = set(fields)
    columns = [c for c in PERSON_COLUMNS if c in wanted]
    found = _rows(
        session,
        select(Person.id, Person.is_me, *(getattr(Person, c) for c in columns))
        .where(Person.owner_id == owner.id, *(() if only is None else (Person.id.in_(only),)))
        .order_by(Person.id),
    )
    ids = [row[0] for row in found]
    position = {pid: i for i, pid in enumerate(ids)}
    values: dict[str, list[Any]] = {c: [row[2 + j] for row in found] for j, c in enumerate(columns)}
    # the fields kept in other tables, of these people (all the owner's when not given)
    whose = (
        select(Person.id).where(Person.owner_id == owner.id).scalar_subquery()
        if only is None
        else ids
    )
    if "is_me" in wanted:
        values["is_me"] = [bool(row[1]) for row in found]
    if "email" in wanted:
        emails: list[Any] = [None] * len(ids)
        for pid, email in _rows(
            session,
            select(PersonEmail.person_id, PersonEmail.email)
            .where(PersonEmail.owner_id == owner.id, PersonEmail.person_id.in_(whose))
            .order_by(PersonEmail.person_id, PersonEmail.position.desc()),
        ):
            emails[position[pid]] = email  # the lowest position comes last: the primary one
        values["email"] = emails
    tag_kinds = [kind for kind, field in TAG_FIELDS.items() if field in wanted]
    if tag_kinds:
        tags: dict[tuple[int, str], list[str]] = {}
        for pid, kind, tag in _rows(
            session,
            select(PersonTag.person_id, PersonTag.kind, PersonTag.tag)
            .where(PersonTag.person_id.in_(whose), PersonTag.kind.in_(tag_kinds))
            .order_by(PersonTag.tag),
        ):
            tags.setdefault((pid, TAG_FIELDS[kind]), []).append(tag)
        for kind in tag_kinds:
            values[TAG_FIELDS[kind]] = [None] * len(ids)
        for (pid, field), tag_list in tags.items():
            values[field][position[pid]] = "; ".join(tag_list)
    keys = {
        key: field
        for field in wanted - values.keys()
        for key in (field.removeprefix("attr_"), field)
        if node_key(key) == field
    }
    if keys:
        for field in set(keys.values()):
            values[field] = [None] * len(ids)
        for pid, key, value in _rows(
            session,
            select(PersonAttribute.person_id, PersonAttribute.key, PersonAttribute.value).where(
                PersonAttribute.person_id.in_(whose), PersonAttribute.key.in_(sorted(keys))
            ),
        ):
            values[keys[key]][position[pid]] = value
    return ids, values


class EgoRows(NamedTuple):
    """One person's ego network as :func:`ego_rows` reads it: nothing beyond it."""

    #: the person's contacts by id, ascending
    contacts: NDArray[np.int64]
    #: since when the person knows each contact (None where unknown)
    since: list[dt.date | None]
    #: (ties, 2): the ties among the contacts, as positions in ``contacts``, sorted
    among: NDArray[np.int64]
    #: per tie in ``among``: True when no stated evidence backs it (inferred only)
    inferred: NDArray[np.bool_]
    #: per contact: its ties in the whole network, the one to the person included
    degree: NDArray[np.int64]


def ego_rows(session: Session, owner: Account, person_id: int) -> EgoRows:
    """``person_id``'s contacts, the ties among them and each contact's degree.

    What a report on one person needs of the network, read by column queries
    whose cost follows the person's contacts and their ties, never the whole
    store (DESIGN.md, "cost in proportion to the person").
    """
    session.flush()  # the cursors below bypass the session's autoflush
    mine = Tie.owner_id == owner.id
    ego_ties = list(
        session.execute(
            union_all(
                select(Tie.person_b_id, Tie.since).where(mine, Tie.person_a_id == person_id),
                select(Tie.person_a_id, Tie.since).where(
                    _owned_by_b(owner), Tie.person_b_id == person_id
                ),
            )
        )
    )
    ego_ties.sort(key=lambda row: int(row[0]))
    contacts = np.fromiter((row[0] for row in ego_ties), dtype=np.int64, count=len(ego_ties))
    since: list[dt.date | None] = [row[1] for row in ego_ties]
    contact_ids = _contact_ids(owner, person_id)
    stated = (
        select(TieEvidence.id)
        .where(TieEvidence.tie_id == Tie.id, TieEvidence.inferred.is_(False))
        .exists()
    )
    # the ties whose first end is a contact, the other end tested here: asked of the
    # database too, SQLite probes the (owner, a, b) index for every pair of contacts and
    # PostgreSQL, without statistics yet, compares every such tie with every contact
    from_contacts = _rows(
        session,
        select(Tie.person_a_id, Tie.person_b_id, stated).where(
            mine, Tie.person_a_id.in_(contact_ids)
        ),
    )
    ties = np.array(from_contacts, dtype=np.int64).reshape(-1, 3)
    ties = ties[np.isin(ties[:, 1], contacts)]
    ties = ties[np.lexsort((ties[:, 1], ties[:, 0]))]
    positions = np.searchsorted(contacts, ties[:, :2])
    inferred = ties[:, 2] == 0
    degree = np.zeros(contacts.size, dtype=np.int64)
    for end, owned in ((Tie.person_a_id, mine), (Tie.person_b_id, _owned_by_b(owner))):
        counted = _rows(
            session,
            select(end, func.count()).where(owned, end.in_(contact_ids)).group_by(end),
        )
        if counted:
            counts = np.array(counted, dtype=np.int64)
            degree[np.searchsorted(contacts, counts[:, 0])] += counts[:, 1]
    return EgoRows(contacts, since, positions.reshape(-1, 2), inferred, degree)


def ego_graph(rows: EgoRows, person_id: int) -> nx.Graph:
    """The ego network of :func:`ego_rows` as networkx: the person, then the contacts
    in id order; the person's ties, then the ties among the contacts in order."""
    graph = nx.Graph()
    graph.add_node(person_id)
    ids = rows.contacts.tolist()
    graph.add_edges_from((person_id, c) for c in ids)
    graph.add_edges_from((ids[a], ids[b]) for a, b in rows.among.tolist())
    return graph


def _owned_by_b(owner: Account) -> ColumnElement[bool]:
    """``ties.owner_id = owner`` written so that SQLite cannot use it to pick an index.

    Without statistics SQLite finds a person's ties as the second end by scanning
    all the owner's ties (the unique index leads with owner_id) rather than by
    ``ix_ties_person_b_id``; ``+ 0`` leaves it only the latter.  (A hint would
    do, but SQLAlchemy does not render hints inside a UNION.)
    """
    return (Tie.owner_id + 0) == owner.id


def _contact_ids(owner: Account, person_id: int) -> CompoundSelect[Any]:
    """The ids of ``person_id``'s contacts (a query, for ``IN``)."""
    mine = Tie.owner_id == owner.id
    return union_all(
        select(Tie.person_b_id).where(mine, Tie.person_a_id == person_id),
        select(Tie.person_a_id).where(_owned_by_b(owner), Tie.person_b_id == person_id),
    )


def tie_overlaps(
    session: Session, owner: Account, person_id: int, others: Collection[int]
) -> dict[int, float]:
    """Onnela's overlap of ``person_id``'s tie to each of ``others`` (0 where untied).

    The values :func:`~salon.analytics.ties.neighbourhood_overlap` gives those
    ties on the whole network, read from the person's contact ids and the
    ties of ``others`` alone: for a handful of people (``suggest reconnect``).
    """
    session.flush()
    contacts = set(session.scalars(_contact_ids(owner, person_id)))
    tied = sorted(set(others) & contacts)
    degree = dict.fromkeys(tied, 0)
    shared = dict.fromkeys(tied, 0)
    if tied:
        for a, b in session.execute(
            select(Tie.person_a_id, Tie.person_b_id).where(
                Tie.owner_id == owner.id,
                or_(Tie.person_a_id.in_(tied), Tie.person_b_id.in_(tied)),
            )
        ):
            for end, other in ((a, b), (b, a)):
                if end in degree:
                    degree[end] += 1
                    shared[end] += other in contacts
    values = ego_overlap(len(contacts), [shared[t] for t in tied], [degree[t] for t in tied])
    found = dict.fromkeys(others, 0.0)
    found.update(zip(tied, values.tolist(), strict=True))
    return found


def _rows(session: Session, statement: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Every row of ``statement`` as a plain tuple, straight from the driver's cursor.

    Only for statements whose bound values are plain numbers and strings
    (rendered inline, quoted by the dialect) and whose columns need no
    conversion beyond the driver's.
    """
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def export_people_csv(session: Session, owner: Account, path: Path, *, raw: bool = False) -> int:
    """Write one CSV row per person (columns of :func:`salon.io.people_csv.write_people_csv`).

    Written as the people are read (:func:`people_page_dicts`); cells a
    spreadsheet would run as formulas are quoted unless ``raw``.
    """
    return write_people_csv(people_page_dicts(session, owner), path, raw=raw)
