"""Enrichment: infer industry and discipline for people who lack them.

An export gives a company and a position, never an industry or a discipline,
so the diversity figures of a fresh network would be blank.  This module reads
what is known of each person (organisation, role, tags, vCard categories,
bio) and picks a label of the set in ``services/data/labels.json``:

* with the packaged sentence model (all-MiniLM-L6-v2, see
  :mod:`salon.semantic.embedders`), zero-shot: the person's text against each
  label's description, plus the label's keywords found
  (:func:`salon.semantic.zero_shot.label_choices`);
* without it, by the keywords alone (the lexical fallback).

A value is set only above a confidence threshold, only where the person's
field is empty, and is marked as inferred (:class:`~salon.db.models.InferredValue`,
with its confidence, method and source) until someone confirms or corrects
it.  A value a person typed is never overwritten.  Every parameter below was
chosen on the tuning part of ``benchmarks/data/enrich_positions.csv``
(``python benchmarks/enrich.py --tune``); the figures it reports are on the
test part.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

# the fields salon may infer: the web's review columns
from salon.db.models import INFERABLE_FIELDS as INFERABLE_FIELDS
from salon.db.models import Account, InferredValue, Person
from salon.errors import InputError
from salon.semantic.embedders import SentenceModelEmbedder, model_unavailable_reason
from salon.semantic.zero_shot import (
    Label,
    LabelChoice,
    keyword_scores,
    label_choices,
    similarity_scores,
)
from salon.services.people import PersonFields, apply_fields, get_person

__all__ = [
    "EnrichmentResult",
    "EnrichmentSettings",
    "Inference",
    "Profile",
    "accept_inferred",
    "correct_value",
    "enrich_people",
    "infer_labels",
    "inferred_values",
    "label_scores",
    "label_set",
    "parse_field_value",
    "pending_inferences",
]

Method = Literal["model", "keywords"]


@dataclass(frozen=True)
class EnrichmentSettings:
    """The parameters of inference, chosen on the benchmark's tuning part only.

    ``threshold`` (model) and ``keyword_threshold`` (fallback): the least
    confidence at which a value is set.  ``temperature`` and
    ``keyword_weight``: see :func:`~salon.semantic.zero_shot.label_choices`.
    ``weights``: how much a keyword found in each field counts.
    """

    threshold: float = 0.25
    keyword_threshold: float = 0.05
    temperature: float = 0.05
    keyword_weight: float = 0.24
    weights: tuple[tuple[str, float], ...] = (
        ("organization", 1.0),
        ("role", 1.0),
        ("categories", 1.5),
        ("tags", 1.0),
        ("bio", 0.5),
    )


DEFAULT_SETTINGS = EnrichmentSettings()


@dataclass(frozen=True)
class Profile:
    """What is known of a person, as plain text (one for each field enrichment reads)."""

    organization: str = ""
    role: str = ""
    categories: str = ""
    tags: str = ""
    bio: str = ""

    def fields_for(self, target: str) -> list[tuple[str, str]]:
        """The (field, text) pairs that speak to ``target``: a discipline is the role's."""
        names = ("role", "tags", "bio") if target == "discipline" else self._names
        return [(name, getattr(self, name)) for name in names if getattr(self, name)]

    _names = ("organization", "role", "categories", "tags", "bio")

    def text_for(self, target: str) -> str:
        """One sentence for the model, e.g. ``"Staff nurse at St Olav Hospital. care"``."""
        if target == "discipline":
            parts = [self.role, self.tags]
        else:
            head = " at ".join(part for part in (self.role, self.organization) if part)
            parts = [head, self.categories, self.tags, self.bio[:300]]
        return ". ".join(part for part in parts if part)


@functools.cache
def label_set(target: str) -> tuple[Label, ...]:
    """The labels of ``target`` ("industry" or "discipline") from the package's data file."""
    if target not in INFERABLE_FIELDS:
        raise InputError(f"expected one of {', '.join(INFERABLE_FIELDS)}, got {target!r}")
    data = json.loads(resources.files("salon.services").joinpath("data/labels.json").read_text())
    return tuple(
        Label(name, entry["description"], tuple(entry["keywords"]))
        for name, entry in data[target].items()
    )


_LABEL_VECTORS: dict[tuple[str, str], np.ndarray] = {}


def _label_vectors(target: str, embedder: SentenceModelEmbedder) -> np.ndarray:
    """The labels' embedded descriptions, once per process and model."""
    key = (target, embedder.name)
    if key not in _LABEL_VECTORS:
        texts = [f"{label.name}: {label.description}" for label in label_set(target)]
        _LABEL_VECTORS[key] = embedder.embed(texts)
    return _LABEL_VECTORS[key]


def model_embedder() -> SentenceModelEmbedder | None:
    """The packaged sentence model, or None when it is not installed (then: keywords)."""
    if model_unavailable_reason() is not None:
        return None
    return SentenceModelEmbedder(threads=1)


