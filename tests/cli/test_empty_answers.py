"""Every empty suggestion says what would fill it (SQLite and PostgreSQL)."""

from __future__ import annotations

from typer.testing import CliRunner

from salon.cli.main import app
from salon.services.suggestions import EMPTY_ANSWERS

runner = CliRunner()


def salon(store_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", store_url, *args])
    return result.exit_code, result.stdout


def test_empty_meet_introduce_panel_and_partners_say_what_would_fill_them(store_url: str) -> None:
    salon(store_url, "idea", "add", "Shared lab freezer", "--need", "logistics")
    code, out = salon(store_url, "suggest", "panel", "1")  # nobody stored yet
    assert " ".join(EMPTY_ANSWERS["panel"].split()) in " ".join(out.split())
    salon(store_url, "person", "add", "Ana López", "--org", "Biolab")
    salon(store_url, "tie", "add", "Ana López")
    for args, key in (
        (("suggest", "meet"), "meet"),
        (("suggest", "introduce"), "introduce"),
        (("suggest", "partners", "1"), "partners"),
    ):
        code, out = salon(store_url, *args)
        assert code == 0, out
        assert " ".join(EMPTY_ANSWERS[key].split()) in " ".join(out.split()), args
    assert "salon tie add" in EMPTY_ANSWERS["meet"]
