"""Chart geometry for the report page, drawn by the template as inline SVG (no JavaScript).

The functions return coordinates and labels only; the template writes the
SVG, so every label goes through the same autoescaping as the rest of the page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # in [0, 1]; NaN shows as "n/a" with no bar
    width: float  # in chart units (0-100)
    y: float


def diversity_bars(rows: Sequence[tuple[str, float]], *, row_height: float = 22) -> list[Bar]:
    """One horizontal bar per (attribute, IQV) with the bar's width in 0-100.

    >>> [b.width for b in diversity_bars([("industry", 0.5), ("country", float("nan"))])]
    [50.0, 0.0]
    """
    bars = []
    for i, (label, value) in enumerate(rows):
        width = 0.0 if math.isnan(value) else 100 * min(max(value, 0.0), 1.0)
        bars.append(Bar(label, value, width, i * row_height))
    return bars


@dataclass(frozen=True)
class Radar:
    """An orientation radar: axes, grid rings, the score polygon and label positions."""

    axes: tuple[tuple[float, float], ...]  # the end of each axis
    rings: tuple[str, ...]  # SVG points of the 0.25, 0.5, 0.75, 1 rings
    polygon: str  # SVG points of the scores (undefined scores at 0)
    labels: tuple[tuple[str, float, float, str], ...]  # text, x, y, text-anchor
    dots: tuple[tuple[float, float], ...]


def orientation_radar(scores: Sequence[tuple[str, float]], *, radius: float = 80) -> Radar:
    """The radar of ``scores`` (each in [0, 1], 1 = networking for ideas), centred on (0, 0).

    >>> orientation_radar([("a", 1.0), ("b", 0.5), ("c", 0.0)]).polygon
    '0.0,-80.0 34.6,20.0 0.0,0.0'
    """
    n = len(scores)
    if n == 0:
        return Radar((), (), "", (), ())
    angles = [2 * math.pi * i / n - math.pi / 2 for i in range(n)]

    def point(angle: float, r: float) -> tuple[float, float]:
        return round(r * math.cos(angle), 1) + 0.0, round(r * math.sin(angle), 1) + 0.0

    def ring(fraction: float) -> str:
        return " ".join(f"{x},{y}" for x, y in (point(a, radius * fraction) for a in angles))

    values = [0.0 if math.isnan(s) else min(max(s, 0.0), 1.0) for _, s in scores]
    dots = tuple(point(a, radius * v) for a, v in zip(angles, values, strict=True))
    labels = []
    for (name, _), angle in zip(scores, angles, strict=True):
        x, y = point(angle, radius + 14)
        anchor = "middle" if abs(x) < 1 else ("start" if x > 0 else "end")
        labels.append((name.replace("_", " "), x, y + 4, anchor))
    return Radar(
        axes=tuple(point(a, radius) for a in angles),
        rings=tuple(ring(f) for f in (0.25, 0.5, 0.75, 1.0)),
        polygon=" ".join(f"{x},{y}" for x, y in dots),
        labels=tuple(labels),
        dots=dots,
    )


_CODE = re.compile(r"`([^`]+)`")


def code_spans(text: str) -> Markup:
    """``text`` escaped, with `backticked` commands as <code> instead of literal backticks.

    >>> str(code_spans("Say who knows whom (`salon tie add <A> B`)."))
    'Say who knows whom (<code>salon tie add &lt;A&gt; B</code>).'
    """
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text))))


@dataclass(frozen=True)
class TrendChart:
    """One line per dimension over the quarters; a gap where a score is undefined."""

    width: float
    height: float
    ticks: tuple[tuple[str, float], ...]  # quarter label, x
    lines: tuple[tuple[str, int, tuple[str, ...]], ...]  # dimension, colour index, polylines


def trend_chart(
    trend: Sequence[tuple[str, dict[str, float]]],
    names: Sequence[str],
    *,
    width: float = 300,
    height: float = 100,
) -> TrendChart:
    """Polylines of each dimension's score (0 at the bottom, 1 at the top) per quarter.

    >>> chart = trend_chart([("2025Q1", {"a": 0.0}), ("2025Q2", {"a": 1.0})], ["a"])
    >>> chart.lines
    (('a', 0, ('0.0,100.0 300.0,0.0',)),)
    """
    step = width / max(len(trend) - 1, 1)
    lines = []
    for index, name in enumerate(names):
        runs: list[list[str]] = [[]]
        for i, (_, scores) in enumerate(trend):
            score = scores.get(name, math.nan)
            if math.isnan(score):
                runs.append([])
                continue
            y = height * (1 - min(max(score, 0.0), 1.0))
            runs[-1].append(f"{round(i * step, 1)},{round(y, 1)}")
        lines.append((name, index, tuple(" ".join(run) for run in runs if run)))
    ticks = tuple((label, round(i * step, 1)) for i, (label, _) in enumerate(trend))
    return TrendChart(width, height, ticks, tuple(lines))
