"""What the store's SQL runs on: one small `Connection` protocol that SQLite and PostgreSQL connections satisfy.

The store's queries are written once, in SQLite's dialect with `?` and `:name` parameters, and run on either
backend; the PostgreSQL connection translates them (`warta.store.translate`), and the PostgreSQL migrations
define the few SQLite functions the queries use. Where the SQL truly differs (full-text search), code branches
on `Connection.dialect`.

Both connections turn every driver exception (`sqlite3.Error`, `psycopg.Error`), from a statement, a fetch, a
transaction's begin or commit or a pipeline's end, into a `DriverError`: a `StoreError` of one line naming the
database, so that a damaged or unreachable database is one line for every caller, readers included.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import Any, Literal, Protocol

from warta.errors import StoreError
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


class DriverError(StoreError):
    """A database driver's error on one line, naming the database: `label: detail`."""

    def __init__(self, label: str, detail: str) -> None:
        super().__init__(f"{label}: {detail}")
        self.label = label
        self.detail = detail


def driver_error(label: str, exc: BaseException) -> DriverError:
    """The `DriverError` for a driver's exception (raise it `from exc`)."""
    return DriverError(label, detail(exc))


def detail(exc: BaseException) -> str:
    """An exception's message on one line; a `DriverError`'s without the database's name."""
    return exc.detail if isinstance(exc, DriverError) else " ".join(str(exc).split())


class GuardedRows:
    """A cursor whose fetches raise `DriverError` instead of the driver's exceptions (a damaged page can
    surface at any fetch, not only when the statement starts)."""

    __slots__ = ("_cursor", "_errors", "_label")

    def __init__(self, cursor: Any, errors: tuple[type[Exception], ...], label: str) -> None:
        self._cursor = cursor
        self._errors = errors
        self._label = label

    def fetchone(self) -> Any:
        """The next row, or None."""
        try:
            return self._cursor.fetchone()
        except self._errors as exc:
            raise driver_error(self._label, exc) from exc

    def fetchall(self) -> list[Any]:
        """Every remaining row."""
        try:
            return list(self._cursor.fetchall())
        except self._errors as exc:
            raise driver_error(self._label, exc) from exc

    def __iter__(self) -> Iterator[Any]:
        """The remaining rows, one by one."""
        rows = iter(self._cursor)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except self._errors as exc:
                raise driver_error(self._label, exc) from exc
            yield row


def one_of(values: Sequence[object]) -> str:
    """`IN (?, ?, …)`: a placeholder per value, for a short list that is not empty (the ids of one article).
    Unlike `IN (SELECT value FROM json_each(?))`, it lets PostgreSQL's planner count the values."""
    if not values:
        raise ValueError("one_of: an empty list")
    return f"IN ({', '.join('?' * len(values))})"


class SQLiteConnection:
    """A `Connection` over the standard library's sqlite3 (opened with `isolation_level=None`)."""

    dialect: Dialect = "sqlite"
    errors: tuple[type[Exception], ...] = (DriverError, sqlite3.Error)
    _driver: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, raw: sqlite3.Connection, label: str, read_only: str | None = None) -> None:
        self.raw = raw
        self.label = label
        self.read_only = read_only  # why the database was opened read-only (`mode=ro`), else None

    def execute(self, sql: str, params: Params = ()) -> GuardedRows:
        """Run one statement."""
        try:
            return GuardedRows(self.raw.execute(sql, params), self._driver, self.label)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement per row; returns the rows changed."""
        try:
            return self.raw.executemany(sql, rows).rowcount
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _error(self, exc: sqlite3.Error) -> DriverError:
        """The `DriverError` of a driver's exception; a write to a read-only database says why it is one."""
        if self.read_only and getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
            return self.refuse_write()
        return driver_error(self.label, exc)

    def refuse_write(self) -> DriverError:
        """Why nothing can be written to this read-only database, as an error of one line."""
        return DriverError(
            self.label,
            f"the database is read-only ({self.read_only}): it can be read but not written; make it writable "
            "to ingest, crawl, curate or create tokens",
        )

    def script(self, sql: str) -> None:
        """Run the script's statements one by one (sqlite3's `executescript` would commit first)."""
        for statement in statements(sql):
            self.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[SQLiteConnection]:
        """BEGIN IMMEDIATE (the write lock now, not at the first write) … COMMIT, or ROLLBACK on any exception
        (unless SQLite already rolled back, as it does after some errors: a failing ROLLBACK would hide them).
        On a database opened read-only, DriverError saying so before anything starts."""
        if self.read_only:
            raise self.refuse_write()
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self.raw.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise driver_error(self.label, exc) from exc

    def _rollback(self) -> None:
        if self.raw.in_transaction:  # the original error is the one to report, not a failing ROLLBACK
            with suppress(sqlite3.Error):
                self.raw.execute("ROLLBACK")

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        """Nothing to do: SQLite runs in the process."""
        yield

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()
