"""Ideas with versions, and feedback on a version from a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import IDEA_STATUSES as IDEA_STATUSES  # the web's status choices
from salon.db.models import STANCES as STANCES  # the web's feedback choices
from salon.db.models import (
    Account,
    Feedback,
    Idea,
    IdeaVersion,
    Person,
    fits_id,
)
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
        number = int(ref)
        idea = session.scalar(query.where(Idea.id == number)) if fits_id(number) else None
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


def set_idea_status(session: Session, owner: Account, ref: int | str, status: str) -> str:
    """Move the idea ``ref`` names to ``status`` (one of :data:`IDEA_STATUSES`).

    Returns the former status.

    Raises
    ------
    InputError
        An unknown status.
    NotFoundError
        No such idea in the owner's network.
    """
    wanted = status.strip().lower()
    if wanted not in IDEA_STATUSES:
        raise InputError(
            f"unknown idea status {status!r}; expected one of {', '.join(IDEA_STATUSES)}",
            field="status",
        )
    idea = get_idea(session, owner, ref)
    former, idea.status = idea.status, wanted
    session.flush()
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


@dataclass(frozen=True)
class FeedbackLine:
    person_id: int
    person_name: str
    stance: str
    text: str
    given_on: dt.date


@dataclass(frozen=True)
class VersionView:
    number: int
    text: str
    created_on: dt.date
    feedback: tuple[FeedbackLine, ...]


@dataclass(frozen=True)
class IdeaView:
    """An idea with its versions and the feedback on each, as plain data."""

    id: int
    title: str
    problem: str | None
    domain: str | None
    status: str
    needs: tuple[str, ...]
    created_on: dt.date
    versions: tuple[VersionView, ...]

    @property
    def n_feedback(self) -> int:
        return sum(len(v.feedback) for v in self.versions)


def idea_views(session: Session, owner: Account, ref: int | str | None = None) -> list[IdeaView]:
    """Every idea of the owner's (or only ``ref``'s) with versions and feedback.

    Raises
    ------
    NotFoundError
        ``ref`` names no idea of the owner's.
    """
    ideas = [get_idea(session, owner, ref)] if ref is not None else list_ideas(session, owner)
    ids = {f.person_id for i in ideas for v in i.versions for f in v.feedback}
    names: dict[int, str] = dict(
        session.execute(
            select(Person.id, Person.name).where(Person.owner_id == owner.id, Person.id.in_(ids))
        ).all()
    )
    return [
        IdeaView(
            id=i.id,
            title=i.title,
            problem=i.problem,
            domain=i.domain,
            status=i.status,
            needs=tuple(i.needs),
            created_on=i.created_on,
            versions=tuple(
                VersionView(
                    v.number,
                    v.text,
                    v.created_on,
                    tuple(
                        FeedbackLine(
                            f.person_id, names.get(f.person_id, "?"), f.stance, f.text, f.given_on
                        )
                        for f in v.feedback
                    ),
                )
                for v in i.versions
            ),
        )
        for i in ideas
    ]
