"""``salon import …`` and ``salon export …``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from salon.cli.app import console, err_console, new_typer, say, state
from salon.cli.options import parse_pairs
from salon.services.archive import export_archive, load_archive
from salon.services.importing import ImportReport, import_file
from salon.services.network import export_graphml, export_people_csv

import_app = new_typer(
    "Import people from LinkedIn, vCard, Google Contacts, any CSV, or a salon archive.\n\n"
    "Example: salon import linkedin Connections.csv"
)
export_app = new_typer(
    "Export your network as JSON (everything), GraphML (Gephi) or CSV.\n\n"
    "Example: salon export graphml -o network.graphml"
)

File = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The file.")]
SkipBad = Annotated[
    bool,
    typer.Option(
        "--skip-bad-rows",
        help="Import the good rows and list the bad ones (default: all or nothing).",
    ),
]


def _report(report: ImportReport) -> None:
    console.print(
        f"{escape(report.source)}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.n_skipped} skipped.",
        highlight=False,
        # one line whatever the path's length, so scripts can read it
        soft_wrap=True,
    )
    for issue in report.skipped:
        err_console.print(f"  skipped {escape(str(issue))}", highlight=False, soft_wrap=True)


def _import(
    ctx: typer.Context, kind: str, path: Path, skip: bool, mapping: dict[str, str] | None = None
) -> None:
    with state(ctx).transaction() as (session, owner):
        report = import_file(session, owner, kind, path, mapping=mapping, skip_bad_rows=skip)
    _report(report)


@import_app.command("linkedin")
def import_linkedin(ctx: typer.Context, path: File, skip_bad_rows: SkipBad = False) -> None:
    """Import a LinkedIn Connections.csv (current export or the older layout).

    Example: salon import linkedin ~/Downloads/Connections.csv
    """
    _import(ctx, "linkedin", path, skip_bad_rows)


@import_app.command("vcard")
def import_vcard(ctx: typer.Context, path: File, skip_bad_rows: SkipBad = False) -> None:
    """Import a vCard file (3.0 or 4.0, one or many cards).

    Example: salon import vcard contacts.vcf
    """
    _import(ctx, "vcard", path, skip_bad_rows)


@import_app.command("google")
def import_google(ctx: typer.Context, path: File, skip_bad_rows: SkipBad = False) -> None:
    """Import a Google Contacts CSV export (current or legacy header).

    Example: salon import google contacts.csv
    """
    _import(ctx, "google", path, skip_bad_rows)


@import_app.command("csv")
def import_csv(
    ctx: typer.Context,
    path: File,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="FIELD=COLUMN, e.g. organization=Company (repeatable)."),
    ] = None,
    skip_bad_rows: SkipBad = False,
) -> None:
    """Import any CSV of people; columns are matched by name or by --map.

    Example: salon import csv people.csv --map name="Full name" --map organization=Employer
    """
    _import(ctx, "csv", path, skip_bad_rows, parse_pairs(map_, "--map") or None)


@import_app.command("json")
def import_json(ctx: typer.Context, path: File) -> None:
    """Load a salon JSON archive (from `salon export json`) into an empty network.

    Example: salon --db sqlite:///copy.sqlite import json salon-archive.json
    """
    with state(ctx).transaction() as (session, owner):
        counts = load_archive(session, owner, path)
    console.print(", ".join(f"{n} {what}" for what, n in counts.items()) + " imported.")


Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here (default: stdout).")
]


@export_app.command("json")
def export_json(ctx: typer.Context, output: Output = None) -> None:
    """Export everything as a JSON archive that `salon import json` reads back.

    Example: salon export json -o salon-archive.json
    """
    with state(ctx).transaction() as (session, owner):
        doc = export_archive(session, owner)
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        say(f"Wrote {output}.")


@export_app.command("graphml")
def export_graphml_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .graphml file.")],
) -> None:
    """Export the network (people, ties, attributes) as GraphML for Gephi.

    Example: salon export graphml -o network.graphml
    """
    with state(ctx).transaction() as (session, owner):
        graph = export_graphml(session, owner, output)
    say(f"Wrote {output}: {graph.number_of_nodes()} people, {graph.number_of_edges()} ties.")


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .csv file.")],
) -> None:
    """Export people as CSV.

    Example: salon export csv -o people.csv
    """
    with state(ctx).transaction() as (session, owner):
        n = export_people_csv(session, owner, output)
    say(f"Wrote {output}: {n} people.")
