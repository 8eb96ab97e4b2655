"""Suggestions that widen perspective: whom to meet, introduce, ask, partner with.

The scoring lives in :mod:`salon.recommend` (pure, over a networkx graph or
the same network as arrays, which the store keeps as a snapshot: meet,
introduce and panel read that at 100,000 people); this module reads the
network and the plain data the scoring needs from the store:
candidates (second-degree contacts, fellow community members, everyone else
stored), learning intents and shared communities from meetups, relevance to
the user's open ideas (TF-IDF similarity between profiles and ideas: cheap
enough to compute per call, and it needs no model), and past feedback stances.

``suggest meet`` takes relevance from the sentence model's vectors that the
semantic index keeps (:func:`~salon.services.semantic_index.semantic_index`,
built by ``salon analogies`` and every analogy search) when it holds current
vectors of every open idea and of every candidate with a profile; otherwise,
and for the other suggestions, relevance is TF-IDF.  The model is never run
here: it costs about 7 ms of CPU per distinct profile on the 2-core machine
(317 profiles: 2.3 s CPU, 2026-12-07), so a store of 100,000 people would take
some 12 minutes of CPU on the first call and after every change to the open
ideas, against well under a second for TF-IDF (benchmarks/suggest_store.py).
The two are never mixed in one answer: their similarities have different scales.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from salon import __version__
from salon.db.models import (
    Account,
    Community,
    Feedback,
    Idea,
    IdeaVersion,
    Member,
    Person,
    Tie,
)
from salon.errors import InputError
from salon.recommend import (
    CompactGraph,
    Introduction,
    PartnerPlan,
    Suggestion,
    feedback_panel,
    introductions,
    partners,
    who_to_meet,
)
from salon.recommend.compact import node_value
from salon.recommend.neighbourhood import neighbours
from salon.semantic import MODEL_NAME, LexicalEmbedder
from salon.services.accounts import me
from salon.services.cold_start import unmet_people
from salon.services.contact_pairs import contact_clusters, profile_match, shared_tags
from salon.services.ideas import get_idea, list_ideas
from salon.services.network import network_graph
from salon.services.network_snapshot import snapshot_arrays, store_scores, stored_scores
from salon.services.partner_fields import PARTNER_FIELDS, offered_needs
from salon.services.semantic_index import (
    current_vectors,
    idea_item_text,
    profile_text,
    profile_text_of,
)

DEFAULT_ATTRIBUTES = ("industry", "discipline", "country")
#: The node fields a profile's text is made of (see :func:`_profile_texts`).
PROFILE_FIELDS = ("role", "organization", "industry", "discipline", "bio", "expertise", "interests")
#: Those of them that hold tags ("; "-joined in a node, see services.network).
TAG_PROFILE_FIELDS = ("expertise", "interests")
CLOSED_IDEA_STATUSES = frozenset({"done", "dropped", "shelved"})
#: A reviewer less relevant than this (rescaled to the most relevant person) is not asked.
PANEL_MIN_RELEVANCE = 0.2


@dataclass(frozen=True)
class SuggestedPerson:
    """A suggestion resolved to people: names instead of ids."""

    person_id: int
    name: str
    organization: str | None
    industry: str | None
    score: float
    reason: str
    path: tuple[str, ...]
    community: str | None
    #: "network" (two steps away, or anyone stored not yet a contact) or, when
    #: nobody is, "not met yet": a meetup member or note author never met
    origin: str = "network"


@dataclass(frozen=True)
class SuggestedIntroduction:
    first_id: int
    first: str
    second_id: int
    second: str
    score: float
    reason: str


def idea_text(idea: Idea) -> str:
    newest = idea.versions[-1].text if idea.versions else ""
    return ". ".join(p for p in (idea.title, idea.problem or "", newest) if p)


def relevance_to_texts(people: Sequence[Person], texts: Sequence[str]) -> dict[Hashable, float]:
    """Each person's best cosine similarity to any of ``texts`` (0 when none)."""
    return _relevance_of({p.id: profile_text(p) for p in people}, texts)


