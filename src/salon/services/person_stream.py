"""People as plain data, streamed in name order by one query per table.

A listing or an export of 100,000 people reads each table once, in the
page's order, and merges the rows as they come (a merge join): no IN (...)
list per chunk (SQLAlchemy builds and binds one parameter per id, and the
database probes its index once per id), no ORM object, and memory that does
not grow with the number of people (the drivers stream: ``yield_per``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from sqlalchemy import Select, String, select, type_coerce
from sqlalchemy.orm import Session

from salon.db.models import InferredValue, Person, PersonAttribute, PersonEmail, PersonTag

__all__ = [
    "Runs",
    "StoredPerson",
    "iso_date",
    "json_list",
    "merged",
    "person_dicts_in_order",
    "person_records",
    "raw",
    "streamed",
]

# rows a driver hands over at a time: flat memory, few round trips
STREAM_CHUNK = 2_000

# the person fields given as they are, in the order of person_dicts
_TEXT_FIELDS = ("organization", "role", "url", "phone", "industry", "discipline", "bio")


def iso_date(value: str | dt.date | None) -> str | None:
    """A date as ``YYYY-MM-DD``, read raw (:func:`raw`): SQLite stores that text already.

    >>> iso_date("2024-03-01"), iso_date(dt.date(2024, 3, 1)), iso_date(None)
    ('2024-03-01', '2024-03-01', None)
    """
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


@functools.lru_cache(maxsize=1_024)
def _sorted_json(text: str) -> tuple[Any, ...]:
    # few distinct values (sets of a handful of words): parse each once
    return tuple(sorted(json.loads(text)))


def json_list(value: str | list[Any] | None) -> list[Any]:
    """A JSON list column read raw (text on SQLite, a list on PostgreSQL), sorted.

    >>> json_list('["moral", "advice"]'), json_list(["b", "a"]), json_list(None)
    (['advice', 'moral'], ['a', 'b'], [])
    """
    if value is None:
        return []
    if isinstance(value, str):
        return list(_sorted_json(value))
    return sorted(value)


def raw(column: Any) -> Any:
    """``column`` as the driver gives it, without SQLAlchemy's per-value conversion.

    Dates and JSON are parsed per value by SQLAlchemy on SQLite (a regular
    expression, ``json.loads``): :func:`iso_date` and :func:`json_list` take
    the stored text as it is, and the driver's own values on PostgreSQL.
    """
    return type_coerce(column, String).label(column.key)


def streamed(session: Session, query: Select[*tuple[Any, ...]]) -> Iterator[Any]:
    """``query``'s rows, fetched :data:`STREAM_CHUNK` at a time (server-side on PostgreSQL).

    Run on the session's connection, not by the session: column rows need
    none of the ORM's result machinery, which costs more than the reading.
    """
    return iter(session.connection().execute(query.execution_options(yield_per=STREAM_CHUNK)))


def merged(rows: Iterable[Any]) -> Iterator[tuple[Any, list[Any]]]:
    """Rows whose first column is a key, in key runs: ``(key, [rows of that key])``.

    >>> list(merged([(1, "a"), (1, "b"), (3, "c")]))
    [(1, [(1, 'a'), (1, 'b')]), (3, [(3, 'c')])]
    """
    run: list[Any] = []
    current: Any = None
    for row in rows:
        if run and row[0] != current:
            yield current, run
            run = []
        current = row[0]
        run.append(row)
    if run:
        yield current, run


class Runs:
    """A :func:`merged` stream read along a main stream in the same order.

    ``take(key)`` gives the rows of ``key`` if the stream is at it, else
    ``[]``.  Keys come in ascending order, or in the order of ``rank``
    (key -> position) when given.  Rows of a key the main stream has passed,
    or that ``rank`` does not know, are skipped: on PostgreSQL each query
    sees what was committed when it started, so a person added or removed
    during the read may be in one stream and not the other, and the streams
    must not lose step over it.

    >>> emails = Runs([(1, "a"), (2, "b"), (4, "c")])
    >>> emails.take(1), emails.take(3), emails.take(4)
    ([(1, 'a')], [], [(4, 'c')])
    >>> # in name order: 9 is unknown, 3 was removed from the main stream
    >>> tags = Runs([(9, "x"), (7, "y"), (3, "w"), (5, "z")], rank={7: 0, 3: 1, 5: 2})
    >>> tags.take(7), tags.take(5)
    ([(7, 'y')], [(5, 'z')])
    """

    def __init__(self, rows: Iterable[Any], rank: Mapping[Any, int] | None = None) -> None:
        self._runs = merged(rows)
        self._next = next(self._runs, None)
        self._rank = rank

    def take(self, key: Any) -> list[Any]:
        here = key if self._rank is None else self._rank[key]
        while self._next is not None:
            side = self._next[0]
            if side == key:
                rows: list[Any] = self._next[1]
                self._next = next(self._runs, None)
                return rows
            there = side if self._rank is None else self._rank.get(side)
            if there is not None and there > here:
                return []  # a later key's rows: this key has none
            self._next = next(self._runs, None)
        return []


class StoredPerson(NamedTuple):
    """One person's row and their rows in the side tables, as :func:`person_records` reads them."""

    id: int
    is_me: bool
    name: str
    text: tuple[str | None, ...]  # _TEXT_FIELDS' values, in that order
    connected_on: str | None
    emails: list[str]  # in their order, the first the main address
    attributes: dict[str, str]
    expertise: list[str]
    interests: list[str]
    tags: list[str]
    inferred: dict[str, dict[str, Any]]  # field -> confidence, method, source


