"""Conversation starters: shared interests across industries, then contrasts."""

from __future__ import annotations

from dataclasses import dataclass

from salon.seating import table_conversation_starter


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
