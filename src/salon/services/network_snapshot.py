"""The network as arrays, kept in the store between calls and brought up to date.

Reading 100,000 people and 300,000 ties takes most of a `salon suggest meet`;
the answer changes only when the network does.  :func:`snapshot_arrays`
returns what :func:`~salon.services.network.network_arrays` would, from the
:class:`~salon.db.models.NetworkSnapshot` stored at the current
:class:`~salon.db.models.NetworkVersion` when there is one.  After a change
it rereads only the people the database triggers noted since the snapshot
(:class:`~salon.db.models.NetworkChange`) and their ties, and stores the
result; after a bulk change it reads everything again.

The version and the notes are kept by triggers (migrations 0003 and 0004) on
every table the arrays come from, so no write, however it is made, leaves a
stale snapshot current.  The version is read before the network, and a
snapshot is stored (dropping the notes up to its version) only if the version
has not moved by the time the store holds the write: a change committed while
the network was read is neither half in the snapshot nor left without a
note.  On PostgreSQL the version moves once per transaction, so a
transaction that has itself changed the network neither uses nor stores a
snapshot.

The payload is an ``.npz`` archive (no pickles): node ids, the CSR arrays,
and each column as integer codes into its distinct values (JSON), which
reads back many times faster than the values themselves as JSON.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Executable, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from salon.db.models import Account, NetworkChange, NetworkSnapshot, NetworkVersion, utcnow
from salon.db.store import is_busy, keeps_caches
from salon.recommend import CompactGraph
from salon.recommend.compact import object_array
from salon.services.network import network_arrays, network_rows
from salon.services.network_delta import apply_changes, unchanged_nodes

__all__ = [
    "SNAPSHOT_FORMAT",
    "changes_since_snapshot",
    "decode_snapshot",
    "encode_snapshot",
    "snapshot_arrays",
    "store_scores",
    "stored_scores",
]

#: Bumped whenever the payload's layout or network_arrays' meaning changes.
SNAPSHOT_FORMAT = 2

#: Up to this many changed people (or a tenth of the network, if more), a
#: snapshot is brought up to date from their rows; beyond, it is read again.
MIN_CHANGES_APPLIED = 1_000

log = logging.getLogger(__name__)


def encode_snapshot(graph: CompactGraph) -> bytes:
    """``graph`` (integer node ids) as an ``.npz`` archive."""
    distinct: list[list[Any]] = []
    codes: dict[str, NDArray[np.int32]] = {}
    for i, values in enumerate(graph.columns.values()):
        # dict.fromkeys and map run in C: three times quicker than a loop
        seen = list(dict.fromkeys(values))
        index = {value: code for code, value in enumerate(seen)}
        codes[f"codes_{i}"] = np.fromiter(
            map(index.__getitem__, values), dtype=np.int32, count=len(values)
        )
        distinct.append(seen)
    header = json.dumps({"fields": list(graph.columns), "distinct": distinct}, ensure_ascii=False)
    arrays: dict[str, Any] = {
        "format": np.array(SNAPSHOT_FORMAT),
        "nodes": np.asarray(graph.nodes, dtype=np.int64),
        "indptr": graph.indptr,
        "neighbour_rows": graph.neighbour_rows.astype(np.int32),
        "header": np.frombuffer(header.encode("utf-8"), dtype=np.uint8),
        **codes,
    }
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def decode_snapshot(payload: bytes) -> CompactGraph | None:
    """The graph :func:`encode_snapshot` stored; None if it is of another format."""
    with np.load(io.BytesIO(payload), allow_pickle=False) as archive:
        if "format" not in archive.files or int(archive["format"]) != SNAPSHOT_FORMAT:
            return None
        header = json.loads(archive["header"].tobytes().decode("utf-8"))
        columns = {
            field: object_array(distinct)[archive[f"codes_{i}"]]
            for i, (field, distinct) in enumerate(
                zip(header["fields"], header["distinct"], strict=True)
            )
        }
        return CompactGraph(
            archive["nodes"],
            archive["indptr"],
            archive["neighbour_rows"].astype(np.int64),
            columns,
        )


def snapshot_arrays(session: Session, owner: Account, fields: Collection[str]) -> CompactGraph:
    """:func:`~salon.services.network.network_arrays`, from the stored snapshot when current.

    The graph returned may hold more columns than ``fields`` (those stored
    before).  A snapshot that cannot be stored (another writer holds the
    database) is skipped, not an error: the next call stores it.  Scores
    stored beside an outdated snapshot are kept for the nodes whose columns
    did not change.
    """
    version = _usable_version(session, owner)
    if version is None:
        return network_arrays(session, owner, fields)
    wanted = set(fields)
    stored = session.execute(
        select(
            NetworkSnapshot.version,
            NetworkSnapshot.fields,
            NetworkSnapshot.payload,
            NetworkSnapshot.scores_key,
            NetworkSnapshot.scores,
        ).where(NetworkSnapshot.owner_id == owner.id)
    ).one_or_none()
    stored_fields: set[str] = set(json.loads(stored.fields)) if stored is not None else set()
    keep = sorted(wanted | stored_fields)
    before = None
    if stored is not None and wanted <= stored_fields:
        before = decode_snapshot(stored.payload)
    if before is not None and stored is not None and stored.version == version:
        return before
    caught_up = None
    if before is not None and stored is not None:
        caught_up = _caught_up(session, owner, before, stored.version, keep)
    graph, changed = caught_up or (network_arrays(session, owner, keep), None)
    scores_key, scores = None, None
    if before is not None and stored is not None and stored.scores is not None:
        scores_key = stored.scores_key
        scores = _carried(before, graph, changed, _scores(stored.scores))
    _store(session, owner, version, keep, graph, scores_key, scores)
    return graph


def changes_since_snapshot(session: Session, owner: Account) -> int | None:
    """How many people changed since the stored snapshot; None when there is none to catch up.

    A page catches a few changes up in memory about as fast as it reads a
    current snapshot, so a write path may leave a short lag for later.
    """
    since = session.scalar(
        select(NetworkSnapshot.version).where(NetworkSnapshot.owner_id == owner.id)
    )
    if since is None:
        return None
    return int(
        session.scalar(
            select(func.count()).where(
                NetworkChange.owner_id == owner.id, NetworkChange.version > since
            )
        )
        or 0
    )


def _caught_up(
    session: Session, owner: Account, before: CompactGraph, since: int, fields: Sequence[str]
) -> tuple[CompactGraph, list[int]] | None:
    """``before`` (the snapshot at version ``since``) brought up to date, and who changed.

    None when so many people changed that reading everything is quicker, or
    when the rows read do not fit the notes (a write committed in between).
    """
    changed = list(
        session.scalars(
            select(NetworkChange.person_id).where(
                NetworkChange.owner_id == owner.id, NetworkChange.version > since
            )
        )
    )
    if len(changed) > max(MIN_CHANGES_APPLIED, len(before) // 10):
        return None
    try:
        return apply_changes(
            before, changed, network_rows(session, owner, fields, changed)
        ), changed
    except ValueError as exc:
        log.info("network snapshot read again: %s", exc)
        return None


def _carried(
    before: CompactGraph,
    after: CompactGraph,
    changed: Collection[int] | None,
    scores: NDArray[np.float64],
) -> NDArray[np.float64] | None:
    """``scores`` (one per node of ``before``) for the nodes of ``after`` with unchanged fields.

    Other nodes get NaN: unknown, to be computed again by whoever stored them.
    ``changed``, when known, names every node whose fields may differ.
    """
    if scores.shape != (len(before),):
        return None
    same = unchanged_nodes(before, after, among=changed)
    carried = np.full(len(after), np.nan)
    old_ids = np.asarray(before.nodes, dtype=np.int64)
    positions = np.searchsorted(old_ids, np.asarray(after.nodes, dtype=np.int64)[same])
    carried[same] = scores[positions]
    return carried


def _scores(payload: bytes) -> NDArray[np.float64]:
    return np.frombuffer(payload, dtype="<f8").astype(np.float64)


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
    return _scores(row.scores)


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
    session: Session,
    owner: Account,
    version: int,
    fields: list[str],
    graph: CompactGraph,
    scores_key: str | None = None,
    scores: NDArray[np.float64] | None = None,
) -> None:
    """Keep ``graph`` as the snapshot at ``version``, and drop the notes it has caught up on."""
    values = {
        "owner_id": owner.id,
        "version": version,
        "fields": json.dumps(fields),
        "payload": encode_snapshot(graph),
        "created_at": utcnow(),
        "scores_key": scores_key if scores is not None else None,
        "scores": np.asarray(scores, dtype="<f8").tobytes() if scores is not None else None,
    }
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(NetworkSnapshot)
    upsert = insert.values(**values).on_conflict_do_update(
        index_elements=[NetworkSnapshot.owner_id],
        set_={key: value for key, value in values.items() if key != "owner_id"},
    )
    prune = delete(NetworkChange).where(
        NetworkChange.owner_id == owner.id, NetworkChange.version <= version
    )
    # Written only if the version is still the one the network was read at:
    # once this write holds SQLite's lock no other write can commit, so a
    # change committed while the network was read shows here (SQLite reads
    # outside a transaction, each statement seeing the latest commit), and
    # its notes, which it may not have moved past ``version``, stay.
    _write(session, upsert, prune, unless=lambda: _usable_version(session, owner) != version)


class _ChangedWhileReadError(Exception):
    """The network changed while it was read: the snapshot is not stored."""


def _write(
    session: Session, *statements: Executable, unless: Callable[[], bool] | None = None
) -> None:
    """Run ``statements`` in a savepoint; if the database is busy, give up at once.

    A snapshot only saves time, so waiting for another writer (SQLite waits
    up to its busy timeout, 5 s by default) would defeat its purpose.  If
    ``unless`` says so once they have run, they are rolled back.
    """
    if not keeps_caches(session):  # a read-only transaction: the answer is computed, not kept
        return
    sqlite_timeout = None
    if session.get_bind().dialect.name == "sqlite":
        sqlite_timeout = session.scalar(text("PRAGMA busy_timeout"))
        session.execute(text("PRAGMA busy_timeout = 0"))
    try:
        with session.begin_nested():
            for statement in statements:
                session.execute(statement)
            if unless is not None and unless():
                raise _ChangedWhileReadError
    except _ChangedWhileReadError:
        log.info("network snapshot not stored: the network changed while it was read")
    except DBAPIError as exc:
        if is_busy(exc):  # another connection is writing: expected, the next read retries
            log.info("network snapshot not stored: %s", exc.orig)
        else:  # a broken snapshot table would make every suggestion a full reread
            log.warning("network snapshot not stored: %s", exc.orig, exc_info=exc)
    finally:
        if sqlite_timeout is not None:
            session.execute(text(f"PRAGMA busy_timeout = {int(sqlite_timeout)}"))
