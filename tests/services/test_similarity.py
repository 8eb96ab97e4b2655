"""Name and organisation relations for duplicates, and the blocking that finds them."""

from __future__ import annotations

import itertools

import pytest

from salon.services.similarity import (
    given_name_keys,
    name_relation,
    nickname_groups,
    organisation_relation,
    surname_key,
)

NAMES = [
    "Ana López", "Ana Lopez", "A. López", "Ana María López", "Dr. Ana Lopez, PhD",
    "Björn Åkesson", "Bjoern Aakesson", "Bjorn Akesson", "B Akesson",
    "Robert Smith", "Bob Smith", "Rob Smith", "R. Smith", "Bert Smith", "Roberta Smith",
    "William Smith", "Bill Smith", "Liam Smith", "Will Smith",
    "Katherine Kim", "Kate Kim", "Catherine Kim", "Grace Kim", "G. Kim",
    "Thomas Berg", "Tomas Berg", "Tom Berg", "Raj Patel", "Rajesh Patel", "Raja Patel",
    "Seun Adebayo", "Olúwaseun Adébáyọ̀", "Madonna", "madonna", "李 王", "Wang",
]  # fmt: skip


def test_blocking_finds_every_pair_the_relation_accepts() -> None:
    """The reference is comparing all pairs: keys must meet wherever names relate."""
    accepted = 0
    for first, second in itertools.combinations(NAMES, 2):
        if surname_key(first) != surname_key(second) or name_relation(first, second) is None:
            continue
        accepted += 1
        (look_a, index_a), (look_b, index_b) = given_name_keys(first), given_name_keys(second)
        assert look_a & index_b or look_b & index_a, (first, second)
    assert accepted >= 25  # the list exercises the relation, not just the blocking


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        ("Ana López", "Dr. Ana Lopez, PhD", "same name"),
        ("Thomas Berg", "Tomas Berg", "same name up to transliteration (Thomas Berg / Tomas Berg)"),
        ("Ana María López", "Ana López", "same first and last name (Ana María López / Ana López)"),
        ("Will Smith", "Bill Smith", "Will is a short form of Bill or the other way"),
        ("G. Kim", "Grace Kim", "initial G. for Grace"),
    ],
)
def test_name_relations_say_why(first: str, second: str, why: str) -> None:
    found = name_relation(first, second)
    assert found is not None
    assert found.why == why


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Robert Smith", "Roberta Smith"),
        ("Raj Patel", "Rajesh Patel Kumar"),
        ("R. Smith", "Bob Smith"),
        ("Kate Kim", "Grace Kim"),
        ("Madonna", "Ana Madonna"),
    ],
)
def test_names_that_are_not_one_name(first: str, second: str) -> None:
    assert name_relation(first, second) is None


def test_organisation_relations() -> None:
    same = organisation_relation("Northwind Ltd.", "northwind")
    assert same is not None
    assert same.strength > 0.9
    assert organisation_relation("Northwind Logistics", "Northwind Consulting") is None
    assert organisation_relation("MIT", "Massachusetts Institute of Technology") is not None
    assert organisation_relation("Acme", "Acme Group Holdings") is not None
    missing = organisation_relation(None, "Mayo Clinic")
    assert missing is not None
    assert missing.why == "organisation missing on one (Mayo Clinic)"


def test_the_nickname_file_is_lower_case_and_unaccented() -> None:
    for name, fulls in nickname_groups().items():
        assert name == name.lower().strip()
        assert name.isascii()
        assert fulls