def _profile_texts(graph: nx.Graph | CompactGraph, nodes: Sequence[Hashable]) -> list[str]:
    """The profile text of each node, from its :data:`PROFILE_FIELDS`.

    The same text :func:`~salon.services.semantic_index.profile_text` writes
    for the person: a node's tags ("; "-joined, in the database's order) are
    sorted as :meth:`~salon.db.models.Person.tag_set` sorts them.  Many people
    share every field (the same role in the same industry), so each distinct
    combination is written once.
    """
    if isinstance(graph, CompactGraph):
        columns = [graph.values(field, nodes) for field in PROFILE_FIELDS]
    else:
        data = [graph.nodes[x] for x in nodes]
        columns = [[d.get(field) for d in data] for field in PROFILE_FIELDS]
    written: dict[tuple[Any, ...], str] = {}
    texts = []
    for fields in zip(*columns, strict=True):
        text = written.get(fields)
        if text is None:
            named = dict(zip(PROFILE_FIELDS, fields, strict=True))
            for field in TAG_PROFILE_FIELDS:
                named[field] = sorted(named[field].split("; ")) if named[field] else []
            text = written[fields] = profile_text_of(**named)
        texts.append(text)
    return texts


def _relevance_of(profiles: Mapping[Hashable, str], texts: Sequence[str]) -> dict[Hashable, float]:
    """Relevance in [0, 1] of each profile to the nearest of ``texts``, rescaled to the best."""
    if not texts or not profiles:
        return {}
    best = _similarity_to_nearest(list(profiles.values()), texts)
    return dict(zip(profiles, _rescaled(best).tolist(), strict=True))


def _similarity_to_nearest(profiles: Sequence[str], texts: Sequence[str]) -> NDArray[np.float64]:
    """Each profile's cosine similarity (clipped to [0, 1]) to the nearest of ``texts``.

    TF-IDF is fitted on ``texts`` alone: only the ideas' vocabulary matters for
    relevance to them, and fitting on a few texts instead of every profile
    keeps this cheap on large stores.  So a profile's similarity depends on
    its own text and the ideas only, and can be kept per person.  Each
    distinct profile text is embedded once.
    """
    distinct: dict[str, int] = {}
    rows = np.fromiter(
        (distinct.setdefault(p, len(distinct)) for p in profiles),
        dtype=np.int64,
        count=len(profiles),
    )
    embedder = LexicalEmbedder(list(texts))
    P = embedder.embed(list(distinct))
    T = embedder.embed(list(texts))
    # float64, as stored: the stored and the direct path then agree to the last bit
    nearest: NDArray[np.float64] = np.clip((P @ T.T).max(axis=1), 0.0, 1.0).astype(np.float64)
    return nearest[rows]


def _rescaled(best: NDArray[np.float64]) -> NDArray[np.float64]:
    """``best`` divided by its largest value (all zeros when that is 0)."""
    top = float(best.max()) if best.size else 0.0
    return best * (1.0 / top) if top > 0 else np.zeros_like(best)


def _community_data(
    session: Session, owner: Account
) -> tuple[dict[Hashable, str], dict[Hashable, list[Hashable]]]:
    """Intents and community memberships (community names) by person id."""
    intents: dict[Hashable, str] = {}
    memberships: dict[Hashable, list[Hashable]] = defaultdict(list)
    rows = session.execute(
        select(Member.person_id, Member.intent, Community.name)
        .join(Community, Community.id == Member.community_id)
        .where(Community.owner_id == owner.id)
    )
    for person_id, intent, name in rows:
        intents[person_id] = intent
        memberships[person_id].append(name)
    return intents, memberships


def _attributes(graph: nx.Graph | CompactGraph, wanted: Sequence[str]) -> list[str]:
    if isinstance(graph, CompactGraph):
        return [a for a in wanted if graph.has_attribute(a)]
    present = {key for _, data in graph.nodes(data=True) for key in data}
    return [a for a in wanted if a in present]


def _name(graph: nx.Graph | CompactGraph, node: Hashable) -> str:
    name = node_value(graph, node, "name")
    return str(name if name is not None else node)


def _names(graph: nx.Graph | CompactGraph, path: Sequence[Hashable] | None) -> tuple[str, ...]:
    return tuple(_name(graph, n) for n in path or ())


