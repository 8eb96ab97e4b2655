"""Seat a meetup event: profiles and history in, a stored seating out.

``seat_event`` turns the store into the numerical problem of
:func:`salon.seating.diverse_seating` and writes the answer back with
:func:`salon.services.meetup.record_seating` (seats, encounters and
"co_seated" ties).

**Who is seated.**  Everyone checked in; before anyone has checked in,
everyone with RSVP "yes".  Hosts are always seated, at their table, in
every round.

**What is maximised.**  Σ_r Σ_tables Σ_{i<j} (d_ij − λ·h_ij) − μ·Σ_{i<j} k_ij(k_ij − 1)/2
with d from :func:`salon.services.meetup.profiles.pairwise_diversity`, the
encounter history of earlier events

    h_ij = Σ_{rounds shared at earlier events e} 2^(−age_e / half-life)

(age_e is the number of days between event e and this one, half-life 8
weeks by default: last week's table-mate weighs 0.92, one from three months
ago 0.32), and k_ij the rounds i and j share tonight (rounds already stored
included).

*A repeat tonight is the worst repeat.*  Its price μ = λ·(1 + max h + max d)
is larger than anything one pair's history or diversity can make up for, so
the seating never buys a better-mixed table with a second meeting in the
same evening when it can avoid it.  (Priced at λ like one past round, it did:
the sample community's members carry up to 5 shared rounds from the hand
seatings of past weeks, and the optimiser met someone twice tonight rather
than sit them with last week's table-mates.)  The price grows with every
meeting — the second costs μ, the third 2μ more — because when the tables
force repeats (a table of six drawn from five earlier tables always holds
two people who sat together) one pair spending the whole evening together is
worse than two pairs meeting twice.  The solver prices every meeting alike
(λ·(k − 1)), and there the cheapest way to pay for forced repeats is to keep
one pair together all evening (for 30 people at five tables of six, without
diversity, its seatings keep five pairs together in all three rounds and
repeat nobody else); so after its multi-round search each round is
re-seated once with the others fixed, priced k·μ for a pair already together
k times, and kept when the evening's total improves.

**Table sizes.**  Every round seats exactly the sizes the organiser gave
(6,6,6,5 with 23 present is 6,6,6,5 in every round).  When fewer come, the
organiser's shrink rule (:func:`salon.seating.evening.table_sizes`) says
which tables give up seats, once for the evening: ``even`` (the default)
takes them from the largest tables, so 21 people at 6,6,6,5 sit 6,5,5,5;
``last`` from the last table, so they sit 6,6,6,3.

**Learners are spread.**  Two groups are spread over the tables as evenly
as the sizes allow: the learners (intent "learn"), and everyone who is not
only pitching (intent "learn" or "both").  Each pair sharing a group pays
σ = 2·(largest table)·(max d + λ·max h + R·μ) + 1 per round together, more
than any one move can gain in diversity, history or repeats, so evenness
comes first: when there are at least as many learners as tables every table
has one, and no table is all pitchers when enough others came (see
:func:`salon.seating.evening.shared_groups` for why even spreading gives
both).  ``buddies=True`` pairs learners instead into learning buddies who sit
together all evening (a keep-together pair, most different and least-met
first); they then count as kept together on purpose, not as repeats.

**Forced repeats.**  The outcome counts the repeat pairings tonight (over
every two rounds, the pairs at one table in both: Σ_pairs C(k, 2), the
quantity the repeat price grows with) and the pairs meeting more than once,
beside a proven lower bound for the table sizes and rounds seated
(:func:`salon.seating.evening.forced_repeat_pairings`): 21 people at
6,5,5,5 over three rounds force 15 repeat pairings, and the optimiser finds
seatings with exactly 15, each a pair meeting twice.

**The organiser's pairs** (:mod:`salon.services.meetup.pairs`): keep-apart
and keep-together pairs among the attendees are hard constraints.  A learner
the organiser keeps with someone gets no buddy, and no keep-apart pair is
made buddies.  A refusal names the constraint and the organiser's pairs it
may concern.

**Late arrivals** (``from_round=R``).  Rounds before R are never touched.  In
round R everyone already seated stays at their table (pinned); newcomers fill
the emptiest tables first (relative to capacity) up to the same level, and
which newcomer goes to which of those tables is optimised.  Rounds after R
are seated afresh for the current attendees, with rounds ≤ R as history.  If
round R has no seating yet, rounds R.. are simply seated, with the earlier
rounds as history.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from salon.db.models import Account, Encounter, Event, Person
from salon.errors import InfeasibleError, InputError
from salon.seating.evening import (
    forced_repeat_pairings,
    repeat_pairings,
    shared_groups,
    table_sizes,
)
from salon.services.meetup.attendance import record_seating
from salon.services.meetup.events import attendee_ids
from salon.services.meetup.lookup import get_event
from salon.services.meetup.pairs import seating_pairs
from salon.services.meetup.profiles import Profile, pairwise_diversity, profiles_of
from salon.services.member_profiles import private_apart_pairs, snoozed_person_ids

if TYPE_CHECKING:
    from salon.seating import Progress

DEFAULT_HALF_LIFE_WEEKS = 8.0
# Called with the solver's progress; elapsed counts over the whole seat_event call.
SeatingProgress = Callable[["Progress"], bool | None]

__all__ = [
    "DEFAULT_HALF_LIFE_WEEKS",
    "SeatingOutcome",
    "SeatingProgress",
    "earlier_encounters",
    "earlier_events_clause",
    "encounter_history",
    "evening_value",
    "learner_buddies",
    "repeat_price",
    "rounds_shared_tonight",
    "seat_event",
    "spread_price",
]


@dataclass(frozen=True)
class SeatingOutcome:
    """What ``seat_event`` stored."""

    event_id: int
    rounds: tuple[int, ...]  # the rounds (1-based) seated by this call
    n_attendees: int
    n_newcomers: int  # people placed into an already seated round (late arrivals)
    objective: float
    iterations: int
    elapsed: float
    message: str
    n_encounters: int
    table_sizes: tuple[int, ...] = ()  # of the rounds seated afresh (not the late-arrival round)
    shrink: str = "even"
    n_repeated_pairs: int = 0  # pairs together in more than one round tonight (stored seats)
    n_repeat_pairings: int = 0  # Σ_pairs C(k, 2) over the rounds seated afresh
    n_forced_repeat_pairings: int = 0  # a proven lower bound on n_repeat_pairings
    n_kept_together: int = 0  # of the repeated pairs, kept together on purpose
    n_tables_without_learner: int = 0  # table-rounds, counted when learners ≥ tables
    n_tables_all_pitchers: int = 0  # table-rounds, counted when non-pitchers ≥ tables


def earlier_events_clause(event: Event) -> ColumnElement[bool]:
    """SQL condition for the community's events before ``event`` (by date, then id)."""
    return and_(
        Event.community_id == event.community_id,
        or_(
            Event.starts_on < event.starts_on,
            and_(Event.starts_on == event.starts_on, Event.id < event.id),
        ),
    )


