"""Lessons contacts told the user: documented stories, retold faithfully.

They come in families that share a problem shape across domains (checklists in
aviation and surgery; pit stops and hospital handovers; supermarket restocking and
just-in-time production; nature's designs in trains and buildings), so that the
far-analogy search has true positives to find.  ``teller`` is the industry of the
contact who told the story; the generator picks such a contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from salon.services.sample.data_files import read_sample_data


@dataclass(frozen=True)
class LessonText:
    key: str
    teller: str
    title: str
    context: str
    what_happened: str
    takeaway: str
    kind: Literal["success", "failure"]
    domain: str
    tags: tuple[str, ...]


LESSONS: tuple[LessonText, ...] = tuple(
    LessonText(**{**lesson, "tags": tuple(lesson["tags"])})
    for lesson in read_sample_data("lessons.json")
)
