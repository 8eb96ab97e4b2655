"""``salon report``: your network, read for innovation."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from salon.cli.app import console, print_json, say, state
from salon.cli.options import parse_date
from salon.render.plot import check_plot_path, plot_report
from salon.services.network_map import industry_map
from salon.services.report import PERIODS, Report, build_report


def _num(value: float, spec: str = ".2f") -> str:
    return "n/a" if math.isnan(value) else format(value, spec)


def render(report: Report) -> None:
    """Print the report as Rich tables and panels."""
    period = "all time" if report.since is None else f"since {report.since}"
    console.print(
        Panel.fit(
            f"{report.n_contacts} contacts · {report.n_interactions} conversations ({period})",
            title=f"salon report — {escape(report.owner)}",
        )
    )
    table = Table(
        "attribute", "known", "inferred", "categories", "Blau", "IQV", "evenness", "E–I", "largest"
    )
    for diversity in report.diversity:
        table.add_row(
            escape(diversity.attribute),
            f"{diversity.coverage:.0%}",
            f"{diversity.inferred_share:.0%}" if diversity.n_inferred else "",
            str(diversity.n_categories),
            _num(diversity.blau),
            _num(diversity.iqv),
            _num(diversity.evenness),
            _num(diversity.ei_index, "+.2f"),
            escape(", ".join(f"{name} {count:g}" for name, count in diversity.top[:2])),
        )
    console.print(table)
    inferred = [d for d in report.diversity if d.n_inferred]
    if inferred:
        shares = "; ".join(f"{d.attribute}: {d.n_inferred} of {d.n_known} values" for d in inferred)
        say(
            f"Inferred by salon, not stated ({shares}): the figures above rest on them. "
            "Review with `salon person enrich --review`."
        )
    console.print(
        f"Perspective spread over these attributes: {_num(report.perspective_spread)} "
        "(the chance that two contacts differ on an attribute picked at random).\n"
    )
    console.print(f"[bold]Who knows whom.[/] {report.structure.reading}")
    b = report.brokerage
    console.print(
        f"[bold]Brokerage.[/] {b.reading} Hierarchy {_num(b.hierarchy)} "
        f"(constraint {_num(b.constraint)}, effective size {_num(b.effective_size, '.1f')}).\n"
    )
    if report.clusters:
        clusters = Table("cluster", "size", "mostly", "e.g.", title="Clusters among your contacts")
        for n, cluster in enumerate(report.clusters, start=1):
            clusters.add_row(
                str(n),
                str(cluster.size),
                escape(", ".join(f"{name} ({count})" for name, count in cluster.industries)),
                escape(", ".join(cluster.members)),
            )
        console.print(clusters)
    if report.bridges:
        bridges = ", ".join(f"{b.name} ({b.clusters} clusters)" for b in report.bridges)
        console.print(f"Contacts who bridge your clusters: {escape(bridges)}")
    for title, rows in (
        ("Bridging ties: contacts who share no one with you", report.bridging_ties),
        ("Dormant ties worth reviving", report.dormant_ties),
    ):
        if not rows:
            continue
        ties = Table("who", "industry", "strength", "silent", "last thing you learned", title=title)
        for row in rows:
            silent = f"{row.days_silent:.0f} days" if row.days_silent is not None else ""
            ties.add_row(
                escape(row.name),
                escape(row.industry or ""),
                f"{row.strength:.1f}",
                silent,
                escape(row.last_insight or ""),
            )
        console.print(ties)
    profile = Table(
        "dimension", "score", "based on", "how", title="Networking for ideas (1) or resources (0)"
    )
    for d in report.orientation:
        profile.add_row(d.name.replace("_", " "), _num(d.score), str(d.n), d.how)
    console.print(profile)
    if report.trend:
        names = [d.name for d in report.orientation]
        trend = Table("quarter", *[n.replace("_", " ") for n in names], title="Trend by quarter")
        for label, scores in report.trend:
            trend.add_row(label, *[_num(scores[n]) for n in names])
        console.print(trend)


def report(
    ctx: typer.Context,
    period: Annotated[
        str, typer.Option(help=f"Conversations of this period: {', '.join(PERIODS)}.")
    ] = "all",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    plot: Annotated[
        Path | None,
        typer.Option(help="Also draw the network map and orientation radar (.png, .svg, .pdf)."),
    ] = None,
    today: Annotated[
        str | None, typer.Option(help="Read the network as of this day (default today).")
    ] = None,
) -> None:
    """How diverse and bridging your network is, which ties to revive, ideas vs resources.

    Example: salon report --period 1y --plot network.png
    """
    picture = None
    with state(ctx).transaction(write=False) as (session, owner):
        found = build_report(session, owner, period=period, today=parse_date(today, "--today"))
        if plot is not None:
            check_plot_path(plot)
            picture = industry_map(session, owner)
    if plot is not None and picture is not None:
        plot_report(picture, plot, orientation=dict(found.orientation_scores()))
    if as_json:
        print_json(found.as_dict())
    else:
        render(found)
    if plot is not None and not as_json:
        say(f"Wrote {plot}.")
