"""``/suggest`` and ``/analogies``: whom to meet, introduce, ask, partner with, revive."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from salon.errors import InputError
from salon.services.conversations import prepare_brief, similar_experiences, support_map
from salon.services.ideas import idea_views
from salon.services.people import get_person
from salon.services.report import build_report
from salon.services.suggestions import (
    EMPTY_ANSWERS,
    suggest_introductions,
    suggest_meet,
    suggest_panel,
    suggest_partners,
)
from salon.web.context import owner_transaction, page

router = APIRouter(prefix="/suggest")

HowMany = Annotated[int, Query(ge=1, le=50, description="How many suggestions.")]


@router.get("/meet", response_class=HTMLResponse)
def meet_page(request: Request, k: HowMany = 5) -> HTMLResponse:
    # a transaction, not a read: suggest_meet keeps the network's snapshot in the store
    with owner_transaction(request) as (session, owner):
        picks = suggest_meet(session, owner, k=k)
    return page(
        request, "suggest_meet.html", {"picks": picks, "k": k, "empty": EMPTY_ANSWERS["meet"]}
    )


@router.get("/introduce", response_class=HTMLResponse)
def introduce_page(request: Request, k: HowMany = 5) -> HTMLResponse:
    with owner_transaction(request) as (session, owner):
        pairs = suggest_introductions(session, owner, k=k)
    context = {"pairs": pairs, "k": k, "empty": EMPTY_ANSWERS["introduce"]}
    return page(request, "suggest_introduce.html", context)


def _idea_choices(request: Request) -> list[tuple[int, str]]:
    with owner_transaction(request) as (session, owner):
        return [(i.id, i.title) for i in idea_views(session, owner)]


@router.get("/panel", response_class=HTMLResponse)
def panel_page(
    request: Request,
    idea_id: Annotated[int | None, Query(description="The idea to ask about.")] = None,
    k: HowMany = 3,
) -> HTMLResponse:
    """A feedback panel for an idea: relevant, spread over perspectives, one challenger."""
    picks = None
    if idea_id is not None:
        with owner_transaction(request) as (session, owner):
            picks = suggest_panel(session, owner, idea_id, k=k)
    return page(
        request,
        "suggest_panel.html",
        {"ideas": _idea_choices(request), "idea_id": idea_id, "picks": picks, "k": k},
    )


@router.get("/partners", response_class=HTMLResponse)
def partners_page(
    request: Request,
    idea_id: Annotated[int | None, Query(description="The idea that needs partners.")] = None,
    k: HowMany = 3,
) -> HTMLResponse:
    """A few partners whose expertise covers the idea's stated needs."""
    values: dict[str, Any] = {"ideas": _idea_choices(request), "idea_id": idea_id, "k": k}
    values |= {"partners": None, "uncovered": (), "uncoverable": (), "error": None}
    if idea_id is not None:
        try:
            with owner_transaction(request) as (session, owner):
                answer = suggest_partners(session, owner, idea_id, k=k)
        except InputError as exc:  # an idea without needs: say how to add them
            values["error"] = exc.message
        else:
            plan = answer.plan
            # each need with the field that covers it: "logistics (industry)"
            values["partners"] = [
                (
                    int(str(person)),
                    answer.names.get(int(str(person)), str(person)),
                    answer.covered(int(str(person))),
                )
                for person, _ in plan.partners
            ]
            values["uncovered"] = sorted(plan.uncovered - plan.uncoverable)
            values["uncoverable"] = sorted(plan.uncoverable)
    return page(request, "suggest_partners.html", values)


@router.get("/prepare", response_class=HTMLResponse)
def prepare_page(
    request: Request,
    person: Annotated[str, Query(description="Whom you are about to meet.")] = "",
) -> HTMLResponse:
    """A one-screen brief before a conversation: what they bring, what to ask."""
    brief = person_id = None
    if person.strip():
        with owner_transaction(request) as (session, owner):
            person_id = get_person(session, owner, person.strip()).id
            brief = prepare_brief(session, owner, person_id)
    return page(
        request,
        "suggest_prepare.html",
        {"person": person, "person_id": person_id, "brief": brief},
    )


Backend = Annotated[
    str,
    Query(
        description="Which embedder answers: auto, model or lexical.",
        pattern="^(auto|model|lexical)$",
    ),
]


@router.get("/lessons", response_class=HTMLResponse)
def similar_lessons_page(
    request: Request,
    problem: Annotated[str, Query(description="The problem, in your words.")] = "",
    backend: Backend = "auto",
) -> HTMLResponse:
    """Lessons and insights from people who have been through a similar problem."""
    found = None
    used = ""
    if problem.strip():
        # the semantic index is a cache kept in the store: a search may bring it up to date
        with owner_transaction(request) as (session, owner):
            used, found = similar_experiences(session, owner, problem, backend=backend)
    return page(
        request,
        "suggest_lessons.html",
        {"problem": problem, "found": found, "backend": used},
    )


@router.get("/support", response_class=HTMLResponse)
def support_page(request: Request) -> HTMLResponse:
    """Who gives you moral support, strategic advice and tangible resources; the gaps."""
    with owner_transaction(request) as (session, owner):
        found = support_map(session, owner)
    return page(request, "suggest_support.html", {"support": found})


@router.get("/reconnect", response_class=HTMLResponse)
def reconnect_page(request: Request) -> HTMLResponse:
    """Dormant ties worth reviving: once strong, silent for over a year."""
    with owner_transaction(request) as (session, owner):
        dormant = build_report(session, owner).dormant_ties
    return page(request, "suggest_reconnect.html", {"dormant": dormant})
