"""Importing shared notes, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from salon.db.models import Note, Person
from salon.db.store import Store
from salon.errors import InputError, NotFoundError
from salon.services.accounts import owner_account
from salon.services.notes import import_notes, list_notes
from salon.services.people import PersonFields, add_person, get_person, list_people


def _counts(store: Store) -> tuple[int, int]:
    with store.reading() as session:
        notes = session.scalar(select(func.count()).select_from(Note))
        people = session.scalar(select(func.count()).select_from(Person))
    return int(notes or 0), int(people or 0)


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def test_import_creates_notes_matches_known_people_and_creates_the_others(
    store: Store, fixtures: Path
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = add_person(session, owner, PersonFields(name="Ana Lopez", industry="healthcare"))
        report = import_notes(session, owner, fixtures / "io" / "notes.jsonl")
    assert (report.created, report.updated, report.unchanged, report.n_skipped) == (4, 0, 0, 0)
    assert report.people_created == 3, "Ana López is matched by her name, accents aside"
    with store.reading() as session:
        owner = owner_account(session, "me")
        notes = {n.ref: n for n in list_notes(session, owner)}
        assert sorted(notes) == ["3", "n-001", "n-002", "n-004"], "an integer id keeps its value"
        assert notes["n-001"].person_id == ana.id
        assert get_person(session, owner, "Ana Lopez").role == "hospital innovation lead"
        soren = get_person(session, owner, "Søren Kierkegaard-Holm")
        assert soren.role == "blade design engineer"
        # A created author speaks from their note's field: an inferred industry.
        assert soren.industry == "wind energy"
        inferred = soren.inferred("industry")
        assert inferred is not None
        assert inferred.method == "note"
        assert "n-002" in inferred.source
        assert get_person(session, owner, "Lucía Fernández Ruiz").industry is None
        assert get_person(session, owner, "Ana Lopez").inferred("industry") is None
        assert notes["n-002"].domain == "wind energy"
        assert notes["n-004"].domain is None
        assert notes["n-004"].role is None
        assert notes["3"].person == "Kwame Mensah"
        assert [n.ref for n in list_notes(session, owner, domain="Wind Energy")] == ["n-002"]
        assert [n.ref for n in list_notes(session, owner, person="Kwame Mensah")] == ["3"]
        with pytest.raises(NotFoundError):
            list_notes(session, owner, person="Nobody Here")


def test_re_import_updates_by_id_instead_of_duplicating(
    store: Store, fixtures: Path, tmp_path: Path
) -> None:
    source = fixtures / "io" / "notes.jsonl"
    with store.transaction() as session:
        import_notes(session, owner_account(session, "me"), source)
    counts = _counts(store)
    with store.transaction() as session:
        again = import_notes(session, owner_account(session, "me"), source)
    assert (again.created, again.updated, again.unchanged, again.people_created) == (0, 0, 4, 0)
    assert _counts(store) == counts

    rows = [json.loads(line) for line in source.read_text("utf-8").splitlines() if line.strip()]
    rows[0]["text"] = "Theatre changeovers now follow a rehearsed pit-stop sequence."
    rows.append({"id": "n-005", "person": "Kwame Mensah", "domain": "music", "text": "Jam first."})
    with store.transaction() as session:
        changed = import_notes(
            session, owner_account(session, "me"), _write(tmp_path / "n.jsonl", rows)
        )
    assert (changed.created, changed.updated, changed.unchanged) == (1, 1, 3)
    assert changed.people_created == 0
    with store.reading() as session:
        notes = {n.ref: n for n in list_notes(session, owner_account(session, "me"))}
    assert len(notes) == 5
    assert notes["n-001"].text.startswith("Theatre changeovers")


def test_a_bad_file_changes_nothing_and_skip_bad_rows_keeps_the_good_lines(
    store: Store, fixtures: Path, tmp_path: Path
) -> None:
    with store.transaction() as session:
        import_notes(session, owner_account(session, "me"), fixtures / "io" / "notes.jsonl")
    before = _counts(store)
    with store.reading() as session:
        texts_before = [n.text for n in list_notes(session, owner_account(session, "me"))]
    bad = shutil.copy(fixtures / "io" / "malformed" / "notes_bad.jsonl", tmp_path / "bad.jsonl")
    with pytest.raises(InputError, match=r"bad\.jsonl, line 2: not JSON"):
        with store.transaction() as session:
            import_notes(session, owner_account(session, "me"), bad)
    assert _counts(store) == before
    with store.reading() as session:
        assert [n.text for n in list_notes(session, owner_account(session, "me"))] == texts_before

    with store.transaction() as session:
        report = import_notes(session, owner_account(session, "me"), bad, skip_bad_rows=True)
    assert [issue.line for issue in report.skipped] == [2, 3, 4, 5]
    assert (report.created, report.updated) == (0, 1), "line 1 shortens note n-001"
    with store.reading() as session:
        notes = {n.ref: n for n in list_notes(session, owner_account(session, "me"))}
    assert notes["n-001"].text == "Pit-stop choreography in the operating theatre."


def test_an_id_given_twice_or_an_ambiguous_person_is_refused_with_its_line(
    store: Store, tmp_path: Path
) -> None:
    twice = _write(
        tmp_path / "twice.jsonl",
        [
            {"id": "a", "person": "Mia Chen", "text": "First."},
            {"id": "a", "person": "Mia Chen", "text": "Second."},
        ],
    )
    with pytest.raises(InputError, match=r"line 2, field 'id': id 'a' was already given at line 1"):
        with store.transaction() as session:
            import_notes(session, owner_account(session, "me"), twice)
    assert _counts(store) == (0, 0), "nothing written, not even the account"
    with store.transaction() as session:
        report = import_notes(session, owner_account(session, "me"), twice, skip_bad_rows=True)
    assert (report.created, [i.line for i in report.skipped]) == (1, [2])

    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_person(session, owner, PersonFields(name="Raj Patel", organization="TCS"))
        add_person(session, owner, PersonFields(name="Raj Patel", organization="Infosys"))
    ambiguous = _write(tmp_path / "amb.jsonl", [{"id": "b", "person": "Raj Patel", "text": "Hi."}])
    with pytest.raises(InputError, match=r"amb\.jsonl, line 1, field 'person'.*ambiguous"):
        with store.transaction() as session:
            import_notes(session, owner_account(session, "me"), ambiguous)
    with store.reading() as session:
        owner = owner_account(session, "me")
        assert [p.name for p in list_people(session, owner)].count("Raj Patel") == 2
        assert [n.ref for n in list_notes(session, owner)] == ["a"]
