"""Which database the store lives in, and how a transaction on it begins.

``FOOTPRINT_STORE`` (or ``store`` under ``[footprint]`` in ``.streamlit/secrets.toml``) names
the store: a file path or ``sqlite:///…`` for the embedded default, ``postgresql://…`` for a
team. ``FOOTPRINT_WORKSPACE``, the setting of earlier releases, is still read as a file path.

Writers are serialised, so each one validates against the state it will commit on top of:
SQLite takes its write lock up front (``BEGIN IMMEDIATE``, WAL journal, synchronous commits);
PostgreSQL takes a transaction-scoped advisory lock. Readers never wait for writers: SQLite's
WAL and PostgreSQL's ``REPEATABLE READ`` each give a reader one committed snapshot.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent.parent
STORE_ENV = "FOOTPRINT_STORE"
PATH_ENV = "FOOTPRINT_WORKSPACE"  # the file path setting of releases before the team store
DEFAULT_PATH = ROOT / "workspace" / "footprint.sqlite"  # the folder is git-ignored
SECRETS = ROOT / ".streamlit" / "secrets.toml"
BUSY_TIMEOUT_MS = 30_000
LOCK_ATTEMPTS = 4
# One advisory lock key for every writer of a PostgreSQL store (any constant works; this spells "fprt").
WRITE_LOCK_KEY = 0x66707274
T = TypeVar("T")


def configured() -> str:
    """The store setting: ``$FOOTPRINT_STORE``, else secrets.toml's ``[footprint] store``, else the file path."""
    value = os.environ.get(STORE_ENV, "").strip()
    if not value and SECRETS.is_file():
        with SECRETS.open("rb") as handle:
            value = str(tomllib.load(handle).get("footprint", {}).get("store", "")).strip()
    if not value:
        value = os.environ.get(PATH_ENV, "").strip()
    return value or str(DEFAULT_PATH)


def default_path() -> Path:
    """``$FOOTPRINT_WORKSPACE`` when set, else ``workspace/footprint.sqlite`` under the repository."""
    configured_path = os.environ.get(PATH_ENV, "").strip()
    return Path(configured_path) if configured_path else DEFAULT_PATH


def store_url(value: str | os.PathLike | None = None) -> str:
    """A SQLAlchemy URL for a store setting (a path, ``sqlite:///…`` or ``postgresql://…``)."""
    value = configured() if value is None else value
    if isinstance(value, os.PathLike) or "://" not in str(value):
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    url = make_url(str(value))
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername == "sqlite" and url.database:
        return url.render_as_string(hide_password=False)
    raise ValueError(f"unsupported store {url.render_as_string()!r}: use a file path, sqlite:///… or postgresql://…")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` set up for the store's transactions (see the module docstring)."""
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "")
        path.parent.mkdir(parents=True, exist_ok=True)
        # A connection per operation, as the file may be shared between threads and forked processes.
        engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Transactions are begun explicitly, so a write can take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = FULL")  # a commit reported is a commit kept
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("footprint_write") else "BEGIN")


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _busy(exc: Exception) -> bool:
    message = str(getattr(exc, "orig", exc)).lower()
    return "locked" in message or "busy" in message


def _retrying(step: Callable[[], T]) -> T:
    """Run ``step``, retrying while another SQLite connection holds the lock past the busy timeout."""
    for attempt in range(LOCK_ATTEMPTS):
        try:
            return step()
        except (OperationalError, sqlite3.OperationalError) as exc:
            if not _busy(exc) or attempt == LOCK_ATTEMPTS - 1:
                raise
            time.sleep(0.1 * 2**attempt)  # busy_timeout already waited; back off before trying again
    raise AssertionError("unreachable")


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that holds the store's write lock from its start until it commits or rolls back."""
    with engine.connect() as conn:
        if is_postgres(engine):
            with conn.begin():
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
                yield conn
            return
        conn = conn.execution_options(footprint_write=True)
        transaction = _retrying(conn.begin)
        with transaction:
            yield conn


@contextlib.contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction: every query in it sees the same committed snapshot."""
    with engine.connect() as conn:
        if is_postgres(engine):
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin() as transaction:
            try:
                yield conn
            finally:
                transaction.rollback()


class ChangeWatch:
    """Tells whether a SQLite store's file changed: SQLite's ``PRAGMA data_version`` on one kept connection,
    which rises whenever another connection (of any thread or process) commits. This connection never writes,
    so every commit counts. Reading it costs microseconds; opening a connection for a query costs a millisecond.

    ``version()`` is the file's inode and that counter (None when the file is gone): equal versions mean no
    commit in between. Safe to share between threads; a forked process opens its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._inode = 0

    def version(self) -> tuple[int, int] | None:
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            return None
        with self._lock:
            # A file replaced under the same name has its own count: watch the new one.
            if self._conn is None or self._pid != os.getpid() or self._inode != inode:
                if self._conn is not None and self._pid == os.getpid():
                    self._conn.close()
                # Autocommit, so the connection holds no read transaction between calls.
                self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                self._pid, self._inode = os.getpid(), inode
            # fetchall steps the statement to its end, so no read transaction stays open to hold back checkpoints.
            return inode, self._conn.execute("PRAGMA data_version").fetchall()[0][0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None


def use_wal(engine: Engine) -> None:
    """Switch a SQLite store to WAL journaling (kept in the file), so readers never wait for a writer."""
    raw = engine.raw_connection()  # outside SQLAlchemy's transactions: SQLite refuses the switch within one
    try:
        mode = _retrying(lambda: raw.driver_connection.execute("PRAGMA journal_mode = WAL").fetchone()[0])
    finally:
        raw.close()
    if str(mode).lower() != "wal":
        raise RuntimeError(f"the store's database could not use WAL journaling (got {mode!r})")
