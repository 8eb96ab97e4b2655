"""The report's charts, drawn server-side as inline SVG, and its text without backticks."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from tests.web.pages import Site

from salon.services.accounts import owner_account
from salon.services.report import build_report
from salon.web.charts import code_spans, diversity_bars, orientation_radar, trend_chart


def test_radar_points_lie_on_their_axes_at_the_score() -> None:
    radar = orientation_radar([(f"d{i}", i / 5) for i in range(6)], radius=100)
    for i, (x, y) in enumerate(radar.dots):
        assert math.hypot(x, y) == pytest.approx(100 * i / 5, abs=0.1)
        angle = 2 * math.pi * i / 6 - math.pi / 2
        if i:
            assert math.atan2(y, x) == pytest.approx(
                math.atan2(math.sin(angle), math.cos(angle)), abs=0.01
            )
    assert orientation_radar([("a", float("nan"))]).dots == ((0.0, 0.0),)
    assert orientation_radar([]).polygon == ""


def test_bars_clip_to_the_frame_and_leave_undefined_values_empty() -> None:
    bars = diversity_bars([("a", 0.25), ("b", 1.7), ("c", float("nan"))])
    assert [b.width for b in bars] == [25.0, 100.0, 0.0]
    assert [b.y for b in bars] == [0, 22, 44]


def test_code_spans_escape_first_then_mark_commands() -> None:
    assert str(code_spans("run `salon x <y>` & <b>z</b>")) == (
        "run <code>salon x &lt;y&gt;</code> &amp; &lt;b&gt;z&lt;/b&gt;"
    )


def test_the_report_page_draws_its_charts_from_build_report(site: Site) -> None:
    html = site.client.get("/", params={"today": "2025-12-01"}).text
    with site.store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=dt.date(2025, 12, 1))
    chart = re.search(r'<svg class="chart" id="diversity-chart".*?</svg>', html, re.S)
    assert chart, "the diversity chart is inline SVG"
    shown = re.findall(
        r'<g transform="translate\(0 [\d.]+\)" data-attribute="([^"]+)">', chart.group(0)
    )
    assert shown == [row.attribute for row in report.diversity]
    radar = orientation_radar([(d.name, d.score) for d in report.orientation])
    assert f'<polygon points="{radar.polygon}" class="scores">' in html
    assert "<script>" not in html  # no inline script: the charts need none
    assert "`" not in re.sub(r"<[^>]+>", "", html)  # no literal backticks in the text


def test_the_trend_chart_breaks_a_line_where_a_score_is_undefined() -> None:
    chart = trend_chart(
        [("Q1", {"a": 0.5, "b": 1.0}), ("Q2", {"a": float("nan"), "b": 0.0}), ("Q3", {"a": 1.0})],
        ["a", "b"],
        width=200,
        height=100,
    )
    assert chart.lines == (
        ("a", 0, ("0.0,50.0", "200.0,0.0")),
        ("b", 1, ("0.0,0.0 100.0,100.0",)),
    )
    assert chart.ticks == (("Q1", 0.0), ("Q2", 100.0), ("Q3", 200.0))


def test_the_report_page_draws_the_trend_over_quarters(site: Site) -> None:
    with site.store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=dt.date(2025, 12, 1))
    html = site.client.get("/", params={"today": "2025-12-01"}).text
    if len(report.trend) > 1:
        assert 'id="trend-chart"' in html
        for label, _ in report.trend:
            assert f">{label}</text>" in html
    else:
        assert 'id="trend-chart"' not in html
