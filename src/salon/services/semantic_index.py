"""The semantic index of a network, kept in the store and updated incrementally.

Every searchable text of an owner's network becomes an
:class:`~salon.semantic.Item` with a stable ``ref``:

========  ====================================================  ==========================
ref       text                                                  person it came from
========  ====================================================  ==========================
idea:3    title, problem and the newest version                 the user ("me")
lesson:12 title, context, what happened, takeaway               who told the lesson
insight:7 the insight                                           the first other participant
note:n-1  the shared note (``salon note import``)               who shared it
person:5  role, organisation, industry, discipline, bio, tags   the person
========  ====================================================  ==========================

Each item needs a domain for far-analogy ranking: the record's own domain when
it has one, else the industry (then discipline) of the person it came from,
else ``"unspecified"``, which is never far from anything: an item of unknown
field is no far analogy (see ``unknown_domain`` of the index).

**What is stored.**  Vectors of a sentence model do not depend on the rest of
the corpus, so they are stored, one :class:`~salon.db.models.Embedding` row per
item per backend (the model's name), with a SHA-256 of the text: a refresh
embeds only new or changed texts and drops the rows of deleted records.  The
lexical TF-IDF fallback is *not* stored: its vocabulary and idf weights are
fitted on the corpus, so any new text would invalidate every stored vector;
refitting it on a network's few thousand texts takes milliseconds, so it is
rebuilt in memory on every query.

The vectors of each text's sentence parts (:mod:`salon.semantic.parts`, which
far analogies match on too) are stored beside it, in one row per item under
the backend's name plus :data:`PARTS_SUFFIX`, refreshed with the text: a text
of a single part reuses its own vector and costs no extra embedding.  The
lexical fallback ranks by whole texts only.

In a read-only transaction (a web page's GET) nothing is stored: new or
changed texts are embedded for that answer only, and the write paths bring
the stored vectors up to date (:func:`salon.services.caches.refresh_caches`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, selectinload

from salon.db.models import (
    Account,
    Embedding,
    Idea,
    IdeaVersion,
    Insight,
    Interaction,
    InteractionParticipant,
    Lesson,
    Note,
    Person,
)
from salon.db.store import keeps_caches
from salon.errors import InputError, NotFoundError
from salon.semantic import (
    DEFAULT_PART_WEIGHT,
    KINDS,
    MODEL_NAME,
    AnalogyIndex,
    Embedder,
    Item,
    Kind,
    LexicalEmbedder,
    SentenceModelEmbedder,
    decode_vector,
    decode_vectors,
    embed_parts,
    encode_vector,
    encode_vectors,
    model_unavailable_reason,
)

__all__ = [
    "BACKENDS",
    "EMBED_BATCH",
    "LEXICAL_BACKEND",
    "PARTS_SUFFIX",
    "REF_PREFIXES",
    "UNSPECIFIED_DOMAIN",
    "Backend",
    "Contact",
    "EmbedProgress",
    "IndexRefresh",
    "SemanticIndex",
    "SourceItem",
    "choose_embedder",
    "collect_items",
    "current_vectors",
    "idea_item_text",
    "semantic_index",
    "stored_refs",
    "text_hash",
]

Backend = Literal["auto", "model", "lexical"]
BACKENDS: tuple[str, ...] = ("auto", "model", "lexical")
LEXICAL_BACKEND = "tfidf"
UNSPECIFIED_DOMAIN = "unspecified"
#: Appended to a backend's name for the rows of sentence-part vectors.
PARTS_SUFFIX = "#parts"
#: Texts embedded per call of the model: progress is reported after each batch.
EMBED_BATCH = 256
#: Called with (texts embedded so far, texts to embed) while new texts are embedded.
EmbedProgress = Callable[[int, int], None]
# Refs per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
_REFS_PER_QUERY = 5000
# The length of Embedding.ref in the schema (String(200)).
_REF_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Contact:
    """Whom an item came from, and how to reach them."""

    id: int
    name: str
    organization: str | None
    role: str | None
    email: str | None
    phone: str | None
    url: str | None
    is_me: bool = False

    @property
    def how_to_reach(self) -> str:
        """The first of email, phone and profile URL, or a plain admission."""
        return self.email or self.phone or self.url or "no contact details"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "organization": self.organization,
            "role": self.role,
            "email": self.email,
            "phone": self.phone,
            "url": self.url,
            "is_me": self.is_me,
        }


@dataclass(frozen=True, slots=True)
class SourceItem:
    """An item to index and the stored person it came from (None: nobody known)."""

    item: Item
    person: Contact | None


@dataclass(frozen=True, slots=True)
class IndexRefresh:
    """What bringing the index up to date did.

    ``stored`` is False for a backend whose vectors are never stored (the
    TF-IDF fallback, rebuilt in memory); then every item counts as embedded.
    """

    backend: str
    stored: bool
    n_items: int
    n_embedded: int
    n_unchanged: int
    n_removed: int


@dataclass(frozen=True, slots=True)
class SemanticIndex:
    """An up-to-date index of one owner's network, and where its items came from."""

    index: AnalogyIndex
    sources: dict[str, SourceItem]
    refresh: IndexRefresh

    @property
    def backend(self) -> str:
        return self.index.backend


