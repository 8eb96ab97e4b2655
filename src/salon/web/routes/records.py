"""Capture beyond conversations: who knows whom, ideas and their feedback, lessons, notes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from salon.errors import InputError, SalonError
from salon.services.accounts import me
from salon.services.ideas import (
    IDEA_STATUSES,
    STANCES,
    add_feedback,
    add_idea,
    add_version,
    get_idea,
    idea_views,
    set_idea_status,
)
from salon.services.lessons import add_lesson, list_lessons
from salon.services.notes import add_note, list_notes
from salon.services.people import Person, get_person
from salon.services.storage import Account
from salon.services.ties import SUPPORT_TYPES, state_tie
from salon.web.context import owner_transaction, page
from salon.web.forms import form_date, form_items, problem

router = APIRouter()


def _person(session: Session, owner: Account, ref: str, field: str) -> Person:
    """The person typed in ``field``; an unknown or ambiguous name is that field's problem."""
    if not ref.strip():
        raise InputError("name someone (a name, an email or an id)", field=field)
    try:
        return get_person(session, owner, ref.strip())
    except SalonError as exc:
        raise InputError(str(exc), field=field) from None


def _back(request: Request, name: str, **params: Any) -> RedirectResponse:
    return RedirectResponse(request.app.url_path_for(name, **params) + "?saved=1", status_code=303)


class TieForm(BaseModel):
    first: str = ""
    second: str = ""
    introduced_by: str = ""
    since: str = ""
    how_met: str = ""
    support: list[str] = []
    strength: str = ""


def _tie_page(request: Request, form: TieForm, error: SalonError | None = None) -> HTMLResponse:
    return page(
        request,
        "tie_form.html",
        {"form": form, "support_types": SUPPORT_TYPES, **problem(error)},
        status_code=422 if error else 200,
    )


@router.get("/ties/new", response_class=HTMLResponse)
def tie_form(
    request: Request, first: Annotated[str, Query(description="One of the two.")] = ""
) -> HTMLResponse:
    """Who knows whom: two people (you, if the second is left blank) and how."""
    return _tie_page(request, TieForm(first=first))


@router.post("/ties/new", response_model=None)
def add_tie(request: Request, form: Annotated[TieForm, Form()]) -> RedirectResponse | HTMLResponse:
    try:
        with owner_transaction(request) as (session, owner):
            a = _person(session, owner, form.first, "first")
            b = _person(session, owner, form.second, "second") if form.second.strip() else None
            introducer = (
                _person(session, owner, form.introduced_by, "introduced_by")
                if form.introduced_by.strip()
                else None
            )
            strength = None
            if form.strength.strip():
                if not form.strength.strip().isdigit():
                    raise InputError(f"strength is 1 to 5, got {form.strength!r}", field="strength")
                strength = int(form.strength)
            state_tie(
                session,
                owner,
                a,
                b or me(session, owner),
                source_ref="web",
                introduced_by=introducer,
                since=form_date(form.since, "since"),
                how_met=form.how_met.strip() or None,
                support=form.support,
                strength=strength,
            )
            person_id = a.id
    except SalonError as exc:
        return _tie_page(request, form, exc)
    return _back(request, "person_page", person_id=person_id)


class LessonForm(BaseModel):
    title: str = ""
    person: str = ""
    kind: str = "success"
    context: str = ""
    what_happened: str = ""
    takeaway: str = ""
    domain: str = ""
    tags: str = ""
    learned_on: str = ""


def _lessons_page(
    request: Request,
    form: LessonForm,
    *,
    search: str = "",
    saved: bool = False,
    error: SalonError | None = None,
) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        lessons = [
            {
                "title": lesson.title,
                "kind": lesson.kind,
                "takeaway": lesson.takeaway,
                "context": lesson.context,
                "domain": lesson.domain,
                "tags": list(lesson.tags),
                "person_id": lesson.person_id,
            }
            for lesson in reversed(list_lessons(session, owner, search=search.strip() or None))
        ]
    return page(
        request,
        "lessons.html",
        {"lessons": lessons, "form": form, "search": search, "saved": saved, **problem(error)},
        status_code=422 if error else 200,
    )


@router.get("/lessons", response_class=HTMLResponse)
def lessons_page(
    request: Request,
    q: Annotated[str, Query(description="Words in a lesson.")] = "",
    person: Annotated[str, Query(description="Learned from (prefills the form).")] = "",
    saved: Annotated[bool, Query(description="Just kept: say so.")] = False,
) -> HTMLResponse:
    """The lessons library, searchable, with a form to keep a new one."""
    return _lessons_page(request, LessonForm(person=person), search=q, saved=saved)


@router.post("/lessons", response_model=None)
def add_lesson_page(
    request: Request, form: Annotated[LessonForm, Form()]
) -> RedirectResponse | HTMLResponse:
    try:
        with owner_transaction(request) as (session, owner):
            add_lesson(
                session,
                owner,
                form.title,
                person=_person(session, owner, form.person, "person")
                if form.person.strip()
                else None,
                context=form.context.strip() or None,
                what_happened=form.what_happened.strip() or None,
                takeaway=form.takeaway.strip() or None,
                kind=form.kind,
                domain=form.domain.strip() or None,
                tags=form_items(form.tags),
                learned_on=form_date(form.learned_on, "learned_on"),
            )
    except SalonError as exc:
        return _lessons_page(request, form, error=exc)
    return _back(request, "lessons_page")


