"""The stored network snapshot: current while the network is unchanged, never stale after."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable

import numpy as np
import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from tests.services.builders import build_rich_network

from salon.db.models import (
    Account,
    NetworkSnapshot,
    Person,
    PersonAttribute,
    PersonEmail,
    PersonTag,
)
from salon.db.store import Store
from salon.recommend import CompactGraph
from salon.services import network_snapshot
from salon.services.accounts import owner_account
from salon.services.network import network_arrays
from salon.services.network_snapshot import (
    decode_snapshot,
    encode_snapshot,
    snapshot_arrays,
    store_scores,
    stored_scores,
)
from salon.services.people import PersonFields, add_person, list_people, remove_person
from salon.services.ties import ensure_tie

FIELDS = ["name", "industry", "country", "expertise", "email", "organization"]


def _same(a: CompactGraph, b: CompactGraph) -> bool:
    return (
        a.nodes == b.nodes
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.neighbour_rows, b.neighbour_rows)
        and all(a.columns[f] == b.columns[f] for f in FIELDS)
    )


def _snapshot(store: Store) -> tuple[CompactGraph, CompactGraph]:
    """(snapshot_arrays, network_arrays) in one committed transaction."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        return snapshot_arrays(session, owner, FIELDS), network_arrays(session, owner, FIELDS)


def _stored_version(store: Store) -> int | None:
    with store.reading() as session:
        return session.scalar(select(NetworkSnapshot.version))


def test_a_snapshot_reads_back_as_the_same_graph(store: Store) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.reading() as session:
        graph = network_arrays(session, owner_account(session, "me"), FIELDS)
    decoded = decode_snapshot(encode_snapshot(graph))
    assert decoded is not None
    assert _same(decoded, graph)
    assert decoded.columns == graph.columns


def test_the_second_call_reads_the_stored_snapshot(store: Store) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    first, fresh = _snapshot(store)
    assert _same(first, fresh)
    version = _stored_version(store)
    assert version is not None
    second, fresh = _snapshot(store)
    assert _same(second, fresh)
    assert _stored_version(store) == version, "an unchanged network is not stored again"


def _person(session: Session, owner: Account, name: str) -> Person:
    return next(p for p in list_people(session, owner) if p.name == name)


