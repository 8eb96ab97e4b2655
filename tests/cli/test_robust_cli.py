"""The CLI under trouble: bad settings, a busy store, ids and queries out of range."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salon.cli.main import app

runner = CliRunner()


def salon(store_url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, *args], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'salon.sqlite'}"


def test_log_level_option_and_variable_set_salons_logger(sqlite_url: str) -> None:
    assert salon(sqlite_url, "--log-level", "info", "person", "list")[0] == 0
    assert logging.getLogger("salon").level == logging.INFO
    assert salon(sqlite_url, "person", "list", env={"SALON_LOG_LEVEL": "ERROR"})[0] == 0
    assert logging.getLogger("salon").level == logging.ERROR


def test_an_unknown_log_level_is_one_line_naming_the_choices(sqlite_url: str) -> None:
    code, out, err = salon(sqlite_url, "--log-level", "chatty", "person", "list")
    assert code == 2
    assert "'chatty' is not one of" in err
    assert "DEBUG" in err
    assert "CRITICAL" in err
    assert "Traceback" not in out + err


def test_a_bad_salon_variable_is_one_line_naming_it(sqlite_url: str) -> None:
    code, out, err = salon(sqlite_url, "person", "list", env={"SALON_BUSY_TIMEOUT": "-1"})
    assert code == 1
    assert "SALON_BUSY_TIMEOUT" in err
    assert "Traceback" not in out + err


def test_a_write_while_another_program_writes_is_one_line_after_the_busy_timeout(
    sqlite_url: str,
) -> None:
    assert salon(sqlite_url, "person", "add", "Ana")[0] == 0
    writer = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # e.g. a long import
    try:
        code, out, err = salon(
            sqlite_url, "person", "add", "Raj", env={"SALON_BUSY_TIMEOUT": "0.5"}
        )
        # commands that read go on meanwhile (WAL), without waiting
        listed = salon(sqlite_url, "person", "list", env={"SALON_BUSY_TIMEOUT": "0.5"})
        report = salon(sqlite_url, "report", env={"SALON_BUSY_TIMEOUT": "0.5"})
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert code == 1
    assert "stayed busy (another program is writing to it) for 0.5 s" in err
    assert "run the command again" in err
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1
    assert listed[0] == 0
    assert "Ana" in listed[1]
    assert report[0] == 0, report[2]
    assert "Raj" not in salon(sqlite_url, "person", "list")[1]  # nothing of the refused write


@pytest.mark.parametrize("ref", ["2147483648", "99999999999999999999"])
def test_person_show_of_an_id_no_record_can_have_says_not_found(store_url: str, ref: str) -> None:
    code, out, err = salon(store_url, "person", "show", ref)
    assert code == 1
    assert f"no person with id {ref}" in err
    assert "Traceback" not in out + err


def test_idea_and_event_ids_out_of_range_say_not_found(store_url: str) -> None:
    for command in (["idea", "show", "99999999999999999999"], ["meetup", "summary", "2147483648"]):
        code, out, err = salon(store_url, *command)
        assert code == 1, command
        assert "no " in err
        assert "Traceback" not in out + err


def test_an_oversized_search_is_one_line_naming_the_limit(sqlite_url: str) -> None:
    code, _, err = salon(sqlite_url, "person", "list", "--search", "a" * 65536)
    assert code == 1
    assert "a search is at most 300 characters, this one has 65536" in err
