"""The ``salon`` command end to end, on SQLite and PostgreSQL stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from salon.cli.main import app
from salon.db.store import head_revision

runner = CliRunner()


def salon(store_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_person_add_list_json_show_edit_and_remove(store_url: str) -> None:
    code, out, err = salon(
        store_url,
        "person",
        "add",
        "Ana López",
        "--email",
        "ana@biolab.org",
        "--org",
        "Biolab",
        "--industry",
        "biotech",
        "--attr",
        "country=ES",
        "--expertise",
        "CRISPR,assays",
    )
    assert code == 0, err
    code, out, _ = salon(store_url, "person", "list", "--json")
    people = json.loads(out)
    assert [(p["name"], p["email"], p["organization"]) for p in people] == [
        ("Ana López", "ana@biolab.org", "Biolab")
    ]
    assert {"id", "name", "email", "organization", "url"} <= set(people[0])
    assert people[0]["expertise"] == ["CRISPR", "assays"]
    code, out, _ = salon(store_url, "person", "edit", "ana@biolab.org", "--role", "Head of R&D")
    assert code == 0
    code, out, _ = salon(store_url, "person", "show", "Ana Lopez", "--json")
    assert json.loads(out)["role"] == "Head of R&D"
    code, out, _ = salon(store_url, "person", "remove", "Ana López", "--yes")
    assert code == 0
    assert json.loads(salon(store_url, "person", "list", "--json")[1]) == []


def test_person_list_shows_a_page_and_says_how_to_see_more(store_url: str) -> None:
    for name in ("Ana", "Bea", "Carl", "Dev", "Eve"):
        assert salon(store_url, "person", "add", name)[0] == 0
    code, out, _ = salon(store_url, "person", "list", "--limit", "2", "--offset", "1")
    assert code == 0
    assert "Bea" in out
    assert "Carl" in out
    assert "Ana" not in out
    assert "Dev" not in out
    assert "2–3 of 5 people; --offset 3 for more" in out
    assert "5 people" in salon(store_url, "person", "list")[1]
    listed = json.loads(salon(store_url, "person", "list", "--json", "--offset", "3")[1])
    assert [p["name"] for p in listed] == ["Dev", "Eve"]
    code, _, err = salon(store_url, "person", "list", "--limit", "-1")
    assert code == 2
    assert "--limit" in err


def test_errors_go_to_stderr_with_exit_code_1_and_no_traceback(store_url: str) -> None:
    salon(store_url, "person", "add", "Ana", "--email", "ana@x.org")
    code, out, err = salon(store_url, "person", "add", "Other Ana", "--email", "ANA@x.org")
    assert code == 1
    assert "ana@x.org already belongs to Ana" in err
    assert "Traceback" not in err + out
    code, _, err = salon(store_url, "person", "show", "Nobody")
    assert code == 1
    assert "no person called 'Nobody'" in err
    code, _, err = salon(store_url, "log", "Ana", "--purpose", "gossip")
    assert code == 1
    assert "unknown purpose gossip" in err


def test_linkedin_then_vcard_import_gives_one_person_per_real_person(
    store_url: str, fixtures: Path
) -> None:
    linkedin = fixtures / "io" / "linkedin_connections.csv"
    vcard = fixtures / "io" / "contacts.vcf"
    code, out, err = salon(store_url, "import", "linkedin", str(linkedin))
    assert code == 0, err
    first = json.loads(salon(store_url, "person", "list", "--json")[1])
    code, out, err = salon(store_url, "import", "vcard", str(vcard))
    assert code == 0, err
    after_vcard = json.loads(salon(store_url, "person", "list", "--json")[1])
    # every email and profile URL belongs to exactly one person
    emails = [e for p in after_vcard for e in p["emails"]]
    urls = [p["url"] for p in after_vcard if p["url"]]
    assert len(emails) == len(set(emails))
    assert len(urls) == len(set(urls))
    assert len(after_vcard) > len(first)
    archive = salon(store_url, "export", "json")[1]
    for kind, path in (("linkedin", linkedin), ("vcard", vcard)):
        code, out, err = salon(store_url, "import", kind, str(path))
        assert code == 0, err
        assert "0 created, 0 updated" in out
    assert salon(store_url, "export", "json")[1] == archive


def test_malformed_file_leaves_the_store_unchanged(store_url: str, fixtures: Path) -> None:
    salon(store_url, "import", "linkedin", str(fixtures / "io" / "linkedin_connections.csv"))
    before = salon(store_url, "export", "json")[1]
    bad = sorted((fixtures / "io" / "malformed").glob("*linkedin*"))
    assert bad, "the io fixtures include malformed LinkedIn files"
    for path in bad:
        code, _, err = salon(store_url, "import", "linkedin", str(path))
        assert code == 1
        assert path.name in err
        assert "line" in err
    assert salon(store_url, "export", "json")[1] == before


def test_tie_log_idea_and_lesson_commands(store_url: str) -> None:
    for name in ("Ana López", "Raj Patel", "Mia Chen"):
        assert salon(store_url, "person", "add", name)[0] == 0
    assert (
        salon(store_url, "tie", "add", "Ana López", "Raj Patel", "--introduced-by", "Mia Chen")[0]
        == 0
    )
    code, _, err = salon(
        store_url,
        "log",
        "Ana López",
        "Raj Patel",
        "--date",
        "2026-11-02",
        "--purpose",
        "learn",
        "--depth",
        "4",
        "--challenged",
        "--insight",
        "Labs pool reagent orders",
        "--outcome",
        "insight",
    )
    assert code == 0, err
    assert (
        salon(store_url, "idea", "add", "Lab freezer", "--problem", "Reagents go to waste")[0] == 0
    )
    code, _, err = salon(
        store_url, "idea", "feedback", "1", "Raj Patel", "Who owns it?", "--stance", "challenging"
    )
    assert code == 0, err
    ideas = json.loads(salon(store_url, "idea", "list", "--json")[1])
    assert ideas[0]["feedback"] == 1
    assert (
        salon(
            store_url, "lesson", "add", "Checklists", "--from", "Mia Chen", "--domain", "medicine"
        )[0]
        == 0
    )
    graph_ties = json.loads(salon(store_url, "export", "json")[1])["ties"]
    evidence = {(t["a"], t["b"]): {e["kind"] for e in t["evidence"]} for t in graph_ties}
    assert any("introducer" in kinds for kinds in evidence.values())
    assert sum("shared_conversation" in kinds for kinds in evidence.values()) == 3  # me, Ana, Raj


def test_brackets_in_user_text_are_printed_as_written(store_url: str) -> None:
    # Rich reads "[...]" as markup: an unescaped name would lose "[CTO]" or, with
    # "[/x]", crash the command.
    name, org = "Ana [CTO] López", "[/stealth] Labs"
    code, out, err = salon(store_url, "person", "add", name, "--org", org)
    assert code == 0, err
    assert name in out
    assert salon(store_url, "person", "add", "Raj Patel")[0] == 0
    code, out, err = salon(store_url, "person", "list")
    assert code == 0, err
    assert name in out
    code, out, err = salon(store_url, "person", "show", name)
    assert code == 0, err
    assert name in out
    assert org in out
    title = "Freezer [v2]"
    assert salon(store_url, "idea", "add", title, "--problem", "Reagents [often] wasted")[0] == 0
    code, _, err = salon(
        store_url, "idea", "feedback", "1", name, "Who owns it?", "--stance", "challenging"
    )
    assert code == 0, err
    code, out, err = salon(store_url, "idea", "show", "1")
    assert code == 0, err
    for text in (title, "Reagents [often] wasted", f"{name} [challenging]: Who owns it?"):
        assert text in out
    code, out, err = salon(store_url, "tie", "add", name, "Raj Patel")
    assert code == 0, err
    assert f"{name} — Raj Patel: tie recorded." in out


def test_export_graphml_and_csv(store_url: str, tmp_path: Path) -> None:
    import networkx as nx

    salon(store_url, "person", "add", "Ana", "--industry", "biotech")
    salon(store_url, "tie", "add", "Ana")
    code, _, err = salon(store_url, "export", "graphml", "-o", str(tmp_path / "n.graphml"))
    assert code == 0, err
    graph = nx.read_graphml(tmp_path / "n.graphml")
    assert sorted(d["name"] for _, d in graph.nodes(data=True)) == ["Ana", "me"]
    assert graph.number_of_edges() == 1
    code, _, err = salon(store_url, "export", "csv", "-o", str(tmp_path / "p.csv"))
    assert code == 0, err
    assert (tmp_path / "p.csv").read_text().splitlines()[1].split(",")[1] == "Ana"


def _commands(command: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


def test_every_command_has_help_with_an_example() -> None:
    root = get_command(app)
    for path, command in _commands(root):
        if not path:
            continue
        text = (
            (getattr(command, "help", None) or "") + " " + (getattr(command, "epilog", None) or "")
        )
        assert "Example:" in text, f"`salon {' '.join(path)}` has no example in its help"


def test_db_upgrade_reports_the_head_revision(store_url: str) -> None:
    code, out, err = salon(store_url, "db", "upgrade")
    assert code == 0, err
    assert f"revision {head_revision()}" in out


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_demo_builds_its_sample_and_reports(store_url: str, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    code, out, err = salon(store_url, "demo", "--path", str(path))
    assert code == 0, err
    assert "people in" in out
    assert "Who knows whom" in out
    assert "Networking for ideas" in out  # the report
    assert "Whom to meet next" in out  # suggestions
    assert "repeat rate" in out  # the seated meetup
    assert "Far analogies" in out
    people = json.loads(salon(f"sqlite:///{path}", "person", "list", "--json")[1])
    assert len(people) >= 150


def test_readme_documents_every_command_group() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    root = get_command(app)
    assert isinstance(root, typer.core.TyperGroup)
    for name in root.commands:
        assert f"salon {name}" in readme, f"README does not mention `salon {name}`"


def test_suggest_meet_json_names_people_with_reasons_and_paths(store_url: str) -> None:
    for name, industry in (("Ana", "finance"), ("Raj", "finance"), ("Mia", "healthcare")):
        assert salon(store_url, "person", "add", name, "--industry", industry)[0] == 0
    salon(store_url, "tie", "add", "Ana")
    salon(store_url, "tie", "add", "Raj")
    salon(store_url, "tie", "add", "Ana", "Mia")
    code, out, err = salon(store_url, "suggest", "meet", "--json")
    assert code == 0, err
    picks = json.loads(out)
    assert [p["name"] for p in picks] == ["Mia"]
    assert picks[0]["path"] == ["me", "Ana", "Mia"]
    assert "healthcare" in picks[0]["reason"]


def test_report_json_and_plot(store_url: str, tmp_path: Path) -> None:
    for name, industry in (("Ana", "finance"), ("Raj", "finance"), ("Mia", "healthcare")):
        salon(store_url, "person", "add", name, "--industry", industry)
        salon(store_url, "tie", "add", name)
    salon(store_url, "tie", "add", "Ana", "Raj")
    salon(store_url, "log", "Mia", "--date", "2024-06-01", "--purpose", "learn", "--depth", "5")
    salon(store_url, "log", "Mia", "--date", "2024-06-08", "--purpose", "learn", "--depth", "5")
    code, out, err = salon(
        store_url, "report", "--json", "--today", "2026-11-26", "--plot", str(tmp_path / "r.svg")
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["n_contacts"] == 3
    assert data["structure"]["n_alter_ties"] == 1
    assert [d["name"] for d in data["orientation"]] == [
        "objective",
        "diversity",
        "conversations",
        "outcomes",
        "time_horizon",
        "risk",
    ]
    assert (tmp_path / "r.svg").read_text().lstrip().startswith("<?xml")
    code, out, err = salon(store_url, "suggest", "reconnect", "--json")
    assert code == 0, err
    assert [t["name"] for t in json.loads(out)] == ["Mia"]
    code, out, err = salon(store_url, "report", "--period", "3w")
    assert code == 1
    assert "unknown period '3w'" in err
