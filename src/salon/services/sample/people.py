"""The sample's people: the user, ~100 contacts leaning to three industries, and others.

Three groups, because each exercises a different part of salon:

* ``contact`` — the user's own contacts.  On purpose they lean to the user's three
  home industries (software, finance, media), so the diversity report has a gap
  to point at.
* ``second`` — people known to some contact but not to the user, spread over all
  industries: the pool "whom to meet" draws from.
* ``community`` — meetup members the user has no tie with yet.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from salon.services.sample.model import SamplePerson
from salon.services.sample.people_data import (
    CULTURE_WEIGHTS,
    CULTURES,
    EDUCATION,
    EDUCATION_WEIGHTS,
    GENERATION_WEIGHTS,
    GENERATIONS,
    HOME_COUNTRY,
    INDUSTRIES,
    INTERESTS,
    Culture,
    Role,
)

Group = Literal["me", "contact", "second", "community"]

CORE_INDUSTRIES = ("software", "finance", "media")
MY_ORGANIZATION = "Lumen Pay"

# How many of the user's contacts sit in each industry: three home industries
# carry two thirds of the network, the rest is a thin spread.
CONTACT_QUOTAS: dict[str, int] = {
    "software": 33,
    "finance": 21,
    "media": 14,
    "healthcare": 4,
    "aviation": 3,
    "automotive": 3,
    "manufacturing": 3,
    "retail": 3,
    "hospitality": 3,
    "logistics": 2,
    "energy": 2,
    "education": 2,
    "agrifood": 2,
    "public sector": 2,
    "architecture": 2,
    "biotech": 2,
    "nonprofit": 2,
}
N_COLLEAGUES = 7
N_SECOND = 42
N_COMMUNITY = 28

_ASCII = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "đ": "d", "ß": "ss"})


@dataclass(frozen=True)
class Draft:
    """A person plus what the generator knows but the data may hide (true industry)."""

    person: SamplePerson
    group: Group
    industry: str
    organization: str | None

    @property
    def key(self) -> str:
        return self.person.key


def ascii_fold(text: str) -> str:
    """``"Wiśniewski"`` -> ``"Wisniewski"``: for e-mail addresses and URL slugs."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(text: str) -> str:
    folded = ascii_fold(text).lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def _pick_culture(rng: random.Random) -> Culture:
    weights = [CULTURE_WEIGHTS.get(c.country, 1.0) for c in CULTURES]
    return rng.choices(CULTURES, weights)[0]


def _attributes(rng: random.Random, culture: Culture) -> MappingProxyType[str, str]:
    attrs: dict[str, str] = {}
    if rng.random() > 0.08:
        moved = culture.country != HOME_COUNTRY and rng.random() < 0.4
        attrs["country"] = HOME_COUNTRY if moved else culture.country
    if rng.random() > 0.12:
        attrs["generation"] = rng.choices(GENERATIONS, GENERATION_WEIGHTS)[0][0]
    if rng.random() > 0.2:
        attrs["education"] = rng.choices(EDUCATION, EDUCATION_WEIGHTS)[0]
    return MappingProxyType(attrs)