def earlier_encounters(session: Session, event: Event) -> list[tuple[int, int, dt.date]]:
    """(a, b, met_on) of every encounter at the community's events before ``event``."""
    rows = session.execute(
        select(Encounter.person_a_id, Encounter.person_b_id, Encounter.met_on)
        .join(Event, Event.id == Encounter.event_id)
        .where(earlier_events_clause(event))
    )
    return [(a, b, met_on) for a, b, met_on in rows]


def encounter_history(
    session: Session,
    event: Event,
    person_ids: Sequence[int],
    *,
    half_life_weeks: float = DEFAULT_HALF_LIFE_WEEKS,
) -> NDArray[np.float64]:
    """The decayed history h of earlier events among ``person_ids`` (see the module docstring)."""
    if half_life_weeks <= 0:
        raise InputError(
            f"expected a half-life > 0 weeks, got {half_life_weeks}", field="half_life"
        )
    index = {pid: k for k, pid in enumerate(person_ids)}
    n = len(person_ids)
    h = np.zeros((n, n))
    half_life_days = 7.0 * half_life_weeks
    for a, b, met_on in earlier_encounters(session, event):
        if a in index and b in index:
            age = max((event.starts_on - met_on).days, 0)
            weight = 2.0 ** (-age / half_life_days)
            h[index[a], index[b]] += weight
            h[index[b], index[a]] += weight
    return h