def person_records(
    session: Session, page: Select[*tuple[Any, ...]], rank: Mapping[int, int] | None = None
) -> Iterator[StoredPerson]:
    """Each person of ``page``, with their emails, attributes, tags and inferred marks.

    ``page`` selects ``Person.id`` and ``Person.name_key`` (with any filter,
    offset and limit); the people come ordered by name key, then id, as
    :func:`salon.services.people.people_page` lists them.  ``rank`` (person
    id -> position in that order), when the caller has read it, saves a
    query; people it does not hold are left out.
    """
    chosen = page.subquery()
    order = (chosen.c.name_key, chosen.c.id)
    if rank is None:
        ids = session.scalars(select(chosen.c.id).order_by(*order))
        rank = {person_id: n for n, person_id in enumerate(ids)}

    def side(*columns: Any, then: tuple[Any, ...] = ()) -> Runs:
        query = select(*columns).join(chosen, chosen.c.id == columns[0]).order_by(*order, *then)
        return Runs(streamed(session, query), rank)

    emails = side(PersonEmail.person_id, PersonEmail.email, then=(PersonEmail.position,))
    attributes = side(
        PersonAttribute.person_id,
        PersonAttribute.key,
        PersonAttribute.value,
        then=(PersonAttribute.key,),
    )
    tags = side(PersonTag.person_id, PersonTag.kind, PersonTag.tag)
    inferred = side(
        InferredValue.person_id,
        InferredValue.field,
        InferredValue.confidence,
        InferredValue.method,
        InferredValue.source,
    )
    people = select(
        Person.id,
        Person.is_me,
        Person.name,
        *(getattr(Person, f) for f in _TEXT_FIELDS),
        raw(Person.connected_on),
    ).join(chosen, chosen.c.id == Person.id)
    last = 3 + len(_TEXT_FIELDS)
    for row in streamed(session, people.order_by(*order)):
        person_id = row[0]
        if person_id not in rank:
            continue  # added since the ranks were read (PostgreSQL: see Runs)
        tagged: dict[str, list[str]] = {"expertise": [], "interest": [], "tag": []}
        for _, kind, tag in tags.take(person_id):
            tagged[kind].append(tag)
        for values in tagged.values():
            values.sort()  # here, not by the database, whose collation may differ
        yield StoredPerson(
            person_id,
            bool(row[1]),
            row[2],
            tuple(row[3:last]),
            iso_date(row[last]),
            [mail for _, mail in emails.take(person_id)],
            {key: value for _, key, value in attributes.take(person_id)},
            tagged["expertise"],
            tagged["interest"],
            tagged["tag"],
            {
                name: {"confidence": confidence, "method": method, "source": source}
                for _, name, confidence, method, source in inferred.take(person_id)
            },
        )


def person_dicts_in_order(
    session: Session, page: Select[*tuple[Any, ...]]
) -> Iterator[tuple[dict[str, Any], bool]]:
    """Each person of ``page`` (see :func:`person_records`) as
    :func:`salon.services.people.person_dicts` gives them, and whether it is me."""
    for p in person_records(session, page):
        yield (
            {
                "id": p.id,
                "name": p.name,
                "email": p.emails[0] if p.emails else None,
                "emails": p.emails,
                **dict(zip(_TEXT_FIELDS, p.text, strict=True)),
                "industry_inferred": "industry" in p.inferred,
                "discipline_inferred": "discipline" in p.inferred,
                "connected_on": p.connected_on,
                "attributes": p.attributes,
                "expertise": p.expertise,
                "interests": p.interests,
                "tags": p.tags,
                "inferred": p.inferred,
            },
            p.is_me,
        )