def text_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text, hex: equal texts share a stored vector."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _join(*parts: str | None) -> str:
    cleaned = (" ".join(p.split()) for p in parts if p)
    return " ".join(p if p.endswith((".", "!", "?")) else f"{p}." for p in cleaned if p)


def _contact(person: Person) -> Contact:
    return Contact(
        id=person.id,
        name=person.name,
        organization=person.organization,
        role=person.role,
        email=person.email,
        phone=person.phone,
        url=person.url,
        is_me=person.is_me,
    )


def _domain(own: str | None, person: Person | None) -> str:
    for candidate in (
        own,
        person.industry if person else None,
        person.discipline if person else None,
    ):
        if candidate and candidate.strip():
            return candidate.strip()
    return UNSPECIFIED_DOMAIN


def profile_text(person: Person) -> str:
    """What a person brings, as text: role, field, bio, expertise and interests."""
    return profile_text_of(
        role=person.role,
        organization=person.organization,
        industry=person.industry,
        discipline=person.discipline,
        bio=person.bio,
        expertise=person.tag_set("expertise"),
        interests=person.tag_set("interest"),
    )


def profile_text_of(
    *,
    role: str | None,
    organization: str | None,
    industry: str | None,
    discipline: str | None,
    bio: str | None,
    expertise: Sequence[str],
    interests: Sequence[str],
) -> str:
    """:func:`profile_text` from plain fields (a graph node's, say); tags in order."""
    work = " at ".join(p for p in (role, organization) if p)
    # The name is left out on purpose: it carries no problem or mechanism and
    # would only make people with similar names look alike.
    return _join(
        work,
        " / ".join(p for p in (industry, discipline) if p),
        bio,
        f"Expertise: {', '.join(expertise)}" if expertise else None,
        f"Interests: {', '.join(interests)}" if interests else None,
    )


def idea_item_text(idea: Idea) -> str:
    """What the index embeds for an idea: title, problem and the newest version."""
    newest = max(idea.versions, key=lambda v: v.number) if idea.versions else None
    return _idea_text_of(idea, newest)


def _idea_text_of(idea: Idea, newest: IdeaVersion | None) -> str:
    return _join(idea.title, idea.problem, newest.text if newest else None)


#: The ref prefix of each kind of item (see the module notes).
REF_PREFIXES: dict[str, str] = {
    "idea": "idea:",
    "lesson": "lesson:",
    "insight": "insight:",
    "note": "note:",
    "profile": "person:",
}


def _wanted(kinds: Collection[str] | None) -> frozenset[str]:
    if kinds is None:
        return frozenset(KINDS)
    if isinstance(kinds, str) or not set(kinds) <= KINDS:
        raise InputError(f"expected kinds among {sorted(KINDS)}, got {kinds!r}")
    return frozenset(kinds)


