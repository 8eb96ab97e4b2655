"""load_archive: an archive file read back, and a file that is not one refused with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.services.builders import build_rich_network

from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import owner_account
from salon.services.archive import export_archive, load_archive


def test_an_exported_archive_file_loads_back_into_an_empty_network(
    store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.reading() as session:
        archive = export_archive(session, owner_account(session, "me"))
    path = tmp_path / "salon-archive.json"
    path.write_text(json.dumps(archive, ensure_ascii=False), encoding="utf-8")
    with store.transaction() as session:
        counts = load_archive(session, owner_account(session, "copy"), path)
    assert counts["people"] == len(archive["people"])
    with store.reading() as session:
        copied = export_archive(session, owner_account(session, "copy"))
    assert [p["name"] for p in copied["people"]] == [p["name"] for p in archive["people"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # the importers' shared rules (salon.io.rules) word these
        ('{\n  "people": [,]\n}', r"archive.json, line 2: not JSON"),
        ("[1, 2]", "not a salon archive"),
        # a UTF-16 byte-order mark and nothing after it
        (b"\xff\xfe".decode("latin-1"), "archive.json: the file is empty"),
    ],
)
def test_a_file_that_is_not_an_archive_is_refused(
    store: Store, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "archive.json"
    path.write_text(content, encoding="latin-1" if "\xff" in content else "utf-8")
    with store.transaction() as session, pytest.raises(InputError, match=message):
        load_archive(session, owner_account(session, "me"), path)
