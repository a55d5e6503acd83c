"""SQLiteStore: the store in one SQLite file (standard-library sqlite3, WAL journal, FTS5 search)."""

from __future__ import annotations

import os
import sqlite3
import time
from urllib.request import pathname2url

from warta.errors import StoreError
from warta.store.backfill import DATA_STEPS
from warta.store.connection import SQLiteConnection
from warta.store.migrate import current_version, latest_version, migrate
from warta.store.sqlstore import SQLStore

BUSY_TIMEOUT_MS = 5000
# Pages a connection keeps in memory, in KiB (SQLite's default is 2 MiB): saving an article touches pages all over a
# large store's indexes (ids are hashes), and a load of the real-shaped archive ran 24 % faster with 64 MiB
# (bench/storeload.py at 12,400 articles: 59 -> 73 articles/s). Memory is taken only as pages are read.
CACHE_KIB = 65536


class SQLiteStore(SQLStore):
    """A `Store` in a SQLite database file, or ":memory:". A file this process cannot write (it, or its
    directory, is read-only) is opened read-only: every read works, a write is refused with the reason."""

    def __init__(self, path: str) -> None:
        self.path = path
        read_only = read_only_reason(path)
        super().__init__(SQLiteConnection(_connect(path, read_only), path, read_only))

    def __enter__(self) -> SQLiteStore:
        """The store itself."""
        return self


def read_only_reason(path: str) -> str | None:
    """Why an existing database file cannot be written by this process (its file or its directory is
    read-only), or None when it can be, or does not exist yet."""
    if path == ":memory:" or not os.path.isfile(path):
        return None
    if not os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
        return "its directory is read-only"
    if not os.access(path, os.W_OK):
        return "its file is read-only"
    return None


OPEN_ATTEMPTS = 3  # a new store opened by several processes at once can find it locked past the busy timeout


def _connect(path: str, read_only: str | None) -> sqlite3.Connection:
    """Open, check, configure and migrate a database, trying again when another opener holds it locked (a new
    store being migrated by another process); StoreError instead of sqlite3 tracebacks."""
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        try:
            return _connect_once(path, read_only)
        except StoreError as exc:
            if attempt == OPEN_ATTEMPTS or "database is locked" not in str(exc):
                raise
            time.sleep(0.5 * attempt)
    raise AssertionError("unreachable")


def _connect_once(path: str, read_only: str | None) -> sqlite3.Connection:
    """One attempt of `_connect`."""
    try:
        raw = _open_read_only(path, read_only) if read_only else _open(path)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from exc
    try:
        _configure(raw, path, read_only)
        _migrate(SQLiteConnection(raw, path, read_only), read_only)
    except sqlite3.Error as exc:
        raw.close()
        raise StoreError(f"{path}: cannot open the database ({exc})") from exc
    except BaseException:
        raw.close()
        raise
    return raw


def _open(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)


def _open_read_only(path: str, reason: str) -> sqlite3.Connection:
    """`mode=ro`. In a read-only directory, with no write-ahead log beside the file, SQLite cannot create the
    log's index, so the file is opened `immutable` too: nobody can change it there (any writer needs that
    directory for its log or journal)."""
    uri = "file:" + pathname2url(os.path.abspath(path)) + "?mode=ro"
    if reason.startswith("its directory") and not os.path.exists(path + "-wal"):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)


def _migrate(conn: SQLiteConnection, read_only: str | None) -> None:
    """Apply pending migrations; a read-only database must need none."""
    if not read_only:
        migrate(conn, steps=DATA_STEPS)
        return
    current, latest = current_version(conn), latest_version("sqlite")
    if current < latest:
        raise StoreError(
            f"{conn.label}: the database is read-only ({read_only}) and needs upgrading from schema version "
            f"{current} to {latest}; make it writable and open it once"
        )
    if current > latest:
        migrate(conn, steps=DATA_STEPS)  # says the schema is newer than this Warta knows


def _configure(conn: sqlite3.Connection, path: str, read_only: str | None = None) -> None:
    """Check the file is a SQLite database, then set WAL, foreign keys, the page cache and the busy timeout."""
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
            raise StoreError(f"{path}: cannot read the database ({exc}); check its permissions") from exc
        raise StoreError(f"{path}: not a Warta database ({exc})") from exc
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")  # a fixed integer, not user input
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = {-CACHE_KIB:d}")  # negative: KiB, not pages
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