def suggest_meet(
    session: Session,
    owner: Account,
    *,
    k: int = 5,
    attributes: Sequence[str] = DEFAULT_ATTRIBUTES,
    seed: int = 0,
    graph: nx.Graph | CompactGraph | None = None,
) -> list[SuggestedPerson]:
    """Whom to meet next: the greedy, diversified top-k by perspective gain.

    Candidates are everyone stored who is not yet a contact.  When there is
    nobody (a fresh export holds only first-degree contacts), they are the
    members of the user's meetups and the authors of notes the user imported
    whom the user has not met (:mod:`~salon.services.cold_start`), with
    ``origin`` "not met yet" and the reason saying so.  The network is
    read as arrays (:func:`~salon.services.network_snapshot.snapshot_arrays`:
    the fields scored and the ties' ends, kept in the store until the network
    changes, with the candidates' relevance to the open ideas until those
    change too) unless ``graph`` gives it already, e.g.
    :func:`~salon.services.network.network_graph`'s; the picks are the same.
    """
    user = me(session, owner)
    ideas = [i for i in list_ideas(session, owner) if i.status not in CLOSED_IDEA_STATUSES]
    open_ideas = [idea_text(i) for i in ideas]
    idea_vectors = _model_idea_vectors(session, owner, ideas)
    stored = graph is None
    if graph is None:
        # the profile fields too, ideas or not: one snapshot serves every call
        graph = snapshot_arrays(session, owner, {"name", *attributes, *PROFILE_FIELDS})
    ego = user.id
    contacts = set(neighbours(graph, ego))
    candidates = [n for n in graph if n not in contacts and n != ego]
    relevance: dict[Hashable, float] = {}
    if open_ideas and stored and isinstance(graph, CompactGraph):
        relevance = _stored_relevance(session, owner, graph, candidates, open_ideas, idea_vectors)
    elif open_ideas:
        texts = _profile_texts(graph, candidates)
        by_model = _model_similarity(session, owner, candidates, texts, idea_vectors)
        relevance = (
            dict(zip(candidates, _rescaled(by_model).tolist(), strict=True))
            if by_model is not None
            else _relevance_of(dict(zip(candidates, texts, strict=True)), open_ideas)
        )
    intents, memberships = _community_data(session, owner)
    picks = who_to_meet(
        graph,
        user.id,
        k=k,
        attributes=_attributes(graph, attributes),
        candidates=candidates,
        relevance=relevance or None,
        learning_intent={p: i for p, i in intents.items() if p in graph},
        communities={p: c for p, c in memberships.items() if p in graph} or None,
        seed=seed,
    )
    if picks:
        return [_resolve(graph, pick) for pick in picks]
    return _cold_start_meet(session, owner, user.id, k=k, attributes=attributes, seed=seed)


def refresh_suggestion_caches(session: Session, owner: Account) -> int:
    """Store what :func:`suggest_meet` and the other suggestions read, brought up to date.

    The network snapshot, and the candidates' relevance to the open ideas
    beside it; the number of people in the snapshot.  Cheap when they are
    current (one version compared); after a few changes, only the changed
    people are read again.  Nothing is stored in a read-only transaction.
    """
    user = me(session, owner)
    graph = snapshot_arrays(session, owner, {"name", *DEFAULT_ATTRIBUTES, *PROFILE_FIELDS})
    open_ideas = [
        idea_text(i) for i in list_ideas(session, owner) if i.status not in CLOSED_IDEA_STATUSES
    ]
    if open_ideas:
        contacts = set(neighbours(graph, user.id))
        candidates = [n for n in graph if n not in contacts and n != user.id]
        _stored_relevance(session, owner, graph, candidates, open_ideas)
    return len(graph)


#: What would fill each suggestion when it comes back empty (the shells print it).
EMPTY_ANSWERS = {
    "meet": (
        "No one two steps away yet, and no meetup member or note author you have not met: "
        "record who knows whom with `salon tie add A B`, add people to a meetup "
        "(`salon meetup member add`), or import shared notes (`salon note import`)."
    ),
    "introduce": (
        "No two of your contacts are unconnected and a match yet: import more contacts "
        "(`salon import linkedin`), give them an industry or expertise (`salon person enrich`, "
        "`salon person edit ID --expertise ...`), and say who already knows whom "
        "(`salon tie add A B`)."
    ),
    "panel": (
        "Nobody's profile matches this idea yet: describe its problem "
        "(`salon idea version`), or add expertise to people (`salon person edit ID --expertise`)."
    ),
    "partners": (
        "Nobody covers a need yet: give people expertise (`salon person edit ID --expertise`) "
        "or an industry (`salon person enrich`)."
    ),
}


