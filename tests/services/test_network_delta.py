"""A snapshot brought up to date from the people noted as changed equals a full reread."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from tests.services.builders import build_rich_network

from salon.db.models import (
    Account,
    NetworkChange,
    Person,
    PersonAttribute,
    PersonEmail,
    PersonTag,
    Tie,
)
from salon.db.store import Store
from salon.recommend import CompactGraph
from salon.services import network_snapshot
from salon.services.accounts import owner_account
from salon.services.duplicates import merge_people
from salon.services.network import NetworkRows, network_arrays
from salon.services.network_delta import apply_changes, unchanged_nodes
from salon.services.network_snapshot import snapshot_arrays
from salon.services.people import PersonFields, add_person, remove_person
from salon.services.ties import ensure_tie

FIELDS = ["name", "industry", "country", "expertise", "email", "is_me"]
INDUSTRIES = ["law", "biotech", "energy", "retail", None]


def _same(a: CompactGraph, b: CompactGraph) -> bool:
    return (
        a.nodes == b.nodes
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.neighbour_rows, b.neighbour_rows)
        and a.columns == b.columns
    )


def _graph(ids: list[int], edges: list[tuple[int, int]], industry: dict[int, str]) -> CompactGraph:
    ends = sorted((min(e), max(e)) for e in edges)
    return CompactGraph.from_edges(
        ids,
        [a for a, _ in ends],
        [b for _, b in ends],
        {"industry": [industry.get(i) for i in ids]},
    )


@pytest.mark.parametrize("seed", range(20))
def test_applying_changes_gives_the_graph_built_from_scratch(seed: int) -> None:
    rng = random.Random(seed)
    ids = sorted(rng.sample(range(1, 200), 40))
    edges = {tuple(sorted(rng.sample(ids, 2))) for _ in range(80)}
    industry = {i: rng.choice(INDUSTRIES) for i in ids}
    before = _graph(ids, list(edges), industry)
    # some people change, some leave, some arrive; ties among them are redrawn
    changed = set(rng.sample(ids, rng.randint(0, 8)))
    leaving = {i for i in changed if rng.random() < 0.3}
    arriving = set(rng.sample(sorted(set(range(1, 260)) - set(ids)), rng.randint(0, 4)))
    changed |= arriving
    now = sorted((set(ids) - leaving) | arriving)
    for i in changed:
        industry[i] = rng.choice(INDUSTRIES)
    edges = {e for e in edges if not set(e) & changed}
    for i in changed - leaving:
        for _ in range(rng.randint(0, 4)):
            j = rng.choice(now)
            if j != i:
                edges.add((min(i, j), max(i, j)))
    after = _graph(now, list(edges), industry)
    fresh_ids = sorted(changed - leaving)
    touching = sorted(e for e in edges if set(e) & changed)
    fresh = NetworkRows(
        np.asarray(fresh_ids, dtype=np.int64),
        {"industry": [industry[i] for i in fresh_ids]},
        np.asarray(touching, dtype=np.int64).reshape(-1, 2),
    )
    applied = apply_changes(before, changed, fresh)
    assert _same(applied, after)
    same = unchanged_nodes(before, applied)
    expected = [i in set(ids) and before.value(i, "industry") == industry[i] for i in now]
    assert same.tolist() == expected
    assert unchanged_nodes(before, applied, among=changed).tolist() == expected


def test_a_fresh_tie_to_an_unknown_person_is_refused() -> None:
    before = _graph([1, 2, 3], [(1, 2)], {})
    fresh = NetworkRows(np.asarray([3]), {"industry": [None]}, np.asarray([[3, 9]]))
    with pytest.raises(ValueError, match="person 9"):
        apply_changes(before, [3], fresh)


def _random_change(session: Session, owner: Account, rng: random.Random) -> None:
    people = list(session.scalars(select(Person).where(Person.owner_id == owner.id)))
    others = [p for p in people if not p.is_me]
    a, b = rng.sample(people, 2)
    kind = rng.choice(
        ["add", "remove", "tie", "untie", "industry", "tag", "attribute", "merge", "email"]
    )
    if kind == "add":
        add_person(
            session,
            owner,
            PersonFields(name=f"New {rng.random():.6f}", industry=rng.choice(INDUSTRIES)),
        )
    elif kind == "remove" and len(others) > 4:
        remove_person(session, owner, rng.choice(others).id)
    elif kind == "tie":
        ensure_tie(session, owner, a, b, evidence="stated")
    elif kind == "untie":
        tie = session.scalars(select(Tie).where(Tie.owner_id == owner.id)).first()
        if tie is not None:
            session.delete(tie)
    elif kind == "industry":
        a.industry = rng.choice(INDUSTRIES)
    elif kind == "tag":
        session.add(PersonTag(person_id=a.id, kind="expertise", tag=f"t{rng.random():.9f}"))
        session.flush()
    elif kind == "attribute":
        session.execute(delete(PersonAttribute).where(PersonAttribute.person_id == a.id))
        session.add(PersonAttribute(person_id=a.id, key="country", value=rng.choice("ABC")))
    elif kind == "merge" and len(others) > 4:
        keep, other = rng.sample(others, 2)
        merge_people(session, owner, keep.id, other.id, prefer="keep")
    elif kind == "email" and rng.random() < 0.5:
        session.execute(delete(PersonEmail).where(PersonEmail.person_id == a.id))
    elif kind == "email":
        email = f"x{rng.random():.9f}@example.org"
        position = rng.randint(-1, 1)
        session.add(PersonEmail(owner_id=owner.id, person_id=a.id, email=email, position=position))


def _forbid_full_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> CompactGraph:
        raise AssertionError("the snapshot was read again in full")

    monkeypatch.setattr(network_snapshot, "network_arrays", refuse)


@pytest.mark.parametrize("seed", range(3))
def test_random_writes_are_caught_up_from_the_notes_alone(
    store: Store, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.transaction() as session:
        snapshot_arrays(session, owner_account(session, "me"), FIELDS)
    for _ in range(12):
        with store.transaction() as session:
            owner = owner_account(session, "me")
            for _ in range(rng.randint(1, 3)):
                _random_change(session, owner, rng)
        with monkeypatch.context() as patched:
            _forbid_full_reads(patched)
            with store.transaction() as session:
                caught_up = snapshot_arrays(session, owner_account(session, "me"), FIELDS)
        with store.reading() as session:
            fresh = network_arrays(session, owner_account(session, "me"), FIELDS)
        assert _same(caught_up, fresh)
    with store.reading() as session:  # the notes caught up on are dropped
        assert session.scalar(select(NetworkChange).limit(1)) is None


def test_many_changes_read_the_network_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.transaction() as session:
        snapshot_arrays(session, owner_account(session, "me"), FIELDS)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        for i in range(3):
            add_person(session, owner, PersonFields(name=f"Bulk {i}"))
    calls: list[object] = []
    full_read: Callable[..., CompactGraph] = network_snapshot.network_arrays
    monkeypatch.setattr(network_snapshot, "MIN_CHANGES_APPLIED", 2)
    monkeypatch.setattr(
        network_snapshot, "network_arrays", lambda *a: calls.append(a) or full_read(*a)
    )
    with store.transaction() as session:
        graph = snapshot_arrays(session, owner_account(session, "me"), FIELDS)
    assert len(calls) == 1
    with store.reading() as session:
        assert _same(graph, network_arrays(session, owner_account(session, "me"), FIELDS))


def test_a_change_committed_while_the_network_is_read_is_not_lost(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot is not stored over a change it may have missed, nor its note dropped."""
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.transaction() as session:
        snapshot_arrays(session, owner_account(session, "me"), FIELDS)

    def set_industry(value: str) -> None:
        with store.transaction() as session:
            owner = owner_account(session, "me")
            person = session.scalars(
                select(Person).where(Person.owner_id == owner.id, Person.name == "Rajesh Patel")
            ).one()
            person.industry = value

    set_industry("retail")  # noted: the next call rereads Rajesh
    read_rows = network_snapshot.network_rows

    def rows_then_another_write(*args: object) -> object:
        rows = read_rows(*args)  # type: ignore[arg-type]
        set_industry("mining")  # committed by another connection after the read
        return rows

    with monkeypatch.context() as patched:
        patched.setattr(network_snapshot, "network_rows", rows_then_another_write)
        # as the suggest commands read: a read transaction, which on SQLite does
        # not hold the write lock, so another connection can commit meanwhile
        with store.transaction(write=False) as session:
            snapshot_arrays(session, owner_account(session, "me"), FIELDS)
    with store.transaction() as session:
        graph = snapshot_arrays(session, owner_account(session, "me"), FIELDS)
    with store.reading() as session:
        fresh = network_arrays(session, owner_account(session, "me"), FIELDS)
    assert "mining" in graph.columns["industry"]
    assert _same(graph, fresh)
