"""``salon analogies`` and ``salon note …`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salon.cli.main import app
from salon.semantic import MODEL_NAME, model_unavailable_reason

runner = CliRunner()
MODEL_MISSING = model_unavailable_reason()


def salon(store_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, *args])
    return result.exit_code, result.stdout, result.stderr


def ok(store_url: str, *args: str) -> str:
    code, out, err = salon(store_url, *args)
    assert code == 0, err or out
    return out


def flat(text: str) -> str:
    """Terminal output with Rich's line wrapping undone."""
    return " ".join(text.split())


def build_network(store_url: str, fixtures: Path) -> None:
    """People from four fields, their lessons (documented stories), and shared notes."""
    for name, industry, email in (
        ("Ana López", "healthcare", "ana@clinic.example"),
        ("Luca Bianchi", "motorsport", "luca@pitlane.example"),
        ("Kenji Sato", "aviation", "kenji@airline.example"),
        ("Rachel Anderson", "manufacturing", "rachel@plant.example"),
    ):
        ok(store_url, "person", "add", name, "--industry", industry, "--email", email)
    lessons = (
        (
            "Twenty people, two seconds",
            "Luca Bianchi",
            "motorsport",
            "A Formula 1 pit crew changes four tyres in two seconds; each person has one job, "
            "rehearsed hundreds of times, and one person decides when the car leaves.",
            "handover,teamwork",
        ),
        (
            "The crash that invented the pilot's checklist",
            "Kenji Sato",
            "aviation",
            "Boeing's Model 299 crashed because the crew forgot the gust lock; short "
            "checklists for take-off and landing replaced more training.",
            "checklists",
        ),
        (
            "Toyota's line, inspired by a supermarket",
            "Rachel Anderson",
            "manufacturing",
            "A supermarket refills only what customers took from the shelf; Ohno made each "
            "production step pull parts from the one before.",
            "pull,inventory",
        ),
        (
            "A noisy handover from theatre to intensive care",
            "Ana López",
            "healthcare",
            "Children moved from cardiac surgery to intensive care lost information in a noisy, "
            "unstructured patient handover.",
            "handover",
        ),
    )
    for title, who, domain, happened, tags in lessons:
        ok(
            store_url,
            *("lesson", "add", title, "--from", who, "--domain", domain),
            *("--happened", happened, "--tag", tags),
        )
    ok(store_url, "note", "import", str(fixtures / "io" / "notes.jsonl"))


def test_note_import_reports_counts_and_re_import_changes_nothing(
    store_url: str, fixtures: Path
) -> None:
    notes = fixtures / "io" / "notes.jsonl"
    out = ok(store_url, "note", "import", str(notes))
    assert "4 created, 0 updated, 0 unchanged, 0 skipped; 4 new people" in flat(out)
    listed = json.loads(ok(store_url, "note", "list", "--json"))
    assert [n["ref"] for n in listed] == ["3", "n-001", "n-002", "n-004"]
    assert set(listed[0]) >= {"ref", "person", "role", "domain", "text"}
    out = ok(store_url, "note", "import", str(notes))
    assert "0 created, 0 updated, 4 unchanged" in flat(out)
    assert json.loads(ok(store_url, "note", "list", "--json")) == listed
    people = json.loads(ok(store_url, "person", "list", "--json"))
    assert len(people) == 4

    bad = fixtures / "io" / "malformed" / "notes_bad.jsonl"
    code, out, err = salon(store_url, "note", "import", str(bad))
    assert code == 1
    assert "notes_bad.jsonl, line 2" in flat(err)
    assert "Traceback" not in out + err
    assert json.loads(ok(store_url, "note", "list", "--json")) == listed
    code, out, err = salon(store_url, "note", "import", str(bad), "--skip-bad-rows")
    assert code == 0
    assert "0 created, 1 updated, 0 unchanged, 4 skipped" in flat(out)
    assert "line 5, field 'domain'" in flat(err)
    table = ok(store_url, "note", "list", "--domain", "music")
    assert "Kwame Mensah" in table
    assert "1 notes" in table


