"""What was recorded can be reviewed: person show, log list, tie list/remove, lessons, ideas."""

from __future__ import annotations

import datetime as dt
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


def fails(store_url: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", store_url, *args])
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr


def as_json(store_url: str, *args: str) -> Any:
    return json.loads(salon(store_url, *args, "--json"))


def recorded(store_url: str) -> None:
    """Ana López: two conversations, ties, feedback, a lesson; Raj Patel in one conversation."""
    for name in ("Ana López", "Raj Patel", "Mia Chen"):
        salon(store_url, "person", "add", name)
    old = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    salon(store_url, "log", "Ana López", "--date", old, "--purpose", "pitch", "--depth", "2")
    salon(
        store_url,
        "log",
        "Ana López",
        "Raj Patel",
        "--purpose",
        "learn",
        "--depth",
        "4",
        "--challenged",
        "--insight",
        "Pool freezer orders across labs",
        "--outcome",
        "idea",
    )
    salon(store_url, "tie", "add", "Ana López", "Mia Chen", "--how-met", "ISMB 2024")
    salon(store_url, "idea", "add", "Lab freezer", "--problem", "Small labs waste reagents")
    salon(
        store_url, "idea", "feedback", "1", "Ana López", "Who owns it?", "--stance", "challenging"
    )
    salon(
        store_url,
        "lesson",
        "add",
        "Checklists before surgery",
        "--from",
        "Ana López",
        "--takeaway",
        "Write the handover down",
        "--domain",
        "medicine",
    )


def test_person_show_prints_the_whole_history_and_json(store_url: str, tmp_path: Path) -> None:
    recorded(store_url)
    notes = tmp_path / "notes.jsonl"
    notes.write_text(
        json.dumps(
            {
                "id": "n1",
                "person": "Ana López",
                "domain": "biotech",
                "text": "Freezers fail on weekends.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    salon(store_url, "note", "import", str(notes))
    salon(store_url, "meetup", "create", "Long Table")
    salon(store_url, "meetup", "member", "add", "Long Table", "Ana López", "--intent", "learn")
    salon(
        store_url,
        "meetup",
        "event",
        "create",
        "Long Table",
        "--date",
        "2026-12-03",
        "--tables",
        "4",
    )
    salon(store_url, "meetup", "rsvp", "1", "Ana López", "maybe")
    data = as_json(store_url, "person", "show", "Ana López")
    assert data["name"] == "Ana López"
    assert [c["purposes"] for c in data["conversations"]] == [["pitch"], ["learn"]]
    latest = data["conversations"][1]
    assert latest["with"] == ["Ana López", "Raj Patel"]
    assert (latest["depth"], latest["challenged"], latest["outcomes"]) == (4, True, ["idea"])
    assert latest["insights"] == ["Pool freezer orders across labs"]
    others = sorted(tuple(t["people"]) for t in data["ties"])
    assert ("Ana López", "Mia Chen") in others
    assert ("Ana López", "Raj Patel") in others
    stated = next(t for t in data["ties"] if "Mia Chen" in t["people"])
    assert stated["how_met"] == "ISMB 2024"
    assert [e["kind"] for e in stated["evidence"]] == ["stated"]
    assert [(f["idea"], f["stance"], f["text"]) for f in data["feedback"]] == [
        ("Lab freezer", "challenging", "Who owns it?")
    ]
    assert [i["title"] for i in data["ideas"]] == ["Lab freezer"]
    assert [(x["title"], x["takeaway"]) for x in data["lessons"]] == [
        ("Checklists before surgery", "Write the handover down")
    ]
    assert data["notes"] == [
        {"ref": "n1", "domain": "biotech", "text": "Freezers fail on weekends."}
    ]
    assert [(m["name"], m["intent"]) for m in data["meetups"]] == [("Long Table", "learn")]
    assert [(e["date"], e["meetup"], e["rsvp"]) for e in data["events"]] == [
        ("2026-12-03", "Long Table", "maybe")
    ]
    text = salon(store_url, "person", "show", "Ana López")
    for expected in (
        "Freezers fail on weekends.",
        "Long Table (intent learn)",
        "RSVP maybe",
        "Pool freezer orders across labs",
        "challenged my thinking",
        "Mia Chen: stated (met: ISMB 2024)",
        "Who owns it?",
        "Write the handover down",
    ):
        assert expected in text
    # Raj's history holds the shared conversation only
    raj = as_json(store_url, "person", "show", "Raj Patel")
    assert [c["purposes"] for c in raj["conversations"]] == [["learn"]]
    assert raj["feedback"] == raj["lessons"] == []


def test_log_list_filters_by_person_purpose_and_period(store_url: str) -> None:
    recorded(store_url)
    assert len(as_json(store_url, "log", "list")) == 2
    assert [c["purposes"] for c in as_json(store_url, "log", "list", "--period", "6m")] == [
        ["learn"]
    ]
    assert [c["purposes"] for c in as_json(store_url, "log", "list", "--period", "2y")] == [
        ["pitch"],
        ["learn"],
    ]
    assert [c["with"] for c in as_json(store_url, "log", "list", "--person", "Raj Patel")] == [
        ["Ana López", "Raj Patel"]
    ]
    assert as_json(store_url, "log", "list", "--purpose", "pitch")[0]["depth"] == 2
    assert as_json(store_url, "log", "list", "--person", "Mia Chen") == []
    text = salon(store_url, "log", "list", "--purpose", "learn")
    assert "Pool freezer orders across labs" in text
    assert "1 conversation" in text
    assert "unknown purpose gossip" in fails(store_url, "log", "list", "--purpose", "gossip")
    assert "got '3x'" in fails(store_url, "log", "list", "--period", "3x")


def test_tie_list_and_remove_name_the_people(store_url: str) -> None:
    recorded(store_url)
    ties = as_json(store_url, "tie", "list", "--person", "Mia Chen")
    assert [t["people"] for t in ties] == [["Ana López", "Mia Chen"]]
    everyone = as_json(store_url, "tie", "list")
    assert len(everyone) == 4  # me–Ana, me–Raj, Ana–Raj from conversations; Ana–Mia stated
    assert "Ana López — Mia Chen: stated" in salon(store_url, "tie", "list")
    out = salon(store_url, "tie", "remove", "Mia Chen", "Ana López")
    assert "Mia Chen — Ana López: tie removed." in out
    assert as_json(store_url, "tie", "list", "--person", "Mia Chen") == []
    assert len(as_json(store_url, "tie", "list")) == 3
    error = fails(store_url, "tie", "remove", "Mia Chen", "Ana López")
    assert "Mia Chen and Ana López have no tie" in error


def test_lesson_show_list_takeaway_and_json(store_url: str) -> None:
    recorded(store_url)
    lessons = as_json(store_url, "lesson", "list")
    assert [(x["title"], x["from"], x["takeaway"]) for x in lessons] == [
        ("Checklists before surgery", "Ana López", "Write the handover down")
    ]
    table = salon(store_url, "lesson", "list")
    assert "takeaway" in table
    assert "handover" in table  # the table wraps the cell in a narrow terminal
    shown = as_json(store_url, "lesson", "show", str(lessons[0]["id"]))
    assert shown == lessons[0]
    text = salon(store_url, "lesson", "show", str(lessons[0]["id"]))
    assert "Ana López" in text
    assert "medicine" in text
    assert "no lesson with id 99" in fails(store_url, "lesson", "show", "99")


def test_idea_status_changes_and_rejects_unknown(store_url: str) -> None:
    recorded(store_url)
    shown = as_json(store_url, "idea", "show", "Lab freezer")
    assert (shown["status"], shown["problem"]) == ("open", "Small labs waste reagents")
    assert shown["versions"][0]["feedback"] == [
        {
            "person": "Ana López",
            "stance": "challenging",
            "text": "Who owns it?",
            "given_on": dt.date.today().isoformat(),
        }
    ]
    assert "Ana López [challenging]: Who owns it?" in salon(store_url, "idea", "show", "1")
    assert "open → testing" in salon(store_url, "idea", "status", "1", "testing")
    assert as_json(store_url, "idea", "list")[0]["status"] == "testing"
    salon(store_url, "idea", "status", "Lab freezer", "Shelved")
    assert as_json(store_url, "idea", "list")[0]["status"] == "shelved"
    assert "unknown idea status 'finished'" in fails(store_url, "idea", "status", "1", "finished")
    assert as_json(store_url, "idea", "list")[0]["status"] == "shelved"


def test_log_still_logs_without_a_subcommand(store_url: str) -> None:
    salon(store_url, "person", "add", "Ana López")
    assert "Logged interaction 1 with Ana López." in salon(store_url, "log", "Ana López")
    assert "Logged interaction 2" in salon(store_url, "log", "--depth", "5", "Ana López")
    assert "Logged interaction 3" in salon(store_url, "log", "add", "Ana López")
    assert len(as_json(store_url, "log", "list")) == 3


def test_suggest_support_json_names_givers_and_gaps(store_url: str) -> None:
    for name in ("Ana López", "Raj Patel", "Mia Chen"):
        salon(store_url, "person", "add", name)
    salon(store_url, "tie", "add", "Ana López", "--support", "advice,moral")
    salon(store_url, "tie", "add", "Raj Patel", "--support", "advice")
    salon(store_url, "tie", "add", "Mia Chen")
    found = as_json(store_url, "suggest", "support")
    assert sorted(found["givers"]["advice"]) == ["Ana López", "Raj Patel"]
    assert list(found["givers"]["moral"]) == ["Ana López"]
    assert found["givers"]["resources"] == []
    assert sorted(found["gaps"]) == ["moral", "resources"]
    assert found["contacts"] == 3
