"""Hostile text: escape sequences never reach the terminal, formulas never reach a spreadsheet,
and only http(s) URLs are stored."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import update
from typer.testing import CliRunner

from salon.cli.app import terminal_safe
from salon.cli.main import app
from salon.db.models import Person
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.people import PersonFields, add_person, get_person, list_people

runner = CliRunner()

# retitle the terminal (OSC), recolour (CSI), a C1 CSI, a carriage return that
# overwrites the line, and a right-to-left override that reorders it
HOSTILE_NAME = "Eve \x1b]0;owned\x07\x1b[31mRed\x9b2J\rGood \u202eevil"
FORMULAS = {
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
}
TERMINAL_CONTROLS = ("\x1b", "\x07", "\x9b", "\r", "\u202e")


def salon(store_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, *args])
    return result.exit_code, result.stdout, result.stderr


def ok(store_url: str, *args: str) -> str:
    code, out, err = salon(store_url, *args)
    assert code == 0, f"{args}: {err or out}"
    return out


def test_terminal_safe_keeps_text_and_drops_what_a_terminal_obeys() -> None:
    assert terminal_safe("Zoë O'Neil\tCTO\n漢字 ✓") == "Zoë O'Neil\tCTO\n漢字 ✓"
    assert terminal_safe(HOSTILE_NAME) == "Eve ]0;owned[31mRed2JGood evil"


def test_a_stored_escape_sequence_is_never_printed(store_url: str) -> None:
    ok(store_url, "person", "add", "Placeholder", "--org", "Acme")
    # a name stored by an older version, or written to the database directly
    store = Store(store_url)
    try:
        with store.transaction() as session:
            session.execute(
                update(Person).where(Person.name == "Placeholder").values(name=HOSTILE_NAME)
            )
    finally:
        store.dispose()
    for args in (
        ("person", "show", "Acme"),
        ("person", "list"),
        ("person", "show", "2"),
        ("person", "show", "\x1b[2Jnobody"),  # an error message echoing the argument
    ):
        code, out, err = salon(store_url, *args)
        assert "Red" in out + err or code == 1
        for control in TERMINAL_CONTROLS:
            assert control not in out, (args, out)
            assert control not in err, (args, err)


def test_names_given_on_the_command_line_are_stored_without_controls(store_url: str) -> None:
    ok(store_url, "person", "add", HOSTILE_NAME.replace("\r", ""), "--org", "Acme\x1b[5m")
    out = ok(store_url, "person", "list", "--json")
    assert "\\u001b" not in out
    assert "Eve ]0;owned[31mRed" in out


def test_only_http_urls_are_accepted_from_the_command_line(store_url: str) -> None:
    for bad in ("javascript:alert(1)", "data:text/html,<script>x</script>", "file:///etc/passwd"):
        code, _, err = salon(store_url, "person", "add", "Ana", "--url", bad)
        assert code == 1
        assert "not an http(s) URL" in " ".join(err.split())
    ok(store_url, "person", "add", "Ana", "--url", "https://www.linkedin.com/in/ana/")
    code, _, err = salon(store_url, "person", "edit", "Ana", "--url", "javascript:alert(1)")
    assert code == 1
    assert "not an http(s) URL" in " ".join(err.split())
    assert '"url": "https://linkedin.com/in/ana"' in ok(
        store_url, "person", "show", "Ana", "--json"
    )


def test_csv_exports_neutralise_formulas_unless_raw(store_url: str, tmp_path: Path) -> None:
    members = tmp_path / "members.csv"
    with members.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "organization", "industry", "intent"])
        for n, formula in enumerate(sorted(FORMULAS)):
            writer.writerow([f"Person {n}", formula, "\tbiotech" if n == 0 else "media", "both"])
        writer.writerow(["Plain Person", "Acme", "media", "both"])
    ok(store_url, "meetup", "create", "Table")
    ok(store_url, "meetup", "member", "import", "Table", str(members))
    ok(store_url, "meetup", "event", "create", "Table", "--date", "2026-12-03", "--tables", "3,3")
    for n in range(len(FORMULAS)):
        ok(store_url, "meetup", "checkin", "1", f"Person {n}")
    ok(store_url, "meetup", "checkin", "1", "Plain Person")
    ok(store_url, "meetup", "seat", "1", "--max-iterations", "200", "--seed", "1")

    people, seating = tmp_path / "people.csv", tmp_path / "seating.csv"
    ok(store_url, "export", "csv", "-o", str(people))
    ok(store_url, "meetup", "seating", "1", "--csv", str(seating))
    for path, column in ((people, "organization"), (seating, "organization")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        cells = {row[column] for row in rows}
        assert {"'" + formula for formula in FORMULAS} | {"Acme"} <= cells, path
        assert not any(
            cell.startswith(("=", "+", "-", "@", "\t")) for row in rows for cell in row.values()
        )
    ok(store_url, "export", "csv", "-o", str(people), "--raw")
    ok(store_url, "meetup", "seating", "1", "--csv", str(seating), "--raw")
    for path in (people, seating):
        with path.open(encoding="utf-8", newline="") as handle:
            assert {row["organization"] for row in csv.DictReader(handle)} >= FORMULAS


def test_nul_in_a_lookup_or_search_is_no_database_error(store: Store) -> None:
    """PostgreSQL refuses NUL even in a query; a web form or API call can send one."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_person(session, owner, PersonFields(name="Ana López", emails=["ana@biolab.org"]))
    with store.reading() as session:
        owner = owner_account(session, "me")
        assert get_person(session, owner, "ana@bio\x00lab.org").name == "Ana López"
        assert get_person(session, owner, "Ana\x00 López").name == "Ana López"
        assert [p.name for p in list_people(session, owner, search="ló\x00pez")] == ["Ana López"]
        assert [p.name for p in list_people(session, owner, search="bio\x00lab")] == ["Ana López"]
