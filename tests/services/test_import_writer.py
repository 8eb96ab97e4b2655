"""The bulk import writer stores exactly what matching and upserting one record at a time does.

The reference is the ORM path the importer used before (and member imports
still use): :func:`match_record` then :func:`upsert_record` per record, a
flush, and :func:`ensure_tie` to the user.  Both run on the same store, on
a generated file whose rows reveal overlapping parts of the same people
(addresses, profile URLs, namesakes at one organisation), so every rule of
matching, filling blanks and skipping clashing rows is exercised.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from sqlalchemy.orm import Session
from tests.services.builders import archive_text

from salon.db.models import Account
from salon.db.store import Store
from salon.errors import InputError
from salon.io import read_generic_csv
from salon.io.records import ParsedFile
from salon.services.accounts import me, owner_account
from salon.services.importing import ImportReport, import_file, match_record, upsert_record
from salon.services.ties import ensure_tie, tie_between

FIRSTS = ["Ana", "Raj", "Mei", "Kwame", "Lucía", "Tomáš", "Søren", "Emily"]
LASTS = ["López", "Patel", "Chen", "Mensah", "Novák"]
ORGS = ["Acme", "Globex", "Initech", "Hospital Clínic"]


def _people_file(path: Path, rng: random.Random, n_people: int, n_rows: int) -> Path:
    """Rows that each show a random part of one of ``n_people`` people."""
    people = [
        {
            "Name": f"{rng.choice(FIRSTS)} {rng.choice(LASTS)}",
            "Company": rng.choice(ORGS),
            "Email": f"p{i}@mail.example" if rng.random() < 0.5 else "",
            "URL": f"https://www.linkedin.com/in/p-{i}/" if rng.random() < 0.6 else "",
            "Industry": rng.choice(["Health", "Energy", "Design"]),
            "Tags": rng.choice(["meetup", "alumni; meetup", "investor"]),
            "Country": rng.choice(["Spain", "Ghana", "India"]),
            "Connected On": f"{rng.randint(2010, 2026)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        }
        for i in range(n_people)
    ]
    shown = {"Name": 1.0, "Company": 0.7, "Email": 0.6, "URL": 0.6}
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(people[0]))
        writer.writeheader()
        for _ in range(n_rows):
            person = rng.choice(people)
            writer.writerow(
                {k: v if rng.random() < shown.get(k, 0.4) else "" for k, v in person.items()}
            )
    return path


def _one_by_one(session: Session, owner: Account, parsed: ParsedFile, kind: str) -> ImportReport:
    """The reference: the ORM path, one record at a time."""
    report = ImportReport(source=kind, skipped=list(parsed.skipped))
    user = me(session, owner)
    for record in parsed.records:
        try:
            match = match_record(session, owner, record)
        except InputError:
            report.skipped.append(None)  # type: ignore[arg-type]
            continue
        person, outcome = upsert_record(session, owner, record, match)
        session.flush()
        setattr(report, outcome, getattr(report, outcome) + 1)
        if person.id != user.id:
            before = tie_between(session, owner, user, person)
            n_before = len(before.evidence) if before is not None else 0
            tie = ensure_tie(
                session,
                owner,
                user,
                person,
                evidence="stated",
                source_ref=f"import:{kind}",
                since=record.connected_on,
            )
            report.ties_added += len(tie.evidence) - n_before
    return report


def _counts(report: ImportReport) -> tuple[int, int, int, int, int]:
    return (
        report.created,
        report.updated,
        report.unchanged,
        report.n_skipped,
        report.ties_added,
    )


def test_bulk_import_stores_what_one_record_at_a_time_stores(
    store_url: str, tmp_path: Path, fixtures: Path
) -> None:
    rng = random.Random(11)
    files = [_people_file(tmp_path / f"people{i}.csv", rng, 120, 300) for i in range(2)]
    archives, counts = [], []
    for name in ("bulk", "reference"):
        store = Store(store_url) if name == "bulk" else Store(f"sqlite:///{tmp_path}/ref.sqlite")
        try:
            with store.transaction() as session:
                owner = owner_account(session, "me")
                import_file(session, owner, "vcard", fixtures / "io" / "contacts.vcf")
            reports = []
            for path in [*files, files[0]]:  # and the first file again
                with store.transaction() as session:
                    owner = owner_account(session, "me")
                    if name == "bulk":
                        report = import_file(session, owner, "csv", path, skip_bad_rows=True)
                    else:
                        parsed = read_generic_csv(path, None)
                        report = _one_by_one(session, owner, parsed, "csv")
                reports.append(_counts(report))
            counts.append(reports)
            archives.append(archive_text(store))
        finally:
            store.dispose()
    assert counts[0] == counts[1]
    # the rules are all exercised: new people, filled blanks, unchanged rows, clashes
    first, second, again = counts[0]
    assert first[0] > 50
    assert first[1] > 10
    assert second[1] > 10
    assert first[2] > 10
    assert first[3] + second[3] > 0
    # rows with only a name and an organisation that namesakes share stay ambiguous
    # (a new person each time, in both paths); the rest match what they created
    assert again[0] < first[0] / 5
    assert archives[0] == archives[1]


def test_an_import_reports_its_progress_up_to_every_row(store: Store, tmp_path: Path) -> None:
    path = _people_file(tmp_path / "people.csv", random.Random(3), 40, 60)
    seen: list[tuple[str, int, int]] = []
    with store.transaction() as session:
        report = import_file(
            session,
            owner_account(session, "me"),
            "csv",
            path,
            skip_bad_rows=True,
            progress=lambda stage, done, total: seen.append((stage, done, total)),
        )
    matching = [(done, total) for stage, done, total in seen if stage == "matching"]
    writing = [(done, total) for stage, done, total in seen if stage == "writing"]
    assert matching[-1] == (60, 60)
    assert writing[-1] == (report.created, report.created)
    assert [stage for stage, _, _ in seen] == sorted(
        (stage for stage, _, _ in seen), key=["matching", "writing"].index
    )
