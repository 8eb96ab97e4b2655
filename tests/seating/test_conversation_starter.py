"""Conversation starters: shared interests across industries, then contrasts."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pytest

from salon.seating import evening_conversation_starters, table_conversation_starter


@dataclass
class Profile:
    name: str
    industry: str = ""
    discipline: str = ""
    interests: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    intent: str = "learn"


def test_prefers_the_interest_shared_across_the_most_industries() -> None:
    table = [
        Profile("Ana", "banking", interests=("Climate", "chess")),
        Profile("Raj", "health", interests=("climate ", "chess")),
        Profile("Li", "energy", interests=("climate",)),
        Profile("Bo", "banking", interests=("chess",)),
    ]
    starter = table_conversation_starter(table)
    assert "'climate'" in starter.text
    assert "banking, energy compared with health" in starter.text
    assert starter.reason.startswith("shared interest across different industries")
    assert "Li (energy)" in starter.reason


def test_an_interest_shared_within_one_industry_is_not_a_bridge() -> None:
    table = [
        {"name": "Ana", "industry": "banking", "interests": ["chess"], "expertise": ["risk"]},
        {"name": "Bo", "industry": "banking", "interests": ["chess"]},
        {"name": "Raj", "industry": "health", "interests": ["risk"]},
    ]
    starter = table_conversation_starter(table)
    assert starter.text.startswith("Raj, you are curious about 'risk': ask Ana")
    assert starter.reason.startswith("a contrast worth exploring")


def test_falls_back_to_the_most_different_backgrounds_then_to_a_generic_opener() -> None:
    table = [
        Profile("Ana", "banking", "design"),
        Profile("Raj", "banking", "law"),
        Profile("Li", "energy", "physics"),
    ]
    starter = table_conversation_starter(table)
    assert "Ana (design in banking)" in starter.text
    assert "Li (physics in energy)" in starter.text
    assert "2 of industry and discipline differ" in starter.reason
    generic = table_conversation_starter([{"name": "X"}, {"name": "Y"}])
    assert generic.reason.startswith("the profiles share no interests")


def test_is_deterministic_whatever_the_order_of_tags() -> None:
    a = [Profile("Ana", "a", interests=("x", "y")), Profile("Raj", "b", interests=("y", "x"))]
    b = [Profile("Ana", "a", interests=("y", "x")), Profile("Raj", "b", interests=("x", "y"))]
    assert table_conversation_starter(a) == table_conversation_starter(b)


_DOUBLED = re.compile(r"\b([a-z][\w ]*?) in \1\b", re.IGNORECASE)


def _quoted_tags(text: str) -> list[str]:
    return re.findall(r"'([^']+)'", text)


def test_a_background_is_never_written_as_education_in_education() -> None:
    table = [
        Profile("Ana", "education", "education", interests=("chess",)),
        Profile("Raj", "banking", "Banking"),
    ]
    starter = table_conversation_starter(table)
    assert "Ana (education)" in starter.text
    assert "Raj (banking)" in starter.text
    assert not _DOUBLED.search(starter.text)


def test_lessons_and_open_ideas_become_starters_when_nothing_is_shared() -> None:
    lesson = "When a task outgrows one expert's memory, a short checklist beats more training."
    table = [
        {"name": "Femke", "industry": "aviation", "lessons": [lesson]},
        {"name": "Raj", "industry": "health"},
    ]
    starter = table_conversation_starter(table)
    assert lesson in starter.text
    assert "Raj" in starter.text
    assert "would it hold in health" in starter.text
    ideas = [{"name": "Me", "industry": "media", "ideas": ["Shift handover app"]}, table[1]]
    assert "'Shift handover app'" in table_conversation_starter(ideas).text


@pytest.mark.parametrize("seed", range(8))
def test_an_evening_of_random_tables_never_repeats_a_sentence_and_draws_on_its_tables(
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    fields = ["education", "banking", "health", "media", "energy", "law", ""]
    tags = ["chess", "climate", "ai ethics", "running", "design", "risk", "poetry", "python"]
    people = [
        Profile(
            f"P{k}",
            str(rng.choice(fields)),
            str(rng.choice(fields)),
            interests=tuple(rng.choice(tags, size=int(rng.integers(0, 3)), replace=False)),
            expertise=tuple(rng.choice(tags, size=int(rng.integers(0, 3)), replace=False)),
        )
        for k in range(24)
    ]
    n_tables = int(rng.integers(3, 7))
    tables = []
    for _ in range(3):  # rounds
        order = rng.permutation(len(people))
        tables += [[people[i] for i in order[t::n_tables]] for t in range(n_tables)]
    starters = evening_conversation_starters(tables)
    texts = [s.text for s in starters]
    assert len(set(texts)) == len(texts)
    for text, members in zip(texts, tables, strict=True):
        assert not _DOUBLED.search(text), text
        held = {t for p in members for t in (*p.interests, *p.expertise)}
        assert set(_quoted_tags(text)) <= held, text  # only what this table brings
        assert any(p.name in text for p in members)  # addressed to its people


def test_the_same_table_twice_gets_another_sentence_and_phrasings_rotate() -> None:
    a = Profile("Ana", "banking", interests=("chess",))
    b = Profile("Raj", "health", interests=("chess",))
    starters = evening_conversation_starters([[a, b]] * 4)
    assert len({s.text for s in starters}) == 4
