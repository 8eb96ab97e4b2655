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
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.analytics.diversity import attribute_diversity, ei_index, perspective_spread
from salon.analytics.orientation import InteractionFacts, orientation_profile, orientation_trend
from salon.analytics.structural_holes import ego_structural_holes
from salon.analytics.ties import (
    DormantTie,
    dormant_ties,
    ego_clusters,
    ego_overlap,
    tie_strength,
)
from salon.db.models import Account, InferredValue, Interaction
from salon.errors import InputError
from salon.services.accounts import me
from salon.services.interactions import list_interactions
from salon.services.network import EgoRows, ego_graph, ego_rows, people_columns, tie_overlaps

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


#: the people's fields the report reads (node attribute names, as in network_graph)
REPORT_FIELDS = ("name", "industry", "discipline", *REPORT_ATTRIBUTES)
# an unweighted tie's mutual weight (w_ij + w_ji), as the whole-network measures see it
_TIE = 2.0


@dataclass(frozen=True)
class _EgoNetwork:
    """The user, their contacts and the ties among them, and who is who."""

    user: int
    contacts: list[int]  # ascending ids
    rows: EgoRows
    shared: NDArray[np.int64]  # per contact: its ties to other contacts
    people: dict[Hashable, dict[str, Any]]  # user, contacts, counterparts: their known fields

    def name(self, person: Hashable) -> str:
        return str(self.people.get(person, {}).get("name") or person)


def _ego_network(
    session: Session, owner: Account, user: int, counterparts: set[int]
) -> _EgoNetwork:
    rows = ego_rows(session, owner, user)
    contacts = rows.contacts.tolist()
    ids, columns = people_columns(
        session, owner, REPORT_FIELDS, sorted({user, *contacts, *counterparts})
    )
    people: dict[Hashable, dict[str, Any]] = {
        pid: {field: values[i] for field, values in columns.items() if values[i] is not None}
        for i, pid in enumerate(ids)
    }
    shared = np.bincount(rows.among.ravel(), minlength=len(contacts)).astype(np.int64)
    return _EgoNetwork(user, contacts, rows, shared, people)


def _inferred_fields(session: Session, contacts: Sequence[int]) -> set[tuple[int, str]]:
    """(person id, field) of the values salon inferred among ``contacts``."""
    inferred: set[tuple[int, str]] = set()
    for start in range(0, len(contacts), 500):  # bounded IN lists, as the other column reads
        chunk = contacts[start : start + 500]
        rows = session.execute(
            select(InferredValue.person_id, InferredValue.field).where(
                InferredValue.person_id.in_(chunk)
            )
        )
        inferred.update((pid, field) for pid, field in rows)
    return inferred


def _diversity(ego: _EgoNetwork, inferred: set[tuple[int, str]]) -> tuple[DiversityRow, ...]:
    rows = []
    own = ego.people.get(ego.user, {})
    for attribute in REPORT_ATTRIBUTES:
        values = [ego.people[c].get(attribute) for c in ego.contacts]
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
                    for c, v in zip(ego.contacts, values, strict=True)
                    if v and (c, attribute) in inferred
                ),
            )
        )
    return tuple(rows)


def _structure(ego: _EgoNetwork) -> KnownStructure:
    n = len(ego.contacts)
    pairs = n * (n - 1) // 2
    n_ties = len(ego.rows.among)
    inferred = int(ego.rows.inferred.sum())
    isolated = int(np.count_nonzero(ego.shared == 0))
    density = n_ties / pairs if pairs else math.nan
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
            f"salon knows {n_ties} ties among your {n} contacts "
            f"({density:.1%} of the pairs); {inferred} of them are only inferred from a shared "
            "organisation."
        )
    return KnownStructure(n, n_ties, pairs, density, inferred, isolated, reading)


def _brokerage(ego: _EgoNetwork) -> Brokerage:
    n = len(ego.contacts)
    among = sp.coo_array(
        (
            np.ones(2 * len(ego.rows.among)),
            (ego.rows.among.ravel(), ego.rows.among[:, ::-1].ravel()),
        ),
        shape=(n, n),
    ).tocsr()
    holes = ego_structural_holes(np.full(n, _TIE), among, _TIE * ego.rows.degree, np.full(n, _TIE))
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


def _clusters(ego: _EgoNetwork) -> tuple[tuple[ClusterRow, ...], tuple[BridgeRow, ...]]:
    graph = ego_graph(ego.rows, ego.user)
    found = ego_clusters(graph, ego.user)
    groups: dict[int, list[Hashable]] = defaultdict(list)
    for node, index in found.cluster.items():
        groups[index].append(node)
    rows = []
    for index in sorted(groups):
        members = groups[index]
        if len(members) < 2:
            continue  # singletons: contacts with no known tie to another contact
        industries = Counter(ego.people[m].get("industry") or "unknown" for m in members)
        names = sorted(ego.name(m) for m in members)
        rows.append(ClusterRow(len(members), tuple(industries.most_common(3)), tuple(names[:4])))
    bridges = tuple(
        BridgeRow(
            ego.name(b),
            found.participation[b],
            len({found.cluster[o] for o in graph.neighbors(b) if o in found.cluster}),
        )
        for b in found.bridges[:8]
    )
    return tuple(rows), bridges


History = dict[int, list[tuple[dt.date, int, tuple[str, ...]]]]


def _history(interactions: Sequence[Interaction], user_id: int) -> History:
    """Each counterpart's conversations: date, depth and insights, in the log's order."""
    history: History = defaultdict(list)
    for x in interactions:
        for p in x.participants:
            if p.person_id != user_id:
                history[p.person_id].append(
                    (x.occurred_on, x.depth, tuple(i.text for i in x.insights))
                )
    return history