CHANGES: dict[str, Callable[[Session, Account], object]] = {
    "a new person": lambda s, o: add_person(s, o, PersonFields(name="Zoe", industry="energy")),
    "a new tie": lambda s, o: ensure_tie(
        s, o, _person(s, o, "Ana López"), _person(s, o, "Emily O'Brien"), evidence="stated"
    ),
    "a changed industry": lambda s, o: setattr(_person(s, o, "Rajesh Patel"), "industry", "retail"),
    "a changed attribute": lambda s, o: s.execute(
        PersonAttribute.__table__.update()
        .where(PersonAttribute.key == "country")
        .values(value="Chile")
    ),
    "a new tag": lambda s, o: s.add(
        PersonTag(person_id=_person(s, o, "Rajesh Patel").id, kind="expertise", tag="zymurgy")
    ),
    "a new primary email": lambda s, o: s.add(
        PersonEmail(
            owner_id=o.id, person_id=_person(s, o, "Rajesh Patel").id, email="r@x.org", position=-1
        )
    ),
    "a removed person": lambda s, o: remove_person(s, o, "Ana López"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_after_any_change_the_snapshot_is_read_again(store: Store, change: str) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    before, _ = _snapshot(store)
    with store.transaction() as session:
        CHANGES[change](session, owner_account(session, "me"))
    after, fresh = _snapshot(store)
    assert _same(after, fresh)
    assert not _same(after, before)


def test_changes_earlier_in_the_same_transaction_are_seen(store: Store) -> None:
    """PostgreSQL moves the version once per transaction: later changes must still show."""
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.transaction() as session:
        owner = owner_account(session, "me")
        snapshot_arrays(session, owner, FIELDS)
        for name in ("Zoe", "Yan", "Xia"):
            add_person(session, owner, PersonFields(name=name, industry="energy"))
            graph = snapshot_arrays(session, owner, FIELDS)
            assert name in graph.columns["name"]
            assert _same(graph, network_arrays(session, owner, FIELDS))
    after, fresh = _snapshot(store)
    assert _same(after, fresh)
    assert {"Zoe", "Yan", "Xia"} <= set(after.columns["name"])


def test_a_snapshot_of_another_format_is_read_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with monkeypatch.context() as patched:
        patched.setattr(network_snapshot, "SNAPSHOT_FORMAT", 0)
        _snapshot(store)
    with store.reading() as session:
        assert decode_snapshot(session.scalars(select(NetworkSnapshot.payload)).one()) is None
    graph, fresh = _snapshot(store)
    assert _same(graph, fresh)
    with store.reading() as session:
        assert decode_snapshot(session.scalars(select(NetworkSnapshot.payload)).one()) is not None


def test_scores_are_kept_beside_the_snapshot_for_the_nodes_whose_fields_are_unchanged(
    store: Store,
) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    graph, _ = _snapshot(store)
    scores = np.linspace(0.0, 1.0, len(graph))
    scores[0] = np.nan
    with store.transaction() as session:
        owner = owner_account(session, "me")
        assert stored_scores(session, owner, "relevance to A") is None
        store_scores(session, owner, "relevance to A", scores)
    with store.reading() as session:
        owner = owner_account(session, "me")
        kept = stored_scores(session, owner, "relevance to A")
        assert kept is not None
        np.testing.assert_array_equal(kept, scores)
        assert stored_scores(session, owner, "relevance to B") is None
    by_name = dict(zip(graph.columns["name"], scores.tolist(), strict=True))
    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_person(session, owner, PersonFields(name="Zoe"))
        _person(session, owner, "Rajesh Patel").industry = "retail"
        ensure_tie(  # a new tie changes no field: both keep their scores
            session,
            owner,
            _person(session, owner, "Ana López"),
            _person(session, owner, "Emily O'Brien"),
            evidence="stated",
        )
    with store.transaction() as session:
        owner = owner_account(session, "me")
        assert stored_scores(session, owner, "relevance to A") is None, "not current yet"
        after = snapshot_arrays(session, owner, FIELDS)
        carried = stored_scores(session, owner, "relevance to A")
        assert carried is not None
        assert stored_scores(session, owner, "relevance to B") is None
    expected = [
        np.nan if name in ("Zoe", "Rajesh Patel") else by_name[name]
        for name in after.columns["name"]
    ]
    np.testing.assert_array_equal(carried, expected)


def test_a_busy_database_skips_storing_instead_of_waiting(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single writer lock; PostgreSQL writers do not block this")
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    writer = sqlite3.connect(store.engine.url.database or "", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with store.reading() as session:
            owner = owner_account(session, "me")
            start = time.perf_counter()
            graph = snapshot_arrays(session, owner, FIELDS)
            assert time.perf_counter() - start < 2.0
            assert _same(graph, network_arrays(session, owner, FIELDS))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _stored_version(store) is None
    _snapshot(store)
    assert _stored_version(store) is not None


def test_a_broken_snapshot_table_is_logged_as_a_warning_not_swallowed(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
        # a table that refuses every snapshot, as a damaged or hand-edited one might
        if session.get_bind().dialect.name == "sqlite":
            session.execute(
                text(
                    "CREATE TRIGGER broken BEFORE INSERT ON network_snapshots "
                    "BEGIN SELECT RAISE(ABORT, 'network_snapshots is broken'); END"
                )
            )
        else:
            session.execute(
                text(
                    "ALTER TABLE network_snapshots "
                    "ADD CONSTRAINT network_snapshots_is_broken CHECK (version < 0)"
                )
            )
    with caplog.at_level(logging.INFO, logger="salon"):
        graph, fresh = _snapshot(store)
    assert _same(graph, fresh)  # the suggestion still gets its network, read in full
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "network snapshot not stored" in warnings[0].getMessage()
    assert "network_snapshots_is_broken" in warnings[0].getMessage().replace(" ", "_")
