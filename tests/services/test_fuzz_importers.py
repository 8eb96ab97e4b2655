"""Fuzzing every importer with mutated real files, on SQLite and PostgreSQL.

Each example takes one of the real fixture files (or the archive of the rich
test network), mutates its text (control characters, quotes, a repeated
column, duplicated or lost lines, an oversized field, spreadsheet formulas),
writes it in some encoding and maybe truncates its bytes, then imports it
into a store in one transaction.  Whatever the file:

- the import either succeeds or raises a :class:`SalonError`, never another
  exception (no traceback);
- a refusal writes nothing: the store's row counts are those from before;
- a refusal names the file, and the line (or the archive's entry) and field
  where the file has them.

The default run tries a few dozen files per importer; ``-m slow`` runs the
variant with many more.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.services.builders import build_rich_network

from salon.db.models import Account, Member, Note, Person, PersonEmail, Tie
from salon.db.store import Store
from salon.errors import InputError, SalonError
from salon.io.rules import MAX_FIELD_CHARS
from salon.services.accounts import owner_account
from salon.services.archive import export_archive, import_archive, read_archive
from salon.services.importing import import_file
from salon.services.meetup import create_community, import_members
from salon.services.notes import import_notes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "io"
COMMUNITY = "Fuzz Table"

Importer = Callable[[Session, Account, Path], object]


def _kind(kind: str) -> Importer:
    def run(session: Session, owner: Account, path: Path) -> object:
        return import_file(session, owner, kind, path)

    return run


def _members(session: Session, owner: Account, path: Path) -> object:
    return import_members(session, owner, COMMUNITY, path)


def _notes(session: Session, owner: Account, path: Path) -> object:
    return import_notes(session, owner, path)


def _archive(session: Session, owner: Account, path: Path) -> object:
    # an archive goes into an empty network: a new owner per example
    fresh = owner_account(session, f"fuzz-{uuid.uuid4().hex[:8]}")
    return import_archive(session, fresh, read_archive(path), source=path)


IMPORTERS: dict[str, tuple[str, Importer]] = {
    "linkedin": ("linkedin_connections.csv", _kind("linkedin")),
    "linkedin-2019": ("linkedin_connections_2019.csv", _kind("linkedin")),
    "google": ("google_contacts.csv", _kind("google")),
    "google-legacy": ("google_contacts_legacy.csv", _kind("google")),
    "csv": ("people_generic.csv", _kind("csv")),
    "vcard": ("contacts.vcf", _kind("vcard")),
    "notes": ("notes.jsonl", _notes),
    "members": ("people_common_names.csv", _members),
    "archive": ("archive.json", _archive),
    # the archive again, one value anywhere in the document replaced
    "archive-values": ("archive.json", _archive),
}

# refusals about the file as a whole, which has no line to name
_WHOLE_FILE = ("the file is empty", "MAX_FILE_BYTES", "not a salon archive", "broken UTF-")

CONTROLS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1b]0;x\x07", "\x7f", "\x85",
            "\x9b", "\u2028", "\u202e", "\r", "\ufeff"]  # fmt: skip
FORMULAS = ['=HYPERLINK("http://evil.example")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-be", "latin-1", "cp1252"]


@st.composite
def mutated(draw: st.DrawFn, original: str) -> bytes:
    """``original`` after one to three mutations, encoded, maybe truncated."""
    text = original
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        at = draw(st.integers(0, len(text)))
        line = draw(st.integers(0, max(len(lines) - 1, 0)))
        how = draw(
            st.sampled_from(
                ["control", "quote", "unquote", "repeat column", "duplicate line", "drop line",
                 "truncate", "oversized", "formula", "text", "blank"]
            )
        )  # fmt: skip
        if how == "control":
            text = text[:at] + draw(st.sampled_from(CONTROLS)) + text[at:]
        elif how == "quote":
            text = text[:at] + '"' + text[at:]
        elif how == "unquote" and '"' in text:
            cut = text.index('"', draw(st.integers(0, text.rindex('"'))))
            text = text[:cut] + text[cut + 1 :]
        elif how == "repeat column":
            cells = lines[line].rstrip("\r").split(",")
            lines[line] = lines[line].rstrip("\r") + "," + cells[0]
            text = "\n".join(lines)
        elif how == "duplicate line":
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        elif how == "drop line":
            del lines[line]
            text = "\n".join(lines)
        elif how == "truncate":
            text = text[:at]
        elif how == "oversized":
            text = text[:at] + "x" * (MAX_FIELD_CHARS + 1) + text[at:]
        elif how == "formula":
            text = text[:at] + draw(st.sampled_from(FORMULAS)) + text[at:]
        elif how == "text":
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
        elif how == "blank":
            text = draw(st.sampled_from(["", " ", "\n\n", "\r\n \t"]))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.text(alphabet="xyz", min_size=250, max_size=400),
    st.sampled_from(["p1", "p99", "", "2026-02-30", "javascript:alert(1)", "-3", "e1"]),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(st.sampled_from(["key", "name", "a", "x"]), st.integers(), max_size=2),
)


@st.composite
def revalued(draw: st.DrawFn, original: str) -> bytes:
    """The archive ``original`` with one to three values replaced by others."""
    document = json.loads(original)
    for _ in range(draw(st.integers(1, 3))):
        places: list[tuple[Any, Any]] = []
        stack: list[Any] = [document]
        while stack:
            node = stack.pop()
            pairs = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in pairs:
                places.append((node, key))
                if isinstance(value, dict | list):
                    stack.append(value)
        node, key = draw(st.sampled_from(places))
        node[key] = draw(JSON_VALUES)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _counts(store: Store) -> tuple[int, ...]:
    with store.reading() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Account, Person, PersonEmail, Tie, Note, Member)
        )


@pytest.fixture(scope="module")
def archive_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The rich test network's archive, built once on SQLite."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'rich.sqlite'}")
    try:
        with store.transaction() as session:
            build_rich_network(session, owner_account(session, "me"))
        with store.reading() as session:
            document: dict[str, Any] = export_archive(session, owner_account(session, "me"))
    finally:
        store.dispose()
    return json.dumps(document, ensure_ascii=False, indent=2)


def _fuzz(store: Store, tmp_path: Path, name: str, archive: str, examples: int) -> None:
    fixture, importer = IMPORTERS[name]
    original = archive if fixture == "archive.json" else (FIXTURES / fixture).read_text("utf-8-sig")
    with store.transaction() as session:
        create_community(session, owner_account(session, "me"), COMMUNITY)
    path = tmp_path / fixture

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=revalued(original) if name == "archive-values" else mutated(original))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        before = _counts(store)
        refusal: SalonError | None = None
        try:
            with store.transaction() as session:
                importer(session, owner_account(session, "me"), path)
        except SalonError as error:
            refusal = error
        if refusal is None:
            assert _counts(store) >= before
            return
        assert _counts(store) == before, f"a refused file wrote rows: {refusal}"
        assert isinstance(refusal, InputError), repr(refusal)
        assert refusal.source == str(path), str(refusal)
        if not any(phrase in refusal.message for phrase in _WHOLE_FILE):
            assert refusal.line is not None or refusal.field is not None, str(refusal)

    check()


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_every_importer_refuses_mutated_files_cleanly(
    store: Store, tmp_path: Path, archive_text: str, name: str
) -> None:
    _fuzz(store, tmp_path, name, archive_text, examples=25)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_every_importer_refuses_many_mutated_files_cleanly(
    store: Store, tmp_path: Path, archive_text: str, name: str
) -> None:
    _fuzz(store, tmp_path, name, archive_text, examples=400)
