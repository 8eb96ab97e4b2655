"""``salon report``: what a person networking for innovation wants to know.

How diverse the network really is, whether the user brokers between worlds
or sits inside one closed circle, how much of the who-knows-whom structure is
known at all, which weak or dormant ties carry new knowledge, and whether the
user networks for ideas or only for resources.  The numbers come from
:mod:`salon.analytics`; this module gathers their inputs from the store and
adds the plain-language reading.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.analytics import structural_holes
from salon.analytics.adjacency import graph_adjacency
from salon.analytics.diversity import attribute_diversity, ei_index, perspective_spread
from salon.analytics.orientation import InteractionFacts, orientation_profile, orientation_trend
from salon.analytics.ties import dormant_ties, ego_clusters, neighbourhood_overlap, tie_strength
from salon.db.models import Account, InferredValue, Person
from salon.errors import InputError
from salon.services.accounts import me
from salon.services.interactions import list_interactions
from salon.services.network import network_graph

REPORT_ATTRIBUTES = ("industry", "discipline", "country", "generation", "education")
PERIODS = {"30d": 30, "90d": 90, "6m": 182, "1y": 365, "2y": 730, "all": None}


def period_start(period: str, today: dt.date) -> dt.date | None:
    """The first day of ``period`` ending ``today`` (None for "all")."""
    if period not in PERIODS:
        raise InputError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")
    days = PERIODS[period]
    return None if days is None else today - dt.timedelta(days=days)


@dataclass(frozen=True)
class DiversityRow:
    attribute: str
    n_known: int
    coverage: float
    n_categories: int
    blau: float
    iqv: float
    shannon: float
    evenness: float
    ei_index: float  # against the user's own value; NaN when the user's is unknown
    top: tuple[tuple[str, float], ...]  # largest categories with their counts
    n_inferred: int = 0  # of the n_known values, how many salon inferred (salon person enrich)

    @property
    def inferred_share(self) -> float:
        """The share of the known values that rest on inference (NaN when none is known)."""
        return self.n_inferred / self.n_known if self.n_known else math.nan


@dataclass(frozen=True)
class KnownStructure:
    """How much of the who-knows-whom among the user's contacts is known."""

    n_contacts: int
    n_alter_ties: int
    n_pairs: int
    density: float
    n_inferred_only: int
    n_contacts_isolated: int  # contacts with no known tie to another contact
    reading: str


@dataclass(frozen=True)
class Brokerage:
    constraint: float
    effective_size: float
    efficiency: float
    hierarchy: float
    reading: str


@dataclass(frozen=True)
class ClusterRow:
    size: int
    industries: tuple[tuple[str, int], ...]
    members: tuple[str, ...]  # a few names


@dataclass(frozen=True)
class BridgeRow:
    name: str
    participation: float
    clusters: int


@dataclass(frozen=True)
class TieRow:
    """A contact worth attention: a bridging tie or a dormant one."""

    person_id: int
    name: str
    industry: str | None
    strength: float
    overlap: float
    days_silent: float | None
    last_insight: str | None


@dataclass(frozen=True)
class DimensionRow:
    name: str
    score: float
    n: int
    how: str


@dataclass(frozen=True)
class Report:
    owner: str
    today: dt.date
    period: str
    since: dt.date | None
    n_contacts: int
    diversity: tuple[DiversityRow, ...]
    perspective_spread: float
    structure: KnownStructure
    brokerage: Brokerage
    clusters: tuple[ClusterRow, ...]
    bridges: tuple[BridgeRow, ...]
    bridging_ties: tuple[TieRow, ...]
    dormant_ties: tuple[TieRow, ...]
    n_interactions: int
    orientation: tuple[DimensionRow, ...]
    trend: tuple[tuple[str, dict[str, float]], ...]

    def orientation_scores(self) -> dict[str, float]:
        return {d.name: d.score for d in self.orientation}

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(asdict(self))
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _inferred_fields(session: Session, owner: Account) -> set[tuple[int, str]]:
    """(person id, field) of every value salon inferred in ``owner``'s network."""
    rows = session.execute(
        select(InferredValue.person_id, InferredValue.field)
        .join(Person, Person.id == InferredValue.person_id)
        .where(Person.owner_id == owner.id)
    )
    return {(pid, field) for pid, field in rows}


def _diversity(
    graph: nx.Graph,
    user: Hashable,
    contacts: Sequence[Hashable],
    inferred: set[tuple[int, str]],
) -> tuple[DiversityRow, ...]:
    rows = []
    own = graph.nodes[user]
    for attribute in REPORT_ATTRIBUTES:
        values = [graph.nodes[c].get(attribute) for c in contacts]
        if not any(values):
            continue
        d = attribute_diversity(attribute, values)
        rows.append(
            DiversityRow(
                attribute=attribute,
                n_known=d.n_known,
                coverage=d.coverage,
                n_categories=d.n_categories,
                blau=d.blau,
                iqv=d.iqv,
                shannon=d.shannon,
                evenness=d.evenness,
                ei_index=ei_index(own.get(attribute), values) if own.get(attribute) else math.nan,
                top=tuple((str(k), float(v)) for k, v in list(d.counts.items())[:5]),
                n_inferred=sum(
                    1
                    for c, v in zip(contacts, values, strict=True)
                    if v and (c, attribute) in inferred
                ),
            )
        )
    return tuple(rows)


