"""``/api``: salon as JSON, for scripts and other apps (documented at ``/docs``).

Every route but ``POST /api/token`` takes ``Authorization: Bearer <token>``
(checked app-wide by :func:`salon.web.auth.require_sign_in`) and acts on the
token's account only, through the same services as the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from salon.errors import TooManyAttemptsError
from salon.services.importing import import_upload
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.people import PersonFields, add_person, get_person, list_people, person_dict
from salon.services.report import PERIODS, build_report
from salon.services.suggestions import suggest_meet
from salon.web.context import OwnerSession
from salon.web.routes.signin import check_password

# declares the bearer scheme in the OpenAPI schema (so /docs can authorize);
# the check itself is require_sign_in's, app-wide
bearer = OAuth2PasswordBearer(tokenUrl="/api/token", auto_error=False)
router = APIRouter(prefix="/api", tags=["api"])
signed_in = APIRouter(dependencies=[Depends(bearer)])


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")


class PersonIn(BaseModel):
    name: str = Field(min_length=1, max_length=300, examples=["Ana López"])
    email: str | None = Field(default=None, examples=["ana@biolab.org"])
    organization: str | None = None
    role: str | None = None
    url: str | None = Field(default=None, description="A profile URL (http or https).")
    industry: str | None = None
    discipline: str | None = None
    bio: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict, examples=[{"country": "ES"}])
    expertise: list[str] = Field(default_factory=list)
    interests: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)


class PersonOut(BaseModel):
    id: int
    name: str
    email: str | None
    emails: list[str]
    organization: str | None
    role: str | None
    url: str | None
    phone: str | None
    industry: str | None
    discipline: str | None
    bio: str | None
    connected_on: str | None
    attributes: dict[str, str]
    expertise: list[str]
    interests: list[str]
    tags: list[str]


class ImportCounts(BaseModel):
    created: int
    updated: int
    unchanged: int
    skipped: int


class InteractionIn(BaseModel):
    people: list[int | str] = Field(
        min_length=1, description="Ids, emails or names of the people talked with."
    )
    purpose: list[str] = Field(default_factory=list, examples=[["learn"]])
    depth: int = Field(default=3, ge=1, le=5)
    challenged: bool = Field(default=False, description="Did it challenge your thinking?")
    insight: str | None = Field(default=None, description="One thing learned.")
    occurred_on: dt.date | None = Field(default=None, description="Default: today.")
    channel: str | None = None
    outcomes: list[str] = Field(default_factory=list)


class InteractionOut(BaseModel):
    id: int
    occurred_on: dt.date
    people: list[int]
    purpose: list[str]
    depth: int
    challenged: bool
    insights: list[str]


class SuggestionOut(BaseModel):
    person_id: int
    name: str
    organization: str | None
    industry: str | None
    score: float
    reason: str
    path: list[str]
    community: str | None


@router.post("/token", response_model=Token)
async def token(request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    """A bearer token for the account (OAuth2 password flow: ``username`` is the email)."""
    try:
        identity = await check_password(request, form.username, form.password)
    except TooManyAttemptsError as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": str(exc.retry_after)}) from None
    if identity is None:
        raise HTTPException(401, "wrong email or password", headers={"WWW-Authenticate": "Bearer"})
    signer = request.app.state.signer
    return Token(
        access_token=signer.token(identity), expires_in=int(signer.token_age.total_seconds())
    )


@signed_in.get("/people", response_model=list[PersonOut])
def people(
    owner_session: OwnerSession,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    q: Annotated[str, Query(description="Part of a name, organisation or email.")] = "",
) -> list[dict[str, Any]]:
    """The account's people, by name, a page at a time."""
    session, owner = owner_session
    found = list_people(session, owner, search=q.strip() or None, limit=limit, offset=offset)
    return [person_dict(p) for p in found]


@signed_in.get("/people/{person_id}", response_model=PersonOut)
def person(owner_session: OwnerSession, person_id: int) -> dict[str, Any]:
    """One person (404 alike for another account's and for one who does not exist)."""
    session, owner = owner_session
    return person_dict(get_person(session, owner, person_id))


@signed_in.post("/people", response_model=PersonOut, status_code=201)
def add(owner_session: OwnerSession, body: PersonIn) -> dict[str, Any]:
    """Add a person (409 if their email or profile URL is already someone's)."""
    session, owner = owner_session
    fields = PersonFields(
        name=body.name,
        emails=[body.email] if body.email else [],
        organization=body.organization,
        role=body.role,
        url=body.url,
        industry=body.industry,
        discipline=body.discipline,
        bio=body.bio,
        attributes=body.attributes,
        expertise=body.expertise,
        interests=body.interests,
        tags=body.tags,
    )
    return person_dict(add_person(session, owner, fields))


@signed_in.post("/imports/{kind}", response_model=ImportCounts)
async def upload(
    owner_session: OwnerSession,
    kind: Literal["linkedin", "vcard", "google", "csv", "json"],
    file: Annotated[UploadFile, File(description="The export to import.")],
) -> ImportCounts:
    """Import a file; a refused file is a 422 naming its line and field, and nothing is written."""
    session, owner = owner_session
    data = await file.read()
    counts = import_upload(session, owner, kind, file.filename or "", data)
    return ImportCounts(**asdict(counts))


@signed_in.post("/interactions", response_model=InteractionOut, status_code=201)
def interaction(owner_session: OwnerSession, body: InteractionIn) -> InteractionOut:
    """Log a conversation; everyone in it is tied to you (and to each other)."""
    session, owner = owner_session
    fields = InteractionFields(
        occurred_on=body.occurred_on or dt.date.today(),
        participants=[get_person(session, owner, ref) for ref in body.people],
        purposes=body.purpose,
        depth=body.depth,
        channel=body.channel,
        challenged=body.challenged,
        insights=[body.insight] if body.insight else [],
        outcomes=body.outcomes,
    )
    stored = log_interaction(session, owner, fields)
    return InteractionOut(
        id=stored.id,
        occurred_on=stored.occurred_on,
        people=[p.person_id for p in stored.participants],
        purpose=list(stored.purposes),
        depth=stored.depth,
        challenged=stored.challenged,
        insights=[i.text for i in stored.insights],
    )


@signed_in.get("/report")
def report(
    owner_session: OwnerSession,
    period: Annotated[str, Query(description=f"One of {', '.join(PERIODS)}.")] = "all",
    today: Annotated[dt.date | None, Query(description="Read the network as of this day.")] = None,
) -> dict[str, Any]:
    """The network report, as ``salon report --json`` prints it."""
    session, owner = owner_session
    return build_report(session, owner, period=period, today=today).as_dict()


@signed_in.get("/suggest/meet", response_model=list[SuggestionOut])
def meet(
    owner_session: OwnerSession, k: Annotated[int, Query(ge=1, le=50)] = 5
) -> list[dict[str, Any]]:
    """Whom to meet next, each with the reason and the introduction path."""
    session, owner = owner_session
    return [asdict(p) for p in suggest_meet(session, owner, k=k)]


router.include_router(signed_in)
