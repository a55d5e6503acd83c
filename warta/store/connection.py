"""What the store's SQL runs on: one small `Connection` protocol that SQLite and PostgreSQL connections satisfy.

The store's queries are written once, in SQLite's dialect with `?` and `:name` parameters, and run on either
backend; the PostgreSQL connection translates them (`warta.store.translate`), and the PostgreSQL migrations
define the few SQLite functions the queries use. Where the SQL truly differs (full-text search), code branches
on `Connection.dialect`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Literal, Protocol

from warta.store.migrate import statements

Dialect = Literal["sqlite", "postgresql"]
Params = Sequence[Any] | Mapping[str, Any]


class Rows(Protocol):
    """The result of one statement: a DB-API cursor."""

    def fetchone(self) -> Any:
        """The next row, or None."""

    def fetchall(self) -> list[Any]:
        """Every remaining row."""

    def __iter__(self) -> Iterator[Any]:
        """The remaining rows, one by one."""


class Connection(Protocol):
    """A database connection in autocommit mode: statements outside `transaction()` commit on their own."""

    @property
    def dialect(self) -> Dialect:
        """ "sqlite" or "postgresql": for the few statements that differ."""

    @property
    def label(self) -> str:
        """The database, as error messages name it (never a password)."""

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        """The driver's exception classes, for turning them into `StoreError`s."""

    def execute(self, sql: str, params: Params = ()) -> Rows:
        """Run one statement with `?` or `:name` parameters."""

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement for each parameter row; returns the number of rows changed."""

    def script(self, sql: str) -> None:
        """Run several statements without parameters (a migration file), inside the caller's transaction."""

    def transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction (one writer at a time): committed on exit, rolled back on any exception."""

    def pipeline(self) -> AbstractContextManager[None]:
        """Statements inside may be sent without waiting for each one's result (PostgreSQL's pipeline mode; no
        difference on SQLite): an error surfaces at the latest when the block ends."""

    def close(self) -> None:
        """Close the connection."""


def one_of(values: Sequence[object]) -> str:
    """`IN (?, ?, …)`: a placeholder per value, for a short list that is not empty (the ids of one article).
    Unlike `IN (SELECT value FROM json_each(?))`, it lets PostgreSQL's planner count the values."""
    if not values:
        raise ValueError("one_of: an empty list")
    return f"IN ({', '.join('?' * len(values))})"


class SQLiteConnection:
    """A `Connection` over the standard library's sqlite3 (opened with `isolation_level=None`)."""

    dialect: Dialect = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, raw: sqlite3.Connection, label: str) -> None:
        self.raw = raw
        self.label = label

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """Run one statement."""
        return self.raw.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement per row; returns the rows changed."""
        return self.raw.executemany(sql, rows).rowcount

    def script(self, sql: str) -> None:
        """Run the script's statements one by one (sqlite3's `executescript` would commit first)."""
        for statement in statements(sql):
            self.raw.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[SQLiteConnection]:
        """BEGIN IMMEDIATE (the write lock now, not at the first write) … COMMIT, or ROLLBACK on any exception."""
        self.raw.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        self.raw.execute("COMMIT")

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        """Nothing to do: SQLite runs in the process."""
        yield

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()
