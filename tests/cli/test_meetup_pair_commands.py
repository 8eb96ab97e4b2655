"""``salon meetup apart / together / pairs / unpair`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.cli.test_meetup import MEMBERS_CSV, ok, salon


def _seating(store_url: str, path: Path) -> dict[tuple[str, str], str]:
    """(round, name) → table, from ``salon meetup seating --csv``."""
    ok(store_url, "seating", "1", "--csv", str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        return {(row["round"], row["name"]): row["table"] for row in csv.DictReader(handle)}


def test_an_organiser_keeps_people_apart_and_together_and_the_seating_obeys(
    store_url: str, tmp_path: Path
) -> None:
    members = tmp_path / "members.csv"
    members.write_text(MEMBERS_CSV, encoding="utf-8")
    ok(store_url, "create", "Long Table")
    ok(store_url, "member", "import", "Long Table", str(members))
    ok(store_url, "event", "create", "Long Table", "--date", "2026-12-03", "--tables", "3,3",
       "--rounds", "2")  # fmt: skip
    for name in ("Ana López", "Raj Patel", "Mia Chen", "Tom Berg", "Lea Roth", "Ola Nowak"):
        ok(store_url, "checkin", "1", name)

    out = ok(store_url, "apart", "Long Table", "Raj Patel", "mia@port.nl")
    assert "Raj Patel and Mia Chen are now kept apart at every event." in " ".join(out.split())
    out = ok(store_url, "apart", "Long Table", "Mia Chen", "Raj Patel")
    assert "already kept apart" in out
    ok(store_url, "together", "Long Table", "Tom Berg", "Ola Nowak")
    listed = json.loads(ok(store_url, "pairs", "Long Table", "--json"))
    assert [(p["kind"], [x["name"] for x in p["people"]]) for p in listed] == [
        ("apart", ["Raj Patel", "Mia Chen"]),
        ("together", ["Tom Berg", "Ola Nowak"]),
    ]
    assert "2 pairs" in ok(store_url, "pairs", "Long Table")

    ok(store_url, "seat", "1", "--max-iterations", "2000")
    seats = _seating(store_url, tmp_path / "seating.csv")
    for r in ("1", "2"):
        assert seats[(r, "Raj Patel")] != seats[(r, "Mia Chen")]
        assert seats[(r, "Tom Berg")] == seats[(r, "Ola Nowak")]

    # Errors: exit code 1, the reason on stderr, nothing stored.
    code, _, err = salon(store_url, "together", "Long Table", "Raj Patel", "Mia Chen")
    assert code == 1
    assert "Raj Patel and Mia Chen are already kept apart" in err
    code, _, err = salon(store_url, "apart", "Long Table", "Ana López", "ana@biolab.org")
    assert code == 1
    assert "expected two different people, got Ana López" in err
    code, _, err = salon(store_url, "apart", "Long Table", "Ana López", "Nobody Known")
    assert code == 1
    assert "no person called 'Nobody Known'" in err
    # Three who must all be apart, at two tables: the solver's refusal names them.
    ok(store_url, "apart", "Long Table", "Raj Patel", "Lea Roth")
    ok(store_url, "apart", "Long Table", "Mia Chen", "Lea Roth")
    code, _, err = salon(store_url, "seat", "1", "--max-iterations", "2000")
    assert code == 1
    assert "constraint: keep_apart" in err
    assert "the organiser keeps apart: Raj Patel and Mia Chen" in err

    out = ok(store_url, "unpair", "Long Table", "Lea Roth", "Mia Chen")
    assert "Mia Chen and Lea Roth are no longer kept apart." in " ".join(out.split())
    code, _, err = salon(store_url, "unpair", "Long Table", "Lea Roth", "Mia Chen")
    assert code == 1
    assert "neither kept apart nor together" in err
    ok(store_url, "seat", "1", "--max-iterations", "2000")
    assert len(json.loads(ok(store_url, "pairs", "Long Table", "--json"))) == 3
