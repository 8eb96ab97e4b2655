"""`suggest introduce`, `panel` and `partners` as they were before reading the snapshot arrays.

Kept as the reference the new services are checked against (same answers,
tests/services/test_suggestions.py) and timed against (suggest_store.py):
the full networkx graph, every person as an ORM object, and for
introductions a Python loop over every pair of contacts.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import networkx as nx
import numpy as np
from sqlalchemy.orm import Session

from salon.db.models import Account
from salon.errors import InputError
from salon.recommend import Introduction, PartnerPlan, feedback_panel, introductions, partners
from salon.semantic import LexicalEmbedder
from salon.services.accounts import me
from salon.services.ideas import get_idea
from salon.services.network import network_graph
from salon.services.people import list_people
from salon.services.semantic_index import profile_text
from salon.services.suggestions import (
    DEFAULT_ATTRIBUTES,
    SuggestedIntroduction,
    SuggestedPerson,
    _attributes,
    _resolve,
    feedback_stances,
    idea_text,
    relevance_to_texts,
)


def suggest_introductions_before(
    session: Session,
    owner: Account,
    *,
    k: int = 5,
    attributes: Sequence[str] = DEFAULT_ATTRIBUTES,
) -> list[SuggestedIntroduction]:
    user = me(session, owner)
    graph = network_graph(session, owner)
    contacts = sorted(graph.neighbors(user.id))
    by_id = {p.id: p for p in list_people(session, owner)}
    people = [by_id[c] for c in contacts if c in by_id]
    match: dict[tuple[Hashable, Hashable], float] = {}
    reasons: dict[tuple[Hashable, Hashable], str] = {}
    if len(people) >= 2:
        texts = [profile_text(p) for p in people]
        embedder = LexicalEmbedder(texts)
        V = embedder.embed(texts)
        S = np.clip(V @ V.T, 0.0, 1.0)
        for i, a in enumerate(people):
            for j in range(i + 1, len(people)):
                b = people[j]
                if graph.has_edge(a.id, b.id) or S[i, j] <= 0:
                    continue
                match[(a.id, b.id)] = float(S[i, j])
                shared = sorted(
                    set(a.tag_set("interest") + a.tag_set("expertise"))
                    & set(b.tag_set("interest") + b.tag_set("expertise"))
                )
                if shared:
                    reasons[(a.id, b.id)] = f"both work on {', '.join(shared[:2])}"
        top = max(match.values(), default=0.0)
        if top > 0:
            match = {pair: value / top for pair, value in match.items()}
    clusters = _clusters(graph.subgraph([user.id, *contacts]).copy(), exclude=user.id)
    picks: Sequence[Introduction] = introductions(
        graph,
        user.id,
        k=k,
        attributes=_attributes(graph, attributes),
        clusters=clusters,
        match=match or None,
        match_reasons=reasons,
    )
    return [
        SuggestedIntroduction(
            first_id=int(a),  # type: ignore[call-overload]
            first=str(graph.nodes[a].get("name", a)),
            second_id=int(b),  # type: ignore[call-overload]
            second=str(graph.nodes[b].get("name", b)),
            score=intro.score,
            reason=intro.reason,
        )
        for intro in picks
        for a, b in [intro.pair]
    ]


def _clusters(ego_graph: nx.Graph, *, exclude: Hashable) -> dict[Hashable, int]:
    alters = ego_graph.subgraph([n for n in ego_graph if n != exclude])
    found = nx.community.louvain_communities(alters, seed=0) if alters.number_of_edges() else []
    return {node: index for index, group in enumerate(found) for node in group}


def suggest_panel_before(
    session: Session, owner: Account, idea_ref: int | str, *, k: int = 3
) -> list[SuggestedPerson]:
    user = me(session, owner)
    idea = get_idea(session, owner, idea_ref)
    graph = network_graph(session, owner)
    people = [p for p in list_people(session, owner) if p.id in graph]
    relevance = relevance_to_texts(people, [idea_text(idea)])
    stances = feedback_stances(session, owner)  # the same query as before
    picks = feedback_panel(
        graph,
        user.id,
        [p.id for p in people],
        relevance,
        stances,
        k=k,
        attributes=_attributes(graph, DEFAULT_ATTRIBUTES),
        min_relevance=0.2,
    )
    return [_resolve(graph, pick) for pick in picks]


def suggest_partners_before(
    session: Session, owner: Account, idea_ref: int | str, *, k: int = 3
) -> tuple[PartnerPlan, dict[int, str]]:
    idea = get_idea(session, owner, idea_ref)
    if not idea.needs:
        raise InputError(
            f"idea {idea.title!r} states no needs; add some with `salon idea add … --need SKILL`"
        )
    user = me(session, owner)
    graph = network_graph(session, owner)
    people = list_people(session, owner)
    skills: dict[Hashable, set[str]] = {
        p.id: set(p.tag_set("expertise")) for p in people if p.tag_set("expertise")
    }
    strength: dict[Hashable, float] = {
        n: float(graph.edges[user.id, n].get("strength", 1)) if graph.has_edge(user.id, n) else 0.0
        for n in skills
    }
    plan = partners(idea.needs, skills, strength, k=k)
    return plan, {p.id: p.name for p in people}