class PeopleFactory:
    """Draws unique people; keys are name slugs, so a clash draws a new name."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def make(
        self,
        group: Group,
        industry: str,
        *,
        organization: tuple[str, str] | None = None,
        role: Role | None = None,
        name: tuple[str, str, Culture] | None = None,
        allow_gaps: bool = True,
        bio: str | None = None,
        attributes: dict[str, str] | None = None,
    ) -> Draft:
        rng = self.rng
        if name is None:
            while True:
                culture = _pick_culture(rng)
                given, family = rng.choice(culture.given), rng.choice(culture.family)
                if slug(f"{given} {family}") not in self.taken:
                    break
        else:
            given, family, culture = name
        key = slug(f"{given} {family}")
        self.taken.add(key)
        spec = INDUSTRIES[industry]
        org: tuple[str, str] | None = organization or rng.choice(spec.organizations)
        if allow_gaps and rng.random() < 0.04:
            org = None  # freelancers and people between jobs
        role = role or rng.choice(spec.roles)
        expertise = rng.sample(role.expertise, min(len(role.expertise), rng.randint(2, 3)))
        other = rng.choice(spec.roles).expertise
        extra = rng.choice(other)
        if extra not in expertise and rng.random() < 0.5:
            expertise.append(extra)
        interests = rng.sample(INTERESTS, rng.randint(2, 3))
        local = ascii_fold(f"{given}.{family}").lower().replace(" ", "").replace("'", "")
        email = None
        if org is not None and not (allow_gaps and rng.random() < 0.14):
            email = f"{local}@{org[1]}"
        url = None
        if not allow_gaps or rng.random() < 0.86:
            url = f"https://www.linkedin.com/in/{key}-{rng.getrandbits(24):06x}"
        if bio is None and (not allow_gaps or rng.random() < 0.8):
            where = f" at {org[0]}" if org else ", independent"
            bio = (
                f"{role.title}{where}. Day to day: {' and '.join(expertise[:2])}. "
                f"Outside work: {interests[0]} and {interests[1]}."
            )
        person = SamplePerson(
            key=key,
            name=f"{given} {family}",
            email=email,
            organization=org[0] if org else None,
            role=role.title,
            industry=None if allow_gaps and rng.random() < 0.07 else industry,
            discipline=None if allow_gaps and rng.random() < 0.05 else role.discipline,
            attributes=(MappingProxyType(attributes) if attributes else _attributes(rng, culture)),
            expertise=tuple(expertise),
            interests=tuple(interests),
            bio=bio,
            url=url,
        )
        return Draft(person, group, industry, person.organization)


def _role(industry: str, title: str) -> Role:
    return next(r for r in INDUSTRIES[industry].roles if r.title == title)


def _org(industry: str, name: str) -> tuple[str, str]:
    return next(o for o in INDUSTRIES[industry].organizations if o[0] == name)


def draft_people(rng: random.Random) -> list[Draft]:
    """The user first, then the friend who runs the restaurant, contacts, others."""
    factory = PeopleFactory(rng)
    netherlands = next(c for c in CULTURES if c.country == HOME_COUNTRY)
    portugal = next(c for c in CULTURES if c.country == "Portugal")
    me = factory.make(
        "me",
        "software",
        organization=_org("software", MY_ORGANIZATION),
        role=_role("software", "Product designer"),
        name=("Isa", "Verbeek", netherlands),
        allow_gaps=False,
        bio=(
            "Product designer at Lumen Pay. Wants to network for ideas, not only for leads: "
            "curious how other industries handle handovers, stock and trust."
        ),
        attributes={"country": HOME_COUNTRY, "generation": "Millennial", "education": "master's"},
    )
    friend = factory.make(
        "contact",
        "hospitality",
        organization=_org("hospitality", "Casa Lume"),
        role=_role("hospitality", "Restaurant owner"),
        name=("Tomás", "Ferreira", portugal),
        allow_gaps=False,
        bio=(
            "Runs Casa Lume, a Portuguese kitchen in De Pijp, and hosts The Long Table there "
            "every Thursday. Believes strangers at one table beat any networking app."
        ),
    )
    drafts = [me, friend]
    quotas = dict(CONTACT_QUOTAS)
    quotas["hospitality"] -= 1  # the friend
    for industry, n in quotas.items():
        for i in range(n):
            org = None
            if industry == "software" and i < N_COLLEAGUES:
                org = _org("software", MY_ORGANIZATION)
            drafts.append(factory.make("contact", industry, organization=org))
    # Second-degree people lean the other way: mostly outside the user's core.
    outside = [name for name in INDUSTRIES if name not in CORE_INDUSTRIES]
    for i in range(N_SECOND):
        industry = rng.choice(CORE_INDUSTRIES) if i % 5 == 0 else rng.choice(outside)
        drafts.append(factory.make("second", industry))
    everywhere = list(INDUSTRIES)
    for _ in range(N_COMMUNITY):
        drafts.append(factory.make("community", rng.choice(everywhere)))
    return drafts
