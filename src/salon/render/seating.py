"""A stored seating as a CSV sheet or printable HTML table cards."""

from __future__ import annotations

import csv
import io

from jinja2 import Environment, PackageLoader, select_autoescape

from salon.io.people_csv import spreadsheet_safe
from salon.services.meetup.reports import SeatingView

__all__ = ["SEATING_CSV_COLUMNS", "seating_csv", "table_cards_html"]

SEATING_CSV_COLUMNS = (
    "round",
    "table",
    "person_id",
    "name",
    "organization",
    "industry",
    "intent",
)


def seating_csv(view: SeatingView, *, raw: bool = False) -> str:
    """The seating as CSV text, one row per person per round (:data:`SEATING_CSV_COLUMNS`).

    Cells a spreadsheet would run as formulas are quoted unless ``raw``
    (:func:`salon.io.people_csv.spreadsheet_safe`).
    """

    def cell(text: str) -> str:
        return text if raw else spreadsheet_safe(text)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SEATING_CSV_COLUMNS)
    for table in view.tables:
        for p in table.people:
            writer.writerow(
                [
                    table.round,
                    table.number,
                    p.person_id,
                    cell(p.name),
                    cell(p.organization or ""),
                    cell(p.industry or ""),
                    p.intent,
                ]
            )
    return out.getvalue()


def table_cards_html(view: SeatingView) -> str:
    """A printable HTML page: one card per table per round (names, what each brings, starter)."""
    environment = Environment(
        loader=PackageLoader("salon.render", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("table_cards.html").render(view=view)
