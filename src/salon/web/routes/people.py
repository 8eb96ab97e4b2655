"""``/people``: the list (paged, searchable, filtered), one person's history, add/edit/remove."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from salon.errors import InputError, SalonError
from salon.services.duplicates import duplicate_views, merge_people, merge_preview
from salon.services.enrichment import (
    INFERABLE_FIELDS,
    accept_inferred,
    correct_value,
    pending_inferences,
)
from salon.services.people import (
    MAX_SEARCH_LENGTH,
    PersonFields,
    add_person,
    get_person,
    person_dict,
    remove_person,
    update_person,
    web_address,
)
from salon.services.people_listing import PeopleFilter, list_people_page, people_matching
from salon.services.person_history import person_history
from salon.web.context import owner_transaction, page
from salon.web.forms import form_date, form_items, problem

router = APIRouter()


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request,
    q: Annotated[
        str,
        Query(description="Part of a name, organisation or email.", max_length=MAX_SEARCH_LENGTH),
    ] = "",
    industry: Annotated[str, Query(description="Only this industry.")] = "",
    tag: Annotated[str, Query(description="Only people with this tag or expertise.")] = "",
    attribute: Annotated[str, Query(description="Only people with key=value.")] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, description="Page, from 1.")] = 1,
    removed: Annotated[str, Query(description="Who was just removed: say so.")] = "",
) -> HTMLResponse:
    """Fifty people a page, by name, narrowed by search and filters."""
    chosen = PeopleFilter(search=q, industry=industry, tag=tag, attribute=attribute)
    error = None
    with owner_transaction(request) as (session, owner):
        try:
            found = list_people_page(session, owner, chosen, page=page_number)
        except InputError as exc:  # a malformed attribute filter: say so beside the form
            error = exc.message
            found = list_people_page(session, owner, PeopleFilter(q, industry, tag), page=1)
    return page(
        request,
        "people.html",
        {
            "found": found,
            "chosen": chosen,
            "error": error,
            "removed": removed,
            "page_links": _page_links(chosen, found.page, found.n_pages),
        },
        status_code=422 if error else 200,
    )


def _page_links(chosen: PeopleFilter, current: int, n_pages: int) -> list[tuple[int, str]]:
    """(page, query string) for the first, last and nearby pages, the filters kept."""
    wanted = sorted({1, n_pages, *range(max(1, current - 2), min(n_pages, current + 2) + 1)})
    given = {
        key: value
        for key, value in (
            ("q", chosen.search),
            ("industry", chosen.industry),
            ("tag", chosen.tag),
            ("attribute", chosen.attribute),
        )
        if value
    }
    return [(n, urlencode({**given, "page": n})) for n in wanted]


@router.get("/people/choices", response_class=HTMLResponse)
def people_choices(
    request: Request, person: Annotated[str, Query(description="What was typed so far.")] = ""
) -> HTMLResponse:
    """The people whose name starts to match, as a fragment (the quick log's search)."""
    with owner_transaction(request) as (session, owner):
        choices = people_matching(session, owner, person)
    return page(request, "people_choices.html", {"choices": choices, "typed": person.strip()})


class PersonForm(BaseModel):
    """The person form as typed: lists are comma-separated, attributes one key=value a line."""

    name: str = ""
    emails: str = ""
    organization: str = ""
    role: str = ""
    url: str = ""
    phone: str = ""
    industry: str = ""
    discipline: str = ""
    connected_on: str = ""
    expertise: str = ""
    interests: str = ""
    tags: str = ""
    attributes: str = ""
    bio: str = ""


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(
                f"line {number} is not key=value (e.g. country=Peru): {line.strip()!r}",
                field="attributes",
            )
        found[key.strip()] = value.strip()
    return found


def person_fields(form: PersonForm) -> PersonFields:
    """The form's text as :class:`PersonFields`.

    Raises
    ------
    InputError
        A malformed date, profile URL or attribute line, naming the field.
    """
    if not form.name.strip():
        raise InputError("a person needs a name", field="name")
    return PersonFields(
        name=form.name,
        emails=form_items(form.emails),
        organization=form.organization,
        role=form.role,
        url=web_address(form.url),
        phone=form.phone,
        industry=form.industry,
        discipline=form.discipline,
        bio=form.bio,
        connected_on=form_date(form.connected_on, "connected_on"),
        attributes=_attributes(form.attributes),
        expertise=form_items(form.expertise),
        interests=form_items(form.interests),
        tags=form_items(form.tags),
    )


def _form_of(person: dict[str, Any]) -> PersonForm:
    """A stored person as the edit form shows them."""
    return PersonForm(
        name=person["name"],
        emails=", ".join(person["emails"]),
        organization=person["organization"] or "",
        role=person["role"] or "",
        url=person["url"] or "",
        phone=person["phone"] or "",
        industry=person["industry"] or "",
        discipline=person["discipline"] or "",
        connected_on=person["connected_on"] or "",
        expertise=", ".join(person["expertise"]),
        interests=", ".join(person["interests"]),
        tags=", ".join(person["tags"]),
        attributes="\n".join(f"{k}={v}" for k, v in sorted(person["attributes"].items())),
        bio=person["bio"] or "",
    )


def _form_page(
    request: Request,
    form: PersonForm,
    *,
    person_id: int | None,
    error: SalonError | None = None,
) -> HTMLResponse:
    return page(
        request,
        "person_form.html",
        {"form": form, "person_id": person_id, **problem(error)},
        status_code=422 if error else 200,
    )


@router.get("/people/new", response_class=HTMLResponse)
def new_person_form(request: Request) -> HTMLResponse:
    return _form_page(request, PersonForm(), person_id=None)


@router.post("/people/new", response_model=None)
def add_person_page(
    request: Request, form: Annotated[PersonForm, Form()]
) -> RedirectResponse | HTMLResponse:
    """Store a new person; a refused form comes back with the problem beside its field."""
    try:
        fields = person_fields(form)
        with owner_transaction(request) as (session, owner):
            person_id = add_person(session, owner, fields).id
    except SalonError as exc:
        return _form_page(request, form, person_id=None, error=exc)
    path = request.app.url_path_for("person_page", person_id=person_id)
    return RedirectResponse(f"{path}?saved=1", status_code=303)


@router.get("/people/{person_id:int}", response_class=HTMLResponse)
def person_page(
    request: Request,
    person_id: int,
    saved: Annotated[bool, Query(description="Just saved: say so.")] = False,
    logged: Annotated[bool, Query(description="A conversation was just logged: say so.")] = False,
) -> HTMLResponse:
    """The person's details and everything recorded with them."""
    with owner_transaction(request) as (session, owner):
        history = person_history(session, owner, person_id)
    return page(request, "person.html", {"history": history, "saved": saved, "logged": logged})


@router.get("/people/{person_id:int}/edit", response_class=HTMLResponse)
def edit_person_form(request: Request, person_id: int) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        person = person_dict(get_person(session, owner, person_id))
    return _form_page(request, _form_of(person), person_id=person_id)


@router.post("/people/{person_id:int}/edit", response_model=None)
def edit_person(
    request: Request, person_id: int, form: Annotated[PersonForm, Form()]
) -> RedirectResponse | HTMLResponse:
    """Replace the person's details with the form's; nothing is saved on a refusal."""
    with owner_transaction(request) as (session, owner):
        get_person(session, owner, person_id)  # an unknown person is the 404 page
    try:
        fields = person_fields(form)
        with owner_transaction(request) as (session, owner):
            update_person(session, owner, person_id, fields)
    except SalonError as exc:
        return _form_page(request, form, person_id=person_id, error=exc)
    path = request.app.url_path_for("person_page", person_id=person_id)
    return RedirectResponse(f"{path}?saved=1", status_code=303)


@router.get("/people/{person_id:int}/remove", response_class=HTMLResponse)
def remove_person_form(request: Request, person_id: int) -> HTMLResponse:
    """Ask before removing: what goes with the person."""
    with owner_transaction(request) as (session, owner):
        history = person_history(session, owner, person_id)
    return page(request, "person_remove.html", {"history": history})


@router.post("/people/{person_id:int}/remove", response_model=None)
def remove_person_page(request: Request, person_id: int) -> RedirectResponse:
    with owner_transaction(request) as (session, owner):
        name = remove_person(session, owner, person_id).name
    path = request.app.url_path_for("people_page")
    return RedirectResponse(f"{path}?{urlencode({'removed': name})}", status_code=303)


@router.get("/people/duplicates", response_class=HTMLResponse)
def duplicates_page(request: Request) -> HTMLResponse:
    """People who look like one real person, each pair with a link to its merge preview."""
    with owner_transaction(request) as (session, owner):
        groups = duplicate_views(session, owner)
    return page(request, "duplicates.html", {"groups": groups})


@router.get("/people/merge", response_model=None)
def merge_preview_page(
    request: Request,
    keep: Annotated[int | None, Query(description="The person who stays.")] = None,
    other: Annotated[int | None, Query(description="The duplicate merged into them.")] = None,
) -> HTMLResponse | RedirectResponse:
    """What the merge keeps, field by field, before anything is written.

    Without both people, the duplicates to choose from.
    """
    if keep is None or other is None:
        return RedirectResponse(request.app.url_path_for("duplicates_page"), status_code=303)
    with owner_transaction(request) as (session, owner):
        preview = merge_preview(session, owner, keep, other)
    return page(request, "merge.html", {"preview": preview})


@router.post("/people/merge", response_model=None)
def merge_page(
    request: Request, keep: Annotated[int, Form()], other: Annotated[int, Form()]
) -> RedirectResponse:
    with owner_transaction(request) as (session, owner):
        # a conflict keeps the kept person's value, the other's set aside (the preview says so)
        kept = merge_people(session, owner, keep, other, prefer="keep").id
    path = request.app.url_path_for("person_page", person_id=kept)
    return RedirectResponse(f"{path}?saved=1", status_code=303)


@router.get("/people/inferred", response_class=HTMLResponse)
def inferred_page(request: Request) -> HTMLResponse:
    """The industries and disciplines salon inferred, to confirm or correct one by one or all."""
    with owner_transaction(request) as (session, owner):
        rows = pending_inferences(session, owner)
    return page(request, "inferred.html", {"rows": rows, "fields": INFERABLE_FIELDS})


@router.post("/people/inferred/accept", response_model=None)
def accept_inferred_values(
    request: Request, person_id: Annotated[int | None, Form()] = None
) -> RedirectResponse:
    """Confirm one person's inferred values (or, without a person, everyone's)."""
    with owner_transaction(request) as (session, owner):
        accept_inferred(session, owner, person_id)
    return RedirectResponse(request.app.url_path_for("inferred_page"), status_code=303)


@router.post("/people/inferred/correct", response_model=None)
def correct_inferred_value(
    request: Request,
    person_id: Annotated[int, Form()],
    field: Annotated[str, Form()],
    value: Annotated[str, Form()],
) -> RedirectResponse:
    """Replace an inferred value with the one a person types (stated from then on)."""
    with owner_transaction(request) as (session, owner):
        correct_value(session, owner, person_id, field, value)
    return RedirectResponse(request.app.url_path_for("inferred_page"), status_code=303)