def _structure(graph: nx.Graph, contacts: Sequence[Hashable]) -> KnownStructure:
    among = graph.subgraph(contacts)
    n = len(contacts)
    pairs = n * (n - 1) // 2
    inferred = sum(1 for _, _, data in among.edges(data=True) if data.get("inferred"))
    isolated = sum(1 for c in contacts if among.degree(c) == 0)
    density = among.number_of_edges() / pairs if pairs else math.nan
    if n < 2:
        reading = "Too few contacts to say anything about who knows whom."
    elif isolated > n / 2:
        reading = (
            f"For {isolated} of your {n} contacts salon knows of no tie to any other contact: "
            "the structural measures below treat them as unconnected, which may flatter you. "
            "Log group conversations or say who knows whom (`salon tie add A B`)."
        )
    else:
        reading = (
            f"salon knows {among.number_of_edges()} ties among your {n} contacts "
            f"({density:.1%} of the pairs); {inferred} of them are only inferred from a shared "
            "organisation."
        )
    return KnownStructure(n, among.number_of_edges(), pairs, density, inferred, isolated, reading)


def _brokerage(graph: nx.Graph, user: Hashable) -> Brokerage:
    A, _keys, index = graph_adjacency(graph, [user], None)
    holes = structural_holes(A, nodes=index)
    c, e, eff, h = (
        float(holes.constraint[0]),
        float(holes.effective_size[0]),
        float(holes.efficiency[0]),
        float(holes.hierarchy[0]),
    )
    n = int(holes.n_contacts[0])
    if math.isnan(c):
        reading = "You have no contacts yet: import them (`salon import linkedin Connections.csv`)."
    elif n < 5:
        # Constraint is at least 1/n whatever the ties (each contact's own share
        # p_ij = 1/n enters squared n times), so a tiny network reads as closed.
        reading = (
            f"With {n} contact{'s' if n != 1 else ''}, brokerage cannot be read yet: constraint "
            f"({c:.2f}) is at least 1/{n} whoever knows whom. Import or add more contacts."
        )
    else:
        # Burt (1992, 2004): constraint near 1 means every contact ties back to
        # the others (a closed circle); managers with good ideas sat below ~0.3.
        if c >= 0.5:
            circle = (
                "your contacts mostly know each other: "
                "a closed circle that echoes back what you know"
            )
        elif c >= 0.25:
            circle = "you sit between a few groups, with some redundancy among your contacts"
        else:
            circle = (
                "you broker between people who do not know each other: a position for new ideas"
            )
        reading = (
            f"Constraint {c:.2f}: {circle}. Of your {n} contacts, {e:.1f} are effectively "
            f"non-redundant (efficiency {eff:.0%})."
        )
    return Brokerage(c, e, eff, h, reading)


def _clusters(
    graph: nx.Graph, user: Hashable
) -> tuple[tuple[ClusterRow, ...], tuple[BridgeRow, ...]]:
    found = ego_clusters(graph, user)
    groups: dict[int, list[Hashable]] = defaultdict(list)
    for node, index in found.cluster.items():
        groups[index].append(node)
    rows = []
    for index in sorted(groups):
        members = groups[index]
        if len(members) < 2:
            continue  # singletons: contacts with no known tie to another contact
        industries = Counter(graph.nodes[m].get("industry") or "unknown" for m in members)
        names = sorted(str(graph.nodes[m].get("name", m)) for m in members)
        rows.append(ClusterRow(len(members), tuple(industries.most_common(3)), tuple(names[:4])))
    bridges = tuple(
        BridgeRow(
            str(graph.nodes[b].get("name", b)),
            found.participation[b],
            len({found.cluster[o] for o in graph.neighbors(b) if o in found.cluster}),
        )
        for b in found.bridges[:8]
    )
    return tuple(rows), bridges


