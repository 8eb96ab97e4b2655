"""The importers' shared rules from the command line: one line on stderr, exit 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from salon.cli.main import app

runner = CliRunner()


def salon(store_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, *args])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def test_hostile_files_are_refused_alike_by_every_import_command(
    store_url: str, tmp_path: Path
) -> None:
    empty_vcf, empty_csv = tmp_path / "empty.vcf", tmp_path / "empty.csv"
    empty_vcf.write_bytes(b"")
    empty_csv.write_bytes(b"\n\n")
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"format": "salon-archive/1", "owner": "Zoë"}'.encode("latin-1"))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 20_000 + "]" * 20_000, encoding="utf-8")
    negative = tmp_path / "negative.json"
    negative.write_text(
        json.dumps(
            {
                "format": "salon-archive/1",
                "people": [{"key": "p1", "me": True, "name": "me"}],
                "communities": [
                    {
                        "name": "Table",
                        "events": [
                            {
                                "key": "e1",
                                "title": "Dinner",
                                "starts_on": "2026-12-03",
                                "rounds": -3,
                            }
                        ],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    repeated = tmp_path / "repeated.csv"
    repeated.write_text("name,Company,company\nAna López,Biolab,Other\n", encoding="utf-8")
    cases = [
        (("import", "vcard", str(empty_vcf)), "empty.vcf: the file is empty"),
        (("import", "csv", str(empty_csv)), "empty.csv: the file is empty"),
        (("import", "json", str(latin)), "latin.json, line 1: not UTF-8"),
        (("import", "json", str(deep)), "deep.json: JSON nested more than 64 levels"),
        (
            ("import", "json", str(negative)),
            "negative.json, field 'communities[1].events[1].rounds': Input should be greater "
            "than or equal to 1, got -3",
        ),
        (
            ("import", "csv", str(repeated)),
            "repeated.csv, line 1, field 'company': the header names the column 'company' twice",
        ),
    ]
    for args, message in cases:
        code, out, err = salon(store_url, *args)
        assert code == 1, (args, out, err)
        assert err.startswith("error: "), err
        assert message in err, (args, err)
        assert "Traceback" not in err
    code, out, _ = salon(store_url, "person", "list", "--json")
    assert json.loads(out) == []


def test_an_archive_saved_as_utf16_imports(store_url: str, tmp_path: Path) -> None:
    code, _, err = salon(store_url, "person", "add", "Ana López", "--org", "Biolab")
    assert code == 0, err
    code, text, err = salon(store_url, "export", "json")
    assert code == 0, err
    utf16 = tmp_path / "archive.json"
    utf16.write_bytes(text.encode("utf-16"))
    code, out, err = salon(store_url, "--owner", "copy", "import", "json", str(utf16))
    assert code == 0, err
    assert "2 people" in out
