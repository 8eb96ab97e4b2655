"""``salon person …`` and ``salon tie …``."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from salon.cli.app import AsJson, console, new_typer, print_json, say, state
from salon.cli.options import parse_date, parse_pairs, split_list
from salon.errors import InputError
from salon.services.accounts import me
from salon.services.duplicates import find_duplicates, merge_conflicts, merge_people
from salon.services.duplicates import merge_certain as merge_certain_groups
from salon.services.enrichment import (
    DEFAULT_SETTINGS,
    Inference,
    accept_inferred,
    correct_value,
    enrich_people,
    parse_field_value,
    pending_inferences,
)
from salon.services.history import conversation_line, remove_tie, tie_line, tie_list
from salon.services.merge_history import list_merges, unmerge
from salon.services.people import (
    PersonFields,
    add_person,
    apply_fields,
    get_person,
    people_page,
    person_dicts,
    remove_person,
    write_people_json,
)
from salon.services.person_history import HISTORY_SECTIONS, person_history
from salon.services.ties import state_tie

app = new_typer("Add, find, edit, merge and remove people.\n\nExample: salon person list --json")
tie_app = new_typer("Say who knows whom.\n\nExample: salon tie add 'Ana López' 'Raj Patel'")

Email = Annotated[list[str] | None, typer.Option("--email", "-e", help="Email (repeatable).")]
Org = Annotated[str | None, typer.Option("--org", help="Organisation.")]
Role = Annotated[str | None, typer.Option(help="Role or job title.")]
Url = Annotated[str | None, typer.Option(help="Profile URL (LinkedIn etc.).")]
Industry = Annotated[str | None, typer.Option(help="Industry, e.g. healthcare.")]
Discipline = Annotated[str | None, typer.Option(help="Discipline, e.g. engineering.")]
Attr = Annotated[
    list[str] | None, typer.Option("--attr", help="Background attribute KEY=VALUE (repeatable).")
]
Expertise = Annotated[list[str] | None, typer.Option(help="Expertise tags (comma-separated).")]
Interest = Annotated[list[str] | None, typer.Option("--interest", help="Interest tags.")]
Tag = Annotated[list[str] | None, typer.Option("--tag", help="Plain tags.")]
Bio = Annotated[str | None, typer.Option(help="A short bio.")]


def _fields(
    name: str | None,
    email: list[str] | None,
    org: str | None,
    role: str | None,
    url: str | None,
    industry: str | None,
    discipline: str | None,
    attr: list[str] | None,
    expertise: list[str] | None,
    interest: list[str] | None,
    tag: list[str] | None,
    bio: str | None,
) -> PersonFields:
    return PersonFields(
        name=name,
        emails=split_list(email),
        organization=org,
        role=role,
        url=url,
        industry=industry,
        discipline=discipline,
        attributes=parse_pairs(attr, "--attr"),
        expertise=split_list(expertise),
        interests=split_list(interest),
        tags=split_list(tag),
        bio=bio,
    )


def _marked(person: dict[str, Any], field: str) -> str:
    """A field's value, marked when salon inferred it (``logistics ~0.62``)."""
    value = person[field]
    if value is None:
        return ""
    inferred = person["inferred"].get(field)
    if inferred is None:
        return escape(value)
    return f"{escape(value)} [dim]~{inferred['confidence']:.2f}[/]"


# rows the table shows unless --limit says otherwise: a terminal cannot show 100,000
TABLE_PAGE = 100


