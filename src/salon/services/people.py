"""People: add, edit, find, list and remove, always within one owner's network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Select, func, inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import Account, Person, PersonAttribute, PersonEmail, PersonTag
from salon.errors import DuplicateError, InputError, NotFoundError
from salon.io.normalise import normalise_email, normalise_name, normalise_url
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
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


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
        text = _clean(value) if isinstance(value, str) else None
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
    name = _clean(fields.name)
    if not name:
        raise InputError("a person needs a name", field="name")
    check_lengths(fields)
    emails = [e for e in (normalise_email(e) for e in fields.emails) if e]
    url = normalise_url(fields.url) if fields.url else None
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

    Emails, attributes and tags are merged (never dropped).  Returns whether
    anything changed, so re-importing the same file reports no update.
    ``email_owner`` answers who holds an email (default: a query).
    """
    check_lengths(fields)
    changed = False
    name = _clean(fields.name)
    if name and overwrite and name != person.name:
        person.name, person.name_key = name, normalise_name(name)
        changed = True
    for key in SCALAR_FIELDS:
        value: Any = getattr(fields, key)
        if isinstance(value, str):
            value = _clean(value)
            if key == "url" and value:
                value = normalise_url(value)
        if value is None:
            continue
        current = getattr(person, key)
        if current == value or (current is not None and not overwrite):
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


def get_person(session: Session, owner: Account, ref: int | str) -> Person:
    """A person by id, email, profile URL or (unambiguous) name."""
    query = select(Person).where(Person.owner_id == owner.id).options(*_load_options())
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        person = session.scalar(query.where(Person.id == int(ref)))
        if person is None:
            raise NotFoundError(f"no person with id {ref}")
        return person
    text = ref.strip()
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


def list_people(
    session: Session,
    owner: Account,
    *,
    search: str | None = None,
    industry: str | None = None,
    include_me: bool = False,
    among: Select[tuple[int]] | None = None,
) -> list[Person]:
    """People of the network, by name; ``search`` matches name, organisation or email.

    ``among``, a query of person ids, keeps only those (e.g.
    :func:`~salon.services.ties.contact_ids`): loading all 100,000 people of a
    large store as objects takes seconds.
    """
    query = select(Person).where(Person.owner_id == owner.id).options(*_load_options())
    if among is not None:
        query = query.where(Person.id.in_(among))
    if not include_me:
        query = query.where(Person.is_me.is_(False))
    if industry:
        query = query.where(func.lower(Person.industry) == industry.lower())
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
    return list(session.scalars(query.order_by(Person.name_key, Person.id)))


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
        "discipline": person.discipline,
        "bio": person.bio,
        "connected_on": person.connected_on.isoformat() if person.connected_on else None,
        "attributes": person.attribute_map(),
        "expertise": person.tag_set("expertise"),
        "interests": person.tag_set("interest"),
        "tags": person.tag_set("tag"),
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
    name = _clean(fields.name)
    if not name:
        raise InputError("a person needs a name", field="name")
    check_lengths(fields)
    emails = list(dict.fromkeys(e for e in (normalise_email(e) for e in fields.emails) if e))
    for email in emails:
        other = person_by_email(session, owner, email)
        if other is not None and other.id != person.id:
            raise DuplicateError(f"{email} already belongs to {other.name} (id {other.id})")
    url = normalise_url(fields.url) if fields.url else None
    if url is not None:
        other = session.scalar(select(Person).where(Person.owner_id == owner.id, Person.url == url))
        if other is not None and other.id != person.id:
            raise DuplicateError(f"{url} already belongs to {other.name} (id {other.id})")
    person.name, person.name_key = name, normalise_name(name)
    for key in SCALAR_FIELDS:
        value: Any = getattr(fields, key)
        setattr(person, key, _clean(value) if isinstance(value, str) else value)
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
