"""The user's ideas: how each changed from version to version, and who said what.

Dates are days before ``today``.  Each feedback names the industry of the contact
who gave it; the generator picks such a contact.  The first idea is the user's
resource-hunting project of the first year; the others come from the second,
idea-oriented year and borrow from lessons in other domains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from salon.services.sample.data_files import read_sample_data

Stance = Literal["supportive", "challenging", "neutral"]


@dataclass(frozen=True)
class IdeaText:
    key: str
    title: str
    problem: str
    domain: str
    status: str
    needs: tuple[str, ...]
    versions: tuple[tuple[int, str], ...]  # (days before today, text)
    feedback: tuple[
        tuple[int, str, Stance, int, str], ...
    ]  # (version, industry, stance, days after, text)


IDEAS: tuple[IdeaText, ...] = tuple(
    IdeaText(
        idea["key"],
        idea["title"],
        idea["problem"],
        idea["domain"],
        idea["status"],
        tuple(idea["needs"]),
        tuple((v["days_before_today"], v["text"]) for v in idea["versions"]),
        tuple(
            (f["version"], f["industry"], cast(Stance, f["stance"]), f["days_after"], f["text"])
            for f in idea["feedback"]
        ),
    )
    for idea in read_sample_data("ideas.json")
)
