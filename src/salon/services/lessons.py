"""The lessons library: success and failure stories learned from others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from salon.db.models import Account, Lesson, Person
from salon.errors import InputError


def add_lesson(
    session: Session,
    owner: Account,
    title: str,
    *,
    person: Person | None = None,
    context: str | None = None,
    what_happened: str | None = None,
    takeaway: str | None = None,
    kind: str = "success",
    domain: str | None = None,
    tags: Sequence[str] = (),
    learned_on: dt.date | None = None,
) -> Lesson:
    if not title.strip():
        raise InputError("a lesson needs a title", field="title")
    if kind not in ("success", "failure"):
        raise InputError(f"a lesson is a success or a failure, got {kind!r}", field="kind")
    lesson = Lesson(
        owner_id=owner.id,
        person_id=person.id if person else None,
        title=title.strip(),
        context=context,
        what_happened=what_happened,
        takeaway=takeaway,
        kind=kind,
        domain=domain,
        tags=sorted({t.strip().lower() for t in tags if t.strip()}),
        learned_on=learned_on,
    )
    session.add(lesson)
    session.flush()
    return lesson


def list_lessons(session: Session, owner: Account, *, search: str | None = None) -> list[Lesson]:
    """Lessons, optionally those whose text mentions ``search`` (plain substring)."""
    query = select(Lesson).where(Lesson.owner_id == owner.id)
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            or_(
                *(
                    func.lower(col).like(pattern)
                    for col in (Lesson.title, Lesson.context, Lesson.what_happened, Lesson.takeaway)
                )
            )
        )
    return list(session.scalars(query.order_by(Lesson.id)))
