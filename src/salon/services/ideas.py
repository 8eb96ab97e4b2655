"""Ideas with versions, and feedback on a version from a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import IDEA_STATUSES, STANCES, Account, Feedback, Idea, IdeaVersion, Person
from salon.errors import InputError, NotFoundError


def add_idea(
    session: Session,
    owner: Account,
    title: str,
    *,
    problem: str | None = None,
    domain: str | None = None,
    needs: Sequence[str] = (),
    text: str | None = None,
    created_on: dt.date | None = None,
    status: str = "open",
) -> Idea:
    """A new idea; ``text`` (or the problem) becomes version 1."""
    if not title.strip():
        raise InputError("an idea needs a title", field="title")
    when = created_on or dt.date.today()
    idea = Idea(
        owner_id=owner.id,
        title=title.strip(),
        problem=problem,
        domain=domain,
        needs=sorted({n.strip().lower() for n in needs if n.strip()}),
        status=status,
        created_on=when,
    )
    idea.versions = [IdeaVersion(number=1, text=text or problem or title, created_on=when)]
    session.add(idea)
    session.flush()
    return idea


def get_idea(session: Session, owner: Account, ref: int | str) -> Idea:
    query = (
        select(Idea)
        .where(Idea.owner_id == owner.id)
        .options(selectinload(Idea.versions).selectinload(IdeaVersion.feedback))
    )
    if isinstance(ref, int) or str(ref).isdigit():
        idea = session.scalar(query.where(Idea.id == int(ref)))
    else:
        idea = session.scalar(query.where(Idea.title == str(ref)))
    if idea is None:
        raise NotFoundError(f"no idea {ref!r}")
    return idea


def list_ideas(session: Session, owner: Account) -> list[Idea]:
    return list(
        session.scalars(
            select(Idea)
            .where(Idea.owner_id == owner.id)
            .options(selectinload(Idea.versions).selectinload(IdeaVersion.feedback))
            .order_by(Idea.id)
        )
    )


def set_idea_status(idea: Idea, status: str) -> str:
    """Move ``idea`` to ``status`` (one of :data:`IDEA_STATUSES`); returns the former status."""
    wanted = status.strip().lower()
    if wanted not in IDEA_STATUSES:
        raise InputError(
            f"unknown idea status {status!r}; expected one of {', '.join(IDEA_STATUSES)}",
            field="status",
        )
    former, idea.status = idea.status, wanted
    return former


def add_version(
    session: Session, idea: Idea, text: str, *, created_on: dt.date | None = None
) -> IdeaVersion:
    if not text.strip():
        raise InputError("a version needs text", field="text")
    version = IdeaVersion(
        number=len(idea.versions) + 1, text=text, created_on=created_on or dt.date.today()
    )
    idea.versions.append(version)
    session.flush()
    return version


def add_feedback(
    session: Session,
    idea: Idea,
    person: Person,
    text: str,
    *,
    stance: str = "neutral",
    version: int | None = None,
    given_on: dt.date | None = None,
) -> Feedback:
    """Feedback on a version (the newest by default) with a stance."""
    if stance not in STANCES:
        raise InputError(
            f"unknown stance {stance!r}; expected one of {', '.join(STANCES)}", field="stance"
        )
    number = version or len(idea.versions)
    matches = [v for v in idea.versions if v.number == number]
    if not matches:
        raise NotFoundError(f"idea {idea.title!r} has no version {number}")
    feedback = Feedback(
        person_id=person.id, text=text, stance=stance, given_on=given_on or dt.date.today()
    )
    matches[0].feedback.append(feedback)
    session.flush()
    return feedback
