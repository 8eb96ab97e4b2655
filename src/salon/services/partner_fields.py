"""What each person offers towards an idea's needs, and which field says so.

``suggest partners`` covers an idea's stated needs ("logistics", "design")
with a few people.  A need is offered by an expertise tag equal to it, or by
the need's words appearing, as whole words, in a person's industry,
discipline, organisation, role, bio or the notes they wrote: someone whose
industry is logistics covers "logistics" as surely as someone who lists it
as expertise.  The databases filter with a case-insensitive ``LIKE`` first,
so only people who may match are read.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from salon.db.models import Account, Note, Person, PersonTag
from salon.errors import InputError
from salon.semantic.zero_shot import plain_words

#: The fields partners are read from, in the order their evidence is named.
PARTNER_FIELDS = ("expertise", "industry", "discipline", "organization", "role", "notes", "bio")
_TEXT_FIELDS = ("industry", "discipline", "organization", "role", "bio")

__all__ = ["PARTNER_FIELDS", "offered_needs"]


def _mentions(text: str, need: str) -> bool:
    """Whether ``need``'s words occur in ``text`` as whole words, accents and case aside."""
    key = plain_words(need)
    return bool(key) and f" {key} " in f" {plain_words(text)} "


def offered_needs(
    session: Session,
    owner: Account,
    needs: Collection[str],
    *,
    fields: Sequence[str] = PARTNER_FIELDS,
) -> tuple[dict[int, dict[str, str]], dict[int, str]]:
    """Who offers which need, through which field; and those people's names.

    Returns ``(offers, names)``: ``offers[person id][need] = field`` (the first
    of ``fields`` that offers it), and the names of everyone in ``offers``.
    Expertise matches a need exactly (case and spacing aside); the other
    fields when they mention it as whole words.
    """
    unknown = [f for f in fields if f not in PARTNER_FIELDS]
    if unknown:
        raise InputError(f"unknown partner fields {unknown}; expected some of {PARTNER_FIELDS}")
    found: dict[int, dict[str, dict[str, str]]] = {}  # person -> field -> need -> field
    names: dict[int, str] = {}
    people = (Person.owner_id == owner.id, Person.is_me.is_(False))
    wanted = {" ".join(n.casefold().split()): n for n in needs}
    if "expertise" in fields:
        for pid, name, tag in session.execute(
            select(Person.id, Person.name, PersonTag.tag)
            .join(PersonTag, PersonTag.person_id == Person.id)
            .where(*people, PersonTag.kind == "expertise")
            .order_by(Person.name_key, Person.id)
        ):
            names[pid] = name
            need = wanted.get(" ".join(tag.casefold().split()))
            if need is not None:
                found.setdefault(pid, {}).setdefault("expertise", {})[need] = "expertise"
    texts = [f for f in fields if f in _TEXT_FIELDS]
    patterns = [f"%{n.casefold()}%" for n in needs]
    if texts and patterns:
        columns = [getattr(Person, f) for f in texts]
        may_match = or_(*(func.lower(c).like(p) for c in columns for p in patterns))
        for pid, name, *values in session.execute(
            select(Person.id, Person.name, *columns)
            .where(*people, may_match)
            .order_by(Person.name_key, Person.id)
        ):
            for field, value in zip(texts, values, strict=True):
                for need in needs:
                    if value and _mentions(value, need):
                        names[pid] = name
                        found.setdefault(pid, {}).setdefault(field, {})[need] = field
    if "notes" in fields and patterns:
        for pid, name, text in session.execute(
            select(Person.id, Person.name, Note.text)
            .join(Note, Note.person_id == Person.id)
            .where(*people, Note.owner_id == owner.id)
            .where(or_(*(func.lower(Note.text).like(p) for p in patterns)))
        ):
            for need in needs:
                if _mentions(text, need):
                    names[pid] = name
                    found.setdefault(pid, {}).setdefault("notes", {})[need] = "notes"
    offers: dict[int, dict[str, str]] = {}
    for pid in names:
        by_field = found.get(pid, {})
        offers[pid] = {}
        for field in reversed(fields):  # the first field listed wins
            offers[pid].update(by_field.get(field, {}))
    return offers, names