def _people_table(people: list[dict[str, Any]]) -> Table:
    table = Table("id", "name", "organisation", "role", "industry", "discipline", "email")
    for p in people:
        table.add_row(
            str(p["id"]),
            escape(p["name"]),
            escape(p["organization"] or ""),
            escape(p["role"] or ""),
            _marked(p, "industry"),
            _marked(p, "discipline"),
            escape(p["email"] or ""),
        )
    if any(p["inferred"] for p in people):
        table.caption = "~0.62: inferred by salon with that confidence (salon person enrich)"
    return table


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Full name.")],
    email: Email = None,
    org: Org = None,
    role: Role = None,
    url: Url = None,
    industry: Industry = None,
    discipline: Discipline = None,
    attr: Attr = None,
    expertise: Expertise = None,
    interest: Interest = None,
    tag: Tag = None,
    bio: Bio = None,
) -> None:
    """Add a person.

    Example: salon person add "Ana López" --email ana@biolab.org --org Biolab --industry biotech
    """
    fields = _fields(
        name, email, org, role, url, industry, discipline, attr, expertise, interest, tag, bio
    )
    with state(ctx).transaction() as (session, owner):
        person = add_person(session, owner, fields)
        say(f"Added {person.name} (id {person.id}).")


@app.command("list")
def list_(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option(help="Match name, organisation or email.")] = None,
    industry: Annotated[str | None, typer.Option(help="Only this industry.")] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            min=0, help="At most this many people (default: 100 in the table, all with --json)."
        ),
    ] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many people first.")] = 0,
    as_json: AsJson = False,
) -> None:
    """List people by name; --json streams every match, the table shows a page.

    Example: salon person list --search bio --limit 20 --offset 40
    """
    if limit is None and not as_json:
        limit = TABLE_PAGE
    with state(ctx).transaction(write=False) as (session, owner):
        if as_json:
            # written as read: a 100,000-person list never sits in memory whole
            write_people_json(
                session,
                owner,
                sys.stdout,
                search=search,
                industry=industry,
                limit=limit,
                offset=offset,
            )
            sys.stdout.write("\n")
            return
        ids, total = people_page(
            session, owner, search=search, industry=industry, limit=limit, offset=offset
        )
        console.print(_people_table([row for row, _ in person_dicts(session, ids)]))
    if len(ids) == total:
        console.print(f"{total} people")
    else:
        shown = f"{offset + 1}–{offset + len(ids)}" if ids else "none"
        more = f"; --offset {offset + len(ids)} for more" if offset + len(ids) < total else ""
        console.print(f"{shown} of {total} people{more}")


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Id, email, profile URL or name.")],
    as_json: AsJson = False,
) -> None:
    """Show one person and everything recorded with them.

    The profile, then conversations (purpose, depth, insights, outcomes), ties
    with their evidence, feedback given, ideas touched, lessons learned from
    them, notes and meetups.

    Example: salon person show ana@biolab.org --json
    """
    with state(ctx).transaction(write=False) as (session, owner):
        data = person_history(session, owner, ref).as_dict()
    if as_json:
        print_json(data)
        return
    history = {key: data.pop(key) for key in HISTORY_SECTIONS}
    _print_profile(data)
    _print_history(data["name"], history)


def _print_profile(data: dict[str, Any]) -> None:
    table = Table(show_header=False, box=None)
    inferred = data.pop("inferred")
    for key, value in data.items():
        if key.endswith("_inferred"):
            continue
        if key in inferred:
            how = inferred[key]
            value = (
                f"{value} (inferred: confidence {how['confidence']:.2f}, {how['method']} "
                f"on {how['source']}; confirm with `salon person enrich --accept {data['id']}`)"
            )
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(value)
        if value not in (None, ""):
            table.add_row(f"[bold]{key}[/]", escape(str(value)))
    console.print(table)


