"""PostgresStore: the store in a PostgreSQL database (psycopg 3), selected by a `postgresql://…` URL.

The queries are the SQLite store's, translated by the connection (`warta.store.translate`); the PostgreSQL
migrations (`migrations/postgresql`) create the same tables plus the few SQLite functions the queries use, and
full-text search uses PostgreSQL's own: `tsvector` columns with the `warta` configuration (Indonesian stemming,
accents removed through the `unaccent` extension). Statements are prepared and their parameters bound by the
server, except those with an untyped parameter (`? IS NULL`), bound on the client (`warta.store.translate`).

Writers take one advisory lock per transaction (`WRITE_LOCK`), the counterpart of SQLite's BEGIN IMMEDIATE:
identity resolution reads the stored persons before it writes, so two writers must not interleave. Readers
never wait. PostgreSQL text cannot hold NUL characters: they are stored as U+FFFD (the stored JSON document,
which escapes them, keeps them exactly).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from warta.errors import StoreError
from warta.store.backfill import DATA_STEPS
from warta.store.connection import Dialect, DriverError, GuardedRows, Params, driver_error
from warta.store.migrate import migrate
from warta.store.sqlstore import SQLStore
from warta.store.translate import client_binding, multi_row, to_postgres

WRITE_LOCK = 0x57415254  # "WART": the advisory lock key every write transaction holds
CONNECT_TIMEOUT_S = 10
MIN_SERVER_VERSION = 130000  # normalize(), anycompatible functions
MULTI_ROW = 500  # rows per multi-row INSERT (PostgreSQL takes at most 65,535 parameters per statement)


class PostgresConnection:
    """A `Connection` over psycopg in autocommit mode, running SQLite-dialect SQL."""

    dialect: Dialect = "postgresql"
    errors: tuple[type[Exception], ...] = (DriverError, psycopg.Error)
    _driver: tuple[type[Exception], ...] = (psycopg.Error,)

    def __init__(self, raw: psycopg.Connection[Any], label: str) -> None:
        self.raw = raw
        self.label = label

    def execute(self, sql: str, params: Params = ()) -> GuardedRows:
        """Run one statement (translated, parameters cleaned; bound by the server unless `client_binding`)."""
        translated = to_postgres(sql)
        cursor = psycopg.ClientCursor(self.raw) if client_binding(translated) else psycopg.Cursor(self.raw)
        try:
            return GuardedRows(cursor.execute(translated, _clean(params)), self._driver, self.label)
        except psycopg.Error as exc:
            raise driver_error(self.label, exc) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run the statement for every row; returns the rows changed. A plain insert goes as multi-row inserts of
        up to MULTI_ROW rows, anything else as one prepared statement per row, pipelined."""
        cleaned = [_clean(row) for row in rows]
        if not cleaned:
            return 0
        try:
            return self._executemany(to_postgres(sql), cleaned)
        except psycopg.Error as exc:
            raise driver_error(self.label, exc) from exc

    def _executemany(self, translated: str, cleaned: list[Params]) -> int:
        if multi_row(translated, 1) is None:
            with psycopg.Cursor(self.raw) as cursor:
                cursor.executemany(translated, cleaned)
                return max(0, cursor.rowcount)
        changed = 0
        for start in range(0, len(cleaned), MULTI_ROW):
            chunk = cleaned[start : start + MULTI_ROW]
            statement = multi_row(translated, len(chunk)) or translated
            values = [v for row in chunk for v in row]
            changed += max(0, psycopg.Cursor(self.raw).execute(statement, values).rowcount)
        return changed

    def script(self, sql: str) -> None:
        """Run a PostgreSQL script as it is (no parameters, no translation)."""
        try:
            self.raw.execute(sql.encode("utf-8"))
        except psycopg.Error as exc:
            raise driver_error(self.label, exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[PostgresConnection]:
        """BEGIN and the write lock … COMMIT, or ROLLBACK on any exception."""
        try:
            with self.raw.transaction():
                self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                yield self
        except psycopg.Error as exc:
            raise driver_error(self.label, exc) from exc

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        """psycopg's pipeline mode: statements are sent at once, results read when needed or at the end."""
        try:
            with self.raw.pipeline():
                yield
        except psycopg.Error as exc:
            raise driver_error(self.label, exc) from exc

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()


def _clean(params: Params) -> Params:
    """Parameters PostgreSQL accepts: NUL characters as U+FFFD, booleans as the 0/1 the schema stores."""
    if isinstance(params, Mapping):
        return {key: _value(value) for key, value in params.items()}
    return tuple(_value(value) for value in params)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, bool):
        return int(value)
    return value


class PostgresStore(SQLStore):
    """A `Store` in a PostgreSQL database (created tables and all on first open)."""

    def __init__(self, url: str) -> None:
        self.url = url
        label = url_label(url)
        self.pg = PostgresConnection(_connect(url, label), label)
        super().__init__(self.pg)

    def reusable(self) -> bool:
        """Whether another caller may use this store: its connection is open and outside any transaction
        (autocommit: a caller's `transaction()` has committed or rolled back)."""
        raw = self.pg.raw
        return not raw.closed and raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE

    def __enter__(self) -> PostgresStore:
        """The store itself."""
        return self


def url_label(url: str) -> str:
    """The URL without its password, for messages; StoreError if it is not a PostgreSQL URL."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise StoreError(f"{url.split('@')[-1]}: not a valid PostgreSQL URL ({_line(exc)})") from exc
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


def _connect(url: str, label: str) -> psycopg.Connection[Any]:
    """Connect, check the server and migrate; StoreError instead of psycopg tracebacks."""
    try:
        raw = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="warta",
        )
    except psycopg.Error as exc:
        raise StoreError(f"{label}: cannot connect ({_line(exc)})") from exc
    try:
        _check(raw, label)
        migrate(PostgresConnection(raw, label), steps=DATA_STEPS)
    except psycopg.Error as exc:
        raw.close()
        raise StoreError(f"{label}: cannot open the database ({_line(exc)})") from exc
    except BaseException:
        raw.close()
        raise
    return raw


def _check(raw: psycopg.Connection[Any], label: str) -> None:
    """StoreError unless the server is PostgreSQL 13 or newer with a UTF-8 database."""
    if raw.info.server_version < MIN_SERVER_VERSION:
        raise StoreError(f"{label}: PostgreSQL {raw.info.server_version // 10000} is too old; Warta needs 13 or newer")
    encoding = raw.info.parameter_status("server_encoding")
    if encoding != "UTF8":
        raise StoreError(f"{label}: the database encoding is {encoding}; create it with ENCODING 'UTF8'")


def _line(exc: BaseException) -> str:
    """An exception's message on one line."""
    return " ".join(str(exc).split())
