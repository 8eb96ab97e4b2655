"""A page of people at a time, filtered, as plain rows (the web's people list).

:func:`~salon.services.people.list_people` loads every match as an object with
its emails, attributes and tags; a store of 100,000 people needs a page of 50
rows and a count instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from salon.db.models import (
    Account,
    InferredValue,
    Person,
    PersonAttribute,
    PersonEmail,
    PersonTag,
)
from salon.errors import InputError
from salon.io.normalise import normalise_name

PAGE_SIZE = 50


@dataclass(frozen=True)
class PeopleFilter:
    """What the user narrowed the list to; empty strings mean "any"."""

    search: str = ""
    industry: str = ""
    tag: str = ""
    attribute: str = ""  # "key=value", e.g. "country=Peru"

    def attribute_pair(self) -> tuple[str, str] | None:
        """The attribute filter split into key and value; ``None`` when not given.

        Raises
        ------
        InputError
            The filter is not of the form ``key=value``.
        """
        text = self.attribute.strip()
        if not text:
            return None
        key, sep, value = text.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(
                f"an attribute filter is key=value (e.g. country=Peru), got {text!r}",
                field="attribute",
            )
        return key.strip(), value.strip()


@dataclass(frozen=True)
class PersonRow:
    """One line of the people list."""

    id: int
    name: str
    organization: str | None
    role: str | None
    industry: str | None
    discipline: str | None
    industry_inferred: bool  # salon inferred it (salon person enrich): shown as such
    discipline_inferred: bool


def _is_inferred(field: str) -> Any:
    """Whether the listed person's ``field`` is an inferred value (a column of the page)."""
    return (
        select(InferredValue.id)
        .where(InferredValue.person_id == Person.id, InferredValue.field == field)
        .exists()
    )


@dataclass(frozen=True)
class PeoplePage:
    """One page of the filtered list, with what the page links need."""

    rows: tuple[PersonRow, ...]
    n_total: int
    page: int
    n_pages: int
    industries: tuple[str, ...]


def _filtered(owner: Account, chosen: PeopleFilter) -> Select[Any]:
    """The ids of the owner's people (the user excluded) that pass ``chosen``."""
    query = select(Person.id).where(Person.owner_id == owner.id, Person.is_me.is_(False))
    search = chosen.search.strip()
    if search:
        pattern = f"%{search.lower()}%"
        emails = select(PersonEmail.person_id).where(
            PersonEmail.owner_id == owner.id, PersonEmail.email.like(pattern)
        )
        query = query.where(
            or_(
                Person.name_key.like(f"%{normalise_name(search)}%"),
                func.lower(Person.organization).like(pattern),
                Person.id.in_(emails),
            )
        )
    if chosen.industry.strip():
        query = query.where(func.lower(Person.industry) == chosen.industry.strip().lower())
    if chosen.tag.strip():
        tagged = select(PersonTag.person_id).where(
            func.lower(PersonTag.tag) == chosen.tag.strip().lower()
        )
        query = query.where(Person.id.in_(tagged))
    pair = chosen.attribute_pair()
    if pair is not None:
        having = select(PersonAttribute.person_id).where(
            func.lower(PersonAttribute.key) == pair[0].lower(),
            func.lower(PersonAttribute.value) == pair[1].lower(),
        )
        query = query.where(Person.id.in_(having))
    return query


def list_people_page(
    session: Session, owner: Account, chosen: PeopleFilter, *, page: int = 1
) -> PeoplePage:
    """Page ``page`` (from 1) of the owner's people passing ``chosen``, by name.

    A page past the last one is the last page (an empty list has one, empty, page).

    Raises
    ------
    InputError
        ``page`` is below 1, or the attribute filter is not ``key=value``.
    """
    if page < 1:
        raise InputError(f"page numbers start at 1, got {page}", field="page")
    ids = _filtered(owner, chosen)
    n_total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    n_pages = max(1, math.ceil(n_total / PAGE_SIZE))
    page = min(page, n_pages)
    rows = session.execute(
        select(
            Person.id,
            Person.name,
            Person.organization,
            Person.role,
            Person.industry,
            Person.discipline,
            _is_inferred("industry"),
            _is_inferred("discipline"),
        )
        .where(Person.id.in_(ids))
        .order_by(Person.name_key, Person.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    industries = session.scalars(
        select(Person.industry)
        .where(Person.owner_id == owner.id, Person.industry.is_not(None))
        .distinct()
        .order_by(Person.industry)
    )
    return PeoplePage(
        rows=tuple(PersonRow(*row) for row in rows),
        n_total=n_total,
        page=page,
        n_pages=n_pages,
        industries=tuple(name for name in industries if name),
    )


@dataclass(frozen=True)
class PersonChoice:
    """A person offered while typing a name (the quick log's search-as-you-type)."""

    id: int
    name: str
    organization: str | None


def people_matching(
    session: Session, owner: Account, typed: str, *, limit: int = 8
) -> list[PersonChoice]:
    """Up to ``limit`` people whose name, organisation or email contains ``typed``."""
    if not typed.strip():
        return []
    ids = _filtered(owner, PeopleFilter(search=typed))
    rows = session.execute(
        select(Person.id, Person.name, Person.organization)
        .where(Person.id.in_(ids))
        .order_by(Person.name_key, Person.id)
        .limit(limit)
    )
    return [PersonChoice(*row) for row in rows]
