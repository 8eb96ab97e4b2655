"""``salon meetup …``: the organiser's commands (thin calls into the meetup services)."""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from salon.cli.app import AsJson, Raw, console, err_console, new_typer, print_json, say, state
from salon.cli.meetup_members import invite_app, organiser_app
from salon.cli.options import parse_date, parse_pairs, split_list
from salon.errors import InputError
from salon.render.seating import seating_csv, table_cards_html
from salon.services.event_rsvp import ANSWERS, RsvpResult, bulk_check_in, bulk_rsvp, set_capacity
from salon.services.meetup import (
    add_member,
    check_in,
    create_community,
    create_event,
    import_members,
    mark_attended,
    parse_table_sizes,
    pin_host,
    record_feedback,
)
from salon.services.meetup.pairs import (
    add_seating_pair,
    list_seating_pairs,
    remove_seating_pair,
)
from salon.services.meetup.reports import (
    SeatingView,
    event_summary,
    seating_view,
)
from salon.services.meetup.seating import DEFAULT_HALF_LIFE_WEEKS, seat_event
from salon.services.meetup.views import meetup_events, meetup_members
from salon.services.member_feedback import rating_summary
from salon.services.people import PersonFields, get_person

if TYPE_CHECKING:
    from salon.seating import Progress as SolverProgress

app = new_typer(
    "Run a recurring meetup: members, events, check-in, diverse seating, table cards, "
    "feedback and a summary.\n\nExample: salon meetup seat 7 --time-limit 5"
)
member_app = new_typer(
    "Add or import a meetup's members.\n\n"
    "Example: salon meetup member add 'The Long Table' 'Ana López' --intent learn"
)
event_app = new_typer(
    "Create a meetup's events.\n\n"
    "Example: salon meetup event create 'The Long Table' --date 2026-12-03 --tables 6,6,6,5"
)
app.add_typer(member_app, name="member")
app.add_typer(event_app, name="event")
app.add_typer(organiser_app, name="organiser")
app.add_typer(invite_app, name="invite")

EventId = Annotated[int, typer.Argument(help="The event's id.")]
PersonRef = Annotated[str, typer.Argument(help="Id, email, profile URL or name.")]
CommunityRef = Annotated[str, typer.Argument(help="The community's id or name.")]


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The meetup's name.")],
    description: Annotated[str | None, typer.Option(help="What the meetup is about.")] = None,
    cadence: Annotated[str | None, typer.Option(help="How often it meets, e.g. weekly.")] = None,
) -> None:
    """Create a meetup (a community with members and events).

    Example: salon meetup create "The Long Table" --cadence weekly
    """
    with state(ctx).transaction() as (session, owner):
        community = create_community(session, owner, name, description=description, cadence=cadence)
        say(f"Created {community.name} (id {community.id}).")


@member_app.command("add")
def member_add(
    ctx: typer.Context,
    community: CommunityRef,
    person: Annotated[str, typer.Argument(help="Id, email or name; a new name needs --create.")],
    intent: Annotated[str, typer.Option(help="Why they come: learn, pitch or both.")] = "both",
    email: Annotated[list[str] | None, typer.Option("--email", "-e", help="Email.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Organisation.")] = None,
    role: Annotated[str | None, typer.Option(help="Role or job title.")] = None,
    industry: Annotated[str | None, typer.Option(help="Industry, e.g. healthcare.")] = None,
    discipline: Annotated[str | None, typer.Option(help="Discipline, e.g. design.")] = None,
    interest: Annotated[
        list[str] | None, typer.Option("--interest", help="Interests (comma-separated).")
    ] = None,
    expertise: Annotated[
        list[str] | None, typer.Option(help="Expertise (comma-separated).")
    ] = None,
    attr: Annotated[
        list[str] | None, typer.Option("--attr", help="Background KEY=VALUE, e.g. country=PT.")
    ] = None,
    create: Annotated[
        bool,
        typer.Option(
            "--create", help="Create the person if the name matches nobody (else refused)."
        ),
    ] = False,
) -> None:
    """Add a member (--create for someone new) or change their intent and profile.

    Example: salon meetup member add 1 "Raj Patel" --create --intent pitch --industry fintech
    """
    fields = PersonFields(
        emails=split_list(email),
        organization=org,
        role=role,
        industry=industry,
        discipline=discipline,
        interests=split_list(interest),
        expertise=split_list(expertise),
        attributes=parse_pairs(attr, "--attr"),
    )
    with state(ctx).transaction() as (session, owner):
        member, created = add_member(
            session, owner, community, person, intent=intent, fields=fields, create=create
        )
        say(
            f"{'Added new person' if created else 'Member'} {member.person.name} "
            f"(id {member.person_id}), intent {member.intent}."
        )