def rounds_shared_tonight(
    event: Event, person_ids: Sequence[int], before_round: int
) -> NDArray[np.float64]:
    """k: how many of the stored rounds 1..``before_round``−1 each pair shared a table."""
    index = {pid: k for k, pid in enumerate(person_ids)}
    k = np.zeros((len(person_ids), len(person_ids)))
    for r in range(1, before_round):
        for members in _stored_tables(event, r).values():
            idx = [index[p] for p in members if p in index]
            k[np.ix_(idx, idx)] += 1.0
    np.fill_diagonal(k, 0.0)
    return k


def repeat_price(
    diversity: NDArray[np.float64], history: NDArray[np.float64], repeat_penalty: float
) -> float:
    """μ = λ·(1 + max h + max d): what a second meeting in the same evening costs.

    A pair's d − λ·h ranges over less than max d + λ·max h, so at λ ≥ 1 no
    pair's diversity or history can pay for a repeat tonight; λ = 0 prices
    nothing.
    """
    largest_h = float(history.max()) if history.size else 0.0
    largest_d = float(diversity.max()) if diversity.size else 0.0
    return repeat_penalty * (1.0 + largest_h + largest_d)


def _rounds_together(rows: NDArray[np.int64]) -> NDArray[np.float64]:
    """Rounds each pair shares a table in ``rows`` (one row of tables per round)."""
    n = rows.shape[1]
    together = np.zeros((n, n))
    for row in rows:
        together += row[:, None] == row[None, :]
    np.fill_diagonal(together, 0.0)
    return together


