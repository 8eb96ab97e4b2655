"""Undoing a merge: what a merge changed is kept, and replayed backwards.

:func:`record_before` reads, before :func:`~salon.services.duplicates.merge_people`
changes anything, every row that names the merged-away person in a table
with a foreign key to people (emails, attributes, tags, inferred marks, ties,
participations, feedback, lessons, notes, memberships, attendance, seats,
encounters, event feedback, seating rules), the kept person's own emails,
attributes, tags and marks, the kept person's ties to the same contacts, and
the evidence of those ties.  :func:`record_after` notes
the rows the merge created.  :func:`unmerge` brings the merged-away person
back under their former id and puts every row back as it was: rows the merge
moved are moved back, rows it deleted are re-inserted, rows it created are
deleted, and the kept person's fields are restored where nobody has changed
them since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Date, DateTime, Table, and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from salon.db.models import Account, Base, Merge, Person, Tie, TieEvidence, utcnow
from salon.errors import InputError, NotFoundError
from salon.services.ties import forget_tie_cache

PEOPLE: Table = Person.__table__  # type: ignore[assignment]
EVIDENCE: Table = TieEvidence.__table__  # type: ignore[assignment]


def _referencing() -> Iterator[tuple[Table, list[str]]]:
    """Every table with a foreign key to people (bar merges), and those columns; parents first."""
    for table in Base.metadata.sorted_tables:
        if table.name in ("people", "merges"):
            continue
        columns = [
            c.name
            for c in table.columns
            if any(fk.column.table.name == "people" for fk in c.foreign_keys)
        ]
        if columns:
            yield table, columns


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A row as JSON values (dates as ISO text)."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row read back from :func:`_plain`, with dates as dates."""
    typed: dict[str, Any] = {}
    for key, value in row.items():
        kind = table.columns[key].type
        if isinstance(value, str) and isinstance(kind, DateTime):
            typed[key] = dt.datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(kind, Date):
            typed[key] = dt.date.fromisoformat(value)
        else:
            typed[key] = value
    return typed


#: a person's own small tables: the merge may add to the kept person's
_OWN = frozenset({"person_emails", "person_attributes", "person_tags", "inferred_values"})


