"""Versioned schema migrations: numbered SQL files, one folder per dialect, applied in order.

SQLite's are in `warta/store/migrations`, PostgreSQL's in `warta/store/migrations/postgresql`, with the same
version numbers and the same tables. A file `NNNN_name.sql` is schema version `NNNN`. Each pending file runs
inside one write transaction (one writer at a time: concurrent openers wait, then find it applied) together with
the row that records its version in `schema_migrations(version, applied_at)`, and with the version's data step,
if it has one: Python that fills what SQL alone cannot compute the way the write path does. The steps are the
caller's (`warta.store.backfill.DATA_STEPS`, which the openers pass): this runner knows none of the store's logic.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

from warta.errors import StoreError

if TYPE_CHECKING:
    from warta.store.connection import Connection, Dialect

# A data step: Python run after a version's SQL file, in its transaction (`warta.store.backfill`).
DataStep = Callable[["Connection"], None]

_FILE_NAME = re.compile(r"^(\d{4})_\w+\.sql$")

_CREATE_VERSIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
)
"""

# The tables of the connection's database (SQLite) or current schema (PostgreSQL).
_TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
}


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file."""

    version: int
    name: str
    sql: str


def _folder(dialect: Dialect) -> Traversable:
    folder = resources.files("warta.store.migrations")
    return folder if dialect == "sqlite" else folder.joinpath("postgresql")


def migrations(dialect: Dialect = "sqlite") -> list[Migration]:
    """Every migration file of a dialect shipped with the package, in version order."""
    found: list[Migration] = []
    for entry in _folder(dialect).iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def latest_version(dialect: Dialect = "sqlite") -> int:
    """The newest schema version this code knows."""
    known = migrations(dialect)
    return known[-1].version if known else 0


def statements(sql: str) -> list[str]:
    """Split a SQLite script into complete statements (trigger bodies stay whole)."""
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


def current_version(conn: Connection) -> int:
    """The schema version of an open database (0 for a new, empty one)."""
    tables = {row[0] for row in conn.execute(_TABLES[conn.dialect])}
    if "schema_migrations" not in tables:
        if tables:
            raise StoreError(f"{conn.label}: not a Warta database (it has tables but no schema_migrations)")
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: Connection, target: int | None = None, *, steps: Mapping[int, DataStep]) -> int:
    """Apply pending migrations in order, up to version `target` (default: all), each with its data step from
    `steps` (by version) if it has one; returns the schema version. StoreError if one fails."""
    known = [m for m in migrations(conn.dialect) if target is None or m.version <= target]
    latest = known[-1].version if known else 0
    current = current_version(conn)
    if current > latest:
        raise StoreError(
            f"{conn.label}: schema version {current} is newer than this Warta knows ({latest}); upgrade Warta"
        )
    for migration in known:
        if migration.version > current:
            _apply(conn, migration, steps.get(migration.version))
    return max(current, latest)


def _apply(conn: Connection, migration: Migration, step: DataStep | None) -> None:
    """Run one migration, then its data step, and record its version, all in one transaction (a no-op if already
    applied)."""
    try:
        with conn.transaction():
            conn.execute(_CREATE_VERSIONS)
            done = conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,))
            if done.fetchone() is None:
                conn.script(migration.sql)
                if step is not None:
                    step(conn)
                conn.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (migration.version, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
                )
    except conn.errors as exc:
        message = getattr(exc, "detail", None) or " ".join(str(exc).split())  # a DriverError names the database
        raise StoreError(f"{conn.label}: migration {migration.name} failed ({message})") from exc
