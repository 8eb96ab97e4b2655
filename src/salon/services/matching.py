"""Which stored person an incoming record stands for.

A match is *certain* on a shared email or profile URL, and *likely* on the
same normalised name and organisation when that picks exactly one person who
has no conflicting identity: two records with different profile URLs, or
different e-mail addresses, are different people (DESIGN.md, "One person, one
record"), so a LinkedIn file of two "Ana López, Acme" with their own profile
URLs stores two people, which ``salon person duplicates`` lists for review.
Without an organisation a name alone never matches a person who has an
organisation, email or profile URL: two "Maria Garcia" are not one person.
A record that is a bare name does match the one stored bare person of that
name, since nothing tells them apart (re-importing a file must not duplicate
them).

A merge keeps the values that lost as former names and organisations
(``merged.name``, ``merged.organization``): a record matches a person by any
of their names and organisations, so re-importing both files of a merged
person finds the one merged record.

The rules are written once (:func:`pick_match`) over three lookups.
:func:`match_person` answers them with queries, for a single record;
:class:`PeopleIndex` answers them from memory, for a whole file, since a
query per record (and the autoflush before each) made a 30,000-row export
take minutes.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Person, PersonAttribute, PersonEmail
from salon.io.normalise import normalise_email, normalise_name, normalise_url
from salon.services.people import list_people, person_by_url


class Candidate(Protocol):
    """What matching reads of a stored person: a :class:`Person`, or an importer's row."""

    @property
    def organization(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def is_me(self) -> bool: ...


C = TypeVar("C", bound=Candidate)


#: attributes where a merge keeps a person's former names and organisations
FORMER_NAME, FORMER_ORGANIZATION = "merged.name", "merged.organization"


def former_values(value: str) -> list[str]:
    """The values a ``merged.<field>`` attribute holds (joined by `` | ``)."""
    return [v.strip() for v in value.split(" | ") if v.strip()]


def _person_emails(person: Person) -> list[str]:
    return [e.email for e in person.emails]


def organisation_keys(organization: str | None, former: Collection[str] = ()) -> set[str]:
    """The normalised keys of a person's organisation and former organisations."""
    return {normalise_name(o) for o in (organization, *former) if o}


def _person_organisations(person: Person) -> set[str]:
    former = person.attribute_map().get(FORMER_ORGANIZATION)
    return organisation_keys(person.organization, former_values(former) if former else ())


def pick_match(
    emails: Sequence[str],
    url: str | None,
    name: str | None,
    organization: str | None,
    *,
    by_emails: Callable[[list[str]], C | None],
    by_url: Callable[[str], C | None],
    named: Callable[[str], Sequence[C]],
    emails_of: Callable[[C], Collection[str]],
    organisations_of: Callable[[C], Collection[str]],
) -> C | None:
    """The one candidate a record stands for, by the rules of this module, or ``None``.

    The three lookups answer from the store or from memory (``named`` finds
    former names too); ``emails_of`` gives a candidate's normalised e-mail
    addresses, ``organisations_of`` the keys of its present and former
    organisations (:func:`organisation_keys`).
    """
    normalised = [e for e in (normalise_email(x) for x in emails) if e]
    if normalised:
        found = by_emails(normalised)
        if found is not None:
            return found
    profile = normalise_url(url) if url else None
    if profile:
        found = by_url(profile)
        if found is not None:
            return found
    if name and organization:
        org_key = normalise_name(organization)
        same = [
            p
            for p in named(normalise_name(name))
            if org_key in organisations_of(p)
            and not identity_conflicts(p.url, emails_of(p), url=profile, emails=normalised)
        ]
        if len(same) > 1:
            # namesakes at one organisation: a record with neither e-mail nor URL
            # is the one of them who has none either (the one it created when
            # this file came before), or stays ambiguous
            same = [p for p in same if p.url == profile and set(emails_of(p)) == set(normalised)]
        if len(same) == 1:
            return same[0]
    if name and not organization and not normalised and not profile:
        bare = [
            p
            for p in named(normalise_name(name))
            if not p.is_me and p.organization is None and p.url is None and not emails_of(p)
        ]
        if len(bare) == 1:
            return bare[0]
    return None


def identity_conflicts(
    stored_url: str | None,
    stored_emails: Collection[str],
    *,
    url: str | None,
    emails: Collection[str],
) -> bool:
    """Whether a stored person and a record name different people by URL or e-mail.

    Both sides are normalised.  A different profile URL is a conflict, and so
    are e-mail addresses on both sides with none in common; a side that has
    none says nothing.

    Examples
    --------
    >>> identity_conflicts("https://x.org/a", [], url="https://x.org/b", emails=[])
    True
    >>> identity_conflicts(None, ["a@x.org"], url="https://x.org/a", emails=["b@x.org"])
    True
    >>> identity_conflicts(None, ["a@x.org"], url="https://x.org/a", emails=[])
    False
    """
    if url and stored_url and url != stored_url:
        return True
    return bool(emails) and bool(stored_emails) and set(stored_emails).isdisjoint(emails)


def identity_clash_message(
    value: str, holder: str, matched: str, holder_id: int | None, matched_id: int | None
) -> str:
    """Why a row cannot give ``value``, an e-mail or URL of ``holder``, to the person it matches.

    ``holder`` and ``matched`` are labels such as "Ana López (id 12)".
    """
    message = (
        f"{value} belongs to {holder} but this row matches {matched}; "
        "if they are one person, merge them first"
    )
    if holder_id is not None and matched_id is not None:
        message += f" (salon person merge {matched_id} {holder_id})"
    return message


def match_person(
    session: Session,
    owner: Account,
    *,
    emails: Sequence[str] = (),
    url: str | None = None,
    name: str | None = None,
    organization: str | None = None,
) -> Person | None:
    """The stored person an incoming record stands for, or ``None`` (see the module)."""
    return pick_match(
        emails,
        url,
        name,
        organization,
        by_emails=lambda normalised: session.scalar(
            select(Person)
            .join(PersonEmail, PersonEmail.person_id == Person.id)
            .where(PersonEmail.owner_id == owner.id, PersonEmail.email.in_(normalised))
        ),
        by_url=functools.partial(person_by_url, session, owner),
        named=functools.partial(_named, session, owner),
        emails_of=_person_emails,
        organisations_of=_person_organisations,
    )


def _named(session: Session, owner: Account, key: str) -> list[Person]:
    """The owner's people called ``key`` (normalised), now or before a merge."""
    people = list(
        session.scalars(select(Person).where(Person.owner_id == owner.id, Person.name_key == key))
    )
    formerly = session.execute(
        select(PersonAttribute.person_id, PersonAttribute.value)
        .join(Person, Person.id == PersonAttribute.person_id)
        .where(Person.owner_id == owner.id, PersonAttribute.key == FORMER_NAME)
    )
    ids = {pid for pid, value in formerly if key in map(normalise_name, former_values(value))}
    ids -= {p.id for p in people}
    if ids:
        people += session.scalars(select(Person).where(Person.id.in_(ids))).all()
    return people


class PeopleIndex:
    """The owner's people by email, profile URL and name, read once.

    The index follows what an import writes through :meth:`add`: a created
    person, or the emails and URL filled into a matched one.  It is valid for
    one transaction in which nothing else changes people.
    """

    def __init__(self, session: Session, owner: Account) -> None:
        self._by_email: dict[str, Person] = {}
        self._by_url: dict[str, Person] = {}
        self._by_name: defaultdict[str, list[Person]] = defaultdict(list)
        for person in list_people(session, owner, include_me=True):
            self.add(person)

    def add(self, person: Person) -> None:
        """Index ``person`` (again, after an import changed it)."""
        for email in person.emails:
            self._by_email.setdefault(email.email, person)
        if person.url:
            self._by_url.setdefault(person.url, person)
        former = person.attribute_map().get(FORMER_NAME)
        keys = {person.name_key, *map(normalise_name, former_values(former) if former else ())}
        for key in keys:
            same_name = self._by_name[key]
            if not any(p is person for p in same_name):
                same_name.append(person)

    def email_owner(self, email: str) -> Person | None:
        """Who holds the normalised ``email``."""
        return self._by_email.get(email)

    def url_owner(self, url: str) -> Person | None:
        """Who holds the normalised profile ``url``."""
        return self._by_url.get(url)

    def match(
        self,
        *,
        emails: Sequence[str] = (),
        url: str | None = None,
        name: str | None = None,
        organization: str | None = None,
    ) -> Person | None:
        """As :func:`match_person`, from memory."""
        return pick_match(
            emails,
            url,
            name,
            organization,
            # the first of the record's emails that is stored decides, as the
            # query's first row would; emails are unique per owner, so a
            # record whose emails name two people is refused by the importer
            by_emails=lambda normalised: next(
                (self._by_email[e] for e in normalised if e in self._by_email), None
            ),
            by_url=self.url_owner,
            named=lambda key: self._by_name.get(key, ()),
            emails_of=_person_emails,
            organisations_of=_person_organisations,
        )