@member_app.command("import")
def member_import(
    ctx: typer.Context,
    community: CommunityRef,
    path: Annotated[Path, typer.Argument(help="CSV with name, email, …, intent columns.")],
) -> None:
    """Import members from a CSV, all or nothing (a bad row names its line and column).

    Columns by name: name, email, organization, role, industry, discipline,
    interests, expertise, intent (learn/pitch/both), and background columns
    such as country.

    Example: salon meetup member import "The Long Table" members.csv
    """
    with state(ctx).transaction() as (session, owner):
        report = import_members(session, owner, community, path)
    console.print(
        f"{report.members_added} members added, {report.members_updated} updated "
        f"({report.people_created} new people, {report.people_updated} profiles filled in)."
    )


@app.command("members")
def members(ctx: typer.Context, community: CommunityRef, as_json: AsJson = False) -> None:
    """List a meetup's members with their profile and intent.

    Example: salon meetup members "The Long Table" --json
    """
    with state(ctx).transaction() as (session, owner):
        found = meetup_members(session, owner, community)
    rows = [
        {
            "id": m.person_id,
            "name": m.name,
            "organization": m.organization,
            "industry": m.industry,
            "discipline": m.discipline,
            "intent": m.intent,
            "organiser": m.organiser,
        }
        for m in found
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "name", "organisation", "industry", "discipline", "intent")
    for row in rows:
        table.add_row(
            str(row["id"]),
            escape(str(row["name"]) + (" (organiser)" if row["organiser"] else "")),
            escape(str(row["organization"] or "")),
            escape(str(row["industry"] or "")),
            escape(str(row["discipline"] or "")),
            str(row["intent"]),
        )
    console.print(table)
    console.print(f"{len(rows)} members")


@event_app.command("create")
def event_create(
    ctx: typer.Context,
    community: CommunityRef,
    date: Annotated[str, typer.Option("--date", help="The day, e.g. 2026-12-03.")],
    tables: Annotated[
        str, typer.Option(help="Table sizes, N or MIN-MAX each, e.g. 6,6,6,5 or 4-6,4-6.")
    ],
    rounds: Annotated[int, typer.Option(help="Seating rounds in the evening.")] = 1,
    title: Annotated[str | None, typer.Option(help="Title (default: name and date).")] = None,
    venue: Annotated[str | None, typer.Option(help="Where it takes place.")] = None,
    capacity: Annotated[
        int | None,
        typer.Option(help="How many may come; later yes answers join the waitlist."),
    ] = None,
) -> None:
    """Create an event with its tables and rounds (and a capacity, if any).

    Example: salon meetup event create 1 --date 2026-12-03 --tables 6,6,6,5 --rounds 3
    """
    day = parse_date(date, "--date")
    assert day is not None
    sizes = parse_table_sizes(tables)
    with state(ctx).transaction() as (session, owner):
        event = create_event(
            session, owner, community, on=day, tables=sizes, rounds=rounds, title=title, venue=venue
        )
        if capacity is not None:
            set_capacity(session, owner, event.id, capacity)
        say(
            f"Created event {event.id}: {event.title}, {len(event.tables)} tables, "
            f"{sum(t.max_size for t in event.tables)} seats, {event.rounds} rounds."
        )