def test_analogies_json_lists_other_domains_with_whom_to_call(
    store_url: str, fixtures: Path
) -> None:
    build_network(store_url, fixtures)
    out = ok(
        store_url,
        "analogies",
        "Patient information gets lost when surgeons hand a patient over to intensive care",
        *("--domain", "healthcare", "--top", "3", "--json", "--backend", "lexical"),
    )
    rows = json.loads(out)
    assert 1 <= len(rows) <= 3
    for row in rows:
        assert set(row) >= {"ref", "text", "domain", "person", "score", "backend"}
        assert row["domain"].casefold() != "healthcare"
        assert row["score"] > 0
        assert row["backend"].startswith("tfidf")
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    people = {p["name"]: p for p in json.loads(ok(store_url, "person", "list", "--json"))}
    for row in rows:
        if row["person"] is not None:
            assert row["contact"]["id"] == people[row["person"]]["id"]
    pit = next((r for r in rows if r["ref"].startswith("lesson:") and "pit" in r["text"]), None)
    assert pit is not None, rows
    assert pit["person"] == "Luca Bianchi"
    assert pit["contact"]["email"] == "luca@pitlane.example"

    lessons_only = json.loads(
        ok(
            store_url,
            *("analogies", "Our stores run out of stock", "--domain", "retail"),
            *("--kind", "lesson", "--kind", "note", "--json", "--backend", "lexical"),
        )
    )
    assert lessons_only
    assert {r["kind"] for r in lessons_only} <= {"lesson", "note"}

    aviation = json.loads(
        ok(
            store_url,
            *("analogies", "Surgeons forget steps in complex operations", "--domain", "healthcare"),
            *("--only-domain", "Aviation", "--json", "--backend", "lexical"),
        )
    )
    assert aviation
    assert {r["domain"] for r in aviation} == {"aviation"}
    assert aviation[0]["person"] == "Kenji Sato"


def test_analogies_terminal_view_says_which_backend_answered(
    store_url: str, fixtures: Path
) -> None:
    build_network(store_url, fixtures)
    problem = "Patient information gets lost at handovers between hospital teams"
    out = ok(store_url, "analogies", problem, "--backend", "lexical")
    assert "backend: lexical TF-IDF fallback (tfidf-" in flat(out)
    assert "inferred; give --domain" in flat(out)
    assert "rebuilt in memory" in flat(out)
    if MODEL_MISSING is not None:
        pytest.skip(f"model backend not checked: {MODEL_MISSING}")
    out = ok(store_url, "analogies", problem, "--backend", "model", "--domain", "healthcare")
    assert f"backend: sentence model ({MODEL_NAME})" in flat(out)
    assert "0 from the store" in flat(out)
    out = ok(store_url, "analogies", problem, "--backend", "model", "--domain", "healthcare")
    assert "0 embedded now" in flat(out), "the second query embeds only the query"
    rows = json.loads(
        ok(store_url, "analogies", problem, "--domain", "healthcare", "--json", "--kind", "lesson")
    )
    assert rows
    assert {r["backend"] for r in rows} == {MODEL_NAME}
    assert all(r["domain"] != "healthcare" for r in rows)


def test_analogies_refuses_bad_requests_and_says_so_on_an_empty_network(store_url: str) -> None:
    out = ok(store_url, "analogies", "Keep a building cool", "--backend", "lexical")
    assert "Nothing from another domain matches yet" in flat(out)
    assert (
        json.loads(ok(store_url, "analogies", "Keep cool", "--json", "--backend", "lexical")) == []
    )
    code, _, err = salon(store_url, "analogies", "   ")
    assert code == 1
    assert "expected a problem" in flat(err)
    code, _, err = salon(store_url, "analogies", "Keep cool", "--top", "0")
    assert code == 2
    code, _, err = salon(store_url, "analogies", "Keep cool", "--backend", "bm25")
    assert code == 2
    assert "bm25" in err
