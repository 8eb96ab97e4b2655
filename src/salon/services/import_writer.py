"""Storing a parsed file in bulk: match in memory, write with Core statements in batches.

An import of a 30,000-connection LinkedIn export (100,000 rows for a store
that gathers several) must cost about what inserting the rows costs.  So
nothing here makes an ORM object per row:

1. the owner's identity keys (name key, organisation, profile URL, e-mail
   addresses) are read once, by column queries, into dictionaries;
2. each record is matched (:func:`salon.services.matching.pick_match`, the
   rules every import follows) and checked in file order, the index learning
   each new person and each address or URL a record adds, so a later row of
   the same file sees them;
3. the details of the matched stored people (other fields, attributes,
   tags) are read in batches of ids, and each record fills their blanks:
   values already stored win;
4. new people, changed fields, e-mail addresses, attributes, tags, ties to the
   user and their evidence go in with ``INSERT``/``UPDATE`` executemany
   batches.

Everything happens inside the caller's transaction: a bad row raises before
the first write (or is skipped with ``skip_bad_rows``), and a failure
anywhere rolls the whole file back.  The ORM objects of the session are
expired at the end, since they did not see the writes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import JSON, Table, bindparam, insert, or_, select, text, tuple_, update
from sqlalchemy.orm import Session

from salon.db.models import (
    INFERABLE_FIELDS,
    Account,
    InferredValue,
    Person,
    PersonAttribute,
    PersonEmail,
    PersonTag,
    Tie,
    TieEvidence,
)
from salon.errors import InputError
from salon.io.normalise import normalise_email, normalise_name, normalise_url
from salon.io.records import ImportIssue, PersonRecord, RelatedRecord
from salon.services.matching import (
    FORMER_NAME,
    FORMER_ORGANIZATION,
    former_values,
    identity_clash_message,
    organisation_keys,
    pick_match,
)
from salon.services.people import SCALAR_FIELDS, PersonFields, check_lengths, clean_text
from salon.services.ties import forget_tie_cache

Progress = Callable[[str, int, int], None]
"""Told ``(stage, done, total)`` as an import goes: "matching", "writing"."""

RecordOutcome = Literal["created", "updated", "unchanged"]

# rows per INSERT/UPDATE batch, and ids per IN (...) list: a few thousand bound
# values, well inside SQLite's and PostgreSQL's limits
BATCH = 2_000
ID_CHUNK = 500
_IDENTITY = ("organization", "url")
_DETAILS = tuple(key for key in SCALAR_FIELDS if key not in _IDENTITY)
_TAG_KINDS = (("expertise", "expertise"), ("interest", "interests"), ("tag", "tags"))

PEOPLE: Table = Person.__table__  # type: ignore[assignment]
EMAILS: Table = PersonEmail.__table__  # type: ignore[assignment]
ATTRIBUTES: Table = PersonAttribute.__table__  # type: ignore[assignment]
TAGS: Table = PersonTag.__table__  # type: ignore[assignment]
TIES: Table = Tie.__table__  # type: ignore[assignment]
EVIDENCE: Table = TieEvidence.__table__  # type: ignore[assignment]
INFERRED: Table = InferredValue.__table__  # type: ignore[assignment]


@dataclass(eq=False, slots=True)
class Entry:
    """One person of the owner as the import sees them: stored (``id``) or new."""

    id: int | None
    name: str
    name_key: str
    organization: str | None
    url: str | None
    is_me: bool
    emails: list[str]
    created: bool = False
    # the other scalar fields, attributes and tag keys; None until read
    scalars: dict[str, Any] | None = None
    attributes: dict[str, str] | None = None
    tag_keys: set[tuple[str, str]] | None = None
    # the keys of the present and former organisations (a merge keeps the former)
    organisations: set[str] = field(default_factory=set)
    # fields whose stored value salon inferred: blank to the import, which may state them
    inferred: set[str] = field(default_factory=set)
    # what this import adds
    dirty: set[str] = field(default_factory=set)
    new_emails: list[tuple[str, int]] = field(default_factory=list)
    new_attributes: list[tuple[str, str]] = field(default_factory=list)
    new_tags: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.name} (id {self.id})" if self.id is not None else f"{self.name} (new)"


class Entries:
    """The owner's people by e-mail, profile URL and name key, read once by column queries."""

    def __init__(self, session: Session, owner: Account) -> None:
        self.all: list[Entry] = []
        self.by_id: dict[int, Entry] = {}
        self.by_email: dict[str, Entry] = {}
        self.by_url: dict[str, Entry] = {}
        self.by_name: defaultdict[str, list[Entry]] = defaultdict(list)
        rows = session.execute(
            select(
                PEOPLE.c.id,
                PEOPLE.c.name,
                PEOPLE.c.name_key,
                PEOPLE.c.organization,
                PEOPLE.c.url,
                PEOPLE.c.is_me,
            )
            .where(PEOPLE.c.owner_id == owner.id)
            .order_by(PEOPLE.c.id)
        )
        for id_, name, name_key, organization, url, is_me in rows:
            entry = Entry(id_, name, name_key, organization, url, bool(is_me), [])
            self.by_id[id_] = entry
            self.add(entry)
        emails = session.execute(
            select(EMAILS.c.person_id, EMAILS.c.email)
            .where(EMAILS.c.owner_id == owner.id)
            .order_by(EMAILS.c.person_id, EMAILS.c.position, EMAILS.c.id)
        )
        for person_id, email in emails:
            entry = self.by_id[person_id]
            entry.emails.append(email)
            self.by_email.setdefault(email, entry)
        former = session.execute(
            select(ATTRIBUTES.c.person_id, ATTRIBUTES.c.key, ATTRIBUTES.c.value)
            .join(PEOPLE, PEOPLE.c.id == ATTRIBUTES.c.person_id)
            .where(
                PEOPLE.c.owner_id == owner.id,
                ATTRIBUTES.c.key.in_((FORMER_NAME, FORMER_ORGANIZATION)),
            )
        )
        for person_id, key, value in former:
            entry = self.by_id[person_id]
            if key == FORMER_ORGANIZATION:
                entry.organisations |= organisation_keys(None, former_values(value))
                continue
            for name_key in {normalise_name(v) for v in former_values(value)}:
                if not any(e is entry for e in self.by_name[name_key]):
                    self.by_name[name_key].append(entry)

    def add(self, entry: Entry) -> None:
        self.all.append(entry)
        self.by_name[entry.name_key].append(entry)
        if entry.url:
            self.by_url.setdefault(entry.url, entry)
        for email in entry.emails:
            self.by_email.setdefault(email, entry)

    def match(self, record: PersonRecord) -> Entry | None:
        return pick_match(
            record.emails,
            record.url,
            record.name,
            record.organization,
            by_emails=lambda found: next(
                (self.by_email[e] for e in found if e in self.by_email), None
            ),
            by_url=self.by_url.get,
            named=lambda key: self.by_name.get(key, ()),
            emails_of=lambda entry: entry.emails,
            organisations_of=lambda entry: (
                organisation_keys(entry.organization) | entry.organisations
            ),
        )