def _print_history(name: str, history: dict[str, list[dict[str, Any]]]) -> None:
    """Each non-empty section of :func:`person_history` as a few plain lines."""
    lines: dict[str, list[str]] = {
        "conversations": [conversation_line(c) for c in history["conversations"]],
        "ties": [tie_line(t, name) for t in history["ties"]],
        "feedback": [
            f"{f['given_on']} on idea {f['idea_id']} {f['idea']!r} v{f['version']} "
            f"[{f['stance']}]: {f['text']}"
            for f in history["feedback"]
        ],
        "ideas": [f"{i['id']}: {i['title']} ({i['status']})" for i in history["ideas"]],
        "lessons": [
            f"{x['id']}: {x['title']} ({x['kind']})"
            + (f" — takeaway: {x['takeaway']}" if x["takeaway"] else "")
            for x in history["lessons"]
        ],
        "notes": [f"{n['ref']}: {n['text']}" for n in history["notes"]],
        "meetups": [
            f"{m['name']} (intent {m['intent']}{', organiser' if m['organiser'] else ''})"
            for m in history["meetups"]
        ],
        "events": [
            f"{e['date']} {e['title']} ({e['meetup']}), RSVP {e['rsvp']}" for e in history["events"]
        ],
    }
    for section, rows in lines.items():
        console.print(f"\n[bold]{section}[/] ({len(rows)})")
        if not rows:
            say("  none recorded")
        for row in rows:
            say(f"  {row}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Id, email, profile URL or name.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    email: Email = None,
    org: Org = None,
    role: Role = None,
    url: Url = None,
    industry: Industry = None,
    discipline: Discipline = None,
    attr: Attr = None,
    expertise: Expertise = None,
    interest: Interest = None,
    tag: Tag = None,
    bio: Bio = None,
) -> None:
    """Change a person's details (emails, attributes and tags are added).

    Example: salon person edit 12 --role "Head of R&D" --attr country=PT
    """
    fields = _fields(
        name, email, org, role, url, industry, discipline, attr, expertise, interest, tag, bio
    )
    with state(ctx).transaction() as (session, owner):
        person = get_person(session, owner, ref)
        changed = apply_fields(session, owner, person, fields, overwrite=True)
        say(f"{'Updated' if changed else 'No change to'} {person.name} (id {person.id}).")