def _interaction_facts(
    interactions: Sequence[Interaction], ego: _EgoNetwork
) -> list[InteractionFacts]:
    """The user's interactions as plain facts."""
    user_id = ego.user
    since = {
        c: when for c, when in zip(ego.contacts, ego.rows.since, strict=True) if when is not None
    }
    seen_categories: set[tuple[str, str]] = set()
    first_met: dict[int, dt.date] = {}
    facts = []
    for x in interactions:
        people = [p.person_id for p in x.participants if p.person_id != user_id]
        nodes = [ego.people.get(p, {}) for p in people]
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
    return facts


def _history_arrays(history: History, today: dt.date) -> tuple[list[float], list[float], list[int]]:
    """Each interaction's age in days, depth and counterpart, from the histories."""
    days, depths, keys = [], [], []
    for person, rows in history.items():
        for when, depth, _ in rows:
            days.append(float((today - when).days))
            depths.append(float(depth))
            keys.append(person)
    future = [d for d in days if d < 0]
    if future:
        raise InputError(f"{len(future)} interactions are dated after {today}; pass a later date")
    return days, depths, keys


def _tie_row(
    people: Mapping[Hashable, Mapping[str, Any]],
    history: History,
    person: int,
    strength: float,
    overlap: float,
    silent: float | None,
) -> TieRow:
    insights = [text for _, _, texts in history.get(person, []) for text in texts]
    known = people[person]
    return TieRow(
        person,
        str(known.get("name") or person),
        known.get("industry"),
        strength,
        overlap,
        silent,
        insights[-1] if insights else None,
    )


def _dormant_rows(
    people: Mapping[Hashable, Mapping[str, Any]],
    history: History,
    strength: Mapping[int, float],
    overlap: Mapping[int, float],
    dormant: Sequence[DormantTie],
) -> tuple[TieRow, ...]:
    """The first eight dormant ties (strongest first) as rows."""
    return tuple(
        _tie_row(
            people, history, t.key, strength.get(t.key, 0.0), overlap.get(t.key, 0.0), t.days_silent
        )
        for t in dormant[:8]
        if t.key in people
    )


def _tie_rows(
    ego: _EgoNetwork, history: History, today: dt.date
) -> tuple[tuple[TieRow, ...], tuple[TieRow, ...]]:
    """Bridging ties (contacts sharing no one with you) and dormant ties worth reviving."""
    overlap = dict(
        zip(
            ego.contacts,
            ego_overlap(len(ego.contacts), ego.shared, ego.rows.degree).tolist(),
            strict=True,
        )
    )
    days, depths, keys = _history_arrays(history, today)
    strength = tie_strength(days, depths, keys)
    bridging = sorted(
        (c for c in ego.contacts if overlap[c] == 0 and strength.get(c, 0) > 0),
        key=lambda c: -strength.get(c, 0.0),
    )
    dormant = dormant_ties(days, depths, keys) if keys else []
    return (
        tuple(
            _tie_row(ego.people, history, c, strength.get(c, 0.0), overlap[c], None)
            for c in bridging[:8]
        ),
        _dormant_rows(ego.people, history, strength, overlap, dormant),
    )


def reconnect(
    session: Session, owner: Account, *, today: dt.date | None = None
) -> tuple[TieRow, ...]:
    """The report's dormant ties worth reviving, and nothing else of the report.

    Reads the conversation log, then only the dormant ties' people: their
    names and the overlap of the user's tie to each.
    """
    today = today or dt.date.today()
    user = me(session, owner)
    history = _history(list_interactions(session, owner), user.id)
    days, depths, keys = _history_arrays(history, today)
    dormant = dormant_ties(days, depths, keys)[:8] if keys else []
    if not dormant:
        return ()
    who = [t.key for t in dormant]
    ids, columns = people_columns(session, owner, ("name", "industry"), who)
    people: dict[Hashable, dict[str, Any]] = {
        pid: {field: values[i] for field, values in columns.items()} for i, pid in enumerate(ids)
    }
    overlap = tie_overlaps(session, owner, user.id, who)
    return _dormant_rows(people, history, tie_strength(days, depths, keys), overlap, dormant)


def build_report(
    session: Session, owner: Account, *, period: str = "all", today: dt.date | None = None
) -> Report:
    """The user's network report for ``period`` (interaction-based parts) ending ``today``."""
    today = today or dt.date.today()
    since = period_start(period, today)
    user = me(session, owner)
    interactions = list_interactions(session, owner)
    counterparts = {p.person_id for x in interactions for p in x.participants}
    ego = _ego_network(session, owner, user.id, counterparts)
    contacts = ego.contacts
    diversity = _diversity(ego, _inferred_fields(session, contacts))
    spread = (
        perspective_spread(
            {
                row.attribute: [ego.people[c].get(row.attribute) for c in contacts]
                for row in diversity
            }
        )
        if contacts and diversity
        else math.nan
    )
    clusters, bridges = _clusters(ego)
    facts = _interaction_facts(interactions, ego)
    history = _history(interactions, user.id)
    bridging, dormant = _tie_rows(ego, history, today)
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
        structure=_structure(ego),
        brokerage=_brokerage(ego),
        clusters=clusters,
        bridges=bridges,
        bridging_ties=bridging,
        dormant_ties=dormant,
        n_interactions=profile.n_interactions,
        orientation=tuple(DimensionRow(d.name, d.score, d.n, d.how) for d in profile.dimensions),
        trend=tuple((label, p.scores()) for label, p in trend),
    )