def _people(session: Session, owner: Account, ids: set[int] | None) -> dict[int, Person]:
    """The owner's people with what a contact needs: all, or these ids and the user."""
    query = (
        select(Person)
        .where(Person.owner_id == owner.id)
        .options(selectinload(Person.emails), selectinload(Person.tags))
    )
    if ids is not None:
        query = query.where(or_(Person.is_me.is_(True), Person.id.in_(sorted(ids))))
    return {p.id: p for p in session.scalars(query)}


def collect_items(
    session: Session, owner: Account, kinds: Collection[str] | None = None
) -> list[SourceItem]:
    """The searchable texts of ``owner``'s network, in a stable order.

    Only items of ``kinds`` (all by default) are read, and only the people
    they came from: asking for lessons does not load every profile.  Records
    whose text is blank are left out; so is the user's own profile.
    """
    wanted = _wanted(kinds)
    ideas = (
        list(session.scalars(select(Idea).where(Idea.owner_id == owner.id).order_by(Idea.id)))
        if "idea" in wanted
        else []
    )
    lessons = (
        list(session.scalars(select(Lesson).where(Lesson.owner_id == owner.id).order_by(Lesson.id)))
        if "lesson" in wanted
        else []
    )
    insights = (
        list(
            session.scalars(
                select(Insight)
                .join(Interaction, Interaction.id == Insight.interaction_id)
                .where(Interaction.owner_id == owner.id)
                .order_by(Insight.id)
            )
        )
        if "insight" in wanted
        else []
    )
    participants: dict[int, list[int]] = defaultdict(list)
    if insights:
        for interaction_id, person_id in session.execute(
            select(InteractionParticipant.interaction_id, InteractionParticipant.person_id)
            .where(
                InteractionParticipant.interaction_id.in_(
                    sorted({insight.interaction_id for insight in insights})
                )
            )
            .order_by(InteractionParticipant.interaction_id, InteractionParticipant.id)
        ):
            participants[interaction_id].append(person_id)
    notes = (
        list(session.scalars(select(Note).where(Note.owner_id == owner.id).order_by(Note.id)))
        if "note" in wanted
        else []
    )
    needed = {lesson.person_id for lesson in lessons if lesson.person_id is not None}
    needed |= {pid for pids in participants.values() for pid in pids}
    needed |= {note.person_id for note in notes if note.person_id is not None}
    people = _people(session, owner, None if "profile" in wanted else needed)
    contacts = {pid: _contact(p) for pid, p in people.items()}
    me = next((p for p in people.values() if p.is_me), None)
    out: list[SourceItem] = []

    def add(ref: str, kind: Kind, text: str, domain: str, person: Person | None) -> None:
        if text.strip():
            contact = contacts[person.id] if person is not None else None
            out.append(
                SourceItem(
                    Item(ref, text, domain, contact.name if contact else None, kind), contact
                )
            )

    newest: dict[int, IdeaVersion] = {}
    if ideas:
        for version in session.scalars(
            select(IdeaVersion)
            .join(Idea, Idea.id == IdeaVersion.idea_id)
            .where(Idea.owner_id == owner.id)
            .order_by(IdeaVersion.idea_id, IdeaVersion.number)
        ):
            newest[version.idea_id] = version
    for idea in ideas:
        text = _idea_text_of(idea, newest.get(idea.id))
        add(f"idea:{idea.id}", "idea", text, _domain(idea.domain, me), me)

    for lesson in lessons:
        teller = people.get(lesson.person_id) if lesson.person_id is not None else None
        # Tags name the lesson's mechanism in the teller's words ("handover",
        # "checklists"): the very thing a far analogy has to match on.
        tags = ", ".join(lesson.tags or ())
        text = _join(
            lesson.title,
            lesson.context,
            lesson.what_happened,
            lesson.takeaway,
            f"Tags: {tags}" if tags else None,
        )
        add(f"lesson:{lesson.id}", "lesson", text, _domain(lesson.domain, teller), teller)

    others: dict[int, list[Person]] = defaultdict(list)
    for interaction_id, person_ids in participants.items():
        for person_id in person_ids:
            person = people.get(person_id)
            if person is not None and not person.is_me:
                others[interaction_id].append(person)
    for insight in insights:
        # The first other participant stands for the conversation: whom to call back.
        speaker = next(iter(others.get(insight.interaction_id, ())), None)
        add(f"insight:{insight.id}", "insight", insight.text, _domain(None, speaker), speaker)

    for note in notes:
        author = people.get(note.person_id) if note.person_id is not None else None
        ref = f"note:{note.ref}"
        if len(ref) > _REF_LENGTH:  # a note's own id may use the whole column
            ref = f"note:#{note.id}"
        add(ref, "note", note.text, _domain(note.domain, author), author)

    for person in sorted(people.values(), key=lambda p: p.id):
        if "profile" in wanted and not person.is_me:
            add(
                f"person:{person.id}",
                "profile",
                profile_text(person),
                _domain(None, person),
                person,
            )
    return out


