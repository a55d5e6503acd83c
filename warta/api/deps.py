"""The database of a running app: a store opened per call, in the thread that uses it.

SQLite connections belong to the thread that opened them, and FastAPI runs each synchronous endpoint in a
worker thread of its own choosing. So the app keeps only the database path (`Db`), and every request opens
its own `SQLiteStore` inside the endpoint's thread, runs its queries and closes it (`Db.call`). Opening costs
about a millisecond; WAL lets these readers run beside a writer (a crawl or ingest) on the same file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from fastapi import Request

from warta.store.sqlite import SQLiteStore

P = ParamSpec("P")
T = TypeVar("T")


class Db:
    """The database path of an app; `call` runs a query function on a store opened for that call."""

    def __init__(self, path: str) -> None:
        self.path = path

    def call(self, fn: Callable[Concatenate[SQLiteStore, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(store, *args, **kwargs)` on a freshly opened store, closed afterwards."""
        with SQLiteStore(self.path) as store:
            return fn(store, *args, **kwargs)


def get_db(request: Request) -> Db:
    """The app's `Db` (a FastAPI dependency)."""
    db: Db = request.app.state.db
    return db
