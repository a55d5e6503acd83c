"""SQLiteStore: the store in one SQLite file (standard-library sqlite3, WAL journal, FTS5 search)."""

from __future__ import annotations

import sqlite3

from warta.errors import StoreError
from warta.ids import normalize_key
from warta.store.connection import SQLiteConnection
from warta.store.migrate import migrate
from warta.store.sqlstore import SQLStore

BUSY_TIMEOUT_MS = 5000


def _fold(value: object) -> str | None:
    return normalize_key(value) if isinstance(value, str) else None


class SQLiteStore(SQLStore):
    """A `Store` in a SQLite database file, or ":memory:"."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(SQLiteConnection(_connect(path), path))

    def __enter__(self) -> SQLiteStore:
        """The store itself."""
        return self


def _connect(path: str) -> sqlite3.Connection:
    """Open, check, configure and migrate a database; StoreError instead of sqlite3 tracebacks."""
    try:
        raw = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from exc
    try:
        _configure(raw, path)
        migrate(SQLiteConnection(raw, path))
    except sqlite3.Error as exc:
        raw.close()
        raise StoreError(f"{path}: cannot open the database ({exc})") from exc
    except BaseException:
        raw.close()
        raise
    return raw


def _configure(conn: sqlite3.Connection, path: str) -> None:
    """Check the file is a SQLite database, then set WAL, foreign keys and the busy timeout."""
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a Warta database ({exc})") from exc
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")  # a fixed integer, not user input
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.create_function("warta_fold", 1, _fold, deterministic=True)