def choose_embedder(backend: str, corpus: Sequence[str]) -> tuple[Embedder, bool]:
    """The embedder for ``backend`` and whether its vectors are worth storing.

    ``auto`` takes the sentence model when it is installed, else TF-IDF fitted
    on ``corpus``; ``model`` insists on the model; ``lexical`` on TF-IDF.

    Raises
    ------
    InputError
        An unknown backend, or TF-IDF with an empty corpus.
    NotFoundError
        ``model`` where the model is not installed (the reason says what to install).
    """
    if backend not in BACKENDS:
        raise InputError(f"expected a backend among {list(BACKENDS)}, got {backend!r}")
    reason = model_unavailable_reason()
    if backend == "model" and reason is not None:
        raise NotFoundError(f"the sentence model is not available: {reason}")
    if backend == "lexical" or reason is not None:
        return LexicalEmbedder(corpus), False
    # One torch thread: on the shared two-core machines the semantic core's
    # measurement was 42 ms per query against 650 ms with torch's default.
    return SentenceModelEmbedder(threads=1), True


def _stored_vectors(
    session: Session,
    owner: Account,
    embedder: Embedder,
    items: Sequence[Item],
    wanted: frozenset[str],
    progress: EmbedProgress | None = None,
    *,
    parts: bool = True,
) -> tuple[NDArray[np.float32], list[NDArray[np.float32]], IndexRefresh]:
    """Vectors of ``items`` (row per item) and of their parts, embedding only new or changed texts.

    ``items`` are all the owner's items of the ``wanted`` kinds: stored rows of
    those kinds that match no item are dropped; other kinds are not read.
    Equal texts are embedded once, in batches of :data:`EMBED_BATCH`, with
    ``progress`` told after each.
    """
    name = embedder.name
    rows = _stored_rows(session, owner, name, wanted)
    hashes = [text_hash(item.text) for item in items]
    dim = embedder.dim if items else 0
    stale = [
        i
        for i, (item, digest) in enumerate(zip(items, hashes, strict=True))
        if (row := rows.get(item.ref)) is None or row.text_hash != digest or row.dim != dim
    ]
    distinct = {text: j for j, text in enumerate(dict.fromkeys(items[i].text for i in stale))}
    embedded = _embed_in_batches(embedder, list(distinct), progress) if distinct else None
    fresh = embedded[[distinct[items[i].text] for i in stale]] if embedded is not None else None
    vectors = np.zeros((len(items), dim), dtype=np.float32)
    is_stale = np.zeros(len(items), dtype=bool)
    is_stale[stale] = True
    for i, item in enumerate(items):
        if not is_stale[i]:
            vectors[i] = decode_vector(rows[item.ref].vector, dim)
    keep = keeps_caches(session)
    for j, i in enumerate(stale):
        assert fresh is not None
        vector = np.asarray(fresh[j], dtype=np.float32)
        vectors[i] = vector
        if not keep:  # a read-only transaction: embedded for this answer only
            continue
        row = rows.get(items[i].ref)
        if row is None:
            row = Embedding(owner_id=owner.id, backend=name, ref=items[i].ref)
            session.add(row)
        row.text_hash, row.dim = hashes[i], dim
        row.vector, row.norm = encode_vector(vector), float(np.linalg.norm(vector))
    current = {item.ref for item in items}
    gone = [row.id for ref, row in rows.items() if ref not in current]
    if gone and keep:
        session.execute(delete(Embedding).where(Embedding.id.in_(gone)))
    part_vectors = (
        _stored_part_vectors(session, owner, embedder, items, hashes, vectors, wanted, keep=keep)
        if parts
        else []
    )
    if keep:
        session.flush()
    refresh = IndexRefresh(name, True, len(items), len(stale), len(items) - len(stale), len(gone))
    return vectors, part_vectors, refresh


