"""Versioned schema migrations: numbered SQL files in `warta/store/migrations`, applied in order.

A file `NNNN_name.sql` is schema version `NNNN`. Each pending file runs inside one transaction together
with the row that records its version in `schema_migrations(version, applied_at)`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

from warta.errors import StoreError

_FILE_NAME = re.compile(r"^(\d{4})_\w+\.sql$")

_CREATE_VERSIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file."""

    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration file shipped with the package, in version order."""
    found: list[Migration] = []
    for entry in resources.files("warta.store.migrations").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def latest_version() -> int:
    """The newest schema version this code knows."""
    known = migrations()
    return known[-1].version if known else 0


def statements(sql: str) -> list[str]:
    """Split a script into complete statements (trigger bodies stay whole)."""
    out: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not _only_comments(buffer):
        raise StoreError(f"incomplete SQL statement at the end of a migration: {buffer.strip()[:80]!r}")
    return out


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in text.splitlines())


def current_version(conn: sqlite3.Connection, label: str) -> int:
    """The schema version of an open database (0 for a new, empty one)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_migrations" not in tables:
        if tables:
            raise StoreError(f"{label}: not a Warta database (it has tables but no schema_migrations)")
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, label: str) -> int:
    """Apply pending migrations in order; returns the schema version. `conn` must be in autocommit mode."""
    known = migrations()
    latest = known[-1].version if known else 0
    current = current_version(conn, label)
    if current > latest:
        raise StoreError(f"{label}: schema version {current} is newer than this Warta knows ({latest}); upgrade Warta")
    for migration in known:
        if migration.version > current:
            _apply(conn, migration, label)
    return max(current, latest)


def _apply(conn: sqlite3.Connection, migration: Migration, label: str) -> None:
    """Run one migration and record its version, all in one transaction (a no-op if already applied)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_CREATE_VERSIONS)
        done = conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,))
        if done.fetchone() is None:
            for statement in statements(migration.sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                (migration.version,),
            )
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"{label}: migration {migration.name} failed ({exc})") from exc
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
