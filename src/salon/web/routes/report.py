"""``/``: the network report, and the network map it links to."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from salon.render.plot import plot_report
from salon.services.network_map import industry_map
from salon.services.report import PERIODS, build_report
from salon.web.charts import diversity_bars, orientation_radar, trend_chart
from salon.web.context import owner_transaction, page

router = APIRouter()

Period = Annotated[str, Query(description="Conversations of this period.")]
Today = Annotated[dt.date | None, Query(description="Read the network as of this day.")]


@router.get("/", response_class=HTMLResponse)
def report_page(request: Request, period: Period = "all", today: Today = None) -> HTMLResponse:
    """How diverse and bridging the network is, ties to revive, ideas vs resources."""
    with owner_transaction(request) as (session, owner):
        found = build_report(session, owner, period=period, today=today)
    charts = {
        "bars": diversity_bars([(row.attribute, row.iqv) for row in found.diversity]),
        "radar": orientation_radar([(d.name, d.score) for d in found.orientation]),
        "trend_chart": trend_chart(found.trend, [d.name for d in found.orientation]),
    }
    return page(
        request,
        "report.html",
        {"report": found, "periods": list(PERIODS), "today": today, **charts},
    )


@router.get("/report/map.svg")
def network_map(request: Request, period: Period = "all", today: Today = None) -> Response:
    """The ego network coloured by industry, beside the orientation radar (SVG)."""
    with owner_transaction(request) as (session, owner):
        found = build_report(session, owner, period=period, today=today)
        picture = industry_map(session, owner)
    with tempfile.TemporaryDirectory(prefix="salon-map-") as folder:
        path = plot_report(
            picture, Path(folder) / "map.svg", orientation=found.orientation_scores()
        )
        svg = path.read_bytes()
    return Response(svg, media_type="image/svg+xml")
