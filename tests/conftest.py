"""Shared fixtures: the benchmark data beside the repository, and stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = Path(os.environ.get("SALON_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip where a clone has none."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"shared benchmark data not found at {SHARED_DATA} (only the team's checkout has it)"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep ``-m "not slow"`` a fast tier: long checks join the full run only.

    Tests on the shared benchmark data and the browser tests are long by
    nature; marking them here, not one by one, keeps a new such test out of
    the fast tier without anyone remembering to.
    """
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "shared_data" in fixtures or item.path.name.startswith("test_browser"):
            item.add_marker(pytest.mark.slow)


# --- stores: every database test runs on SQLite, and again on PostgreSQL ---

import shutil  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from salon.db.store import Store  # noqa: E402

POSTGRES_URL = os.environ.get(
    "SALON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_TEMPLATE = f"salon_template_{uuid.uuid4().hex[:8]}"
# the PostgreSQL variant of a database test belongs to the full run, not the fast tier
POSTGRES_TIER = (pytest.mark.postgres, pytest.mark.slow)


def _postgres_admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(
        POSTGRES_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated template database; each test copies it (fast) and drops its copy."""
    try:
        admin = _postgres_admin_engine()
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{_TEMPLATE}"'))
    except Exception as exc:  # any connection failure means: no PostgreSQL here
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({type(exc).__name__})")
    url = make_url(POSTGRES_URL).set(database=_TEMPLATE).render_as_string(hide_password=False)
    Store(url).dispose()
    yield _TEMPLATE
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test copies it.

    Running the eight migrations takes about 30 times as long as copying the
    file (measured 363 ms against 13 ms), and some 400 tests take a store;
    the migrations themselves are tested from an empty database in tests/db.
    """
    path = tmp_path_factory.mktemp("template") / "salon.sqlite"
    # disposed: the last connection checkpoints the WAL into the file and removes it
    Store(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=POSTGRES_TIER)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database URL: a SQLite file, or a PostgreSQL database,
    each copied from a template migrated once per session."""
    if request.param == "sqlite":
        path = tmp_path / "salon.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"salon_test_{uuid.uuid4().hex[:12]}"
    admin = _postgres_admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.dispose()