@app.command("remove")
def remove(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Id, email, profile URL or name.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Remove a person with their ties.

    Example: salon person remove 12 --yes
    """
    with state(ctx).transaction() as (session, owner):
        person = get_person(session, owner, ref)
        if not yes and not typer.confirm(f"Remove {person.name} (id {person.id}) and their ties?"):
            raise typer.Abort()
        remove_person(session, owner, person.id)
        say(f"Removed {person.name}.")


@app.command("enrich")
def enrich(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be set; write nothing.")
    ] = False,
    threshold: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help=(
                f"Least confidence to set a value (default {DEFAULT_SETTINGS.threshold} with "
                f"the model, {DEFAULT_SETTINGS.keyword_threshold} with keywords)."
            ),
        ),
    ] = None,
    keywords: Annotated[
        bool, typer.Option("--keywords", help="Use keywords only, even if the model is installed.")
    ] = False,
    review: Annotated[
        bool, typer.Option("--review", help="List the inferred values awaiting confirmation.")
    ] = False,
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", help="Confirm a person's inferred values (repeatable)."),
    ] = None,
    accept_all: Annotated[
        bool, typer.Option("--all", help="Confirm every inferred value.")
    ] = False,
    set_: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--set", help="Correct one value: PERSON FIELD=VALUE (FIELD industry or discipline)."
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Infer industry and discipline for people who lack them; review, confirm or correct.

    Values a person typed are never changed; inferred ones are marked as such
    (with confidence and source) until confirmed or corrected.

    Example: salon person enrich --dry-run, then salon person enrich --set 40 industry=logistics
    """
    with state(ctx).transaction() as (session, owner):
        if accept or accept_all or set_:
            if accept_all and accept:
                raise InputError("give --accept PERSON or --all, not both")
            refs: list[str | None] = list(accept) if accept else [None] if accept_all else []
            done = [
                f"{p.name} (id {p.id}): {field} {value} confirmed"
                for ref in refs
                for p, field, value in accept_inferred(session, owner, ref)
            ]
            if set_ is not None:
                target, value = parse_field_value(set_[1])
                person = correct_value(session, owner, set_[0], target, value)
                done.append(f"{person.name} (id {person.id}): {target} set to {value}")
            for line in done or ["Nothing inferred to confirm."]:
                say(line)
            return
        if review:
            rows = pending_inferences(session, owner)
            _print_inferences(rows, as_json, "Nothing inferred awaits review.")
            return
        result = enrich_people(
            session, owner, dry_run=dry_run, threshold=threshold, use_model=not keywords
        )
    _print_inferences(result.inferences, as_json, None)
    if not as_json:
        say(result.summary())


def _print_inferences(rows: list[Inference], as_json: bool, empty: str | None) -> None:
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    if not rows:
        if empty:
            say(empty)
        return
    table = Table("id", "name", "field", "value", "confidence", "method", "read from")
    for r in rows:
        table.add_row(
            str(r.person_id),
            escape(r.name),
            r.field,
            escape(r.value),
            f"{r.confidence:.2f}",
            r.method,
            escape(r.source),
        )
    console.print(table)


def interactive() -> bool:
    """Whether a person is at the keyboard to answer questions (not a script or a pipe)."""
    return sys.stdin.isatty()


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The person to keep.")],
    other: Annotated[str, typer.Argument(help="The duplicate to merge into KEEP.")],
    prefer: Annotated[
        str | None,
        typer.Option(help="Where both hold different values: take keep's or other's."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="The value for one field, FIELD=VALUE (repeatable)."),
    ] = None,
) -> None:
    """Merge a duplicate into another person; no field, tie or interaction is lost.

    Each field keeps the richer value (a stated one over an inferred one, the
    accented spelling, the longer organisation); where both records hold
    different values, salon asks, or takes --prefer or --set. The values
    that lose are kept as former names, organisations… so a re-import
    matches the merged person.

    Example: salon person merge 12 57 --prefer other --set name="Ana López"
    """
    values = parse_pairs(set_, "--set")
    with state(ctx).transaction() as (session, owner):
        if prefer is None and interactive():
            for conflict in merge_conflicts(session, owner, keep, other):
                if conflict.field not in values:
                    values[conflict.field] = typer.prompt(
                        f"{conflict.field}: 1 {conflict.keep!r} or 2 {conflict.other!r}? "
                        "(1, 2 or a new value)",
                        default="1",
                    )
                    if values[conflict.field] in ("1", "2"):
                        pick = values[conflict.field] == "1"
                        values[conflict.field] = conflict.keep if pick else conflict.other
        gone = get_person(session, owner, other).name
        person = merge_people(session, owner, keep, other, prefer=prefer, values=values)
        done = list_merges(session, owner)[0]
        say(
            f"Merged {gone} into {person.name} (id {person.id}); "
            f"undo with `salon person unmerge {done.id}`."
        )


