"""``salon meetup …`` end to end, on SQLite and PostgreSQL stores."""

from __future__ import annotations

import csv
import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from salon.cli.main import app

runner = CliRunner()

MEMBERS_CSV = (
    "name,email,organization,role,industry,discipline,interests,expertise,intent,country\n"
    "Ana López,ana@biolab.org,Biolab,CSO,biotech,biology,supply chains;jazz,CRISPR,learn,ES\n"
    "Raj Patel,raj@paylane.io,Paylane,CEO,fintech,engineering,jazz,supply chains,pitch,IN\n"
    "Mia Chen,mia@port.nl,Port of Rotterdam,planner,logistics,operations,,,pitch,NL\n"
    "Tom Berg,tom@grachten.nl,Grachten Media,editor,media,journalism,jazz,,both,NL\n"
    "Lea Roth,lea@clinic.de,Charité,physician,healthcare,medicine,,,learn,DE\n"
    "Ola Nowak,ola@farm.pl,Agro,founder,agrifood,biology,supply chains,,pitch,PL\n"
)


def salon(store_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, "meetup", *args])
    # Rich wraps long messages at the terminal width; compare them unwrapped.
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def ok(store_url: str, *args: str) -> str:
    code, out, err = salon(store_url, *args)
    assert code == 0, f"{args}: {err or out}"
    return out