class NoteForm(BaseModel):
    text: str = ""
    person: str = ""
    domain: str = ""


def _notes_page(
    request: Request, form: NoteForm, *, saved: bool = False, error: SalonError | None = None
) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        notes = list_notes(session, owner)
    return page(
        request,
        "notes.html",
        {"notes": notes, "form": form, "saved": saved, **problem(error)},
        status_code=422 if error else 200,
    )


@router.get("/notes", response_class=HTMLResponse)
def notes_page(
    request: Request,
    person: Annotated[str, Query(description="Who shared it (prefills the form).")] = "",
    saved: Annotated[bool, Query(description="Just kept: say so.")] = False,
) -> HTMLResponse:
    """Notes people shared, and a form to keep one."""
    return _notes_page(request, NoteForm(person=person), saved=saved)


@router.post("/notes", response_model=None)
def add_note_page(
    request: Request, form: Annotated[NoteForm, Form()]
) -> RedirectResponse | HTMLResponse:
    try:
        with owner_transaction(request) as (session, owner):
            person = _person(session, owner, form.person, "person") if form.person.strip() else None
            add_note(session, owner, form.text, person=person, domain=form.domain)
    except SalonError as exc:
        return _notes_page(request, form, error=exc)
    return _back(request, "notes_page")


class IdeaForm(BaseModel):
    title: str = ""
    problem: str = ""
    domain: str = ""
    needs: str = ""
    text: str = ""


def _ideas_page(
    request: Request, form: IdeaForm, *, saved: bool = False, error: SalonError | None = None
) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        ideas = idea_views(session, owner)
    return page(
        request,
        "ideas.html",
        {"ideas": ideas, "form": form, "saved": saved, **problem(error)},
        status_code=422 if error else 200,
    )


@router.get("/ideas", response_class=HTMLResponse)
def ideas_page(
    request: Request, saved: Annotated[bool, Query(description="Just kept: say so.")] = False
) -> HTMLResponse:
    """The user's ideas, their status and feedback counts, and a form for a new one."""
    return _ideas_page(request, IdeaForm(), saved=saved)


@router.post("/ideas", response_model=None)
def add_idea_page(
    request: Request, form: Annotated[IdeaForm, Form()]
) -> RedirectResponse | HTMLResponse:
    try:
        with owner_transaction(request) as (session, owner):
            idea_id = add_idea(
                session,
                owner,
                form.title,
                problem=form.problem.strip() or None,
                domain=form.domain.strip() or None,
                needs=form_items(form.needs),
                text=form.text.strip() or None,
            ).id
    except SalonError as exc:
        return _ideas_page(request, form, error=exc)
    return _back(request, "idea_page", idea_id=idea_id)


class IdeaChange(BaseModel):
    """One of the idea page's forms: a new version, feedback, or a status."""

    action: str = ""
    text: str = ""
    person: str = ""
    stance: str = "neutral"
    status: str = ""


def _idea_page(
    request: Request,
    idea_id: int,
    form: IdeaChange,
    *,
    saved: bool = False,
    error: SalonError | None = None,
) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        idea = idea_views(session, owner, idea_id)[0]
    return page(
        request,
        "idea.html",
        {
            "idea": idea,
            "form": form,
            "stances": STANCES,
            "statuses": IDEA_STATUSES,
            "saved": saved,
            **problem(error),
        },
        status_code=422 if error else 200,
    )


@router.get("/ideas/{idea_id:int}", response_class=HTMLResponse)
def idea_page(
    request: Request,
    idea_id: int,
    saved: Annotated[bool, Query(description="Just kept: say so.")] = False,
) -> HTMLResponse:
    """An idea's versions with the feedback on each; forms for the next step."""
    return _idea_page(request, idea_id, IdeaChange(), saved=saved)


@router.post("/ideas/{idea_id:int}", response_model=None)
def change_idea(
    request: Request, idea_id: int, form: Annotated[IdeaChange, Form()]
) -> RedirectResponse | HTMLResponse:
    with owner_transaction(request) as (session, owner):
        get_idea(session, owner, idea_id)  # an unknown idea is the 404 page
    try:
        with owner_transaction(request) as (session, owner):
            idea = get_idea(session, owner, idea_id)
            if form.action == "version":
                add_version(session, idea, form.text)
            elif form.action == "feedback":
                person = _person(session, owner, form.person, "person")
                if not form.text.strip():
                    raise InputError("feedback needs text", field="text")
                add_feedback(session, idea, person, form.text.strip(), stance=form.stance)
            elif form.action == "status":
                set_idea_status(session, owner, idea_id, form.status)
            else:
                raise InputError(f"unknown action {form.action!r}", field="action")
    except SalonError as exc:
        return _idea_page(request, idea_id, form, error=exc)
    return _back(request, "idea_page", idea_id=idea_id)