def evening_value(
    rows: NDArray[np.int64],
    diversity: NDArray[np.float64],
    history: NDArray[np.float64],
    shared_before: NDArray[np.float64],
    repeat_penalty: float,
    price: float,
) -> float:
    """The objective of the module docstring for the rounds ``rows`` (tables per round).

    Σ_r Σ_{i<j together} (d_ij − λ·h_ij) − μ·Σ_{i<j} (T(K_ij + k_ij) − T(K_ij)), with
    T(x) = x(x − 1)/2, K the rounds shared earlier tonight (``shared_before``)
    and k those shared in ``rows``.
    """
    k = _rounds_together(rows)
    total = shared_before + k

    def triangle(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return x * (x - 1.0) / 2.0

    pairs = 0.5 * float(((diversity - repeat_penalty * history) * k).sum())
    return pairs - price * 0.5 * float((triangle(total) - triangle(shared_before)).sum())


def _stored_tables(event: Event, round_number: int) -> dict[int, list[int]]:
    """Table number → person ids seated there in one round."""
    tables: dict[int, list[int]] = {}
    for seat in event.seats:
        if seat.round == round_number:
            tables.setdefault(seat.table_number, []).append(seat.person_id)
    return tables


def spread_price(
    diversity: NDArray[np.float64],
    history: NDArray[np.float64],
    repeat_penalty: float,
    price: float,
    rounds: int,
    largest_table: int,
) -> float:
    """σ: what two members of a spread group pay per round at one table (see the module docstring).

    One move changes at most 2·(largest table) of a person's pairs, each by
    less than max d + λ·max h + R·μ, so no move that gains diversity or
    avoids a repeat can pay for a less even spread.
    """
    largest_h = float(history.max()) if history.size else 0.0
    largest_d = float(diversity.max()) if diversity.size else 0.0
    per_pair = largest_d + repeat_penalty * largest_h + rounds * price
    return 2.0 * largest_table * per_pair + 1.0


def _spread_groups(profiles: Sequence[Profile]) -> list[list[int]]:
    """The learners, and everyone not only pitching: the groups spread over the tables."""
    learners = [k for k, p in enumerate(profiles) if p.intent == "learn"]
    not_pitching = [k for k, p in enumerate(profiles) if p.intent != "pitch"]
    return [learners, not_pitching]


def _fill_levels(seated: Sequence[int], maxima: Sequence[int], n_new: int) -> list[int]:
    """Table sizes after newcomers fill the emptiest tables (relative to capacity) first."""
    counts = list(seated)
    for _ in range(n_new):
        open_tables = [t for t in range(len(counts)) if counts[t] < maxima[t]]
        if not open_tables:
            break  # more people than seats: the solver will say so
        t = min(open_tables, key=lambda t: (counts[t] / maxima[t], -maxima[t], t))
        counts[t] += 1
    return counts


def learner_buddies(
    profiles: Sequence[Profile],
    weights: NDArray[np.float64],
    exclude: Collection[int] = (),
    forbidden: Collection[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Disjoint pairs of learners, the highest ``weights`` (d − λh) first, greedily.

    Nobody in ``exclude`` gets a buddy, and no pair in ``forbidden`` (index
    pairs, either order) becomes one.
    """
    learners = [k for k, p in enumerate(profiles) if p.intent == "learn" and k not in exclude]
    banned = {(min(a, b), max(a, b)) for a, b in forbidden}
    pairs = sorted(
        (
            (float(weights[a, b]), a, b)
            for i, a in enumerate(learners)
            for b in learners[i + 1 :]
            if (min(a, b), max(a, b)) not in banned
        ),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    taken: set[int] = set()
    chosen: list[tuple[int, int]] = []
    for _, a, b in pairs:
        if a not in taken and b not in taken:
            chosen.append((a, b))
            taken |= {a, b}
    return chosen


def _buddies_apart(
    buddies: Sequence[tuple[int, int]],
    bounds: Sequence[tuple[int, int]],
    pinned: Mapping[int, Sequence[int | None]],
) -> list[tuple[int, int]]:
    """Keep-apart pairs that put each buddy pair at its own table, if the tables allow it."""
    hosts = Counter(t for pins in pinned.values() for t in set(pins) if t is not None)
    roomy = sum(1 for t, (_, high) in enumerate(bounds) if high - hosts[t] >= 2)
    if len(buddies) < 2 or len(buddies) > roomy:
        return []
    return [(a[0], b[0]) for a, b in itertools.combinations(buddies, 2)]


@dataclass(frozen=True)
class _Phase:
    people: list[Person]
    rounds: list[int]
    bounds: list[tuple[int, int]]
    pinned: dict[int, list[int | None]]
    fresh: bool  # seated afresh (not the late-arrival round): buddies, the repeat bound


@dataclass(frozen=True)
class _OrganiserPairs:
    """The organiser's keep-apart and keep-together pairs (person ids), with names for errors.

    ``private_apart`` are the members' own "not with" pairs: kept apart like
    the organiser's, but never named (see :meth:`refusal`).
    """

    apart: tuple[tuple[int, int], ...] = ()
    together: tuple[tuple[int, int], ...] = ()
    names: Mapping[int, str] = field(default_factory=dict)
    private_apart: frozenset[tuple[int, int]] = frozenset()

    def among(self, ids: Sequence[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(apart, together) as index pairs into ``ids``; pairs with someone absent drop out."""
        index = {pid: k for k, pid in enumerate(ids)}

        def present(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
            return [(index[a], index[b]) for a, b in pairs if a in index and b in index]

        apart = dict.fromkeys([*present(self.apart), *present(sorted(self.private_apart))])
        return list(apart), present(self.together)

    def refusal(
        self, event: Event, phase_rounds: Sequence[int], ids: Sequence[int], exc: InfeasibleError
    ) -> str:
        """What to tell the organiser when the solver refuses.

        When a member's private pair is among the people and the refusal is
        about keeping people apart, the solver's own words (which name the
        people) are not repeated: no organiser may learn a private pair.
        """
        head = f"cannot seat event {event.id}, rounds {phase_rounds[0]}-{phase_rounds[-1]}: "
        present = set(ids)
        private = any(a in present and b in present for a, b in self.private_apart)
        if private and exc.constraint == "keep_apart":
            return head + (
                "the people who must be kept apart cannot all be (some of these pairs are "
                "members' private wishes, not shown); add a table or seat fewer people "
                "(constraint: keep_apart)"
            )
        return head + f"{exc} (constraint: {exc.constraint})" + self.describe(ids, exc.constraint)

    def describe(self, ids: Sequence[int], constraint: str | None) -> str:
        """The organiser's pairs among ``ids`` that a refusal on ``constraint`` may concern."""
        kinds = {"keep_apart": ("apart",), "keep_together": ("together",), "pinned": ("together",)}
        present = set(ids)
        parts = []
        for kind in kinds.get(constraint or "", ()):
            pairs = self.apart if kind == "apart" else self.together
            listed = [
                f"{self.names.get(a, a)} and {self.names.get(b, b)}"
                for a, b in pairs
                if a in present and b in present
            ]
            if listed:
                parts.append(f"the organiser keeps {kind}: " + "; ".join(listed))
        return "".join(f" ({part})" for part in parts)


@dataclass(frozen=True)
class _Solved:
    rows: NDArray[np.int64]  # round → person index → table index
    objective: float
    iterations: int
    elapsed: float
    message: str  # why the main search stopped
    profiles: list[Profile]
    kept_together: frozenset[tuple[int, int]]  # person-id pairs together on purpose


# Of a multi-round phase's budget, the share of the solver's own multi-round
# search; the rest re-seats each round once with a growing repeat price.
_JOINT_SHARE = 0.6


def _solve(
    session: Session,
    event: Event,
    phase: _Phase,
    *,
    extra_shared: NDArray[np.float64] | None,
    organiser: _OrganiserPairs,
    repeat_penalty: float,
    half_life_weeks: float,
    use_buddies: bool,
    time_limit: float | None,
    max_iterations: int | None,
    seed: int,
    progress: SeatingProgress | None,
    offset: float,
) -> _Solved:
    # imported here: the compiled solver (numba) would slow every command's start
    from salon.seating import Progress, diverse_seating

    ids = [p.id for p in phase.people]
    profiles = profiles_of(phase.people, event.community.members)
    d = pairwise_diversity(profiles)
    h = encounter_history(session, event, ids, half_life_weeks=half_life_weeks)
    # rounds of this event before the phase, stored or (late arrivals) just decided
    shared = rounds_shared_tonight(
        event, ids, phase.rounds[0] if extra_shared is None else phase.rounds[0] - 1
    )
    if extra_shared is not None:
        shared = shared + extra_shared
    price = repeat_price(d, h, repeat_penalty)
    n_rounds = len(phase.rounds)
    largest = max(b[1] for b in phase.bounds)
    sigma = spread_price(d, h, repeat_penalty, price, n_rounds, largest)
    # what the solver maximises: d less the price of an uneven spread
    spread_d = d - sigma * shared_groups(_spread_groups(profiles), len(ids))
    apart, together = organiser.among(ids)
    buddies: list[tuple[int, int]] = []
    if use_buddies and phase.fresh and largest >= 2:
        # a learner the organiser already seats with someone has company
        accompanied = set(phase.pinned) | {k for pair in together for k in pair}
        buddies = learner_buddies(profiles, d - repeat_penalty * h, accompanied, apart)
        if not apart and not together:
            apart = _buddies_apart(buddies, phase.bounds, phase.pinned)
    rng = np.random.default_rng(seed)
    polish = n_rounds > 1 and price > 0
    share = _JOINT_SHARE if polish else 1.0
    iterations, elapsed, stopped = 0, 0.0, False
    messages: list[str] = []

    def report(p: Progress) -> bool | None:
        nonlocal stopped
        if progress is None:
            return None
        stop = progress(
            Progress(p.iterations, p.elapsed + offset + elapsed, p.best_objective, p.violations)
        )
        stopped = stopped or bool(stop)
        return stop

    def run(
        rounds: int,
        history: NDArray[np.float64],
        penalty: float,
        part: float,
        pinned: Mapping[int, Sequence[int | None]],
    ) -> NDArray[np.int64]:
        nonlocal iterations, elapsed
        try:
            result = diverse_seating(
                spread_d,
                phase.bounds,
                rounds=rounds,
                history=history,
                repeat_penalty=penalty,
                keep_apart=apart,
                keep_together=[*buddies, *together],
                pinned=dict(pinned),
                time_limit=None if time_limit is None else time_limit * part,
                max_iterations=None
                if max_iterations is None
                else max(1, int(max_iterations * part)),
                seed=rng,
                progress=report,
            )
        except InfeasibleError as exc:
            raise InfeasibleError(
                organiser.refusal(event, phase.rounds, ids, exc), constraint=exc.constraint
            ) from None
        iterations += result.iterations
        elapsed += result.elapsed
        messages.append(result.message)
        return result.tables

    # The solver prices history per round together and a repeat among the
    # rounds it seats at ``penalty``: scale both so a repeat costs μ.
    past = repeat_penalty * h + price * shared
    rows = run(n_rounds, past / price if price > 0 else past, price, share, phase.pinned).copy()
    if polish:
        best = evening_value(rows, spread_d, h, shared, repeat_penalty, price)
        for r in range(n_rounds):
            if stopped:
                break
            others = shared + _rounds_together(np.delete(rows, r, axis=0))
            # a pair already together k times tonight pays k·μ for one more round
            row = run(
                1,
                repeat_penalty * h + price * others,
                1.0,
                (1.0 - share) / n_rounds,
                {k: [pins[r]] for k, pins in phase.pinned.items()},
            )[0]
            candidate = rows.copy()
            candidate[r] = row
            value = evening_value(candidate, spread_d, h, shared, repeat_penalty, price)
            if value > best + 1e-9:
                rows, best = candidate, value
    objective = evening_value(rows, d, h, shared, repeat_penalty, price)
    kept = {(min(ids[a], ids[b]), max(ids[a], ids[b])) for a, b in [*buddies, *together]}
    return _Solved(rows, objective, iterations, elapsed, messages[0], profiles, frozenset(kept))


def seat_event(
    session: Session,
    owner: Account,
    event_id: int,
    *,
    from_round: int | None = None,
    time_limit: float | None = 5.0,
    max_iterations: int | None = None,
    seed: int = 0,
    repeat_penalty: float = 1.0,
    half_life_weeks: float = DEFAULT_HALF_LIFE_WEEKS,
    buddies: bool = False,
    shrink: str = "even",
    progress: SeatingProgress | None = None,
) -> SeatingOutcome:
    """Seat an event (every round, or rounds ``from_round``.. for late arrivals) and store it.

    See the module docstring for who is seated, the objective, the table sizes
    (``shrink`` is the rule when fewer people come than the tables seat:
    ``"even"`` or ``"last"``), the spread of learners, the repeat count and
    the late-arrival rule.  ``progress`` is called with a
    :class:`salon.seating.Progress` (``elapsed`` counted over the whole call);
    returning ``True`` stops the search early with the best seating so far.

    Raises
    ------
    InputError
        Nobody to seat, a bad round, an unknown shrink rule, or an earlier
        round not seated yet.
    InfeasibleError
        The solver's refusal (``constraint`` says which: capacity,
        table_minimum, pinned, keep_together, …); nothing is stored.
    """
    if repeat_penalty < 0:
        raise InputError(
            f"expected a repeat penalty ≥ 0, got {repeat_penalty}", field="repeat_penalty"
        )
    if time_limit is not None and time_limit <= 0:
        raise InputError(f"expected a time limit > 0 seconds, got {time_limit}", field="time_limit")
    event = get_event(session, owner, event_id)
    start = 1 if from_round is None else from_round
    if not 1 <= start <= event.rounds:
        raise InputError(
            f"event {event.id} has rounds 1-{event.rounds}, got {start}", field="from_round"
        )
    for r in range(1, start):
        if not _stored_tables(event, r):
            raise InputError(
                f"round {r} of event {event.id} has no seating yet; seat it first",
                field="from_round",
            )
    tables = list(event.tables)
    position = {t.number: k for k, t in enumerate(tables)}
    # a member who snoozed past the event is not seated unless they came all the same
    checked_in = {a.person_id for a in event.attendance if a.checked_in_at is not None}
    present = set(attendee_ids(event)) - (snoozed_person_ids(session, event) - checked_in)
    current = _stored_tables(event, start) if from_round is not None else {}
    seated_now = {pid: position[number] for number, pids in current.items() for pid in pids}
    if not present and not seated_now:
        raise InputError(f"nobody to seat at event {event.id}: no one has checked in or said yes")
    host_table = {t.host_id: k for k, t in enumerate(tables) if t.host_id is not None}
    people_by_id = {
        p.id: p
        for p in session.scalars(select(Person).where(Person.id.in_(present | set(seated_now))))
    }
    organiser = _organiser_pairs(session, event)
    phases: list[_Phase] = []
    rest = list(range(start, event.rounds + 1))
    if seated_now:
        ids = sorted(present | set(seated_now))
        n_new = len(ids) - len(seated_now)
        pins: dict[int, list[int | None]] = {}
        for k, pid in enumerate(ids):
            table = seated_now.get(pid, host_table.get(pid))
            if table is not None:
                pins[k] = [table]
        counts = [sum(1 for pin in pins.values() if pin[0] == k) for k in range(len(tables))]
        levels = _fill_levels(counts, [t.max_size for t in tables], len(ids) - len(pins))
        phases.append(
            _Phase(
                [people_by_id[i] for i in ids],
                [start],
                [(level, t.max_size) for level, t in zip(levels, tables, strict=True)],
                pins,
                False,
            )
        )
        rest = rest[1:]
    else:
        n_new = 0
    sizes: list[int] = []
    if rest:
        ids = sorted(present)
        try:
            sizes = table_sizes(
                [t.max_size for t in tables],
                len(ids),
                minimums=[t.min_size for t in tables],
                shrink=shrink,
            )
        except InfeasibleError as exc:
            raise InfeasibleError(
                f"cannot seat event {event.id}, rounds {rest[0]}-{rest[-1]}: {exc} "
                f"(constraint: {exc.constraint})",
                constraint=exc.constraint,
            ) from None
        phases.append(
            _Phase(
                [people_by_id[i] for i in ids],
                rest,
                [(size, size) for size in sizes],
                {
                    k: [host_table[pid]] * len(rest)
                    for k, pid in enumerate(ids)
                    if pid in host_table
                },
                True,
            )
        )
    total_rounds = sum(len(p.rounds) for p in phases)
    objective, iterations, elapsed = 0.0, 0, 0.0
    messages: list[str] = []
    solved: list[tuple[_Phase, NDArray[np.int64]]] = []
    results: list[_Solved] = []
    for phase in phases:
        share = len(phase.rounds) / total_rounds
        extra = None
        if solved:
            # rounds ≤ R of this event, as just decided, are shared rounds for the rounds after
            extra = _rounds_shared_in(solved, [p.id for p in phase.people])
        result = _solve(
            session,
            event,
            phase,
            extra_shared=extra,
            organiser=organiser,
            repeat_penalty=repeat_penalty,
            half_life_weeks=half_life_weeks,
            use_buddies=buddies,
            time_limit=None if time_limit is None else time_limit * share,
            max_iterations=None if max_iterations is None else max(1, int(max_iterations * share)),
            seed=seed,
            progress=progress,
            offset=elapsed,
        )
        solved.append((phase, result.rows))
        results.append(result)
        objective += result.objective
        iterations += result.iterations
        elapsed += result.elapsed
        messages.append(result.message)
    n_encounters = 0
    for phase, assignment in solved:
        for row, round_number in zip(assignment, phase.rounds, strict=True):
            by_table: list[list[Person]] = [[] for _ in range(max(position))]
            for k, table in enumerate(row):
                by_table[tables[int(table)].number - 1].append(phase.people[k])
            n_encounters += record_seating(session, event, round_number, by_table)
    fresh = [(phase, result) for phase, result in zip(phases, results, strict=True) if phase.fresh]
    kept = frozenset().union(*(r.kept_together for r in results))
    repeated = _repeated_pairs(event)
    # each phase and polish had its share; the organiser gave one limit
    if time_limit is not None and any(m.startswith("time limit") for m in messages):
        messages = [f"time limit reached ({time_limit:g} s)"]
    if max_iterations is not None and any(m.startswith("iteration limit") for m in messages):
        messages = [f"iteration limit reached ({max_iterations})"]
    return SeatingOutcome(
        event_id=event.id,
        rounds=tuple(r for phase in phases for r in phase.rounds),
        n_attendees=len(present | set(seated_now)),
        n_newcomers=n_new,
        objective=objective,
        iterations=iterations,
        elapsed=elapsed,
        message="; ".join(dict.fromkeys(messages)),
        n_encounters=n_encounters,
        table_sizes=tuple(sizes),
        shrink=shrink,
        n_repeated_pairs=len(repeated),
        n_repeat_pairings=sum(repeat_pairings(r.rows) for _, r in fresh),
        n_forced_repeat_pairings=sum(
            forced_repeat_pairings(sizes, len(p.rounds)) for p, _ in fresh
        ),
        n_kept_together=len(repeated & kept),
        n_tables_without_learner=sum(_tables_short_of(r, "learn") for _, r in fresh),
        n_tables_all_pitchers=sum(_tables_short_of(r, "not_pitch") for _, r in fresh),
    )


def _repeated_pairs(event: Event) -> set[tuple[int, int]]:
    """Person-id pairs that share a table in more than one stored round of ``event``."""
    times: Counter[tuple[int, int]] = Counter()
    for r in range(1, event.rounds + 1):
        for members in _stored_tables(event, r).values():
            times.update(itertools.combinations(sorted(members), 2))
    return {pair for pair, k in times.items() if k > 1}


def _tables_short_of(result: _Solved, kind: str) -> int:
    """Table-rounds without a learner (``kind="learn"``) or with pitchers only
    (``"not_pitch"``), counted only when that group has at least one person per table.
    """
    intents = [p.intent for p in result.profiles]
    wanted = np.array([(i == "learn") if kind == "learn" else (i != "pitch") for i in intents])
    short = 0
    for row in result.rows:
        occupied = np.unique(row)
        if wanted.sum() < occupied.size:
            continue
        short += sum(1 for t in occupied if not wanted[row == t].any())
    return short


def _organiser_pairs(session: Session, event: Event) -> _OrganiserPairs:
    pairs = seating_pairs(session, event.community)
    ids = {p.person_a_id for p in pairs} | {p.person_b_id for p in pairs}
    rows = session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
    names = {row.id: row.name for row in rows}
    return _OrganiserPairs(
        apart=tuple((p.person_a_id, p.person_b_id) for p in pairs if p.kind == "apart"),
        together=tuple((p.person_a_id, p.person_b_id) for p in pairs if p.kind == "together"),
        names=names,
        private_apart=frozenset(private_apart_pairs(session, event.community_id)),
    )


def _rounds_shared_in(
    solved: Sequence[tuple[_Phase, NDArray[np.int64]]], person_ids: Sequence[int]
) -> NDArray[np.float64]:
    index = {pid: k for k, pid in enumerate(person_ids)}
    h = np.zeros((len(person_ids), len(person_ids)))
    for phase, assignment in solved:
        mapped = np.array([index.get(p.id, -1) for p in phase.people], dtype=np.int64)
        for row in assignment:
            for t in np.unique(row):
                idx = mapped[(row == t) & (mapped >= 0)]
                h[np.ix_(idx, idx)] += 1.0
    np.fill_diagonal(h, 0.0)
    return h