def label_scores(
    profiles: Sequence[Profile],
    target: str,
    *,
    embedder: SentenceModelEmbedder | None,
    settings: EnrichmentSettings = DEFAULT_SETTINGS,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Keyword scores and (with a model) similarities, profiles × labels of ``target``."""
    labels = label_set(target)
    weights = dict(settings.weights)
    fields = [[(text, weights[name]) for name, text in p.fields_for(target)] for p in profiles]
    kw = keyword_scores(fields, labels)
    if embedder is None:
        return kw, None
    # each distinct text once: many people share a role at one organisation
    texts = [p.text_for(target) for p in profiles]
    distinct = list(dict.fromkeys(texts))
    row = {text: i for i, text in enumerate(distinct)}
    sims = similarity_scores(embedder.embed(distinct), _label_vectors(target, embedder))
    return kw, sims[[row[text] for text in texts]] if texts else sims


def infer_labels(
    profiles: Sequence[Profile],
    target: str,
    *,
    embedder: SentenceModelEmbedder | None,
    settings: EnrichmentSettings = DEFAULT_SETTINGS,
) -> list[tuple[str | None, float]]:
    """The best label of ``target`` for each profile and its confidence (no threshold applied).

    A profile with nothing to read gets ``(None, 0.0)``.
    """
    labels = label_set(target)
    kw, sims = label_scores(profiles, target, embedder=embedder, settings=settings)
    choices: list[LabelChoice]
    if sims is None:
        choices = label_choices(kw)
    else:
        texts = [p.text_for(target) for p in profiles]
        choices = label_choices(
            kw,
            sims,
            temperature=settings.temperature,
            keyword_weight=settings.keyword_weight,
        )
        choices = [
            c if text else LabelChoice(-1, 0.0) for c, text in zip(choices, texts, strict=True)
        ]
    return [(labels[c.index].name if c.index >= 0 else None, c.confidence) for c in choices]


@dataclass(frozen=True)
class Inference:
    """One value enrichment set (or, in a dry run, would set)."""

    person_id: int
    name: str
    field: str
    value: str
    confidence: float
    method: Method
    source: str


@dataclass
class EnrichmentResult:
    """What :func:`enrich_people` did: the values set, and how many people it could not place."""

    method: Method
    threshold: float
    dry_run: bool
    inferences: list[Inference] = field(default_factory=list)
    n_considered: int = 0
    n_below_threshold: int = 0  # (person, field) pairs left empty: too little confidence

    def summary(self) -> str:
        """One line, e.g. after an import."""
        counts = {f: sum(1 for i in self.inferences if i.field == f) for f in INFERABLE_FIELDS}
        verb = "would infer" if self.dry_run else "inferred"
        if not self.n_considered:
            return "Enrichment: everyone has an industry and a discipline."
        n_ind, n_dis, n = counts["industry"], counts["discipline"], self.n_considered
        return (
            f"Enrichment ({self.method}): {verb} {n_ind} "
            f"{'industry' if n_ind == 1 else 'industries'} and {n_dis} "
            f"{'discipline' if n_dis == 1 else 'disciplines'} for {n} "
            f"{'person' if n == 1 else 'people'} lacking them; "
            f"{self.n_below_threshold} left empty below confidence {self.threshold:.2f}. "
            "Review with `salon person enrich --review`."
        )


def _profile(person: Person) -> Profile:
    attributes = person.attribute_map()
    tags = [t.tag for t in person.tags]
    return Profile(
        organization=person.organization or "",
        role=person.role or "",
        categories=attributes.get("categories", ""),
        tags=", ".join(tags),
        bio=person.bio or "",
    )


def _source(profile: Profile, target: str) -> str:
    return ", ".join(name for name, _ in profile.fields_for(target)) or "nothing"


def enrich_people(
    session: Session,
    owner: Account,
    *,
    person_ids: Sequence[int] | None = None,
    dry_run: bool = False,
    threshold: float | None = None,
    use_model: bool = True,
    settings: EnrichmentSettings = DEFAULT_SETTINGS,
) -> EnrichmentResult:
    """Infer industry and discipline for the people of ``owner`` who lack them.

    Only empty fields are filled, so a stated value is never overwritten, and
    a value already inferred is left as it is.  ``person_ids`` limits the run
    (an import passes the people it touched).  ``threshold`` overrides the
    settings' (model or keywords); below it nothing is set.  With ``dry_run``
    nothing is written.  ``use_model=False`` forces the keyword fallback.

    Raises
    ------
    InputError
        When ``threshold`` is outside [0, 1].
    """
    embedder = model_embedder() if use_model else None
    method: Method = "model" if embedder is not None else "keywords"
    if threshold is None:
        threshold = settings.threshold if embedder is not None else settings.keyword_threshold
    if not 0.0 <= threshold <= 1.0:
        raise InputError(f"expected a confidence threshold in [0, 1], got {threshold!r}")
    query = (
        select(Person)
        .where(
            Person.owner_id == owner.id,
            Person.is_me.is_(False),
            or_(Person.industry.is_(None), Person.discipline.is_(None)),
        )
        .options(selectinload(Person.attributes), selectinload(Person.tags))
        .order_by(Person.id)
    )
    if person_ids is not None:
        query = query.where(Person.id.in_(list(person_ids)))
    people = list(session.scalars(query))
    result = EnrichmentResult(method, threshold, dry_run, n_considered=len(people))
    profiles = [_profile(p) for p in people]
    for target in INFERABLE_FIELDS:
        todo = [i for i, p in enumerate(people) if getattr(p, target) is None]
        found = infer_labels(
            [profiles[i] for i in todo], target, embedder=embedder, settings=settings
        )
        for i, (value, confidence) in zip(todo, found, strict=True):
            person = people[i]
            if value is None or confidence < threshold:
                result.n_below_threshold += 1
                continue
            source = _source(profiles[i], target)
            result.inferences.append(
                Inference(person.id, person.name, target, value, confidence, method, source)
            )
            if not dry_run:
                setattr(person, target, value)
                session.add(
                    InferredValue(
                        person_id=person.id,
                        field=target,
                        confidence=confidence,
                        method=method,
                        source=source,
                    )
                )
    session.flush()
    return result


def pending_inferences(session: Session, owner: Account) -> list[Inference]:
    """The inferred values of ``owner``'s network awaiting confirmation, by person."""
    return [
        Inference(
            person.id,
            person.name,
            value.field,
            str(getattr(person, value.field)),
            value.confidence,
            "model" if value.method == "model" else "keywords",
            value.source,
        )
        for person, value in inferred_values(session, owner)
    ]


def parse_field_value(text: str) -> tuple[str, str]:
    """``"industry=logistics"`` → ``("industry", "logistics")``.

    Raises
    ------
    InputError
        Without ``=``, or with a field other than industry or discipline.
    """
    target, sep, value = text.partition("=")
    target = target.strip().lower()
    if not sep or target not in INFERABLE_FIELDS:
        raise InputError(
            f"expected FIELD=VALUE with FIELD one of {', '.join(INFERABLE_FIELDS)}, got {text!r}"
        )
    return target, value.strip()


def inferred_values(session: Session, owner: Account) -> list[tuple[Person, InferredValue]]:
    """Every inferred value of ``owner``'s network with its person, by person then field."""
    rows = session.execute(
        select(Person, InferredValue)
        .join(InferredValue, InferredValue.person_id == Person.id)
        .where(Person.owner_id == owner.id)
        .order_by(Person.name_key, Person.id, InferredValue.field)
    )
    return [(person, value) for person, value in rows]


def accept_inferred(
    session: Session, owner: Account, ref: int | str | None = None, *, target: str | None = None
) -> list[tuple[Person, str, str]]:
    """Confirm inferred values (of one person, or of everyone when ``ref`` is None).

    A confirmed value counts as stated from then on.  ``target`` limits it to
    "industry" or "discipline".  Returns (person, field, value) for each.

    Raises
    ------
    NotFoundError
        When ``ref`` names nobody.
    InputError
        When ``target`` is not an inferable field, or ``ref`` has nothing inferred.
    """
    if target is not None and target not in INFERABLE_FIELDS:
        raise InputError(f"expected one of {', '.join(INFERABLE_FIELDS)}, got {target!r}")
    if ref is None:
        pairs = inferred_values(session, owner)
    else:
        person = get_person(session, owner, ref)
        pairs = [(person, value) for value in person.inferences]
        if not pairs:
            raise InputError(f"{person.name} (id {person.id}) has no inferred value to accept")
    accepted = []
    for person, value in pairs:
        if target is None or value.field == target:
            accepted.append((person, value.field, str(getattr(person, value.field))))
            session.delete(value)
    session.flush()
    for person, _, _ in accepted:
        session.expire(person, ["inferences"])
    return accepted


def correct_value(
    session: Session, owner: Account, ref: int | str, target: str, value: str
) -> Person:
    """Set ``target`` of a person to ``value`` as stated (a correction of an inferred value).

    Raises
    ------
    InputError
        When ``target`` is not "industry" or "discipline", or ``value`` is blank.
    """
    if target not in INFERABLE_FIELDS:
        raise InputError(
            f"expected FIELD=VALUE with FIELD one of {', '.join(INFERABLE_FIELDS)}, got {target!r}"
        )
    if not value.strip():
        raise InputError(f"expected a value for {target}, got nothing")
    person = get_person(session, owner, ref)
    fields = PersonFields()
    setattr(fields, target, value)
    apply_fields(session, owner, person, fields, overwrite=True)
    session.flush()
    return person