class _Cards(HTMLParser):
    """The cards of the table-cards page: (round, table) → person ids, and the starters."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[tuple[int, int], list[int]] = {}
        self.reasons: list[str] = []
        self._card: tuple[int, int] | None = None
        self._in_reason = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article" and a.get("class") == "card":
            self._card = (int(a["data-round"] or 0), int(a["data-table"] or 0))
            self.cards[self._card] = []
        elif tag == "li" and self._card is not None and a.get("data-person"):
            self.cards[self._card].append(int(a["data-person"] or 0))
        elif tag == "p" and a.get("class") == "reason":
            self._in_reason = True

    def handle_data(self, data: str) -> None:
        if self._in_reason and data.strip():
            self.reasons.append(data.strip())
            self._in_reason = False


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_an_organiser_runs_an_evening_from_members_to_summary(
    store_url: str, tmp_path: Path
) -> None:
    members = tmp_path / "members.csv"
    members.write_text(MEMBERS_CSV, encoding="utf-8")
    ok(store_url, "create", "Long Table", "--cadence", "weekly")
    out = ok(store_url, "member", "import", "Long Table", str(members))
    assert "6 members added" in out
    ok(
        store_url, "member", "add", "Long Table", "Kai Sato", "--intent", "pitch",
        "--org", "Kaiko", "--industry", "robotics", "--interest", "jazz,sailing", "--create",
    )  # fmt: skip
    listed = json.loads(ok(store_url, "members", "Long Table", "--json"))
    intents = {m["name"]: m["intent"] for m in listed}
    assert intents == {
        "Ana López": "learn",
        "Raj Patel": "pitch",
        "Mia Chen": "pitch",
        "Tom Berg": "both",
        "Lea Roth": "learn",
        "Ola Nowak": "pitch",
        "Kai Sato": "pitch",
    }
    ids = {m["name"]: m["id"] for m in listed}
    out = ok(
        store_url, "event", "create", "Long Table", "--date", "2026-12-03",
        "--tables", "3,3,2-3", "--rounds", "2", "--venue", "Casa Lume",
    )  # fmt: skip
    assert "3 tables, 9 seats, 2 rounds" in out
    event = "1"
    assert "RSVP no recorded for Lea Roth." in ok(store_url, "rsvp", event, "Lea Roth", "no")
    for name in ("Ana López", "Raj Patel", "Mia Chen", "Tom Berg", "Ola Nowak"):
        assert f"Checked in {name}." in ok(store_url, "checkin", event, name)
    ok(store_url, "host", event, "2", "kai sato")  # hosting implies attending
    listing = ok(store_url, "event", "list", "Long Table").splitlines()
    cells = next(line for line in listing if "2026-12-03" in line).split("│")
    assert [cell.strip() for cell in cells[4:9]] == ["3", "9", "2", "6", "5"]
    (listed_event,) = json.loads(ok(store_url, "event", "list", "Long Table", "--json"))
    assert listed_event == {
        "id": 1, "date": "2026-12-03", "title": listed_event["title"], "venue": "Casa Lume",
        "tables": 3, "seats": 9, "rounds": 2, "yes": 6, "checked_in": 5,
    }  # fmt: skip
    out = ok(store_url, "seat", event, "--max-iterations", "2000", "--seed", "1")
    assert "Seated 6 people" in out

    seating_csv, cards_html = tmp_path / "seating.csv", tmp_path / "cards.html"
    shown = ok(store_url, "seating", event, "--csv", str(seating_csv), "--html", str(cards_html))
    assert shown.count("[host]") == 2  # the host of table 2, once per round
    rows = _csv_rows(seating_csv)
    ok(store_url, "seat", event, "--max-iterations", "2000", "--seed", "1")
    ok(store_url, "seating", event, "--csv", str(seating_csv))
    assert _csv_rows(seating_csv) == rows  # same seed and step budget, same seating
    as_json = json.loads(ok(store_url, "seating", event, "--json"))
    assert (as_json["venue"], as_json["meetup"]) == ("Casa Lume", "Long Table")
    assert [
        [str(t["round"]), str(t["table"]), str(p["person_id"]), p["name"]]
        for t in as_json["tables"]
        for p in t["people"]
    ] == [[row["round"], row["table"], row["person_id"], row["name"]] for row in rows]
    assert {t["host"] for t in as_json["tables"] if t["table"] == 2} == {"Kai Sato"}
    assert all(t["starter"]["text"] for t in as_json["tables"])
    assert list(rows[0]) == [
        "round", "table", "person_id", "name", "organization", "industry", "intent",
    ]  # fmt: skip
    present = {ids[n] for n in ("Ana López", "Raj Patel", "Mia Chen", "Tom Berg", "Ola Nowak")}
    present.add(ids["Kai Sato"])
    for r in ("1", "2"):
        in_round = [row for row in rows if row["round"] == r]
        assert Counter(int(row["person_id"]) for row in in_round) == dict.fromkeys(present, 1)
        assert max(Counter(row["table"] for row in in_round).values()) <= 3
        assert {row["table"] for row in in_round if row["name"] == "Kai Sato"} == {"2"}
    ana = next(row for row in rows if row["name"] == "Ana López")
    assert (ana["organization"], ana["industry"], ana["intent"]) == ("Biolab", "biotech", "learn")

    cards = _Cards()
    cards.feed(cards_html.read_text(encoding="utf-8"))
    from_csv: dict[tuple[int, int], list[int]] = {}
    for row in rows:
        key = (int(row["round"]), int(row["table"]))
        from_csv.setdefault(key, []).append(int(row["person_id"]))
    assert {k: sorted(v) for k, v in cards.cards.items()} == {
        k: sorted(v) for k, v in from_csv.items()
    }
    assert len(cards.reasons) == len(cards.cards)
    assert all(reason.startswith("Why:") for reason in cards.reasons)

    # A latecomer during round 2: round 1 stays as it was, and she is seated in round 2.
    ok(store_url, "checkin", event, "Lea Roth")
    out = ok(store_url, "seat", event, "--from-round", "2", "--time-limit", "0.3")
    assert "1 newcomers placed" in out
    ok(store_url, "seating", event, "--round", "1", "--csv", str(seating_csv))
    assert _csv_rows(seating_csv) == [row for row in rows if row["round"] == "1"]
    ok(store_url, "seating", event, "--round", "2", "--csv", str(seating_csv))
    assert ids["Lea Roth"] in {int(row["person_id"]) for row in _csv_rows(seating_csv)}

    out = ok(
        store_url, "feedback", event, "Ana López",
        "--learned-from", "Raj Patel", "--follow-up", "Tom Berg",
    )  # fmt: skip
    assert "Recorded 2" in out
    summary = json.loads(ok(store_url, "summary", event, "--json"))
    assert summary["n_seated"] == 7
    assert summary["repeat_rate"] == 0.0  # the community's first evening
    assert sum(t["n_people"] for t in summary["tables"]) == 6 + 7
    assert {t["round"] for t in summary["tables"]} == {1, 2}
    assert summary["n_new_cross_industry"] == summary["n_new_encounters"]  # 7 industries


def test_typos_walk_ins_attendance_shrinking_tables_and_feedback_from_the_command_line(
    store_url: str, tmp_path: Path
) -> None:
    ok(store_url, "create", "Supper")
    code, _, err = salon(store_url, "member", "add", "Supper", "Nobody Here")
    assert code == 1
    assert "no person called 'Nobody Here'; check the spelling, or create them" in err
    assert json.loads(ok(store_url, "members", "Supper", "--json")) == []
    names = ["Ana", "Raj", "Mia", "Tom", "Lea"]
    for name, intent in zip(names, ["learn", "pitch", "learn", "pitch", "both"], strict=True):
        ok(store_url, "member", "add", "Supper", name, "--create", "--intent", intent)
    ok(store_url, "event", "create", "Supper", "--date", "2026-12-03", "--tables", "3,3",
       "--rounds", "2")  # fmt: skip
    for name in names:
        ok(store_url, "rsvp", "1", name, "yes")
    out = " ".join(
        ok(store_url, "seat", "1", "--max-iterations", "500", "--shrink", "last").split()
    )
    assert "Tables of 3,2 in every round (shrink rule: last)" in out
    assert "Repeats tonight: 1 repeat pairings (the table sizes force at least 1)" in out
    assert "iteration limit reached (500)" in out  # the limit given, not a phase's share
    code, _, err = salon(store_url, "checkin", "1", "Walk In Wanda")
    assert code == 1
    assert "as a walk-in" in err
    ok(store_url, "checkin", "1", "Walk In Wanda", "--walk-in")
    assert "Marked 2 more people" in ok(store_url, "attended", "1", "Ana", "Raj")
    assert "Marked 0 more people" in ok(store_url, "attended", "1", "Ana")
    seating_csv = tmp_path / "seating.csv"
    ok(store_url, "seating", "1", "--round", "1", "--csv", str(seating_csv))
    table_of = {row["name"]: row["table"] for row in _csv_rows(seating_csv)}
    mates = [n for n in names if n != "Ana" and table_of[n] == table_of["Ana"]]
    # Wanda came after the seating: at the event, never at Ana's table
    code, _, err = salon(store_url, "feedback", "1", "Ana", "--learned-from", "Walk In Wanda")
    assert code == 1
    assert "Ana did not sit with Walk In Wanda" in err
    ok(store_url, "feedback", "1", "Ana", "--learned-from", mates[0], "--follow-up", "Lea")
    out = " ".join(ok(store_url, "summary", "1").split())
    assert "Feedback from 1 people: 1 learned-from answers" in out
    assert "1 follow-ups planned" in out
    assert f"Most learned from: {mates[0]} (1)" in out


def test_meetup_errors_go_to_stderr_with_exit_code_1(store_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,intent\nAna,learn\nRaj,networking\n", encoding="utf-8")
    ok(store_url, "create", "Long Table")
    code, out, err = salon(store_url, "member", "import", "Long Table", str(bad))
    assert code == 1
    assert f"{bad}, line 3, field 'intent': unknown intent 'networking'" in err
    assert json.loads(ok(store_url, "members", "Long Table", "--json")) == []
    code, _, err = salon(store_url, "event", "create", "Long Table", "--date", "2026-12-03",
                         "--tables", "2,two")  # fmt: skip
    assert code == 1
    assert "table 2: expected a size N or MIN-MAX, got 'two'" in err
    ok(store_url, "event", "create", "Long Table", "--date", "2026-12-03", "--tables", "2")
    code, _, err = salon(store_url, "seating", "1")
    assert code == 1
    assert "event 1 has no seating yet" in err
    for name in ("Ana", "Raj", "Mia"):
        ok(store_url, "member", "add", "Long Table", name, "--create")
        ok(store_url, "checkin", "1", name)
    code, out, err = salon(store_url, "seat", "1", "--time-limit", "0.2")
    assert code == 1
    assert "cannot seat event 1, rounds 1-1: 3 attendees but only 2 seats" in err
    assert "(constraint: capacity)" in err
    assert "Traceback" not in err + out
    code, _, err = salon(store_url, "summary", "1")
    assert code == 1
    assert "no seating yet" in err  # the refused seating stored nothing
    code, _, err = salon(store_url, "checkin", "99", "Ana")
    assert code == 1
    assert "no event with id 99" in err


def _commands(command: Any, path: str) -> list[tuple[str, Any]]:
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [(path, command)]
    return [
        found for name, sub in subcommands.items() for found in _commands(sub, f"{path} {name}")
    ]


def test_every_meetup_command_is_documented_with_an_example() -> None:
    commands = _commands(get_command(app).commands["meetup"], "salon meetup")  # type: ignore[attr-defined]
    assert {name for name, _ in commands} >= {
        "salon meetup create", "salon meetup member add", "salon meetup member import",
        "salon meetup members", "salon meetup event create", "salon meetup event list",
        "salon meetup rsvp",
        "salon meetup checkin", "salon meetup host", "salon meetup seat",
        "salon meetup seating", "salon meetup feedback", "salon meetup summary",
    }  # fmt: skip
    for name, command in commands:
        example = (command.help or "").split("Example:", 1)
        assert len(example) == 2, f"{name} has no example"
        assert example[1].strip().startswith(name), name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.opts[0]} has no help"


@pytest.mark.parametrize("args", [["seat", "--help"], ["seating", "-h"]])
def test_help_shows_the_example(args: list[str]) -> None:
    result = runner.invoke(app, ["meetup", *args])
    assert result.exit_code == 0
    assert "Example" in result.stdout