def _cold_start_meet(
    session: Session,
    owner: Account,
    user_id: int,
    *,
    k: int,
    attributes: Sequence[str],
    seed: int,
) -> list[SuggestedPerson]:
    """Meetup members and note authors not met yet, scored as if they were not contacts.

    Only called when nobody is two steps away, so the network is small enough
    to read as a graph.
    """
    unmet = unmet_people(session, owner, user_id)
    if not unmet:
        return []
    graph = network_graph(session, owner)
    unmet = {pid: why for pid, why in unmet.items() if pid in graph}
    # met on paper only: score them as people to meet, not as contacts
    apart = graph.copy()
    apart.remove_edges_from([(user_id, pid) for pid in unmet if apart.has_edge(user_id, pid)])
    open_ideas = [
        idea_text(i) for i in list_ideas(session, owner) if i.status not in CLOSED_IDEA_STATUSES
    ]
    candidates = list(unmet)
    relevance = (
        _relevance_of(
            dict(zip(candidates, _profile_texts(apart, candidates), strict=True)), open_ideas
        )
        if open_ideas
        else {}
    )
    intents, memberships = _community_data(session, owner)
    picks = who_to_meet(
        apart,
        user_id,
        k=k,
        attributes=_attributes(apart, attributes),
        candidates=candidates,
        second_degree=False,
        relevance=relevance or None,
        learning_intent={p: i for p, i in intents.items() if p in apart},
        communities={p: c for p, c in memberships.items() if p in apart} or None,
        seed=seed,
    )
    return [
        replace(
            _resolve(graph, pick),
            reason=f"{unmet[int(pick.person)]}; {pick.reason}",  # type: ignore[call-overload]
            origin="not met yet",
        )
        for pick in picks
    ]


def _model_idea_vectors(
    session: Session, owner: Account, ideas: Sequence[Idea]
) -> NDArray[np.float32] | None:
    """The sentence model's stored vectors of ``ideas``, or None unless all are current."""
    if not ideas:
        return None
    texts = {f"idea:{idea.id}": idea_item_text(idea) for idea in ideas}
    found = current_vectors(session, owner, MODEL_NAME, texts)
    if len(found) < len(texts):
        return None
    return np.stack([found[ref] for ref in texts])


def _model_similarity(
    session: Session,
    owner: Account,
    people: Sequence[Hashable],
    texts: Sequence[str],
    idea_vectors: NDArray[np.float32] | None,
) -> NDArray[np.float64] | None:
    """Each profile's cosine (clipped to [0, 1]) to the nearest idea, by stored model vectors.

    None when the ideas' or any profile's current vector is not stored; a
    blank profile (which the index leaves out) scores 0, as with TF-IDF.
    """
    if idea_vectors is None:
        return None
    wanted = {f"person:{pid}": text for pid, text in zip(people, texts, strict=True) if text}
    found = current_vectors(session, owner, MODEL_NAME, wanted)
    if len(found) < len(wanted):
        return None
    best = np.zeros(len(people))
    rows = [j for j, text in enumerate(texts) if text]
    if rows:
        vectors = np.stack([found[f"person:{people[j]}"] for j in rows])
        best[rows] = np.clip((vectors @ idea_vectors.T).max(axis=1), 0.0, 1.0)
    return best


