"""The network as arrays, kept in the store between calls while it does not change.

Reading 100,000 people and 300,000 ties takes most of a `salon suggest meet`;
the answer changes only when the network does.  :func:`snapshot_arrays`
returns what :func:`~salon.services.network.network_arrays` would, from the
:class:`~salon.db.models.NetworkSnapshot` stored at the current
:class:`~salon.db.models.NetworkVersion` when there is one, and otherwise
reads the network and stores it for the next call.

The version is kept by database triggers (migration 0003) on every table the
arrays come from, so no write, however it is made, leaves a stale snapshot
current.  The version is read before the network: a write committed in
between makes the snapshot older than its version says, never newer, so the
next call only rereads.  On PostgreSQL the version moves once per
transaction, so a transaction that has itself changed the network neither
uses nor stores a snapshot.

The payload is an ``.npz`` archive (no pickles): node ids, the CSR arrays,
and the columns as JSON.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Executable, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from salon.db.models import Account, NetworkSnapshot, NetworkVersion, utcnow
from salon.recommend import CompactGraph
from salon.services.network import network_arrays

__all__ = [
    "SNAPSHOT_FORMAT",
    "decode_snapshot",
    "encode_snapshot",
    "snapshot_arrays",
    "store_scores",
    "stored_scores",
]

#: Bumped whenever the payload's layout or network_arrays' meaning changes.
SNAPSHOT_FORMAT = 1

log = logging.getLogger(__name__)


def encode_snapshot(graph: CompactGraph) -> bytes:
    """``graph`` (integer node ids) as an ``.npz`` archive."""
    columns = json.dumps(graph.columns, ensure_ascii=False).encode("utf-8")
    buffer = io.BytesIO()
    np.savez(
        buffer,
        format=np.array(SNAPSHOT_FORMAT),
        nodes=np.asarray(graph.nodes, dtype=np.int64),
        indptr=graph.indptr,
        neighbour_rows=graph.neighbour_rows.astype(np.int32),
        columns=np.frombuffer(columns, dtype=np.uint8),
    )
    return buffer.getvalue()


def decode_snapshot(payload: bytes) -> CompactGraph | None:
    """The graph :func:`encode_snapshot` stored; None if it is of another format."""
    with np.load(io.BytesIO(payload), allow_pickle=False) as archive:
        if "format" not in archive.files or int(archive["format"]) != SNAPSHOT_FORMAT:
            return None
        return CompactGraph(
            archive["nodes"],
            archive["indptr"],
            archive["neighbour_rows"].astype(np.int64),
            json.loads(archive["columns"].tobytes().decode("utf-8")),
        )


def snapshot_arrays(session: Session, owner: Account, fields: Collection[str]) -> CompactGraph:
    """:func:`~salon.services.network.network_arrays`, from the stored snapshot when current.

    The graph returned may hold more columns than ``fields`` (those stored
    before).  A snapshot that cannot be stored (another writer holds the
    database) is skipped, not an error: the next call stores it.
    """
    version = _usable_version(session, owner)
    if version is None:
        return network_arrays(session, owner, fields)
    wanted = set(fields)
    stored = session.execute(
        select(NetworkSnapshot.version, NetworkSnapshot.fields, NetworkSnapshot.payload).where(
            NetworkSnapshot.owner_id == owner.id
        )
    ).one_or_none()
    stored_fields: set[str] = set(json.loads(stored.fields)) if stored is not None else set()
    if stored is not None and stored.version == version and wanted <= stored_fields:
        graph = decode_snapshot(stored.payload)
        if graph is not None:
            return graph
    keep = sorted(wanted | stored_fields)
    graph = network_arrays(session, owner, keep)
    _store(session, owner, version, keep, encode_snapshot(graph))
    return graph


def stored_scores(session: Session, owner: Account, key: str) -> NDArray[np.float64] | None:
    """The per-node scores stored under ``key`` beside the current snapshot, if any.

    One score per node of the graph :func:`snapshot_arrays` returns, in its
    order.  ``key`` names everything else the scores were computed from.
    """
    version = _usable_version(session, owner)
    if version is None:
        return None
    row = session.execute(
        select(NetworkSnapshot.version, NetworkSnapshot.scores_key, NetworkSnapshot.scores).where(
            NetworkSnapshot.owner_id == owner.id
        )
    ).one_or_none()
    if row is None or row.version != version or row.scores_key != key or row.scores is None:
        return None
    return np.frombuffer(row.scores, dtype="<f8").astype(np.float64)


def store_scores(session: Session, owner: Account, key: str, scores: NDArray[np.float64]) -> None:
    """Keep ``scores`` (one per node of the current snapshot) under ``key``.

    Nothing is stored without a current snapshot to stand beside.
    """
    version = _usable_version(session, owner)
    if version is None:
        return
    statement = (
        update(NetworkSnapshot)
        .where(NetworkSnapshot.owner_id == owner.id, NetworkSnapshot.version == version)
        .values(scores_key=key, scores=np.asarray(scores, dtype="<f8").tobytes())
    )
    _write(session, statement)


def _usable_version(session: Session, owner: Account) -> int | None:
    """The network's version; None when none is recorded or this transaction changed it."""
    session.flush()  # pending changes bump the version before it is read
    row = session.execute(
        select(NetworkVersion.version, NetworkVersion.bumped_in).where(
            NetworkVersion.owner_id == owner.id
        )
    ).one_or_none()
    if row is None:  # no change recorded yet: nothing to key a snapshot on
        return None
    version, bumped_in = row
    if bumped_in is not None and bumped_in == session.scalar(
        text("SELECT txid_current_if_assigned()")
    ):
        return None  # PostgreSQL, changed in this very transaction
    return int(version)


def _store(
    session: Session, owner: Account, version: int, fields: list[str], payload: bytes
) -> None:
    values = {
        "owner_id": owner.id,
        "version": version,
        "fields": json.dumps(fields),
        "payload": payload,
        "created_at": utcnow(),
        # scores of an earlier version are no longer current
        "scores_key": None,
        "scores": None,
    }
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(NetworkSnapshot)
    statement = insert.values(**values).on_conflict_do_update(
        index_elements=[NetworkSnapshot.owner_id],
        set_={key: value for key, value in values.items() if key != "owner_id"},
    )
    _write(session, statement)


def _write(session: Session, statement: Executable) -> None:
    """Run ``statement`` in a savepoint; if the database is busy, give up at once.

    A snapshot only saves time, so waiting for another writer (SQLite waits
    up to its busy timeout, 5 s by default) would defeat its purpose.
    """
    sqlite_timeout = None
    if session.get_bind().dialect.name == "sqlite":
        sqlite_timeout = session.scalar(text("PRAGMA busy_timeout"))
        session.execute(text("PRAGMA busy_timeout = 0"))
    try:
        with session.begin_nested():
            session.execute(statement)
    except DBAPIError as exc:  # e.g. SQLite busy: another connection is writing
        log.info("network snapshot not stored: %s", exc.orig)
    finally:
        if sqlite_timeout is not None:
            session.execute(text(f"PRAGMA busy_timeout = {int(sqlite_timeout)}"))