@dataclass
class Stored:
    """What :func:`store_records` did, record by record."""

    outcomes: dict[RecordOutcome, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    skipped: list[ImportIssue] = field(default_factory=list)
    ties_added: int = 0
    person_ids: list[int] = field(default_factory=list)  # everyone the file named, in order


def store_records(
    session: Session,
    owner: Account,
    user: Person,
    records: Sequence[PersonRecord],
    *,
    to_fields: Callable[[PersonRecord], PersonFields],
    source_ref: str,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> Stored:
    """Match and store ``records``, each a contact of ``user`` (see the module).

    Raises
    ------
    InputError
        Naming the record's file, line and field, before anything is written
        (unless ``skip_bad_rows``): a value too long for its column, or a row
        whose e-mail addresses or URL belong to two people.
    """
    session.flush()  # the ORM's pending changes first: the queries below must see them
    entries = Entries(session, owner)
    result = Stored()
    placed: list[tuple[PersonRecord, PersonFields, Entry, bool]] = []
    for done, record in enumerate(records, 1):
        fields = to_fields(record)
        entry = entries.match(record)
        problem = _row_problem(record, fields, entry, entries)
        if problem is not None:
            if not skip_bad_rows:
                raise problem
            result.skipped.append(
                ImportIssue(record.source, record.line, problem.field, problem.message)
            )
            continue
        if entry is None:
            name = clean_text(fields.name) or ""
            entry = Entry(
                None, name, normalise_name(name), None, None, False, [], True, {}, {}, set()
            )
            entries.add(entry)
            created = True
        else:
            created = False
        placed.append((record, fields, entry, _fill_identity(entry, fields, entries) or created))
        if progress is not None and (done % BATCH == 0 or done == len(records)):
            progress("matching", done, len(records))
    _read_details(session, [entry for _, _, entry, _ in placed])
    first_seen: set[int] = set()
    for _, fields, entry, changed in placed:
        changed = _fill_details(entry, fields) or changed
        if entry.created and id(entry) not in first_seen:
            first_seen.add(id(entry))
            result.outcomes["created"] += 1
        else:
            result.outcomes["updated" if changed else "unchanged"] += 1
    _write_people(session, owner, entries, progress)
    _drop_stated_inferences(session, [entry for _, _, entry, _ in placed])
    result.person_ids = [entry.id for _, _, entry, _ in placed if entry.id is not None]
    ties = _TieWriter(session, owner, source_ref)
    for record, _, entry, _ in placed:
        assert entry.id is not None
        if entry.id != user.id:
            ties.want(user.id, entry.id, record.connected_on)
    related = _RelatedResolver(entries, [entry for _, _, entry, _ in placed])
    for record, _, entry, _ in placed:
        for relation in record.related:
            other = related.person(relation)
            if other is not None and other.id != entry.id:
                assert entry.id is not None
                assert other.id is not None
                ties.want(entry.id, other.id, None)
    result.ties_added = ties.write(user.id)
    # the session's objects did not see these writes
    session.expire_all()
    forget_tie_cache(session)
    return result


def _row_problem(
    record: PersonRecord, fields: PersonFields, entry: Entry | None, entries: Entries
) -> InputError | None:
    """Why ``record`` cannot be stored, with its file and line, found before any write."""
    try:
        if not clean_text(fields.name):
            raise InputError("a person needs a name", field="name")
        check_lengths(fields)
    except InputError as error:
        return InputError(error.message, source=record.source, line=record.line, field=error.field)
    if entry is None:  # no e-mail or URL of the record is known, or it would have matched
        return None
    clash: tuple[str, str, Entry] | None = None
    for raw in record.emails:
        email = normalise_email(raw)
        holder = entries.by_email.get(email) if email else None
        if email and holder is not None and holder is not entry:
            clash = ("email", email, holder)
            break
    url = normalise_url(record.url) if record.url else None
    if clash is None and url and entry.url is None:
        holder = entries.by_url.get(url)
        if holder is not None and holder is not entry:
            clash = ("url", url, holder)
    if clash is None:
        return None
    field_name, value, holder = clash
    return InputError(
        identity_clash_message(value, holder.label, entry.label, holder.id, entry.id),
        source=record.source,
        line=record.line,
        field=field_name,
    )


def _fill_identity(entry: Entry, fields: PersonFields, entries: Entries) -> bool:
    """Fill ``entry``'s blank organisation and URL, add its new addresses; whether it changed.

    Done as each record is matched, so that the next records match on them.
    """
    changed = False
    organization = clean_text(fields.organization)
    if organization is not None and entry.organization is None:
        entry.organization = organization
        entry.dirty.add("organization")
        changed = True
    url = clean_text(fields.url)
    url = normalise_url(url) if url else None
    if url is not None and entry.url is None:
        entry.url = url
        entry.dirty.add("url")
        entries.by_url.setdefault(url, entry)
        changed = True
    for raw in fields.emails:
        email = normalise_email(raw)
        if email and email not in entry.emails:
            entry.new_emails.append((email, len(entry.emails)))
            entry.emails.append(email)
            entries.by_email.setdefault(email, entry)
            changed = True
    return changed


def _fill_details(entry: Entry, fields: PersonFields) -> bool:
    """Fill ``entry``'s other blank fields, add its new attributes and tags; whether it changed.

    The rules of :func:`salon.services.people.apply_fields` with
    ``overwrite=False``: stored values win, nothing is dropped.
    """
    assert entry.scalars is not None
    assert entry.attributes is not None
    assert entry.tag_keys is not None
    changed = False
    for key in _DETAILS:
        value: Any = getattr(fields, key)
        if isinstance(value, str):
            value = clean_text(value)
        if value is None or entry.scalars.get(key) is not None:
            continue
        entry.scalars[key] = value
        entry.dirty.add(key)
        changed = True
    for raw_key, raw_value in fields.attributes.items():
        key, value = raw_key.strip(), raw_value.strip()
        if key and value and key not in entry.attributes:
            entry.attributes[key] = value
            entry.new_attributes.append((key, value))
            changed = True
    for kind, attribute in _TAG_KINDS:
        for raw in getattr(fields, attribute):
            tag = " ".join(raw.split())
            if tag and (kind, tag.casefold()) not in entry.tag_keys:
                entry.tag_keys.add((kind, tag.casefold()))
                entry.new_tags.append((kind, tag))
                changed = True
    return changed


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _read_details(session: Session, matched: Iterable[Entry]) -> None:
    """Read the other fields, attributes and tags of the stored people that records matched."""
    by_id = {entry.id: entry for entry in matched if entry.id is not None and entry.scalars is None}
    ids = sorted(by_id)
    for chunk in _chunks(ids, ID_CHUNK):
        columns = [PEOPLE.c[key] for key in _DETAILS]
        for row in session.execute(select(PEOPLE.c.id, *columns).where(PEOPLE.c.id.in_(chunk))):
            entry = by_id[row[0]]
            entry.scalars = dict(zip(_DETAILS, row[1:], strict=True))
            entry.attributes, entry.tag_keys = {}, set()
        attributes = select(ATTRIBUTES.c.person_id, ATTRIBUTES.c.key, ATTRIBUTES.c.value).where(
            ATTRIBUTES.c.person_id.in_(chunk)
        )
        for person_id, key, value in session.execute(attributes):
            by_id[person_id].attributes[key] = value  # type: ignore[index]
        tags = select(TAGS.c.person_id, TAGS.c.kind, TAGS.c.tag).where(TAGS.c.person_id.in_(chunk))
        for person_id, kind, tag in session.execute(tags):
            by_id[person_id].tag_keys.add((kind, tag.casefold()))  # type: ignore[union-attr]
        # an inferred value counts as blank: a value the file states replaces it
        # (apply_fields' rule for one person)
        inferred = select(INFERRED.c.person_id, INFERRED.c.field).where(
            INFERRED.c.person_id.in_(chunk)
        )
        for person_id, name in session.execute(inferred):
            entry = by_id[person_id]
            entry.inferred.add(name)
            entry.scalars[name] = None  # type: ignore[index]


def _drop_stated_inferences(session: Session, placed: Iterable[Entry]) -> None:
    """Forget the inferred marks of the values this import stated (the rows now hold them)."""
    stated = {
        (entry.id, name)
        for entry in placed
        for name in entry.inferred & entry.dirty
        if name in INFERABLE_FIELDS
    }
    for chunk in _chunks(sorted(stated), ID_CHUNK):
        session.execute(
            INFERRED.delete().where(tuple_(INFERRED.c.person_id, INFERRED.c.field).in_(chunk))
        )


def _write_people(
    session: Session, owner: Account, entries: Entries, progress: Progress | None
) -> None:
    """Insert the new people (learning their ids), update the changed ones, add their rows."""
    new = [entry for entry in entries.all if entry.created]
    now = dt.datetime.now(dt.UTC)
    for done, chunk in enumerate(_chunks(new, BATCH), 1):
        rows = [
            {
                "owner_id": owner.id,
                "name": entry.name,
                "name_key": entry.name_key,
                "organization": entry.organization,
                "url": entry.url,
                "is_me": False,
                "created_at": now,
                "updated_at": now,
                **{key: (entry.scalars or {}).get(key) for key in _DETAILS},
            }
            for entry in chunk
        ]
        ids = _inserted_ids(session, PEOPLE, rows)
        for entry, id_ in zip(chunk, ids, strict=True):
            entry.id = id_
        if progress is not None:
            progress("writing", min(done * BATCH, len(new)), len(new))
    by_columns: defaultdict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for entry in entries.all:
        if entry.dirty and not entry.created:
            columns = tuple(sorted(entry.dirty))
            values = {"organization": entry.organization, "url": entry.url, **(entry.scalars or {})}
            by_columns[columns].append(
                {"person_id": entry.id, **{f"new_{c}": values[c] for c in columns}}
            )
    for columns, rows in by_columns.items():
        change = (
            update(PEOPLE)
            .where(PEOPLE.c.id == bindparam("person_id"))
            .values({**{c: bindparam(f"new_{c}") for c in columns}, "updated_at": now})
        )
        for chunk in _chunks(rows, BATCH):
            session.execute(change, chunk)
    _insert(
        session,
        EMAILS,
        (
            {"owner_id": owner.id, "person_id": e.id, "email": email, "position": position}
            for e in entries.all
            for email, position in e.new_emails
        ),
    )
    _insert(
        session,
        ATTRIBUTES,
        (
            {"person_id": e.id, "key": key, "value": value}
            for e in entries.all
            for key, value in e.new_attributes
        ),
    )
    _insert(
        session,
        TAGS,
        (
            {"person_id": e.id, "kind": kind, "tag": tag}
            for e in entries.all
            for kind, tag in e.new_tags
        ),
    )


def _inserted_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in one batch; their new ids, in the order of ``rows``.

    SQLAlchemy can return ids in parameter order, but only row by row on
    SQLite (three times slower) and, on PostgreSQL, through one statement
    of thousands of placeholders that psycopg parses anew for each batch
    (three quarters of an import's time).  So on PostgreSQL the ids are
    drawn from the table's sequence first and the rows inserted with them
    (streamed by COPY), and on SQLite the batch's returned ids are
    sorted: SQLite numbers the rows of one INSERT in the order of its
    VALUES, each past the largest id, while the transaction holds the
    database's write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        ids = sorted(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"table": table.name, "n": len(rows)},
            )
        )
        _copy(session, table, [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
        return ids
    ids = sorted(session.execute(insert(table).returning(table.c.id), rows).scalars())
    if len(ids) != len(rows) or ids[-1] - ids[0] != len(ids) - 1:
        raise RuntimeError(f"expected {len(rows)} consecutive ids from SQLite, got {len(ids)}")
    return ids


def _insert(session: Session, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            _insert_batch(session, table, batch)
            batch = []
    if batch:
        _insert_batch(session, table, batch)


def _insert_batch(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, table, rows)
    else:
        session.execute(insert(table), rows)


def _copy(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (each with the same keys) with PostgreSQL's ``COPY FROM STDIN``.

    An executemany sends one statement per row through psycopg, which was
    most of a PostgreSQL import's CPU; COPY streams the rows.  Triggers fire
    as for INSERT.  Values go in as the driver adapts them, JSON columns
    as their text.
    """
    if not rows:
        return
    names = list(rows[0])
    json_columns = {name for name in names if isinstance(table.c[name].type, JSON)}
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    columns = ", ".join(f'"{name}"' for name in names)
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[n]) if n in json_columns else row[n] for n in names])


class _RelatedResolver:
    """The person a vCard RELATED value points at, if the store knows them.

    By the e-mail address or URL of its URI; else by name, among this file's
    people first, then the whole store; a name that two people share points
    at nobody.
    """

    def __init__(self, entries: Entries, placed: Sequence[Entry]) -> None:
        self._entries = entries
        self._placed: defaultdict[str, list[Entry]] = defaultdict(list)
        for entry in placed:
            same = self._placed[entry.name_key]
            if not any(other is entry for other in same):
                same.append(entry)

    def person(self, related: RelatedRecord) -> Entry | None:
        uri = related.uri or ""
        if uri.lower().startswith("mailto:"):
            email = normalise_email(uri[7:])
            if email and email in self._entries.by_email:
                return self._entries.by_email[email]
        elif "://" in uri:
            url = normalise_url(uri)
            if url and url in self._entries.by_url:
                return self._entries.by_url[url]
        if not related.name:
            return None
        key = normalise_name(related.name)
        same = self._placed.get(key) or self._entries.by_name.get(key, [])
        return same[0] if len(same) == 1 else None


class _TieWriter:
    """Ties with one kind of evidence (stated, ``source_ref``), added in bulk, each once."""

    def __init__(self, session: Session, owner: Account, source_ref: str) -> None:
        self.session = session
        self.owner = owner
        self.source_ref = source_ref
        self.wanted: dict[tuple[int, int], dt.date | None] = {}

    def want(self, a: int, b: int, since: dt.date | None) -> None:
        pair = (min(a, b), max(a, b))
        if pair not in self.wanted:
            self.wanted[pair] = since
        elif since is not None:
            known = self.wanted[pair]
            self.wanted[pair] = since if known is None else min(known, since)

    def write(self, user_id: int) -> int:
        """Write the ties and evidence not stored yet; how many evidence rows were added."""
        stored = self._existing(user_id)
        evidenced = self._evidenced([tie_id for tie_id, _ in stored.values()])
        existing = dict(stored)
        new_pairs = [pair for pair in self.wanted if pair not in existing]
        for chunk in _chunks(new_pairs, BATCH):
            rows = [
                {
                    "owner_id": self.owner.id,
                    "person_a_id": a,
                    "person_b_id": b,
                    "since": self.wanted[(a, b)],
                    "support": [],
                }
                for a, b in chunk
            ]
            ids = _inserted_ids(self.session, TIES, rows)
            for pair, tie_id in zip(chunk, ids, strict=True):
                existing[pair] = (tie_id, self.wanted[pair])
        earlier = []
        for pair, (tie_id, since) in stored.items():
            wanted = self.wanted[pair]
            if wanted is not None and (since is None or wanted < since):
                earlier.append({"tie_id": tie_id, "new_since": wanted})
        if earlier:
            self.session.execute(
                update(TIES)
                .where(TIES.c.id == bindparam("tie_id"))
                .values(since=bindparam("new_since")),
                earlier,
            )
        to_add = [existing[pair][0] for pair in self.wanted if existing[pair][0] not in evidenced]
        _insert(
            self.session,
            EVIDENCE,
            (
                {
                    "tie_id": tie_id,
                    "kind": "stated",
                    "inferred": False,
                    "source_ref": self.source_ref,
                }
                for tie_id in to_add
            ),
        )
        return len(to_add)

    def _existing(self, user_id: int) -> dict[tuple[int, int], tuple[int, dt.date | None]]:
        """The stored ties among the wanted pairs: (id, since) by pair."""
        columns = (TIES.c.id, TIES.c.person_a_id, TIES.c.person_b_id, TIES.c.since)
        found: dict[tuple[int, int], tuple[int, dt.date | None]] = {}
        # the user's ties in one query; the few others (vCard relations) by pair
        mine = select(*columns).where(
            TIES.c.owner_id == self.owner.id,
            or_(TIES.c.person_a_id == user_id, TIES.c.person_b_id == user_id),
        )
        others = [pair for pair in self.wanted if user_id not in pair]
        queries = [mine] + [
            select(*columns).where(
                TIES.c.owner_id == self.owner.id,
                tuple_(TIES.c.person_a_id, TIES.c.person_b_id).in_(chunk),
            )
            for chunk in _chunks(others, ID_CHUNK)
        ]
        for query in queries:
            for tie_id, a, b, since in self.session.execute(query):
                if (a, b) in self.wanted:
                    found[(a, b)] = (tie_id, since)
        return found

    def _evidenced(self, tie_ids: Sequence[int]) -> set[int]:
        """Which of ``tie_ids`` already hold this evidence."""
        found: set[int] = set()
        for chunk in _chunks(sorted(tie_ids), ID_CHUNK):
            query = select(EVIDENCE.c.tie_id).where(
                EVIDENCE.c.tie_id.in_(chunk),
                EVIDENCE.c.kind == "stated",
                EVIDENCE.c.source_ref == self.source_ref,
            )
            found.update(self.session.scalars(query))
        return found
