"""The layout is the architecture: imports point downward only.

The numerical cores import nothing from salon but each other's public cores
(recommend may use analytics and semantic); storage and formats never import
services; services never import the CLI or the web app.
"""

from __future__ import annotations

import ast
from collections.abc import Set as AbstractSet
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "salon"

# layer -> the salon layers it may import (besides itself, errors and config)
ALLOWED: dict[str, set[str]] = {
    "analytics": set(),
    "seating": set(),
    "semantic": set(),
    "recommend": {"analytics", "semantic"},
    "io": set(),
    "db": set(),
    "services": {"analytics", "seating", "semantic", "recommend", "io", "db"},
    "render": {"services", "io"},
    # the shells translate requests into service calls (errors, config and logs,
    # allowed to every layer, are what they translate with); `salon web` starts the app
    "cli": {"services", "web", "render"},
    "web": {"services", "render"},
}
# single modules a layer may use beyond its layers: the CLI cleans what it prints
# by the rule the importers clean what they store (one rule, not a copy of it)
ALLOWED_MODULES: dict[str, set[str]] = {"cli": {"salon.io.rules"}}
# the meetup shells wait for the one meetup service (issue 14), which gives them
# what they still take from below; no other file may join this list
PENDING: dict[str, set[str]] = {
    "cli/meetup.py": {"seating"},  # the solver's Progress type
}
PURE = {"analytics", "seating", "semantic", "recommend"}


def _salon_imports(path: Path, exempt: AbstractSet[str] = frozenset()) -> set[str]:
    """The salon layers ``path`` imports, besides the modules in ``exempt``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "salon" and len(parts) > 1 and name not in exempt:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_point_downward(layer: str) -> None:
    folder = PACKAGE / layer
    if not folder.is_dir():
        pytest.skip(f"salon.{layer} does not exist yet")
    allowed = ALLOWED[layer] | {layer, "errors", "config", "logs"}
    if layer in PURE:
        allowed -= {"config"}
    for path in folder.rglob("*.py"):
        pending = PENDING.get(str(path.relative_to(PACKAGE)), set())
        bad = _salon_imports(path, ALLOWED_MODULES.get(layer, set())) - allowed - pending
        assert not bad, f"{path.relative_to(PACKAGE)} imports salon.{sorted(bad)}"


def test_pure_cores_touch_no_database_or_files() -> None:
    forbidden = {"sqlalchemy", "alembic", "psycopg", "sqlite3"}
    for layer in PURE:
        for path in (PACKAGE / layer).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    roots = {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    roots = {node.module.split(".")[0]}
                else:
                    continue
                assert not roots & forbidden, (
                    f"{path.relative_to(PACKAGE)} imports {roots & forbidden}"
                )
