"""A command imports only what it uses: the heavy stacks stay out of a fresh process.

Each check runs the command in a new interpreter (the test process has long
imported everything) and lists which heavy modules it loaded.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salon.cli.lazy import cli_command
from salon.cli.main import SalonRoot, app

# the compiled seating solver, TF-IDF, the embedding model, plots, the web server,
# migrations (a store already at the newest schema needs none)
HEAVY = (
    "alembic",
    "numba",
    "salon.seating",
    "sklearn",
    "torch",
    "transformers",
    "sentence_transformers",
    "matplotlib",
    "uvicorn",
    "fastapi",
)

# runs `salon <args>` in-process in a fresh interpreter; prints its exit code,
# output, which of HEAVY it imported and which command modules
PROBE = """
import json, sys
from typer.testing import CliRunner
from salon.cli.main import SalonRoot, app
result = CliRunner().invoke(app, sys.argv[1:], prog_name="salon")
heavy = json.loads({heavy!r})
commands = sorted({{f"salon.cli.{{module}}" for module, _ in SalonRoot.places.values()}})
print(json.dumps({{
    "exit_code": result.exit_code,
    "output": result.output,
    "loaded": [m for m in heavy if m in sys.modules],
    "commands": [m for m in commands if m in sys.modules],
}}))
"""


def run_fresh(*args: str) -> tuple[str, list[str], list[str]]:
    """``salon <args>`` in a new interpreter: its output, the heavy modules and the
    command modules it loaded."""
    probe = PROBE.format(heavy=json.dumps(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["exit_code"] == 0, found["output"]
    return found["output"], found["loaded"], found["commands"]


def test_importing_the_cli_loads_no_heavy_stack() -> None:
    probe = f"import sys, salon.cli.main; print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# what neither `salon --version` nor `salon --help` may load: the store, the ORM, the
# settings, the numerical stack, and every command's module
STARTUP_HEAVY = (
    *HEAVY,
    "sqlalchemy",
    "sqlalchemy.orm",
    "salon.db.models",
    "pydantic_settings",
    "numpy",
    "scipy",
    "networkx",
)


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_load_no_store_orm_settings_or_numpy(args: list[str]) -> None:
    probe = PROBE.format(heavy=json.dumps(STARTUP_HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["exit_code"] == 0, found["output"]
    assert found["loaded"] == []
    assert found["commands"] == []  # help lists each command from its summary


def test_help_lists_every_command_with_its_own_summary() -> None:
    output, _, _ = run_fresh("--help")
    for command in ("person", "suggest", "meetup", "report", "analogies", "web", "note"):
        assert f" {command} " in output
    # the summaries help shows unloaded are each command's own first paragraph
    assert list(SalonRoot.summaries) == list(SalonRoot.places)
    for name, place in SalonRoot.places.items():
        command = cli_command(name, place)
        own = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
        assert SalonRoot.summaries[name] == own.strip(), name
        assert not command.hidden


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A small network: me, two contacts in finance, a friend of theirs in healthcare, an idea."""
    url = f"sqlite:///{tmp_path / 'salon.sqlite'}"
    runner = CliRunner()
    for args in (
        ["person", "add", "Ana", "--industry", "finance", "--attr", "country=ES"],
        ["person", "add", "Raj", "--industry", "finance", "--attr", "country=IN"],
        ["person", "add", "Mia", "--industry", "healthcare", "--expertise", "cold storage"],
        ["tie", "add", "Ana"],
        ["tie", "add", "Raj"],
        ["tie", "add", "Ana", "Mia"],
        ["idea", "add", "Shared lab freezer", "--problem", "Small labs waste reagents"],
    ):
        result = runner.invoke(app, ["--db", url, *args])
        assert result.exit_code == 0, result.output
    return url


@pytest.mark.parametrize(
    ("args", "shows", "module", "uses"),
    [
        (["person", "list"], "Mia", "people", []),
        (["report"], "Networking for ideas", "report", []),
        (["suggest", "reconnect"], "No dormant ties", "suggest", []),
        # matches contacts by the TF-IDF of their profiles, every time
        (["suggest", "introduce"], "Ana", "suggest", ["sklearn"]),
    ],
)
def test_a_command_loads_only_its_module_and_the_heavy_stack_it_uses(
    store_url: str, args: list[str], shows: str, module: str, uses: list[str]
) -> None:
    output, loaded, commands = run_fresh("--db", store_url, *args)
    assert shows in output
    assert commands == [f"salon.cli.{module}"]
    assert loaded == uses


def test_suggest_meet_imports_scikit_learn_only_to_compute_relevance(store_url: str) -> None:
    output, loaded, _ = run_fresh("--db", store_url, "suggest", "meet")
    assert "Mia" in output
    assert loaded == ["sklearn"]  # TF-IDF of Mia's profile against the open idea
    # the second time, the relevance kept beside the network snapshot is reused
    again, loaded, _ = run_fresh("--db", store_url, "suggest", "meet")
    assert again == output
    assert loaded == []
