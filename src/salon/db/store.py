"""Opening a store: engine, sessions, transactions and migrations.

A :class:`Store` wraps one SQLAlchemy engine.  ``store.transaction()`` is the
only way services write: it commits when the block ends and rolls back on any
exception, so a failed command leaves the database exactly as it was.

Writers on SQLite take the write lock up front (``BEGIN IMMEDIATE``), waiting
with back-off while another process holds it, and give up with
:class:`~salon.errors.StoreBusyError` after ``busy_timeout`` seconds; nothing
has been written by then.  pysqlite's own transaction handling is switched off
(it would run DDL outside any transaction), so every statement, migrations
included, runs inside the transaction salon began.

Migrations run in one transaction on both backends, under a lock (PostgreSQL
``pg_advisory_xact_lock``, SQLite's write lock) so that concurrent first users
wait for each other; the revision is read again once the lock is held.  A
SQLite store that an older salon left half-migrated (objects of a later
revision present, ``alembic_version`` behind) is repaired before upgrading:
see :func:`repair_half_migrated`.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from salon.errors import InputError, StoreBusyError, StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


#: seconds a writer waits for SQLite's write lock before StoreBusyError
DEFAULT_BUSY_TIMEOUT = 30.0
#: seconds one attempt waits inside SQLite's own busy handler
_SQLITE_ATTEMPT_TIMEOUT = 5.0
#: PostgreSQL advisory lock keys: (namespace, key) pairs salon alone uses
_LOCK_NAMESPACE = 0x5A10
_MIGRATION_LOCK = 0
#: the execution option saying how SQLite begins a transaction on a connection
_BEGIN = "salon_sqlite_begin"

T = TypeVar("T")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # salon begins every transaction itself (_sqlite_begin): pysqlite's implicit
    # BEGIN comes only before INSERT/UPDATE/DELETE, so DDL would autocommit
    # statement by statement and a killed migration would leave half a schema.
    dbapi_connection.isolation_level = None
    # WAL lets the web app read while the CLI writes; SQLite leaves foreign
    # keys off unless asked, and our cascades depend on them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """``BEGIN IMMEDIATE`` for writers (the write lock up front), plain ``BEGIN`` for readers."""
    mode = connection.get_execution_options().get(_BEGIN, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite saying another connection holds the lock it needs."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED and their extended codes
    return "database is locked" in str(orig)


def _retrying_while_busy(
    attempt: Callable[[], T],
    *,
    timeout: float,
    what: str,
    on_retry: Callable[[], None] | None = None,
) -> T:
    """``attempt()``, again with jittered exponential back-off while SQLite is busy.

    Only for an attempt that has written nothing when it fails (taking a lock).
    ``on_retry`` is called before each new attempt.  After ``timeout``
    seconds, :class:`StoreBusyError`.
    """
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        try:
            return attempt()
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreBusyError(
                    f"{what}: another program kept the store busy for {timeout:g} s; "
                    "nothing was written, run the command again"
                ) from None
            time.sleep(min(left, delay * random.uniform(0.5, 1.5)))
            delay = min(delay * 2, 1.0)
            if on_retry is not None:
                on_retry()


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


def create_store_engine(url: str, *, attempt_timeout: float = _SQLITE_ATTEMPT_TIMEOUT) -> Engine:
    """An engine for ``url``; SQLite files get their folder, WAL and foreign keys.

    ``attempt_timeout`` is how long one SQLite statement waits for a lock
    (SQLite's busy handler) before it fails as busy.

    Raises :class:`StoreError` for a URL that is not one, names an unknown
    database or a driver that is not installed, or a folder that cannot be made.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} ({exc})") from exc
    safe = parsed.render_as_string(hide_password=True)
    try:
        return _engine_for(url, parsed, attempt_timeout)
    except ArgumentError as exc:  # NoSuchModuleError included: an unknown dialect
        raise StoreError(f"cannot use the database URL {safe}: {exc}") from exc
    except ImportError as exc:  # the dialect exists but its driver is not installed
        raise StoreError(f"no driver for the database URL {safe}: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"cannot create the folder of the store {safe}: {exc}") from exc


def _engine_for(url: str, parsed: URL, attempt_timeout: float) -> Engine:
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": attempt_timeout})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # plain postgresql:// means psycopg 3 here, the driver salon installs
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


# Alembic is imported only to migrate: importing it costs a quarter of a second,
# and every command opens the store, which needs only the two revisions compared.


def alembic_config(
    connection: Connection | None = None, attributes: Mapping[str, Any] | None = None
) -> Config:
    """Alembic's configuration; ``connection`` is the one the migrations run on.

    ``attributes`` reach the migration scripts as ``context.config.attributes``.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes.update(attributes or {})
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest migration's revision.

    Every script is named after its revision (``0004_network_changes.py`` is
    revision ``0004``, revising ``0003``), so the highest prefix is the head;
    a test checks this against Alembic's own answer.
    """
    revisions = [p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")]
    return max(revisions, default=None)


def _revision_on(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if revision is None else str(revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for a database salon has not migrated)."""
    with engine.connect() as connection:
        return _revision_on(connection)


@contextmanager
def _migrating(engine: Engine, busy_timeout: float) -> Iterator[Connection]:
    """One connection in one transaction, holding the migration lock.

    PostgreSQL: a transaction-scoped advisory lock, so a second process waits
    here until the first has committed (or died, which releases it).  SQLite:
    the write lock, taken by ``BEGIN IMMEDIATE``, with the same wait.
    """
    writer = engine.execution_options(**{_BEGIN: "IMMEDIATE"})

    def begin() -> tuple[Connection, Any]:
        connection = writer.connect()
        try:
            return connection, connection.begin()
        except BaseException:
            connection.close()
            raise

    connection, transaction = _retrying_while_busy(
        begin, timeout=busy_timeout, what="cannot migrate the store"
    )
    with connection, transaction:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:namespace, :key)"),
                {"namespace": _LOCK_NAMESPACE, "key": _MIGRATION_LOCK},
            )
        yield connection


@contextmanager
def _migrated(
    engine: Engine,
    command_name: str,
    revision: str,
    busy_timeout: float,
    attributes: Mapping[str, Any] | None = None,
) -> Iterator[Connection]:
    """Migrate, then the connection still in the migration's transaction, which
    commits when the block ends (and rolls back, migrations included, on error)."""
    with _migrating(engine, busy_timeout) as connection:
        current = _revision_on(connection)  # again: another process may have migrated
        if not (command_name == "upgrade" and revision == "head" and current == head_revision()):
            from alembic import command

            repair_half_migrated(connection, current)
            getattr(command, command_name)(alembic_config(connection, attributes), revision)
        yield connection


def _migrate(engine: Engine, command_name: str, revision: str, busy_timeout: float) -> None:
    with _migrated(engine, command_name, revision, busy_timeout):
        pass


def upgrade(
    engine: Engine, revision: str = "head", *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> None:
    """Apply the Alembic migrations up to ``revision``: all of them, or none.

    Another process migrating the same store is waited for (``busy_timeout``
    seconds at most on SQLite); if it got there first, nothing is left to do.
    """
    _migrate(engine, "upgrade", revision, busy_timeout)


def downgrade(engine: Engine, revision: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
    """Undo the migrations after ``revision``: all of them, or none."""
    _migrate(engine, "downgrade", revision, busy_timeout)


# --- stores an older salon left half-migrated ---
#
# Before the migrations ran in one transaction, pysqlite committed SQLite DDL
# statement by statement: a killed first use or upgrade could leave the tables,
# indexes and triggers of revision N+1 beside an ``alembic_version`` still at N
# (or none at all), and every later upgrade failed on "table ... already
# exists".  Such leftovers are exactly the objects the schema at N lacks.


@functools.cache
def _sqlite_schema_at(revision: str | None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """name -> (type, columns) of every object a SQLite store at ``revision`` holds."""
    engine = create_store_engine("sqlite://")
    try:
        if revision is not None:
            upgrade(engine, revision)
        with engine.connect() as connection:
            return _sqlite_objects(connection)
    finally:
        engine.dispose()


def _sqlite_objects(connection: Connection) -> dict[str, tuple[str, tuple[str, ...]]]:
    rows = connection.execute(
        text(
            "SELECT type, name FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
        )
    ).all()
    objects = {}
    for kind, name in rows:
        columns: tuple[str, ...] = ()
        if kind == "table":
            info = connection.exec_driver_sql(f'PRAGMA table_info("{name}")').all()
            columns = tuple(sorted(str(row[1]) for row in info))
        objects[str(name)] = (str(kind), columns)
    return objects


def repair_half_migrated(connection: Connection, revision: str | None) -> list[str]:
    """Drop what an interrupted older migration left beyond ``revision``; return their names.

    Only on SQLite (PostgreSQL always ran its DDL in a transaction), and only
    objects salon's own migrations create (or Alembic's ``_alembic_tmp_``
    copies): any other table in the file is left alone.  Their content was
    written by the interrupted migration itself (no salon at ``revision`` knows
    them), so dropping them loses nothing.  A table of ``revision`` that is
    missing or has other columns cannot be repaired this way: StoreError.
    """
    if connection.dialect.name != "sqlite":
        return []
    present = _sqlite_objects(connection)
    if revision == head_revision() or (revision is None and not present):
        return []
    expected = _sqlite_schema_at(revision)
    known = set(_sqlite_schema_at(head_revision())) | set(expected)
    extras = [
        name
        for name in present
        if name not in expected and (name in known or name.startswith("_alembic_tmp_"))
    ]
    missing = sorted(n for n, (kind, _) in expected.items() if kind == "table" and n not in present)
    changed = sorted(
        n
        for n, (kind, columns) in expected.items()
        if kind == "table" and n in present and present[n][1] != columns
    )
    if missing or changed:
        problems = "; ".join(
            part
            for part in (
                f"tables missing: {', '.join(missing)}" if missing else "",
                f"tables with other columns: {', '.join(changed)}" if changed else "",
            )
            if part
        )
        raise StoreError(
            f"the store is not the schema of revision {revision} it claims ({problems}) and "
            "cannot be repaired automatically; move the file aside, then restore your last "
            "export into a new store: salon --db sqlite:///NEW.sqlite import json EXPORT.json"
        )
    order = {"trigger": 0, "view": 1, "index": 2, "table": 3}
    for name in sorted(extras, key=lambda n: order.get(present[n][0], 4)):
        kind = present[name][0]
        if (
            kind in order
            and connection.execute(
                text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": name}
            ).first()
        ):
            connection.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    return extras


#: ``Session.info`` key: True in a transaction that must not write, not even a cache
_READ_ONLY = "salon_read_only"


def keeps_caches(session: Session) -> bool:
    """Whether work in ``session`` may store what it computed to save time later.

    False in a read-only transaction (a web page's GET): a cache that is out
    of date is brought up to date in memory for that answer only; the write
    paths keep the stored caches current (see :mod:`salon.services.caches`).
    """
    return not session.info.get(_READ_ONLY, False)


class Store:
    """A database holding salon's records, migrated to the newest schema.

    ``busy_timeout`` is how many seconds a writer waits on SQLite for another
    process's write lock before :class:`StoreBusyError` (PostgreSQL writers
    lock rows, not the database, and wait as PostgreSQL decides).
    """

    def __init__(
        self, url: str, *, migrate: bool = True, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    ) -> None:
        self.url = url
        self.busy_timeout = busy_timeout
        #: how many times a write transaction found SQLite busy and tried again
        self.busy_retries = 0
        self.engine = create_store_engine(
            url, attempt_timeout=min(busy_timeout, _SQLITE_ATTEMPT_TIMEOUT)
        )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{_BEGIN: "IMMEDIATE"}), expire_on_commit=False
        )
        for sessions in (self._sessions, self._write_sessions):
            event.listen(sessions, "before_flush", _refuse_over_long_strings)
        if migrate:
            try:
                self.ensure_schema()
            except BaseException:
                self.engine.dispose()  # the caller never gets the store to dispose of
                raise

    def ensure_schema(self) -> None:
        """Migrate to the newest schema if the database is behind (first use included)."""
        try:
            if current_revision(self.engine) != head_revision():
                upgrade(self.engine, busy_timeout=self.busy_timeout)
        except OperationalError as exc:
            if is_busy(exc):
                raise self._busy("cannot migrate the store") from None
            raise StoreError(f"cannot open the store at {self.safe_url}: {exc.orig}") from exc

    @contextmanager
    def upgrading(self, **attributes: Any) -> Iterator[Session]:
        """Upgrade to the newest schema, then a session inside the upgrade's transaction.

        What the block writes commits with the migrations, or nothing does: for
        a repair that needs the newest schema (the ORM models describe only
        that one) and that a migration left to it.  ``attributes`` reach the
        migrations (``context.config.attributes``).
        """
        try:
            with _migrated(self.engine, "upgrade", "head", self.busy_timeout, attributes) as bind:
                session = Session(bind=bind, expire_on_commit=False)
                event.listen(session, "before_flush", _refuse_over_long_strings)
                with session:
                    yield session
                    session.flush()
        except OperationalError as exc:
            if is_busy(exc):
                raise self._busy("cannot migrate the store") from None
            raise

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def _busy(self, what: str, *, waited: bool = True) -> StoreBusyError:
        """The error for a busy store; ``waited=False`` when SQLite refused at once.

        (A transaction that read first cannot wait for the lock: SQLite refuses
        its first write if another program wrote since it began.)
        """
        how_long = f" for {self.busy_timeout:g} s" if waited else ""
        return StoreBusyError(
            f"{what}: the store {self.safe_url} stayed busy (another program is writing to it)"
            f"{how_long}; nothing was written, run the command again"
        )

    @contextmanager
    def transaction(self, *, write: bool = True, read_only: bool = False) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on error.

        On SQLite the write lock is taken before the block runs, so the block
        never fails half-way because another process writes; a lock still held
        after ``busy_timeout`` seconds is a :class:`StoreBusyError`.

        ``write=False`` is for work that mostly reads (a page, a report) and
        may write a little on the side (a cached snapshot): it runs beside
        another program's write instead of waiting for it, and takes the
        write lock only if it writes, when it may find the store busy.

        ``read_only=True`` (implies ``write=False``) is for a GET of the web
        app: the caches kept in the store (the network snapshot, stored
        embeddings) are used when current but never written, see
        :func:`keeps_caches`.
        """
        write = write and not read_only

        def begin() -> Session:
            session = (self._write_sessions if write else self._sessions)()
            session.info[_READ_ONLY] = read_only
            try:
                session.begin()
                session.connection()  # BEGIN IMMEDIATE now, not at the first statement
            except BaseException:
                session.close()
                raise
            return session

        try:
            session = _retrying_while_busy(
                begin,
                timeout=self.busy_timeout,
                what="cannot write to the store",
                on_retry=self._count_retry,
            )
        except StoreBusyError:
            raise self._busy("cannot write to the store") from None
        with session, self._busy_as_error("cannot write to the store"), _committing(session):
            yield session

    def _count_retry(self) -> None:
        self.busy_retries += 1

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing is committed.

        Closing the session (not rolling it back, which would expire them)
        leaves the objects read usable after the block, as after a transaction.
        """
        with self._sessions() as session, self._busy_as_error("cannot read the store"):
            yield session

    @contextmanager
    def _busy_as_error(self, what: str) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            if is_busy(exc):
                raise self._busy(what, waited=False) from None
            raise

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _committing(session: Session) -> Iterator[None]:
    """Commit the session's open transaction at the end, roll it back on error."""
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    session.commit()


def serialise_owner_writes(session: Session, owner_id: int) -> None:
    """Make this transaction the owner's only bulk writer until it ends.

    Imports call this first, so two imports of one file for one owner run one
    after the other and the second matches what the first stored instead of
    adding everyone again.  PostgreSQL: a transaction-scoped advisory lock
    keyed on the owner (other owners are not held up).  SQLite: nothing to do,
    :meth:`Store.transaction` already holds the database's write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:namespace, :key)"),
            {"namespace": _LOCK_NAMESPACE + 1, "key": owner_id},
        )