def _stored_rows(
    session: Session, owner: Account, backend: str, wanted: frozenset[str]
) -> dict[str, Embedding]:
    query = select(Embedding).where(Embedding.owner_id == owner.id, Embedding.backend == backend)
    if wanted != KINDS:
        query = query.where(
            or_(*(Embedding.ref.startswith(REF_PREFIXES[kind]) for kind in sorted(wanted)))
        )
    return {row.ref: row for row in session.scalars(query)}


def _stored_part_vectors(
    session: Session,
    owner: Account,
    embedder: Embedder,
    items: Sequence[Item],
    hashes: Sequence[str],
    vectors: NDArray[np.float32],
    wanted: frozenset[str],
    *,
    keep: bool = True,
) -> list[NDArray[np.float32]]:
    """The part vectors of ``items``, embedding those of new or changed texts only.

    One row per item under ``<backend>#parts``, its vector the parts' rows
    one after the other; rows of the ``wanted`` kinds that match no item go.
    Without ``keep`` (a read-only transaction) nothing is stored.
    """
    rows = _stored_rows(session, owner, embedder.name + PARTS_SUFFIX, wanted)
    dim = vectors.shape[1]
    stale = [
        i
        for i, (item, digest) in enumerate(zip(items, hashes, strict=True))
        if (row := rows.get(item.ref)) is None or row.text_hash != digest or row.dim != dim
    ]
    fresh = dict(
        zip(
            stale,
            embed_parts(embedder, [items[i].text for i in stale], vectors[stale]),
            strict=True,
        )
    )
    parts: list[NDArray[np.float32]] = []
    for i, item in enumerate(items):
        if i not in fresh:
            parts.append(decode_vectors(rows[item.ref].vector, dim))
            continue
        parts.append(fresh[i])
        if not keep:  # embedded for this answer only
            continue
        row = rows.get(item.ref)
        if row is None:
            row = Embedding(owner_id=owner.id, backend=embedder.name + PARTS_SUFFIX, ref=item.ref)
            session.add(row)
        row.text_hash, row.dim = hashes[i], dim
        row.vector, row.norm = encode_vectors(fresh[i]), 1.0
    current = {item.ref for item in items}
    gone = [row.id for ref, row in rows.items() if ref not in current]
    if gone and keep:
        session.execute(delete(Embedding).where(Embedding.id.in_(gone)))
    return parts


def current_vectors(
    session: Session, owner: Account, backend: str, texts: dict[str, str]
) -> dict[str, NDArray[np.float32]]:
    """The stored vectors of ``backend`` for the refs of ``texts`` whose text is unchanged.

    ``texts`` maps refs (``person:5``) to the text the index would embed for
    them now; a ref without a row, or whose row was embedded from another
    text, is left out.  Reads only; the refs are asked for in chunks.
    """
    found: dict[str, NDArray[np.float32]] = {}
    refs = list(texts)
    for start in range(0, len(refs), _REFS_PER_QUERY):
        chunk = refs[start : start + _REFS_PER_QUERY]
        for ref, digest, dim, vector in session.execute(
            select(Embedding.ref, Embedding.text_hash, Embedding.dim, Embedding.vector).where(
                Embedding.owner_id == owner.id,
                Embedding.backend == backend,
                Embedding.ref.in_(chunk),
            )
        ):
            if digest == text_hash(texts[ref]):
                found[ref] = decode_vector(vector, dim)
    return found


