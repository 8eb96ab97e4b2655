"""Whether two names, or two organisations, may stand for the same one; and why.

Plain functions over strings, for ``salon person duplicates``: a name
relation (same name, the same up to transliteration, a nickname, an
initial, a middle name) and an organisation relation (the same up to a legal
suffix, one short for the other, an acronym, or one missing).  Each relation
comes with the sentence a reviewer reads as evidence.

Nicknames come from ``data/nicknames.json`` (documented in the file).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from salon.io.normalise import normalise_name

# transliterations of letters that lose their accent differently: Björn is
# Bjoern in German, Åkesson Aakesson in Danish spelling
_FOLDS = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("aa", "a"), ("ss", "s"), ("th", "t"))

#: legal forms dropped before organisations are compared (normalised, lower case)
LEGAL_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "llc",
        "llp",
        "ltd",
        "limited",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "kg",
        "se",
        "sa",
        "sas",
        "sarl",
        "sl",
        "slu",
        "srl",
        "spa",
        "bv",
        "nv",
        "oy",
        "oyj",
        "ab",
        "asa",
        "as",
        "aps",
        "pty",
        "pvt",
        "sp",
        "zoo",
        "kk",
        "group",
        "holding",
        "holdings",
    ]
)


# words an acronym usually skips: MIT, Massachusetts Institute of Technology
_LINKS = frozenset({"of", "and", "for", "the", "de", "del", "la", "le", "der", "und", "y", "e"})


@dataclass(frozen=True)
class Relation:
    """How two values relate: ``strength`` 1.0 for the same, lower for weaker; the why."""

    strength: float
    why: str


@functools.lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    """``normalise_name``'s words, cached: a bucket of namesakes compares each name often."""
    return tuple(normalise_name(text).split())


def fold(token: str) -> str:
    """A normalised name token with transliterated spellings folded (``bjoern`` → ``bjorn``)."""
    for long, short in _FOLDS:
        token = token.replace(long, short)
    return token


@functools.cache
def nickname_groups() -> dict[str, frozenset[str]]:
    """Each given name or short form → every full name it may stand for."""
    text = resources.files("salon.services").joinpath("data/nicknames.json").read_text("utf-8")
    groups: defaultdict[str, set[str]] = defaultdict(set)
    for full, shorts in json.loads(text)["names"].items():
        for name in (full, *shorts):
            groups[name].add(full)
    return {name: frozenset(fulls) for name, fulls in groups.items()}


def _same_given_name(a: str, b: str) -> Relation | None:
    if fold(a) == fold(b):
        return Relation(1.0, "")
    if len(a) == 1 or len(b) == 1:
        if a[0] == b[0]:
            return Relation(0.6, f"initial {a[0].upper()}. for {max(a, b, key=len).title()}")
        return None
    groups = nickname_groups()
    if groups.get(a, frozenset()) & groups.get(b, frozenset()):
        return Relation(0.8, f"{a.title()} is a short form of {b.title()} or the other way")
    return None


def name_relation(first: str, second: str) -> Relation | None:
    """How two people's names may be one name, or ``None``.

    Examples
    --------
    >>> name_relation("Björn Åkesson", "Bjoern Aakesson").why
    'same name up to transliteration (Björn Åkesson / Bjoern Aakesson)'
    >>> name_relation("Bob Smith", "Robert Smith").why
    'Bob is a short form of Robert or the other way'
    >>> name_relation("R. Patel", "Raj Patel").why
    'initial R. for Raj'
    >>> name_relation("Ana López", "Ana Lopes") is None
    True
    """
    a, b = _tokens(first), _tokens(second)
    if not a or not b:
        return None
    if a == b:
        return Relation(1.0, "same name")
    if [fold(t) for t in a] == [fold(t) for t in b]:
        return Relation(0.95, f"same name up to transliteration ({first} / {second})")
    if fold(a[-1]) != fold(b[-1]) or len(a) == 1 or len(b) == 1:
        return None
    given = _same_given_name(a[0], b[0])
    if given is None:
        return None
    if given.strength == 1.0:  # the same first and last names; a middle name on one side
        return Relation(0.85, f"same first and last name ({first} / {second})")
    return given


def surname_key(name: str) -> str | None:
    """What two names must share to be compared at all: the folded last name."""
    tokens = _tokens(name)
    return fold(tokens[-1]) if tokens else None


def given_name_keys(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """Keys to find a name's possible matches among namesakes: (look up, index under).

    Two names of one last name can only match (:func:`name_relation`) if the
    look-up keys of one meet the index keys of the other: the folded first
    name, the full names it may be short for, and (looked up by initials
    only) its initial.  Comparing only those pairs keeps a bucket of two
    thousand Wangs from costing two million comparisons.
    """
    tokens = _tokens(name)
    if not tokens:
        return frozenset(), frozenset()
    first = tokens[0]
    initial = frozenset({f"initial:{first[0]}"})
    if len(first) == 1:
        return initial, initial
    names = frozenset({fold(first), *(fold(n) for n in nickname_groups().get(first, ()))})
    return names, names | initial


def organisation_key(organization: str) -> list[str]:
    """An organisation's words without its legal form (``Northwind Ltd.`` → ``northwind``)."""
    tokens = list(_tokens(organization))
    kept = [t for t in tokens if t not in LEGAL_SUFFIXES]
    return kept or tokens


def organisation_relation(first: str | None, second: str | None) -> Relation | None:
    """How two organisations may be one, or ``None`` when they differ.

    A missing organisation is weak evidence either way, and says so.

    Examples
    --------
    >>> organisation_relation("Northwind", "Northwind Logistics").why
    'Northwind is short for Northwind Logistics'
    >>> organisation_relation("Paylane Ltd", "PAYLANE").why
    'same organisation up to legal form (Paylane Ltd / PAYLANE)'
    >>> organisation_relation("IBM", "International Business Machines Corp.").why
    'IBM is an acronym of International Business Machines Corp.'
    >>> organisation_relation("Biolab", "Paylane") is None
    True
    """
    if first is None and second is None:
        return Relation(0.3, "no organisation on either")
    if first is None or second is None:
        return Relation(0.5, f"organisation missing on one ({first or second})")
    a, b = organisation_key(first), organisation_key(second)
    if a == b:
        if _tokens(first) == _tokens(second):
            return Relation(1.0, "same organisation")
        return Relation(0.95, f"same organisation up to legal form ({first} / {second})")
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    short_name, long_name = (first, second) if short is a else (second, first)
    if long[: len(short)] == short:
        return Relation(0.8, f"{short_name} is short for {long_name}")
    initials = {"".join(t[0] for t in long), "".join(t[0] for t in long if t not in _LINKS)}
    if len(short) == 1 and len(long) >= 2 and short[0] in initials:
        return Relation(0.8, f"{short_name} is an acronym of {long_name}")
    return None
