"""Opening a store: engine, sessions, transactions and migrations.

A :class:`Store` wraps one SQLAlchemy engine.  ``store.transaction()`` is the
only way services write: it commits when the block ends and rolls back on any
exception, so a failed command leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from salon.errors import InputError, StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the web app read while the CLI writes; SQLite leaves foreign
    # keys off unless asked, and our cascades depend on them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _refuse_over_long_strings(session: Session, _context: Any, _instances: Any) -> None:
    """Raise :class:`InputError` for a string longer than its column, before it is written.

    PostgreSQL refuses it with a driver error and SQLite silently keeps it;
    checking here makes both backends say the same, in salon's own terms.
    """
    for record in (*session.new, *session.dirty):
        for attribute in inspect(record).mapper.column_attrs:
            length = getattr(attribute.columns[0].type, "length", None)
            value = getattr(record, attribute.key, None)
            if length is not None and isinstance(value, str) and len(value) > length:
                table = type(record).__table__.name
                raise InputError(
                    f"{attribute.key} is {len(value)} characters long, at most {length} fit: "
                    f"{value[:40]!r}...",
                    field=f"{table}.{attribute.key}",
                )


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder, WAL and foreign keys.

    Raises :class:`StoreError` for a URL that is not one, names an unknown
    database or a driver that is not installed, or a folder that cannot be made.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} ({exc})") from exc
    safe = parsed.render_as_string(hide_password=True)
    try:
        return _engine_for(url, parsed)
    except ArgumentError as exc:  # NoSuchModuleError included: an unknown dialect
        raise StoreError(f"cannot use the database URL {safe}: {exc}") from exc
    except ImportError as exc:  # the dialect exists but its driver is not installed
        raise StoreError(f"no driver for the database URL {safe}: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"cannot create the folder of the store {safe}: {exc}") from exc


def _engine_for(url: str, parsed: URL) -> Engine:
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # plain postgresql:// means psycopg 3 here, the driver salon installs
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


# Alembic is imported only to migrate: importing it costs a quarter of a second,
# and every command opens the store, which needs only the two revisions compared.


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    """The newest migration's revision.

    Every script is named after its revision (``0004_network_changes.py`` is
    revision ``0004``, revising ``0003``), so the highest prefix is the head;
    a test checks this against Alembic's own answer.
    """
    revisions = [p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")]
    return max(revisions, default=None)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for a database salon has not migrated)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if revision is None else str(revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic migrations up to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


class Store:
    """A database holding salon's records, migrated to the newest schema."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = create_store_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _refuse_over_long_strings)
        if migrate:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        """Migrate to the newest schema if the database is behind (first use included)."""
        try:
            if current_revision(self.engine) != head_revision():
                upgrade(self.engine)
        except OperationalError as exc:
            raise StoreError(f"cannot open the store at {self.safe_url}: {exc.orig}") from exc

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing is committed.

        Closing the session (not rolling it back, which would expire them)
        leaves the objects read usable after the block, as after a transaction.
        """
        with self._sessions() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
