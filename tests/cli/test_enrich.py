"""``salon person enrich`` and the inferred flags of ``person list --json``, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from salon.cli.main import app

runner = CliRunner()


def salon(store_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, *args])
    return result.exit_code, result.stdout, result.stderr


def _by_name(store_url: str) -> dict[str, dict[str, object]]:
    code, out, err = salon(store_url, "person", "list", "--json")
    assert code == 0, err
    return {p["name"]: p for p in json.loads(out)}


def test_enrich_flags_inferred_values_in_person_list_json(store_url: str) -> None:
    salon(store_url, "person", "add", "Raj Patel", "--org", "Northwind Logistics")
    salon(
        store_url, "person", "add", "Bo Berg", "--org", "Port of Rotterdam", "--industry", "energy"
    )
    code, out, err = salon(store_url, "person", "enrich", "--keywords", "--dry-run", "--json")
    assert code == 0, err
    assert [(r["name"], r["field"], r["value"]) for r in json.loads(out)] == [
        ("Raj Patel", "industry", "logistics")
    ]
    assert _by_name(store_url)["Raj Patel"]["industry"] is None  # a dry run writes nothing

    code, out, err = salon(store_url, "person", "enrich", "--keywords")
    assert code == 0, err
    assert "inferred 1 industry and 0 disciplines for 2 people lacking them" in out
    people = _by_name(store_url)
    assert (people["Raj Patel"]["industry"], people["Raj Patel"]["industry_inferred"]) == (
        "logistics",
        True,
    )
    assert (people["Bo Berg"]["industry"], people["Bo Berg"]["industry_inferred"]) == (
        "energy",
        False,
    )
    assert people["Raj Patel"]["discipline_inferred"] is False
    code, out, _ = salon(store_url, "person", "show", "Raj Patel")
    assert "inferred: confidence" in out
    salon(store_url, "tie", "add", "Raj Patel")
    salon(store_url, "tie", "add", "Bo Berg")
    code, out, _ = salon(store_url, "report")
    assert "Inferred by salon, not stated (industry: 1 of 2 values)" in " ".join(out.split())

    code, out, err = salon(store_url, "person", "enrich", "--set", "Raj Patel", "industry=shipping")
    assert code == 0, err
    assert "industry set to shipping" in out
    raj = _by_name(store_url)["Raj Patel"]
    assert (raj["industry"], raj["industry_inferred"]) == ("shipping", False)


def test_enrich_accept_all_and_bad_set_are_answered(store_url: str) -> None:
    salon(store_url, "person", "add", "Raj Patel", "--org", "Northwind Logistics")
    salon(store_url, "person", "enrich", "--keywords")
    code, out, _ = salon(store_url, "person", "enrich", "--review")
    assert "Raj Patel" in out
    code, out, err = salon(store_url, "person", "enrich", "--all")
    assert code == 0, err
    assert "industry logistics confirmed" in out
    assert _by_name(store_url)["Raj Patel"]["industry_inferred"] is False
    code, _, err = salon(store_url, "person", "enrich", "--set", "Raj Patel", "country=NO")
    assert code == 1
    assert "FIELD one of industry, discipline" in err


def test_an_import_enriches_the_people_it_named_unless_told_not_to(
    store_url: str, fixtures: Path
) -> None:
    code, out, err = salon(
        store_url,
        "import",
        "linkedin",
        str(fixtures / "io" / "linkedin_connections.csv"),
        "--no-enrich",
    )
    assert code == 0, err
    assert "Enrichment" not in out
    assert not any(p["industry"] for p in _by_name(store_url).values())

    code, out, err = salon(store_url, "import", "vcard", str(fixtures / "io" / "contacts.vcf"))
    assert code == 0, err
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("Enrichment (")
    assert "lacking them" in summary
    people = _by_name(store_url)
    inferred = {name for name, p in people.items() if p["industry_inferred"]}
    assert inferred  # the vCard's people, whose CATEGORIES and roles say something
    assert all(people[name]["industry"] for name in inferred)
    # the linkedin people not named by the vCard file were left alone
    assert people["Kwame Mensah"]["industry"] is None
