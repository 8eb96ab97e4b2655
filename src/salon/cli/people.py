"""``salon person …`` and ``salon tie …``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from salon.cli.app import console, new_typer, say, state
from salon.cli.options import parse_date, parse_pairs, split_list
from salon.db.models import Person
from salon.services.accounts import me
from salon.services.duplicates import find_duplicates, merge_people
from salon.services.people import (
    PersonFields,
    add_person,
    apply_fields,
    get_person,
    list_people,
    person_dict,
    remove_person,
)
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
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


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


def _people_table(people: list[Person]) -> Table:
    table = Table("id", "name", "organisation", "role", "industry", "discipline", "email")
    for p in people:
        table.add_row(
            str(p.id),
            escape(p.name),
            escape(p.organization or ""),
            escape(p.role or ""),
            escape(p.industry or ""),
            escape(p.discipline or ""),
            escape(p.email or ""),
        )
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
    as_json: AsJson = False,
) -> None:
    """List people.

    Example: salon person list --search bio --json
    """
    with state(ctx).transaction() as (session, owner):
        people = list_people(session, owner, search=search, industry=industry)
        if as_json:
            typer.echo(json.dumps([person_dict(p) for p in people], ensure_ascii=False, indent=2))
        else:
            console.print(_people_table(people))
            console.print(f"{len(people)} people")


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Id, email, profile URL or name.")],
    as_json: AsJson = False,
) -> None:
    """Show one person.

    Example: salon person show ana@biolab.org
    """
    with state(ctx).transaction() as (session, owner):
        data = person_dict(get_person(session, owner, ref))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, box=None)
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(value)
        if value not in (None, ""):
            table.add_row(f"[bold]{key}[/]", escape(str(value)))
    console.print(table)


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


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The person to keep.")],
    other: Annotated[str, typer.Argument(help="The duplicate to merge into KEEP.")],
) -> None:
    """Merge a duplicate into another person; no field, tie or interaction is lost.

    Example: salon person merge 12 57
    """
    with state(ctx).transaction() as (session, owner):
        person = merge_people(session, owner, keep, other)
        say(f"Merged into {person.name} (id {person.id}).")


@app.command("duplicates")
def duplicates(
    ctx: typer.Context,
    merge_certain: Annotated[
        bool, typer.Option("--merge-certain", help="Merge groups that share a profile URL.")
    ] = False,
) -> None:
    """List people who look like one real person.

    Example: salon person duplicates --merge-certain
    """
    with state(ctx).transaction() as (session, owner):
        groups = find_duplicates(session, owner)
        if not groups:
            console.print("No duplicates found.")
            return
        table = Table("people", "why", "certain")
        for group in groups:
            names = "; ".join(f"{p.name} (id {p.id})" for p in group.people)
            table.add_row(escape(names), escape(group.reason), "yes" if group.certain else "no")
        console.print(table)
        if merge_certain:
            n_merged = 0
            for group in groups:
                if group.certain:
                    keep, *others = group.people
                    for other in others:
                        merge_people(session, owner, keep.id, other.id)
                        n_merged += 1
            console.print(f"Merged {n_merged} duplicates.")


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
