"""Record what the CLI prints on the demo store, to compare two versions of salon.

Usage (once per version, into the same folder, which a run empties; Rich sizes
the demo's panel to the store's path, so keep the path)::

    PYTHONPATH=src python scripts/cli_outputs.py /tmp/cli && mv /tmp/cli /tmp/before
    (the other version) ... && mv /tmp/cli /tmp/after
    diff -r -x '*.sqlite*' /tmp/before /tmp/after

"No behaviour change" means the folders are equal.  The demo's own output
seats next week's meetup against a time limit, so its seated column may differ
from run to run; every meetup command below is deterministic (``seat`` runs a
fixed number of iterations with a fixed seed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

os.environ["COLUMNS"] = "160"  # Rich reads the width when the console is created

from typer.testing import CliRunner

from salon.cli.main import app

MEMBERS_CSV = (
    "name,email,organization,industry,intent,country\n"
    "Ana Import,ana@import.org,Biolab,biotech,learn,ES\n"
    "Raj Import,raj@import.io,Paylane,fintech,pitch,IN\n"
    "Mia Import,mia@import.nl,Port,logistics,,NL\n"
)
BAD_CSV = "name,email,intent\nBad Row,bad@x.org,lurk\n"


def main(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    store = out / "demo.sqlite"
    runner = CliRunner()
    counter = iter(range(1000))

    def run(*args: str, name: str | None = None) -> str:
        result = runner.invoke(app, ["--db", f"sqlite:///{store}", *args])
        # the demo's seated-by-salon column depends on its time limit, and so its time
        stdout = re.sub(
            r"(Seated 3 rounds|seated '[^']*') in [\d.]+ s", r"\1 in T s", result.stdout
        ).replace(str(out), "OUT")
        stderr = result.stderr.replace(str(out), "OUT")
        label = name or "_".join(re.sub(r"[^\w-]", "", a)[:20] for a in args[:3])
        command = " ".join(args).replace(str(out), "OUT")
        (out / f"{next(counter):03d}_{label}.txt").write_text(
            f"$ salon {command}\nexit {result.exit_code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
            encoding="utf-8",
        )
        return result.stdout

    run("demo", "--path", str(store), name="demo")
    run("meetup", "members", "1")
    members = json.loads(run("meetup", "members", "1", "--json"))
    run("meetup", "event", "list", "1")
    events = json.loads(run("meetup", "event", "list", "1", "--json"))
    for event in events:
        if event["title"].endswith("next week"):
            continue  # seated by the demo against a time limit
        e = str(event["id"])
        run("meetup", "seating", e)
        run("meetup", "summary", e)
        run("meetup", "summary", e, "--json")
    last = str(events[-2]["id"])  # the last hand-seated week
    run("meetup", "seating", last, "--json")
    run("meetup", "seating", last, "--round", "2", "--csv", str(out / "seating.csv"))
    run("meetup", "seating", last, "--html", str(out / "cards.html"))
    run("meetup", "event", "create", "1", "--date", "2027-01-07", "--tables", "6,6,4-6,5")
    run("meetup", "event", "create", "1", "--date", "2027-01-07", "--tables", "6,0,x")
    created = run(
        "meetup", "event", "create", "1", "--date", "2027-01-14", "--tables", "6,6,6,5",
        "--rounds", "3", "--title", "Winter table", "--venue", "The Hall",
    )  # fmt: skip
    event_id = re.search(r"Created event (\d+)", created)
    assert event_id is not None, created
    e = event_id.group(1)
    ids = [str(m["id"]) for m in members]
    for ref in ids[:20]:
        run("meetup", "rsvp", e, ref)
    run("meetup", "rsvp", e, ids[20], "maybe")
    run("meetup", "rsvp", e, ids[21], "no")
    run("meetup", "rsvp", e, ids[21], "perhaps")
    run("meetup", "host", e, "1", ids[0])
    run("meetup", "host", e, "9", ids[0])
    run("meetup", "apart", "1", ids[1], ids[2])
    run("meetup", "together", "1", ids[3], ids[4])
    run("meetup", "pairs", "1")
    run("meetup", "seat", e, "--max-iterations", "3000", "--seed", "1")
    run("meetup", "seating", e)
    run("meetup", "summary", e)
    for ref in ids[:12]:
        run("meetup", "checkin", e, ref)
    run("meetup", "checkin", e, "Walk In Wanda")
    run("meetup", "checkin", e, "Walk In Wanda", "--walk-in")
    run("meetup", "attended", e, *ids[12:18])
    run("meetup", "seat", e, "--from-round", "2", "--max-iterations", "2000", "--seed", "2")
    run("meetup", "seating", e, "--json")
    view = json.loads(run("meetup", "seating", e, "--json"))
    table = next(t for t in view["tables"] if len(t["people"]) >= 3)
    first, mate = (str(p["person_id"]) for p in table["people"][:2])
    run("meetup", "feedback", e, first, "--learned-from", mate, "--follow-up", ids[5])
    run("meetup", "feedback", e, first)
    run("meetup", "summary", e)
    run("meetup", "summary", e, "--json")
    run("meetup", "unpair", "1", ids[1], ids[2])
    run("meetup", "member", "add", "1", "Newcomer Nia")
    run("meetup", "member", "add", "1", "Newcomer Nia", "--create", "--intent", "pitch",
        "--industry", "fintech")  # fmt: skip
    run("meetup", "member", "add", "1", ids[6], "--intent", "learn", "--org", "Elsewhere")
    (out / "members.csv").write_text(MEMBERS_CSV, encoding="utf-8")
    (out / "bad.csv").write_text(BAD_CSV, encoding="utf-8")
    run("meetup", "member", "import", "1", str(out / "members.csv"))
    run("meetup", "member", "import", "1", str(out / "bad.csv"))
    run("meetup", "members", "1")
    run("meetup", "event", "list", "1", "--json")
    run("export", "json", "--output", str(out / "archive.json"))
    # check-in times are the clock's, and the demo's next week is seated against time
    (out / "archive.json").unlink()
    run("report")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
