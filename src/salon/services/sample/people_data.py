"""Names, organisations, roles and tags the sample people are drawn from (``data/people.json``).

The organisations are invented (with invented domains) so that no real company is
said to employ a made-up person; names come from many cultures, and a person's
country is usually, not always, the one their name suggests.
"""

from __future__ import annotations

from dataclasses import dataclass

from salon.services.sample.data_files import read_sample_data


@dataclass(frozen=True)
class Culture:
    country: str
    given: tuple[str, ...]
    family: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    title: str
    discipline: str
    expertise: tuple[str, ...]


@dataclass(frozen=True)
class Industry:
    organizations: tuple[tuple[str, str], ...]  # (name, email domain)
    roles: tuple[Role, ...]


_DATA = read_sample_data("people.json")

HOME_COUNTRY: str = _DATA["home_country"]
CULTURES: tuple[Culture, ...] = tuple(
    Culture(c["country"], tuple(c["given"]), tuple(c["family"])) for c in _DATA["cultures"]
)
# Relative weights: the user lives and meets people in Amsterdam.
CULTURE_WEIGHTS: dict[str, float] = dict(_DATA["culture_weights"])
GENERATIONS: tuple[tuple[str, int, int], ...] = tuple(
    (g["name"], g["born_from"], g["born_to"]) for g in _DATA["generations"]
)
GENERATION_WEIGHTS: tuple[float, ...] = tuple(_DATA["generation_weights"])
EDUCATION: tuple[str, ...] = tuple(_DATA["education"])
EDUCATION_WEIGHTS: tuple[float, ...] = tuple(_DATA["education_weights"])
INDUSTRIES: dict[str, Industry] = {
    name: Industry(
        tuple((o["name"], o["domain"]) for o in industry["organizations"]),
        tuple(Role(r["title"], r["discipline"], tuple(r["expertise"])) for r in industry["roles"]),
    )
    for name, industry in _DATA["industries"].items()
}
INTERESTS: tuple[str, ...] = tuple(_DATA["interests"])
