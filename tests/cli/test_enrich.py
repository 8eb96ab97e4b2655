"""``salon person enrich`` and the inferred flags of ``person list --json``, end to end."""

from __future__ import annotations

import json

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
    assert "inferred 1 industries" in out
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
