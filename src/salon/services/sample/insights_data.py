"""Insights a contact from each industry could plausibly have taught the user.

Each is a specific, checkable sentence rather than a platitude, so that the
semantic search and the far-analogy index have real material to work on.
"""

from __future__ import annotations

from salon.services.sample.data_files import read_sample_data

_DATA = read_sample_data("insights.json")

INSIGHTS: dict[str, tuple[str, ...]] = {
    industry: tuple(texts) for industry, texts in _DATA["by_industry"].items()
}
GENERAL_INSIGHTS: tuple[str, ...] = tuple(_DATA["general"])
