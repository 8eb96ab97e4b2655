"""Shared notes, one JSON object per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salon.errors import InputError
from salon.io import NoteRecord, read_notes_jsonl


def test_every_note_is_read_with_its_line(fixtures: Path) -> None:
    path = fixtures / "io" / "notes.jsonl"
    expected = [
        (n, json.loads(line))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip()
    ]
    notes = read_notes_jsonl(path).records
    assert [(note.line, note.ref, note.person, note.text) for note in notes] == [
        (n, str(obj["id"]), obj["person"], obj["text"]) for n, obj in expected
    ]
    assert notes[0] == NoteRecord(
        ref="n-001",
        person="Ana López",
        role="hospital innovation lead",
        domain="healthcare",
        text=expected[0][1]["text"],
        source=str(path),
        line=1,
    )
    assert (notes[2].ref, notes[2].role) == ("3", None)  # numeric id kept as text
    assert (notes[3].role, notes[3].domain) == (None, None)  # absent keys


def test_bad_lines_raise_by_default_and_are_listed_when_skipped(fixtures: Path) -> None:
    path = fixtures / "io" / "malformed" / "notes_bad.jsonl"
    with pytest.raises(InputError, match="not JSON") as caught:
        read_notes_jsonl(path)
    assert (caught.value.source, caught.value.line) == (str(path), 2)
    parsed = read_notes_jsonl(path, skip_bad_rows=True)
    assert [note.ref for note in parsed.records] == ["n-001"]
    assert [(i.line, i.field) for i in parsed.skipped] == [
        (2, None),
        (3, "person"),
        (4, None),
        (5, "domain"),
    ]
    assert "JSON object" in parsed.skipped[2].message
    assert "7" in parsed.skipped[3].message
