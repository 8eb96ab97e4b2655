"""``salon person merge``: the richer value wins, conflicts are asked, re-imports match."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from salon.cli import people as people_cli
from salon.cli.main import app
from salon.db.models import InferredValue
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.duplicates import merge_people
from salon.services.matching import PeopleIndex, match_person
from salon.services.people import PersonFields, add_person, get_person

runner = CliRunner()


def run(store_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, *args])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def salon(store_url: str, *args: str) -> str:
    code, out, err = run(store_url, *args)
    assert code == 0, err
    return out


def people(store_url: str) -> list[dict[str, Any]]:
    return json.loads(salon(store_url, "person", "list", "--json"))  # type: ignore[no-any-return]


def test_merge_then_reimport_of_both_files_gives_one_person(store_url: str, tmp_path: Path) -> None:
    linkedin_like = tmp_path / "contacts.csv"
    linkedin_like.write_text("name,organization\nRaj Patel,Northwind\n", encoding="utf-8")
    members = tmp_path / "members.csv"
    members.write_text(
        "name,email,organization,role\n"
        "Raj Patel,raj@northwind-logistics.com,Northwind Logistics,COO\n",
        encoding="utf-8",
    )
    for path in (linkedin_like, members):
        salon(store_url, "import", "csv", str(path), "--no-enrich")
    assert len(people(store_url)) == 2
    (group,) = json.loads(salon(store_url, "person", "duplicates", "--json"))
    first, second = (p["id"] for p in group["people"])
    out = salon(store_url, "person", "merge", str(first), str(second))
    assert f"Merged Raj Patel into Raj Patel (id {first}); undo with" in out
    (raj,) = people(store_url)
    # the richer organisation, the other's e-mail and role; the former organisation kept
    assert (raj["organization"], raj["email"], raj["role"]) == (
        "Northwind Logistics",
        "raj@northwind-logistics.com",
        "COO",
    )
    assert raj["attributes"] == {"merged.organization": "Northwind"}
    for path in (linkedin_like, members, linkedin_like):
        out = salon(store_url, "import", "csv", str(path), "--no-enrich")
        assert "0 created" in out
    assert [p["id"] for p in people(store_url)] == [first]
    assert json.loads(salon(store_url, "person", "duplicates", "--json")) == []


def test_merge_keeps_the_accented_name_and_asks_about_conflicts(store_url: str) -> None:
    salon(store_url, "person", "add", "Ana Lopez", "--org", "Biolab", "--role", "CSO")
    salon(store_url, "person", "add", "Ana López", "--org", "Biolab", "--role", "Head of R&D")
    code, _, err = run(store_url, "person", "merge", "2", "3")  # 1 is the user
    assert code == 1
    assert "differ in role: 'CSO' or 'Head of R&D'" in err
    assert "--prefer keep|other or --set FIELD=VALUE" in err
    assert len(people(store_url)) == 2  # refused: nothing changed
    salon(store_url, "person", "merge", "2", "3", "--set", "role=Chief Scientist")
    (ana,) = people(store_url)
    assert (ana["id"], ana["name"], ana["role"]) == (2, "Ana López", "Chief Scientist")
    assert ana["attributes"] == {"merged.role": "CSO | Head of R&D"}


def test_merge_prefer_other_takes_the_others_conflicting_values(store_url: str) -> None:
    salon(store_url, "person", "add", "Bob Smith", "--org", "IBM", "--role", "Engineer")
    salon(store_url, "person", "add", "Robert Smith", "--org", "IBM", "--role", "Architect")
    code, _, err = run(store_url, "person", "merge", "Bob Smith", "Robert Smith", "--prefer", "x")
    assert code == 1
    assert "--prefer is keep or other, got 'x'" in err
    salon(store_url, "person", "merge", "Bob Smith", "Robert Smith", "--prefer", "other")
    (bob,) = people(store_url)
    assert (bob["name"], bob["role"]) == ("Robert Smith", "Architect")
    assert bob["attributes"] == {"merged.name": "Bob Smith", "merged.role": "Engineer"}


def _add(session: Session, store_owner: Any, **fields: Any) -> Any:
    return add_person(session, store_owner, PersonFields(**fields), check_duplicates=False)


def test_a_stated_value_beats_an_inferred_one_and_former_names_match(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        keep = _add(session, owner, name="Bob Smith", organization="IBM", industry="finance")
        keep.inferences.append(
            InferredValue(field="industry", confidence=0.6, method="keywords", source="role")
        )
        other = _add(session, owner, name="Robert Smith", organization="IBM", industry="software")
        merged = merge_people(session, owner, keep.id, other.id, prefer="keep")
        assert (merged.name, merged.industry) == ("Bob Smith", "software")
        assert merged.inferred("industry") is None  # the stated value, no longer inferred
        assert merged.attribute_map()["merged.name"] == "Robert Smith"
        kept_id = merged.id
    with store.transaction() as session:
        owner = owner_account(session, "me")
        # the former name matches, by query and from memory; a stranger does not
        for match in (
            lambda **record: match_person(session, owner, **record),
            PeopleIndex(session, owner).match,
        ):
            found = match(name="Robert Smith", organization="IBM")
            assert found is not None
            assert found.id == kept_id
            assert match(name="Robert Smith", organization="Paylane") is None
        assert get_person(session, owner, kept_id).industry == "software"


def test_unmerge_from_the_command_line(store_url: str) -> None:
    salon(store_url, "person", "add", "Ana Lopez", "--org", "Biolab", "--email", "a@biolab.org")
    salon(store_url, "person", "add", "Ana López", "--org", "Biolab SL", "--role", "CSO")
    before = people(store_url)
    out = salon(store_url, "person", "merge", "2", "3")
    assert "Merged Ana López into Ana López (id 2); undo with `salon person unmerge 1`." in out
    (listed,) = json.loads(salon(store_url, "person", "merges", "--json"))
    assert (listed["kept"], listed["merged"], listed["undone_at"]) == (
        "Ana López",
        "Ana López",
        None,
    )
    out = salon(store_url, "person", "unmerge", "1")
    assert "Unmerged Ana López (id 3) from Ana Lopez (id 2)." in out
    assert people(store_url) == before
    assert json.loads(salon(store_url, "person", "merges", "--json"))[0]["undone_at"] is not None
    code, _, err = run(store_url, "person", "unmerge", "1")
    assert code == 1
    assert "merge 1 was undone" in err


def test_merge_asks_at_a_terminal(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    salon(store_url, "person", "add", "Mia Chen", "--org", "Port", "--role", "planner")
    salon(store_url, "person", "add", "Mia Chen", "--org", "Port", "--role", "analyst")
    monkeypatch.setattr(people_cli, "interactive", lambda: True)
    result = runner.invoke(app, ["--db", store_url, "person", "merge", "2", "3"], input="2\n")
    assert result.exit_code == 0, result.stderr
    assert "role: 1 'planner' or 2 'analyst'?" in result.stdout
    (mia,) = people(store_url)
    assert (mia["role"], mia["attributes"]) == ("analyst", {"merged.role": "planner"})
