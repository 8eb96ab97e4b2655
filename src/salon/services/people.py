"""People: add, edit, find, list and remove, always within one owner's network."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TextIO

from sqlalchemy import Select, func, inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import (
    INFERABLE_FIELDS,
    Account,
    InferredValue,
    PersonAttribute,
    PersonEmail,
    PersonTag,
    fits_id,
)
from salon.db.models import Person as Person  # the record get_person returns
from salon.errors import DuplicateError, InputError, NotFoundError
from salon.io.json_stream import write_json_list
from salon.io.normalise import normalise_email, normalise_name, normalise_url
from salon.io.rules import strip_controls
from salon.services.person_stream import person_dicts_in_order
from salon.services.ties import forget_tie_cache

SCALAR_FIELDS = (
    "first_name",
    "last_name",
    "organization",
    "role",
    "url",
    "phone",
    "industry",
    "discipline",
    "bio",
    "connected_on",
)


@dataclass
class PersonFields:
    """What a user says about a person.  ``None`` means "not given"."""

    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    emails: Sequence[str] = ()
    organization: str | None = None
    role: str | None = None
    url: str | None = None
    phone: str | None = None
    industry: str | None = None
    discipline: str | None = None
    bio: str | None = None
    connected_on: dt.date | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    expertise: Sequence[str] = ()
    interests: Sequence[str] = ()
    tags: Sequence[str] = ()


def _load_options() -> Any:
    return (
        selectinload(Person.emails),
        selectinload(Person.attributes),
        selectinload(Person.tags),
        selectinload(Person.inferences),
    )


def clean_text(value: str | None) -> str | None:
    """One line of text: control characters dropped, white space collapsed, or None."""
    if value is None:
        return None
    value = " ".join(strip_controls(value).split())
    return value or None


def _profile_url(value: str | None) -> str | None:
    """The normal form of a profile URL; only http(s) (or a bare host) is one.

    Raises
    ------
    InputError
        For any other scheme (``javascript:``, ``data:``, ``file:``) or text
        that is no URL, rather than dropping it silently.
    """
    if value is None or not value.strip():
        return None
    url = normalise_url(value)
    if url is None:
        raise InputError(
            f"not an http(s) URL: {value!r}; give e.g. https://linkedin.com/in/name", field="url"
        )
    return url


@functools.cache  # a table's column lengths do not change: an import checks every row
def _length(model: Any, column: str) -> int | None:
    length: int | None = getattr(model.__table__.c[column].type, "length", None)
    return length


def check_lengths(fields: PersonFields) -> None:
    """Raise :class:`InputError` for a value longer than its column holds.

    PostgreSQL refuses such a value (SQLite would silently keep it), so the
    check runs before anything is written, on every backend alike.
    """
    values: list[tuple[str, Any, int | None]] = [
        (key, getattr(fields, key), _length(Person, key)) for key in ("name", *SCALAR_FIELDS)
    ]
    values += [("email", e, _length(PersonEmail, "email")) for e in fields.emails]
    values += [("attributes", k, _length(PersonAttribute, "key")) for k in fields.attributes]
    tag_length = _length(PersonTag, "tag")
    for kind, tags in (
        ("expertise", fields.expertise),
        ("interests", fields.interests),
        ("tags", fields.tags),
    ):
        values += [(kind, tag, tag_length) for tag in tags]
    for key, value, length in values:
        if length is None or not isinstance(value, str) or len(value) <= length:
            continue  # cleaning only shortens a value: one that fits stays fitting
        text = clean_text(value)
        if text is not None and length is not None and len(text) > length:
            raise InputError(
                f"{key} is {len(text)} characters long, at most {length} fit: {text[:40]!r}...",
                field=key,
            )


def web_address(text: str) -> str | None:
    """``text`` as a canonical web address; ``None`` when blank (a form's profile URL).

    Raises
    ------
    InputError
        ``text`` is not a web address (``mailto:``, ``javascript:``, spaces...).
    """
    if not text.strip():
        return None
    url = normalise_url(text)
    if url is None:
        raise InputError(f"expected a web address (https://...), got {text.strip()!r}", field="url")
    return url


EmailOwner = Callable[[str], Person | None]


def add_person(
    session: Session,
    owner: Account,
    fields: PersonFields,
    *,
    check_duplicates: bool = True,
    email_owner: EmailOwner | None = None,
    flush: bool = True,
) -> Person:
    """Store a new person; raises :class:`DuplicateError` if email or profile URL is taken.

    An importer that already knows every stored email passes ``email_owner``
    and ``flush=False``, and flushes its new people at once: one INSERT
    batch instead of a round trip per person.
    """
    name = clean_text(fields.name)
    if not name:
        raise InputError("a person needs a name", field="name")
    check_lengths(fields)
    emails = [e for e in (normalise_email(e) for e in fields.emails) if e]
    url = _profile_url(fields.url)
    if check_duplicates:
        for email in emails:
            other = person_by_email(session, owner, email)
            if other is not None:
                raise DuplicateError(f"{email} already belongs to {other.name} (id {other.id})")
        if url is not None:
            other = session.scalar(
                select(Person).where(Person.owner_id == owner.id, Person.url == url)
            )
            if other is not None:
                raise DuplicateError(f"{url} already belongs to {other.name} (id {other.id})")
    # Every field and collection is given (None, empty) rather than left unset:
    # SQLAlchemy reloads unset ones from the database on first use after the
    # flush, one query per new person, which was a third of an import's time.
    person = Person(
        owner_id=owner.id,
        name=name,
        name_key=normalise_name(name),
        emails=[],
        attributes=[],
        tags=[],
        inferences=[],
        **dict.fromkeys(SCALAR_FIELDS),
    )
    session.add(person)
    apply_fields(session, owner, person, fields, overwrite=True, email_owner=email_owner)
    if flush:
        session.flush()
    return person


def apply_fields(
    session: Session,
    owner: Account,
    person: Person,
    fields: PersonFields,
    *,
    overwrite: bool,
    email_owner: EmailOwner | None = None,
) -> bool:
    """Write ``fields`` onto ``person``; with ``overwrite=False`` only blanks are filled.

    Emails, attributes and tags are merged (never dropped).  A value salon
    inferred counts as a blank: a stated one replaces it, and stays stated.
    Returns whether
    anything changed, so re-importing the same file reports no update.
    ``email_owner`` answers who holds an email (default: a query).
    """
    check_lengths(fields)
    changed = False
    name = clean_text(fields.name)
    if name and overwrite and name != person.name:
        person.name, person.name_key = name, normalise_name(name)
        changed = True
    for key in SCALAR_FIELDS:
        value: Any = getattr(fields, key)
        if isinstance(value, str):
            value = clean_text(value)
            if key == "url":
                value = _profile_url(value)
        if value is None:
            continue
        current = getattr(person, key)
        inferred = person.inferred(key) if key in INFERABLE_FIELDS and current else None
        if inferred is not None:
            person.inferences.remove(inferred)  # stated now, whether the same value or not
            changed = True
        elif current == value or (current is not None and not overwrite):
            continue
        setattr(person, key, value)
        changed = True
    have = {e.email for e in person.emails}
    for raw in fields.emails:
        email = normalise_email(raw)
        if email and email not in have:
            other = email_owner(email) if email_owner else person_by_email(session, owner, email)
            if other is not None and other is not person:
                raise DuplicateError(f"{email} already belongs to {other.name} (id {other.id})")
            person.emails.append(PersonEmail(owner_id=owner.id, email=email, position=len(have)))
            have.add(email)
            changed = True
    attrs = {a.key: a for a in person.attributes}
    for key, value in fields.attributes.items():
        key, value = key.strip(), value.strip()
        if not key or not value:
            continue
        if key not in attrs:
            attrs[key] = PersonAttribute(key=key, value=value)
            person.attributes.append(attrs[key])
            changed = True
        elif overwrite and attrs[key].value != value:
            attrs[key].value = value
            changed = True
    existing = {(t.kind, t.tag.casefold()) for t in person.tags}
    for kind, values in (
        ("expertise", fields.expertise),
        ("interest", fields.interests),
        ("tag", fields.tags),
    ):
        for value in values:
            tag = " ".join(value.split())
            if tag and (kind, tag.casefold()) not in existing:
                person.tags.append(PersonTag(kind=kind, tag=tag))
                existing.add((kind, tag.casefold()))
                changed = True
    return changed


def person_by_email(session: Session, owner: Account, email: str) -> Person | None:
    return session.scalar(
        select(Person)
        .join(PersonEmail, PersonEmail.person_id == Person.id)
        .where(PersonEmail.owner_id == owner.id, PersonEmail.email == email)
    )


def person_by_url(session: Session, owner: Account, url: str) -> Person | None:
    """Who holds the normalised profile ``url``."""
    return session.scalar(select(Person).where(Person.owner_id == owner.id, Person.url == url))


def get_person(session: Session, owner: Account, ref: int | str) -> Person:
    """A person by id, email, profile URL or (unambiguous) name."""
    query = select(Person).where(Person.owner_id == owner.id).options(*_load_options())
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        number = int(ref)
        person = session.scalar(query.where(Person.id == number)) if fits_id(number) else None
        if person is None:
            raise NotFoundError(f"no person with id {ref}")
        return person
    text = strip_controls(ref).strip()  # PostgreSQL refuses a NUL even in a query
    if "@" in text:
        found = person_by_email(session, owner, normalise_email(text) or text)
        if found is not None:
            return found
    url = normalise_url(text) if "/" in text else None
    if url:
        found = session.scalar(query.where(Person.url == url))
        if found is not None:
            return found
    matches = list(session.scalars(query.where(Person.name_key == normalise_name(text))))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"no person called {text!r}")
    listing = ", ".join(
        f"{p.name} (id {p.id}, {p.organization or 'no organisation'})" for p in matches
    )
    raise InputError(f"{text!r} is ambiguous: {listing}; use an id")


#: the longest search text: a name, an organisation or an address fits with room to spare,
#: and SQLite refuses LIKE patterns past 50,000 bytes ("pattern too complex")
MAX_SEARCH_LENGTH = 300


def list_people(
    session: Session,
    owner: Account,
    *,
    search: str | None = None,
    industry: str | None = None,
    include_me: bool = False,
    among: Select[tuple[int]] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Person]:
    """People of the network, by name; ``search`` matches name, organisation or email.

    ``limit`` and ``offset`` give one page of them (by name, then id).

    ``among``, a query of person ids, keeps only those (e.g.
    :func:`~salon.services.ties.contact_ids`): loading all 100,000 people of a
    large store as objects takes seconds.
    """
    query = _filtered(select(Person).options(*_load_options()), owner, search, industry, include_me)
    if among is not None:
        query = query.where(Person.id.in_(among))
    query = query.order_by(Person.name_key, Person.id).offset(offset).limit(limit)
    return list(session.scalars(query))


def _filtered(
    query: Select[*tuple[Any, ...]],
    owner: Account,
    search: str | None,
    industry: str | None,
    include_me: bool,
) -> Select[*tuple[Any, ...]]:
    """``query`` kept to the owner's people that :func:`list_people`'s filters let through."""
    query = query.where(Person.owner_id == owner.id)
    if not include_me:
        query = query.where(Person.is_me.is_(False))
    if industry:
        query = query.where(func.lower(Person.industry) == industry.lower())
    if search and len(search) > MAX_SEARCH_LENGTH:
        raise InputError(
            f"a search is at most {MAX_SEARCH_LENGTH} characters, this one has {len(search)}",
            field="search",
        )
    search = strip_controls(search) if search else search
    if search:
        pattern = f"%{search.lower()}%"
        email_match = select(PersonEmail.person_id).where(PersonEmail.email.like(pattern))
        query = query.where(
            or_(
                Person.name_key.like(f"%{normalise_name(search)}%"),
                func.lower(Person.organization).like(pattern),
                Person.id.in_(email_match),
            )
        )
    return query


def people_page(
    session: Session,
    owner: Account,
    *,
    search: str | None = None,
    industry: str | None = None,
    include_me: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[int], int]:
    """The ids of one page of :func:`list_people` (same filters, same order), and the total.

    Only ids: :func:`person_dicts` reads the people themselves in chunks,
    so a listing of 100,000 people never holds them all as objects.
    """
    _check_page(limit, offset)
    query = _filtered(select(Person.id), owner, search, industry, include_me)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = query.order_by(Person.name_key, Person.id).offset(offset).limit(limit)
    return list(session.scalars(page)), total


def people_page_dicts(
    session: Session,
    owner: Account,
    *,
    search: str | None = None,
    industry: str | None = None,
    include_me: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[dict[str, Any]]:
    """The people of :func:`people_page` (same filters, same order) as :func:`person_dicts`
    gives them, streamed: one query per table, in flat memory however many match."""
    _check_page(limit, offset)
    query = _filtered(select(Person.id, Person.name_key), owner, search, industry, include_me)
    page = query.order_by(Person.name_key, Person.id).offset(offset).limit(limit)
    return (row for row, _ in person_dicts_in_order(session, page))


def _check_page(limit: int | None, offset: int) -> None:
    if limit is not None and limit < 0:
        raise InputError(f"limit: expected a count ≥ 0, got {limit}", field="limit")
    if offset < 0:
        raise InputError(f"offset: expected a count ≥ 0, got {offset}", field="offset")


def write_people_json(
    session: Session,
    owner: Account,
    out: TextIO,
    *,
    search: str | None = None,
    industry: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> int:
    """Write :func:`people_page_dicts` to ``out`` as a JSON list; how many.

    Written as read, one person a line (:mod:`salon.io.json_stream`): a
    100,000-person list never sits in memory whole.
    """
    rows = people_page_dicts(
        session, owner, search=search, industry=industry, limit=limit, offset=offset
    )
    return write_json_list(out, rows)


# people read per query by person_dicts: flat memory, short IN (...) lists
PEOPLE_CHUNK = 1_000


def person_dicts(
    session: Session, person_ids: Sequence[int]
) -> Iterator[tuple[dict[str, Any], bool]]:
    """Each of ``person_ids``, in order, as :func:`person_dict` gives it, and whether it is me.

    Read :data:`PEOPLE_CHUNK` people at a time by column queries: no ORM
    object, and memory that does not grow with the network.
    """
    columns = [Person.id, Person.is_me, Person.name, *(getattr(Person, f) for f in SCALAR_FIELDS)]
    for start in range(0, len(person_ids), PEOPLE_CHUNK):
        chunk = person_ids[start : start + PEOPLE_CHUNK]
        rows = {
            row[0]: row for row in session.execute(select(*columns).where(Person.id.in_(chunk)))
        }
        emails: defaultdict[int, list[str]] = defaultdict(list)
        for person_id, email in session.execute(
            select(PersonEmail.person_id, PersonEmail.email)
            .where(PersonEmail.person_id.in_(chunk))
            .order_by(PersonEmail.person_id, PersonEmail.position)
        ):
            emails[person_id].append(email)
        attributes: defaultdict[int, dict[str, str]] = defaultdict(dict)
        for person_id, name, value in session.execute(
            select(PersonAttribute.person_id, PersonAttribute.key, PersonAttribute.value)
            .where(PersonAttribute.person_id.in_(chunk))
            .order_by(PersonAttribute.person_id, PersonAttribute.key)
        ):
            attributes[person_id][name] = value
        tags: defaultdict[tuple[int, str], list[str]] = defaultdict(list)
        for person_id, kind, tag in session.execute(
            select(PersonTag.person_id, PersonTag.kind, PersonTag.tag).where(
                PersonTag.person_id.in_(chunk)
            )
        ):
            tags[(person_id, kind)].append(tag)
        inferred: defaultdict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
        for person_id, name, confidence, method, source in session.execute(
            select(
                InferredValue.person_id,
                InferredValue.field,
                InferredValue.confidence,
                InferredValue.method,
                InferredValue.source,
            ).where(InferredValue.person_id.in_(chunk))
        ):
            inferred[person_id][name] = {
                "confidence": confidence,
                "method": method,
                "source": source,
            }
        for person_id in chunk:
            row = rows[person_id]
            scalars = dict(zip(SCALAR_FIELDS, row[3:], strict=True))
            mails = emails.get(person_id, [])
            yield (
                {
                    "id": person_id,
                    "name": row.name,
                    "email": mails[0] if mails else None,
                    "emails": mails,
                    **{f: scalars[f] for f in _PERSON_TEXT},
                    "industry_inferred": "industry" in inferred.get(person_id, {}),
                    "discipline_inferred": "discipline" in inferred.get(person_id, {}),
                    "connected_on": scalars["connected_on"].isoformat()
                    if scalars["connected_on"]
                    else None,
                    "attributes": attributes.get(person_id, {}),
                    "expertise": sorted(tags.get((person_id, "expertise"), [])),
                    "interests": sorted(tags.get((person_id, "interest"), [])),
                    "tags": sorted(tags.get((person_id, "tag"), [])),
                    "inferred": inferred.get(person_id, {}),
                },
                bool(row.is_me),
            )


# the person fields person_dict gives as they are, in its order
_PERSON_TEXT = ("organization", "role", "url", "phone", "industry", "discipline", "bio")


def remove_person(session: Session, owner: Account, ref: int | str) -> Person:
    """Delete a person with their ties, participations and feedback (cascades)."""
    person = get_person(session, owner, ref)
    if person.is_me:
        raise InputError("the account's own person cannot be removed")
    session.delete(person)
    session.flush()
    # The database removed the person's ties, participations, memberships...
    # (ON DELETE CASCADE) behind the session's back: drop their stale copies
    # and the tie cache, or a record that reuses an id later in this session
    # (SQLite reuses them) meets the ghosts.
    for stale in [record for record in session.identity_map.values() if _names(record, person)]:
        session.expunge(stale)
    forget_tie_cache(session)
    return person


def _names(record: Any, person: Person) -> bool:
    """Whether ``record`` points at ``person`` through a foreign key to people."""
    state = inspect(record)
    return any(
        state.dict.get(attribute.key) == person.id  # loaded values only: never a query
        and any(fk.column.table.name == "people" for fk in attribute.columns[0].foreign_keys)
        for attribute in state.mapper.column_attrs
    )


def person_dict(person: Person) -> dict[str, Any]:
    """A person as plain data (``salon person list --json``, exports)."""
    return {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "emails": [e.email for e in person.emails],
        "organization": person.organization,
        "role": person.role,
        "url": person.url,
        "phone": person.phone,
        "industry": person.industry,
        "industry_inferred": person.inferred("industry") is not None,
        "discipline": person.discipline,
        "discipline_inferred": person.inferred("discipline") is not None,
        "bio": person.bio,
        "connected_on": person.connected_on.isoformat() if person.connected_on else None,
        "attributes": person.attribute_map(),
        "expertise": person.tag_set("expertise"),
        "interests": person.tag_set("interest"),
        "tags": person.tag_set("tag"),
        "inferred": {
            i.field: {"confidence": i.confidence, "method": i.method, "source": i.source}
            for i in person.inferences
        },
    }


def update_person(session: Session, owner: Account, ref: int | str, fields: PersonFields) -> Person:
    """Make ``ref``'s details exactly ``fields`` (an edit form): blanks clear a field.

    Unlike :func:`apply_fields`, which only ever adds, emails, attributes and
    tags not in ``fields`` are removed.  Ties, conversations and everything
    else that names the person stay.

    Raises
    ------
    InputError
        No name, or a value too long for its column.
    DuplicateError
        An email or profile URL belongs to someone else.
    """
    person = get_person(session, owner, ref)
    name = clean_text(fields.name)
    if not name:
        raise InputError("a person needs a name", field="name")
    check_lengths(fields)
    emails = list(dict.fromkeys(e for e in (normalise_email(e) for e in fields.emails) if e))
    for email in emails:
        other = person_by_email(session, owner, email)
        if other is not None and other.id != person.id:
            raise DuplicateError(f"{email} already belongs to {other.name} (id {other.id})")
    url = _profile_url(fields.url)
    if url is not None:
        other = session.scalar(select(Person).where(Person.owner_id == owner.id, Person.url == url))
        if other is not None and other.id != person.id:
            raise DuplicateError(f"{url} already belongs to {other.name} (id {other.id})")
    person.name, person.name_key = name, normalise_name(name)
    for key in SCALAR_FIELDS:
        value: Any = getattr(fields, key)
        value = clean_text(value) if isinstance(value, str) else value
        inferred = person.inferred(key) if key in INFERABLE_FIELDS else None
        if inferred is not None and value != getattr(person, key):
            person.inferences.remove(inferred)  # what the person typed is stated
        setattr(person, key, value)
    person.url = url
    # removed rows are deleted before the new ones are written: a kept email or
    # tag would otherwise meet its own unique constraint
    person.emails = [e for e in person.emails if e.email in emails]
    person.attributes = [a for a in person.attributes if a.key.strip() in fields.attributes]
    wanted_tags = {
        (kind, " ".join(tag.split()).casefold())
        for kind, tags in (
            ("expertise", fields.expertise),
            ("interest", fields.interests),
            ("tag", fields.tags),
        )
        for tag in tags
    }
    person.tags = [t for t in person.tags if (t.kind, t.tag.casefold()) in wanted_tags]
    session.flush()
    apply_fields(session, owner, person, replace(fields, url=url), overwrite=True)
    for position, row in enumerate(sorted(person.emails, key=lambda e: emails.index(e.email))):
        row.position = position
    session.flush()
    return person
