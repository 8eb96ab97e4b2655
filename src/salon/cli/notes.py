"""``salon note …``: notes people shared with you, searchable by ``salon analogies``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from salon.cli.analogies import shorten
from salon.cli.app import AsJson, console, err_console, new_typer, print_json, state
from salon.services.notes import NoteImportReport, import_notes, list_notes

app = new_typer(
    "Notes people shared with you, searchable by `salon analogies`.\n\n"
    "Example: salon note import notes.jsonl"
)


def _report(report: NoteImportReport) -> None:
    console.print(
        f"{escape(report.source)}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.n_skipped} skipped; "
        f"{report.people_created} new people.",
        highlight=False,
        soft_wrap=True,
    )
    for issue in report.skipped:
        err_console.print(f"  skipped {escape(str(issue))}", highlight=False, soft_wrap=True)


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="A JSONL file."),
    ],
    skip_bad_rows: Annotated[
        bool,
        typer.Option(
            "--skip-bad-rows",
            help="Import the good lines and list the bad ones (default: all or nothing).",
        ),
    ] = False,
) -> None:
    """Import notes, one JSON object per line with id, person, role, domain, text.

    Example: salon note import notes.jsonl --skip-bad-rows
    """
    with state(ctx).transaction() as (session, owner):
        report = import_notes(session, owner, path, skip_bad_rows=skip_bad_rows)
    _report(report)


@app.command("list")
def list_(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option(help="Only notes from this person.")] = None,
    domain: Annotated[str | None, typer.Option(help="Only notes from this domain.")] = None,
    as_json: AsJson = False,
) -> None:
    """List shared notes.

    Example: salon note list --domain healthcare --json
    """
    with state(ctx).transaction() as (session, owner):
        notes = list_notes(session, owner, person=person, domain=domain)
    if as_json:
        print_json([n.as_dict() for n in notes])
        return
    table = Table("ref", "person", "domain", "text")
    for n in notes:
        table.add_row(
            escape(n.ref), escape(n.person or ""), escape(n.domain or ""), escape(shorten(n.text))
        )
    console.print(table)
    console.print(f"{len(notes)} notes")