@event_app.command("list")
def event_list(ctx: typer.Context, community: CommunityRef, as_json: AsJson = False) -> None:
    """List a meetup's events with their tables, rounds and attendance.

    Example: salon meetup event list "The Long Table" --json
    """
    with state(ctx).transaction() as (session, owner):
        events = meetup_events(session, owner, community)
    rows = [
        {
            "id": e.id,
            "date": e.starts_on.isoformat(),
            "title": e.title,
            "venue": e.venue,
            "tables": e.n_tables,
            "seats": e.n_seats,
            "rounds": e.rounds,
            "yes": e.n_yes,
            "checked_in": e.n_checked_in,
        }
        for e in events
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "date", "title", "tables", "seats", "rounds", "yes", "checked in")
    for row in rows:
        table.add_row(
            *(escape(str(row[key])) for key in ("id", "date", "title", "tables", "seats")),
            *(str(row[key]) for key in ("rounds", "yes", "checked_in")),
        )
    console.print(table)


@app.command("rsvp")
def rsvp(
    ctx: typer.Context,
    event: EventId,
    people: Annotated[
        list[str],
        typer.Argument(help="Ids, emails, URLs or names; a last yes/no/maybe is the answer."),
    ],
    answer: Annotated[
        str | None, typer.Option("--answer", "-a", help="yes, no or maybe (default yes).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Record RSVPs for one or many people: going, or waitlisted beyond the capacity.

    A "no" from someone going gives their seat to the first on the waitlist.
    Everyone named is found before anything is written.

    Example: salon meetup rsvp 7 "Ana López" "Raj Patel" 12 --answer yes
    """
    names = list(people)
    if answer is None and len(names) > 1 and names[-1].casefold() in ANSWERS:
        answer = names.pop().casefold()  # the older form: rsvp EVENT PERSON ANSWER
    with state(ctx).transaction() as (session, owner):
        results = bulk_rsvp(session, owner, event, names, answer or "yes")
    _print_statuses(results, answer or "yes", as_json)


def _print_statuses(results: list[RsvpResult], answer: str, as_json: bool) -> None:
    if as_json:
        print_json([asdict(r) for r in results])
        return
    for r in results:
        say(f"RSVP {answer} recorded for {r.name}. Status: {r.status}.")


@app.command("capacity")
def capacity(
    ctx: typer.Context,
    event: EventId,
    seats: Annotated[int, typer.Argument(help="How many may come; 0 or more.")],
    unlimited: Annotated[bool, typer.Option("--unlimited", help="No limit.")] = False,
) -> None:
    """Set how many may come; a larger number promotes the first on the waitlist.

    Example: salon meetup capacity 7 24
    """
    with state(ctx).transaction() as (session, owner):
        promoted = set_capacity(session, owner, event, None if unlimited else seats)
    say(f"Event {event} takes {'anyone' if unlimited else seats}; promoted {len(promoted)}.")
    for r in promoted:
        say(f"{r.name} (id {r.person_id}): going.")


@app.command("checkin")
def checkin(
    ctx: typer.Context,
    event: EventId,
    people: Annotated[list[str], typer.Argument(help="Ids, emails, profile URLs or names.")],
    walk_in: Annotated[
        bool,
        typer.Option(
            "--walk-in",
            help="Someone new at the door: create the person (and member) if the name "
            "matches nobody (one person at a time).",
        ),
    ] = False,
) -> None:
    """Mark one or many people as arrived; --walk-in adds someone new at the door.

    Example: salon meetup checkin 7 "Ana López" "Raj Patel"; salon meetup checkin 7 "Walk In
    Wanda" --walk-in
    """
    if walk_in and len(people) != 1:
        raise InputError("--walk-in adds one person at a time", field="people")
    with state(ctx).transaction() as (session, owner):
        if walk_in:
            row = check_in(session, owner, event, people[0], walk_in=True)
            names = [get_person(session, owner, row.person_id).name]
        else:
            names = [r.name for r in bulk_check_in(session, owner, event, people)]
    for name in names:
        say(f"Checked in {name}.")


@app.command("attended")
def attended(
    ctx: typer.Context,
    event: EventId,
    people: Annotated[list[str], typer.Argument(help="Ids, emails, profile URLs or names.")],
) -> None:
    """After the event: confirm who was there; their table encounters count from now on.

    A seating is a plan: who sat with whom becomes an encounter (and a tie)
    only for people checked in or marked here as attended.

    Example: salon meetup attended 7 "Ana López" "Raj Patel" 12
    """
    with state(ctx).transaction() as (session, owner):
        n_new = mark_attended(session, owner, event, people)
    console.print(f"Marked {n_new} more people as attended at event {event}.")


@app.command("host")
def host(
    ctx: typer.Context,
    event: EventId,
    table: Annotated[int, typer.Argument(help="Table number (1, 2, …).")],
    person: PersonRef,
) -> None:
    """Pin a host to a table: every round seats them there.

    Example: salon meetup host 7 1 "Tomás Ferreira"
    """
    with state(ctx).transaction() as (session, owner):
        found = pin_host(session, owner, event, table, person)
        say(f"{found.name} hosts table {table}.")


def _add_pair(ctx: typer.Context, kind: str, community: str, first: str, second: str) -> None:
    with state(ctx).transaction() as (session, owner):
        row, created = add_seating_pair(session, owner, community, kind, first, second)
    say(
        f"{row.first_name} and {row.second_name} are {'now' if created else 'already'} "
        f"kept {kind} at every event."
    )


@app.command("apart")
def apart(ctx: typer.Context, community: CommunityRef, first: PersonRef, second: PersonRef) -> None:
    """Never seat two people at the same table at this meetup's events (any round).

    Example: salon meetup apart "The Long Table" "Ana López" "Raj Patel"
    """
    _add_pair(ctx, "apart", community, first, second)


@app.command("together")
def together(
    ctx: typer.Context, community: CommunityRef, first: PersonRef, second: PersonRef
) -> None:
    """Always seat two people at the same table at this meetup's events (every round).

    Pairs chain: Ana with Raj and Raj with Mia seats all three together.

    Example: salon meetup together "The Long Table" "Mia Chen" mia.interpreter@port.nl
    """
    _add_pair(ctx, "together", community, first, second)


@app.command("unpair")
def unpair(
    ctx: typer.Context, community: CommunityRef, first: PersonRef, second: PersonRef
) -> None:
    """Drop the keep-apart or keep-together rule for two people.

    Example: salon meetup unpair "The Long Table" "Ana López" "Raj Patel"
    """
    with state(ctx).transaction() as (session, owner):
        row = remove_seating_pair(session, owner, community, first, second)
    say(f"{row.first_name} and {row.second_name} are no longer kept {row.kind}.")


@app.command("pairs")
def pairs(ctx: typer.Context, community: CommunityRef, as_json: AsJson = False) -> None:
    """List who is kept apart and who is kept together at this meetup's events.

    Example: salon meetup pairs "The Long Table" --json
    """
    with state(ctx).transaction() as (session, owner):
        rows = list_seating_pairs(session, owner, community)
    if as_json:
        print_json([r.as_dict() for r in rows])
        return
    table = Table("kept", "person", "person")
    for r in rows:
        table.add_row(
            r.kind,
            escape(f"{r.first_name} (id {r.first_id})"),
            escape(f"{r.second_name} (id {r.second_id})"),
        )
    console.print(table)
    console.print(f"{len(rows)} pairs")


@app.command("seat")
def seat(
    ctx: typer.Context,
    event: EventId,
    from_round: Annotated[
        int | None,
        typer.Option(
            "--from-round",
            help="Late arrivals: keep rounds before R, keep everyone seated in round R at "
            "their table and place newcomers, re-seat the rounds after R.",
        ),
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Seconds of search.")] = 5.0,
    max_iterations: Annotated[
        int | None,
        typer.Option(
            help="Stop after this many search steps instead of --time-limit: with the same "
            "--seed the seating is then the same on any machine."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    repeat_penalty: Annotated[
        float, typer.Option(help="λ: the price of sitting again with someone already met.")
    ] = 1.0,
    half_life: Annotated[
        float, typer.Option(help="Weeks after which a past encounter counts half.")
    ] = DEFAULT_HALF_LIFE_WEEKS,
    buddies: Annotated[
        bool,
        typer.Option(
            help="Pair learners as buddies who sit together all evening, instead of "
            "spreading them one or more per table."
        ),
    ] = False,
    shrink: Annotated[
        str,
        typer.Option(
            help="When fewer come than the tables seat, which tables shrink: 'even' (the "
            "largest first: 21 at 6,6,6,5 sit 6,5,5,5) or 'last' (the last first: 6,6,6,3). "
            "The sizes are the same in every round."
        ),
    ] = "even",
) -> None:
    """Seat an event so every table mixes backgrounds and people meet someone new.

    Tables are filled to the sizes given; learners are spread so every table
    has one when there are enough; the repeats the table sizes force are
    reported beside those found.

    Example: salon meetup seat 7 --time-limit 10 --seed 1 --shrink last
    """
    if time_limit <= 0:
        raise InputError(f"--time-limit: expected seconds > 0, got {time_limit}")
    if max_iterations is not None and max_iterations < 1:
        raise InputError(f"--max-iterations: expected a count ≥ 1, got {max_iterations}")
    total = float(max_iterations) if max_iterations is not None else time_limit
    with (
        Progress(
            TextColumn("Seating"),
            BarColumn(),
            TextColumn("best {task.fields[best]}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as bar,
        state(ctx).transaction() as (session, owner),
    ):
        task = bar.add_task("seat", total=total, best="–")

        def show(p: SolverProgress) -> None:
            best = f"{p.best_objective:.2f}" if math.isfinite(p.best_objective) else "–"
            done = p.iterations if max_iterations is not None else p.elapsed
            bar.update(task, completed=min(done, total), best=best)

        outcome = seat_event(
            session,
            owner,
            event,
            from_round=from_round,
            time_limit=None if max_iterations is not None else time_limit,
            max_iterations=max_iterations,
            seed=seed,
            repeat_penalty=repeat_penalty,
            half_life_weeks=half_life,
            buddies=buddies,
            shrink=shrink,
            progress=show,
        )
    rounds = ", ".join(map(str, outcome.rounds))
    late = f", {outcome.n_newcomers} newcomers placed" if outcome.n_newcomers else ""
    console.print(
        f"Seated {outcome.n_attendees} people at event {outcome.event_id}, rounds {rounds}{late} "
        f"(objective {outcome.objective:.2f}, {outcome.iterations} iterations, "
        f"{outcome.message})."
    )
    if outcome.table_sizes:
        console.print(
            f"Tables of {','.join(map(str, outcome.table_sizes))} in every round "
            f"(shrink rule: {outcome.shrink})."
        )
    kept = f", {outcome.n_kept_together} of them kept together on purpose" * bool(
        outcome.n_kept_together
    )
    console.print(
        f"Repeats tonight: {outcome.n_repeat_pairings} repeat pairings (the table sizes force "
        f"at least {outcome.n_forced_repeat_pairings}); "
        f"{outcome.n_repeated_pairs} pairs meet more than once{kept}."
    )
    for count, what in (
        (outcome.n_tables_without_learner, "without a learner"),
        (outcome.n_tables_all_pitchers, "of pitchers only"),
    ):
        if count:
            console.print(f"[yellow]{count} table-rounds {what}[/] (pins or pairs prevented it).")


@app.command("seating")
def seating(
    ctx: typer.Context,
    event: EventId,
    round_number: Annotated[int | None, typer.Option("--round", help="Only this round.")] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Also write a CSV here.")] = None,
    html_path: Annotated[
        Path | None, typer.Option("--html", help="Also write printable table cards here.")
    ] = None,
    raw: Raw = False,
    as_json: AsJson = False,
) -> None:
    """Show the seating per round, and write it as CSV or printable HTML table cards.

    In the CSV, cells a spreadsheet would run as formulas start with a single
    quote unless --raw.

    Example: salon meetup seating 7 --html cards.html --csv seating.csv
    """
    with state(ctx).transaction() as (session, owner):
        view = seating_view(session, owner, event, round_number)
    for path, kind in ((csv_path, "csv"), (html_path, "html")):
        if path is not None:
            text = seating_csv(view, raw=raw) if kind == "csv" else table_cards_html(view)
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
            if not as_json:  # stdout is the JSON alone
                say(f"Wrote {path}")
    if as_json:
        print_json(_seating_dict(view))
        return
    for r in view.rounds:
        table = Table("table", "people", "starter", title=f"{escape(view.title)} — round {r}")
        for t in view.tables:
            if t.round != r:
                continue
            people = "\n".join(
                f"{p.name} ({p.industry or '?'}, {p.intent})"
                + (" [host]" if p.person_id == t.host_id else "")
                for p in t.people
            )
            table.add_row(
                str(t.number),
                escape(people),
                f"{escape(t.starter.text)}\n[dim]{escape(t.starter.reason)}[/]",
            )
        console.print(table)


def _seating_dict(view: SeatingView) -> dict[str, object]:
    """``meetup seating --json``: the event, then each round's tables with their people."""
    return {
        "event_id": view.event_id,
        "title": view.title,
        "date": view.starts_on.isoformat(),
        "venue": view.venue,
        "meetup": view.community,
        "tables": [
            {
                "round": t.round,
                "table": t.number,
                "host": next((p.name for p in t.people if p.person_id == t.host_id), None),
                "people": [
                    {
                        "person_id": p.person_id,
                        "name": p.name,
                        "intent": p.intent,
                        "organization": p.organization,
                        "industry": p.industry,
                    }
                    for p in t.people
                ],
                "starter": {"text": t.starter.text, "reason": t.starter.reason},
            }
            for t in view.tables
        ],
    }


@app.command("feedback")
def feedback(
    ctx: typer.Context,
    event: EventId,
    person: PersonRef,
    learned_from: Annotated[
        list[str] | None, typer.Option("--learned-from", help="Someone you learned from.")
    ] = None,
    follow_up: Annotated[
        list[str] | None, typer.Option("--follow-up", help="Someone you will follow up with.")
    ] = None,
) -> None:
    """After the event: whom a person learned from and will follow up with (becomes ties).

    Example: salon meetup feedback 7 "Ana López" --learned-from "Raj Patel" --follow-up 12
    """
    with state(ctx).transaction() as (session, owner):
        n = record_feedback(
            session,
            owner,
            event,
            person,
            learned_from=learned_from or [],
            follow_up=follow_up or [],
        )
        console.print(f"Recorded {n} new pieces of feedback.")


@app.command("summary")
def summary(ctx: typer.Context, event: EventId, as_json: AsJson = False) -> None:
    """How an event mixed people (new cross-industry encounters, repeats, intents per table)
    and what they said after (learned-from and follow-ups, in aggregate).

    Example: salon meetup summary 7 --json
    """
    with state(ctx).transaction() as (session, owner):
        result = event_summary(session, owner, event)
        ratings = rating_summary(session, owner, event)
    if as_json:
        print_json({**result.as_dict(), "ratings": ratings.as_dict()})
        return
    console.print(
        f"[bold]{escape(result.title)}[/] ({result.starts_on.isoformat()}): "
        f"{result.n_seated} seated, "
        f"{result.n_pairs} pairs shared a table.\n"
        f"New cross-industry encounters: {result.n_new_cross_industry} "
        f"(of {result.n_new_encounters} first meetings)\n"
        f"Repeat rate (met at an earlier event): {result.repeat_rate:.1%}\n"
        f"Pairs together in more than one round: {result.n_repeated_within_event}\n"
        f"Mean table diversity: {result.mean_table_diversity:.3f}"
    )
    fb = result.feedback
    if fb.n_people:
        most = ", ".join(f"{escape(name)} ({n})" for name, n in fb.most_learned_from)
        console.print(
            f"Feedback from {fb.n_people} people: {fb.n_learned_from} learned-from answers "
            f"({fb.n_learned_from_cross_industry} across industries), "
            f"{fb.n_follow_ups} follow-ups planned.\nMost learned from: {most or '–'}"
        )
    else:
        console.print("No feedback yet (salon meetup feedback EVENT PERSON --learned-from …).")
    if ratings.n_evening or ratings.tables:
        evening = "–" if math.isnan(ratings.evening_mean) else f"{ratings.evening_mean:.1f}"
        per_table = ", ".join(
            f"round {t.round} table {t.table}: {t.mean:.1f} ({t.n})" for t in ratings.tables
        )
        console.print(
            f"Evening rated {evening} of 5 by {ratings.n_evening} "
            f"({ratings.n_comments} comments). Tables: {per_table or '–'}",
            highlight=False,
        )
    else:
        console.print("No ratings yet (members rate on /events/EVENT/feedback).")
    table = Table("round", "table", "people", "learn", "pitch", "both", "industries", "diversity")
    for t in result.tables:
        table.add_row(
            str(t.round),
            str(t.table),
            str(t.n_people),
            str(t.n_learn),
            str(t.n_pitch),
            str(t.n_both),
            str(t.n_industries),
            "–" if math.isnan(t.diversity) else f"{t.diversity:.3f}",
        )
    console.print(table)


@app.command("ics")
def ics(
    ctx: typer.Context,
    event: EventId,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the file here (default: stdout).")
    ] = None,
) -> None:
    """An "add to calendar" file (.ics) for the event.

    Example: salon meetup ics 7 -o dinner.ics
    """
    from salon.services.meetup import get_event
    from salon.services.reminders import calendar_file

    with state(ctx).transaction(write=False) as (session, owner):
        data = calendar_file(get_event(session, owner, event))
    if output is None:
        typer.echo(data.decode(), nl=False)
    else:
        output.write_bytes(data)
        say(f"Wrote {output}.")


@app.command("notify")
def notify(
    ctx: typer.Context,
    community: CommunityRef,
    webhook: Annotated[
        str | None, typer.Option(help="A URL that gets each reminder as a JSON POST; '' is off.")
    ] = None,
    ntfy: Annotated[
        str | None, typer.Option(help="An ntfy topic URL for reminders; '' is off.")
    ] = None,
    email: Annotated[
        bool | None,
        typer.Option("--email/--no-email", help="E-mail members with an account (SMTP settings)."),
    ] = None,
) -> None:
    """Choose how a meetup's reminders go out: webhook, ntfy, e-mail (each off by default).

    Example: salon meetup notify "The Long Table" --ntfy https://ntfy.example/longtable --email
    """
    from salon.services.reminders import set_reminder_channels

    with state(ctx).transaction() as (session, owner):
        found = set_reminder_channels(
            session, owner, community, webhook=webhook, ntfy=ntfy, email=email
        )
        channels = {
            "webhook": found.webhook_url or "off",
            "ntfy": found.ntfy_url or "off",
            "e-mail": "on" if found.email_reminders else "off",
        }
    say(f"Reminders for {found.name}: " + ", ".join(f"{k} {v}" for k, v in channels.items()))


@app.command("remind")
def remind(ctx: typer.Context, event: EventId) -> None:
    """Send the event's due reminders, each once (cron-able; failures are retried next run).

    Due from 24 hours before the start.  Each channel's outcome is printed;
    the exit code is 1 when one failed.

    Example: salon meetup remind 7
    """
    from salon.services.reminders import deliver, plan_reminders, record_delivery

    settings = state(ctx).settings
    with state(ctx).transaction(write=False) as (session, owner):
        due = plan_reminders(session, owner, event, public_url=settings.public_url)
    # sent outside any transaction: a slow channel never holds the store's lock
    outcomes = [(reminder, deliver(reminder, settings)) for reminder in due]
    with state(ctx).transaction() as (session, _):
        for reminder, error in outcomes:
            record_delivery(session, reminder, error)
    for reminder, error in outcomes:
        what = f"{reminder.channel} {reminder.recipient}"
        if error is None:
            say(f"Sent: {what}.")
        else:
            err_console.print(f"Failed: {escape(what)}: {escape(error)} (tried again next run)")
    say(f"{sum(e is None for _, e in outcomes)} of {len(outcomes)} reminders sent.")
    if any(e is not None for _, e in outcomes):
        raise typer.Exit(1)