def _interaction_facts(
    session: Session, owner: Account, graph: nx.Graph, user_id: int
) -> tuple[list[InteractionFacts], dict[int, list[tuple[dt.date, int, tuple[str, ...]]]]]:
    """The user's interactions as plain facts, and each counterpart's history."""
    interactions = list_interactions(session, owner)
    since: dict[int, dt.date] = {}
    for a, b, data in graph.edges(user_id, data=True):
        other = b if a == user_id else a
        if data.get("since"):
            since[other] = dt.date.fromisoformat(data["since"])
    seen_categories: set[tuple[str, str]] = set()
    first_met: dict[int, dt.date] = {}
    history: dict[int, list[tuple[dt.date, int, tuple[str, ...]]]] = defaultdict(list)
    facts = []
    for x in interactions:
        people = [p.person_id for p in x.participants if p.person_id != user_id]
        nodes = [graph.nodes[p] if p in graph else {} for p in people]
        industries = tuple(n.get("industry") for n in nodes)
        disciplines = tuple(n.get("discipline") for n in nodes)
        ages, first, new = [], [], []
        for person, industry, discipline in zip(people, industries, disciplines, strict=True):
            start = min(d for d in (since.get(person), first_met.get(person), x.occurred_on) if d)
            ages.append(float((x.occurred_on - start).days))
            first.append(person not in first_met)
            categories = {("industry", industry or ""), ("discipline", discipline or "")}
            new.append(any(c[1] and c not in seen_categories for c in categories))
        for person, industry, discipline in zip(people, industries, disciplines, strict=True):
            first_met.setdefault(person, x.occurred_on)
            seen_categories.update({("industry", industry or ""), ("discipline", discipline or "")})
            history[person].append((x.occurred_on, x.depth, tuple(i.text for i in x.insights)))
        facts.append(
            InteractionFacts(
                when=x.occurred_on,
                purposes=frozenset(x.purposes),
                depth=x.depth,
                challenged=x.challenged,
                has_insight=bool(x.insights),
                outcomes=frozenset(x.outcomes),
                counterparts=tuple(people),
                industries=industries,
                disciplines=disciplines,
                tie_age_days=tuple(ages),
                first_time=tuple(first),
                new_category=tuple(new),
            )
        )
    return facts, history


def _tie_rows(
    graph: nx.Graph,
    user: int,
    history: dict[int, list[tuple[dt.date, int, tuple[str, ...]]]],
    today: dt.date,
) -> tuple[tuple[TieRow, ...], tuple[TieRow, ...]]:
    """Bridging ties (contacts sharing no one with you) and dormant ties worth reviving."""
    order = list(graph)
    position = {node: i for i, node in enumerate(order)}
    overlap = neighbourhood_overlap(nx.to_scipy_sparse_array(graph, nodelist=order, weight=None))
    days, depths, keys = [], [], []
    for person, rows in history.items():
        for when, depth, _ in rows:
            days.append(float((today - when).days))
            depths.append(float(depth))
            keys.append(person)
    future = [d for d in days if d < 0]
    if future:
        raise InputError(f"{len(future)} interactions are dated after {today}; pass a later date")
    strength = tie_strength(days, depths, keys)

    def row(person: int, silent: float | None) -> TieRow:
        data = graph.nodes[person]
        insights = [text for _, _, texts in history.get(person, []) for text in texts]
        return TieRow(
            person,
            str(data.get("name", person)),
            data.get("industry"),
            strength.get(person, 0.0),
            float(overlap[position[user], position[person]]),
            silent,
            insights[-1] if insights else None,
        )

    contacts = [c for c in graph.neighbors(user) if c in position]
    bridging = sorted(
        (
            c
            for c in contacts
            if overlap[position[user], position[c]] == 0 and strength.get(c, 0) > 0
        ),
        key=lambda c: -strength.get(c, 0.0),
    )
    dormant = dormant_ties(days, depths, keys) if keys else []
    return (
        tuple(row(c, None) for c in bridging[:8]),
        tuple(row(t.key, t.days_silent) for t in dormant[:8] if t.key in graph),
    )


def build_report(
    session: Session, owner: Account, *, period: str = "all", today: dt.date | None = None
) -> Report:
    """The user's network report for ``period`` (interaction-based parts) ending ``today``."""
    today = today or dt.date.today()
    since = period_start(period, today)
    user = me(session, owner)
    graph = network_graph(session, owner)
    contacts = sorted(graph.neighbors(user.id))
    diversity = _diversity(graph, user.id, contacts, _inferred_fields(session, owner))
    spread = (
        perspective_spread(
            {
                row.attribute: [graph.nodes[c].get(row.attribute) for c in contacts]
                for row in diversity
            }
        )
        if contacts and diversity
        else math.nan
    )
    clusters, bridges = _clusters(graph, user.id)
    facts, history = _interaction_facts(session, owner, graph, user.id)
    bridging, dormant = _tie_rows(graph, user.id, history, today)
    profile = orientation_profile(facts, start=since, end=today)
    trend = orientation_trend([f for f in facts if f.when <= today])
    if since is not None:
        trend = [(label, p) for label, p in trend if p.end is None or p.end >= since]
    return Report(
        owner=owner.name,
        today=today,
        period=period,
        since=since,
        n_contacts=len(contacts),
        diversity=diversity,
        perspective_spread=spread,
        structure=_structure(graph, contacts),
        brokerage=_brokerage(graph, user.id),
        clusters=clusters,
        bridges=bridges,
        bridging_ties=bridging,
        dormant_ties=dormant,
        n_interactions=profile.n_interactions,
        orientation=tuple(DimensionRow(d.name, d.score, d.n, d.how) for d in profile.dimensions),
        trend=tuple((label, p.scores()) for label, p in trend),
    )