@app.command("merges")
def merges(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List past merges, newest first, with the id that undoes each.

    Example: salon person merges --json
    """
    with state(ctx).transaction() as (session, owner):
        rows = [
            {
                "id": m.id,
                "kept": get_person(session, owner, m.kept_id).name,
                "kept_id": m.kept_id,
                "merged": m.merged_name,
                "merged_id": m.merged_id,
                "merged_at": m.merged_at.isoformat(timespec="seconds"),
                "undone_at": m.undone_at.isoformat(timespec="seconds") if m.undone_at else None,
            }
            for m in list_merges(session, owner)
        ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        undone = f", undone {row['undone_at']}" if row["undone_at"] else ""
        say(
            f"{row['id']}: {row['merged']} (was id {row['merged_id']}) into {row['kept']} "
            f"(id {row['kept_id']}), {row['merged_at']}{undone}"
        )
    if not rows:
        say("No merges yet.")


@app.command("unmerge")
def unmerge_(
    ctx: typer.Context,
    merge_id: Annotated[int, typer.Argument(help="The merge's id (salon person merges).")],
) -> None:
    """Undo a merge: the merged-away person comes back with their own records.

    Their emails, ties, conversations, feedback, memberships and seats return
    to them; the kept person's fields are restored where nobody changed them
    since the merge.

    Example: salon person unmerge 3
    """
    with state(ctx).transaction() as (session, owner):
        kept, back = unmerge(session, owner, merge_id)
        say(f"Unmerged {back.name} (id {back.id}) from {kept.name} (id {kept.id}).")


@app.command("duplicates")
def duplicates(
    ctx: typer.Context,
    merge_certain: Annotated[
        bool, typer.Option("--merge-certain", help="Merge groups that share a profile URL.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """List people who may be one real person, with the evidence, for review.

    Names are compared up to accents, transliteration (Björn/Bjoern), nicknames
    (Bob/Robert) and initials; organisations up to legal forms, short forms
    (Northwind/Northwind Logistics) and acronyms, or one missing. Nothing is
    merged unless certain (--merge-certain: a shared profile URL); merge the
    others with `salon person merge KEEP OTHER`.

    Example: salon person duplicates --json
    """
    with state(ctx).transaction() as (session, owner):
        groups = find_duplicates(session, owner)
        if as_json:
            print_json([g.as_dict() for g in groups])
        elif not groups:
            say("No possible duplicates found.")
        else:
            table = Table("people", "evidence", "score", "certain")
            for group in groups:
                names = "\n".join(f"{p.name} (id {p.id})" for p in group.people)
                table.add_row(
                    escape(names),
                    escape("\n".join(group.evidence or (group.reason,))),
                    f"{group.score:.2f}",
                    "yes" if group.certain else "no",
                )
            console.print(table)
        if merge_certain:
            n_merged = merge_certain_groups(session, owner, groups)
            if not as_json:
                say(f"Merged {n_merged} certain duplicates.")


@tie_app.command("add")
def tie_add(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="A person.")],
    second: Annotated[
        str | None, typer.Argument(help="Another person (default: you).", show_default=False)
    ] = None,
    introduced_by: Annotated[
        str | None, typer.Option(help="Who introduced them (they know both).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Known since (YYYY-MM-DD).")] = None,
    how_met: Annotated[str | None, typer.Option(help="How they met.")] = None,
    support: Annotated[
        list[str] | None, typer.Option(help="Support given: moral, advice, resources.")
    ] = None,
    strength: Annotated[int | None, typer.Option(min=1, max=5, help="Strength 1-5.")] = None,
) -> None:
    """State that two people know each other (you, if only one is named).

    Example: salon tie add "Ana López" "Raj Patel" --introduced-by "Mia Chen"
    """
    with state(ctx).transaction() as (session, owner):
        a = get_person(session, owner, first)
        b = me(session, owner) if second is None else get_person(session, owner, second)
        introducer = get_person(session, owner, introduced_by) if introduced_by else None
        state_tie(
            session,
            owner,
            a,
            b,
            source_ref="cli",
            since=parse_date(since, "--since"),
            how_met=how_met,
            introduced_by=introducer,
            support=split_list(support),
            strength=strength,
        )
        say(f"{a.name} — {b.name}: tie recorded.")


@tie_app.command("list")
def tie_list_(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option("--person", help="Only this person's ties.")] = None,
    as_json: AsJson = False,
) -> None:
    """List ties with the evidence each rests on (stated, shared conversation, inferred…).

    Example: salon tie list --person "Ana López" --json
    """
    with state(ctx).transaction() as (session, owner):
        who = get_person(session, owner, person) if person else None
        ties = tie_list(session, owner, who)
    if as_json:
        print_json(ties)
        return
    for tie in ties:
        say(tie_line(tie))
    say(f"{len(ties)} tie{'' if len(ties) == 1 else 's'}" + (f" of {who.name}" if who else ""))


@tie_app.command("remove")
def tie_remove(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="A person.")],
    second: Annotated[str, typer.Argument(help="The other person.")],
) -> None:
    """Remove the tie between two people, with all its evidence.

    Example: salon tie remove "Ana López" "Raj Patel"
    """
    with state(ctx).transaction() as (session, owner):
        a, b = get_person(session, owner, first), get_person(session, owner, second)
        remove_tie(session, owner, a, b)
        say(f"{a.name} — {b.name}: tie removed.")