def _rows(
    session: Session, keep_id: int, other_id: int | None, counterparts: list[int]
) -> dict[str, list[dict[str, Any]]]:
    """The rows a merge may change: every row naming ``other_id``, the kept
    person's own small tables, and the kept person's ties to ``counterparts``
    (the merged-away person's contacts), with the evidence of those ties.

    In proportion to the merged-away person, not to the kept one: the user's
    thousands of ties are not read to merge two of their contacts.
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    for table, columns in _referencing():
        named = [table.c[c] == other_id for c in columns] if other_id is not None else []
        if table.name in _OWN:
            named.append(table.c.person_id == keep_id)
        elif table.name == "ties":
            a, b = table.c.person_a_id, table.c.person_b_id
            named += [
                and_(a == keep_id, b.in_(counterparts)),
                and_(b == keep_id, a.in_(counterparts)),
            ]
        if not named:
            continue
        found = session.execute(select(table).where(or_(*named)).order_by(table.c.id))
        rows[table.name] = [_plain(dict(r)) for r in found.mappings()]
    tie_ids = [r["id"] for r in rows.get("ties", [])]
    evidence = session.execute(
        select(EVIDENCE).where(EVIDENCE.c.tie_id.in_(tie_ids)).order_by(EVIDENCE.c.id)
    )
    rows["tie_evidence"] = [_plain(dict(r)) for r in evidence.mappings()]
    return rows


def _person_row(session: Session, person_id: int) -> dict[str, Any]:
    row = session.execute(select(PEOPLE).where(PEOPLE.c.id == person_id)).mappings().one()
    return _plain(dict(row))


def record_before(session: Session, keep: Person, other: Person) -> dict[str, Any]:
    """The rows a merge of ``other`` into ``keep`` may change, as they are now."""
    session.flush()
    ties = session.execute(
        select(Tie.person_a_id, Tie.person_b_id).where(
            or_(Tie.person_a_id == other.id, Tie.person_b_id == other.id)
        )
    )
    counterparts = sorted({a if b == other.id else b for a, b in ties} - {keep.id})
    return {
        "keep": _person_row(session, keep.id),
        "other": _person_row(session, other.id),
        "counterparts": counterparts,
        "rows": _rows(session, keep.id, other.id, counterparts),
    }


def record_after(
    session: Session, owner: Account, before: dict[str, Any], keep: Person, other_name: str
) -> Merge:
    """Store the merge: ``before``, the kept person as merged, and the rows it created."""
    session.flush()
    after = _rows(session, keep.id, None, before["counterparts"])
    created = {
        table: sorted({r["id"] for r in rows} - {r["id"] for r in before["rows"].get(table, [])})
        for table, rows in after.items()
    }
    merge = Merge(
        owner_id=owner.id,
        kept_id=keep.id,
        merged_id=before["other"]["id"],
        merged_name=other_name,
        record={
            **before,
            "kept_after": _person_row(session, keep.id),
            "created": {t: ids for t, ids in created.items() if ids},
        },
    )
    session.add(merge)
    session.flush()
    return merge


def unmerge(session: Session, owner: Account, merge_id: int) -> tuple[Person, Person]:
    """Undo merge ``merge_id``: the merged-away person is back; (kept, restored)."""
    merge = session.get(Merge, merge_id)
    if merge is None or merge.owner_id != owner.id:
        raise NotFoundError(f"no merge with id {merge_id}; see salon person merges")
    if merge.undone_at is not None:
        raise InputError(f"merge {merge_id} was undone on {merge.undone_at:%Y-%m-%d}")
    record = merge.record
    other_id = int(record["other"]["id"])
    if session.get(Person, other_id) is not None:
        raise InputError(
            f"id {other_id}, {merge.merged_name}'s before the merge, now belongs to someone else"
        )
    session.flush()
    tables = dict(_referencing())
    # the rows the merge created go first (copied attributes and tags, appended evidence)
    for name, ids in record["created"].items():
        table = EVIDENCE if name == "tie_evidence" else _table(name)
        session.execute(delete(table).where(table.c.id.in_(ids)))
    # the kept person's fields as before, where nobody changed them since
    now = _person_row(session, merge.kept_id)
    restored = {
        k: v
        for k, v in record["keep"].items()
        if k != "url" and now.get(k) == record["kept_after"].get(k) and v != now.get(k)
    }
    if record["keep"]["url"] != now["url"] and now["url"] == record["kept_after"]["url"]:
        session.execute(update(PEOPLE).where(PEOPLE.c.id == merge.kept_id).values(url=None))
        restored["url"] = record["keep"]["url"]
    session.execute(insert(PEOPLE).values(**_typed(PEOPLE, record["other"])))
    if restored:
        session.execute(
            update(PEOPLE).where(PEOPLE.c.id == merge.kept_id).values(**_typed(PEOPLE, restored))
        )
    # rows that named the merged-away person come back as they were; the kept
    # person's own rows only where the merge changed them (ties, attributes)
    theirs = {
        t.name: {r["id"] for r in record["rows"].get(t.name, []) if other_id in _ids(r, cols)}
        for t, cols in tables.items()
    }
    for table in (*tables, EVIDENCE):
        for row in record["rows"].get(table.name, []):
            mine = (
                row["tie_id"] in theirs["ties"]
                if table is EVIDENCE
                else row["id"] in theirs[table.name]
            )
            _put_back(session, table, _typed(table, row), may_insert=mine)
    session.info.get("salon_me", {}).pop(owner.id, None)
    merge.undone_at = utcnow()
    session.flush()
    session.expire_all()
    forget_tie_cache(session)
    kept = session.get(Person, merge.kept_id)
    back = session.get(Person, other_id)
    assert kept is not None
    assert back is not None
    return kept, back


def _ids(row: dict[str, Any], columns: list[str]) -> set[int]:
    return {row[c] for c in columns if row.get(c) is not None}


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _put_back(session: Session, table: Table, row: dict[str, Any], *, may_insert: bool) -> None:
    """The row as it was: updated in place if it is there, inserted if the merge deleted it.

    Only the merged-away person's rows are re-inserted: a row of the kept
    person's that is gone was deleted since, by someone who meant it.
    """
    exists = session.execute(select(table.c.id).where(table.c.id == row["id"])).first()
    if exists is None:
        if may_insert:
            session.execute(insert(table).values(**row))
    else:
        values = {k: v for k, v in row.items() if k != "id"}
        session.execute(update(table).where(table.c.id == row["id"]).values(**values))


def list_merges(session: Session, owner: Account) -> list[Merge]:
    """The owner's merges, newest first."""
    return list(
        session.scalars(select(Merge).where(Merge.owner_id == owner.id).order_by(Merge.id.desc()))
    )