def _stored_relevance(
    session: Session,
    owner: Account,
    graph: CompactGraph,
    candidates: list[Hashable],
    open_ideas: list[str],
    idea_vectors: NDArray[np.float32] | None = None,
) -> dict[Hashable, float]:
    """:func:`_relevance_of` the candidates, kept per person beside the network snapshot.

    A person's similarity to the ideas depends only on their profile and the
    ideas (the key), so it is kept while both hold: the snapshot carries it
    across changes to other people and to ties, and only people without one
    (new, edited, or candidates for the first time) are computed.  Reusing
    it also spares importing scikit-learn.  With ``idea_vectors`` (the
    model's), the stored profile vectors are tried first, under their own key.
    """
    digest = hashlib.sha256("\x1f".join(open_ideas).encode("utf-8")).hexdigest()
    rows = graph.rows(candidates)
    if idea_vectors is not None:
        key = f"model similarity of profiles {__version__} {MODEL_NAME} {digest}"
        values = stored_scores(session, owner, key)
        if values is None or values.shape != (len(graph),):
            values = np.full(len(graph), np.nan)
        missing = rows[np.isnan(values[rows])]
        people = [graph.nodes[i] for i in missing.tolist()]
        by_model = _model_similarity(
            session, owner, people, _profile_texts(graph, people), idea_vectors
        )
        if by_model is not None:
            if missing.size:
                values[missing] = by_model
                store_scores(session, owner, key, values)
            return dict(zip(candidates, _rescaled(values[rows]).tolist(), strict=True))
    # "profiles": computed on the texts profile_text writes (tags joined by ", ")
    key = f"similarity of profiles {__version__} {digest}"
    values = stored_scores(session, owner, key)
    if values is None or values.shape != (len(graph),):
        values = np.full(len(graph), np.nan)
    missing = rows[np.isnan(values[rows])]
    if missing.size:
        profiles = _profile_texts(graph, [graph.nodes[i] for i in missing.tolist()])
        values[missing] = _similarity_to_nearest(profiles, open_ideas)
        store_scores(session, owner, key, values)
    return dict(zip(candidates, _rescaled(values[rows]).tolist(), strict=True))


def _resolve(graph: nx.Graph | CompactGraph, pick: Suggestion) -> SuggestedPerson:
    return SuggestedPerson(
        person_id=int(pick.person),  # type: ignore[call-overload]
        name=_name(graph, pick.person),
        organization=node_value(graph, pick.person, "organization"),
        industry=node_value(graph, pick.person, "industry"),
        score=pick.score,
        reason=pick.reason,
        path=_names(graph, pick.path),
        community=str(pick.community) if pick.community is not None else None,
    )


def suggest_introductions(
    session: Session,
    owner: Account,
    *,
    k: int = 5,
    attributes: Sequence[str] = DEFAULT_ATTRIBUTES,
    graph: nx.Graph | CompactGraph | None = None,
) -> list[SuggestedIntroduction]:
    """Pairs of the user's contacts who do not know each other and should.

    The match is TF-IDF similarity between one's profile and the other's
    (problems meet expertise), among pairs in different clusters or industries.
    The network is read as arrays from the stored snapshot (as
    :func:`suggest_meet` reads it) unless ``graph`` gives it already, e.g.
    :func:`~salon.services.network.network_graph`'s; the picks are the same.
    """
    user = me(session, owner)
    if graph is None:
        graph = snapshot_arrays(session, owner, {"name", *attributes, *PROFILE_FIELDS})
    contacts = sorted(neighbours(graph, user.id))  # type: ignore[type-var]
    match = (
        profile_match(graph, contacts, _profile_texts(graph, contacts))
        if len(contacts) >= 2
        else None
    )
    picks: Sequence[Introduction] = introductions(
        graph,
        user.id,
        k=k,
        attributes=_attributes(graph, attributes),
        clusters=contact_clusters(graph, user.id, contacts),
        match=match,
        match_reasons=lambda a, b: shared_tags(graph, a, b),
    )
    return [
        SuggestedIntroduction(
            first_id=int(a),  # type: ignore[call-overload]
            first=_name(graph, a),
            second_id=int(b),  # type: ignore[call-overload]
            second=_name(graph, b),
            score=intro.score,
            reason=intro.reason,
        )
        for intro in picks
        for a, b in [intro.pair]
    ]


