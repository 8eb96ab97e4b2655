"""``salon person duplicates``: the cases a real export meets, listed with evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from salon.cli.main import app

runner = CliRunner()


def salon(store_url: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", store_url, *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def add(store_url: str, name: str, *options: str) -> None:
    salon(store_url, "person", "add", name, *options)


def pairs(store_url: str) -> dict[tuple[str, str], dict[str, Any]]:
    found = json.loads(salon(store_url, "person", "duplicates", "--json"))
    return {tuple(p["name"] for p in g["people"]): g for g in found}  # type: ignore[misc]


def test_duplicates_found_by_name_and_organisation_variants(store_url: str) -> None:
    add(store_url, "Raj Patel", "--org", "Northwind", "--url", "https://linkedin.com/in/rajp")
    add(store_url, "Raj Patel", "--org", "Northwind Logistics", "--email", "raj@northwind.com")
    add(store_url, "Björn Åkesson", "--org", "Volvo Cars AB")
    add(store_url, "Bjoern Aakesson", "--org", "Volvo Cars")
    add(store_url, "Grace Kim", "--org", "Mayo Clinic", "--role", "Nurse")
    add(store_url, "Grace Kim", "--email", "grace@members.org")
    add(store_url, "Robert Smith", "--org", "IBM")
    add(store_url, "Bob Smith", "--org", "International Business Machines Corp.")
    add(store_url, "A. López", "--org", "Biolab")
    add(store_url, "Ana López", "--org", "Biolab S.L.")
    # not one person: other organisation, other first name, or nothing but a name
    add(store_url, "Raj Patel", "--org", "Paylane")
    add(store_url, "Mia Smith", "--org", "IBM")
    add(store_url, "Tom Berg")
    add(store_url, "Tom Berg")
    found = pairs(store_url)
    assert set(found) == {
        ("Raj Patel", "Raj Patel"),
        ("Björn Åkesson", "Bjoern Aakesson"),
        ("Grace Kim", "Grace Kim"),
        ("Robert Smith", "Bob Smith"),
        ("A. López", "Ana López"),
    }
    raj = found["Raj Patel", "Raj Patel"]
    assert {p["organization"] for p in raj["people"]} == {"Northwind", "Northwind Logistics"}
    assert "Northwind is short for Northwind Logistics" in raj["evidence"]
    assert not any(g["certain"] for g in found.values())
    assert (
        "same name up to transliteration"
        in found["Björn Åkesson", "Bjoern Aakesson"]["evidence"][0]
    )
    grace = found["Grace Kim", "Grace Kim"]["evidence"]
    assert "organisation missing on one (Mayo Clinic)" in grace
    assert any(e.endswith("has organization, role") for e in grace)
    assert any(e.endswith("has email") for e in grace)
    assert "IBM is an acronym" in found["Robert Smith", "Bob Smith"]["evidence"][1]
    assert found["A. López", "Ana López"]["evidence"][0] == "initial A. for Ana"
    # listed, never merged: every record is still there
    assert len(json.loads(salon(store_url, "person", "list", "--json"))) == 14
    text = salon(store_url, "person", "duplicates")
    assert "Northwind" in text
    assert "score" in text


def test_same_name_different_emails_is_evidence_against_and_stays_two(
    store_url: str, tmp_path: Path
) -> None:
    add(store_url, "Maria Garcia", "--org", "Acme", "--email", "maria@acme.com")
    add(store_url, "Maria Garcia", "--org", "Acme Inc", "--email", "mgarcia@gmail.com")
    (group,) = json.loads(salon(store_url, "person", "duplicates", "--json"))
    assert "against: different profile URLs or e-mail addresses" in group["evidence"]
    assert group["score"] < 0.5
    salon(store_url, "person", "duplicates", "--merge-certain")
    csv = tmp_path / "people.csv"
    csv.write_text(
        "name,email,organization\n"
        "Maria Garcia,maria@acme.com,Acme\n"
        "Maria Garcia,mgarcia@gmail.com,Acme\n",
        encoding="utf-8",
    )
    salon(store_url, "import", "csv", str(csv), "--no-enrich")
    people = json.loads(salon(store_url, "person", "list", "--json"))
    assert sorted(p["email"] for p in people) == ["maria@acme.com", "mgarcia@gmail.com"]