def _embed_in_batches(
    embedder: Embedder, texts: list[str], progress: EmbedProgress | None
) -> NDArray[np.float32]:
    batches = []
    for start in range(0, len(texts), EMBED_BATCH):
        batches.append(np.asarray(embedder.embed(texts[start : start + EMBED_BATCH])))
        if progress is not None:
            progress(min(start + EMBED_BATCH, len(texts)), len(texts))
    return np.concatenate(batches).astype(np.float32, copy=False)


def semantic_index(
    session: Session,
    owner: Account,
    *,
    backend: str = "auto",
    embedder: Embedder | None = None,
    kinds: Collection[str] | None = None,
    progress: EmbedProgress | None = None,
    parts: bool = True,
) -> SemanticIndex:
    """``owner``'s semantic index, brought up to date in the store first.

    Only items of ``kinds`` (all by default) are read, embedded and indexed;
    ``progress`` follows the embedding of new or changed texts.  Without
    ``parts`` the texts' sentence parts are neither embedded nor read, and the
    index ranks far analogies by whole texts: enough for plain similarity
    (:meth:`~salon.semantic.AnalogyIndex.similar`), which never uses them.
    The lexical fallback never uses parts.

    Parameters
    ----------
    backend : {"auto", "model", "lexical"}
        Which embedder answers (see :func:`choose_embedder`); ignored when
        ``embedder`` is given.
    embedder : Embedder, optional
        Use this embedder and store its vectors under its ``name``.

    Raises
    ------
    InputError, NotFoundError
        From :func:`choose_embedder`.
    """
    wanted = _wanted(kinds)
    sources = collect_items(session, owner, wanted)
    items = [source.item for source in sources]
    if embedder is not None:
        chosen, store = embedder, True
    elif not items:
        # Nothing to fit TF-IDF on, nothing to embed: do not load a model for nothing.
        return _empty_index(backend)
    else:
        chosen, store = choose_embedder(backend, [item.text for item in items])
    # The lexical fallback is rebuilt on every query, where parts would double
    # its cost for one case in 49 on the tune part (hit@5 0.16 -> 0.18).
    parts = parts and store
    part_weight = DEFAULT_PART_WEIGHT if parts else 0.0
    if store:
        vectors, part_vectors, refresh = _stored_vectors(
            session, owner, chosen, items, wanted, progress, parts=parts
        )
        index = AnalogyIndex.from_vectors(
            chosen,
            items,
            vectors,
            part_vectors if parts else None,
            unknown_domain=UNSPECIFIED_DOMAIN,
            part_weight=part_weight,
        )
    else:
        index = AnalogyIndex.build(
            chosen, items, unknown_domain=UNSPECIFIED_DOMAIN, part_weight=part_weight
        )
        refresh = IndexRefresh(chosen.name, False, len(items), len(items), 0, 0)
    return SemanticIndex(index, {s.item.ref: s for s in sources}, refresh)


class _NoEmbedder:
    """Stands in for a backend over an empty network; never asked to embed."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return 1

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        raise InputError("the network has no text to search yet")


def _empty_index(backend: str) -> SemanticIndex:
    if backend not in BACKENDS:
        raise InputError(f"expected a backend among {list(BACKENDS)}, got {backend!r}")
    reason = model_unavailable_reason()
    if backend == "model" and reason is not None:
        raise NotFoundError(f"the sentence model is not available: {reason}")
    name = MODEL_NAME if backend != "lexical" and reason is None else LEXICAL_BACKEND
    index = AnalogyIndex(_NoEmbedder(name))
    return SemanticIndex(index, {}, IndexRefresh(name, name != LEXICAL_BACKEND, 0, 0, 0, 0))


def stored_refs(session: Session, owner: Account, backend: str) -> list[str]:
    """Refs with a stored vector for ``backend`` (a model's name), sorted."""
    return sorted(
        session.scalars(
            select(Embedding.ref).where(
                Embedding.owner_id == owner.id, Embedding.backend == backend
            )
        )
    )