def suggest_panel(
    session: Session,
    owner: Account,
    idea_ref: int | str,
    *,
    k: int = 3,
    graph: nx.Graph | CompactGraph | None = None,
) -> list[SuggestedPerson]:
    """Reviewers for an idea: relevant, spread over perspectives, one challenger.

    Relevance is each person's TF-IDF similarity to the idea (each distinct
    profile embedded once), rescaled to the most relevant person.  The
    network is read as :func:`suggest_introductions` reads it.
    """
    user = me(session, owner)
    idea = get_idea(session, owner, idea_ref)
    if graph is None:
        graph = snapshot_arrays(session, owner, {"name", *DEFAULT_ATTRIBUTES, *PROFILE_FIELDS})
    # by name, as people are listed: the order breaks ties between equals
    people = [
        pid
        for pid in session.scalars(
            select(Person.id)
            .where(Person.owner_id == owner.id, Person.is_me.is_(False))
            .order_by(Person.name_key, Person.id)
        )
        if pid in graph
    ]
    relevance = np.zeros(0)
    if people:
        texts = _profile_texts(graph, people)
        relevance = _rescaled(_similarity_to_nearest(texts, [idea_text(idea)]))
    relevant = np.flatnonzero(relevance >= PANEL_MIN_RELEVANCE)
    candidates = [people[i] for i in relevant.tolist()]
    picks = feedback_panel(
        graph,
        user.id,
        candidates,
        dict(zip(candidates, relevance[relevant].tolist(), strict=True)),
        feedback_stances(session, owner),
        k=k,
        attributes=_attributes(graph, DEFAULT_ATTRIBUTES),
        min_relevance=PANEL_MIN_RELEVANCE,
    )
    return [_resolve(graph, pick) for pick in picks]


def feedback_stances(session: Session, owner: Account) -> dict[Hashable, list[str]]:
    """The stances of everyone's past feedback on the owner's ideas, by person id."""
    stances: dict[Hashable, list[str]] = defaultdict(list)
    rows = session.execute(
        select(Feedback.person_id, Feedback.stance)
        .join(IdeaVersion, IdeaVersion.id == Feedback.version_id)
        .join(Idea, Idea.id == IdeaVersion.idea_id)
        .where(Idea.owner_id == owner.id)
    )
    for person_id, stance in rows:
        stances[person_id].append(stance)
    return stances


@dataclass(frozen=True)
class PartnerAnswer:
    """Partners for an idea: the plan, the names by id, and which field offered each need."""

    plan: PartnerPlan
    names: dict[int, str]
    evidence: dict[int, dict[str, str]]  # person id -> need -> field (industry, expertise...)

    def covered(self, person_id: int) -> list[str]:
        """E.g. ``["logistics (industry)", "payments (expertise)"]``: the needs they cover."""
        covers = dict(self.plan.partners).get(person_id, frozenset())
        found = self.evidence.get(person_id, {})
        return [f"{need} ({found.get(need, 'expertise')})" for need in sorted(covers)]

    def reason(self, person_id: int) -> str:
        """E.g. ``"logistics (industry), payments (expertise)"`` for the needs they cover."""
        return ", ".join(self.covered(person_id))


def suggest_partners(
    session: Session,
    owner: Account,
    idea_ref: int | str,
    *,
    k: int = 3,
    fields: Sequence[str] = PARTNER_FIELDS,
) -> PartnerAnswer:
    """People who cover the idea's stated needs (greedy set cover), and through which field.

    A need is covered by an equal expertise tag or by a mention in a person's
    industry, discipline, organisation, role, notes or bio
    (:func:`~salon.services.partner_fields.offered_needs`); ``fields`` limits
    that.  Only people who may offer something are read (by name, which breaks
    ties between equals), with the strength of the user's ties to them.
    """
    idea = get_idea(session, owner, idea_ref)
    if not idea.needs:
        raise InputError(
            f"idea {idea.title!r} states no needs; add some with `salon idea add … --need SKILL`"
        )
    user = me(session, owner)
    offers, names = offered_needs(session, owner, idea.needs, fields=fields)
    ties = {
        (b if a == user.id else a): 1.0 if strength is None else float(strength)
        for a, b, strength in session.execute(
            select(Tie.person_a_id, Tie.person_b_id, Tie.manual_strength).where(
                Tie.owner_id == owner.id,
                or_(Tie.person_a_id == user.id, Tie.person_b_id == user.id),
            )
        )
    }
    skills: dict[Hashable, set[str]] = {pid: set(found) for pid, found in offers.items()}
    strength: dict[Hashable, float] = {n: ties.get(n, 0.0) for n in skills}  # type: ignore[call-overload]
    plan = partners(idea.needs, skills, strength, k=k)
    return PartnerAnswer(plan, names, offers)
