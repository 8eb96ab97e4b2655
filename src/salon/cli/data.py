"""``salon import …`` and ``salon export …``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from salon.cli.app import Raw, console, err_console, new_typer, say, state
from salon.cli.options import parse_pairs
from salon.services.archive import load_archive, write_archive
from salon.services.enrichment import enrich_people
from salon.services.importing import ImportReport, import_file
from salon.services.network import export_people_csv
from salon.services.network_export import export_graphml

import_app = new_typer(
    "Import people from LinkedIn, vCard, Google Contacts, any CSV, or a salon archive.\n\n"
    "Imported people lacking an industry or discipline get one inferred (marked as such; "
    "review with salon person enrich --review) unless --no-enrich.\n\n"
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


NoEnrich = Annotated[
    bool,
    typer.Option(
        "--no-enrich",
        help="Do not infer industry and discipline for the imported people (salon person enrich).",
    ),
]


def _import(
    ctx: typer.Context,
    kind: str,
    path: Path,
    skip: bool,
    no_enrich: bool,
    mapping: dict[str, str] | None = None,
) -> None:
    # a bar on stderr for a person watching; nothing for a script or a pipe
    with (
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=not err_console.is_terminal,
        ) as bar,
        state(ctx).transaction() as (session, owner),
    ):
        tasks: dict[str, TaskID] = {}

        def show(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{stage.capitalize()} {path.name}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        report = import_file(
            session, owner, kind, path, mapping=mapping, skip_bad_rows=skip, progress=show
        )
        enriched = (
            None if no_enrich else enrich_people(session, owner, person_ids=report.person_ids)
        )
    _report(report)
    if enriched is not None:
        say(enriched.summary())


@import_app.command("linkedin")
def import_linkedin(
    ctx: typer.Context, path: File, skip_bad_rows: SkipBad = False, no_enrich: NoEnrich = False
) -> None:
    """Import a LinkedIn Connections.csv (current export or the older layout).

    Example: salon import linkedin ~/Downloads/Connections.csv
    """
    _import(ctx, "linkedin", path, skip_bad_rows, no_enrich)


@import_app.command("vcard")
def import_vcard(
    ctx: typer.Context, path: File, skip_bad_rows: SkipBad = False, no_enrich: NoEnrich = False
) -> None:
    """Import a vCard file (3.0 or 4.0, one or many cards).

    Example: salon import vcard contacts.vcf
    """
    _import(ctx, "vcard", path, skip_bad_rows, no_enrich)


@import_app.command("google")
def import_google(
    ctx: typer.Context, path: File, skip_bad_rows: SkipBad = False, no_enrich: NoEnrich = False
) -> None:
    """Import a Google Contacts CSV export (current or legacy header).

    Example: salon import google contacts.csv
    """
    _import(ctx, "google", path, skip_bad_rows, no_enrich)


@import_app.command("csv")
def import_csv(
    ctx: typer.Context,
    path: File,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="FIELD=COLUMN, e.g. organization=Company (repeatable)."),
    ] = None,
    skip_bad_rows: SkipBad = False,
    no_enrich: NoEnrich = False,
) -> None:
    """Import any CSV of people; columns are matched by name or by --map.

    Example: salon import csv people.csv --map name="Full name" --map organization=Employer
    """
    _import(ctx, "csv", path, skip_bad_rows, no_enrich, parse_pairs(map_, "--map") or None)


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
    # written as it is read: a 100,000-person archive never sits in memory whole
    if output is None:
        with state(ctx).transaction() as (session, owner):
            write_archive(session, owner, sys.stdout)
        sys.stdout.write("\n")
        return
    partial = output.with_name(output.name + ".part")  # no half-written archive under its name
    try:
        with (
            partial.open("w", encoding="utf-8") as out,
            state(ctx).transaction() as (session, owner),
        ):
            write_archive(session, owner, out)
            out.write("\n")
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    say(f"Wrote {output}.")


@export_app.command("graphml")
def export_graphml_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .graphml file.")],
) -> None:
    """Export the network (people, ties, attributes) as GraphML for Gephi.

    Example: salon export graphml -o network.graphml
    """
    with state(ctx).transaction(write=False) as (session, owner):
        written = export_graphml(session, owner, output)
    say(f"Wrote {output}: {written.people} people, {written.ties} ties.")


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .csv file.")],
    raw: Raw = False,
) -> None:
    """Export people as CSV; cells a spreadsheet would run as formulas start with '.

    Example: salon export csv -o people.csv
    """
    with state(ctx).transaction(write=False) as (session, owner):
        n = export_people_csv(session, owner, output, raw=raw)
    say(f"Wrote {output}: {n} people.")
